#!/bin/bash
# Joins the section clips c2v-sections.sbatch rendered into one MP4 without
# re-encoding (FFmpeg's concat demuxer, packets copied), in the spec's
# section order; fails naming the sections whose clip is missing. Written
# under a temporary name and renamed, so OUT.mp4 is whole or absent.
# usage: c2v-join.sh SPEC CLIPS_DIR OUT.mp4
set -euo pipefail
[ $# = 3 ] || { echo "usage: c2v-join.sh SPEC CLIPS_DIR OUT.mp4" >&2; exit 2; }
spec=$1 clips=$2 out=$3
here=$(dirname "$0")
list=$(mktemp)
part="$out.part-$$.mp4"
trap 'rm -f "$list" "$part"' EXIT
missing=()
while read -r clip; do
  if [ -s "$clip" ]; then
    printf "file '%s'\n" "$(realpath "$clip" | sed "s/'/'\\\\''/g")" >>"$list"
  else
    missing+=("$(basename "$clip")")
  fi
done < <(python3 "$here/sections.py" clips "$spec" "$clips")
if [ ${#missing[@]} -gt 0 ]; then
  echo "c2v-join.sh: ${#missing[@]} section clip(s) missing in $clips: ${missing[*]} (submit those array tasks again)" >&2
  exit 1
fi
ffmpeg -nostdin -v error -y -f concat -safe 0 -i "$list" -map 0 -c copy -movflags +faststart "$part"
mv -f "$part" "$out"
echo "c2v-join.sh: $(wc -l <"$list") sections -> $out" >&2
