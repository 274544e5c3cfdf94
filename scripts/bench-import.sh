#!/usr/bin/env bash
# Import speed (ONNX import issue): in one run, on the same model, the time
# of `quant-import model.onnx -o model.mlir` against `mlir-opt model.mlir -o
# out.mlir` (parsing and printing the imported file: the cost of just reading
# and writing the same IR), best of 3, with peak RSS. Default models: the
# torchvision exports of scripts/make-onnx-models.py in build/onnx-models
# (resnet50 first; made there when missing).
# Usage: scripts/bench-import.sh [model.onnx...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
mlir_opt=/usr/lib/llvm-22/bin/mlir-opt
import=$build_dir/bin/quant-import
out=$build_dir/bench-import
mkdir -p "$out"
models=("$@")
if ((${#models[@]} == 0)); then
  dir=$build_dir/onnx-models
  [ -s "$dir/resnet50.onnx" ] ||
    /usr/bin/python3 "$root/scripts/make-onnx-models.py" --only resnet50,mobilenet_v2 "$dir" >&2
  models=("$dir/resnet50.onnx" "$dir/mobilenet_v2.onnx")
fi

# measure COMMAND...: best wall seconds of 3 runs into $best, max RSS (MB)
# into $rss.
measure() {
  best= rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" ||
      { cat "$out/stderr.txt" >&2; exit 1; }
    read -r t m <"$out/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    m=$((m / 1024))
    if [ "$m" -gt "$rss" ]; then rss=$m; fi
  done
}

printf '%-16s %8s %9s %26s %7s %16s\n' model "onnx MB" "import s" \
  "mlir-opt parse + print s" ratio "RSS MB imp/opt"
for model in "${models[@]}"; do
  name=$(basename "$model" .onnx)
  measure "$import" "$model" -o "$out/$name.mlir"
  ti=$best ri=$rss
  measure "$mlir_opt" "$out/$name.mlir" -o "$out/$name.roundtrip.mlir"
  tm=$best rm=$rss
  mb=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$model") / 1e6}")
  printf '%-16s %8s %9s %26s %7s %16s\n' "$name" "$mb" "$ti" "$tm" \
    "$(awk "BEGIN{printf \"%.2fx\", $ti / $tm}")" "$ri / $rm"
done
