#!/usr/bin/env bash
# The scale table of `make bench` (and `make bench-hyperscale`): tests/bench/scale.py's
# series — 30 pods per node, services of 1,500 fluid-traffic replicas, one simulated hour with
# rolling updates, a node failure and a zone outage — at each node count of SCALE_NODES: wall
# time, CPU time (user + system), peak resident memory (GNU time), then the exponent of CPU
# time between the smallest count from 5,000 on and the largest (cpu ∝ nodes^k), and the
# memory per node (an empty cluster of the largest size) and per pod. At 5,000 nodes the same
# run with a DoNotSchedule zone spread constraint on every service (scale.py --spread) follows
# the plain one at once, and its CPU time is given as a multiple of the plain run's (issue #20:
# at most 1.5x).
set -u
BUILD=${BUILD:-build}
nodes=${SCALE_NODES:-1000 5000 20000 65000}
dir="$BUILD/scale"
mkdir -p "$dir"
declare -A cpu rss
pods_of() { python3 -c "import json,sys; print(sum(s['replicas'] for s in json.load(open(sys.argv[1]))['services']))" "$1"; }
# one run: "wall cpu kb" of deploysim on the file
measure() {
    local out wall user sys kb
    out=$(mktemp -d)
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$BUILD/deploysim" run "$1" -o "$out/o" --quiet \
        >/dev/null 2>&1 || echo "$1: the run failed" >&2
    read -r wall user sys kb <"$out/time"
    rm -rf "$out"
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $kb"
}
spread_line=""
for n in $nodes; do
    f="$dir/scale-$n.json"
    [ -f "$f" ] || python3 tests/bench/scale.py "$n" "$f"
    read -r wall c kb <<<"$(measure "$f")"
    cpu[$n]=$c
    rss[$n]=$kb
    printf "scale %6d nodes %8d pods  wall %7.2f s  cpu %7.2f s  peak %7.1f MiB\n" "$n" \
        "$(pods_of "$f")" "$wall" "${cpu[$n]}" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
    if [ "$n" = 5000 ]; then
        # the pair interleaved, best of two each: the machine's load drifts between runs
        f="$dir/scale-$n-spread.json"
        [ -f "$f" ] || python3 tests/bench/scale.py "$n" "$f" --spread
        read -r wall c kb <<<"$(measure "$f")"
        read -r _ plain _ <<<"$(measure "$dir/scale-$n.json")"
        read -r wall2 c2 _ <<<"$(measure "$f")"
        read -r c wall plain <<<"$(awk -v a="$c" -v b="$c2" -v w="$wall" -v w2="$wall2" \
            -v p="$plain" -v q="${cpu[$n]}" \
            'BEGIN { print (b < a ? b " " w2 : a " " w), (p < q ? p : q) }')"
        printf "scale %6d nodes %8d pods  wall %7.2f s  cpu %7.2f s  peak %7.1f MiB  (zone spread)\n" \
            "$n" "$(pods_of "$f")" "$wall" "$c" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
        spread_line=$(awk -v a="$c" -v b="$plain" 'BEGIN { if (b > 0) printf \
            "zone spread at scale: %.2fx the CPU time without (target <= 1.5x; best of two each: %.2f s vs %.2f s)", a / b, a, b }')
    fi
done
[ -n "$spread_line" ] && echo "$spread_line"
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
