#!/usr/bin/env bash
# Autoscaling and failures through the CLI and its CSV files: the HPA settles and scales down
# after its stabilization window; the node-failure timeline (NotReady after the grace period,
# eviction 300 s later, replacements, Terminating until repair); the cluster autoscaler adds
# nodes for Pending pods (which wait for the node's provisioning time) and removes them with
# node-hours that stop; CrashLoopBackOff and killPod in the self-healing lesson.
set -euo pipefail
source "$(dirname "$0")/common.bash"
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- the HPA: 4 pods at 400 req/s, 50% target -> 8; 80 req/s from 300 s -> 2 -------------
cat >"$tmp/hpa.json" <<'EOF'
{"name": "hpa", "duration": "20m",
 "cluster": {"nodePools": [{"name": "workers", "count": 2, "cpu": "8", "memory": "16Gi"}]},
 "services": [{"name": "web", "replicas": 4, "capacityRps": 100, "concurrency": 4,
   "resources": {"cpu": "200m", "memory": "128Mi"}, "startup": "5s",
   "readinessProbe": {"initialDelaySeconds": 2, "periodSeconds": 2},
   "hpa": {"minReplicas": 1, "maxReplicas": 20, "targetCPUUtilizationPercentage": 50},
   "traffic": {"rps": 400, "pattern": [{"at": "5m", "rps": 80}]}}]}
EOF
"$DEPLOYSIM" run "$tmp/hpa.json" -o "$tmp/hpa" -q
ev="$tmp/hpa/events.csv"
[ "$(grep -c ',SuccessfulRescale,HorizontalPodAutoscaler/web,' "$ev")" -eq 2 ] || fail "HPA: expected 2 rescales"
up=$(awk -F, '$3 == "SuccessfulRescale" && $5 ~ /^New size: 8; reason: cpu resource utilization \(percentage of request\) above target$/ { print $1; exit }' "$ev")
down=$(awk -F, '$3 == "SuccessfulRescale" && $5 == "New size: 2; reason: All metrics below target" { print $1; exit }' "$ev")
[ "$up" = "15.000" ] || fail "HPA: scale-up to 8 at '$up', want 15.000"
[ -n "$down" ] || fail "HPA: no scale-down to 2"
awk -v d="$down" 'BEGIN { exit !(d >= 600 && d <= 630) }' || fail "HPA: scale-down at $down, want within [600, 630] (300 s window)"
# timeseries: desired 8 between the two, 2 after, and all 8 Ready before the fall
awk -F, -v u="$up" -v d="$down" 'NR > 1 {
    if ($1 > u && $1 < d && $10 != 8) exit 1
    if ($1 >= d && $10 != 2) exit 1
    if ($1 >= 60 && $1 <= 300 && $11 != 8) exit 1 }' "$tmp/hpa/timeseries.csv" ||
    fail "HPA: desired/ready in timeseries.csv"
grep -q '^15.000,hpa,HorizontalPodAutoscaler/web,scale 4 -> 8,.*ceil(' "$tmp/hpa/decisions.csv" ||
    fail "HPA: no explained decision"

# --- node failure (the lesson): NotReady, eviction, replacements, repair --------------------
"$DEPLOYSIM" run scenarios/node-failure.json -o "$tmp/nf" -q
ev="$tmp/nf/events.csv"
failed=$(awk -F, '$3 == "NodeFailed" && $4 == "Node/workers-2" { print $1; exit }' "$ev")
notready=$(awk -F, '$3 == "NodeNotReady" && $4 == "Node/workers-2" { print $1; exit }' "$ev")
[ "$failed" = "60.000" ] || fail "node failure at '$failed'"
# the last heartbeat (lease renewal every 10 s) at or before the failure; NotReady 50-60 s after
awk -v f="$failed" -v n="$notready" 'BEGIN { hb = int(f / 10) * 10; exit !(n - hb >= 50 && n - hb <= 60) }' ||
    fail "NotReady at $notready, not 50-60 s after the last heartbeat"
grep -q "^$notready,workers-2,workers,NotReady," "$tmp/nf/nodes.csv" || fail "nodes.csv: no NotReady row"
evict=$(awk -v n="$notready" 'BEGIN { printf "%.3f", n + 300 }')
[ "$(grep -c "^$evict,Normal,TaintManagerEviction," "$ev")" -eq 2 ] || fail "no eviction of 2 pods at $evict"
[ "$(grep -c "^$evict,Normal,SuccessfulCreate," "$ev")" -eq 2 ] || fail "no replacements at $evict"
pods="$tmp/nf/pods.csv"
# the dead node's pods: Terminating at the eviction, Deleted only at the repair (9 min)
[ "$(awk -F, -v e="$evict" '$1 == e && $5 == "workers-2" && $7 == "Terminating"' "$pods" | wc -l)" -eq 2 ] ||
    fail "dead pods not Terminating at $evict"
[ "$(awk -F, '$5 == "workers-2" && $7 == "Deleted" && $1 != "540.000"' "$pods" | wc -l)" -eq 0 ] ||
    fail "dead pods deleted before the repair"
grep -q '^540.000,workers-2,workers,Ready,0,' "$tmp/nf/nodes.csv" || fail "workers-2 not Ready and empty after repairNode"
# replacements become Ready on the other nodes
[ "$(awk -F, -v e="$evict" '$1 > e && $1 < e + 30 && $7 == "Ready" && $5 != "workers-2"' "$pods" | wc -l)" -eq 2 ] ||
    fail "replacements not Ready elsewhere within 30 s"

# --- the cluster autoscaler (the lesson): Pending pods wait for the new nodes -----------------
"$DEPLOYSIM" run scenarios/autoscaling.json -o "$tmp/as" -q
ev="$tmp/as/events.csv"
grep -q ',TriggeredScaleUp,Pod/web-.*,pod triggered scale-up: \[{workers 2->' "$ev" || fail "no TriggeredScaleUp"
nodes="$tmp/as/nodes.csv"
# every added node: Provisioning, then Ready exactly 90 s later (the pool's provisioning time)
awk -F, 'NR > 1 && $4 == "Provisioning" { start[$2] = $1 }
         NR > 1 && $4 == "Ready" && ($2 in start) && !($2 in ready) { ready[$2] = $1; if ($1 - start[$2] != 90) bad = 1 }
         END { if (length(start) < 1 || length(ready) != length(start) || bad) exit 1 }' "$nodes" ||
    fail "added nodes not Ready 90 s after they were asked for"
# pods placed on an added node: not before that node is Ready, Pending until then
awk -F, 'FNR == 1 { file++ ; next }
         file == 1 && $4 == "Ready" && !($2 in ready) { ready[$2] = $1 }
         file == 1 && $4 == "Provisioning" { added[$2] = 1 }
         file == 2 && ($5 in added) && !($2 in seen) { seen[$2] = 1; n++; if ($1 < ready[$5]) exit 1 }
         END { if (n < 1) exit 1 }' "$nodes" "$tmp/as/pods.csv" || fail "a pod ran on a node before it was Ready"
awk -F, 'NR > 1 && $7 == "Pending" { p[$2] = $1 } END { if (length(p) < 1) exit 1 }' "$tmp/as/pods.csv" ||
    fail "no Pending pod"
# scale-down: removed nodes; node-hours stop with them
grep -q ',ScaleDown,Node/workers-[0-9]*,node removed by cluster autoscaler' "$ev" || fail "no node removed"
end=$(tail -1 "$tmp/as/timeseries.csv" | cut -d, -f1)
want=$(awk -F, -v end="$end" 'NR > 1 { if (!($2 in first)) first[$2] = $1; if ($4 == "Removed") gone[$2] = $1 }
       END { for (n in first) h += ((n in gone) ? gone[n] : end) - first[n]; printf "%.4f", h / 3600 }' "$nodes")
got=$(col "$tmp/as/summary.csv" web node_hours)
[ "$want" = "$got" ] || fail "node_hours $got, want $want from nodes.csv"

# --- self-healing (the lesson): CrashLoopBackOff delays, killPod replaced at once ------------
"$DEPLOYSIM" run scenarios/self-healing.json -o "$tmp/sh" -q
ev="$tmp/sh/events.csv"
pod=$(awk -F, '$3 == "BackOff" { print $4; exit }' "$ev")
[ -n "$pod" ] || fail "no BackOff event"
# the delay of each back-off is in decisions.csv (the BackOff event's text is Kubernetes', no delay)
got=$(awk -F, -v p="$pod" '$2 == "kubelet" && $3 == p && $4 == "CrashLoopBackOff" { match($5, /back-off [0-9]+s/); printf "%s ", substr($5, RSTART + 9, RLENGTH - 10) }' "$tmp/sh/decisions.csv")
case "$got" in "10 20 40 80 160 "*) ;; *) fail "BackOff delays of $pod: $got" ;; esac
for t in 60.000 150.000; do
    grep -q "^$t,Normal,Killing," "$ev" || fail "killPod at $t: no Killing"
    grep -q "^$t,Normal,SuccessfulCreate," "$ev" || fail "killPod at $t: no replacement in the same instant"
done
echo "ok"
