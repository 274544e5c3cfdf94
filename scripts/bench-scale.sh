#!/usr/bin/env bash
# Performance at scale (issue "Performance at scale"): in one run, side by
# side on the same files,
#   - mlir-opt parse + print vs quant-opt --autoquant (annotate, calibrate
#     global_scale, realize) on a ResNet-50-shaped model (25.6M parameters);
#   - the same on chains of K = 1,000 and 10,000 conv + relu layers;
#   - kl_divergence calibration of the ResNet-50 model on N random 224x224
#     images (default 64; --images N, 0 skips it): where the time goes.
# Prints a table with times, ratios and peak RSS. Models and images are
# generated with seeded random weights by quant-model-gen into
# build/bench-scale/ (about 300 MB).
# Usage: scripts/bench-scale.sh [--images N] [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
images=64
if [ "${1:-}" = "--images" ]; then images=$2; shift 2; fi
build_dir=${1:-$root/build}
out=$build_dir/bench-scale
mlir_opt=/usr/lib/llvm-22/bin/mlir-opt
quant_opt=$build_dir/bin/quant-opt
gen=$build_dir/bin/quant-model-gen

"$root/scripts/build.sh" "$build_dir" >&2
mkdir -p "$out"
[ -s "$out/resnet50.mlir" ] || "$gen" --model resnet50 -o "$out/resnet50.mlir"
for k in 1000 10000; do
  [ -s "$out/chain$k.mlir" ] || "$gen" --model chain --layers $k -o "$out/chain$k.mlir"
done

# measure NAME COMMAND...: wall seconds and peak RSS (MB) into $name_time /
# $name_rss (best of 3 runs for the time, max RSS).
measure() {
  local name=$1; shift
  local best= rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" ||
      { cat "$out/stderr.txt" >&2; exit 1; }
    read -r t m <"$out/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf -v "${name}_time" '%s' "$best"
  printf -v "${name}_rss" '%s' "$((rss / 1024))"
}

quantize="calibrate-mode=global_scale skip-conv-layers= skip-dense-layer=false"
for model in resnet50 chain1000 chain10000; do
  measure "${model}_parse" "$mlir_opt" "$out/$model.mlir" -o "$out/$model.out.mlir"
  measure "${model}_quant" "$quant_opt" "$out/$model.mlir" --autoquant="preset=tvm $quantize" -o "$out/$model.int8.mlir"
done

ratio() { awk "BEGIN{printf \"%.2fx\", $1 / $2}"; }
printf '\n%-34s | %-14s | %-12s | %-8s | %-14s | %-10s\n' model "mlir-opt (s)" "quant-opt (s)" "ratio" "RSS MB (m / q)" "RSS ratio"
printf -- '-----------------------------------|----------------|--------------|----------|----------------|-----------\n'
for model in resnet50 chain1000 chain10000; do
  pt=${model}_parse_time; qt=${model}_quant_time; pr=${model}_parse_rss; qr=${model}_quant_rss
  printf '%-34s | %-14s | %-12s | %-8s | %-14s | %-10s\n' "$model ($(du -m "$out/$model.mlir" | cut -f1) MB)" \
    "${!pt}" "${!qt}" "$(ratio "${!qt}" "${!pt}")" "${!pr} / ${!qr}" "$(ratio "${!qr}" "${!pr}")"
done
echo "growth K = 1,000 -> 10,000: quant-opt $(ratio "$chain10000_quant_time" "$chain1000_quant_time"), mlir-opt $(ratio "$chain10000_parse_time" "$chain1000_parse_time")"

if [ "$images" -gt 0 ]; then
  [ -s "$out/images$images.npy" ] || "$gen" --images "$images" --shape 224x224x3 -o "$out/images$images.npy"
  echo
  echo "kl_divergence calibration of resnet50 on $images random images:"
  /usr/bin/time -f "total %e s, peak RSS %M KB" "$quant_opt" "$out/resnet50.mlir" \
    --autoquant="preset=tvm calibrate-mode=kl_divergence skip-conv-layers= skip-dense-layer=false dataset=$out/images$images.npy" \
    -o "$out/resnet50.kl.int8.mlir" 2>&1 | grep -E "^calibrate: [0-9]+ points|^total"
fi
