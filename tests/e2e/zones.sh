#!/usr/bin/env bash
# zones.csv: each service's availability per zone. On the zone outage lesson (failZone b at
# 2m5s during a rollout, pods spread over three zones) web's zone b is available for part of
# the run only while a and c always hold a pod; the zones' time-mean available pods add up to
# the service's mean available pods (timeseries.csv, sampled every second); one row per
# (service, zone); a cluster without zones writes the header only.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

"$DEPLOYSIM" run scenarios/zone-outage.json -o "$tmp/z" --quiet || fail "zone-outage did not run"
z="$tmp/z/zones.csv"
[ "$(head -n 1 "$z")" = "scenario,seed,service,namespace,zone,availability,mean_available,min_available,max_available" ] ||
    fail "zones.csv header: $(head -n 1 "$z")"
# a scenario name may hold a comma: read the fields from the right
row() { awk -F, -v s="$1" -v zn="$2" '$(NF-6) == s && $(NF-4) == zn { print $(NF-3), $(NF-2), $(NF-1), $NF }' "$z"; }
services=$(awk -F, 'NR > 1 { print $3 }' "$tmp/z/summary.csv" | sort -u | wc -l)
zones=$(awk -F, 'NR > 1 && $NF != "" { print $NF }' "$tmp/z/nodes.csv" | sort -u | wc -l)
[ "$(($(wc -l < "$z") - 1))" = "$((services * zones))" ] || fail "zones.csv: not one row per service and zone"
read -r ab mb minb maxb <<<"$(row web b)"
awk -v a="$ab" 'BEGIN { exit !(a > 0 && a < 1) }' || fail "web zone b availability $ab: the outage is not seen"
[ "$minb" = 0 ] || fail "web zone b never lost its pods (min $minb)"
for zn in a c; do
    read -r a m mn mx <<<"$(row web "$zn")"
    [ "$a" = 1.000000 ] || fail "web zone $zn availability $a"
done
sum=$(awk -F, '$(NF-6) == "web" { s += $(NF-2) } END { printf "%.3f", s }' "$z")
mean=$(awk -F, 'NR > 1 && $2 == "web" { n++; s += $12 } END { printf "%.3f", s / n }' "$tmp/z/timeseries.csv")
awk -v a="$sum" -v b="$mean" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.02 * b) }' ||
    fail "web: zones' mean available $sum vs the service's $mean"

"$DEPLOYSIM" run scenarios/rolling-update.json -o "$tmp/r" --quiet
[ "$(wc -l < "$tmp/r/zones.csv")" = 1 ] || fail "zones.csv has rows without zones"
echo ok
