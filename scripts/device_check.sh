#!/usr/bin/env bash
# GPU check on a lent NVIDIA machine that has no package registry and no display.
# The lead builds here, then packs what the binaries need into .devbundle/:
#   bin/ (c2v-render, bench programs), devlibs.tar.xz (every shared library
#   `ldd` lists except glibc and Mesa's vendor libraries), fonts/ + fonts.conf,
#   cache/c2v/tex (LaTeX already compiled: the machine has no TeX).
# Run there as:  bash scripts/device_check.sh   (results land in $OUT)
set -uo pipefail
B=$PWD/.devbundle
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
log() { printf '== %s\n' "$*" | tee -a "$OUT/check.log" >&2; }
run() { log "\$ $*"; local t0=$(date +%s%N); "$@" >>"$OUT/check.log" 2>&1; local rc=$?
        log "rc=$rc in $(( ($(date +%s%N) - t0) / 1000000 )) ms"; return $rc; }

mkdir -p /tmp/dl && for t in "$B"/devlibs*.tar.xz; do tar xJf "$t" -C /tmp/dl; done
export LD_LIBRARY_PATH=/tmp/dl/devlibs
vendor=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
[ -f "$vendor" ] || vendor=$(ls /usr/share/glvnd/egl_vendor.d/*nvidia*.json 2>/dev/null | head -1)
[ -n "$vendor" ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$vendor
export FONTCONFIG_FILE=$B/fonts.conf XDG_CACHE_HOME=$B/cache
log "$(nvidia-smi -L 2>&1 | head -1); nproc $(nproc); vendor json: ${vendor:-none}"
ldd "$B/bin/c2v-render" | grep -i "not found" | tee -a "$OUT/check.log"
R=$B/bin/c2v-render S=examples/pythagorean.json

# 0. The GPU unit tests (pixel references, readback ring, GPU YUV pass) on the device platform.
mkdir -p build/tests/gpu
for t in "$B"/tests/test_gpu_*; do LR_BACKEND=egl-device run "$t"; done

# 1. EGL on the real GPU: the device backend explicitly, then auto.
run "$R" $S --backend egl-device --frame 20 -q h --no-audio -o "$OUT/frame_gpu_20s.png"
run "$R" $S --backend egl-device --frame 41 -q h --no-audio -o "$OUT/frame_gpu_41s.png"
# 2. Encoders: auto must pass over NVENC (Hopper has none) and fall back to libx264;
#    an explicit nvenc must fail clearly (exit 4) and leave no file.
#    readback auto = the GPU YUV pass on a real GPU; rgba and sync for comparison.
run "$R" $S -q h -o "$OUT/pyth_1080p60.mp4" --quiet --no-audio
run "$R" $S -q h -o /tmp/rgba.mp4 --quiet --no-audio --readback rgba
run "$R" $S -q h -o /tmp/sync.mp4 --quiet --no-audio --readback sync
run "$R" $S -q l -o "$OUT/pyth_480p15.mp4" --quiet --no-audio
run "$R" $S -q l --no-audio --section "$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['sections'][0]['id'])" $S)" --encoder nvenc -o /tmp/nv.mp4
log "nvenc output exists: $([ -e /tmp/nv.mp4 ] && echo yes || echo no)"
# 3. Figures.
run "$B/bin/bench_spec" $S
for rb in rgba sync; do run "$B/bin/bench_spec" $S --readback $rb --frames 1200 --mp4 none; done
run "$B/bin/bench_render"
ls -la "$OUT" >>"$OUT/check.log"
