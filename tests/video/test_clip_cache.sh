#!/usr/bin/env bash
# The clip cache: a second render of the same spec encodes no section, one
# where a section changed encodes exactly that one, and the sections that
# did not change decode to the very same frames. Also: split sections (two
# workers), narration, --disable_caching, --flush_cache, the size bound
# (least recently used out first) and two renders sharing the cache at once.
set -u
RENDER=$1
SRC=$2
. "$(dirname "$0")/../common/checks.sh"
CACHE=$WORK/cache
SPEC=$SRC/two_sections.json # "first" 15 frames, "second" 24 frames
encoded() { sed -n 's/^sections: \([0-9]*\) encoded, \([0-9]*\) from the cache$/\1 \2/p' "$1"; }
frames() { # frames FILE FIRST LAST -> md5 of each decoded frame in [FIRST, LAST]
  ffmpeg -v error -nostdin -i "$1" -vf "${SHOWN}select=between(n\,$2\,$3)" -vsync 0 -f framemd5 - | grep -v '^#' |
    awk -F, '{ print $NF }'
}
render() { "$RENDER" "$@" --no-audio --cache-dir "$CACHE" 2>"$WORK/last.err" >/dev/null; }

check "first render" render "$SPEC" -o "$WORK/one.mp4"
check "first render encodes both sections ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "2 0" ]
check "the cache holds two clips" [ "$(ls "$CACHE" | grep -c '^[0-9a-f]\{64\}\.mp4$')" = 2 ]
check "second render" render "$SPEC" -o "$WORK/two.mp4"
check "second render encodes none ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "0 2" ]
check "...and writes the same video" cmp -s "$WORK/one.mp4" "$WORK/two.mp4"
check "39 frames" [ "$(frames "$WORK/two.mp4" 0 100 | wc -l)" = 39 ]

# One section edited: the square turns green.
sed 's/"ORANGE"/"GREEN"/g' "$SPEC" >"$WORK/edited.json"
check "third render, one section edited" render "$WORK/edited.json" -o "$WORK/three.mp4"
check "third render encodes exactly one ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "1 1" ]
check "the unchanged section decodes to the same 15 frames" \
  [ "$(frames "$WORK/one.mp4" 0 14 | md5sum)" = "$(frames "$WORK/three.mp4" 0 14 | md5sum)" ]
check "the edited section differs" \
  [ "$(frames "$WORK/one.mp4" 15 38 | md5sum)" != "$(frames "$WORK/three.mp4" 15 38 | md5sum)" ]
check "the edited video has 39 frames" [ "$(frames "$WORK/three.mp4" 0 100 | wc -l)" = 39 ]

# Options that change the pixels make other clips.
check "at 30 fps" render "$SPEC" -o "$WORK/fps.mp4" --fps 30
check "another frame rate encodes both ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "2 0" ]
check "a .webm" render "$SPEC" -o "$WORK/a.webm"
check "another format encodes both" [ "$(encoded "$WORK/last.err")" = "2 0" ]
check "the .webm again" render "$SPEC" -o "$WORK/b.webm"
check "...then none" [ "$(encoded "$WORK/last.err")" = "0 2" ]

# A section in parts on two workers is kept whole, and found whole.
check "long section on 2 workers" render "$SRC/long_section.json" -o "$WORK/long1.mp4" -j 2
check "again" render "$SRC/long_section.json" -o "$WORK/long2.mp4" -j 2
check "...encodes none ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "0 2" ]
check "...the same frames" [ "$(frames "$WORK/long1.mp4" 0 200 | md5sum)" = "$(frames "$WORK/long2.mp4" 0 200 | md5sum)" ]

# Narrated: the speech fits the timing, and the key follows it.
check "narrated" sh -c "'$RENDER' '$SPEC' -o '$WORK/n1.mp4' --cache-dir '$CACHE' 2>'$WORK/n1.err' >/dev/null"
check "narrated again" sh -c "'$RENDER' '$SPEC' -o '$WORK/n2.mp4' --cache-dir '$CACHE' 2>'$WORK/n2.err' >/dev/null"
check "narrated twice: none encoded the second time ($(encoded "$WORK/n2.err"))" [ "$(encoded "$WORK/n2.err")" = "0 2" ]
check "narrated: audio still there" [ "$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of default=nw=1:nk=1 "$WORK/n2.mp4")" = aac ]

# --disable_caching reads and writes nothing there.
mkdir -p "$WORK/unused"
check "--disable_caching" "$RENDER" "$SPEC" -o "$WORK/nc.mp4" --no-audio --disable_caching --cache-dir "$WORK/unused" 2>"$WORK/nc.err" >/dev/null
check "--disable_caching: the folder stays empty" [ -z "$(ls -A "$WORK/unused")" ]
check "--disable_caching: no cache line" [ -z "$(encoded "$WORK/nc.err")" ]

# The bound: old entries go first.
for i in 1 2 3; do
  name=$(printf '%064d' "$i" | tr 0 a).mp4
  head -c 700000 /dev/zero >"$CACHE/$name"
  touch -d '2001-01-0'"$i" "$CACHE/$name"
done
check "a render with a 1M bound" render "$SPEC" -o "$WORK/bound.mp4" --cache-size 1M
total=$(du -cb "$CACHE"/*.mp4 | tail -n1 | cut -f1)
check "the cache is within 1 MiB ($total bytes)" [ "$total" -le 1048576 ]
check "the oldest went first" [ ! -e "$CACHE/$(printf '%064d' 1 | tr 0 a).mp4" ]
check "the clips just used stayed" render "$SPEC" -o "$WORK/bound2.mp4" --cache-size 1M
check "...found again ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "0 2" ]

# Two renders at once sharing the cache (fresh): both complete and agree.
"$RENDER" "$SRC/long_section.json" -o "$WORK/c1.mp4" --no-audio --cache-dir "$WORK/shared" 2>/dev/null >/dev/null &
p1=$!
"$RENDER" "$SRC/long_section.json" -o "$WORK/c2.mp4" --no-audio --cache-dir "$WORK/shared" 2>/dev/null >/dev/null &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
check "concurrent renders both succeed ($r1, $r2)" [ "$r1" = 0 ] && [ "$r2" = 0 ]
check "...and agree frame for frame" [ "$(frames "$WORK/c1.mp4" 0 200 | md5sum)" = "$(frames "$WORK/c2.mp4" 0 200 | md5sum)" ]
check "...leaving no temporary files" [ -z "$(ls "$WORK/shared" | grep part)" ]
check "a third run takes both from the shared cache" render "$SRC/long_section.json" -o "$WORK/c3.mp4" --cache-dir "$WORK/shared"
check "...encoding none" [ "$(encoded "$WORK/last.err")" = "0 2" ]

check "--flush_cache" render "$SPEC" -o "$WORK/fl.mp4" --flush_cache
check "--flush_cache: everything encoded again ($(encoded "$WORK/last.err"))" [ "$(encoded "$WORK/last.err")" = "2 0" ]
checks_done video_clip_cache
