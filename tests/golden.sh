#!/usr/bin/env bash
# Golden outputs: the SHA-256 of each of the nine CSVs of every lesson scenario and every
# bench scenario, plus a readable copy of each summary.csv so that a difference shows its
# numbers. `make golden` (this script with --update) rewrites them; `make test` (through
# tests/e2e/golden.sh) fails on any difference. A commit that changes outputs on purpose
# regenerates them and says why in its message.
set -u
BUILD=${BUILD:-build}
DEPLOYSIM=${DEPLOYSIM:-$PWD/$BUILD/deploysim}
dir=tests/golden
update=0
[ "${1:-}" = "--update" ] && update=1

scenarios() {
    for f in scenarios/*.json tests/bench/*.json; do
        echo "$f"
    done
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
manifest="$work/outputs.sha256"
: > "$manifest"
mkdir -p "$work/summary"
status=0
for f in $(scenarios); do
    name=$(basename "$f" .json)
    if ! "$DEPLOYSIM" run "$f" -o "$work/$name" --quiet >/dev/null 2>"$work/$name.err"; then
        echo "golden: $f: the run failed:"; cat "$work/$name.err"; status=1; continue
    fi
    (cd "$work" && sha256sum "$name"/*.csv) >> "$manifest"
    cp "$work/$name/summary.csv" "$work/summary/$name.csv"
    rm -rf "${work:?}/$name"
done
[ "$status" -eq 0 ] || exit 1

if [ "$update" -eq 1 ]; then
    rm -rf "$dir/summary"
    mkdir -p "$dir"
    cp "$manifest" "$dir/outputs.sha256"
    cp -r "$work/summary" "$dir/summary"
    echo "golden: wrote $(wc -l < "$dir/outputs.sha256") hashes and $(ls "$dir/summary" | wc -l) summaries to $dir"
    exit 0
fi

if ! diff -u "$dir/outputs.sha256" "$manifest" > "$work/hash.diff"; then
    echo "golden: outputs differ from $dir (run 'make golden' if the change is intended):"
    grep '^[-+][0-9a-f]' "$work/hash.diff" | awk '{ print $2 }' | sort -u | sed 's/^/  /'
    diff -ru "$dir/summary" "$work/summary"
    exit 1
fi
echo "golden: $(wc -l < "$manifest") output files identical"
