#!/usr/bin/env bash
# Every number a lesson caption states matches the run: tests/e2e/captions.py runs each
# scenario with notes and checks each number of each note (English and its translations)
# against the CSVs or the scenario's inputs. Then it proves it catches wrong ones: the
# review's "completed at about 57 s" (the rollout completes at 53.8 s), a Korean text whose
# number differs from the English, and a number no claim checks.
set -euo pipefail
source tests/e2e/common.bash
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=()
for f in scenarios/*.json; do
    case "$f" in */schema.json) continue;; esac
    files+=("$f")
done
python3 tests/e2e/captions.py "$DEPLOYSIM" "$tmp/out" "${files[@]}" | tee "$tmp/log"
grep -q '^[1-9][0-9]* numbers checked, 0 failures$' "$tmp/log" || fail "captions: unexpected summary"

# expect_caught SED-EXPR FILE MESSAGE: the check fails on the edited copy, saying MESSAGE
expect_caught() {
    mkdir -p "$tmp/bad"
    sed "$1" "scenarios/$2" >"$tmp/bad/$2"
    cmp -s "scenarios/$2" "$tmp/bad/$2" && fail "the edit $1 changed nothing in $2"
    if python3 tests/e2e/captions.py "$DEPLOYSIM" "$tmp/out-bad" "$tmp/bad/$2" >"$tmp/bad.log"; then
        fail "a wrong caption in $2 passed ($1)"
    fi
    grep -qF "$3" "$tmp/bad.log" || { cat "$tmp/bad.log"; fail "expected \"$3\""; }
    rm -f "$tmp/bad/$2"
}
expect_caught 's/The rollout completed at 53.8 s/The rollout completed at about 57 s/' \
    rolling-update-bad.json "states 57 but no claim checks it"
expect_caught 's/RollingUpdate creates 6 v2 pods/RollingUpdate creates 3 v2 pods/' \
    self-healing.json "a claim for 6 (v2 pods created)"
expect_caught 's/maxSurge 25% of 6 = 2 pods/maxSurge 25% of 6 = 3 pods/' \
    rolling-update.json "a claim for 2 (maxSurge in the decision) but the caption does not state it"
expect_caught 's/about 50% of their CPU/about 70% of their CPU/' \
    autoscaling.json "states 70 but no claim checks it"
expect_caught 's/롤아웃은 53.8초에/롤아웃은 57초에/' \
    rolling-update-bad.json "the ko text states [57.0]"
expect_caught 's/(20 s): time to check/(25 s): time to check/' \
    blue-green.json "states 25 but no claim checks it"
# the run itself differs from what the caption says: a slower scale-down, a faster promotion
expect_caught 's/"scaleDownDelaySeconds": 30,/"scaleDownDelaySeconds": 45,/' \
    blue-green.json "states 30 (input, =) but the run gives 45.000"
expect_caught 's/"replicas": 6,/"replicas": 5,/' \
    rolling-update.json "states 6 (pods, =) but the run gives 5.000"
echo "captions: every stated number checked; wrong numbers are caught"
