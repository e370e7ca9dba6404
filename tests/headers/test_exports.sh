#!/usr/bin/env bash
# Every symbol librender.so exports is declared in a public header (and
# carries the lr_ prefix): nothing internal leaks into the ABI.
set -u
LIB=$1
INCLUDE=$2
. "$(dirname "$0")/../common/checks.sh"
nm -D --defined-only "$LIB" | awk '$2 ~ /^[TtWwiDdBbRr]$/ { print $3 }' | sed 's/@.*//' |
  grep -Ev '^(_init|_fini|_edata|_end|__bss_start)$' | sort -u >"$WORK/exported"
check "the library exports something" [ -s "$WORK/exported" ]
while read -r sym; do
  case $sym in
  *.resolver) check "$sym: no ifunc resolver is exported" false ;;
  lr_*) check "$sym is declared in a public header" grep -rqw -- "$sym" "$INCLUDE" ;;
  *) check "$sym has the lr_ prefix" false ;;
  esac
done <"$WORK/exported"
checks_done exports
