#!/usr/bin/env bash
# The command line behaves like a Unix tool: --opt=value, -oDIR, -j4 and `--` parse like
# getopt_long; -h and --help print help (exit 0) on every subcommand; - reads a scenario from
# standard input; -o - writes the main CSV to standard output; non-regular and oversized
# scenario files, --seed "", --shard beyond int and sweeps of too many runs are refused with
# exit 2 and nothing written.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
sc=scenarios/rolling-update.json
short=(--set duration=60s)

# help everywhere, on stdout, exit 0; validate -h is help, not a file named -h
for cmd in run compare sweep merge validate explain; do
    for h in -h --help; do
        out=$("$DEPLOYSIM" "$cmd" "$h") || fail "$cmd $h: exit $?"
        case "$out" in "usage: deploysim $cmd"*) ;; *) fail "$cmd $h: $out" ;; esac
    done
done
"$DEPLOYSIM" --help | grep -q "^usage:" || fail "deploysim --help"

# the same run spelled five ways gives the same bytes
"$DEPLOYSIM" run "$sc" -o "$tmp/a" --seed 4 --set duration=60s -q
"$DEPLOYSIM" run --output="$tmp/b" --seed=4 --set=duration=60s --quiet "$sc"
"$DEPLOYSIM" run -o"$tmp/c" -q --seed 4 "${short[@]}" -- "$sc"
"$DEPLOYSIM" run -q --seed 4 "${short[@]}" -o "$tmp/d" - <"$sc"
for d in b c d; do diff -r "$tmp/a" "$tmp/$d" >/dev/null || fail "run spelled another way ($d) differs"; done
# after --, an operand that looks like an option is an operand
set +e
"$DEPLOYSIM" validate -- -q 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "^-q: cannot open" "$tmp/err" || fail "validate -- -q: exit $rc, $(cat "$tmp/err")"
# - reads standard input (messages name it <stdin>)
"$DEPLOYSIM" validate - <"$sc" | grep -q "^<stdin>: ok" || fail "validate -"
echo '{"name": "x", "cluster": {"nodePools": [{"name": "p"}]}, "services": [{"name": "w", "replicaz": 1}]}' |
    { "$DEPLOYSIM" validate - 2>&1 || true; } | grep -q '^<stdin>: services\[0\].replicaz: unknown key' || fail "errors of stdin"

# -o -: summary.csv (run), the replications' summary.csv, sweep.csv, compare.csv on stdout,
# the same bytes as the file, and no directory named -
"$DEPLOYSIM" run "$sc" "${short[@]}" --seed 4 -o - >"$tmp/stdout.csv"
cmp "$tmp/stdout.csv" "$tmp/a/summary.csv" || fail "run -o - differs from summary.csv"
"$DEPLOYSIM" run "$sc" "${short[@]}" -r 3 -j2 -o - >"$tmp/reps.csv"
"$DEPLOYSIM" run "$sc" "${short[@]}" -r 3 -j2 -q -o "$tmp/reps"
cmp "$tmp/reps.csv" "$tmp/reps/summary.csv" || fail "run --replications -o - differs"
"$DEPLOYSIM" sweep "$sc" "${short[@]}" --vary 'services[0].replicas=4,6' -o - >"$tmp/sweep.csv"
"$DEPLOYSIM" sweep "$sc" "${short[@]}" --vary 'services[0].replicas=4,6' -q -o "$tmp/sw"
cmp "$tmp/sweep.csv" "$tmp/sw/sweep.csv" || fail "sweep -o - differs"
"$DEPLOYSIM" compare scenarios/recreate.json "$sc" "${short[@]}" -o - >"$tmp/compare.csv"
head -1 "$tmp/compare.csv" | grep -q "^scenario,service,metric," || fail "compare -o -: $(head -1 "$tmp/compare.csv")"
[ ! -e ./- ] && [ ! -e "$tmp/-" ] || fail "a directory named - was created"
ls -a /tmp | grep -q '^\.deploysim-stdout\.tmp-' && fail "-o - left its staging directory in /tmp"

# -o . writes into the current directory (its stage goes inside it, hidden, and is removed)
mkdir "$tmp/dot"
(cd "$tmp/dot" && "$DEPLOYSIM" run "$OLDPWD/$sc" --seed 4 "${short[@]}" -q -o .)
cmp "$tmp/dot/summary.csv" "$tmp/a/summary.csv" || fail "-o . differs"
[ -z "$(ls -A "$tmp/dot" | grep '^\.')" ] || fail "-o . left a hidden stage: $(ls -A "$tmp/dot")"

# refused with exit 2, one clear line, nothing written
refuse() {
    local what=$1 pattern=$2 rc=0
    shift 2
    "$@" -o "$tmp/none" 2>"$tmp/err" >/dev/null </dev/null || rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc"
    grep -q -- "$pattern" "$tmp/err" || fail "$what: $(cat "$tmp/err")"
    [ ! -e "$tmp/none" ] || fail "$what: wrote $tmp/none"
}
refuse "/dev/zero" "/dev/zero: not a regular file" "$DEPLOYSIM" run /dev/zero
refuse "a directory" "scenarios: not a regular file" "$DEPLOYSIM" run scenarios
head -c $((17 << 20)) /dev/zero | tr '\0' ' ' >"$tmp/huge.json"
refuse "17 MiB" "larger than the 16 MiB a scenario file may have" "$DEPLOYSIM" run "$tmp/huge.json"
refuse '--seed ""' '--seed "": expected an integer' "$DEPLOYSIM" run "$sc" --seed ""
refuse "--seed 2^64" "--seed \"18446744073709551616\"" "$DEPLOYSIM" run "$sc" --seed 18446744073709551616
refuse "--seed -1" '--seed "-1"' "$DEPLOYSIM" run "$sc" --seed=-1
refuse "seeds beyond 2^64" "go beyond 2^64 - 1" "$DEPLOYSIM" run "$sc" --seed 18446744073709551615 -r 2
refuse "--shard beyond int" "K/N with 1 <= K <= N <= 2147483647" "$DEPLOYSIM" run "$sc" -r 2 --shard 1/4294967297
refuse "--shard 3/2" "expected K/N" "$DEPLOYSIM" run "$sc" -r 2 --shard 3/2
refuse "-j 0" '-j "0"' "$DEPLOYSIM" sweep "$sc" --vary 'services[0].replicas=1,2' -j0
refuse "unknown option" "unknown option --frobnicate" "$DEPLOYSIM" run "$sc" --frobnicate
set +e
"$DEPLOYSIM" run "$sc" --seed 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "deploysim run: --seed needs a value" "$tmp/err" || fail "missing value: $rc $(cat "$tmp/err")"
# points x replications: 1000 x 1000 points x 100000 replications would overflow an int
v=$(seq -s, 1 1000)
refuse "points x replications" "more than the 10000000 one sweep may start" \
    "$DEPLOYSIM" sweep "$sc" --vary "services[0].replicas=$v" --vary "services[0].capacityRps=$v" -r 100000
# resources up front: a run estimated above --max-memory is refused before it starts, with the
# estimate and the key to change; the default limit (75% of the memory) refuses a queue that
# could hold billions of requests
refuse "--max-memory" "needs about 328 MiB (300000 pods, 10000 nodes.*make services\[0\].replicas smaller" \
    "$DEPLOYSIM" run tests/bench/large-fluid.json --max-memory 64Mi
refuse "-j 2 x --max-memory" "2 runs at once, each about 328 MiB.*run fewer at once (-j)" \
    "$DEPLOYSIM" compare tests/bench/large-fluid.json "$sc" -j 2 --max-memory 400Mi
cat >"$tmp/queue.json" <<'JSON'
{"name": "q", "duration": "1h", "cluster": {"nodePools": [{"name": "p", "count": 100, "cpu": "64", "memory": "256Gi"}]},
 "services": [{"name": "w", "replicas": 10000, "capacityRps": 10, "queueLimit": 1000000, "traffic": {"rps": 1000000}}]}
JSON
refuse "default memory limit" "3.6e+09 requests held at most.*75% of this machine's memory.*services\[0\].queueLimit" \
    "$DEPLOYSIM" run "$tmp/queue.json"
refuse "--max-memory garbage" '--max-memory "lots"' "$DEPLOYSIM" run "$sc" --max-memory lots
"$DEPLOYSIM" run "$sc" "${short[@]}" --max-memory 1Gi -q -o "$tmp/mm" || fail "--max-memory 1Gi refused a small run"

# deploysim-ui --record to a path that cannot be written: refused before the session, exit 2
ui=${DEPLOYSIM_UI:-$PWD/build/deploysim-ui}
if [ -x "$ui" ]; then
    set +e
    SDL_VIDEODRIVER=offscreen "$ui" "$sc" --screenshot "$tmp/s.png" --at 5 --record "$tmp/no/such/dir/r.json" 2>"$tmp/err"; rc=$?
    set -e
    [ $rc -eq 2 ] && grep -q -- "--record $tmp/no/such/dir/r.json: cannot write there" "$tmp/err" ||
        fail "deploysim-ui --record to an unwritable path: exit $rc, $(cat "$tmp/err")"
    [ ! -e "$tmp/s.png" ] || fail "deploysim-ui ran although --record cannot be written"
    # getopt_long there too: --opt=value, options after operands, -- before them
    SDL_VIDEODRIVER=offscreen "$ui" --screenshot="$tmp/a.png" --at=30 --size=640x400 -- "$sc" 2>/dev/null
    SDL_VIDEODRIVER=offscreen "$ui" "$sc" --screenshot "$tmp/b.png" --size 640x400 --at 30 2>/dev/null
    cmp "$tmp/a.png" "$tmp/b.png" || fail "deploysim-ui: the same screenshot spelled two ways differs"
    "$ui" -h | grep -q "^usage: deploysim-ui" || fail "deploysim-ui -h"
    set +e
    "$ui" --speed 2>"$tmp/err"; rc=$?
    set -e
    [ $rc -eq 2 ] && grep -q "deploysim-ui: --speed needs a value" "$tmp/err" || fail "deploysim-ui --speed: $rc"
fi
echo "cli_options: ok"
