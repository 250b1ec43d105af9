#!/usr/bin/env bash
# The README's own commands are true: every command output it shows (blocks marked
# <!-- output of: ... -->) is what the command prints today, and `deploysim validate
# scenarios/*.json` succeeds (the schema lives outside the scenario glob).
set -euo pipefail
. "$(dirname "$0")/common.bash"
: "${DEPLOYSIM:=$PWD/build/deploysim}"
python3 tests/readme_outputs.py || fail "README.md shows stale outputs (tests/readme_outputs.py --update)"
"$DEPLOYSIM" validate scenarios/*.json >/dev/null || fail "deploysim validate scenarios/*.json"
build=${BUILD:-build}
out=$("$build/deploysim" run - -o - <scenarios/recreate.json)
[ "$(printf '%s\n' "$out" | head -1 | cut -d, -f1-3)" = scenario,seed,service ] || fail "README's stdin example: $out"
echo "readme: ok"
