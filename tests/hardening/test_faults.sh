#!/usr/bin/env bash
# Faults from outside, end to end through c2v-render (docs/hardening.md):
# the disk fills up while encoding, the GL context cannot be created, a
# signal comes while a call is blocked or while the clips are joined, the
# process is killed between two renames, two renders write the same output.
# Each must end with a clear message, the right exit status and nothing
# wrong under the final names. Faults at an exact moment come from
# fault_shim.c (preloaded). Prints "N passed, N failed".
set -u
RENDER=$1
SPEC=$2
SHIM=$3
. "$(dirname "$0")/../common/checks.sh"
# only DIR [NAME...]: the folder holds exactly these entries (none: empty).
only() {
  local dir=$1
  shift
  [ "$(cd "$dir" && ls -A | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')" ]
}
nonzero_not_killed() { [ "$1" -ne 0 ] && [ "$1" -lt 128 ]; }

# 1. The disk fills up. A file-size limit (RLIMIT_FSIZE) in a child shell
#    makes writes past N KiB fail, as on a full disk; c2v-render turns the
#    SIGXFSZ that would kill it into a failed write.
mkdir "$WORK/full"
(ulimit -f 8 && exec "$RENDER" "$SPEC" -o "$WORK/full/out.mp4" --quiet) 2>"$WORK/full.err"
rc=$?
check "disk full: exits non-zero, not killed (was $rc)" nonzero_not_killed "$rc"
check "disk full: the message names the file and the cause" grep -q "out.mp4.*(File too large)" "$WORK/full.err"
check "disk full: no file under the final name" [ ! -e "$WORK/full/out.mp4" ]
check "disk full: no partial files or clips left" only "$WORK/full"

# ... for one section (a single clip, no joining step)
mkdir "$WORK/full1"
(ulimit -f 8 && exec "$RENDER" "$SPEC" --section second -o "$WORK/full1/second.mp4" --quiet) 2>"$WORK/full1.err"
rc=$?
check "disk full, one section: exits non-zero (was $rc)" nonzero_not_killed "$rc"
check "disk full, one section: clear message" grep -q "second.mp4.*(File too large)" "$WORK/full1.err"
check "disk full, one section: nothing left" only "$WORK/full1"

# ... for a still frame (a PNG of some KiB against a 1 KiB limit)
mkdir "$WORK/full2"
(ulimit -f 1 && exec "$RENDER" "$SPEC" --frame 0.5 -o "$WORK/full2/still.png" --quiet) 2>"$WORK/full2.err"
rc=$?
check "disk full, still frame: exits non-zero (was $rc)" nonzero_not_killed "$rc"
check "disk full, still frame: clear message" grep -q "still.png: cannot write PNG (File too large)" "$WORK/full2.err"
check "disk full, still frame: nothing left" only "$WORK/full2"

# ... and with room enough the same commands work (so the checks can pass
# only for the right reason).
(ulimit -f 100000 && exec "$RENDER" "$SPEC" --section second -o "$WORK/full1/second.mp4" --quiet) >/dev/null 2>&1
check "room enough: the clip renders" [ -s "$WORK/full1/second.mp4" ]
(ulimit -f 100000 && exec "$RENDER" "$SPEC" --frame 0.5 -o "$WORK/full2/still.png" --quiet) >/dev/null 2>&1
check "room enough: the still renders" [ -s "$WORK/full2/still.png" ]

# 2. No GL context: libglvnd is pointed at a vendor file that does not exist,
#    so EGL has no driver; GLFW has no display.
mkdir "$WORK/nogl"
__EGL_VENDOR_LIBRARY_FILENAMES="$WORK/no-such-vendor.json" \
  "$RENDER" "$SPEC" -o "$WORK/nogl/out.mp4" --quiet 2>"$WORK/nogl.err"
rc=$?
check "no EGL: exits 5 (was $rc)" [ "$rc" = 5 ]
check "no EGL: says there is no OpenGL context, and why for each backend" \
  grep -q "no OpenGL 3.3 core context: egl-device: .*; egl-surfaceless: " "$WORK/nogl.err"
check "no EGL: no output" only "$WORK/nogl"
__EGL_VENDOR_LIBRARY_FILENAMES="$WORK/no-such-vendor.json" \
  "$RENDER" "$SPEC" --frame 0.5 -o "$WORK/nogl/still.png" --quiet 2>"$WORK/nogl2.err"
rc=$?
check "no EGL, still frame: exits 5 (was $rc)" [ "$rc" = 5 ]
check "no EGL, still frame: no output" only "$WORK/nogl"
env -u DISPLAY -u WAYLAND_DISPLAY "$RENDER" "$SPEC" -o "$WORK/nogl/out.mp4" --backend glfw --quiet \
  2>"$WORK/nogl3.err"
rc=$?
check "no display for glfw: exits 5 (was $rc)" [ "$rc" = 5 ]
check "no display for glfw: names the backend" grep -q "no OpenGL 3.3 core context: glfw: " "$WORK/nogl3.err"
check "no display for glfw: no output" only "$WORK/nogl"

# 3. A signal while a call is blocked: the spec is a FIFO, and a writer
#    holds it open without writing, so c2v-render waits in read(). The
#    handlers are installed without SA_RESTART: the read is cut short and
#    the run ends at once, saying why, with 128 + the signal.
hold_fifo() { # hold_fifo FIFO: prints "ready" once a reader has it open, then holds it
  python3 -c 'import os, sys, time
while True:
    try:
        fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
        break
    except OSError:
        time.sleep(0.02)
print("ready", flush=True)
time.sleep(60)' "$1"
}
for sig in TERM INT; do
  mkdir "$WORK/sig$sig"
  mkfifo "$WORK/sig$sig/spec.json"
  "$RENDER" "$WORK/sig$sig/spec.json" -o "$WORK/sig$sig/out.mp4" --quiet 2>"$WORK/sig$sig.err" &
  pid=$!
  coproc HOLD { hold_fifo "$WORK/sig$sig/spec.json"; }
  read -r -t 20 ready <&"${HOLD[0]}"
  check "SIG$sig: the render waits on the FIFO" [ "${ready:-}" = ready ]
  # The reader has it open; wait until it sits in read() (a signal that
  # came before the call would not cut it short: no handler can).
  for _ in $(seq 1 100); do grep -q pipe "/proc/$pid/wchan" 2>/dev/null && break; sleep 0.05; done
  kill -$sig $pid
  for _ in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -0 $pid 2>/dev/null && kill -9 $pid # blocked for good: the check below fails
  wait $pid
  rc=$?
  kill "$HOLD_PID" 2>/dev/null
  wait "$HOLD_PID" 2>/dev/null
  want=$([ $sig = TERM ] && echo 143 || echo 130)
  check "SIG$sig while blocked in read(): exits $want at once (was $rc)" [ "$rc" = "$want" ]
  check "SIG$sig: says so" grep -q "c2v-render: $([ $sig = TERM ] && echo terminated || echo interrupted) by SIG$sig" \
    "$WORK/sig$sig.err"
done

# 4. A FIFO (or a folder) named as an asset is refused, never opened for
#    reading: the render ends at once with the object's JSON path.
mkdir "$WORK/fifo"
mkfifo "$WORK/fifo/icon.svg"
printf '{"version":1,"meta":{"title":"t","quality":"l"},"sections":[{"id":"a","title":"t","objects":'\
'[{"id":"x","type":"svg","file":"icon.svg"}],"timeline":[{"add":["x"]},{"wait":1}]}]}' >"$WORK/fifo/spec.json"
timeout -k 1 20 "$RENDER" "$WORK/fifo/spec.json" -o "$WORK/fifo/out.mp4" --quiet --no-audio 2>"$WORK/fifo.err"
rc=$?
check "FIFO asset: fails at once, not blocked (was $rc)" nonzero_not_killed "$rc"
check "FIFO asset: names the object and the file" \
  grep -q "spec.json: sections\[0\].objects\[0\].file: .*icon.svg is a FIFO, not a regular file" "$WORK/fifo.err"
check "FIFO asset: nothing left" only "$WORK/fifo" icon.svg spec.json

# 5. A spec past the size limit is an invalid spec: exit 3, as --help says.
head -c $((5 << 20)) /dev/zero | tr '\0' ' ' >"$WORK/huge.json"
"$RENDER" "$WORK/huge.json" -o "$WORK/huge.mp4" --quiet 2>"$WORK/huge.err"
rc=$?
check "a 5 MiB spec exits 3 (was $rc)" [ "$rc" = 3 ]
check "... saying why" grep -q "huge.json: the spec is larger than 4194304 bytes" "$WORK/huge.err"
"$RENDER" "$WORK/huge.json" --check 2>/dev/null
rc=$?
check "... with --check too (was $rc)" [ "$rc" = 3 ]

# 6. SIGINT (or SIGTERM) while the clips are joined: the join stops, the
#    run exits 130 (143), and nothing is left: no video, no subtitles, no
#    clips, no temporary files. The signal comes as the join opens the
#    video's temporary file.
for audio in --no-audio ""; do
  for sig in 2 15; do
    d=$WORK/join$sig${audio:+-silent}
    mkdir "$d"
    LD_PRELOAD=$SHIM C2V_FAULT_OPEN="out.mp4.part-:$sig" "$RENDER" "$SPEC" -o "$d/out.mp4" $audio 2>"$d.err" >/dev/null
    rc=$?
    want=$((128 + sig))
    check "signal $sig at the join ${audio:-(narrated)}: exits $want (was $rc)" [ "$rc" = "$want" ]
    check "signal $sig at the join ${audio:-(narrated)}: the join was reached" grep -q "^joining 2 sections" "$d.err"
    check "signal $sig at the join ${audio:-(narrated)}: nothing left" only "$d"
  done
done

# 7. Killed between renames. The subtitles take their names before the
#    video does, so a video never sits beside an older run's subtitles.
mkdir "$WORK/subs"
sed 's/A circle appears/A new first line/' "$SPEC" >"$WORK/changed.json"
"$RENDER" "$SPEC" -o "$WORK/subs/out.mp4" --quiet >/dev/null 2>&1
cp "$WORK/subs/out.mp4" "$WORK/old.mp4"
check "narrated render: the subtitles say the first line" grep -q "A circle appears" "$WORK/subs/out.vtt"
#    ... killed as the new subtitles take their name: all is as before
LD_PRELOAD=$SHIM C2V_FAULT_RENAME="subs/out.vtt:9" "$RENDER" "$WORK/changed.json" -o "$WORK/subs/out.mp4" --quiet \
  >/dev/null 2>&1
rc=$?
check "killed before the subtitles' rename (was $rc)" [ "$rc" = 137 ]
check "... the old video stays" cmp -s "$WORK/subs/out.mp4" "$WORK/old.mp4"
check "... with its own subtitles" grep -q "A circle appears" "$WORK/subs/out.vtt"
#    ... killed as the new video takes its name: new subtitles, old video
#    (never the other way round)
LD_PRELOAD=$SHIM C2V_FAULT_RENAME="subs/out.mp4:9" "$RENDER" "$WORK/changed.json" -o "$WORK/subs/out.mp4" --quiet \
  >/dev/null 2>&1
rc=$?
check "killed before the video's rename (was $rc)" [ "$rc" = 137 ]
check "... the old video stays" cmp -s "$WORK/subs/out.mp4" "$WORK/old.mp4"
check "... the subtitles are already the new ones" grep -q "A new first line" "$WORK/subs/out.vtt"
check "... and the killed render left its temporary files" ls "$WORK"/subs/out.mp4.part-* "$WORK"/subs/out.mp4.sections-*
#    ... the next render removes what the killed ones left (their pids are
#    gone), but not what a live process is writing.
touch "$WORK/subs/out.mp4.part-$$" "$WORK/subs/out.mp4.part-999999999"
"$RENDER" "$WORK/changed.json" -o "$WORK/subs/out.mp4" --quiet >/dev/null 2>&1
rc=$?
check "the next render succeeds (was $rc)" [ "$rc" = 0 ]
check "... with its own video and subtitles" bash -c "! cmp -s '$WORK/subs/out.mp4' '$WORK/old.mp4' && grep -q 'A new first line' '$WORK/subs/out.vtt'"
check "... and removed what the killed renders left, not a live one's file" \
  only "$WORK/subs" out.mp4 out.vtt out.srt "out.mp4.part-$$"

# 8. Two renders of two specs to the same output. The first is held still
#    (SIGSTOP) as it starts its join; the second is refused while the first
#    holds the output; the first then ends with its own frames only. After
#    it, the second renders alone.
mkdir "$WORK/two"
colour_spec() { # colour_spec COLOUR: two sections, each a full-frame rectangle of COLOUR
  local sec='{"id":"%s","title":"t","objects":[{"id":"r","type":"rectangle","width":15,"height":9,'\
'"color":"%s","fill_color":"%s","fill_opacity":1}],"timeline":[{"add":["r"]},{"wait":1}]}'
  printf '{"version":1,"meta":{"title":"c","quality":"l"},"sections":[%s,%s]}' \
    "$(printf "$sec" one "$1" "$1")" "$(printf "$sec" two "$1" "$1")"
}
colour_spec "#FF0000" >"$WORK/two/red.json"
colour_spec "#0000FF" >"$WORK/two/blue.json"
pixel() { # pixel FILE TIME: "R G B" of a pixel of the frame shown at TIME
  ffmpeg -v error -ss "$2" -i "$1" -frames:v 1 -vf "format=rgb24,crop=1:1:600:400" -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | xargs
}
is() { # is red|blue "R G B"
  local r g b
  read -r r g b <<<"$2"
  if [ "$1" = red ]; then [ "${r:-0}" -gt 200 ] && [ "${b:-255}" -lt 60 ]; else [ "${b:-0}" -gt 200 ] && [ "${r:-255}" -lt 60 ]; fi
}
LD_PRELOAD=$SHIM C2V_FAULT_OPEN="two/out.mp4.part-:19" "$RENDER" "$WORK/two/red.json" -o "$WORK/two/out.mp4" --quiet \
  --no-audio >/dev/null 2>"$WORK/red.err" &
first=$!
for _ in $(seq 1 300); do [ "$(ps -o stat= -p $first | cut -c1)" = T ] && break; sleep 0.1; done
check "the first render is held at its join" [ "$(ps -o stat= -p $first | cut -c1)" = T ]
"$RENDER" "$WORK/two/blue.json" -o "$WORK/two/out.mp4" --quiet --no-audio >/dev/null 2>"$WORK/blue.err"
rc=$?
kill -CONT $first
wait $first
rc1=$?
check "the second render is refused (was $rc)" [ "$rc" = 1 ]
check "... saying which render holds the output" \
  grep -q "two/out.mp4: another render (pid $first) is writing this file" "$WORK/blue.err"
check "the first render succeeds (was $rc1)" [ "$rc1" = 0 ]
check "... with its own frames in both sections ($(pixel "$WORK/two/out.mp4" 0.5); $(pixel "$WORK/two/out.mp4" 1.5))" \
  bash -c "$(declare -f pixel is); is red \"\$(pixel '$WORK/two/out.mp4' 0.5)\" && is red \"\$(pixel '$WORK/two/out.mp4' 1.5)\""
"$RENDER" "$WORK/two/blue.json" -o "$WORK/two/out.mp4" --quiet --no-audio >/dev/null 2>&1
rc=$?
check "alone, the second render succeeds (was $rc)" [ "$rc" = 0 ]
check "... with its own frames ($(pixel "$WORK/two/out.mp4" 0.5); $(pixel "$WORK/two/out.mp4" 1.5))" \
  bash -c "$(declare -f pixel is); is blue \"\$(pixel '$WORK/two/out.mp4' 0.5)\" && is blue \"\$(pixel '$WORK/two/out.mp4' 1.5)\""
check "... and nothing else is left" only "$WORK/two" out.mp4 red.json blue.json

checks_done hardening_faults
