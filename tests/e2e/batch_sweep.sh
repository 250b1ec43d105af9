#!/usr/bin/env bash
# sweep and merge: sweep.csv's columns and order, -j 1 and -j 2 byte-identical, the JSON-array
# form of --vary, common random numbers across points, 3 shards merged = the unsharded file,
# run --replications shards merged = the unsharded directory, a bad point reported with its
# index while the others complete.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sc=scenarios/rolling-update.json
surge='services[0].strategy.rollingUpdate.maxSurge'
args=(--vary "$surge=0,25%,50%" --vary 'services[0].replicas=4,6' --replications 2 --set duration=60s -q)

"$DEPLOYSIM" sweep "$sc" "${args[@]}" -j 1 -o "$tmp/j1"
"$DEPLOYSIM" sweep "$sc" "${args[@]}" -j 2 -o "$tmp/j2"
cmp "$tmp/j1/sweep.csv" "$tmp/j2/sweep.csv" || fail "-j 1 and -j 2 differ"
csv="$tmp/j1/sweep.csv"
[ "$(head -1 "$csv")" = "point,replication,seed,$surge,services[0].replicas,service,requests,served,failed,availability,mean_ms,p50_ms,p99_ms,downtime_s,rollout_s,max_pods,min_available,node_hours,cost,scale_s,pods_per_node,namespace,budget_used,burn_1h_5m,burn_6h_30m,latency_budget_used,latency_burn_1h_5m,latency_burn_6h_30m" ] ||
    fail "sweep.csv header: $(head -1 "$csv")"
# 3 x 2 points x 2 replications x 1 service, in cartesian order, the last --vary fastest
[ "$(awk -F, 'NR > 1 { printf "%s/%s/%s/%s/%s ", $1, $2, $3, $4, $5 }' "$csv")" = \
  "1/1/1/0/4 1/2/2/0/4 2/1/1/0/6 2/2/2/0/6 3/1/1/25%/4 3/2/2/25%/4 4/1/1/25%/6 4/2/2/25%/6 5/1/1/50%/4 5/2/2/50%/4 6/1/1/50%/6 6/2/2/50%/6 " ] ||
    fail "order of sweep.csv: $(cut -d, -f1-5 "$csv" | tr '\n' ' ')"
# each row's summary columns read like a run's summary.csv of the same point and seed
"$DEPLOYSIM" run "$sc" --set duration=60s --set "$surge=25%" --set 'services[0].replicas=6' --seed 2 -o "$tmp/one" -q
# (summary.csv from `service` on, namespace included: one table writes both)
[ "$(sed -n 2p "$tmp/one/summary.csv" | cut -d, -f3-)" = "$(awk -F, '$1 == 4 && $2 == 2' "$csv" | cut -d, -f6-)" ] ||
    fail "sweep row differs from the same run's summary.csv"
# common random numbers: replication r sees the same arrivals at every point
[ "$(awk -F, 'NR > 1 && $2 == 1 { print $7 }' "$csv" | sort -u | wc -l)" -eq 1 ] ||
    fail "requests differ between points of one replication"
# maxSurge changes the rollout: peak pods grow with it
awk -F, 'NR > 1 && $5 == 6 && $2 == 1 { p[$4] = $16 } END { if (!(p["0"] < p["50%"])) exit 1 }' "$csv" ||
    fail "maxSurge has no effect on peak pods"

# the JSON-array form gives the same file
"$DEPLOYSIM" sweep "$sc" --vary "$surge=[0,\"25%\",\"50%\"]" --vary 'services[0].replicas=[4,6]' \
    --replications 2 --set duration=60s -q -o "$tmp/json"
cmp "$csv" "$tmp/json/sweep.csv" || fail "JSON-array --vary differs from V1,V2,..."

# sharded three ways (merged in any order) = unsharded, byte for byte
for k in 1 2 3; do "$DEPLOYSIM" sweep "$sc" "${args[@]}" -j 1 --shard "$k/3" -o "$tmp/shard$k"; done
[ "$(tail -n +2 "$tmp/shard2/sweep.csv" | cut -d, -f1 | sort -u | tr '\n' ' ')" = "3 4 " ] || fail "shard 2/3 ran the wrong points"
"$DEPLOYSIM" merge "$tmp/shard3" "$tmp/shard1" "$tmp/shard2" -o "$tmp/merged" -q
diff -r "$tmp/merged" "$tmp/j1" || fail "merged shards differ from the unsharded sweep"
set +e
"$DEPLOYSIM" merge "$tmp/shard1" "$tmp/shard3" -o "$tmp/partial" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "shard 2/3 is missing" "$tmp/err" || fail "merge without shard 2: exit $rc, $(cat "$tmp/err")"

# run --replications sharded two ways, merged = unsharded (every rep-R/ file and summary.csv)
rargs=(scenarios/recreate.json --set duration=60s --replications 5 --seed 7 -q)
"$DEPLOYSIM" run "${rargs[@]}" -o "$tmp/runfull"
"$DEPLOYSIM" run "${rargs[@]}" --shard 1/2 -o "$tmp/run1"
"$DEPLOYSIM" run "${rargs[@]}" --shard 2/2 -o "$tmp/run2"
"$DEPLOYSIM" merge "$tmp/run2" "$tmp/run1" -o "$tmp/runmerged" -q
diff -r "$tmp/runmerged" "$tmp/runfull" || fail "merged replications differ from the unsharded run"

# a point that fails validation: reported with its index and value, the others run, exit 1
set +e
"$DEPLOYSIM" sweep "$sc" --vary 'services[0].replicas=4,-1,6' --set duration=60s -q -o "$tmp/bad" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a bad point: exit $rc"
grep -q "point 2 (services\[0\].replicas=-1)" "$tmp/err" || fail "bad point not named: $(cat "$tmp/err")"
[ "$(tail -n +2 "$tmp/bad/sweep.csv" | cut -d, -f1 | tr '\n' ' ')" = "1 3 " ] || fail "the other points did not run"
# a --vary no point accepts is bad input: exit 2, nothing written
set +e
"$DEPLOYSIM" sweep "$sc" --vary 'services[0].replicaz=4,6' -q -o "$tmp/bad2" 2>/dev/null; rc=$?
set -e
[ $rc -eq 2 ] && [ ! -e "$tmp/bad2" ] || fail "an unknown --vary key: exit $rc"
echo "batch_sweep: ok"
