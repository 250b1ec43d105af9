#!/usr/bin/env bash
# contrib/: the Slurm array script (through a stand-in `sbatch` that runs the array's tasks
# here, honours --parsable, --array, --dependency=afterok and --wrap, and refuses a dependency
# that did not succeed) and the GNU parallel recipe (through a stand-in `parallel` for the
# subset it uses: --jobs, -S, --halt, -q, ::: ARGS, {}), each ending in merge: the merged
# sweep.csv is byte-identical to one unsharded sweep.
set -euo pipefail
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
export DEPLOYSIM
mkdir -p "$tmp/bin"

cat >"$tmp/bin/sbatch" <<'SH'
#!/usr/bin/env bash
# stand-in sbatch: runs the job at once, here; job states in $SBATCH_STATE
set -euo pipefail
state=${SBATCH_STATE:?}
mkdir -p "$state"
parsable=0 array="" dep="" wrap="" script=""
while [ $# -gt 0 ] && [ -z "$script" ]; do
    case $1 in
    --parsable) parsable=1 ;;
    --array=*) array=${1#--array=} ;;
    --dependency=*) dep=${1#--dependency=} ;;
    --wrap) wrap=$2; shift ;;
    --wrap=*) wrap=${1#--wrap=} ;;
    --job-name=* | --cpus-per-task=* | --time=*) ;;
    -*) echo "sbatch (stand-in): unsupported option $1" >&2; exit 1 ;;
    *) script=$1 ;;
    esac
    shift
done
id=$(( $(ls "$state" | grep -c "^[0-9]*$" || true) + 1000 ))
if [ -n "$dep" ]; then
    case $dep in afterok:*) ;; *) echo "unsupported dependency $dep" >&2; exit 1 ;; esac
    [ "$(cat "$state/${dep#afterok:}")" = ok ] || { echo failed >"$state/$id"; echo "$id"; exit 0; }
fi
[ -z "$array" ] && [ -n "$script" ] && array=$(sed -n 's/^#SBATCH --array=//p' "$script")
cpus=$( [ -n "$script" ] && sed -n 's/^#SBATCH --cpus-per-task=//p' "$script" || true)
st=ok
if [ -n "$wrap" ]; then
    bash -c "$wrap" >"$state/$id.out" 2>&1 || st=failed
elif [ -n "$array" ]; then
    lo=${array%-*} hi=${array#*-}
    for k in $(seq "$lo" "$hi"); do
        SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MIN=$lo SLURM_ARRAY_TASK_MAX=$hi \
        SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) SLURM_CPUS_PER_TASK=${cpus:-1} \
            bash "$script" "$@" >"$state/$id.$k.out" 2>&1 || st=failed
    done
else
    bash "$script" "$@" >"$state/$id.out" 2>&1 || st=failed
fi
echo "$st" >"$state/$id"
[ $parsable = 1 ] && echo "$id" || echo "Submitted batch job $id"
SH

cat >"$tmp/bin/parallel" <<'SH'
#!/usr/bin/env bash
# stand-in GNU parallel: --jobs N, -S HOSTS (ignored: local), --halt, -q, CMD... ::: ARGS
set -euo pipefail
jobs=1 cmd=() args=() seen=0
while [ $# -gt 0 ]; do
    case $1 in
    --jobs) jobs=$2; shift ;;
    -S | --halt) shift ;;
    -q) ;;
    :::) seen=1 ;;
    *) if [ $seen = 1 ]; then args+=("$1"); else cmd+=("$1"); fi ;;
    esac
    shift
done
pids=()
for a in "${args[@]}"; do
    "${cmd[@]//\{\}/$a}" &
    pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 0.05; done
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
SH
chmod +x "$tmp/bin/sbatch" "$tmp/bin/parallel"
export PATH="$tmp/bin:$PATH" SBATCH_STATE="$tmp/state"

sc=$PWD/scenarios/rolling-update.json
vary=(--vary 'services[0].strategy.rollingUpdate.maxSurge=0,25%,50%' --vary 'services[0].replicas=4,6'
      --replications 2 --set duration=60s)
"$DEPLOYSIM" sweep "$sc" "${vary[@]}" -q -o "$tmp/whole"

# Slurm: 4 array tasks, then the merge after them
TASKS=4 bash contrib/slurm/submit.sh "$sc" "$tmp/slurm" "${vary[@]}" >"$tmp/submit.out"
grep -q "array job 1000 (4 shards in $tmp/slurm.shards), merge job 1001" "$tmp/submit.out" || fail "submit: $(cat "$tmp/submit.out")"
[ "$(cat "$tmp/state/1000")" = ok ] && [ "$(cat "$tmp/state/1001")" = ok ] || fail "a job failed: $(cat "$tmp"/state/*.out)"
[ "$(ls "$tmp/slurm.shards")" = "$(printf '1\n2\n3\n4')" ] || fail "shards: $(ls "$tmp/slurm.shards")"
grep -q '"shard":.*3' "$tmp/slurm.shards/3/shard.json" || fail "task 3 is not shard 3"
cmp "$tmp/whole/sweep.csv" "$tmp/slurm/sweep.csv" || fail "Slurm shards merged differ from one sweep"
# a failing array (a bad --vary) is not merged: the merge job is held back (afterok)
set +e
TASKS=2 bash contrib/slurm/submit.sh "$sc" "$tmp/slurm-bad" --vary 'services[0].replicaz=1,2' >/dev/null 2>&1
set -e
[ ! -e "$tmp/slurm-bad" ] || fail "a failed array was merged"

# GNU parallel: 3 shards, merged
SHARDS=3 bash contrib/parallel/sweep.sh "$sc" "$tmp/par" "${vary[@]}" >"$tmp/par.out"
grep -q "merged 3 shards into $tmp/par/sweep.csv" "$tmp/par.out" || fail "parallel: $(cat "$tmp/par.out")"
cmp "$tmp/whole/sweep.csv" "$tmp/par/sweep.csv" || fail "parallel shards merged differ from one sweep"
echo "contrib: ok"
