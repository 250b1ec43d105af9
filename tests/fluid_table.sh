#!/usr/bin/env bash
# fluid_table.sh [REPS] [LESSON...]: per lesson, REPS request-level replications against one
# fluid run; prints tests/e2e/fluid_agreement.py's table. Exit 1 if a metric is out of
# tolerance.
set -u
: "${DEPLOYSIM:=$PWD/build/deploysim}"
reps=${1:-10}
shift || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lessons=("$@")
[ ${#lessons[@]} -gt 0 ] || lessons=(scenarios/*.json)
rc=0
for f in "${lessons[@]}"; do
    n=$(basename "$f" .json)
    "$DEPLOYSIM" run "$f" --set fidelity=requests --replications "$reps" -q -o "$tmp/$n-rq" >/dev/null || { echo "$n: requests run failed"; rc=1; continue; }
    "$DEPLOYSIM" run "$f" --set fidelity=fluid --replications "$reps" -q -o "$tmp/$n-fl" >/dev/null || { echo "$n: fluid run failed"; rc=1; continue; }
    python3 tests/e2e/fluid_agreement.py "$n" "$tmp/$n-rq" "$tmp/$n-fl" || rc=1
done
exit $rc
