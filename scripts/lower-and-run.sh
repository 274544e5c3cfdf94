#!/usr/bin/env bash
# Lowers float TOSA on stdin with quant-opt (upstream TOSA -> linalg -> LLVM)
# and runs its @main with mlir-runner. Usage: ... | lower-and-run.sh QUANT_OPT
set -euo pipefail
quant_opt=$1
llvm=/usr/lib/llvm-22
"$quant_opt" --tosa-to-linalg-pipeline |
  "$quant_opt" --tosa-to-arith --tosa-to-tensor --canonicalize \
    --one-shot-bufferize="bufferize-function-boundaries" \
    --buffer-deallocation-pipeline --convert-linalg-to-loops --lower-affine \
    --convert-scf-to-cf --expand-strided-metadata --finalize-memref-to-llvm \
    --convert-math-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm \
    --convert-func-to-llvm --convert-to-llvm --reconcile-unrealized-casts |
  "$llvm/bin/mlir-runner" -e main -entry-point-result=void \
    -shared-libs="$llvm/lib/libmlir_runner_utils.so,$llvm/lib/libmlir_c_runner_utils.so"
