#!/bin/bash
# Submits a knowledge file as a Slurm job array of c2v-agent shards
# (scripts/slurm/c2v-array.sbatch), or some of its tasks again; prints the
# array's job id on stdout and how to watch it on stderr.
#
# usage: scripts/slurm/submit.sh --knowledge_file FILE --output CASES_DIR [options] [-- c2v-agent options]
#   --knowledge_file FILE  the topics (a JSON array of strings)
#   --output DIR           the CASES folder, on a file system every node sees
#   --config FILE          api_config.json (default ./api_config.json)
#   --prefix P             the run's subfolder of DIR (default run)
#   --shards N             the batch's shard count (default: one shard per topic)
#   --array IDS            the tasks to submit (default 0-(N-1); to run some again: --array 1,4
#                          with the same --shards, as `c2v-agent --collect` lists them)
#   --partition P --time T --cpus C   sbatch's --partition, --time, --cpus-per-task
#   --logs DIR             the tasks' output files DIR/c2v-%A_%a.out (default DIR/PREFIX/logs)
#   --agent PATH           c2v-agent (default: on PATH, else build/agents/c2v-agent of this tree)
#   --sbatch-option OPT    one more sbatch option (repeatable), e.g. --sbatch-option=--account=A
#   --dry-run              print the sbatch command instead of running it
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
file='' out='' config=api_config.json prefix=run shards='' array='' logs='' agent='' dry=0
SB=()
while [ $# -gt 0 ]; do
  case $1 in
    --knowledge_file) file=$2; shift 2 ;;
    --output) out=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --array) array=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    --agent) agent=$2; shift 2 ;;
    --dry-run) dry=1; shift ;;
    --) shift; break ;;
    *) common_opt "$@"; shift "$TAKE" ;;
  esac
done
{ [ -n "$file" ] && [ -r "$file" ]; } || die "--knowledge_file FILE: a readable JSON array of topics"
[ -n "$out" ] || die "--output DIR: the CASES folder, on a file system every node sees"
if [ -z "$shards" ]; then
  shards=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); assert isinstance(t, list) and t; print(len(t))' "$file" 2>/dev/null) ||
    die "$file: cannot count its topics (give --shards N)"
fi
case $shards in '' | *[!0-9]* | 0) die "--shards N: a whole number from 1" ;; esac
array=${array:-0-$((shards - 1))}
agent=${agent:-$(tool c2v-agent "$here/../../build/agents/c2v-agent")}
[ -x "$agent" ] || die "$agent: no c2v-agent there (give --agent PATH)"
logs=${logs:-$out/$prefix/logs}
mkdir -p "$logs"
# Handed to the tasks through the environment (sbatch --export=ALL), which,
# unlike --export=NAME=VALUE, keeps commas in paths and options intact.
export C2V_KNOWLEDGE_FILE C2V_OUTPUT C2V_CONFIG C2V_PREFIX=$prefix C2V_SHARDS=$shards C2V_AGENT C2V_ARGS="$*"
C2V_KNOWLEDGE_FILE=$(abs "$file")
C2V_OUTPUT=$(abs "$out")
C2V_CONFIG=$(abs "$config")
C2V_AGENT=$(abs "$agent")
cmd=(sbatch --parsable --array="$array" --export=ALL --output="$(abs "$logs")/c2v-%A_%a.out" "${SB[@]}" "$here/c2v-array.sbatch")
if [ $dry = 1 ]; then
  printf '%q ' env C2V_KNOWLEDGE_FILE="$C2V_KNOWLEDGE_FILE" C2V_OUTPUT="$C2V_OUTPUT" C2V_CONFIG="$C2V_CONFIG" \
    C2V_PREFIX="$C2V_PREFIX" C2V_SHARDS="$C2V_SHARDS" C2V_AGENT="$C2V_AGENT" C2V_ARGS="$C2V_ARGS" "${cmd[@]}"
  echo
  exit 0
fi
id=$("${cmd[@]}")
id=${id%%;*}
echo "$id"
cat >&2 <<MSG
submit.sh: array job $id: tasks $array of $shards shards, logs in $logs/c2v-${id}_<task>.out
  watch:    squeue -j $id        (sacct -j $id where the cluster keeps accounting)
  collect:  $C2V_AGENT --collect --knowledge_file $C2V_KNOWLEDGE_FILE --output $C2V_OUTPUT --folder_prefix $prefix
  again:    $0 --knowledge_file $file --output $out --config $config --prefix $prefix --shards $shards --array IDS ...
MSG
