#!/usr/bin/env bash
# bench_vs_manim at 480p, one timed run: every field it promises is printed
# with a plausible value (its figures themselves are not judged), and a
# c2v-render that fails makes it fail.
set -u
BENCH=$1
RENDER=$2
. "$(dirname "$0")/../common/checks.sh"
out=$WORK/out.txt
check "runs at 480p" "$BENCH" --render "$RENDER" --size 480 --runs 1 --work "$WORK/w" >"$out" 2>"$WORK/err.txt"
cat "$out"
field() { sed -n "s/^$1: //p" "$out" | head -1; }
check "wall in seconds" grep -Eq '^wall: [0-9.]+ s median' "$out"
check "cpu, user and sys" grep -Eq '^cpu: [0-9.]+ s median .*user [0-9.]+ \+ sys [0-9.]+' "$out"
check "peak rss in MiB" grep -Eq '^peak rss: [0-9.]+ MiB' "$out"
size=$(field file | cut -d' ' -f1)
check "file size ($size) above 1000 bytes" [ "${size:-0}" -gt 1000 ]
ssim=$(sed -n 's/^quality: SSIM all \([0-9.]*\).*/\1/p' "$out")
check "SSIM ($ssim) between 0.9 and 1" awk -v s="${ssim:-0}" 'BEGIN { exit !(s > 0.9 && s <= 1) }'
psnr=$(sed -n 's/^quality: .*PSNR average \([0-9.inf]*\) dB.*/\1/p' "$out")
check "PSNR ($psnr) above 30 dB" awk -v p="${psnr:-0}" 'BEGIN { exit !(p == "inf" || p > 30) }'
check "stages from process start" grep -Eq '^stages .*start-up [0-9.]+, spec [0-9.]+, .*workers [0-9.]+, join [0-9.]+, exit [0-9.]+' "$out"
check "stages of the workers" grep -Eq '^workers \([0-9]+, .*contexts [0-9.]+, builds [0-9.]+, encoder opens [0-9.]+, frames [0-9.]+, encoder finishes [0-9.]+' "$out"
check "frames drawn of 150" grep -Eq '^frames: [0-9]+ drawn of 150' "$out"
check "the lossless reference is bigger" awk -v a="$(field 'lossless reference' | cut -d' ' -f1)" -v b="${size:-0}" 'BEGIN { exit !(a > b) }'
check "Manim's settings on the same frames" grep -Eq '^manim settings \(ffmpeg .*key frames at 0,1.5,3,4.5,5.5,6.5,8 s\): CPU [0-9.-]+ s' "$out"
check "their quality" grep -Eq '^manim settings quality: SSIM all 0\.9' "$out"
# A render that fails is reported, not measured.
check "a failing c2v-render fails it" bash -c '! "$0" --render /bin/false --size 480 --runs 1 --work "$1" >/dev/null 2>&1' "$BENCH" "$WORK/f"
checks_done bench_vs_manim_smoke
