#!/usr/bin/env bash
# Installs missing Debian packages, configures (once) and builds AutoQuant.
# Usage: scripts/build.sh [build-dir]   (default: build)
# Environment: JOBS (default: nproc), BUILD_TYPE (default: Release),
#              LINK_MLIR_DYLIB (ON|OFF, default ON), SANITIZE (e.g.
#              address,undefined: an instrumented build; use its own
#              build-dir).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}
jobs=${JOBS:-$(nproc)}

"$root/scripts/install-deps.sh"

if [[ ! -f "$build_dir/build.ninja" ]]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
              -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  cmake -G Ninja -S "$root" -B "$build_dir" \
    -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DAUTOQUANT_LINK_MLIR_DYLIB="${LINK_MLIR_DYLIB:-ON}" \
    -DAUTOQUANT_SANITIZERS="${SANITIZE:-}" \
    "${launcher[@]}"
fi
cmake --build "$build_dir" -j "$jobs"
