#!/usr/bin/env bash
# Runs every cmocka program in $BUILD/tests and every end-to-end script in tests/e2e, and
# closes with one "N passed, N failed" line. Exit 1 when anything failed.
set -u
BUILD=${BUILD:-build}
export BUILD
export DEPLOYSIM="$PWD/$BUILD/deploysim"
export DEPLOYSIM_UI="$PWD/$BUILD/deploysim-ui"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0
failures=()
log=$(mktemp -d)
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.o|*.d) continue;; esac
    name=$(basename "$t")
    if "$t" >"$log/$name.out" 2>&1; then
        passed=$((passed + 1)); echo "PASS  $name"
    else
        failed=$((failed + 1)); failures+=("$name"); echo "FAIL  $name"; tail -n 30 "$log/$name.out"
    fi
done
for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    if bash "$t" >"$log/$name.out" 2>&1; then
        passed=$((passed + 1)); echo "PASS  e2e/$name"
    else
        failed=$((failed + 1)); failures+=("e2e/$name"); echo "FAIL  e2e/$name"; tail -n 30 "$log/$name.out"
    fi
done
rm -rf "$log"
[ "$failed" -eq 0 ] || echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
