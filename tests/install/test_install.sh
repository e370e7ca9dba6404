#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds programs against the
# installed copy: tests/install/outside with pkg-config and with
# find_package, and the C example of README.md, extracted verbatim from
# between its markers, so that README and library cannot drift apart.
set -u
BUILD=$1
SRC=$2
README=${3:-$SRC/../../README.md}
. "$(dirname "$0")/../common/checks.sh"
check "cmake --install" cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
LIBDIR=$(dirname "$(find "$WORK/prefix" -name 'librender.so' | head -n1)")
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig" LD_LIBRARY_PATH="$LIBDIR"
check "header installed" test -f "$WORK/prefix/include/librender.h"
check "pkg-config knows librender" pkg-config --exists librender
check "cc with pkg-config" cc -std=c11 "$SRC/outside/outside.c" $(pkg-config --cflags --libs librender) -o "$WORK/outside_pc"
check "pkg-config program draws" "$WORK/outside_pc" "$WORK/pc.png"
check "find_package configure" cmake -S "$SRC/outside" -B "$WORK/cm" -DCMAKE_PREFIX_PATH="$WORK/prefix" >/dev/null
check "find_package build" cmake --build "$WORK/cm" >/dev/null
check "find_package program draws" "$WORK/cm/outside" "$WORK/cm.png"

# README.md's example: the code block between the markers, as printed.
awk '/<!-- example:circle begin/ { on = 1; next } /<!-- example:circle end/ { on = 0 } on && !/^```/' "$README" >"$WORK/readme.c"
check "README example found between its markers" grep -q 'lr_context_render' "$WORK/readme.c"
check "README example compiles as printed (-Wall -Wextra -Werror -pedantic)" \
  cc -std=c11 -Wall -Wextra -Werror -pedantic "$WORK/readme.c" $(pkg-config --cflags --libs librender) -o "$WORK/readme"
check "README example runs" sh -c "cd '$WORK' && ./readme"
# pixel X Y -> "R G B A" of circle.png
pixel() {
  ffmpeg -v error -i "$WORK/circle.png" -vf "crop=1:1:$1:$2" -f rawvideo -pix_fmt rgba - | od -An -tu1 | xargs
}
centre=$(pixel 427 240)
corner=$(pixel 3 3)
# BLUE_C (0.35, 0.77, 0.87) at half opacity over the black background.
read -r r g b _ <<<"$centre"
check "README picture: the circle's fill at the centre ($centre)" \
  awk -v r="${r:-0}" -v g="${g:-0}" -v b="${b:-0}" 'function d(x, y) { return x > y ? x - y : y - x }
    BEGIN { exit !(d(r, 45) <= 8 && d(g, 98) <= 8 && d(b, 111) <= 8) }'
check "README picture: the background at a corner ($corner)" [ "$corner" = "0 0 0 255" ]
checks_done install
