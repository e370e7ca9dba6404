#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds a program against the
# installed copy twice: with pkg-config and with find_package.
set -u
BUILD=$1
SRC=$2
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
checks_done install
