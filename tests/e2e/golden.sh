#!/usr/bin/env bash
# Every lesson's and bench scenario's nine CSVs are byte-identical to tests/golden.
set -u
cd "$(dirname "$0")/../.."
exec bash tests/golden.sh
