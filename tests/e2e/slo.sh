#!/usr/bin/env bash
# SLOs: the error budget and the peak multiwindow burn rates in summary.csv are what the SRE
# workbook's formulas give from timeseries.csv (recomputed by hand in slo_check.py), and the
# lesson pair tells them apart: Recreate's downtime pages (fast burn far above 14.4, the
# workbook's page threshold for a 30-day window), RollingUpdate spends nothing.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
here=$(dirname "$0")

for lesson in recreate rolling-update; do
    "$DEPLOYSIM" run "scenarios/$lesson.json" -o "$tmp/$lesson" -q
    python3 "$here/slo_check.py" "$tmp/$lesson" web 0.999 0.99 2592000 || fail "$lesson: SLO columns"
done
# a run longer than the short windows (40 min: 5 m and 30 m slide), and the fluid model
"$DEPLOYSIM" run scenarios/recreate.json --set duration=40m -o "$tmp/long" -q
python3 "$here/slo_check.py" "$tmp/long" web 0.999 0.99 2592000 || fail "40-minute run: SLO columns"
"$DEPLOYSIM" run scenarios/recreate.json --set fidelity=fluid -o "$tmp/fluid" -q
python3 "$here/slo_check.py" "$tmp/fluid" web 0.999 0.99 2592000 || fail "fluid: SLO columns"
# two hours (fluid, fast): the 1 h long window slides too
"$DEPLOYSIM" run scenarios/recreate.json --set fidelity=fluid --set duration=2h -o "$tmp/2h" -q
python3 "$here/slo_check.py" "$tmp/2h" web 0.999 0.99 2592000 || fail "2-hour run: SLO columns"
awk -v b="$(col "$tmp/recreate/summary.csv" web burn_1h_5m)" 'BEGIN { exit !(b > 14.4) }' ||
    fail "recreate: a 3.6 % error burst should burn faster than the 14.4 page threshold"
[ "$(col "$tmp/rolling-update/summary.csv" web budget_used)" = 0.000000 ] ||
    fail "rolling-update spent error budget"
# a service without an slo has blank SLO columns; compare leaves their rows out
"$DEPLOYSIM" run tests/scenarios/two-namespaces.json -o "$tmp/none" -q
[ -z "$(col "$tmp/none/summary.csv" web budget_used)" ] || fail "budget_used without an slo"
# a longer window makes the same run a smaller share of its budget (7d vs 30d: x 30/7)
"$DEPLOYSIM" run scenarios/recreate.json --set 'services[0].slo.window=7d' -o "$tmp/week" -q
awk -v a="$(col "$tmp/recreate/summary.csv" web budget_used)" \
    -v b="$(col "$tmp/week/summary.csv" web budget_used)" \
    'BEGIN { r = b / a; exit !(r > 4.28 && r < 4.29) }' || fail "budget_used does not scale with the window"
# bad objectives are refused with their path
for bad in 'services[0].slo.availability="100%"' 'services[0].slo.window="2s"' 'services[0].slo={}'; do
    set +e
    "$DEPLOYSIM" run scenarios/recreate.json --set "$bad" -o "$tmp/bad" 2>"$tmp/err"
    rc=$?
    set -e
    [ $rc -eq 2 ] && grep -q 'services\[0\].slo' "$tmp/err" && [ ! -e "$tmp/bad" ] ||
        fail "--set $bad: exit $rc, $(cat "$tmp/err")"
done
echo "slo: ok"
