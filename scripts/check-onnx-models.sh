#!/usr/bin/env bash
# End-to-end check of the ONNX importer on the models written by
# scripts/make-onnx-models.py (random-weight torchvision models and a small
# ViT). For every NAME.onnx in the directory:
#   (a) time quant-import (batch 2);
#   (b) run the float model with quant-run and compare with PyTorch's output:
#       max|out - torch| <= 1e-4 * max|torch|;
#   (c) quantize with the default preset (only the data given: the model's
#       own input as calibration set), run the int8 model against the float
#       ONNX model and record the SQNR, how many convs / matmuls became int8,
#       and how many ops realized integer vs stayed float (autoquant-realize's
#       verbose summary; the float ones by name in the notes).
# Prints a table; exits non-zero when a float comparison fails (import and
# float run failures count as such). Quantization failures are reported in
# the table only. Logs go to DIR/logs/.
# Usage: scripts/check-onnx-models.sh [dir] (default build/onnx-models)
# Env: BIN (default build/bin), PYTHON (default /usr/bin/python3),
#      STEP_TIMEOUT seconds per step (default 1800).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build/onnx-models}
bin=${BIN:-$root/build/bin}
python=${PYTHON:-/usr/bin/python3}
step_timeout=${STEP_TIMEOUT:-1800}
batch=2

shopt -s nullglob
models=("$dir"/*.onnx)
[ ${#models[@]} -gt 0 ] || { echo "no .onnx models in $dir" >&2; exit 2; }
logs=$dir/logs
mkdir -p "$logs"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# run LOG CMD...: runs CMD with a timeout, stdout+stderr to LOG; returns its status
run() { local log=$1; shift; timeout "$step_timeout" "$@" >"$log" 2>&1; }
# First error-looking line of a log, for the table's notes.
first_error() {
  grep -m1 -iE 'error|failed|unsupported|cannot|not supported|assert|abort|Segmentation|timed out' "$1" |
    cut -c1-150
}

fmt='| %-20s | %8s | %9s | %-14s | %-5s | %-10s | %7s | %7s | %10s | %-23s | %-15s |'
float_failures=0
t_all=$(now)
rows=()
notes=()
for onnx in "${models[@]}"; do
  name=$(basename "$onnx" .onnx)
  input=$dir/$name.input.npy
  torch_out=$dir/$name.torch.npy
  echo "== $name" >&2

  # (a) import
  t0=$(now)
  if run "$logs/$name.import.log" "$bin/quant-import" "$onnx" -o "$dir/$name.mlir" --batch-size $batch; then
    import_s=$(elapsed "$t0" "$(now)")
  else
    import_s="FAIL"
    notes+=("$name import: $(first_error "$logs/$name.import.log")")
  fi

  # (b) float run against PyTorch
  rel="-"; match="no"
  t0=$(now)
  if run "$logs/$name.run.log" "$bin/quant-run" "$onnx" --batch-size $batch --input "$input" \
      --output "$dir/$name.out.npy" --quiet; then
    run_s=$(elapsed "$t0" "$(now)")
    read -r rel match < <("$python" - "$dir/$name.out.npy" "$torch_out" <<'PY'
import sys
import numpy as np
out, ref = np.load(sys.argv[1]), np.load(sys.argv[2])
if out.shape != ref.shape:
    print("shape%s!=%s" % (list(out.shape), list(ref.shape)), "no")
else:
    rel = float(np.abs(out.astype(np.float64) - ref).max() / np.abs(ref).max())
    print("%.2e" % rel, "yes" if rel <= 1e-4 else "no")
PY
    )
  else
    run_s="FAIL"
    notes+=("$name float run: $(first_error "$logs/$name.run.log")")
  fi
  [ "$match" = yes ] || float_failures=$((float_failures + 1))

  # (c) quantize every layer, run the int8 model against the float one
  int8="no"; sqnr="-"; counts="-"; quant_s="-"; int8run_s="-"; ops="-"
  t0=$(now)
  if run "$logs/$name.quantize.log" "$bin/quant-opt" "$onnx" --onnx-batch-size $batch \
      --autoquant="dataset=$input verbose=true" -o "$dir/$name.int8.mlir"; then
    quant_s=$(elapsed "$t0" "$(now)")
    # "autoquant-realize: @f: N ops integer, M stay float: tosa.x k, ..."
    summary=$(grep -m1 '^autoquant-realize: ' "$logs/$name.quantize.log")
    ops=$(sed -E 's/.*: ([0-9]+) ops integer, ([0-9]+) stay float.*/\1 int, \2 float/' <<<"$summary")
    floats=$(sed -nE 's/.* stay float: (.*)/\1/p' <<<"$summary")
    [ -n "$floats" ] && notes+=("$name float ops: $floats")
    q=$dir/$name.int8.mlir
    # int8 convs+matmuls / all convs+matmuls, and the number of rescales
    nint=$(grep -E 'tosa\.(conv2d|depthwise_conv2d|transpose_conv2d|matmul) ' "$q" | grep -c 'xi8>, tensor')
    nall=$(grep -cE 'tosa\.(conv2d|depthwise_conv2d|transpose_conv2d|matmul) ' "$q")
    nres=$(grep -c 'tosa\.rescale ' "$q")
    counts="$nint/$nall rescale=$nres"
    t0=$(now)
    if run "$logs/$name.int8run.log" "$bin/quant-run" "$q" --input "$input" --compare "$onnx" \
        --batch-size $batch --json --quiet; then
      int8run_s=$(elapsed "$t0" "$(now)")
      int8="yes"
      sqnr=$(grep -o '"sqnr_db": *[-0-9.einfa]*' "$logs/$name.int8run.log" | sed 's/.*: *//')
      sqnr=$(printf '%.2f' "$sqnr" 2>/dev/null || echo "$sqnr")
    else
      int8="run FAIL"
      notes+=("$name int8 run: $(first_error "$logs/$name.int8run.log")")
    fi
  else
    int8="quant FAIL"
    notes+=("$name quantize: $(first_error "$logs/$name.quantize.log")")
  fi
  rows+=("$(printf "$fmt" "$name" "$import_s" "$run_s" "$rel" "$match" "$int8" "$sqnr" \
    "$quant_s" "$int8run_s" "$counts" "$ops")")
  echo "${rows[-1]}" >&2
done

printf "$fmt\n" model "import s" "f32 run s" "max|d|/max|o|" match "int8 runs" "SQNR dB" \
  "quant s" "int8 run s" "int8 conv+mm / rescales" "ops"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
for n in "${notes[@]}"; do echo "  - $n"; done
echo "total $(elapsed "$t_all" "$(now)") s; float mismatches/failures: $float_failures of ${#models[@]}"
[ "$float_failures" -eq 0 ]
