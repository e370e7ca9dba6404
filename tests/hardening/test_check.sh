#!/usr/bin/env bash
# c2v-render --check runs every check that rendering makes, short of drawing
# (docs/hardening.md): assets resolved, opened and parsed, text validated,
# formulas through the filter and LaTeX. Each kind of spec that cannot render
# exits 3 with the object's JSON path; every problem is listed, not just the
# first of a section. Prints "N passed, N failed".
set -u
RENDER=$1
SRC=$2 # the source tree
. "$(dirname "$0")/../common/checks.sh"

A=$WORK/spec
mkdir -p "$A/icons" "$WORK/outside"
cp "$SRC/tests/svg/data/shapes.svg" "$A/icons/ok.svg"
cp "$SRC/tests/spec/ref/minimal_t2.png" "$A/icons/ok.png"
printf '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0 L' >"$A/icons/broken.svg"
head -c 200 "$SRC/tests/spec/ref/minimal_t2.png" >"$A/icons/cut.png" # a header, then nothing
mkfifo "$A/icons/fifo.svg" "$A/icons/fifo.png"
mkdir "$A/icons/folder.svg"
cp "$SRC/tests/svg/data/shapes.svg" "$WORK/outside/secret.svg"
ln -s "$WORK/outside/secret.svg" "$A/icons/escape.svg"

# spec NAME OBJECTS...: a one-section spec in $A/NAME.json with these objects
# (JSON text each), shown by one step.
spec() {
  local name=$1 objs ids i=0
  shift
  objs=$(IFS=,; echo "$*")
  ids=$(for o in "$@"; do printf '"o%d",' $i; i=$((i + 1)); done)
  printf '{"version":1,"meta":{"title":"check","quality":"l"},"sections":[{"id":"a","title":"t",'\
'"lecture_lines":["a line"],"objects":[%s],"timeline":[{"add":[%s]},{"wait":1}]}]}' "$objs" "${ids%,}" >"$A/$name.json"
}
svg() { printf '{"id":"o%d","type":"svg","file":"%s"}' "$1" "$2"; }
img() { printf '{"id":"o%d","type":"image","file":"%s"}' "$1" "$2"; }
tex() { printf '{"id":"o%d","type":"tex","tex":"%s"}' "$1" "$2"; }

# checked NAME: runs --check on it; $rc and $A/NAME.err
checked() {
  "$RENDER" "$A/$1.json" --check >"$A/$1.out" 2>"$A/$1.err"
  rc=$?
}

# 1. What renders is valid.
spec good "$(svg 0 icons/ok.svg)" "$(img 1 icons/ok.png)" "$(tex 2 'a^2+b^2=c^2')" \
  '{"id":"o3","type":"text","text":"Grüße, 勾股定理"}'
checked good
check "a spec that renders: --check exits 0 (was $rc: $(cat "$A/good.err"))" [ "$rc" = 0 ]
check "... and says it is valid" grep -q "good.json: valid, 1 sections" "$A/good.out"

# 2. Assets that cannot be read: each named with its object's JSON path.
spec assets "$(svg 0 icons/missing.svg)" "$(svg 1 icons/escape.svg)" "$(svg 2 icons/fifo.svg)" \
  "$(img 3 icons/fifo.png)" "$(svg 4 icons/folder.svg)" "$(svg 5 icons/broken.svg)" "$(img 6 icons/cut.png)" \
  "$(svg 7 icons/ok.svg)"
checked assets
check "bad assets: --check exits 3 (was $rc)" [ "$rc" = 3 ]
check "missing file, with its JSON path" \
  grep -q "^assets.json: sections\[0\].objects\[0\].file: .*icons/missing.svg: no such file in the asset folder" "$A/assets.err"
check "a link out of the asset folder" \
  grep -q "^assets.json: sections\[0\].objects\[1\].file: .*icons/escape.svg: the file lies outside the asset folder" "$A/assets.err"
check "a FIFO as svg" grep -q "^assets.json: sections\[0\].objects\[2\].file: .*fifo.svg is a FIFO, not a regular file" "$A/assets.err"
check "a FIFO as image" grep -q "^assets.json: sections\[0\].objects\[3\].file: .*fifo.png is a FIFO, not a regular file" "$A/assets.err"
check "a folder" grep -q "^assets.json: sections\[0\].objects\[4\].file: .*folder.svg is a folder, not a regular file" "$A/assets.err"
check "an SVG that does not parse" grep -q "^assets.json: sections\[0\].objects\[5\].file: .*broken.svg: SVG: " "$A/assets.err"
check "... its name said once" [ "$(grep "objects\[5\]" "$A/assets.err" | grep -o "broken.svg" | wc -l)" = 1 ]
check "a PNG cut short" grep -q "^assets.json: sections\[0\].objects\[6\].file: .*cut.png: cannot decode image" "$A/assets.err"
check "every problem listed, the good object not" [ "$(grep -c "^assets.json: " "$A/assets.err")" = 7 ]

# 3. Text that is not UTF-8 (in an object, a lecture line, the title).
printf '{"version":1,"meta":{"title":"t"},"sections":[{"id":"a","title":"bad \xc3(","lecture_lines":["x \xed\xa0\x80"],'\
'"objects":[{"id":"t","type":"text","text":"ok \xff"}],"timeline":[{"add":["t"]}, {"wait":1}]}]}' >"$A/utf8.json"
checked utf8
check "bad UTF-8: exits 3 (was $rc)" [ "$rc" = 3 ]
check "in a text object, with its path" \
  grep -q "^utf8.json: sections\[0\].objects\[0\].text: the string is not valid UTF-8 (byte 0xff at offset 3)" "$A/utf8.err"
check "in a lecture line (a surrogate)" grep -q "^utf8.json: sections\[0\].lecture_lines\[0\]: .*not valid UTF-8" "$A/utf8.err"
check "in the title" grep -q "^utf8.json: sections\[0\].title: .*not valid UTF-8" "$A/utf8.err"

# 4. Formulas: one the filter refuses (at load, in the validator), an axes
#    label it refuses; then, in a spec that loads, one LaTeX rejects beside
#    a good one: each bad one named with its path.
spec filter "$(tex 0 'x^2')" "$(tex 1 '\\write18{touch x}')" \
  '{"id":"o2","type":"axes","x_range":[0,1],"y_range":[0,1],"x_label":"\\input{/etc/passwd}"}'
checked filter
check "refused formulas: exits 3 (was $rc)" [ "$rc" = 3 ]
check "the filter's refusal, with the path, naming what it refused" \
  grep -q "^filter.json: sections\[0\].objects\[1\].tex: .*write" "$A/filter.err"
check "an axes label refused" grep -q "^filter.json: sections\[0\].objects\[2\].x_label: .*input" "$A/filter.err"
if command -v latex >/dev/null && command -v dvisvgm >/dev/null; then
  spec latex "$(tex 0 '\\frac{1}{')" "$(tex 1 'x^2')" "$(tex 2 '\\frac{2}{')"
  checked latex
  check "formulas LaTeX rejects: exits 3 (was $rc)" [ "$rc" = 3 ]
  check "LaTeX's error, with the object's path" grep -q "^latex.json: sections\[0\].objects\[0\]: tex: " "$A/latex.err"
  check "... for each bad formula, not just the first" grep -q "^latex.json: sections\[0\].objects\[2\]: tex: " "$A/latex.err"
  check "no prefix said twice" [ -z "$(grep -E "tex: tex:" "$A/latex.err")" ]
  check "the good formula is not named" [ -z "$(grep "objects\[1\]" "$A/latex.err")" ]
else
  echo "no latex/dvisvgm: LaTeX checks skipped"
fi

# 5. The same spec renders as --check said: a render of the bad assets
#    fails too, naming the first of them.
"$RENDER" "$A/assets.json" --frame 0.5 -o "$WORK/x.png" --quiet 2>"$A/render.err"
rc=$?
check "rendering what --check refused fails (was $rc)" [ "$rc" != 0 ]
check "... with the same message" grep -q "sections\[0\].objects\[0\].file: .*missing.svg: no such file" "$A/render.err"

checks_done hardening_check
