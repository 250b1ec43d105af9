#!/usr/bin/env bash
# Every file of the invalid corpus (tests/invalid, expectations in expected.txt): `run` exits 2,
# prints each expected message on stderr, and writes no output directory; `validate` exits 2.
set -uo pipefail
dir=tests/invalid
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

[ -x "$DEPLOYSIM" ] || { echo "FAIL: $DEPLOYSIM is not built"; exit 1; }
[ -f "$dir/expected.txt" ] || { echo "FAIL: $dir/expected.txt is missing"; exit 1; }

files=$(cut -f1 "$dir/expected.txt" | grep -v '^#' | grep . | sort -u)
[ "$(echo "$files" | wc -l)" -ge 20 ] || fail "fewer than 20 files in expected.txt"
for f in $files; do
    [ -f "$dir/$f" ] || { fail "$f is listed in expected.txt but missing"; continue; }
    rm -rf "$tmp/out"
    "$DEPLOYSIM" run "$dir/$f" -o "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    [ "$rc" -eq 2 ] || fail "run $f: exit $rc, expected 2"
    [ -e "$tmp/out" ] && fail "run $f: wrote $tmp/out for an invalid scenario"
    # each expected substring, verbatim (fixed strings), somewhere on stderr
    while IFS=$'\t' read -r name want; do
        [ "$name" = "$f" ] || continue
        grep -qF -- "$want" "$tmp/stderr" || fail "run $f: stderr lacks: $want"
    done <"$dir/expected.txt"
    "$DEPLOYSIM" validate "$dir/$f" >/dev/null 2>"$tmp/stderr"
    rc=$?
    [ "$rc" -eq 2 ] || fail "validate $f: exit $rc, expected 2"
done
if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "ok: $(echo "$files" | wc -l) invalid scenarios rejected"
