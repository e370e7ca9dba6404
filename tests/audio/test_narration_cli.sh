#!/usr/bin/env bash
# c2v-render with narration, end to end: the MP4, its audio and subtitle
# tracks and the subtitle files are decoded with ffprobe/ffmpeg and checked.
# Prints "N passed, N failed".
set -u
RENDER=$1
SRC=$2
. "$(dirname "$0")/../common/checks.sh"
stream() { # stream FILE SELECTOR FIELD
  ffprobe -v error -select_streams "$2" -show_entries "stream=$3" -of default=nw=1:nk=1 "$1" | head -1
}
fmt_duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }
FPS=15
FRAME=$(awk -v f=$FPS 'BEGIN { print 1 / f }')
SPEC=$SRC/narrated.json

# 1. Narrated render (the default), with the soft subtitle track.
check "render exits 0" "$RENDER" "$SPEC" -o "$WORK/out.mp4" --soft-subs --keep-clips --quiet
check "MP4 written" test -s "$WORK/out.mp4"
check "WebVTT beside it" test -s "$WORK/out.vtt"
check "SRT beside it" test -s "$WORK/out.srt"
check "no temporary files left" [ -z "$(ls "$WORK" | grep -e '\.part-' -e '\.video-')" ]
check "audio codec aac" [ "$(stream "$WORK/out.mp4" a:0 codec_name)" = aac ]
check "audio 48000 Hz" [ "$(stream "$WORK/out.mp4" a:0 sample_rate)" = 48000 ]
check "audio mono" [ "$(stream "$WORK/out.mp4" a:0 channels)" = 1 ]
check "one audio track" [ "$(ffprobe -v error -select_streams a -show_entries stream=index -of csv=p=0 "$WORK/out.mp4" | wc -l)" = 1 ]
check "subtitle track mov_text" [ "$(stream "$WORK/out.mp4" s:0 codec_name)" = mov_text ]
check "video still h264" [ "$(stream "$WORK/out.mp4" v:0 codec_name)" = h264 ]

vdur=$(stream "$WORK/out.mp4" v:0 duration)
adur=$(stream "$WORK/out.mp4" a:0 duration)
check "audio $adur s and video $vdur s agree within one frame" near "$adur" "$vdur" "$FRAME"
# Decoded sample count, not just the header's figure.
ffmpeg -v error -i "$WORK/out.mp4" -map 0:a -f f32le -ac 1 -ar 48000 "$WORK/audio.f32"
samples=$(($(stat -c %s "$WORK/audio.f32") / 4))
check "decoded audio $samples samples = video $vdur s within one frame" near "$(awk -v n=$samples 'BEGIN{print n/48000}')" "$vdur" "$FRAME"

# Section lengths: the kept clips (video only) give each section's frames.
frames=()
for c in "$WORK"/out.mp4.sections/*.mp4; do
  frames+=("$(shown_frames "$c")")
done
check "three section clips" [ ${#frames[@]} = 3 ]
# speak: lines whose speech outlasts 0.5 s steps were given time (1.2 s as written);
# quiet: as written (1.5 s = 23 frames); third: speech fits, as written (4.0 s = 60 frames).
check "speech lengthened section 1 (${frames[0]} frames > 18)" [ "${frames[0]:-0}" -gt 18 ]
check "section 2 as written (${frames[1]:-?} = 23 frames)" [ "${frames[1]:-0}" = 23 ]
check "section 3 as written (${frames[2]:-?} = 60 frames)" [ "${frames[2]:-0}" = 60 ]

# Subtitles: the same three cues in both files and in the MP4's track.
check "VTT header" [ "$(head -1 "$WORK/out.vtt")" = WEBVTT ]
check "3 VTT cues" [ "$(grep -c -- '-->' "$WORK/out.vtt")" = 3 ]
check "3 SRT cues" [ "$(grep -c -- '-->' "$WORK/out.srt")" = 3 ]
check "the narration, not the line text, is the cue" grep -q "Now the circle moves to the right" "$WORK/out.srt"
check "SRT uses commas" grep -q '^00:00:00,000 --> ' "$WORK/out.srt"
ffmpeg -v error -i "$WORK/out.mp4" -map 0:s -f webvtt "$WORK/track.vtt"
check "soft track holds the cues" [ "$(grep -c -- '-->' "$WORK/track.vtt")" = 3 ]
vtt_times=$(grep -- '-->' "$WORK/out.vtt" | sed 's/^00://; s/ --> 00:/ --> /')
check "soft track times match the VTT file" [ "$(grep -- '-->' "$WORK/track.vtt")" = "$vtt_times" ]

# Speech, silence, highlights, joins (analyse.py prints one line per check).
ffmpeg -v error -i "$WORK/out.mp4" -map 0:v -vf "${SHOWN}crop=400:120:30:90" -f rawvideo -pix_fmt rgb24 "$WORK/rows.rgb"
python3 "$SRC/analyse.py" "$WORK/audio.f32" "$WORK/rows.rgb" "$WORK/out.vtt" $FPS \
  "$(IFS=,; echo "${frames[*]}")" 0,1,0 1 >"$WORK/analyse.txt"
cat "$WORK/analyse.txt"
passed=$((passed + $(grep -c '^ok:' "$WORK/analyse.txt")))
failed=$((failed + $(grep -c '^FAILED:' "$WORK/analyse.txt")))
check "analysis ran" grep -q '^ok:' "$WORK/analyse.txt"

# Loudness: integrated -16 LUFS (EBU R128), measured by FFmpeg's own meter.
lufs=$(ffmpeg -nostats -i "$WORK/out.mp4" -map 0:a -af ebur128 -f null - 2>&1 | sed -n 's/^ *I: *\(-[0-9.]*\) LUFS/\1/p' | tail -1)
check "integrated loudness $lufs LUFS within 1 LU of -16" near "${lufs:-0}" -16 1.0

# 2. A still at a time inside section 1's added wait matches the video there.
t=$(awk -v f="${frames[0]}" -v r=$FPS 'BEGIN { printf "%.4f", (f - 2) / r }')
check "--frame exits 0" "$RENDER" "$SPEC" --frame "$t" -o "$WORK/still.png" --quiet
ffmpeg -v error -i "$WORK/out.mp4" -vf "${SHOWN}select=eq(n\,$((frames[0] - 2)))" -vsync 0 -frames:v 1 "$WORK/decoded.png"
psnr=$(ffmpeg -v info -i "$WORK/still.png" -i "$WORK/decoded.png" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" -f null - 2>&1 |
  sed -n 's/.*average:\([0-9.inf]*\).*/\1/p')
check "still at $t s matches the narrated video (PSNR $psnr dB > 30)" awk -v p="$psnr" 'BEGIN { exit !(p == "inf" || p > 30) }'

# 3. --no-audio: the silent video, timed as written (18 + 23 + 60 frames).
check "--no-audio exits 0" "$RENDER" "$SPEC" -o "$WORK/silent.mp4" --no-audio --quiet
check "--no-audio: no audio stream" [ -z "$(ffprobe -v error -select_streams a -show_entries stream=index -of csv=p=0 "$WORK/silent.mp4")" ]
check "--no-audio: no subtitle stream" [ -z "$(ffprobe -v error -select_streams s -show_entries stream=index -of csv=p=0 "$WORK/silent.mp4")" ]
check "--no-audio: no subtitle files" [ ! -e "$WORK/silent.vtt" ]
sdur=$(fmt_duration "$WORK/silent.mp4")
check "--no-audio: 101 frames = 6.733 s (was $sdur)" near "$sdur" 6.7333 0.001

# 4. Stretch instead of wait: the same length, the animation slowed down.
check "--speech-fit stretch exits 0" "$RENDER" "$SPEC" --section speak -o "$WORK/stretch.mp4" --speech-fit stretch --quiet
check "--speech-fit wait exits 0" "$RENDER" "$SPEC" --section speak -o "$WORK/wait.mp4" --quiet
d1=$(fmt_duration "$WORK/stretch.mp4")
d2=$(fmt_duration "$WORK/wait.mp4")
check "stretch and wait give the same length ($d1, $d2)" near "$d1" "$d2" 0.001
check "a section render has audio" [ "$(stream "$WORK/wait.mp4" a:0 codec_name)" = aac ]
check "no soft subtitles unless asked" [ -z "$(ffprobe -v error -select_streams s -show_entries stream=index -of csv=p=0 "$WORK/wait.mp4")" ]
# Frame 9 (0.6 s): with a wait, the circle's Create (0.5 s) is done; stretched, it is still drawing.
for m in stretch wait; do
  ffmpeg -v error -i "$WORK/$m.mp4" -vf "${SHOWN}select=eq(n\,9)" -vsync 0 -frames:v 1 "$WORK/${m}9.png"
done
psnr=$(ffmpeg -v info -i "$WORK/stretch9.png" -i "$WORK/wait9.png" -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" -f null - 2>&1 |
  sed -n 's/.*average:\([0-9.inf]*\).*/\1/p')
check "stretched frames differ from waited ones (PSNR $psnr dB < 40)" awk -v p="$psnr" 'BEGIN { exit !(p != "inf" && p < 40) }'

# 5. Another engine: a program that writes WAV (here the espeak-ng program).
check "--tts-command exits 0" "$RENDER" "$SPEC" --section third -o "$WORK/cmd.mp4" --quiet \
  --tts-command 'espeak-ng -v "$C2V_TTS_VOICE" -s "$C2V_TTS_RATE" --stdin -w "$1"'
ffmpeg -nostats -v info -i "$WORK/cmd.mp4" -map 0:a -af volumedetect -f null - 2>"$WORK/vol.txt"
maxv=$(sed -n 's/.*max_volume: \(-*[0-9.]*\) dB/\1/p' "$WORK/vol.txt")
check "--tts-command speech is audible (max $maxv dB > -10)" awk -v v="${maxv:--99}" 'BEGIN { exit !(v > -10) }'
"$RENDER" "$SPEC" --section third -o "$WORK/bad.mp4" --quiet --tts-command 'echo tts offline >&2; exit 7' 2>"$WORK/bad.err"
rc=$?
check "a failing TTS command exits 1 (was $rc)" [ "$rc" = 1 ]
check "the error names the line and the program's message" grep -q 'section "third", lecture line 0: speech: .*exit status 7.*tts offline' "$WORK/bad.err"
check "a failing TTS command leaves no MP4" [ ! -e "$WORK/bad.mp4" ]
"$RENDER" "$SPEC" -o "$WORK/v.mp4" --voice no-such-voice --quiet 2>"$WORK/voice.err"
check "unknown voice is a clear error" grep -q 'no voice "no-such-voice"' "$WORK/voice.err"

# 6. Mandarin: espeak-ng's cmn voice speaks a Chinese narration.
check "--voice cmn exits 0" "$RENDER" "$SRC/zh.json" -o "$WORK/zh.mp4" --voice cmn --quiet
ffmpeg -nostats -v info -i "$WORK/zh.mp4" -map 0:a -af volumedetect -f null - 2>"$WORK/vol.txt"
maxv=$(sed -n 's/.*max_volume: \(-*[0-9.]*\) dB/\1/p' "$WORK/vol.txt")
check "Mandarin speech is audible (max $maxv dB > -10)" awk -v v="${maxv:--99}" 'BEGIN { exit !(v > -10) }'
zdur=$(fmt_duration "$WORK/zh.mp4")
check "the 1 s section grew to fit the Mandarin sentence ($zdur s > 2)" awk -v d="$zdur" 'BEGIN { exit !(d > 2) }'
check "Chinese cue text in the SRT" grep -q '直角三角形两条直角边' "$WORK/zh.srt"

checks_done audio_render_cli
