#!/usr/bin/env bash
# Every example in examples/ runs and makes what it says: decoded with
# ffprobe/ffmpeg and checked by pixels. Arguments: the build's examples
# folder, the source tree.
set -u
BIN=$1
SRC=$2
. "$(dirname "$0")/../common/checks.sh"
frames() { shown_frames "$1"; }
# row FILE FRAME Y -> "x r g b" for each pixel of row Y of that frame
row() {
  ffmpeg -v error -nostdin -i "$1" -vf "${SHOWN}select=eq(n\,$2),format=rgb24,crop=iw:1:0:$3" -frames:v 1 -f rawvideo -pix_fmt rgb24 - |
    od -An -v -tu1 | tr -s ' \n' '\n\n' | grep -v '^$' | awk '{ v[n++] = $1 } END { for (i = 0; i + 2 < n; i += 3) print i / 3, v[i], v[i + 1], v[i + 2] }'
}
# Mean x of the yellow pixels of a row (the timeline's dot), or -1.
yellow_x() { row "$@" | awk '$2 > 180 && $3 > 180 && $4 < 100 { s += $1; n++ } END { print n ? int(s / n) : -1 }'; }

# A spec to a video with a progress callback.
check "render_spec runs" "$BIN/render_spec" "$SRC/tests/video/two_sections.json" "$WORK/spec.mp4" >"$WORK/spec.out" 2>"$WORK/spec.err"
check "render_spec: 39 frames" [ "$(frames "$WORK/spec.mp4")" = 39 ]
check "render_spec: its progress reaches 100 %" grep -q 'all 39 frames done (100%)' "$WORK/spec.err"
check "render_spec: a line per section" [ "$(grep -c '^section ' "$WORK/spec.err")" -ge 2 ]
check "render_spec: says which encoder ran" grep -q 'libx264' "$WORK/spec.out"

# Text and a LaTeX formula from C: white text above, a yellow formula below.
check "text_and_tex runs" "$BIN/text_and_tex" "$WORK/tt.png" >/dev/null
white=$(for y in 140 150 160; do row "$WORK/tt.png" 0 $y; done | awk '$2 > 200 && $3 > 200 && $4 > 200' | wc -l)
yellow=$(for y in 295 300 310; do row "$WORK/tt.png" 0 $y; done | awk '$2 > 200 && $3 > 140 && $4 < 120' | wc -l)
check "text_and_tex: white text at the top ($white pixels)" [ "$white" -gt 60 ]
check "text_and_tex: the yellow formula below ($yellow pixels)" [ "$yellow" -gt 60 ]

# Own frames through lr_encoder: the white bar is at 10 px a frame.
check "own_frames runs" "$BIN/own_frames" "$WORK/own.mp4" >/dev/null
check "own_frames: 60 frames" [ "$(frames "$WORK/own.mp4")" = 60 ]
bar=$(row "$WORK/own.mp4" 30 180 | awk '$2 > 230 && $3 > 230 && $4 > 230 { s += $1; n++ } END { print n ? int(s / n) : -1 }')
check "own_frames: frame 30's bar is centred near x 319 ($bar)" [ "$bar" -ge 314 ] && [ "$bar" -le 324 ]

# A timeline in C: the dot follows the value from x -4 to 4 (pixels 187 to 667).
check "timeline runs" "$BIN/timeline" "$WORK/tl.mp4" >"$WORK/tl.out"
check "timeline: 75 frames (5 s at 15 fps)" [ "$(frames "$WORK/tl.mp4")" = 75 ]
check "timeline: the value halfway through its sweep" grep -q '^t=3.0 value=0.00$' "$WORK/tl.out"
for f in "30 187" "45 427" "60 667"; do
  set -- $f
  x=$(yellow_x "$WORK/tl.mp4" "$1" 360)
  check "timeline: frame $1's dot at x $2 (found $x)" [ "$x" -ge $(($2 - 6)) ] && [ "$x" -le $(($2 + 6)) ]
done
circle=$(row "$WORK/tl.mp4" 45 180 | awk '$4 > 60 && $4 > $2 + 30 { n++ } END { print n + 0 }')
check "timeline: the circle is there at 3 s ($circle pixels)" [ "$circle" -gt 100 ]

# The older examples still run.
check "animation runs" sh -c "'$BIN/animation' | grep -q '^duration '"
check "shapes runs" sh -c "cd '$WORK' && '$BIN/shapes' >/dev/null"
checks_done examples
