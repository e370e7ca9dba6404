# Sourced by the shell tests: a scratch folder ($WORK) removed at exit, and
# counted checks. A test calls `check "what" command...` for each check and
# ends with `checks_done NAME`, which prints "NAME: N passed, N failed" and
# fails when any check did.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# c2v-render keeps section clips in a cache ($XDG_CACHE_HOME/c2v/clips):
# each test has its own, so that none finds another's clips; the LaTeX cache
# beside it stays shared (it only saves time).
shared_cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}
mkdir -p "$shared_cache/c2v/tex" "$WORK/xdg-cache/c2v"
ln -s "$shared_cache/c2v/tex" "$WORK/xdg-cache/c2v/tex"
export XDG_CACHE_HOME=$WORK/xdg-cache
passed=0
failed=0
check() { # check "what" command...
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what" >&2; fi
}
# near A B E: |A - B| <= E, as decimal numbers.
near() { awk -v a="$1" -v b="$2" -v e="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= e) }'; }
# A video's frames as shown: c2v holds a frame that repeats the one before
# (it lasts longer in the file), so its frames are counted and picked through
# FFmpeg's fps filter at the stream's own rate, which shows each held frame
# at every frame time it lasts. shown_frames FILE: how many; $SHOWN goes in
# front of a select=eq(n\,K) to pick the frame shown at K / fps.
SHOWN='fps=source_fps,'
shown_frames() {
  ffmpeg -v error -nostdin -i "$1" -map 0:v:0 -vf fps=source_fps -f framecrc - | grep -vc '^#'
}
checks_done() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
