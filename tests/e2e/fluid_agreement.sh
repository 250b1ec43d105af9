#!/usr/bin/env bash
# Fluid agrees with requests (issue #22): on the lessons whose traffic has the transients the
# fluid model carries (a Recreate gap with one cold pod taking all traffic, an overload past
# capacity with an HPA, a node failure, a single pod's tail, round-robin over several pods),
# `"fidelity": "fluid"` is within tests/e2e/fluid_agreement.py's tolerance of the mean of 10
# request-level replications (same seeds, so the same pod lifecycles): failed requests 5 %,
# availability 5 % of its complement, p50/p99 10 %, mean ready/desired replicas 5 %, or within
# the 95 % interval of the paired differences. `bash tests/fluid_table.sh` prints the table for
# every lesson (docs/MODEL.md#fluid lists the ones outside the tolerance and why).
# Then the check must catch a disagreement: another lesson's fluid run against recreate.
set -euo pipefail
source tests/e2e/common.bash
: "${DEPLOYSIM:=$PWD/build/deploysim}"
export DEPLOYSIM
out=$(bash tests/fluid_table.sh 10 scenarios/recreate.json scenarios/autoscaling.json \
    scenarios/node-failure.json scenarios/local-conflict.json scenarios/rolling-update.json \
    scenarios/container.json) || { echo "$out"; fail "fluid disagrees with requests"; }
echo "$out"
rows=$(grep -c ' ok$' <<<"$out")
[ "$rows" -ge 40 ] || fail "expected at least 40 compared metrics, got $rows"
# the autoscaling lesson's failed requests: fluid once had 18,280 against requests' 10,146
grep -qE '^autoscaling +web +failed .* ok$' <<<"$out" || fail "autoscaling failed requests"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$DEPLOYSIM" run scenarios/recreate.json --replications 3 -q -o "$tmp/rq" >/dev/null
"$DEPLOYSIM" run scenarios/rolling-update.json --set fidelity=fluid --replications 3 -q \
    -o "$tmp/fl" >/dev/null
if python3 tests/e2e/fluid_agreement.py wrong "$tmp/rq" "$tmp/fl" >"$tmp/log"; then
    cat "$tmp/log"; fail "a rolling update's fluid run passed against recreate's requests"
fi
grep -qE '^wrong +web +failed .* FAIL$' "$tmp/log" || { cat "$tmp/log"; fail "failed not caught"; }
echo "fluid agreement: $rows metrics within tolerance; a wrong pairing is caught"
