#!/usr/bin/env bash
# Spot capacity, read from the CSVs of the spot lesson and its on-demand twin: an interruption
# notice cordons and drains the node (kubectl drain's budget-respecting evictions), the
# cluster autoscaler adds an on-demand node for the evicted pod, the Node is deleted when the
# notice ends and a fixed-size spot pool starts a new instance; with the PodDisruptionBudget
# (maxUnavailable 1) no more than one pod is ever unavailable and no request fails; the spot
# cluster costs less than the on-demand one with the same seed (common random numbers).
set -euo pipefail
source "$(dirname "$0")/common.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$DEPLOYSIM" run scenarios/spot.json -o "$tmp/spot" --quiet
"$DEPLOYSIM" run scenarios/spot-on-demand.json -o "$tmp/od" --quiet
ev="$tmp/spot/events.csv"
n=$(grep -c ',Warning,SpotInterruption,Node/spot-' "$ev")
[ "$n" -ge 3 ] || fail "only $n interruptions"
# every notice: cordoned at once, Node deleted exactly 120 s later, a new spot node follows
while IFS=, read -r t _ _ obj _; do
    node=${obj#Node/}
    grep -q "^$t,Normal,NodeNotSchedulable,Node/$node," "$ev" || fail "$node not cordoned at $t"
    end=$(awk -v t="$t" 'BEGIN { printf "%.3f", t + 120 }')
    [ "$(awk -v e="$end" 'BEGIN { print (e > 1800) }')" = 1 ] && continue
    grep -q "^$end,Normal,DeletingNode,Node/$node," "$ev" || fail "$node not deleted at $end"
done < <(grep ',SpotInterruption,' "$ev")
[ "$(grep -c ',NodeReady,Node/spot-' "$ev")" -ge 1 ] || fail "no replacement spot node"
grep -q 'TriggeredScaleUp,Pod/web-.*ondemand 0->1' "$ev" || fail "no on-demand fallback node"
# the drain respected the budget: a refused eviction while the first replacement started
grep -q 'eviction refused' "$tmp/spot/decisions.csv" || fail "no eviction refused by the budget"
[ "$(col "$tmp/spot/summary.csv" web min_available)" -ge 5 ] || fail "more than one pod unavailable"
[ "$(col "$tmp/spot/summary.csv" web failed)" -eq 0 ] || fail "failed requests on spot"
cs=$(col "$tmp/spot/summary.csv" web cost)
co=$(col "$tmp/od/summary.csv" web cost)
awk -v s="$cs" -v o="$co" 'BEGIN { exit !(s < o) }' || fail "spot $cs not cheaper than on-demand $co"
# without the budget the drain evicts both pods of the node at once
sed 's/"podDisruptionBudget": {"maxUnavailable": 1},//' scenarios/spot.json >"$tmp/nopdb.json"
"$DEPLOYSIM" run "$tmp/nopdb.json" -o "$tmp/nopdb" --quiet
grep -q 'eviction refused' "$tmp/nopdb/decisions.csv" && fail "refused evictions without a budget"
[ "$(col "$tmp/nopdb/summary.csv" web min_available)" -le 4 ] || fail "no budget, yet never 2 pods down"
echo "spot: notice, drain, fallback, termination and cost as expected"
