#!/usr/bin/env bash
# c2v's one entry point for people and CI.
#   ./build.sh demo   install what is missing, build, render the bundled example
#   ./build.sh test   install what is missing, build, run the whole test suite,
#                     then again under ASan+UBSan+LSan (build-asan/) and the
#                     fuzz smoke runs (clang, build-fuzz/); times each phase
#   ./build.sh deps   only install the Debian packages
#   ./build.sh build  only configure and build (into build/)
set -euo pipefail
cd "$(dirname "$0")"

# Everything comes from Debian 12 packages.
PACKAGES=(
  build-essential cmake pkg-config python3 python3-glad python3-jsonschema
  libglfw3-dev libegl-dev libgl-dev libgles-dev libegl-mesa0 libgl1-mesa-dri
  libfreetype-dev libharfbuzz-dev libfontconfig-dev libfribidi-dev fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei
  fonts-noto-color-emoji
  libcurl4-openssl-dev libcjson-dev libexpat1-dev libstb-dev libgeos-dev libglu1-mesa-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libavfilter-dev ffmpeg
  texlive-latex-base texlive-fonts-recommended dvisvgm bubblewrap python3-pygments
  librsvg2-bin adwaita-icon-theme libespeak-ng-dev espeak-ng
  libswresample-dev libebur128-dev libigraph-dev
  xvfb xauth xdotool chromium
  clang libclang-rt-14-dev
  slurm-wlm munge
)

log() { printf '== %s\n' "$*" >&2; }

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#PACKAGES[@]} Debian packages present"
    return
  fi
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

JOBS=$(nproc 2>/dev/null || echo 2)

build() {
  log "configuring and building into build/ ($JOBS jobs)"
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$JOBS"
}

demo() {
  mkdir -p out
  if [ -x build/librender/cli/c2v-render ] && [ -f examples/pythagorean.json ]; then
    log "rendering examples/pythagorean.json"
    build/librender/cli/c2v-render examples/pythagorean.json -o out/pythagorean.mp4
    log "wrote out/pythagorean.mp4"
  else
    log "rendering examples/shapes.c"
    build/examples/shapes out/shapes.png
    log "wrote out/shapes.png"
  fi
}

run_tests() {
  log "running the test suite"
  ctest --test-dir build --output-on-failure -j "$JOBS"
}

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer +
# LeakSanitizer (suppressions for third-party leaks: tests/lsan.supp).
build_asan() {
  log "configuring and building the sanitizer tree build-asan/ ($JOBS jobs)"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLR_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$JOBS"
}

run_tests_asan() {
  log "running the test suite under ASan+UBSan+LSan"
  ctest --test-dir build-asan --output-on-failure -j "$JOBS"
}

# libFuzzer harnesses (tests/fuzz, docs/hardening.md): a clang build of just
# the harnesses and a short smoke run of each.
FUZZ_TARGETS=(fuzz_spec fuzz_spec_build fuzz_spec_assets fuzz_svg fuzz_expr fuzz_json_extract fuzz_llm_parse fuzz_tex_filter)
build_fuzz() {
  log "configuring and building the fuzz harnesses into build-fuzz/ (clang, $JOBS jobs)"
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLR_FUZZ=ON >/dev/null
  cmake --build build-fuzz -j "$JOBS" --target "${FUZZ_TARGETS[@]}"
}

run_fuzz_smoke() {
  log "fuzz smoke runs (${#FUZZ_TARGETS[@]} harnesses)"
  ctest --test-dir build-fuzz --output-on-failure -R '^fuzz_smoke_' -j "$JOBS"
}

# Runs "$@" and logs how long it took: CI time is a budget.
PHASES=()
phase() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  PHASES+=("$(printf '%-16s %4ds' "$name" $((SECONDS - start)))")
  log "phase $name: $((SECONDS - start)) s"
}

test_all() {
  local start=$SECONDS
  phase build build
  phase test run_tests
  phase build-asan build_asan
  phase test-asan run_tests_asan
  phase build-fuzz build_fuzz
  phase fuzz-smoke run_fuzz_smoke
  log "timings:"
  for p in "${PHASES[@]}"; do log "  $p"; done
  log "  $(printf '%-16s %4ds' total $((SECONDS - start)))"
}

case "${1:-}" in
  deps) install_deps ;;
  build) install_deps; build ;;
  demo) install_deps; build; demo ;;
  test) install_deps; test_all ;;
  *) echo "usage: $0 demo|test|deps|build" >&2; exit 2 ;;
esac
