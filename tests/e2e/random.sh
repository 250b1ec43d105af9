#!/usr/bin/env bash
# 300 random valid scenarios (tests/random_scenarios.py, seeded): each runs, keeps node
# capacity, RollingUpdate's bounds when undisturbed, its request counts, RFC 4180 files, and
# every 5th is byte-identical when run again. Under `make test SANITIZE=1` a sanitizer report
# fails its scenario. A failure prints the scenario number to replay with --only.
set -uo pipefail
[ -x "$DEPLOYSIM" ] || { echo "FAIL: $DEPLOYSIM is not built"; exit 1; }
python3 "$(dirname "$0")/../random_scenarios.py" "$DEPLOYSIM" "${RANDOM_SCENARIOS:-300}"
