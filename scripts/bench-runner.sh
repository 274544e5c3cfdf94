#!/usr/bin/env bash
# Model execution speed, side by side in one run (issue "Fast model
# execution"): PyTorch eager (Debian's python3-torch, 2 threads) on the
# bundled Fashion-MNIST CNN's architecture at batch 100 and batch 1, against
# AutoQuant's JIT runner (quant-run: batches of 1, run concurrently on both
# cores) on the float and the realized int8 model over the 2000 test images.
# The runner's compile time is measured separately (a 10-sample run) and
# subtracted. Prints images/s and the ratio. Needs python3-torch (installed
# with apt-get when missing and run as root); AutoQuant itself does not.
# Usage: scripts/bench-runner.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}
example=$root/examples/fmnist
out=$build_dir/bench-runner
quant_opt=$build_dir/bin/quant-opt
quant_run=$build_dir/bin/quant-run

"$root/scripts/build.sh" "$build_dir" >&2
mkdir -p "$out"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "python3-torch is missing" >&2; exit 1; }
  apt-get update >&2 && apt-get install -y python3-torch >&2
fi

torch_rates=$(/usr/bin/python3 - "$example" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
import torch
from make_fmnist import FashionNet
torch.set_num_threads(2)
model = FashionNet().eval()
rates = []
for batch in (100, 1):
    x = torch.randn(batch, 1, 28, 28)
    with torch.no_grad():
        for _ in range(5):
            model(x)
        runs = max(20, 2000 // batch)
        start = time.perf_counter()
        for _ in range(runs):
            model(x)
        seconds = time.perf_counter() - start
    rates.append(runs * batch / seconds)
print(" ".join(f"{r:.0f}" for r in rates))
PY
)
read -r torch100 torch1 <<<"$torch_rates"

"$quant_opt" "$example/model.mlir" -o "$out/int8.mlir" \
  --autoquant="calibrate-mode=percentile weight-scale=max skip-conv-layers= skip-dense-layer=false dataset=$example/calib_x.npy quiet"

# rate MODEL: images/s of quant-run over the 2000 test images, compile
# (a 10-sample run) subtracted; best of 3.
rate() {
  local best=
  for _ in 1 2 3; do
    local s0 s1 t
    s0=$( { /usr/bin/time -f "%e" "$quant_run" "$1" --input "$example/test_x.npy" --max-samples 10 --quiet >/dev/null; } 2>&1 )
    s1=$( { /usr/bin/time -f "%e" "$quant_run" "$1" --input "$example/test_x.npy" --quiet >/dev/null; } 2>&1 )
    t=$(awk "BEGIN{print $s1 - $s0}")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  awk "BEGIN{printf \"%.0f\", 1990 / $best}"
}
float_rate=$(rate "$example/model.mlir")
int8_rate=$(rate "$out/int8.mlir")

printf '%-40s | %-10s | %s\n' "Fashion-MNIST CNN, 2 threads" "images/s" "vs PyTorch batch 100"
printf -- '-----------------------------------------|------------|---------------------\n'
printf '%-40s | %-10s | %s\n' "PyTorch eager, batch 100" "$torch100" "1.00x"
printf '%-40s | %-10s | %s\n' "PyTorch eager, batch 1" "$torch1" "$(awk "BEGIN{printf \"%.2fx\", $torch1 / $torch100}")"
printf '%-40s | %-10s | %s\n' "AutoQuant runner, float (batch 1)" "$float_rate" "$(awk "BEGIN{printf \"%.2fx\", $float_rate / $torch100}")"
printf '%-40s | %-10s | %s\n' "AutoQuant runner, int8 (batch 1)" "$int8_rate" "$(awk "BEGIN{printf \"%.2fx\", $int8_rate / $torch100}")"
