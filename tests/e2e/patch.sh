#!/usr/bin/env bash
# Live patches end to end (tests/scenarios/patch-template.json): a patched pod template is a new
# revision rolled out as a deploy (k8s pkg/controller/deployment/sync.go getNewReplicaSet: a
# new pod-template-hash; Argo's Rollout the same), and a patched minReadySeconds decides when
# the new pods count as available (deployment/util/deployment_util.go IsPodAvailable).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

"$DEPLOYSIM" run tests/scenarios/patch-template.json -o "$tmp/p" --quiet || fail "patch-template did not run"
rs="$tmp/p/replicasets.csv"
# web: revision 2 is v2 with a hash of its own; its first pod Ready at 17 s is available at
# 17 + 20 (the patched minReadySeconds) + 1 = 38 s, not 23 s; the rollout ends 4/4 on v2
ready=$(awk -F, '$2 == "web" && $3 == 2 && $7 > 0 { print $1; exit }' "$rs")
avail=$(awk -F, '$2 == "web" && $3 == 2 && $8 > 0 { print $1; exit }' "$rs")
[ "$ready" = 17.000 ] || fail "patch: web's first v2 pod Ready at $ready"
[ "$avail" = 38.000 ] || fail "patch: web's first v2 pod available at $avail (minReadySeconds 20 ignored?)"
awk -F, '$2 == "web" { last[$3] = $4 "/" $8 "/" $9 } END {
    split(last[1], a, "/"); split(last[2], b, "/");
    exit !(a[1] == "v1" && a[2] == 0 && b[1] == "v2" && b[2] == 4 && a[3] != b[3]) }' "$rs" ||
    fail "patch: web did not roll out to a new ReplicaSet of v2"
grep -q 'deployment,Deployment/web,new revision,"the patch changed the pod template: v2 -> revision 2' \
    "$tmp/p/decisions.csv" || fail "patch: no new-revision decision for web"
# shop (canary Rollout): the image patch is revision 2, v1-patch2, completed by its steps
grep -q 'NewReplicaSetCreated,Rollout/shop,Created ReplicaSet shop-[a-z0-9]* (revision 2)' "$tmp/p/events.csv" ||
    fail "patch: shop got no new ReplicaSet"
grep -q 'RolloutCompleted,Rollout/shop,' "$tmp/p/events.csv" || fail "patch: shop did not complete"
awk -F, '$2 == "shop" { last[$3] = $4 "/" $8 } END { exit !(last[2] == "v1-patch2/4") }' "$rs" ||
    fail "patch: shop's revision 2 is not v1-patch2 with 4 available"
[ "$(col "$tmp/p/summary.csv" web failed)" = 0 ] || fail "patch: web failed requests"
echo ok
