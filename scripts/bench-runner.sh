#!/usr/bin/env bash
# Model execution speed, side by side in one run (issue "Fast model
# execution"): PyTorch eager (Debian's python3-torch, 2 threads) against
# AutoQuant's JIT runner (quant-run: tiled and vectorized code, batches of 1
# run concurrently on both cores) on
#   - the bundled Fashion-MNIST CNN (PyTorch at batch 100 and 1; the runner
#     over the 2000 test images, float and realized int8), and
#   - a ResNet-50-shaped model (quant-model-gen; PyTorch builds the same
#     layers, batch 1; the runner over 64 random images, float and int8).
# The runner's figures are its run time (quant-run --timing: data reading
# included, compile excluded); the compile time is printed separately.
# Needs python3-torch (installed with apt-get when missing and run as root);
# AutoQuant itself does not.
# Usage: scripts/bench-runner.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}
example=$root/examples/fmnist
out=$build_dir/bench-runner
bin=$build_dir/bin

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
from torch import nn
from make_fmnist import FashionNet
torch.set_num_threads(2)

class Bottleneck(nn.Module):
    # ResNet-50 v1.5 block as quant-model-gen writes it (batch norm folded
    # into the convolutions' bias).
    def __init__(self, cin, width, stride, project):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, width, 1)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1)
        self.conv3 = nn.Conv2d(width, width * 4, 1)
        self.down = nn.Conv2d(cin, width * 4, 1, stride) if project else None
    def forward(self, x):
        y = torch.relu(self.conv1(x))
        y = torch.relu(self.conv2(y))
        y = self.conv3(y)
        return torch.relu(y + (self.down(x) if self.down is not None else x))

def resnet50():
    layers = [nn.Conv2d(3, 64, 7, 2, 3), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for stage, (blocks, width) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512))):
        for block in range(blocks):
            stride = 2 if block == 0 and stage > 0 else 1
            layers.append(Bottleneck(cin, width, stride, block == 0))
            cin = width * 4
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000)]
    return nn.Sequential(*layers)

def rate(model, shape, images):
    x = torch.randn(*shape)
    with torch.no_grad():
        for _ in range(3):
            model(x)
        runs = max(5, images // shape[0])
        start = time.perf_counter()
        for _ in range(runs):
            model(x)
        return runs * shape[0] / (time.perf_counter() - start)

fashion = FashionNet().eval()
rates = [rate(fashion, (100, 1, 28, 28), 4000), rate(fashion, (1, 1, 28, 28), 2000),
         rate(resnet50().eval(), (1, 3, 224, 224), 64)]
print(" ".join(f"{r:.2f}" for r in rates))
PY
)
read -r torch100 torch1 torch_resnet <<<"$torch_rates"

# Models: the example (float, int8) and ResNet-50 (float, int8 calibrated
# on 8 random images).
"$bin/quant-opt" "$example/model.mlir" -o "$out/fmnist.int8.mlir" \
  --autoquant="preset=tvm calibrate-mode=percentile weight-scale=max skip-conv-layers= skip-dense-layer=false dataset=$example/calib_x.npy"
[ -f "$out/resnet50.mlir" ] || "$bin/quant-model-gen" --model resnet50 -o "$out/resnet50.mlir"
[ -f "$out/images.npy" ] || "$bin/quant-model-gen" --images 64 --shape 224x224x3 -o "$out/images.npy"
"$bin/quant-opt" "$out/resnet50.mlir" -o "$out/resnet50.int8.mlir" \
  --autoquant="preset=tvm calibrate-mode=percentile weight-scale=max skip-conv-layers= skip-dense-layer=false dataset=$out/images.npy max-samples=8"

# run MODEL INPUT REPEATS: "compile-seconds images-per-second", the best run
# of REPEATS.
run() {
  local best=0 compile=0
  for _ in $(seq "$3"); do
    local timing
    timing=$("$bin/quant-run" "$1" --input "$2" --timing --quiet)
    compile=$(awk '/^compile time:/ {print $3}' <<<"$timing")
    local r
    r=$(awk '/^run time:/ {gsub(/\(/, "", $5); print $5}' <<<"$timing")
    if awk "BEGIN{exit !($r > $best)}"; then best=$r; fi
  done
  echo "$compile $best"
}
read -r fc_float fr_float <<<"$(run "$example/model.mlir" "$example/test_x.npy" 3)"
read -r fc_int8 fr_int8 <<<"$(run "$out/fmnist.int8.mlir" "$example/test_x.npy" 3)"
read -r rc_float rr_float <<<"$(run "$out/resnet50.mlir" "$out/images.npy" 1)"
read -r rc_int8 rr_int8 <<<"$(run "$out/resnet50.int8.mlir" "$out/images.npy" 1)"

row() { printf '%-44s | %10s | %10s | %s\n' "$@"; }
ratio() { awk "BEGIN{printf \"%.2fx\", $1 / $2}"; }
row "2 threads" "images/s" "ms/image" "vs PyTorch (throughput)"
printf -- '---------------------------------------------|------------|------------|------------------------\n'
ms() { awk "BEGIN{printf \"%.2f\", 1000 / $1}"; }
row "Fashion-MNIST CNN: PyTorch eager, batch 100" "$torch100" "$(ms "$torch100")" "1.00x"
row "Fashion-MNIST CNN: PyTorch eager, batch 1" "$torch1" "$(ms "$torch1")" "$(ratio "$torch1" "$torch100")"
row "Fashion-MNIST CNN: runner float, batch 1" "$fr_float" "$(ms "$fr_float")" "$(ratio "$fr_float" "$torch100")"
row "Fashion-MNIST CNN: runner int8, batch 1" "$fr_int8" "$(ms "$fr_int8")" "$(ratio "$fr_int8" "$torch100")"
row "ResNet-50: PyTorch eager, batch 1" "$torch_resnet" "$(ms "$torch_resnet")" "1.00x"
row "ResNet-50: runner float, batch 1" "$rr_float" "$(ms "$rr_float")" "$(ratio "$rr_float" "$torch_resnet")"
row "ResNet-50: runner int8, batch 1" "$rr_int8" "$(ms "$rr_int8")" "$(ratio "$rr_int8" "$torch_resnet")"
echo
echo "runner int8 / float throughput: Fashion-MNIST $(ratio "$fr_int8" "$fr_float"), ResNet-50 $(ratio "$rr_int8" "$rr_float")"
echo "JIT compile time (s): Fashion-MNIST float $fc_float, int8 $fc_int8; ResNet-50 float $rc_float, int8 $rc_int8"
