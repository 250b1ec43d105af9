#!/usr/bin/env bash
# The scale table of `make bench` (and `make bench-hyperscale`): tests/bench/scale.py's
# series — 30 pods per node, services of 1,500 fluid-traffic replicas, one simulated hour with
# rolling updates, a node failure and a zone outage — at each node count of SCALE_NODES: wall
# time, CPU time (user + system), peak resident memory (GNU time), then the exponent of CPU
# time between the smallest count from 5,000 on and the largest (cpu ∝ nodes^k), and the
# memory per node (an empty cluster of the largest size) and per pod.
set -u
BUILD=${BUILD:-build}
nodes=${SCALE_NODES:-1000 5000 20000 65000}
dir="$BUILD/scale"
mkdir -p "$dir"
declare -A cpu rss
pods_of() { python3 -c "import json,sys; print(sum(s['replicas'] for s in json.load(open(sys.argv[1]))['services']))" "$1"; }
for n in $nodes; do
    f="$dir/scale-$n.json"
    [ -f "$f" ] || python3 tests/bench/scale.py "$n" "$f"
    out=$(mktemp -d)
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$BUILD/deploysim" run "$f" -o "$out/o" --quiet \
        >/dev/null 2>&1 || echo "scale $n: the run failed" >&2
    read -r wall user sys kb <"$out/time"
    rm -rf "$out"
    cpu[$n]=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    rss[$n]=$kb
    printf "scale %6d nodes %8d pods  wall %7.2f s  cpu %7.2f s  peak %7.1f MiB\n" "$n" \
        "$(pods_of "$f")" "$wall" "${cpu[$n]}" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
done
lo=""; hi=""
for n in $nodes; do
    [ "$n" -ge 5000 ] && [ -z "$lo" ] && lo=$n
    hi=$n
done
if [ -n "$lo" ] && [ "$hi" != "$lo" ]; then
    awk -v a="${cpu[$lo]}" -v b="${cpu[$hi]}" -v n0="$lo" -v n1="$hi" \
        'BEGIN { if (a > 0 && b > 0) printf "growth %d -> %d nodes: cpu ~ nodes^%.2f\n", n0, n1, log(b / a) / log(n1 / n0) }'
fi
# memory per node: the largest cluster with one pod; per pod: the rest of the full run's peak
f="$dir/empty-$hi.json"
[ -f "$f" ] || python3 tests/bench/scale.py "$hi" "$f" --empty
out=$(mktemp -d)
/usr/bin/time -f "%M" -o "$out/time" "$BUILD/deploysim" run "$f" -o "$out/o" --quiet >/dev/null 2>&1
kb=$(cat "$out/time")
rm -rf "$out"
pods=$(pods_of "$dir/scale-$hi.json")
awk -v e="$kb" -v f="${rss[$hi]}" -v n="$hi" -v p="$pods" \
    'BEGIN { printf "memory at %d nodes: %.0f bytes per node (empty cluster), %.0f bytes per pod\n", n, e * 1024 / n, (f - e) * 1024 / p }'
