#!/usr/bin/env bash
# Boundary values of every numeric scenario key (tests/e2e/boundary.py): each runs with sane
# outputs or is refused with exit 2 and a message naming its range. Under `make test
# SANITIZE=1` any UBSan/ASan report fails it.
set -uo pipefail
[ -x "$DEPLOYSIM" ] || { echo "FAIL: $DEPLOYSIM is not built"; exit 1; }
python3 "$(dirname "$0")/boundary.py" "$DEPLOYSIM"
