#!/usr/bin/env bash
# Lesson outcomes of the probe and progress-deadline lessons: each still shows what its notes
# promise a class.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

# liveness.json: the hung app is restarted by liveness (api) or lost (legacy); a slow start is
# killed in a loop by an aggressive livenessProbe (report v2) until a startupProbe (v3).
"$DEPLOYSIM" run scenarios/liveness.json -o "$tmp/liveness" --quiet || fail "liveness did not run"
ev="$tmp/liveness/events.csv"
api_kills=$(grep -c ',Killing,Pod/api-.*failed liveness probe, will be restarted' "$ev" || true)
[ "$api_kills" -ge 3 ] || fail "liveness: api restarted only $api_kills hung pods"
grep -q ',Killing,Pod/legacy-' "$ev" && fail "liveness: legacy has no livenessProbe, yet was restarted"
# every hung pod first leaves the endpoints (readiness), on both services
grep -q ',Warning,Unhealthy,Pod/legacy-.*Readiness probe failed: context deadline exceeded' "$ev" ||
    fail "liveness: no readiness failure on a hung legacy pod"
api_avail=$(col "$tmp/liveness/summary.csv" api availability)
legacy_avail=$(col "$tmp/liveness/summary.csv" legacy availability)
legacy_down=$(col "$tmp/liveness/summary.csv" legacy downtime_s)
awk -v a="$api_avail" -v l="$legacy_avail" -v d="$legacy_down" \
    'BEGIN { exit !(a > 0.9 && l < 0.7 && d > 200) }' ||
    fail "liveness: api availability $api_avail, legacy $legacy_avail with $legacy_down s down"
# api ends with all its pods Ready again after restarts; legacy with none
[ "$(awk -F, '$2 == "legacy" { r = $11 } END { print r }' "$tmp/liveness/timeseries.csv")" = 0 ] ||
    fail "liveness: legacy still has Ready pods"
# report: v2 is killed before it is up, in a loop (BackOff), and never Ready; v3 completes
rs="$tmp/liveness/replicasets.csv"
v2=$(awk -F, '$2 == "report" && $4 == "v2" { print $9; exit }' "$rs")
v2_kills=$(grep -c ",Killing,Pod/$v2-.*failed liveness probe" "$ev" || true)
[ "$v2_kills" -ge 4 ] || fail "liveness: report v2 killed $v2_kills times"
grep -q ",Warning,BackOff,Pod/$v2-" "$ev" || fail "liveness: report v2 not in CrashLoopBackOff"
awk -F, -v n="$v2" '$2 == n && $7 == "Ready" { found = 1 } END { exit found }' "$tmp/liveness/pods.csv" ||
    fail "liveness: a report v2 pod became Ready"
v3=$(awk -F, '$2 == "report" && $4 == "v3" { print $9; exit }' "$rs")
grep -q ",Killing,Pod/$v3-" "$ev" && fail "liveness: report v3 was killed despite its startupProbe"
awk -F, '$2 == "report" { last[$4] = $5 "/" $8 } END { exit !(last["v3"] == "2/2" && last["v1"] == "0/0") }' "$rs" ||
    fail "liveness: report v3 did not complete"
[ "$(col "$tmp/liveness/summary.csv" report failed)" -lt 10 ] || fail "liveness: report failed requests"

# progress-deadline.json: the Progressing condition's whole life (k8s progress.go
# syncRolloutStatus): the third v2 pod stays Pending from 48 s, so Progressing=False at
# 48 + 60 + 1 = 109 s; a node added at 4m (Ready 30 s later) takes it, its readiness makes
# Progressing=True again (ReplicaSetUpdated), and at completion the reason becomes
# NewReplicaSetAvailable, without a failed request.
"$DEPLOYSIM" run scenarios/progress-deadline.json -o "$tmp/pd" --quiet || fail "progress-deadline did not run"
ev="$tmp/pd/events.csv"
grep -q '^48.000,Warning,FailedScheduling,Pod/web-' "$ev" || fail "progress-deadline: no Pending v2 pod at 48 s"
conds=$(awk -F, '$2 == "Condition" { printf "%s@%s ", $3, $1 }' "$ev")
case "$conds" in
"ProgressDeadlineExceeded@109.000 ReplicaSetUpdated@"*) ;;
*) fail "progress-deadline: condition rows $conds" ;;
esac
resumed=$(awk -F, '$3 == "ReplicaSetUpdated" { print $1 }' "$ev")
awk -v t="$resumed" 'BEGIN { exit !(t > 270 && t < 290) }' || fail "progress-deadline: resumed at $resumed"
[ "$(echo "$conds" | wc -w)" = 3 ] || fail "progress-deadline: condition changes: $conds"
done_at=$(awk -F, '$4 == "rollout complete" && $2 == "deployment" { print $1 }' "$tmp/pd/decisions.csv")
case "$conds" in *" NewReplicaSetAvailable@$done_at ") ;; *) fail "progress-deadline: no NewReplicaSetAvailable at $done_at: $conds" ;; esac
grep -q ',deployment,Deployment/web,rollout complete,' "$tmp/pd/decisions.csv" ||
    fail "progress-deadline: the rollout did not complete"
[ "$(col "$tmp/pd/summary.csv" web failed)" = 0 ] || fail "progress-deadline: requests failed"
awk -F, '$2 == "web" { last[$4] = $5 "/" $8 } END { exit !(last["v2"] == "6/6" && last["v1"] == "0/0") }' \
    "$tmp/pd/replicasets.csv" || fail "progress-deadline: v2 is not 6/6"
echo ok
