#!/usr/bin/env bash
# Calibration benchmark: where the time of --autoquant-calibrate goes, and
# whether memory grows with the dataset. Annotates a conv net with 32x32x3
# inputs, then calibrates it in kl_divergence mode on N and 10*N random
# samples; prints the pass's own timing split and the peak RSS of each run.
# Usage: scripts/bench-calibrate.sh [N=200] [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-200}
build=${2:-$root/build}
"$root/scripts/build.sh" "$build" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Three 3x3 convs (3 -> 16 -> 16 -> 16) with relu and a max pool, batch 8.
cat > "$work/net.mlir" <<'MLIR'
func.func @net(%x: tensor<8x32x32x3xf32>) -> tensor<8x16x16x16xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.01> : tensor<16xf32>}> : () -> tensor<16xf32>
  %w1 = "tosa.const"() <{values = dense<0.05> : tensor<16x3x3x3xf32>}> : () -> tensor<16x3x3x3xf32>
  %w2 = "tosa.const"() <{values = dense<0.02> : tensor<16x3x3x16xf32>}> : () -> tensor<16x3x3x16xf32>
  %c1 = tosa.conv2d %x, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<8x32x32x3xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x32x32x16xf32> loc("conv1")
  %r1 = tosa.clamp %c1 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<8x32x32x16xf32>) -> tensor<8x32x32x16xf32>
  %c2 = tosa.conv2d %r1, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<8x32x32x16xf32>, tensor<16x3x3x16xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x32x32x16xf32> loc("conv2")
  %r2 = tosa.clamp %c2 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<8x32x32x16xf32>) -> tensor<8x32x32x16xf32>
  %p = tosa.max_pool2d %r2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<8x32x32x16xf32>) -> tensor<8x16x16x16xf32>
  %c3 = tosa.conv2d %p, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<8x16x16x16xf32>, tensor<16x3x3x16xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x16x16x16xf32> loc("conv3")
  return %c3 : tensor<8x16x16x16xf32>
}
MLIR
"$build/bin/quant-opt" "$work/net.mlir" \
  --autoquant-annotate="skip-conv-layers=" -o "$work/annotated.mlir"

printf '%-8s %-10s %-9s %-9s %-9s %-9s %-9s %-9s %s\n' samples dataset \
  compile read run observe search total "peak RSS"
for samples in "$n" $((10 * n)); do
  "$build/bin/autoquant-make-dataset" "$work/calib.npy" "$samples" 32 32 3
  size=$(du -m "$work/calib.npy" | cut -f1)
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$build/bin/quant-opt" \
    "$work/annotated.mlir" -o /dev/null --autoquant-calibrate="calibrate-mode=kl_divergence dataset=$work/calib.npy" \
    2> "$work/log.txt"
  read -r total rss < "$work/time.txt"
  line=$(grep '^calibrate: .* points' "$work/log.txt")
  field() { sed -n "s/.*$1 \([0-9.]*\) s.*/\1/p" <<<"$line"; }
  printf '%-8s %-10s %-9s %-9s %-9s %-9s %-9s %-9s %s\n' "$samples" \
    "${size} MB" "$(field compile)" "$(field 'read data')" \
    "$(field 'run model')" "$(field observe)" "$(field 'threshold search')" \
    "$total" "$((rss / 1024)) MB"
done
