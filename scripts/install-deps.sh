#!/usr/bin/env bash
# Installs the Debian 12 packages AutoQuant builds and tests with, skipping
# those already present. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(cmake ninja-build clang-14 lld python3 ccache
          llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
          libgtest-dev libbenchmark-dev zlib1g-dev time
          libonnx-dev libprotobuf-dev libonnx-testdata
          libeigen3-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$p")
done
((${#missing[@]})) || exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
