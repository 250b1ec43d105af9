#!/usr/bin/env bash
# Rollout actions end to end through the CLI: promote with "full": true (Argo's
# promote --full) on tests/scenarios/promote-full.json, restart on tests/scenarios/restart.json.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

"$DEPLOYSIM" run tests/scenarios/promote-full.json -o "$tmp/pf" --quiet || fail "promote-full did not run"
ev="$tmp/pf/events.csv"
done_at=$(awk -F, '$3 == "RolloutCompleted" && /Full promotion requested/ { print $1 }' "$ev")
[ -n "$done_at" ] || fail "promote-full: no RolloutCompleted (Full promotion requested)"
awk -v t="$done_at" 'BEGIN { exit !(t > 40 && t < 60) }' || fail "promote-full: completed at $done_at"
grep -q 'RolloutStepCompleted,Rollout/web,Rollout step 3/4' "$ev" && fail "promote-full: the 50% step ran"
[ "$(grep -c ',AnalysisRunRunning,' "$ev")" = 1 ] || fail "promote-full: a new AnalysisRun was started"
# the Ingress weight held at 20 until the promotion, then everything to the new stable
grep -q 'TrafficWeightUpdated,Rollout/web,Traffic weight updated from 20 to 50' "$ev" &&
    fail "promote-full: the weight went through 50"
awk -F, '$2 == "web" { last[$4] = $5 "/" $8 } END { exit !(last["v2"] == "5/5") }' "$tmp/pf/replicasets.csv" ||
    fail "promote-full: v2 is not 5/5"
[ "$(col "$tmp/pf/summary.csv" web failed)" = 0 ] || fail "promote-full: requests failed"

"$DEPLOYSIM" run tests/scenarios/restart.json -o "$tmp/rs" --quiet || fail "restart did not run"
rs="$tmp/rs/replicasets.csv"
# web: a second ReplicaSet (revision 2) of v1 takes all four pods; the first goes to 0
awk -F, '$2 == "web" { last[$3] = $4 "/" $5 } END { exit !(last[1] == "v1/0" && last[2] == "v1/4") }' "$rs" ||
    fail "restart: web's revision 2 of v1 does not hold the pods"
# shop: no new ReplicaSet, four evictions, every pod newer than 30 s
[ "$(awk -F, '$2 == "shop" { print $3 }' "$rs" | sort -u | wc -l)" = 1 ] || fail "restart: shop got a ReplicaSet"
[ "$(grep -c ',rollout,Rollout/shop,restart pod,' "$tmp/rs/decisions.csv")" = 4 ] ||
    fail "restart: shop did not evict its four pods"
for s in web shop; do
    [ "$(col "$tmp/rs/summary.csv" "$s" failed)" = 0 ] || fail "restart: $s failed requests"
    [ "$(col "$tmp/rs/summary.csv" "$s" min_available)" -ge 3 ] || fail "restart: $s lost availability"
done
echo ok
