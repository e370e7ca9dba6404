#!/usr/bin/env bash
# Faults from outside, end to end through c2v-render (docs/hardening.md):
# the disk fills up while encoding, the GL context cannot be created. Each
# must end with a clear message, a non-zero exit and nothing under the final
# name. Prints "N passed, N failed".
set -u
RENDER=$1
SPEC=$2
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

checks_done hardening_faults
