#!/usr/bin/env bash
# SIGINT and SIGTERM at random moments of run, run --replications and sweep: afterwards the
# output directory holds either exactly the previous results (the command died of the
# signal) or exactly the new complete results (it finished first) — never a mix, never a
# truncated file; no staging directory is left; no process of the command is left (workers
# die with their parent). An interrupted sweep resumes (--resume) to the same sweep.csv as
# an uninterrupted one. The delays come from a seeded generator: DELAY_SEED=N replays them.
set -euo pipefail
set -m # background commands get their own process group and do not ignore SIGINT
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
seed=${DELAY_SEED:-23}
RANDOM=$seed
sc=scenarios/rolling-update.json

# The processes still running with our temporary directory in their command line (a worker
# is a fork of its parent: the same command line).
left() {
    # "[o]": grep's own command line does not match itself
    grep -l -a -e "$tmp/[o]" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 || true
}

# case NAME ARGS...: previous results (seed 2), reference (seed 3), then seed 3 interrupted.
case_() {
    local name=$1
    shift
    "$DEPLOYSIM" "$@" --seed 3 -q -o "$tmp/ref-$name" >/dev/null
    for sig in INT TERM; do
        rm -rf "$tmp/o" "$tmp/prev"
        "$DEPLOYSIM" "$@" --seed 2 -q -o "$tmp/o" >/dev/null
        cp -a "$tmp/o" "$tmp/prev"
        # a random moment in the first 0.6 s (the command takes about 0.8 s)
        local r=$((RANDOM % 600)) delay
        printf -v delay '0.%03d' "$r"
        "$DEPLOYSIM" "$@" --seed 3 -q -o "$tmp/o" >/dev/null 2>"$tmp/err" &
        local pid=$!
        sleep "$delay"
        kill -s "$sig" "$pid" 2>/dev/null || true
        local rc=0
        wait "$pid" || rc=$?
        local what="$name, SIG$sig after $delay s (DELAY_SEED=$seed)"
        # give a killed worker's exit a moment to be reaped by init
        for _ in 1 2 3 4 5 6 7 8 9 10; do [ -z "$(left)" ] && break; sleep 0.1; done
        [ -z "$(left)" ] || fail "$what: processes left: $(left)"
        ls -a "$tmp" | grep -q '\.tmp-' && fail "$what: a staging directory is left: $(ls -a "$tmp")"
        case $rc in
        0) diff -r "$tmp/ref-$name" "$tmp/o" >/dev/null || fail "$what: finished, but not the new results" ;;
        130 | 143)
            [ $rc -eq $((128 + $(kill -l "$sig"))) ] || fail "$what: died of another signal ($rc)"
            diff -r -x sweep.partial "$tmp/prev" "$tmp/o" >/dev/null ||
                fail "$what: the previous results changed: $(diff -r -x sweep.partial -q "$tmp/prev" "$tmp/o" | head -3)"
            ;;
        *) fail "$what: exit $rc: $(cat "$tmp/err")" ;;
        esac
        echo "$what: exit $rc, ok"
    done
}

case_ run run "$sc" --set duration=60m
case_ reps run "$sc" --set duration=15m --replications 4 -j 2
case_ sweep sweep "$sc" --set duration=15m --vary 'services[0].replicas=4,6' --replications 2 -j 2
case_ compare compare scenarios/recreate.json "$sc" --set duration=15m --replications 2 -j 2

# SIGKILL of the parent (no clean-up possible): its workers die with it (PR_SET_PDEATHSIG),
# the previous results stay, and the next run into the same place removes the dead stage.
rm -rf "$tmp/o" "$tmp/prev"
"$DEPLOYSIM" sweep "$sc" --set duration=30m --vary 'services[0].replicas=4,6' -j 2 -q -o "$tmp/o"
cp -a "$tmp/o" "$tmp/prev"
"$DEPLOYSIM" sweep "$sc" --set duration=30m --vary 'services[0].replicas=4,6' -j 2 --seed 5 -q -o "$tmp/o" &
pid=$!
for _ in $(seq 1 1000); do
    [ -n "$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)" ] && break
    sleep 0.01
done
[ -n "$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)" ] || fail "SIGKILL case: no worker started"
kill -KILL "$pid"
wait "$pid" || true
for _ in $(seq 1 50); do [ -z "$(left)" ] && break; sleep 0.1; done
[ -z "$(left)" ] || fail "SIGKILL of the parent left its workers running: $(left)"
diff -r -x sweep.partial "$tmp/prev" "$tmp/o" >/dev/null || fail "SIGKILL: the previous results changed"
ls -a "$tmp" | grep -q '^\.o\.tmp-' || fail "SIGKILL: expected the dead run's stage to be left"
"$DEPLOYSIM" sweep "$sc" --set duration=1m --vary 'services[0].replicas=4,6' -q -o "$tmp/o"
ls -a "$tmp" | grep -q '^\.o\.tmp-' && fail "the next run did not remove the dead run's stage"
echo "SIGKILL of the parent: workers gone, previous results kept, stage removed by the next run"

# An interrupted sweep keeps its finished runs, and --resume completes it: the same bytes as
# an uninterrupted sweep, then no journal.
sargs=(sweep "$sc" --set duration=10m --vary 'services[0].replicas=3,4,5,6' --replications 3 -j 1 -q)
"$DEPLOYSIM" "${sargs[@]}" -o "$tmp/sweep-ref"
rm -rf "$tmp/o"
"$DEPLOYSIM" "${sargs[@]}" -o "$tmp/o" 2>"$tmp/err" &
pid=$!
# wait until the journal holds at least two runs, then interrupt
for _ in $(seq 1 1500); do
    [ "$(grep -c '^run ' "$tmp/o/sweep.partial" 2>/dev/null || true)" -ge 2 ] && break
    sleep 0.02
done
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ $rc -eq 130 ] || fail "the sweep was not interrupted (exit $rc): $(cat "$tmp/err")"
[ ! -e "$tmp/o/sweep.csv" ] || fail "an interrupted sweep wrote sweep.csv"
kept=$(grep -c '^run ' "$tmp/o/sweep.partial")
[ "$kept" -ge 2 ] && [ "$kept" -lt 12 ] || fail "the journal holds $kept runs"
grep -q "interrupted: $kept of 12 runs are kept in $tmp/o/sweep.partial" "$tmp/err" || fail "message: $(cat "$tmp/err")"
# a different sweep does not take this journal
set +e
"$DEPLOYSIM" "${sargs[@]}" --seed 9 --resume -o "$tmp/o" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "journal of another sweep" "$tmp/err" || fail "a different sweep resumed: exit $rc"
"$DEPLOYSIM" "${sargs[@]}" --resume -o "$tmp/o" 2>"$tmp/err"
cmp "$tmp/sweep-ref/sweep.csv" "$tmp/o/sweep.csv" || fail "the resumed sweep differs from an uninterrupted one"
[ ! -e "$tmp/o/sweep.partial" ] || fail "the journal is left after the sweep completed"

# stale rep-N/ of an earlier, larger run are removed; a later single run removes them all
"$DEPLOYSIM" run "$sc" --set duration=2m --replications 4 -q -o "$tmp/st"
"$DEPLOYSIM" run "$sc" --set duration=2m --replications 2 -q -o "$tmp/st"
[ "$(cd "$tmp/st" && echo rep-*)" = "rep-1 rep-2" ] || fail "stale replications: $(ls "$tmp/st")"
"$DEPLOYSIM" run "$sc" --set duration=2m -q -o "$tmp/st"
[ -z "$(cd "$tmp/st" && ls -d rep-* 2>/dev/null)" ] || fail "a single run kept rep-N/"
# a staging directory of a run killed outright (SIGKILL: no clean-up possible) is removed by
# the next run into the same place
mkdir "$tmp/.st.tmp-999999999-abcdef"
"$DEPLOYSIM" run "$sc" --set duration=2m -q -o "$tmp/st"
[ ! -e "$tmp/.st.tmp-999999999-abcdef" ] || fail "a dead run's staging directory was kept"
# a failure (the target's parent cannot be written) leaves nothing behind and exits 1
mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
set +e
"$DEPLOYSIM" run "$sc" --set duration=2m -q -o "$tmp/ro/x" 2>"$tmp/err"; rc=$?
set -e
chmod 755 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
    [ $rc -eq 1 ] && [ -z "$(ls -A "$tmp/ro")" ] || fail "unwritable target: exit $rc, $(ls -A "$tmp/ro")"
fi
echo "cli_interrupt: ok"
