#!/usr/bin/env bash
# The measurements behind --autoquant's default preset: candidate option sets
# on the bundled Fashion-MNIST CNN (512 calibration samples, 2000 test
# samples), realized to int8 and run by quant-run against the float model.
# Prints accuracy, argmax agreement and output SQNR per candidate.
# Usage: scripts/bench-presets.sh   (after scripts/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/build/bin}
ex=$root/examples/fmnist
out=${OUT:-$root/build/bench-presets}
mkdir -p "$out"
data="dataset=$ex/calib_x.npy"
layers="skip-conv-layers= skip-dense-layer=false"
candidates=(
  "default (accurate preset)|$data"
  "TVM defaults|preset=tvm"
  "percentile, per-tensor|preset=tvm $layers calibrate-mode=percentile weight-scale=max $data"
  "percentile, per-channel|preset=tvm $layers calibrate-mode=percentile weight-scale=max weight-granularity=per-channel $data"
  "percentile, per-channel, unsigned|preset=tvm $layers calibrate-mode=percentile weight-scale=max weight-granularity=per-channel activation-sign=auto $data"
  "kl_divergence, per-channel|preset=tvm $layers calibrate-mode=kl_divergence weight-scale=max weight-granularity=per-channel $data"
  "mse, per-channel|preset=tvm $layers calibrate-mode=mse weight-scale=max weight-granularity=per-channel $data"
  "minmax, per-channel|preset=tvm $layers calibrate-mode=minmax weight-scale=max weight-granularity=per-channel $data"
  "default + dense after the pool|$data stop-at-global-pool=false"
)
printf '%-36s | %-8s | %-9s | %s\n' candidate "int8 acc" agreement "SQNR (dB)"
printf -- '-------------------------------------|----------|-----------|----------\n'
for row in "${candidates[@]}"; do
  name=${row%%|*}
  "$bin/quant-opt" "$ex/model.mlir" --autoquant="${row#*|}" -o "$out/candidate.mlir"
  "$bin/quant-run" "$out/candidate.mlir" --input "$ex/test_x.npy" \
    --labels "$ex/test_y.npy" --compare "$ex/model.mlir" --json --quiet |
    tr -d '\n ' |
    sed 's/.*"accuracy":\([0-9.]*\).*"argmax_agreement":\([0-9.]*\).*"sqnr_db":\([0-9.]*\).*/\1 \2 \3/' |
    awk -v n="$name" '{printf "%-36s | %-8.2f | %-9.2f | %.2f\n", n, 100 * $1, 100 * $2, $3}'
done
