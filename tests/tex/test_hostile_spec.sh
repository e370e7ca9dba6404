#!/usr/bin/env bash
# A hostile formula end to end through c2v-render (issue 15): each place a
# spec holds LaTeX (a tex object, a tex_to_color_map key, an axes label, a
# brace label) with \special reached three ways. Rendering and --check both
# refuse it with exit 3 and a message naming the JSON path and what is not
# allowed, and the shell command it carries never runs. The same spec with
# a plain formula checks valid and renders (so the refusals are for the
# formula, not the spec around it). Prints "N passed, N failed".
set -u
RENDER=$1
. "$(dirname "$0")/../common/checks.sh"

hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
MARKER="$WORK/pwned"
PS="ps: <$(hex "%pipe%touch $MARKER")> (w) file closefile"

# spec NAME OBJECTS_JSON: a one-section spec with these objects.
spec() {
  cat >"$WORK/$1.json" <<EOF
{"version": 1, "meta": {"title": "hostile", "quality": "l"},
 "sections": [{"id": "s", "title": "Hostile", "lecture_lines": ["one line"],
   "objects": [$2],
   "timeline": [{"wait": 0.2}]}]}
EOF
}

# names FILE PATH NEEDLE: a line of FILE names the JSON path and says NEEDLE.
names() { grep -F "$2" "$1" | grep -qF "$3"; }

# refused NAME PATH NEEDLE: rendering and --check exit 3, naming PATH and NEEDLE.
refused() {
  local name=$1 path=$2 needle=$3 rc
  rm -f "$MARKER"
  "$RENDER" "$WORK/$name.json" -o "$WORK/$name.mp4" --quiet 2>"$WORK/$name.err"
  rc=$?
  check "$name: render exits 3 (was $rc)" [ "$rc" = 3 ]
  check "$name: the message names $path" names "$WORK/$name.err" "$path" "$needle"
  check "$name: no video" [ ! -e "$WORK/$name.mp4" ]
  "$RENDER" "$WORK/$name.json" --check >/dev/null 2>"$WORK/$name.check.err"
  rc=$?
  check "$name: --check exits 3 (was $rc)" [ "$rc" = 3 ]
  check "$name: --check names $path" names "$WORK/$name.check.err" "$path" "$needle"
  check "$name: the command never ran" [ ! -e "$MARKER" ]
}

spec begin "{\"id\": \"f\", \"type\": \"tex\", \"tex\": \"x \\\\begin{special}{$PS}\\\\end{special}\", \"at\": \"C3\"}"
refused begin "sections[0].objects[0].tex" '\begin{special} is not allowed in a formula'

spec csname "{\"id\": \"f\", \"type\": \"tex\", \"tex\": \"a+b\", \"at\": \"C3\",
  \"tex_to_color_map\": {\"\\\\csname special\\\\endcsname{$PS}\": \"RED\"}}"
refused csname "sections[0].objects[0].tex_to_color_map.\\csname special\\endcsname" '\csname is not allowed'

spec axes "{\"id\": \"ax\", \"type\": \"axes\", \"x_range\": [0, 2, 1], \"y_range\": [0, 2, 1], \"area\": [\"B2\", \"D4\"],
  \"x_label\": \"\\\\special{ps: 1 0 0 setrgbcolor}\"}"
refused axes "sections[0].objects[0].x_label" '\special is not allowed in a formula'

spec brace "{\"id\": \"sq\", \"type\": \"square\", \"side_length\": 1, \"at\": \"C3\"},
  {\"id\": \"br\", \"type\": \"brace\", \"target\": \"sq\", \"label\": \"\\\\begin {special}{$PS}\\\\end {special}\"}"
refused brace "sections[0].objects[1].label" '\begin{special} is not allowed in a formula'

# The control: the same spec with a plain formula is valid and renders.
spec plain "{\"id\": \"f\", \"type\": \"tex\", \"tex\": \"x \\\\begin{pmatrix} a \\\\end{pmatrix}\", \"at\": \"C3\",
  \"tex_to_color_map\": {\"a\": \"RED\"}}"
"$RENDER" "$WORK/plain.json" --check >/dev/null 2>"$WORK/plain.err"
check "plain: --check says valid (see $WORK/plain.err)" [ $? = 0 ]
XDG_CACHE_HOME="$WORK/cache" "$RENDER" "$WORK/plain.json" --frame 0.1 -o "$WORK/plain.png" --quiet 2>>"$WORK/plain.err"
check "plain: renders a frame" [ -s "$WORK/plain.png" ]
[ "$failed" -eq 0 ] || cat "$WORK"/*.err >&2
checks_done tex_hostile_spec
