#!/usr/bin/env bash
# c2v-render's output formats (by extension, as Manim's --format), -s,
# --transparent, and what a newcomer meets on the command line: --version,
# a mistyped option, a missing scene file, --quiet, --verbose, errors that
# name the output given, the progress log reaching 100 %. Everything written
# is decoded with ffprobe/ffmpeg.
set -u
RENDER=$1
SRC=$2
. "$(dirname "$0")/../common/checks.sh"
SPEC=$SRC/two_sections.json # 15 + 24 frames at 15 fps, 854x480, unnarrated
probe() { # probe FILE STREAM ENTRY
  ffprobe -v error -select_streams "$2" -count_frames -show_entries "stream=$3" -of default=nw=1:nk=1 "$1"
}
# rgba FILE FRAME X Y -> "R G B A" of that pixel of that decoded frame
rgba() {
  ffmpeg -v error -nostdin -i "$1" -vf "${SHOWN}select=eq(n\,$2),format=rgba,crop=1:1:$3:$4" -frames:v 1 -f rawvideo -pix_fmt rgba - |
    od -An -tu1 | xargs
}
alpha() { rgba "$@" | awk '{ print $4 }'; }
not() { ! "$@"; }

# GIF: one palette, every frame, looping, no sound (narration is turned off).
check "gif exits 0" "$RENDER" "$SPEC" -o "$WORK/a.gif" 2>"$WORK/gif.err" >/dev/null
check "gif: says it renders without narration" grep -q 'a GIF has no sound' "$WORK/gif.err"
check "gif: codec gif" [ "$(probe "$WORK/a.gif" v:0 codec_name)" = gif ]
check "gif: 39 frames ($(probe "$WORK/a.gif" v:0 nb_read_frames))" [ "$(probe "$WORK/a.gif" v:0 nb_read_frames)" = 39 ]
check "gif: loops for ever (NETSCAPE2.0, count 0)" \
  sh -c "od -An -tx1 -v '$WORK/a.gif' | tr -d ' \n' | grep -q 4e45545343415045322e300301""0000"
check "gif: no audio stream" [ -z "$(probe "$WORK/a.gif" a count_frames 2>/dev/null)" ]
read -r r g b _ <<<"$(rgba "$WORK/a.gif" 12 607 240)"
check "gif: the circle's blue at its centre ($r $g $b)" [ "${b:-0}" -gt 120 ] && [ "${r:-255}" -lt 120 ]

# WebM: VP9, with Opus narration; without narration, no audio.
check "webm exits 0" "$RENDER" "$SPEC" -o "$WORK/a.webm" --quiet >/dev/null
check "webm: vp9" [ "$(probe "$WORK/a.webm" v:0 codec_name)" = vp9 ]
check "webm: narration in opus" [ "$(probe "$WORK/a.webm" a:0 codec_name)" = opus ]
check "webm: subtitles beside it (a.vtt)" test -s "$WORK/a.vtt"
check "webm --no-audio exits 0" "$RENDER" "$SPEC" -o "$WORK/b.webm" --quiet --no-audio >/dev/null
check "webm: 39 frames" [ "$(shown_frames "$WORK/b.webm")" = 39 ]
check "webm --no-audio: no audio stream" [ -z "$(probe "$WORK/b.webm" a count_frames 2>/dev/null)" ]

# MOV: ProRes 4444 with AAC narration; transparent: alpha kept, background 0.
check "mov exits 0" "$RENDER" "$SPEC" -o "$WORK/a.mov" --quiet >/dev/null
check "mov: prores" [ "$(probe "$WORK/a.mov" v:0 codec_name)" = prores ]
check "mov: narration in aac" [ "$(probe "$WORK/a.mov" a:0 codec_name)" = aac ]
check "mov --transparent exits 0" "$RENDER" "$SPEC" -o "$WORK/t.mov" --transparent --no-audio --quiet >/dev/null
check "transparent mov: pixel format with alpha ($(probe "$WORK/t.mov" v:0 pix_fmt))" \
  [ "$(probe "$WORK/t.mov" v:0 pix_fmt)" = yuva444p12le ]
check "transparent mov: 39 frames" [ "$(probe "$WORK/t.mov" v:0 nb_read_frames)" = 39 ]
check "transparent mov: the background has alpha 0 ($(alpha "$WORK/t.mov" 12 5 5))" [ "$(alpha "$WORK/t.mov" 12 5 5)" = 0 ]
a=$(alpha "$WORK/t.mov" 12 607 240)
check "transparent mov: the circle (fill opacity 0.6) has alpha $a, about 153" [ "${a:-0}" -ge 140 ] && [ "${a:-0}" -le 166 ]
check "mov qtrle --transparent exits 0" "$RENDER" "$SPEC" -o "$WORK/q.mov" --transparent --no-audio --quiet --encoder qtrle >/dev/null
check "qtrle mov: argb" [ "$(probe "$WORK/q.mov" v:0 pix_fmt)" = argb ]
check "qtrle mov: the background has alpha 0" [ "$(alpha "$WORK/q.mov" 12 5 5)" = 0 ]
check "an opaque mov has an opaque background" [ "$(alpha "$WORK/a.mov" 12 5 5)" = 255 ]

# What cannot be written is refused before any work, exit 2, with the list.
"$RENDER" "$SPEC" -o "$WORK/x.avi" 2>"$WORK/avi.err"
rc=$?
check "an .avi exits 2 (was $rc)" [ "$rc" = 2 ]
check "an .avi: the formats are listed" grep -q '.mp4 (H.264/HEVC), .webm (VP9), .mov' "$WORK/avi.err"
check "an .avi: nothing written" [ ! -e "$WORK/x.avi" ] && [ ! -e "$WORK/x.avi.sections" ]
"$RENDER" "$SPEC" -o "$WORK/x.mp4" --transparent 2>"$WORK/tmp4.err"
rc=$?
check "--transparent with .mp4 exits 2 (was $rc)" [ "$rc" = 2 ]
check "--transparent with .mp4 says .mov" grep -q 'OUT.mov' "$WORK/tmp4.err"

# -s: the last frame as a PNG, the scene's end state (as --frame at the end).
check "-s exits 0" "$RENDER" "$SPEC" -s -o "$WORK/last.png" --quiet >/dev/null
check "--frame 2.6 exits 0" "$RENDER" "$SPEC" --frame 2.6 -o "$WORK/end.png" --quiet >/dev/null
check "-s is the end state" cmp -s "$WORK/last.png" "$WORK/end.png"
"$RENDER" "$SPEC" --frame 0.3 -o "$WORK/early.png" --quiet >/dev/null
check "...which differs from an earlier frame" not cmp -s "$WORK/last.png" "$WORK/early.png"
check "-s --transparent exits 0" "$RENDER" "$SPEC" -s --transparent -o "$WORK/last_t.png" --quiet >/dev/null
check "-s --transparent: the corner has alpha 0" [ "$(alpha "$WORK/last_t.png" 0 5 5)" = 0 ]
"$RENDER" "$SPEC" -s -o "$WORK/last.mp4" 2>/dev/null
check "-s with a .mp4 exits 2" [ $? = 2 ]

# The command line.
check "--version" sh -c "'$RENDER' --version | grep -Eq '^c2v-render [0-9]+\.[0-9]+\.[0-9]+'"
"$RENDER" "$SPEC" -o "$WORK/y.mp4" --qiuet 2>"$WORK/typo.err"
rc=$?
check "a mistyped option exits 2 (was $rc)" [ "$rc" = 2 ]
check "a mistyped option: did you mean --quiet?" grep -q 'did you mean --quiet?' "$WORK/typo.err"
"$RENDER" "$SPEC" -o "$WORK/y.mp4" --trasnparent 2>"$WORK/typo2.err"
check "--trasnparent: did you mean --transparent?" grep -q 'did you mean --transparent?' "$WORK/typo2.err"
"$RENDER" "$SPEC" -o "$WORK/y.mp4" --zzzzzzzz 2>"$WORK/typo3.err"
check "nothing close: no suggestion" not grep -q 'did you mean' "$WORK/typo3.err"
"$RENDER" "$WORK/missing.json" -o "$WORK/y.mp4" 2>"$WORK/missing.err"
rc=$?
check "a missing scene file exits 66 (was $rc)" [ "$rc" = 66 ]
check "a missing scene file is named" grep -q 'missing.json: no such file' "$WORK/missing.err"
printf '{' >"$WORK/broken.json"
"$RENDER" "$WORK/broken.json" -o "$WORK/y.mp4" 2>/dev/null
rc=$?
check "a scene file that is there but broken exits 3 (was $rc)" [ "$rc" = 3 ]
check "--quiet succeeds" "$RENDER" "$SPEC" -o "$WORK/q.mp4" --quiet --no-audio 2>"$WORK/quiet.err" >/dev/null
check "--quiet: nothing on stderr ($(wc -c <"$WORK/quiet.err") bytes)" [ ! -s "$WORK/quiet.err" ]
"$RENDER" "$SPEC" -o "$WORK/q.mp4" --quiet --no-audio --encoder nvenc 2>"$WORK/quiet_fail.err" >/dev/null
check "--quiet: errors still on stderr" grep -q 'cannot be used' "$WORK/quiet_fail.err"
check "the error names the output given, not the clips' folder" grep -q "^c2v-render: $WORK/q.mp4: encoder" "$WORK/quiet_fail.err"
check "...and no .sections path" not grep -q '\.sections' "$WORK/quiet_fail.err"
"$RENDER" "$SPEC" -o "$WORK/v.mp4" --verbose --no-audio 2>"$WORK/verbose.err" >/dev/null
check "--verbose: FFmpeg's own lines (x264's, the muxer's)" grep -Eq '^\[(libx264|mp4)\] ' "$WORK/verbose.err"
"$RENDER" "$SPEC" -o "$WORK/d.mp4" --no-audio 2>"$WORK/default.err" >/dev/null
check "by default: none of FFmpeg's informational lines" not grep -Eq '^\[(libx264|mp4)\] ' "$WORK/default.err"
check "the progress log (not a terminal) reaches 100 %" grep -q '(100%)' "$WORK/default.err"
"$RENDER" "$SRC/long_section.json" -o "$WORK/long.mp4" --no-audio -j 2 2>"$WORK/long.err" >/dev/null
check "...with sections in parts on 2 workers too" grep -q '(100%)' "$WORK/long.err"
# A 3D section (a lit sphere under an ambient rotation, 15 frames) through
# every container: the sphere's blue at the centre, the frame count, and
# with --transparent an opaque sphere on a clear background.
S3=$SRC/three_d.json
for ext in mp4 webm gif; do
  check "3D $ext exits 0" "$RENDER" "$S3" -o "$WORK/s3.$ext" --quiet --no-audio >/dev/null
  check "3D $ext: 15 frames" [ "$(shown_frames "$WORK/s3.$ext")" = 15 ]
  read -r r g b _ <<<"$(rgba "$WORK/s3.$ext" 7 426 240)"
  check "3D $ext: the sphere's blue at the centre ($r $g $b)" [ "${b:-0}" -gt 60 ] && [ "${b:-0}" -gt "${r:-255}" ]
done
check "3D transparent mov exits 0" "$RENDER" "$S3" -o "$WORK/s3.mov" --transparent --no-audio --quiet >/dev/null
check "3D transparent mov: the background has alpha 0" [ "$(alpha "$WORK/s3.mov" 7 5 400)" = 0 ]
a=$(alpha "$WORK/s3.mov" 7 426 240)
check "3D transparent mov: the sphere is opaque (alpha $a)" [ "${a:-0}" -ge 250 ]
checks_done video_cli_formats
