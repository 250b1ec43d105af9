#!/usr/bin/env bash
# Every usage error of the command line is refused the same way: exit 2, one message that
# names what is wrong (and the limit it broke), nothing written. One row per case below:
# the command, then the first line expected on stderr. Also: --version, and what explain
# prints for a readiness failure and a taint.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
sc=scenarios/rolling-update.json
cd "$tmp" # a refused command must leave this directory empty (apart from our inputs)
sc="$OLDPWD/$sc"

# refused EXPECTED-FIRST-LINE COMMAND...: exit 2 (or $code), that line first on stderr, no
# out/ written
refused() {
    local want=$1 rc=0
    shift
    "$DEPLOYSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null || rc=$?
    [ $rc -eq "${code:-2}" ] || fail "$*: exit $rc, not ${code:-2} ($(head -c 300 "$tmp/stderr"))"
    local got
    got=$(head -n 1 "$tmp/stderr")
    [ "$got" = "$want" ] || fail "$*: stderr '$got', not '$want'"
    [ ! -s "$tmp/stdout" ] || fail "$*: wrote to stdout: $(head -c 200 "$tmp/stdout")"
    [ ! -e "$tmp/out" ] || fail "$*: created out/"
}

mkdir inputs
printf '{"name": "x"\0}' >inputs/nul.json
touch inputs/file
sets=()
for i in $(seq 0 64); do sets+=(--set "seed=$i"); done
varys=()
for i in $(seq 0 16); do varys+=(--vary "seed=$i"); done
thousand=$(seq -s, 1 1000)
many=()
for i in $(seq 0 100); do many+=("$sc"); done

refused 'deploysim — a deployment-strategy simulator (local, VM and container deployments on a' # no command
refused 'deploysim: unknown command "frobnicate" (try deploysim --help)' frobnicate
refused 'deploysim run: -o needs a directory (or - for standard output)' run "$sc" -o ''
refused 'deploysim run: --set "duration": expected PATH=VALUE' run "$sc" --set duration
refused 'deploysim run: --set "=60s": expected PATH=VALUE' run "$sc" --set =60s
refused 'deploysim run: at most 64 --set options' run "$sc" "${sets[@]}"
refused 'deploysim sweep: at most 16 --vary options' sweep "$sc" "${varys[@]}"
refused 'deploysim run: unknown option -Z' run -Z "$sc"
refused 'deploysim run: one scenario at a time (use compare for several)' run "$sc" "$sc"
refused 'usage: deploysim validate SCENARIO.json...' validate
refused "inputs/nul.json: holds a NUL byte: not a JSON text" validate inputs/nul.json
# -o: a file, a missing directory given as DIR/., a parent that cannot be a directory (exit 1:
# the scenario was fine, the place to write it is not)
code=1 refused "deploysim run: -o inputs/file: exists and is not a directory" run "$sc" -o inputs/file
code=1 refused "deploysim run: -o missing/.: no such directory" run "$sc" -o missing/.
code=1 refused "deploysim run: inputs/file/sub: cannot create directory: Not a directory" \
    run "$sc" -o inputs/file/sub/out
# sweep: malformed --vary lists, several scenarios, none, too many points, seeds past 2^64
refused 'deploysim sweep: --vary seed: "[]" is not a non-empty JSON array' sweep "$sc" --vary 'seed=[]'
refused 'deploysim sweep: --vary seed: "[1," is not a non-empty JSON array' sweep "$sc" --vary 'seed=[1,'
refused 'deploysim sweep: --vary seed: an empty value in "1,,2"' sweep "$sc" --vary 'seed=1,,2'
refused 'deploysim sweep: one scenario (vary it with --vary)' sweep "$sc" "$sc" --vary seed=1,2
refused 'deploysim sweep: needs a scenario and at least one --vary' sweep "$sc"
refused 'deploysim sweep: more than 1000000 points' \
    sweep "$sc" --vary "seed=$thousand" --vary "services[0].replicas=$thousand,1001"
refused 'deploysim sweep: seeds 18446744073709551615 + 2 replications go beyond 2^64 - 1' \
    sweep "$sc" --vary 'services[0].replicas=2,3' --seed 18446744073709551615 -r 2
# compare: seeds past 2^64, more runs than a batch may start (101 scenarios x 100000)
refused 'deploysim compare: seeds 18446744073709551615 + 2 replications go beyond 2^64 - 1' \
    compare "$sc" "$sc" --seed 18446744073709551615 -r 2
refused 'deploysim compare: 101 scenarios x 100000 replications: more than 10000000 runs' \
    compare "${many[@]}" -r 100000
refused 'usage: deploysim merge DIR... -o DIR [--quiet]' merge

# standard input beyond the 16 MiB a scenario may have (read in growing blocks, then refused)
rc=0
head -c $((17 << 20)) /dev/zero | tr '\0' ' ' | "$DEPLOYSIM" validate - 2>"$tmp/stderr" || rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/stderr")" = "<stdin>: larger than the 16 MiB a scenario file may have" ] ||
    fail "17 MiB on stdin: exit $rc, $(head -c 300 "$tmp/stderr")"

# -o - with no writable TMPDIR: refused before anything runs (exit 1: nothing was wrong with
# the input), and nothing on stdout
rc=0
TMPDIR=/nonexistent "$DEPLOYSIM" run "$sc" --set duration=10s -o - >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/stdout" ] &&
    [ "$(cat "$tmp/stderr")" = "deploysim run: cannot create a directory in /nonexistent: No such file or directory" ] ||
    fail "-o - without TMPDIR: exit $rc, $(cat "$tmp/stderr")"

# merge: the output may not be one of the shards (it would be overwritten while read)
"$DEPLOYSIM" run "$sc" --set duration=10s -r 2 --shard 1/1 -q -o shard
refused "deploysim merge: the output shard is one of the shards: give another -o" merge shard -o shard

# --version: the version the man page and the Makefile give
ver=$("$DEPLOYSIM" --version)
[[ "$ver" =~ ^deploysim\ [0-9]+\.[0-9]+ ]] || fail "--version: $ver"

# explain names a readiness failure after start and a taint event as they were written
cat >inputs/explain.json <<'JSON'
{"name": "explain", "duration": "2m",
 "cluster": {"nodePools": [{"name": "w", "count": 2}]},
 "services": [{"name": "web", "replicas": 2, "unreadyAfter": "30s", "traffic": {"rps": 10}}],
 "events": [{"at": "1m", "action": "taint", "node": "w-2", "key": "dedicated", "value": "gpu",
             "effect": "NoSchedule"}]}
JSON
"$DEPLOYSIM" explain inputs/explain.json >"$tmp/explain"
grep -q 'readiness fails 30.0 s (mean) after it starts' "$tmp/explain" ||
    fail "explain: no readiness failure: $(cat "$tmp/explain")"
grep -Eq '^ +60.0 s  taint w-2 dedicated=gpu:NoSchedule$' "$tmp/explain" ||
    fail "explain: no taint line: $(cat "$tmp/explain")"
echo "cli_errors: ok"
