#!/usr/bin/env bash
# Progress on a terminal: a long run shows how far it is on stderr ("NN% simulated (X of Y s)")
# and a batch counts its runs ("run: K/N runs, ... elapsed"), ending with N/N; the line is
# erased (or ended) when done. Progress never changes a result: the CSVs are byte-identical to
# a run whose stderr is not a terminal, and --quiet or a pipe shows none.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
sc=scenarios/self-healing.json # 16 simulated minutes at 600 req/s

# on a pseudo-terminal (script(1)); the command's stdout and stderr both land in the log
on_tty() { script -qec "$*" "$tmp/tty.log" >/dev/null; }

# a run shows its progress once it has taken half a second: asserted when it took a second
t0=$(date +%s%N)
on_tty "'$DEPLOYSIM' run $sc -o '$tmp/tty'"
if [ $(($(date +%s%N) - t0)) -ge 1000000000 ]; then
    grep -aq '% simulated (' "$tmp/tty.log" || fail "no progress on a terminal: $(head -c 300 "$tmp/tty.log")"
    grep -aq 's elapsed, ETA ' "$tmp/tty.log" || fail "progress without elapsed time and ETA"
fi
"$DEPLOYSIM" run "$sc" -o "$tmp/pipe" 2>"$tmp/pipe.err" >/dev/null
[ ! -s "$tmp/pipe.err" ] || fail "progress on a pipe: $(head -c 200 "$tmp/pipe.err")"
diff -r "$tmp/tty" "$tmp/pipe" >/dev/null || fail "a run on a terminal wrote other CSVs"

# a batch: N/N at the end, the same summary as without a terminal
on_tty "'$DEPLOYSIM' run $sc --set duration=2m -r 3 -j 2 -o '$tmp/reps-tty'"
grep -aq 'run: 0/3 runs, ' "$tmp/tty.log" || fail "no batch progress: $(head -c 300 "$tmp/tty.log")"
grep -aq 'run: 3/3 runs, .* elapsed' "$tmp/tty.log" || fail "batch progress does not reach 3/3"
"$DEPLOYSIM" run "$sc" --set duration=2m -r 3 -j 2 -q -o "$tmp/reps-pipe"
cmp "$tmp/reps-tty/summary.csv" "$tmp/reps-pipe/summary.csv" || fail "batch summary differs on a terminal"

# --quiet on a terminal: no progress
on_tty "'$DEPLOYSIM' run $sc --set duration=2m -r 3 -j 2 -q -o '$tmp/reps-quiet'"
! grep -aq 'runs, ' "$tmp/tty.log" || fail "--quiet showed progress"
echo "cli_progress: ok"
