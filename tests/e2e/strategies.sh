#!/usr/bin/env bash
# Canary and blue-green lessons through the CLI and their CSVs: the bad v2 is aborted by the
# analysis, with and without an Ingress, and fails far fewer requests than the same v2 under
# a RollingUpdate (same seed); after the abort no request reaches v2; blue-green switches
# without a failed request and keeps the old pods for scaleDownDelaySeconds.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
run() { "$DEPLOYSIM" run "scenarios/$1.json" -o "$tmp/$1" --seed 4 --quiet; }
failed() { awk -F, 'NR == 2 { print $6 }' "$tmp/$1/summary.csv"; }

for s in canary canary-ingress rolling-update-bad blue-green; do run "$s"; done

# --- canary: the analysis aborts v2 ---
for s in canary canary-ingress; do
    ev="$tmp/$s/events.csv"
    abort=$(awk -F, '$3 == "RolloutAborted" { print $1; exit }' "$ev")
    [ -n "$abort" ] || fail "$s: not aborted"
    grep -q '^[0-9.]*,Warning,RolloutAborted,Rollout/web,"Rollout aborted update to revision 2: Background analysis phase error/failed: Metric ""error-rate"" assessed Failed due to failed (1) > failureLimit (0)"$' "$ev" \
        || fail "$s: RolloutAborted message"
    grep -q ',Warning,AnalysisRunFailed,Rollout/web,' "$ev" || fail "$s: no AnalysisRunFailed"
    grep -q ',ScalingReplicaSet,Rollout/web,Scaled up ReplicaSet web-[a-z0-9]* (revision 2) from 0 to 1$' "$ev" \
        || fail "$s: Argo scaling wording"
    # v2 ends with no pod, v1 with all 10 available
    awk -F, '$4 == "v2" { last = $5 "," $6 } END { exit last != "0,0" }' "$tmp/$s/replicasets.csv" \
        || fail "$s: v2 still has pods at the end"
    awk -F, '$4 == "v1" { last = $8 } END { exit last != 10 }' "$tmp/$s/replicasets.csv" \
        || fail "$s: v1 not back to 10 available"
    # every measurement is in decisions.csv with its arithmetic
    grep -q ',analysis,AnalysisRun/web-.*,measurement 1: Failed,"error rate 0\.[23][0-9]* (' "$tmp/$s/decisions.csv" \
        || fail "$s: no measurement decision"
    # fewer failed requests than the RollingUpdate of the same v2
    c=$(failed "$s"); r=$(failed rolling-update-bad)
    [ "$c" -gt 0 ] && [ $((c * 10)) -lt "$r" ] || fail "$s failed $c, rolling-update-bad $r: not 10x fewer"
    echo "$s: aborted at ${abort}s, $c failed requests (rolling-update-bad: $r)"
done
# with the Ingress the weight is 0 from the abort: v2 serves nothing one second later
abort=$(awk -F, '$3 == "RolloutAborted" { print $1; exit }' "$tmp/canary-ingress/events.csv")
awk -F, -v a="$abort" '$3 == "v2" && $1 > a + 1 && ($4 + 0 > 0) { bad = 1 } END { exit bad }' \
    "$tmp/canary-ingress/versions.csv" || fail "canary-ingress: v2 got requests after the abort"
grep -q ',TrafficWeightUpdated,Rollout/web,Traffic weight updated from 10 to 0$' "$tmp/canary-ingress/events.csv" \
    || fail "canary-ingress: weight not back to 0"
# the canary pod stays abortScaleDownDelaySeconds (30 s) after the stable is fully available
down=$(awk -F, '$3 == "ScalingReplicaSet" && $5 ~ /revision 2\) from 1 to 0/ { print $1 }' "$tmp/canary-ingress/events.csv")
awk -v a="$abort" -v d="$down" 'BEGIN { exit !(d - a >= 30 && d - a < 31) }' \
    || fail "canary-ingress: canary scaled down at $down, abort at $abort"
# the rolling update of the bad v2 completes: nothing stops it
tail -n 1 "$tmp/rolling-update-bad/replicasets.csv" | grep -q ',web,2,v2,10,10,10,10,' \
    || fail "rolling-update-bad did not end on v2"

# --- blue-green ---
ev="$tmp/blue-green/events.csv"
sw=$(awk -F, '$3 == "SwitchService" && $5 ~ /service .web. from/ { print $1 }' "$ev")
[ -n "$sw" ] || fail "blue-green: no switch of the active service"
[ "$(failed blue-green)" -eq 0 ] || fail "blue-green failed $(failed blue-green) requests"
awk -F, 'NR > 1 && $5 != 0 { bad = 1 } END { exit bad }' "$tmp/blue-green/timeseries.csv" \
    || fail "blue-green: a sample with failed requests"
grep -q ',RolloutCompleted,Rollout/web,Rollout completed update to revision 2 ([a-z0-9]*): Completed blue-green update$' "$ev" \
    || fail "blue-green: RolloutCompleted"
# the old ReplicaSet keeps its pods for scaleDownDelaySeconds (30 s) after the switch
down=$(awk -F, '$4 == "v1" && $5 == 0 { print $1; exit }' "$tmp/blue-green/replicasets.csv")
awk -v s="$sw" -v d="$down" 'BEGIN { exit !(d - s > 29.999 && d - s < 30.001) }' \
    || fail "blue-green: v1 scaled down at $down, switch at $sw"
# before the switch the green pods are ready but serve nothing
awk -F, -v s="$sw" '$3 == "v2" && $1 < s && $4 + 0 > 0 { bad = 1 } END { exit bad }' \
    "$tmp/blue-green/versions.csv" || fail "blue-green: the preview got requests"
echo "blue-green: switched at ${sw}s, old pods down at ${down}s, 0 failed requests"

# --- determinism ---
"$DEPLOYSIM" run scenarios/canary.json -o "$tmp/again" --seed 4 --quiet
for f in events decisions replicasets timeseries; do
    cmp -s "$tmp/canary/$f.csv" "$tmp/again/$f.csv" || fail "canary: $f.csv differs between two runs"
done
echo "ok"
