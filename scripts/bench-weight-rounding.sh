#!/usr/bin/env bash
# Weight rounding at 8, 6 and 4 weight bits (activations 8 bits, per-channel
# weights: the default preset) on models trained on Fashion-MNIST: the
# bundled CNN (examples/fmnist/model.onnx) and the MobileNetV2 of
# scripts/make-fmnist-models.py (run it once first). Each cell quantizes the
# ONNX file on the 512 calibration images,
#   quant-opt MODEL.onnx --autoquant="dataset=calib_x.npy nbit-weight=B ROUNDING"
# with ROUNDING one of: nearest (the default), bias-correction,
# weight-rounding=gptq, weight-rounding=gptq bias-correction; quant-run runs
# the realized model on the full 10,000-image test set. Prints the accuracy
# of each cell, the float accuracy, the quantize time with GPTQ, and checks
# issue #21's targets: CNN 4-bit within 1.5 points and 6-bit within 0.5 with
# the new rounding, MobileNetV2 4-bit within 2.0. Exits non-zero when one is
# missed. MobileNetV2 also gets a row with 4-bit weights except its stem conv
# and depthwise convs (8 bits: 3x3 kernels leave GPTQ 9 weights per channel
# to compensate with; the usual mixed-precision convention).
# Then, when RESNET50 (default build/onnx-models/resnet50.onnx, written by
# /usr/bin/python3 scripts/make-onnx-models.py build/onnx-models --only
# resnet50) exists, the quantize time of ResNet-50 on 64 images (batch 2)
# with nearest and with GPTQ rounding (issue #21's target: <= 5 min).
# Usage: scripts/bench-weight-rounding.sh [DIR]   (default build/fmnist-models)
# Env: BIN (default build/bin), MODELS (default "cnn mobilenet_v2"),
#      BITS (default "8 6 4"), RESNET50.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/build/bin}
dir=${1:-$root/build/fmnist-models}
models=${MODELS:-cnn mobilenet_v2}
bits_list=${BITS:-8 6 4}
for f in calib_x.npy test_x.npy test_y.npy; do
  [ -f "$dir/$f" ] || {
    echo "missing $dir/$f: run /usr/bin/python3 scripts/make-fmnist-models.py first" >&2
    exit 2
  }
done

onnx_of() {
  case $1 in
    cnn) echo "$root/examples/fmnist/model.onnx" ;;
    *) echo "$dir/$1.onnx" ;;
  esac
}
# Largest allowed float - quantized accuracy drop with the new rounding.
target_of() {
  case "$1 $2" in
    "cnn 4") echo 1.5 ;;
    "cnn 6") echo 0.5 ;;
    "mobilenet_v2 4") echo 2.0 ;;
    *) echo - ;;
  esac
}
accuracy() { # model.mlir|onnx -> accuracy in percent
  "$bin/quant-run" "$1" --input "$dir/test_x.npy" --labels "$dir/test_y.npy" \
    --json --quiet | tr -d '\n ' | sed -n 's/.*"accuracy":\([0-9.e-]*\).*/\1/p' |
    awk '{ printf "%.2f", 100 * $1 }'
}
now() { date +%s.%N; }

roundings=("nearest|" "nearest + BC|bias-correction"
           "gptq|weight-rounding=gptq"
           "gptq + BC|weight-rounding=gptq bias-correction")
fmt='%-13s | %-13s | %-7s | %-8s | %-12s | %-8s | %-9s | %-6s | %-10s | %s\n'
rows=()
missed=0
for model in $models; do
  onnx=$(onnx_of "$model")
  [ -f "$onnx" ] || { echo "missing $onnx" >&2; exit 2; }
  float_acc=$(accuracy "$onnx")
  configs=()
  for bits in $bits_list; do configs+=("$bits|"); done
  if [ "$model" = mobilenet_v2 ] && [[ " $bits_list " == *" 4 "* ]]; then
    configs+=("4, dw+stem 8|point-nbit=*conv.1.0/Conv/weight:8,*features.1/conv/conv.0/conv.0.0/Conv/weight:8,*features.0.0/Conv/weight:8")
  fi
  for config in "${configs[@]}"; do
    bits=${config%%|*}
    mixed=${config#*|}
    accs=()
    gptq_s=
    for entry in "${roundings[@]}"; do
      label=${entry%%|*}
      options=${entry#*|}
      out=$dir/${model}_w$(echo "$bits" | tr -d ' ,+')_$(echo "$label" | tr -d ' +').mlir
      echo "== $model, $bits-bit weights, $label" >&2
      t0=$(now)
      "$bin/quant-opt" "$onnx" \
        --autoquant="dataset=$dir/calib_x.npy nbit-weight=${bits%%,*} $mixed $options" \
        -o "$out" 2>/dev/null
      seconds=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
      [ "$label" = "gptq" ] && gptq_s=$seconds
      accs+=("$(accuracy "$out")")
    done
    target=$(target_of "$model" "$bits")
    verdict=-
    if [ "$target" != - ]; then
      # The new rounding: the better of gptq and gptq + BC.
      verdict=$(awk -v f="$float_acc" -v a="${accs[2]}" -v b="${accs[3]}" \
        -v t="$target" 'BEGIN { best = a > b ? a : b; d = f - best;
          printf "%.2f %s", d, (d <= t + 1e-9 ? "yes" : "NO") }')
      case $verdict in *NO) missed=$((missed + 1)) ;; esac
    fi
    rows+=("$(printf "$fmt" "$model" "$bits" "$float_acc" "${accs[0]}" \
      "${accs[1]}" "${accs[2]}" "${accs[3]}" "<=$target" "$verdict" "$gptq_s")")
  done
done
printf "$fmt" model "w bits" float nearest "nearest + BC" gptq "gptq + BC" \
  target "drop, met" "gptq quantize s"
echo "--------------|---------------|---------|----------|--------------|----------|-----------|--------|------------|----------------"
printf '%s\n' "${rows[@]}"
echo "accuracy in %, 10,000 test images; activations 8 bits; BC = bias-correction"

resnet50=${RESNET50:-$root/build/onnx-models/resnet50.onnx}
if [ -f "$resnet50" ]; then
  data=$dir/resnet50.calib64.npy
  [ -f "$data" ] || "$bin/autoquant-make-dataset" "$data" 64 3 224 224 >/dev/null
  echo
  printf '%-28s | %s\n' "ResNet-50, 64 images" "quantize s"
  echo "-----------------------------|-----------"
  for rounding in nearest gptq; do
    echo "== ResNet-50, $rounding" >&2
    t0=$(now)
    "$bin/quant-opt" "$resnet50" --onnx-batch-size 2 \
      --autoquant="dataset=$data weight-rounding=$rounding" \
      -o "$dir/resnet50.$rounding.mlir" 2>/dev/null
    seconds=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
    limit=
    if [ "$rounding" = gptq ]; then
      limit=$(awk -v s="$seconds" 'BEGIN { print (s <= 300 ? " (<= 300 yes)" : " (<= 300 NO)") }')
      case $limit in *NO*) missed=$((missed + 1)) ;; esac
    fi
    printf '%-28s | %s\n' "weight-rounding=$rounding" "$seconds$limit"
  done
fi
[ "$missed" -eq 0 ]
