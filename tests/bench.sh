#!/usr/bin/env bash
# make bench: engine and request-model throughput, then wall time and peak memory of whole
# runs of the large scenarios (GNU time's maximum resident set size).
set -u
BUILD=${BUILD:-build}
"$BUILD/tests/bench_engine"
# the lessons, then the large run of the performance target: 5,000 nodes, 150,000 pods, one
# simulated hour of fluid traffic (target: <= 10 s, <= 400 MiB)
for f in scenarios/*.json tests/bench/large-fluid.json; do
    case "$f" in */schema.json) continue;; esac
    out=$(mktemp -d)
    /usr/bin/time -f "%e %M" -o "$out/time" "$BUILD/deploysim" run "$f" -o "$out/o" --quiet >/dev/null 2>&1
    read -r wall kb < "$out/time"
    printf "scenario %-40s wall %6.2f s  peak %6.1f MiB\n" "$(basename "$f")" "$wall" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
    rm -rf "$out"
done
# The dashboard's frame time: 200 nodes, 5,000 pods, mid-rollout (5:00), 1920x1080 on the
# offscreen (software) renderer; 120 frames after the first, mean and 95th percentile.
if [ -x "$BUILD/deploysim-ui" ]; then
    out=$(mktemp -d)
    line=$(DEPLOYSIM_UI_BENCH=120 "$BUILD/deploysim-ui" --screenshot "$out/x.png" --at 300 \
        --size 1920x1080 tests/bench/ui-200-nodes.json 2>&1 >/dev/null | grep '^frame:')
    rm -rf "$out"
    mean=$(sed -n 's/.*mean \([0-9.]*\) ms, p95.*/\1/p' <<<"$line")
    p95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' <<<"$line")
    if [ -n "$mean" ] && [ -n "$p95" ]; then
        printf "ui frame %-40s mean %6.2f ms  p95 %6.2f ms  (1920x1080, 200 nodes, 5000 pods)\n" \
            "ui-200-nodes.json at 5:00" "$mean" "$p95"
    else
        echo "ui frame ui-200-nodes.json: no timing (${line:-deploysim-ui failed})" >&2
    fi
fi
