#!/usr/bin/env bash
# compare and run --replications: the table, compare.csv, paired differences, common random
# numbers (two scenarios differing only in strategy see the same arrivals), replication
# statistics checked against values computed here with awk, and error reporting.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
short=(--set duration=90s)

# --- common random numbers: same seed, different strategy -> identical arrivals ----------
"$DEPLOYSIM" run scenarios/recreate.json "${short[@]}" --seed 3 -o "$tmp/crn-re" -q
"$DEPLOYSIM" run scenarios/rolling-update.json "${short[@]}" --seed 3 -o "$tmp/crn-ru" -q
"$DEPLOYSIM" run scenarios/rolling-update.json "${short[@]}" --seed 4 -o "$tmp/crn-ru4" -q
cut -d, -f1-3 "$tmp/crn-re/timeseries.csv" >"$tmp/offered-re"
cut -d, -f1-3 "$tmp/crn-ru/timeseries.csv" >"$tmp/offered-ru"
cut -d, -f1-3 "$tmp/crn-ru4/timeseries.csv" >"$tmp/offered-ru4"
[ "$(wc -l <"$tmp/offered-re")" -gt 80 ] || fail "timeseries.csv too short"
cmp -s "$tmp/offered-re" "$tmp/offered-ru" || fail "offered_rps differs between strategies with the same seed"
! cmp -s "$tmp/offered-ru" "$tmp/offered-ru4" || fail "offered_rps does not depend on the seed"
# ...while what the strategy changes does differ
! cmp -s <(cut -d, -f5 "$tmp/crn-re/timeseries.csv") <(cut -d, -f5 "$tmp/crn-ru/timeseries.csv") ||
    fail "failed_rps identical under Recreate and RollingUpdate"

# --- compare with replications --------------------------------------------------------
"$DEPLOYSIM" compare scenarios/recreate.json scenarios/rolling-update.json --replications 5 \
    "${short[@]}" -j 2 -o "$tmp/cmp" >"$tmp/cmp.out"
grep -q "^failed requests " "$tmp/cmp.out" || fail "no failed-requests row in the table"
grep -q "B-A (paired)" "$tmp/cmp.out" || fail "no paired-difference column"
grep -q "seeds 1..5" "$tmp/cmp.out" || fail "table does not name the seeds"
csv="$tmp/cmp/compare.csv"
[ "$(head -1 "$csv")" = "scenario,service,metric,replications,mean,ci95_low,ci95_high,diff,diff_ci95_low,diff_ci95_high,namespace" ] ||
    fail "compare.csv header: $(head -1 "$csv")"
[ "$(wc -l <"$csv")" -eq 43 ] || fail "compare.csv: expected 42 rows (2 scenarios x 21 metrics: the lessons carry an slo), got $(($(wc -l <"$csv") - 1))"
# the first scenario is the reference: its diff columns are blank
awk -F, 'NR > 1 && $1 ~ /^Recreate/ && ($8 != "" || $9 != "" || $10 != "") { exit 1 }' "$csv" ||
    fail "the first scenario has a diff"
# RollingUpdate - Recreate: fewer failed requests, an interval that excludes 0
awk -F, '$1 ~ /^RollingUpdate/ && $3 == "failed" { found = 1; if (!($8 < 0 && $10 < 0 && $9 <= $8)) exit 1 }
         END { if (!found) exit 1 }' "$csv" || fail "paired difference of failed requests does not exclude 0"
# same arrivals in both: the paired difference of requests is exactly 0
awk -F, '$1 ~ /^RollingUpdate/ && $3 == "requests" { if ($8 != "0.000" || $9 != "0.000" || $10 != "0.000") exit 1 }' "$csv" ||
    fail "requests differ between the scenarios (common random numbers broken)"
# every interval contains its mean; every row used 5 replications (no latency blank here)
awk -F, 'NR > 1 && ($4 != 5 || $6 > $5 || $7 < $5) { exit 1 }' "$csv" || fail "an interval does not contain its mean"

# one replication: no intervals, but a difference
"$DEPLOYSIM" compare scenarios/recreate.json scenarios/rolling-update.json "${short[@]}" -o "$tmp/cmp1" -q
awk -F, 'NR > 1 && ($4 != 1 || $6 != "" || $7 != "" || $9 != "" || $10 != "") { exit 1 }' "$tmp/cmp1/compare.csv" ||
    fail "one replication: interval columns not blank"
awk -F, '$1 ~ /^RollingUpdate/ && $3 == "failed" { if (!($8 < 0)) exit 1 }' "$tmp/cmp1/compare.csv" ||
    fail "one replication: no difference"

# bad input: exit 2, nothing written
set +e
"$DEPLOYSIM" compare scenarios/recreate.json -o "$tmp/bad1" 2>/dev/null; rc=$?
[ $rc -eq 2 ] || fail "compare with one scenario: exit $rc"
"$DEPLOYSIM" compare scenarios/recreate.json "$tmp/missing.json" -o "$tmp/bad2" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] || fail "compare with a missing file: exit $rc"
[ ! -e "$tmp/bad2" ] || fail "compare wrote output for bad input"
grep -q "missing.json" "$tmp/err" || fail "no message naming the missing file"

# --- run --replications: summary.csv against statistics computed here --------------------
"$DEPLOYSIM" run scenarios/recreate.json "${short[@]}" --replications 3 --seed 10 -o "$tmp/reps" >"$tmp/reps.out"
for r in 1 2 3; do
    [ -f "$tmp/reps/rep-$r/timeseries.csv" ] || fail "rep-$r has no timeseries.csv"
    [ "$(awk -F, 'NR == 2 { print $2 }' "$tmp/reps/rep-$r/summary.csv")" = $((9 + r)) ] || fail "rep-$r: seed"
done
grep -q "mean ± 95% CI" "$tmp/reps.out" || fail "run --replications prints no intervals"
sum="$tmp/reps/summary.csv"
head -1 "$sum" | grep -q '^scenario,seed,service,requests,served,failed,availability,mean_ms,p50_ms,p99_ms,downtime_s,rollout_s,max_pods,min_available,node_hours,cost,scale_s,pods_per_node,budget_used,burn_1h_5m,burn_6h_30m,latency_budget_used,latency_burn_1h_5m,latency_burn_6h_30m,requests_ci95,' ||
    fail "summary.csv header: $(head -1 "$sum")"
head -1 "$sum" | grep -q ',latency_burn_6h_30m_ci95,namespace$' || fail "summary.csv: namespace is not the last column"
[ "$(awk -F, 'NR == 2 { print $2 }' "$sum")" = 10 ] || fail "summary.csv seed is not the first replication's"
# mean and t-based half-width of `failed` (column 6, its _ci95 column found by name)
# near: two numbers agree to the printed precision (0.001 here)
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 0.0015 && d >= -0.0015) }'; }
# mean and t half-width of stdin's numbers, one a line (t(0.975, 2) = 4.302652730: n = 3)
mean_ci() { awk '{ x[n++] = $1 } END { for (i = 0; i < n; i++) m += x[i]; m /= n
                  for (i = 0; i < n; i++) ss += (x[i] - m) ^ 2
                  printf "%.6f %.6f\n", m, 4.302652730 * sqrt(ss / (n - 1)) / sqrt(n) }'; }
read -r m h < <(cat "$tmp"/reps/rep-*/summary.csv | awk -F, '$3 == "web" { print $6 }' | mean_ci)
read -r gm gh < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $6, $c["failed_ci95"] }' "$sum")
near "$gm" "$m" && near "$gh" "$h" || fail "failed mean/ci95: got $gm ± $gh, expected $m ± $h"

# compare's paired difference against the replications of each scenario, paired here by seed
"$DEPLOYSIM" run scenarios/rolling-update.json "${short[@]}" --replications 3 --seed 10 -o "$tmp/reps-ru" -q
"$DEPLOYSIM" compare scenarios/recreate.json scenarios/rolling-update.json --replications 3 --seed 10 \
    "${short[@]}" -o "$tmp/cmp3" -q
for col in 6:failed 5:served 10:p99_ms; do
    n=${col%%:*} metric=${col#*:}
    read -r m h < <(for r in 1 2 3; do
        a=$(awk -F, -v c="$n" 'NR == 2 { print $c }' "$tmp/reps/rep-$r/summary.csv")
        b=$(awk -F, -v c="$n" 'NR == 2 { print $c }' "$tmp/reps-ru/rep-$r/summary.csv")
        awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f\n", b - a }'
    done | mean_ci)
    read -r gd glo ghi < <(awk -F, -v k="$metric" '$1 ~ /^RollingUpdate/ && $3 == k { print $8, $9, $10 }' "$tmp/cmp3/compare.csv")
    near "$gd" "$m" && near "$glo" "$(awk -v m="$m" -v h="$h" 'BEGIN { printf "%.6f", m - h }')" &&
        near "$ghi" "$(awk -v m="$m" -v h="$h" 'BEGIN { printf "%.6f", m + h }')" ||
        fail "paired $metric: got $gd [$glo, $ghi], expected $m ± $h"
done

# one failed replication (its worker killed): reported with its seed, the others complete,
# exit 1. With -j 1 the workers run one after another: the second child is replication 2.
"$DEPLOYSIM" run scenarios/recreate.json --set duration=60m --replications 3 -j 1 -o "$tmp/blocked" -q 2>"$tmp/err" &
pid=$!
first=""
for _ in $(seq 1 3000); do
    kids=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null || true)
    for k in $kids; do
        if [ -z "$first" ]; then first=$k; elif [ "$k" != "$first" ]; then kill -9 "$k"; break 2; fi
    done
    sleep 0.01
done
set +e
wait "$pid"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a failed replication: exit $rc"
grep -q "replication 2 (seed 2): the run crashed (signal 9" "$tmp/err" || fail "the failed replication is not named: $(cat "$tmp/err")"
[ -f "$tmp/blocked/rep-1/summary.csv" ] && [ -f "$tmp/blocked/rep-3/summary.csv" ] || fail "other replications did not run"
[ ! -e "$tmp/blocked/rep-2" ] || fail "the failed replication left a directory"
[ "$(wc -l <"$tmp/blocked/summary.csv")" -eq 2 ] || fail "no summary over the replications that ran"

# the same service name in two namespaces: two services in compare.csv, the table and the
# replications' summary, each with its own traffic (10 vs 30 req/s over 60 s)
ns=tests/scenarios/two-namespaces.json
"$DEPLOYSIM" compare "$ns" "$ns" --replications 3 -o "$tmp/ns" >"$tmp/ns.out"
grep -q '^service shop/web ' "$tmp/ns.out" && grep -q '^service blog/web ' "$tmp/ns.out" ||
    fail "compare's table does not tell shop/web from blog/web"
req() { awk -F, -v ns="$1" '$3 == "requests" && $NF == ns && $1 ~ /^two/ { print int($5); exit }' "$tmp/ns/compare.csv"; }
shop=$(req shop) blog=$(req blog)
[ "$shop" -gt 450 ] && [ "$shop" -lt 750 ] && [ "$blog" -gt 1500 ] && [ "$blog" -lt 2100 ] ||
    fail "compare.csv mixed the namespaces: shop/web $shop, blog/web $blog requests (want ~600, ~1800)"
"$DEPLOYSIM" run "$ns" --replications 3 -o "$tmp/nsreps" -q
[ "$(awk -F, 'NR > 1 { print $3 "/" $NF }' "$tmp/nsreps/summary.csv" | tr '\n' ' ')" = "web/shop web/blog " ] ||
    fail "replications' summary: $(cut -d, -f3 "$tmp/nsreps/summary.csv" | tr '\n' ' ')"
echo "batch_compare: ok"
