#!/usr/bin/env bash
# Rollout actions end to end through the CLI: promote with "full": true (Argo's
# promote --full) on tests/scenarios/promote-full.json, restart on tests/scenarios/restart.json,
# setCanaryScale / dynamicStableScale / abort / retry on tests/scenarios/canary-scale.json, and
# scaleDownDelayRevisionLimit / abortScaleDownDelaySeconds / progressDeadlineAbort on
# tests/scenarios/rollout-limits.json, analysis steps with their own keys and startingStep on
# tests/scenarios/step-analysis.json, blue-green postPromotionAnalysis on
# tests/scenarios/post-promotion.json, prePromotionAnalysis on the preview's test traffic on
# tests/scenarios/pre-promotion.json.
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
"$DEPLOYSIM" run tests/scenarios/canary-scale.json -o "$tmp/cs" --quiet || fail "canary-scale did not run"
ev="$tmp/cs/events.csv"
at() { awk -F, -v r="$1" -v m="$2" '$3 == r && index($0, m) { print $1; exit }' "$ev"; }
# setCanaryScale replicas 2 with setWeight 20: the stable keeps all 10 pods until
# matchTrafficWeight (GetCanaryReplicasOrWeight: a fixed count means desired weight 0)
[ "$(at TrafficWeightUpdated "from 0 to 20")" = 35.000 ] || fail "canary-scale: weight 20 not at 35 s"
[ "$(at ScalingReplicaSet '(revision 1) from 10 to 8')" = 55.000 ] ||
    fail "canary-scale: the stable did not shrink at matchTrafficWeight"
# the abort brings the stable back one step at a time (dynamicStableScale)
w20=$(at TrafficWeightUpdated 'from 50 to 20'); w0=$(at TrafficWeightUpdated 'from 20 to 0')
[ -n "$w20" ] && [ -n "$w0" ] && awk -v a="$w20" -v b="$w0" 'BEGIN { exit !(a > 100 && b > a) }' ||
    fail "canary-scale: the abort did not step the weight down ($w20, $w0)"
# retry starts over; the promotion scales the previous stable to 0 at once
done_at=$(at RolloutCompleted 'Completed all 7 canary steps')
[ -n "$done_at" ] || fail "canary-scale: not completed after retry"
[ "$(awk -F, '$3 == "RolloutStepCompleted" && /step 1\/7/' "$ev" | wc -l)" = 2 ] ||
    fail "canary-scale: retry did not start the steps over"
[ "$(at ScalingReplicaSet '(revision 1) from 5 to 0')" = "$done_at" ] ||
    fail "canary-scale: the old stable waited for a scale-down delay"
[ "$(col "$tmp/cs/summary.csv" web failed)" = 0 ] || fail "canary-scale: requests failed"
[ "$(col "$tmp/cs/summary.csv" web min_available)" -ge 8 ] || fail "canary-scale: lost availability"

"$DEPLOYSIM" run tests/scenarios/rollout-limits.json -o "$tmp/rl" --quiet || fail "rollout-limits did not run"
# shop: scaleDownDelayRevisionLimit 1 keeps only the newest old ReplicaSet up (delay 1h)
awk -F, '$2 == "shop" { last[$4] = $5 } END {
    exit !(last["v1"] == 0 && last["v2"] == 0 && last["v3"] == 2 && last["v4"] == 2) }' \
    "$tmp/rl/replicasets.csv" || fail "rollout-limits: shop's old ReplicaSets are not 0/0/2"
# api: progressDeadlineAbort aborts twice (the retry times out again); the preview is scaled
# down abortScaleDownDelaySeconds (10 s) after each abort
ev="$tmp/rl/events.csv"
[ "$(grep -c 'RolloutAborted,Rollout/api,"Rollout aborted update to revision 2: ReplicaSet' "$ev")" = 2 ] ||
    fail "rollout-limits: api did not abort twice"
a=$(awk -F, '$3 == "RolloutAborted" && /Rollout\/api/ { print $1; exit }' "$ev")
d=$(awk -F, '$3 == "ScalingReplicaSet" && /api-.*from 2 to 0/ { print $1; exit }' "$ev")
awk -v a="$a" -v d="$d" 'BEGIN { exit !(d - a == 10) }' || fail "rollout-limits: abort $a, scale-down $d"
[ "$(col "$tmp/rl/summary.csv" api failed)" = 0 ] || fail "rollout-limits: api failed requests"
"$DEPLOYSIM" run tests/scenarios/step-analysis.json -o "$tmp/sa" --quiet || fail "step-analysis did not run"
ev="$tmp/sa/events.csv"
# web: the step's own maxErrorRate fails v2 (10 % errors) and aborts; no background run
grep -q 'RolloutAborted,Rollout/web,"Rollout aborted update to revision 2: Step-based analysis' "$ev" ||
    fail "step-analysis: web was not aborted by its step analysis"
grep -q 'AnalysisRunRunning,Rollout/web,Background' "$ev" && fail "step-analysis: web has a background run"
# api: the background run starts with step 3 (index 2, startingStep), not before
bg=$(awk -F, '$3 == "AnalysisRunRunning" && /Rollout\/api,Background/ { print $1; exit }' "$ev")
st=$(awk -F, '$3 == "RolloutStepCompleted" && /Rollout\/api,Rollout step 2\/5/ { print $1; exit }' "$ev")
[ -n "$bg" ] && [ "$bg" = "$st" ] || fail "step-analysis: api's background run at $bg, step 2 done at $st"
grep -q 'RolloutCompleted,Rollout/api,' "$ev" || fail "step-analysis: api did not complete"
"$DEPLOYSIM" run tests/scenarios/post-promotion.json -o "$tmp/pp" --quiet || fail "post-promotion did not run"
ev="$tmp/pp/events.csv"
t() { awk -F, -v r="$1" -v o="$2" -v m="$3" '$3 == r && $4 == o && index($0, m) { print $1; exit }' "$ev"; }
# web: switched to v2 at 20 s, the run fails at 30 s, the active Service goes back to v1 and v2
# is scaled down abortScaleDownDelaySeconds (10 s) later; never stable
[ "$(t SwitchService Rollout/web "service 'web' from")" = 20.000 ] || fail "post-promotion: web did not switch at 20 s"
[ "$(t RolloutAborted Rollout/web 'Blue/green post-promotion analysis phase error/failed')" = 30.000 ] ||
    fail "post-promotion: web was not aborted by its run at 30 s"
[ "$(t SwitchService Rollout/web "to '$(awk -F, '$2 == "web" && $3 == 1 { print $9; exit }' "$tmp/pp/replicasets.csv" | sed 's/^web-//')'")" = 30.000 ] ||
    fail "post-promotion: web's active Service did not go back to v1"
[ "$(t ScalingReplicaSet Rollout/web '(revision 2) from 3 to 0')" = 40.000 ] || fail "post-promotion: web's v2 not scaled down at 40 s"
[ -z "$(t RolloutCompleted Rollout/web '')" ] || fail "post-promotion: web completed"
# shop: stable only when the run succeeds (3 x 10 s after the switch), v1 down 10 s later
[ "$(t AnalysisRunSuccessful Rollout/shop PostPromotion)" = 50.000 ] || fail "post-promotion: shop's run"
[ "$(t RolloutCompleted Rollout/shop 'Completed blue-green update')" = 50.000 ] ||
    fail "post-promotion: shop became stable before its run succeeded"
[ "$(t ScalingReplicaSet Rollout/shop '(revision 1) from 3 to 0')" = 60.000 ] || fail "post-promotion: shop's v1"
"$DEPLOYSIM" run tests/scenarios/pre-promotion.json -o "$tmp/pr" --quiet || fail "pre-promotion did not run"
ev="$tmp/pr/events.csv"
# web: v2 (20 % errors) fails its first measurement of smoke traffic at 25 s (saturated at 15 s,
# interval 10 s); aborted before any switch: the active Service never leaves v1, no user
# request fails, the preview is scaled down 10 s later (abortScaleDownDelaySeconds)
[ "$(t RolloutAborted Rollout/web 'Blue/green pre-promotion analysis phase error/failed')" = 25.000 ] ||
    fail "pre-promotion: web was not aborted by its run at 25 s"
[ -z "$(t SwitchService Rollout/web "service 'web' from")" ] || fail "pre-promotion: web's active Service switched"
[ "$(t ScalingReplicaSet Rollout/web '(revision 2) from 3 to 0')" = 35.000 ] || fail "pre-promotion: web's preview not scaled down at 35 s"
[ "$(col "$tmp/pr/summary.csv" web failed)" = 0 ] || fail "pre-promotion: web's users saw failures"
# shop: three passing measurements (15 s + 3 x 10 s), then the 5 s BlueGreenPause, then the switch
[ "$(t AnalysisRunSuccessful Rollout/shop PrePromotion)" = 45.000 ] || fail "pre-promotion: shop's run"
[ "$(t RolloutPaused Rollout/shop BlueGreenPause)" = 45.000 ] || fail "pre-promotion: shop paused before its run succeeded"
[ "$(t SwitchService Rollout/shop "service 'shop' from")" = 50.000 ] || fail "pre-promotion: shop did not switch at 50 s"
echo ok
