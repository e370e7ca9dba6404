#!/bin/bash
# One long lesson on several nodes: submits a scene spec's sections as a Slurm
# job array (scripts/slurm/c2v-sections.sbatch, one c2v-render --section per
# task) and a join job that waits for the whole array (afterok) and joins the
# clips without re-encoding (scripts/slurm/c2v-join.sh). Prints the array's
# job id and the join's on stdout.
#
# usage: scripts/slurm/submit-sections.sh --spec SPEC --clips DIR --output OUT.mp4 [options] [-- c2v-render options]
#   --spec SPEC            the scene spec (a c2v-agent topic's spec.json, or any)
#   --clips DIR            the section clips, on a file system every node sees
#   --output OUT.mp4       the joined lesson
#   --array IDS            the sections to render (default all: 0-(SECTIONS-1), in spec order)
#   --no-join              no join job (join later: scripts/slurm/c2v-join.sh SPEC DIR OUT.mp4)
#   --partition P --time T --cpus C   sbatch's --partition, --time, --cpus-per-task
#   --logs DIR             the tasks' output files (default DIR/logs)
#   --render PATH          c2v-render (default: on PATH, else build/librender/cli/c2v-render)
#   --sbatch-option OPT    one more sbatch option (repeatable)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
spec='' clips='' out='' array='' logs='' render='' join=1
SB=()
while [ $# -gt 0 ]; do
  case $1 in
    --spec) spec=$2; shift 2 ;;
    --clips) clips=$2; shift 2 ;;
    --output) out=$2; shift 2 ;;
    --array) array=$2; shift 2 ;;
    --no-join) join=0; shift ;;
    --logs) logs=$2; shift 2 ;;
    --render) render=$2; shift 2 ;;
    --) shift; break ;;
    *) common_opt "$@"; shift "$TAKE" ;;
  esac
done
{ [ -n "$spec" ] && [ -r "$spec" ]; } || die "--spec SPEC: a readable scene spec"
[ -n "$clips" ] || die "--clips DIR: the clip folder, on a file system every node sees"
[ $join = 0 ] || [ -n "$out" ] || die "--output OUT.mp4: the joined lesson (or --no-join)"
ids=$(python3 "$here/sections.py" id-list "$spec" 2>/dev/null || true)
n=$(python3 "$here/sections.py" count "$spec") || die "$spec: cannot read its sections"
render=${render:-$(tool c2v-render "$here/../../build/librender/cli/c2v-render")}
[ -x "$render" ] || die "$render: no c2v-render there (give --render PATH)"
array=${array:-0-$((n - 1))}
logs=${logs:-$clips/logs}
mkdir -p "$logs" "$clips"
export C2V_SPEC C2V_CLIPS C2V_RENDER C2V_RENDER_ARGS="$*" C2V_SCRIPTS=$here C2V_SECTION_IDS=$ids
C2V_SPEC=$(abs "$spec")
C2V_CLIPS=$(abs "$clips")
C2V_RENDER=$(abs "$render")
id=$(sbatch --parsable --array="$array" --export=ALL --output="$(abs "$logs")/c2v-sections-%A_%a.out" "${SB[@]}" \
  "$here/c2v-sections.sbatch")
id=${id%%;*}
echo "$id"
if [ $join = 1 ]; then
  jid=$(sbatch --parsable --dependency="afterok:$id" --kill-on-invalid-dep=yes --job-name=c2v-join --export=ALL \
    --output="$(abs "$logs")/c2v-join-%j.out" "${SB[@]}" \
    --wrap="$(printf '%q ' "$here/c2v-join.sh" "$C2V_SPEC" "$C2V_CLIPS" "$(abs "$out")")")
  jid=${jid%%;*}
  echo "$jid"
fi
cat >&2 <<MSG
submit-sections.sh: array job $id renders sections $array of $n into $clips${jid:+; job $jid joins them into $out once every task succeeded}
  watch:  squeue -j $id${jid:+,$jid}
  again:  $0 --spec $spec --clips $clips --output ${out:-OUT.mp4} --array IDS ...   (clips already there are kept)
MSG
