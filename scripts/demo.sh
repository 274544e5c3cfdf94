#!/usr/bin/env bash
# The main job: quantize the bundled Fashion-MNIST CNN (examples/fmnist) and
# show that int8 keeps its accuracy. Builds AutoQuant if needed, then for
# the defaults (data only), then from TVM's defaults global_scale, percentile
# and kl_divergence calibration (every conv and dense layer up to the global pool
# quantized; kl_divergence and percentile also after cross-layer equalization
# with per-channel weights, "CLE") and for TVM's defaults:
#   quant-opt --autoquant (annotate -> calibrate on 512 samples -> realize)
#   quant-opt --autoquant=simulate (the same, as float fake-quant)
#   quant-run on 2000 test samples: float, simulated and int8 accuracy,
#   argmax agreement of int8 with float.
# Prints one table; the realized models stay in build/demo/ to be opened.
# When scripts/make-fmnist-models.py has trained MobileNetV2 and a ViT into
# build/fmnist-models, their table (scripts/bench-fmnist-models.sh) follows.
# Usage: scripts/demo.sh [build-dir]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}
example=$root/examples/fmnist
out=$build_dir/demo
quant_opt=$build_dir/bin/quant-opt
quant_run=$build_dir/bin/quant-run

"$root/scripts/build.sh" "$build_dir" >&2
mkdir -p "$out"

accuracy() { # model -> accuracy in percent
  "$quant_run" "$1" --input "$example/test_x.npy" --labels "$example/test_y.npy" \
    --json --quiet | sed -n 's/.*"accuracy": \([0-9.]*\).*/\1/p' |
    awk '{printf "%.2f", 100 * $1}'
}
agreement() { # model reference -> argmax agreement in percent
  "$quant_run" "$1" --input "$example/test_x.npy" --compare "$2" --json \
    --quiet | sed -n 's/.*"argmax_agreement": \([0-9.]*\).*/\1/p' |
    awk '{printf "%.2f", 100 * $1}'
}

float_acc=$(accuracy "$example/model.mlir")
all_layers="skip-conv-layers= skip-dense-layer=false"
calib="dataset=$example/calib_x.npy"
# Cross-layer equalization on the calibration data, per-channel weights.
cle="equalize=activations weight-granularity=per-channel"
# The first row is what a user gets who passes only the data (the default
# preset); the others start from TVM's defaults (preset=tvm).
tvm="preset=tvm"
rows=(
  "defaults (data only)|$calib"
  "global_scale|$tvm calibrate-mode=global_scale $all_layers"
  "percentile|$tvm calibrate-mode=percentile weight-scale=max $all_layers $calib"
  "kl_divergence|$tvm calibrate-mode=kl_divergence weight-scale=max $all_layers $calib"
  "kl_divergence (CLE)|$tvm calibrate-mode=kl_divergence weight-scale=max $cle $all_layers $calib"
  "percentile (CLE)|$tvm calibrate-mode=percentile weight-scale=max $cle $all_layers $calib"
  "TVM defaults|$tvm"
)
printf '%-20s | %-9s | %-13s | %-8s | %-19s | %s\n' mode "float acc" \
  "simulated acc" "int8 acc" "agreement w/ float" "calibration time"
printf -- '---------------------|-----------|---------------|----------|---------------------|-----------------\n'
for row in "${rows[@]}"; do
  mode=${row%%|*}
  options=${row#*|}
  name=$(echo "$mode" | tr -d '()' | tr ' ' '_')
  start=$(date +%s.%N)
  "$quant_opt" "$example/model.mlir" --autoquant="$options simulate" \
    -o "$out/$name.simulated.mlir"
  end=$(date +%s.%N)
  "$quant_opt" "$example/model.mlir" --autoquant="$options" \
    -o "$out/$name.int8.mlir"
  seconds=$(echo "$start $end" | awk '{printf "%.2f s", $2 - $1}')
  printf '%-20s | %-9s | %-13s | %-8s | %-19s | %s\n' "$mode" "$float_acc%" \
    "$(accuracy "$out/$name.simulated.mlir")%" \
    "$(accuracy "$out/$name.int8.mlir")%" \
    "$(agreement "$out/$name.int8.mlir" "$example/model.mlir")%" "$seconds"
done

# Quantization schemes beyond TVM's, at 8 and 6 bits (inputs and weights),
# realized and run like the rows above.
echo
schemes=(
  "per-tensor (TVM)|"
  "per-channel weights|weight-granularity=per-channel"
  "unsigned activations|activation-sign=auto"
  "per-channel + unsigned|weight-granularity=per-channel activation-sign=auto"
  "power-of-two scales|power-of-two-scales"
  "zero points (minmax)|activation-range=asymmetric"
  "TVM 8-bit bias|bias-bits=8"
  "int16 relu1 (mixed)|point-nbit=relu1/input:16"
  "CLE, alpha 1|equalize=activations"
  "CLE, alpha 0.5|equalize=activations equalize-alpha=0.5"
  "CLE + per-channel|equalize=activations weight-granularity=per-channel"
  "log2 weights (simulated)|weight-scheme=log2"
)
printf '%-24s | %-16s | %-16s\n' "scheme (percentile)" "8-bit acc" "6-bit acc"
printf -- '-------------------------|------------------|-----------------\n'
for row in "${schemes[@]}"; do
  scheme=${row%%|*}
  mode=percentile
  case $scheme in *minmax*) mode=minmax ;; esac
  options="calibrate-mode=$mode weight-scale=max $all_layers $calib ${row#*|}"
  name=$(echo "$scheme" | tr ' +(),.' '______')
  accs=()
  for bits in 8 6; do
    # log2 weights have no integer TOSA form: simulated accuracy.
    simulate=
    case $scheme in *simulated*) simulate=simulate ;; esac
    "$quant_opt" "$example/model.mlir" \
      --autoquant="preset=tvm $options nbit-input=$bits nbit-weight=$bits $simulate" \
      -o "$out/scheme_${name}_$bits.mlir"
    accs+=("$(accuracy "$out/scheme_${name}_$bits.mlir")%")
  done
  printf '%-24s | %-16s | %-16s\n' "$scheme" "${accs[0]}" "${accs[1]}"
done

# The same network exported by PyTorch as ONNX (NCHW inside the export,
# examples/fmnist/make_onnx.py): imported in memory and quantized by one
# quant-opt command.
echo
onnx_options="$calib"
"$quant_opt" "$example/model.onnx" --autoquant="$onnx_options" \
  -o "$out/onnx_defaults.int8.mlir"
printf '%-31s | %-9s | %-8s | %s\n' "from ONNX (defaults)" "float acc" \
  "int8 acc" "agreement w/ float"
printf -- '--------------------------------|-----------|----------|-------------------\n'
printf '%-31s | %-9s | %-8s | %s\n' "examples/fmnist/model.onnx" \
  "$(accuracy "$example/model.onnx")%" \
  "$(accuracy "$out/onnx_defaults.int8.mlir")%" \
  "$(agreement "$out/onnx_defaults.int8.mlir" "$example/model.onnx")%"
echo "  = quant-opt examples/fmnist/model.onnx --autoquant=\"${onnx_options/$example/examples/fmnist}\" -o model.int8.mlir"

# Real architectures trained on Fashion-MNIST (torchvision's MobileNetV2 and
# a small ViT, ONNX): made once with Python (not needed to run AutoQuant),
# so they are measured when present.
models=$build_dir/fmnist-models
echo
if [ -f "$models/mobilenet_v2.onnx" ] && [ -f "$models/vit.onnx" ]; then
  BIN=$build_dir/bin "$root/scripts/bench-fmnist-models.sh" "$models" ||
    echo "(an accuracy target above was missed)"
else
  echo "Real architectures (MobileNetV2, ViT; 10,000 test images): run"
  echo "  /usr/bin/python3 scripts/make-fmnist-models.py && scripts/bench-fmnist-models.sh"
  echo "(or run this demo again after the first command)."
fi
echo
echo "Realized int8 models: $out/*.int8.mlir (2000 test samples, 512 calibration samples)."
