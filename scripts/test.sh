#!/usr/bin/env bash
# The test command: installs missing packages, configures, builds and runs
# every test (the lit suite check-autoquant, GoogleTest, docs and downstream
# find_package checks) through ctest.
# Usage: scripts/test.sh [build-dir]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$root/build}

"$root/scripts/build.sh" "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-$(nproc)}"
