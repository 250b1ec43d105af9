#!/usr/bin/env bash
# Every lesson scenario loads, runs, and still shows what its notes promise a class. (The
# strategy, autoscaling, runtime and batch lessons have their own e2e tests.)
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
for f in scenarios/*.json; do
    n=$(basename "$f" .json)
    "$DEPLOYSIM" run "$f" -o "$tmp/$n" --quiet || fail "$n did not run"
    # it wrote samples, and explain reads it
    end=$(awk -F, 'NR > 1 { t = $1 } END { print t }' "$tmp/$n/timeseries.csv")
    [ -n "$end" ] || fail "$n wrote no samples"
    "$DEPLOYSIM" explain "$f" >/dev/null || fail "$n: explain failed"
done

# L9: with a readinessProbe the rollout fails nothing; without one, requests reach pods whose
# app is still starting and fail.
[ "$(col "$tmp/readiness-probe/summary.csv" web failed)" = 0 ] || fail "readiness-probe failed requests"
[ "$(col "$tmp/no-readiness-probe/summary.csv" web failed)" -gt 100 ] || fail "no-readiness-probe failed too few"
grep -q ',Warning,Unhealthy,Pod/web-' "$tmp/readiness-probe/events.csv" || fail "no Unhealthy probe events"

# L10: pods come and go with new IPs (each replacement gets one), the Service keeps serving.
ips=$(awk -F, 'NR > 1 && $7 == "Ready" && $6 != "" { print $6 }' "$tmp/service/pods.csv" | sort -u | wc -l)
[ "$ips" -ge 8 ] || fail "service: only $ips distinct pod IPs over 4 kills"
[ "$(col "$tmp/service/summary.csv" api failed)" = 0 ] || fail "service: requests failed while pods churned"

# L4: two namespaces, three Deployments, each with its ReplicaSet
awk -F, 'NR > 1 { print $2 }' "$tmp/cluster-tour/replicasets.csv" | sort -u | tr '\n' ' ' | grep -q "api site web" ||
    fail "cluster-tour: ReplicaSets of api, site and web"

# L11: the Ingress splits /api by the exact weights 20 %, 50 %, then all to v2
dec="$tmp/ingress/decisions.csv"
for w in 20 50 100; do
    grep -q "ingress weight,\"$w% of requests to the canary" "$dec" || fail "ingress: no $w% step"
done
awk -F, '$2 == "api" && $4 == "v2" { last = $5 "/" $8 } END { exit last != "5/5" }' "$tmp/ingress/replicasets.csv" || fail "ingress: v2 not promoted"

# L6: a failed node is NotReady 55 s after it stops (50 s grace, next 5 s check) and its pods
# are evicted 300 s later
nf="$tmp/node-failure/events.csv"
failed_at=$(awk -F, '$3 == "NodeFailed" { print $1; exit }' "$nf")
notready=$(awk -F, '$3 == "NodeNotReady" && $4 ~ /^Node\// { print $1; exit }' "$nf")
evict=$(awk -F, '$3 == "TaintManagerEviction" { print $1; exit }' "$nf")
awk -v f="$failed_at" -v n="$notready" -v e="$evict" 'BEGIN { d = n - f; exit !(d >= 50 && d <= 60 && e - n == 300) }' ||
    fail "node-failure: failed $failed_at, NotReady $notready, evicted $evict"

# L12: the recorded session replays byte for byte
"$DEPLOYSIM" run scenarios/recorded-session.json -o "$tmp/again" --quiet
for c in timeseries pods events replicasets nodes decisions summary versions; do
    cmp -s "$tmp/recorded-session/$c.csv" "$tmp/again/$c.csv" || fail "recorded-session: $c.csv differs"
done
grep -q ',Warning,NodeFailed,Node/workers-3,' "$tmp/recorded-session/events.csv" || fail "recorded click missing"

# Graceful shutdown: with endpointPropagationDelay 3 s, a pod that gets SIGTERM as it leaves
# the endpoints fails the requests routed to it for those 3 s (abrupt); a preStop sleep longer
# than the delay keeps it serving until the routers have caught up (graceful: k8s
# pkg/kubelet/kuberuntime/kuberuntime_container.go runs preStop before stopping the container).
gs="$tmp/graceful-shutdown"
[ "$(col "$gs/summary.csv" graceful failed)" = 0 ] || fail "graceful-shutdown: graceful failed requests"
[ "$(col "$gs/summary.csv" abrupt failed)" -gt 300 ] || fail "graceful-shutdown: abrupt failed too few"
[ "$(col "$gs/summary.csv" abrupt rollout_s)" = "$(col "$gs/summary.csv" graceful rollout_s)" ] ||
    fail "graceful-shutdown: the rollouts differ"
# every burst of abrupt's failures lasts exactly 3 one-second samples, and there are three
bursts=$(awk -F, '$2 == "abrupt" { if ($5 > 0) n++; else if (n) { print n; n = 0 } }' "$gs/timeseries.csv" | sort | uniq -c | awk '{ print $1 "x" $2 }')
[ "$bursts" = "3x3" ] || fail "graceful-shutdown: failure bursts $bursts, expected three of 3 s"

# Maintenance drain (kubectl drain; k8s pkg/controller/disruption/disruption.go
# disruptionsAllowed = currentHealthy - desiredHealthy): without a budget api's two pods on
# workers-1 are evicted at once; web's maxUnavailable 1 lets one go at a time, so web keeps
# 5 of 6 available and fails nothing while api runs short and fails requests.
md="$tmp/maintenance-drain"
[ "$(awk -F, '$2 == "drain" && $1 == 60 && $3 ~ /^Pod\/api-/ && $4 == "evict"' "$md/decisions.csv" | wc -l)" = 2 ] ||
    fail "maintenance-drain: api's two pods not evicted together"
web_ev=$(awk -F, '$2 == "drain" && $3 ~ /^Pod\/web-/ && $4 == "evict" { print $1 }' "$md/decisions.csv" | tr '\n' ' ')
[ "$web_ev" = "60.000 80.000 " ] || fail "maintenance-drain: web evictions at $web_ev"
[ "$(col "$md/summary.csv" web min_available)" = 5 ] || fail "maintenance-drain: web below 5 available"
[ "$(col "$md/summary.csv" web failed)" = 0 ] || fail "maintenance-drain: web failed requests"
[ "$(col "$md/summary.csv" api min_available)" = 4 ] || fail "maintenance-drain: api not down to 4"
[ "$(col "$md/summary.csv" api failed)" -gt 50 ] || fail "maintenance-drain: api failed too few"
# cordoned: nothing lands on workers-1 after the drain, and it stays empty after the uncordon
awk -F, '$1 >= 60 && $2 == "workers-1" { p = $5 } END { exit p != 0 }' "$md/nodes.csv" ||
    fail "maintenance-drain: workers-1 not empty at the end"
awk -F, 'NR > 1 && $5 == "workers-1" && !($2 in seen) { seen[$2] = $1; if ($1 >= 60) bad = 1 } END { exit bad }' "$md/pods.csv" ||
    fail "maintenance-drain: a pod started on the cordoned workers-1"

# HPA on requests per second against HPA on CPU (autoscaling/v2; k8s
# pkg/controller/podautoscaler/replica_calculator.go): CPU utilization cannot exceed 100 % of
# the request, so with a 50 % target each cpu rescale at most doubles (ratio <= 2), and it takes
# three; the Pods metric sees the whole demand and reaches 2400 / 50 = 48 pods or more within
# two syncs of the jump, failing under half the requests cpu fails.
hr="$tmp/hpa-rps"
awk -F, '$2 == "hpa" && $3 == "HorizontalPodAutoscaler/cpu" { split($4, a, " "); n++; if (a[4] > 2 * a[2]) bad = 1 }
    END { exit bad || n != 3 }' "$hr/decisions.csv" || fail "hpa-rps: cpu did not scale in three steps of at most 2x"
awk -F, '$2 == "hpa" && $3 == "HorizontalPodAutoscaler/rps" && $1 <= 90 { split($4, a, " "); top = a[4] }
    END { exit top < 48 }' "$hr/decisions.csv" || fail "hpa-rps: rps below 48 pods 30 s after the jump"
grep -q ',SuccessfulRescale,HorizontalPodAutoscaler/rps,New size: 34; reason: pods metric requests_per_second above target' "$hr/events.csv" ||
    fail "hpa-rps: no rescale naming the Pods metric"
[ "$(col "$hr/summary.csv" rps failed)" -lt "$(( $(col "$hr/summary.csv" cpu failed) / 2 ))" ] ||
    fail "hpa-rps: rps failed $(col "$hr/summary.csv" rps failed), cpu $(col "$hr/summary.csv" cpu failed)"
echo ok
