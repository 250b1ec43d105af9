#!/bin/bash
# A deploysim sweep split into SHARDS shards run by GNU parallel — on this machine, or on
# others with PARALLEL_HOSTS=host1,host2 (each needs deploysim and the scenario at the same
# path; results come back through the shared directory) — then merged:
#   SHARDS=4 contrib/parallel/sweep.sh SCENARIO.json RESULTS-DIR --vary PATH=V1,V2,... [options]
# Each shard runs with -j 1; parallel runs SHARDS of them at a time. The shards go to
# RESULTS-DIR.shards/K, the merged sweep.csv to RESULTS-DIR (byte-identical to one unsharded
# sweep). `-q` makes parallel pass every argument as it is, brackets and quotes included.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: [SHARDS=N] $0 SCENARIO.json RESULTS-DIR --vary ... [sweep options]" >&2
    exit 2
fi
scenario=$1 results=$2
shift 2
n=${SHARDS:-$(nproc)}
shards="$results.shards"
deploysim=${DEPLOYSIM:-deploysim}
hosts=()
[ -n "${PARALLEL_HOSTS:-}" ] && hosts=(-S "$PARALLEL_HOSTS")
mkdir -p "$shards"
parallel --jobs "$n" "${hosts[@]}" --halt now,fail=1 -q "$deploysim" sweep "$scenario" "$@" \
    -j 1 --quiet --shard "{}/$n" -o "$shards/{}" ::: $(seq 1 "$n")
"$deploysim" merge "$shards"/* -o "$results" --quiet
echo "merged $n shards into $results/sweep.csv"
