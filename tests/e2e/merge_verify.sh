#!/usr/bin/env bash
# merge verifies what it merges: each damaged-shard case (another scenario's content, a
# truncated file, a header-only file, a garbage value, a same-length edit, nonsense counts in
# the manifest, a missing or repeated shard) is refused with exit 2, exactly one line on
# stderr, and nothing written; thousands of problems print at most 20 lines and a count.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

cp scenarios/rolling-update.json "$tmp/sc.json"
vary=(--vary 'services[0].replicas=4,5,6' --set duration=60s --replications 2 -j 1 -q)
for k in 1 2; do "$DEPLOYSIM" sweep "$tmp/sc.json" "${vary[@]}" --shard "$k/2" -o "$tmp/good$k"; done
"$DEPLOYSIM" merge "$tmp/good1" "$tmp/good2" -o "$tmp/merged" -q
"$DEPLOYSIM" sweep "$tmp/sc.json" "${vary[@]}" -o "$tmp/whole"
cmp "$tmp/merged/sweep.csv" "$tmp/whole/sweep.csv" || fail "merged shards differ from the whole sweep"
# the manifest: the resolved scenario's hash, the seeds, every file with rows, bytes and hash
python3 - "$tmp/good2/shard.json" <<'PY' || fail "shard.json lacks what merge checks"
import json, sys
m = json.load(open(sys.argv[1]))
assert len(m["scenarioHash"]) == 16 and m["seedFirst"] == "1" and m["seedLast"] == "2", m
f = {x["name"]: x for x in m["files"]}
assert f["sweep.csv"]["rows"] == 4 and f["sweep.csv"]["bytes"] > 0 and len(f["sweep.csv"]["fnv1a64"]) == 16, f
PY

# refuse DESCRIPTION PATTERN: merge of good1 + bad must exit 2 with one line matching PATTERN
refuse() {
    local what=$1 pattern=$2 rc=0
    "$DEPLOYSIM" merge "$tmp/good1" "$tmp/bad" -o "$tmp/out" 2>"$tmp/err" >/dev/null || rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$what: $(wc -l <"$tmp/err") lines: $(cat "$tmp/err")"
    grep -q -- "$pattern" "$tmp/err" || fail "$what: $(cat "$tmp/err")"
    [ ! -e "$tmp/out" ] || fail "$what: merge wrote $tmp/out"
    echo "refused ($what): $(cat "$tmp/err")"
}
fresh() { rm -rf "$tmp/bad"; cp -a "$tmp/good2" "$tmp/bad"; }

# another --set: a different batch
rm -rf "$tmp/bad"
"$DEPLOYSIM" sweep "$tmp/sc.json" "${vary[@]}" --set 'services[0].terminationGracePeriodSeconds=31' --shard 2/2 -o "$tmp/bad"
refuse "other --set" "are shards of different batches"
# another scenario's content under the same file name, name and options: the hash tells
rm -rf "$tmp/bad"
sed 's/"interval": "1s"/"interval": "2s"/' scenarios/rolling-update.json >"$tmp/sc.json"
grep -q '"interval": "2s"' "$tmp/sc.json" || fail "test set-up: the scenario was not changed"
"$DEPLOYSIM" sweep "$tmp/sc.json" "${vary[@]}" --shard 2/2 -o "$tmp/bad"
refuse "another scenario content" "is a shard of another scenario: its content hash is"
cp scenarios/rolling-update.json "$tmp/sc.json"

fresh; sed -i '$d' "$tmp/bad/sweep.csv"
refuse "truncated (a row less)" "sweep.csv: 3 rows, the manifest says 4 (truncated or damaged)"
fresh; head -c 300 "$tmp/good2/sweep.csv" >"$tmp/bad/sweep.csv"
refuse "truncated mid-row" "sweep.csv: .*truncated or damaged"
fresh; head -1 "$tmp/good2/sweep.csv" >"$tmp/bad/sweep.csv"
refuse "header only" "sweep.csv: only its header line, the manifest says 4 rows"
fresh; : >"$tmp/bad/sweep.csv"
refuse "empty" "sweep.csv: empty, the manifest says 4 rows"
fresh; rm "$tmp/bad/sweep.csv"
refuse "missing file" "sweep.csv: missing"
fresh; awk -F, -v OFS=, 'NR == 3 { $8 = "abc" } { print }' "$tmp/good2/sweep.csv" >"$tmp/bad/sweep.csv"
refuse "garbage value" 'row 2, column failed: "abc" is not a number'
fresh; awk -F, -v OFS=, 'NR == 2 { $1 = 1 } { print }' "$tmp/good2/sweep.csv" >"$tmp/bad/sweep.csv"
refuse "a row of another shard's point" "row 1: point 1 is not one of this shard's points 2..3"
fresh; sed -i '2s/,web,[0-9]/,web,9/' "$tmp/bad/sweep.csv"
refuse "same-length edit" "damaged: its content differs from what the shard wrote"
fresh; sed -i -E 's/"shards":\s*2/"shards": 0/' "$tmp/bad/shard.json"
refuse "zero shards" 'not a valid shard manifest: "shards" is not an integer from 1'
fresh; sed -i -E 's/"shard":\s*2/"shard": 99999999999/' "$tmp/bad/shard.json"
refuse "shard beyond int" 'not a valid shard manifest: "shard" is not an integer from 1 to 2'
fresh; sed -i -E 's/"points":\s*3/"points": -3/' "$tmp/bad/shard.json"
refuse "negative points" 'not a valid shard manifest: "points" is not an integer'
fresh; sed -i -E 's/"rows":\s*4/"rows": 1e300/' "$tmp/bad/shard.json"
refuse "nonsense row count" 'files\[[0-9]\]: "rows" is not an integer'
fresh; sed -i -E 's/"seedFirst":\s*"1"/"seedFirst": "x"/' "$tmp/bad/shard.json"
refuse "garbage seed" '"seedFirst" is not a seed'
fresh; echo '{' >"$tmp/bad/shard.json"
refuse "manifest not JSON" "not a valid shard manifest: not JSON"
rm -rf "$tmp/bad"; cp -a "$tmp/good1" "$tmp/bad"
set +e
"$DEPLOYSIM" merge "$tmp/good1" "$tmp/good2" "$tmp/bad" -o "$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "are both shard 1/2" "$tmp/err" || fail "a shard twice: $rc $(cat "$tmp/err")"
set +e
"$DEPLOYSIM" merge "$tmp/good1" -o "$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "shard 2/2 is missing" "$tmp/err" || fail "missing shard: $rc $(cat "$tmp/err")"

# run --replications shards: a truncated file of one replication
rargs=(scenarios/recreate.json --set duration=60s --replications 4 -j 1 -q)
"$DEPLOYSIM" run "${rargs[@]}" --shard 1/2 -o "$tmp/r1"
"$DEPLOYSIM" run "${rargs[@]}" --shard 2/2 -o "$tmp/r2"
sed -i '$d' "$tmp/r2/rep-4/pods.csv"
set +e
"$DEPLOYSIM" merge "$tmp/r1" "$tmp/r2" -o "$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "rep-4/pods.csv: .* rows, the manifest says" "$tmp/err" ||
    fail "truncated pods.csv of a replication: $rc $(cat "$tmp/err")"
# a manifest claiming 100000 shards: a few lines, never 99999
sed -i -E 's/"shards":\s*2/"shards": 100000/' "$tmp/r1/shard.json"
set +e
"$DEPLOYSIM" merge "$tmp/r1" -o "$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -le 21 ] && grep -q "more problems" "$tmp/err" ||
    fail "100000 shards: exit $rc, $(wc -l <"$tmp/err") lines"
echo "merge_verify: ok"
