#!/usr/bin/env bash
# Longer fuzzing runs, one harness after the other (docs/hardening.md).
#   tests/fuzz/run_fuzz.sh BUILD_DIR SECONDS [HARNESS...]
# BUILD_DIR is a tree configured with CC=clang -DLR_FUZZ=ON. Each harness
# runs for SECONDS, niced, starting from the committed seeds and crash
# inputs plus what earlier runs found (BUILD_DIR/tests/fuzz/work/<h>/corpus).
# A crash lands in BUILD_DIR/tests/fuzz/work/<h>/artifacts/: fix it, then
# copy the input to tests/fuzz/crashes/<h>/ so that it replays in every build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run_fuzz.sh BUILD_DIR SECONDS [HARNESS...]}
seconds=${2:?usage: run_fuzz.sh BUILD_DIR SECONDS [HARNESS...]}
shift 2
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(spec spec_build svg expr json_extract llm_parse tex_filter)
status=0
for h in "${harnesses[@]}"; do
  bin=$build/tests/fuzz/fuzz_$h
  [ -x "$bin" ] || { echo "run_fuzz: $bin is missing (configure with CC=clang -DLR_FUZZ=ON)" >&2; exit 2; }
  work=$build/tests/fuzz/work/$h
  mkdir -p "$work/corpus" "$work/artifacts"
  inputs=("$here/corpus/$h")
  [ -d "$here/crashes/$h" ] && inputs+=("$here/crashes/$h")
  dict=()
  [ -f "$here/$h.dict" ] && dict=(-dict="$here/$h.dict")
  echo "== fuzz_$h for ${seconds}s" >&2
  log=$work/last_run.log
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
      LSAN_OPTIONS=suppressions=$here/../lsan.supp:print_suppressions=0 nice -n 10 "$bin" "$work/corpus" "${inputs[@]}" ${dict[@]+"${dict[@]}"} \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/" >"$log" 2>&1; then
    status=1
    echo "== fuzz_$h FOUND A PROBLEM: see $log and $work/artifacts/" >&2
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^stat::new_units_added' "$log" | sed "s/^/fuzz_$h /" || true
done
exit $status
