#!/bin/bash
# Submits a deploysim sweep as a Slurm job array of TASKS shards (default 8), and its merge
# as a job that runs only once every array task has succeeded (afterok):
#   TASKS=16 contrib/slurm/submit.sh SCENARIO.json RESULTS-DIR --vary PATH=V1,V2,... [options]
# The shards go to RESULTS-DIR.shards/K; the merged sweep.csv to RESULTS-DIR. Prints the two
# job ids. DEPLOYSIM names the binary (default: deploysim on the PATH).
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: [TASKS=N] $0 SCENARIO.json RESULTS-DIR --vary ... [sweep options]" >&2
    exit 2
fi
scenario=$1 results=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
tasks=${TASKS:-8}
shards="$results.shards"
deploysim=${DEPLOYSIM:-deploysim}
jid=$(sbatch --parsable --array="1-$tasks" "$here/sweep.sbatch" "$scenario" "$shards" "$@")
jid=${jid%%;*} # --parsable may add ";cluster"
# the glob is expanded when the merge job runs, once the shard directories exist
merge=$(printf '%q merge %q/* -o %q --quiet' "$deploysim" "$shards" "$results")
mid=$(sbatch --parsable --dependency="afterok:$jid" --job-name=deploysim-merge --wrap "$merge")
echo "array job $jid ($tasks shards in $shards), merge job ${mid%%;*} (into $results)"
