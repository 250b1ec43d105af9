#!/usr/bin/env bash
# make bench: engine and request-model throughput, then wall time and peak memory of whole
# runs of the large scenarios (GNU time's maximum resident set size).
set -u
BUILD=${BUILD:-build}
"$BUILD/tests/bench_engine"
for f in scenarios/*.json; do
    case "$f" in */schema.json) continue;; esac
    out=$(mktemp -d)
    /usr/bin/time -f "%e %M" -o "$out/time" "$BUILD/deploysim" run "$f" -o "$out/o" --quiet >/dev/null 2>&1
    read -r wall kb < "$out/time"
    printf "scenario %-40s wall %6.2f s  peak %6.1f MiB\n" "$(basename "$f")" "$wall" "$(echo "$kb/1024" | bc -l)"
    rm -rf "$out"
done
