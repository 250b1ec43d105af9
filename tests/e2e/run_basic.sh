#!/usr/bin/env bash
# deploysim run on the default lesson: the nine CSVs with the contract's columns, byte-identical
# on a second run, different with another seed; and killPod self-healing read from the CSVs.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$DEPLOYSIM" run scenarios/rolling-update.json -o "$tmp/a" --quiet
"$DEPLOYSIM" run scenarios/rolling-update.json -o "$tmp/b" --quiet
"$DEPLOYSIM" run scenarios/rolling-update.json -o "$tmp/c" --seed 2 --quiet

declare -A header=(
  [timeseries]="time_s,service,offered_rps,served_rps,failed_rps,error_rate,p50_ms,p95_ms,p99_ms,desired,ready,available,total_pods,cpu_util"
  [versions]="time_s,service,version,offered_rps,served_rps,failed_rps,p99_ms,desired,ready"
  [replicasets]="time_s,service,revision,version,desired,current,ready,available,replicaset"
  [pods]="time_s,pod,service,version,node,ip,state"
  [nodes]="time_s,node,pool,state,pods,cpu_allocated,memory_allocated"
  [events]="time_s,type,reason,object,message"
  [decisions]="time_s,controller,object,decision,explanation"
  [summary]="scenario,seed,service,requests,served,failed,availability,mean_ms,p50_ms,p99_ms,downtime_s,rollout_s,max_pods,min_available,node_hours,cost"
)
for f in "${!header[@]}"; do
    got=$(head -n 1 "$tmp/a/$f.csv")
    case "$got" in "${header[$f]}"*) ;; *) fail "$f.csv header: $got";; esac
    [ "$(wc -l < "$tmp/a/$f.csv")" -gt 1 ] || fail "$f.csv has no rows"
    cmp -s "$tmp/a/$f.csv" "$tmp/b/$f.csv" || fail "$f.csv differs between two identical runs"
done
cmp -s "$tmp/a/timeseries.csv" "$tmp/c/timeseries.csv" && fail "--seed 2 gave the same timeseries"
# the rolling update finishes with 6 ready v2 pods and fails no request
tail -n 1 "$tmp/a/replicasets.csv" | grep -q ',web,2,v2,6,6,6,6,' || fail "rollout did not end at 6 ready v2"
awk -F, 'NR>1 && $6 != 0 { bad=1 } END { exit bad }' "$tmp/a/summary.csv" || fail "RollingUpdate failed requests"

# killPod: a replacement is created in the same second and the service returns to 6 ready
cat > "$tmp/kill.json" <<'JSON'
{"name": "kill", "duration": "60s",
 "cluster": {"nodePools": [{"name": "workers", "count": 3}]},
 "services": [{"name": "web", "replicas": 6, "readinessProbe": {"periodSeconds": 2},
               "traffic": {"rps": 50}}],
 "events": [{"at": "10s", "action": "killPod", "service": "web"}]}
JSON
"$DEPLOYSIM" run "$tmp/kill.json" -o "$tmp/k" --quiet
victim=$(awk -F, '$7=="Terminating" {print $2; exit}' "$tmp/k/pods.csv")
[ -n "$victim" ] || fail "no pod went Terminating"
grep -Eq "^10.000,$victim,.*,Terminating(,[^,]*)*$" "$tmp/k/pods.csv" || fail "victim not Terminating at 10 s"
grep -Eq ",$victim,.*,Deleted(,[^,]*)*$" "$tmp/k/pods.csv" || fail "victim never Deleted"
created=$(awk -F, '$3=="SuccessfulCreate" && $1>=10 && $1<11 {print $5}' "$tmp/k/events.csv" | sed 's/Created pod: //')
[ -n "$created" ] || fail "no SuccessfulCreate within the same second"
states=$(awk -F, -v p="$created" '$2==p {printf "%s ", $7}' "$tmp/k/pods.csv")
case "$states" in "Pending Starting Ready "*) ;; *) fail "replacement went $states";; esac
tail -n 1 "$tmp/k/timeseries.csv" | awk -F, '$11 != 6 { exit 1 }' || fail "not back to 6 ready"
echo "ok"
