#!/usr/bin/env bash
# One timed run for the clip cache's figure (docs/encoding.md, "The clip
# cache"): examples/pythagorean.json with section "squares" edited (its
# square sq_a gets a colour never used before, so the cache cannot have its
# clip), rendered to a fresh MP4. With --disable_caching among the extra
# arguments every section is encoded, as before the cache.
#   farm-bench -n 5 -- bench/rerender_one_section.sh build/librender/cli/c2v-render CACHE \
#       --vs 'bench/rerender_one_section.sh build/librender/cli/c2v-render CACHE --disable_caching'
# Warm CACHE first with one render of the unedited example.
set -eu
RENDER=$1
CACHE=$2
shift 2
SPEC=$(dirname "$0")/../examples/pythagorean.json
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$SPEC" "$TMP/edited.json" <<'PY'
import json, random, sys
spec = json.load(open(sys.argv[1]))
for section in spec["sections"]:
    if section["id"] == "squares":
        for o in section["objects"]:
            if o["id"] == "sq_a":
                o["color"] = "#%06x" % random.randrange(1 << 24)
json.dump(spec, open(sys.argv[2], "w"))
PY
# The spec's assets (none today) resolve beside it: keep it in examples/.
cp "$TMP/edited.json" "$(dirname "$SPEC")/.rerender-$$.json"
trap 'rm -rf "$TMP" "$(dirname "$SPEC")/.rerender-$$.json"' EXIT
"$RENDER" "$(dirname "$SPEC")/.rerender-$$.json" -o "$TMP/out.mp4" --cache-dir "$CACHE" --quiet "$@" >/dev/null
