#!/usr/bin/env bash
# The test command: installs missing packages, configures, builds and runs
# every test (the lit suite check-autoquant, GoogleTest, docs and downstream
# find_package checks) through ctest.
# Usage: scripts/test.sh [build-dir]   (default: build)
# SANITIZE=address,undefined scripts/test.sh build-asan runs the whole suite
# under ASan + UBSan.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}

"$root/scripts/build.sh" "$build_dir"
if [[ -n "${SANITIZE:-}" ]]; then
  # Leaks of LLVM's global state are not ours; LLVM's allocators poison
  # memory from inline code that the uninstrumented libMLIR.so then writes.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allow_user_poisoning=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-$(nproc)}"
