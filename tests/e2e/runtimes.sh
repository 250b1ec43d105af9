#!/usr/bin/env bash
# Local (bare) vs VM vs container, as the lessons teach it:
# - bare: updating web replaces a shared library, api (untouched) fails every request until it is
#   updated too; the same two services as containers do not conflict; in-place updates of a
#   single server have downtime.
# - vm vs container under the same spike: containers reach the needed capacity sooner and fail
#   fewer requests; VMs fit fewer replicas per node.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

"$DEPLOYSIM" run scenarios/local-conflict.json -o "$tmp/bare" --quiet
"$DEPLOYSIM" run scenarios/local-conflict-containers.json -o "$tmp/ctr" --quiet
ts="$tmp/bare/timeseries.csv"
# api's error rate: 0 before web's update at 60 s, 100 % between it and api's own update, 0 after
awk -F, '$2 == "api" && $1 <= 60 && $6 > 0 { exit 1 }' "$ts" || fail "api failed before the conflict"
awk -F, '$2 == "api" && $1 >= 62 && $1 <= 180 && $6 != "1.0000" { exit 1 }' "$ts" || fail "api not at 100 % errors during the conflict"
awk -F, '$2 == "api" && $1 >= 190 && $6 > 0 { exit 1 }' "$ts" || fail "api did not recover after its update"
grep -q ',Warning,DependencyConflict,Pod/api-.*needs openssl 1.1, but installing web replaced it with openssl 3.0' \
    "$tmp/bare/events.csv" || fail "no DependencyConflict event naming both"
[ "$(col "$tmp/bare/summary.csv" web downtime_s)" != "0.000" ] || fail "in-place update of one server without downtime"
for s in web api; do
    [ "$(col "$tmp/ctr/summary.csv" $s failed)" = 0 ] || fail "containers: $s failed requests"
done
grep -q DependencyConflict "$tmp/ctr/events.csv" && fail "containers: a dependency conflict"

"$DEPLOYSIM" run scenarios/vm.json -o "$tmp/vm" --quiet
"$DEPLOYSIM" run scenarios/container.json -o "$tmp/c" --quiet
vmf=$(col "$tmp/vm/summary.csv" shop failed); cf=$(col "$tmp/c/summary.csv" shop failed)
vms=$(col "$tmp/vm/summary.csv" shop scale_s); cs=$(col "$tmp/c/summary.csv" shop scale_s)
vmd=$(col "$tmp/vm/summary.csv" shop pods_per_node); cd=$(col "$tmp/c/summary.csv" shop pods_per_node)
echo "vm: $vmf failed, $vms s to scale, $vmd pods/node; container: $cf failed, $cs s, $cd pods/node"
[ "$cf" -lt "$vmf" ] || fail "containers failed more requests than VMs"
awk -v a="$cs" -v b="$vms" 'BEGIN { exit !(a < b) }' || fail "containers did not scale sooner"
awk -v a="$cd" -v b="$vmd" 'BEGIN { exit !(a > b) }' || fail "VMs not less dense"
echo ok
