#!/usr/bin/env bash
# The per-point calibration report of the bundled Fashion-MNIST CNN, opened
# in a real browser: calibrates with kl_divergence and report=, then takes a
# screenshot with Debian's headless chromium (installed when missing and run
# as root). Leaves build/report/report.html and build/report/report.png.
# Usage: scripts/report.sh [build-dir]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}
example=$root/examples/fmnist
out=$build_dir/report

"$root/scripts/build.sh" "$build_dir" >&2
mkdir -p "$out"
"$build_dir/bin/quant-opt" "$example/model.mlir" -o /dev/null \
  --autoquant="preset=tvm calibrate-mode=kl_divergence weight-scale=max skip-conv-layers= skip-dense-layer=false dataset=$example/calib_x.npy report=$out/report.html"
echo "report: $out/report.html"

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is not installed (apt-get install chromium); skipping the screenshot" >&2
    exit 0
  fi
  apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2
fi
# --no-sandbox: chromium refuses to run as root otherwise.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1200,1600 --screenshot="$out/report.png" \
  "file://$out/report.html" 2>/dev/null
test -s "$out/report.png"
echo "screenshot: $out/report.png"
