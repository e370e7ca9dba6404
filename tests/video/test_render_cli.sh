#!/usr/bin/env bash
# c2v-render end to end: what it writes is decoded and checked with ffprobe and
# ffmpeg. Prints "N passed, N failed".
set -u
RENDER=$1
SRC=$2
. "$(dirname "$0")/../common/checks.sh"
# These checks are about the silent video, timed as the spec says (narration
# has its own tests in tests/audio).
printf '#!/bin/sh\nexec "%s" --no-audio "$@"\n' "$1" >"$WORK/render" && chmod +x "$WORK/render" && RENDER=$WORK/render
probe() { # probe FILE ENTRY -> value of a video stream field
  ffprobe -v error -select_streams v:0 -count_frames -show_entries "stream=$2" -of default=nw=1:nk=1 "$1"
}

SPEC=$SRC/two_sections.json
# 1. The whole video: two sections of 1.0 s and 1.6 s at 15 fps: 15 + 24 frames.
check "render exits 0" "$RENDER" "$SPEC" -o "$WORK/out.mp4" --keep-clips --quiet
check "output exists" test -s "$WORK/out.mp4"
check "codec is h264" [ "$(probe "$WORK/out.mp4" codec_name)" = h264 ]
check "pixel format yuv420p" [ "$(probe "$WORK/out.mp4" pix_fmt)" = yuv420p ]
check "width 854" [ "$(probe "$WORK/out.mp4" width)" = 854 ]
check "height 480" [ "$(probe "$WORK/out.mp4" height)" = 480 ]
check "39 frames" [ "$(shown_frames "$WORK/out.mp4")" = 39 ]
dur=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/out.mp4")
check "duration 2.6 s (was $dur)" near "$dur" 2.6 0.001
# The joined video lasts exactly the sum of its clips.
c1=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/out.mp4.sections/01-first.mp4")
c2=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/out.mp4.sections/02-second.mp4")
check "clips last 1.0 s and 1.6 s ($c1, $c2)" near "$(awk -v a="$c1" -v b="$c2" 'BEGIN{print a+b}')" "$dur" 0.001
# Frames that repeat the one before are held, not coded again: those of the
# waits (0.4 s and 0.6 s: 6 and 9 frames, the first of each showing the end
# of the step before), but the last two of each clip, which end it at its
# time (x264 decodes a frame late): 39 - 3 - 6. --every-frame codes all 39.
coded=$(probe "$WORK/out.mp4" nb_read_frames)
check "waits held: $coded frames in the file, 39 - 3 - 6 = 30" [ "$coded" = 30 ]
# x265 decodes two frames late and says 0 (has_b_frames): its file too
# lasts to its end.
check "--hevc exits 0" "$RENDER" "$SPEC" -o "$WORK/hevc.mp4" --hevc --quiet
hdur=$(ffprobe -v error -select_streams v:0 -show_entries stream=duration -of default=nw=1:nk=1 "$WORK/hevc.mp4")
check "--hevc: the video stream lasts 2.6 s (was $hdur)" near "$hdur" 2.6 0.001
check "--hevc: 39 frames shown" [ "$(shown_frames "$WORK/hevc.mp4")" = 39 ]
check "--every-frame exits 0" "$RENDER" "$SPEC" -o "$WORK/every.mp4" --every-frame --quiet
check "--every-frame: 39 frames in the file" [ "$(probe "$WORK/every.mp4" nb_read_frames)" = 39 ]
check "--every-frame: 39 frames shown" [ "$(shown_frames "$WORK/every.mp4")" = 39 ]
edur=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$WORK/every.mp4")
check "--every-frame: 2.6 s (was $edur)" near "$edur" 2.6 0.001

# 2. A decoded frame matches the PNG renderer at the same time (frame 30 = 2.0 s).
check "--frame exits 0" "$RENDER" "$SPEC" --frame 2.0 -o "$WORK/still.png" --quiet
ffmpeg -v error -i "$WORK/out.mp4" -vf "${SHOWN}select=eq(n\,30)" -vsync 0 -frames:v 1 "$WORK/decoded.png"
psnr=$(ffmpeg -v info -i "$WORK/still.png" -i "$WORK/decoded.png" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" -f null - 2>&1 |
  sed -n 's/.*average:\([0-9.inf]*\).*/\1/p')
check "decoded frame 30 matches the still (PSNR $psnr dB > 30)" awk -v p="$psnr" 'BEGIN { exit !(p == "inf" || p > 30) }'
# ...and differs from another moment (the check can fail).
"$RENDER" "$SPEC" --frame 0.2 -o "$WORK/early.png" --quiet
psnr2=$(ffmpeg -v info -i "$WORK/early.png" -i "$WORK/decoded.png" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" -f null - 2>&1 |
  sed -n 's/.*average:\([0-9.inf]*\).*/\1/p')
check "a different moment differs (PSNR $psnr2 dB < 30)" awk -v p="$psnr2" 'BEGIN { exit !(p != "inf" && p < 30) }'

# 3. One section only.
check "--section exits 0" "$RENDER" "$SPEC" --section second -o "$WORK/second.mp4" --quiet
check "section has 24 frames" [ "$(shown_frames "$WORK/second.mp4")" = 24 ]
"$RENDER" "$SPEC" --section nope -o "$WORK/nope.mp4" --quiet 2>"$WORK/nope.err"
check "unknown section names the known ones" grep -q 'no section "nope" (sections: first, second)' "$WORK/nope.err"

# 3b. The GPU YUV pass from the command line: the same frame count, and the
# encoder takes the GPU's planes as they are; a bad mode is a usage error.
check "--readback yuv exits 0" "$RENDER" "$SPEC" --section first -o "$WORK/yuv.mp4" --readback yuv 2>"$WORK/yuv.err" >/dev/null
check "yuv: x264 takes yuv420p as pushed" grep -q 'yuv420p in, yuv420p out, frames go to the encoder as pushed' "$WORK/yuv.err"
check "yuv: 15 frames" [ "$(shown_frames "$WORK/yuv.mp4")" = 15 ]
"$RENDER" "$SPEC" -o "$WORK/bad.mp4" --readback fast --quiet 2>"$WORK/badrb.err"
rc=$?
check "bad --readback exits 2 (was $rc)" [ "$rc" = 2 ]
check "bad --readback names the modes" grep -q 'auto, yuv, rgba, sync' "$WORK/badrb.err"

# 4. Fallback: auto works here; an explicit nvenc cannot open: clear error, no file.
"$RENDER" "$SPEC" --section first -o "$WORK/auto.mp4" --encoder auto 2>"$WORK/auto.err" >/dev/null
check "auto says which encoder runs and why" grep -q 'encoder: libx264' "$WORK/auto.err"
check "auto prints one encoder line" [ "$(grep -c '^encoder:' "$WORK/auto.err")" = 1 ]
check "auto says why nvenc was passed over" grep -q 'h264_nvenc skipped: [A-Za-z]' "$WORK/auto.err"
check "auto says why vaapi was passed over" grep -q 'h264_vaapi skipped: [A-Za-z]' "$WORK/auto.err"
check "auto: x264 takes frames from the PBO ring" grep -Eq '(rgba|yuv420p) in, yuv420p out' "$WORK/auto.err"
check "auto gives a valid file" [ "$(probe "$WORK/auto.mp4" codec_name)" = h264 ]
check "auto file has 15 frames" [ "$(shown_frames "$WORK/auto.mp4")" = 15 ]
"$RENDER" "$SPEC" -o "$WORK/nvenc.mp4" --encoder nvenc 2>"$WORK/nvenc.err"
rc=$?
check "nvenc exits 4 (was $rc)" [ "$rc" = 4 ]
check "nvenc error names the encoder" grep -qi 'nvenc' "$WORK/nvenc.err"
check "nvenc error says why" grep -q 'encoder "nvenc" (h264_nvenc) cannot be used: ' "$WORK/nvenc.err"
check "nvenc leaves no clip folder" [ -z "$(ls -d "$WORK"/nvenc.mp4.sections* 2>/dev/null)" ]
check "nvenc leaves no file" [ ! -e "$WORK/nvenc.mp4" ]
check "a failed render does not say it is done" [ -z "$(grep 'done in' "$WORK/nvenc.err")" ]

# 5. A render killed half-way leaves nothing under the final name.
"$RENDER" "$SPEC" -o "$WORK/killed.mp4" -q h --quiet 2>/dev/null &
pid=$!
for _ in $(seq 1 100); do
  ls "$WORK"/killed.mp4.sections-*/*.part* >/dev/null 2>&1 && break
  sleep 0.1
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "killed render leaves no final file" [ ! -e "$WORK/killed.mp4" ]
check "killed render left a partial clip behind, not a final one" [ -z "$(ls "$WORK"/killed.mp4.sections-*/02-second.mp4 2>/dev/null)" ]

# 6. --check: an invalid spec exits 3 and names the JSON path.
printf '{"version":1,"meta":{},"sections":[{"id":"a","title":"t","lecture_lines":[],"objects":[{"id":"x","type":"circel"}],"timeline":[]}]}' >"$WORK/bad.json"
"$RENDER" "$WORK/bad.json" --check 2>"$WORK/bad.err"
rc=$?
check "invalid spec exits 3 (was $rc)" [ "$rc" = 3 ]
check "error names the path" grep -q 'sections\[0\].objects\[0\].type' "$WORK/bad.err"

checks_done video_render_cli
