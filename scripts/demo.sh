#!/usr/bin/env bash
# The main job on the bundled example (examples/tiny_cnn): builds AutoQuant if
# needed, then
#   1. parses and verifies the float TOSA model and its quantized form
#      (autoquant.simulated_quantize points with TVM's default parameters),
#      and checks that printing -> parsing -> printing is the identity;
#   2. lists the quantization points;
#   3. lowers the float model with quant-opt (upstream TOSA -> LLVM) and runs it.
# Usage: scripts/demo.sh [build-dir]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}
example=$root/examples/tiny_cnn
out=$build_dir/demo
quant_opt=$build_dir/bin/quant-opt

"$root/scripts/build.sh" "$build_dir" >&2
mkdir -p "$out"

echo "== 1. verify and round-trip"
for name in model calibrated; do
  "$quant_opt" "$example/$name.mlir" -o "$out/$name.1.mlir"
  "$quant_opt" "$out/$name.1.mlir" -o "$out/$name.2.mlir"
  "$quant_opt" "$out/$name.1.mlir" --mlir-print-op-generic |
    "$quant_opt" -o "$out/$name.3.mlir"
  cmp -s "$out/$name.1.mlir" "$out/$name.2.mlir"
  cmp -s "$out/$name.1.mlir" "$out/$name.3.mlir"
  printf '%-16s verified; custom and generic round trips identical (%s ops)\n' \
    "$name.mlir" "$(grep -c ' = ' "$out/$name.1.mlir")"
done

echo
echo "== 2. quantization points in calibrated.mlir"
printf '%-6s %-11s %5s %-24s %s\n' value kind nbit scale clip
sed -n 's/.*simulated_quantize %\([a-z0-9_]*\) kind = \([a-z]*\) nbit = \([0-9]*\).*scale = \([^,]*\), clip = \(\[[^]]*\]\).*/\1 \2 \3 \4 \5/p' \
  "$out/calibrated.1.mlir" |
  while read -r value kind nbit scale clip; do
    printf '%-6s %-11s %5s %-24s %s\n' "%$value" "$kind" "$nbit" "$scale" "$clip"
  done

echo
echo "== 3. float model lowered by quant-opt and run (logits for a ramp input)"
cat "$example/model.mlir" "$example/driver.mlir" |
  "$root/scripts/lower-and-run.sh" "$quant_opt" | tail -n 1
echo
echo "Outputs are in $out."
