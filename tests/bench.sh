#!/usr/bin/env bash
# make bench: engine and request-model throughput, then wall time and peak memory of whole
# runs of the large scenarios (GNU time's maximum resident set size).
set -u
BUILD=${BUILD:-build}
# the queue against a plain binary heap at 1k/100k/1M pending, the request model against a
# hand-written M/M/10 loop (each pair in one process, best of three, CPU time)
engine=$("$BUILD/tests/bench_engine")
echo "$engine"
# the same M/M/10 in SimPy (tests/bench/mm10_simpy.py; Debian's python3-simpy is for the
# system's python3), 100 simulated seconds, against the request model's rate above
py=python3
/usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null && py=/usr/bin/python3
simpy=$("$py" tests/bench/mm10_simpy.py 100)
echo "$simpy"
ours=$(sed -n 's/^request model, M\/M\/10 at rho 0.9: \([0-9.]*\) M requests.*/\1/p' <<<"$engine")
theirs=$(sed -n 's/^simpy M\/M\/10.*: \([0-9.]*\) M requests.*/\1/p' <<<"$simpy")
if [ -n "$ours" ] && [ -n "$theirs" ]; then
    awk -v a="$ours" -v b="$theirs" \
        'BEGIN { if (b > 0) printf "request model against SimPy on M/M/10: %.0fx its requests per CPU second\n", a / b }'
fi
# a dashboard time-bar jump on 1,000 nodes / 30,000 pods (ui/session.c): played to the end,
# then a click back to 5:50, mid-rollout (never a checkpoint's time: those are multiples of
# 30 s), which restores the checkpoint before it and replays from there; the worst jump back to
# any 10 s of the run; and, for comparison, a new run from 0 to 5:50 (what a jump cost before
# checkpoints)
"$BUILD/tests/bench_engine" jump tests/bench/ui-1000-nodes.json 350
# the lessons, then the large run of the performance target: 5,000 nodes, 150,000 pods, one
# simulated hour of fluid traffic (target: <= 10 s, <= 400 MiB), and the same with an HPA on
# every service and the cluster autoscaler (target: <= 1.5x the CPU time of the plain one)
declare -A cpu
for f in scenarios/*.json tests/bench/large-fluid.json tests/bench/large-fluid-hpa.json; do
    case "$f" in */schema.json) continue;; esac
    out=$(mktemp -d)
    /usr/bin/time -f "%e %U %M" -o "$out/time" "$BUILD/deploysim" run "$f" -o "$out/o" --quiet >/dev/null 2>&1
    read -r wall user kb < "$out/time"
    cpu[$(basename "$f")]=$user
    printf "scenario %-40s wall %6.2f s  cpu %6.2f s  peak %6.1f MiB\n" "$(basename "$f")" "$wall" "$user" \
        "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
    rm -rf "$out"
done
awk -v a="${cpu[large-fluid-hpa.json]}" -v b="${cpu[large-fluid.json]}" \
    'BEGIN { if (b > 0) printf "HPA at scale: %.2fx the CPU time without HPAs (target <= 1.5x)\n", a / b }'
# The dashboard's frame time: 200 nodes / 5,000 pods and 1,000 nodes / 30,000 pods,
# mid-rollout (5:00), 1920x1080 on the offscreen (software) renderer; 120 frames after the
# first, mean and 95th percentile: paused at 5:00, then playing up to 5:00 at 0.25 simulated
# seconds a frame (15x at 60 frames/s: pods change between frames; the simulation between
# them is not counted).
if [ -x "$BUILD/deploysim-ui" ]; then
    for f in ui-200-nodes.json:"200 nodes, 5000 pods" ui-1000-nodes.json:"1000 nodes, 30000 pods"; do
        file=${f%%:*} what=${f#*:}
        for play in "" 0.25; do
            out=$(mktemp -d)
            line=$(DEPLOYSIM_UI_BENCH=120 DEPLOYSIM_UI_BENCH_PLAY=$play "$BUILD/deploysim-ui" \
                --screenshot "$out/x.png" --at 300 --size 1920x1080 "tests/bench/$file" 2>&1 \
                >/dev/null | grep '^frame:')
            rm -rf "$out"
            mean=$(sed -n 's/.*mean \([0-9.]*\) ms, p95.*/\1/p' <<<"$line")
            p95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' <<<"$line")
            how=${play:+"playing to 5:00"}
            if [ -n "$mean" ] && [ -n "$p95" ]; then
                printf "ui frame %-40s mean %6.2f ms  p95 %6.2f ms  CPU (1920x1080, %s)\n" \
                    "$file ${how:-at 5:00}" "$mean" "$p95" "$what"
            else
                echo "ui frame $file: no timing (${line:-deploysim-ui failed})" >&2
            fi
        done
    done
fi
