#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan + coverage) in
# build-fuzz/ and runs each for the given time, keeping a corpus per target
# under build-fuzz/corpus/. Prints executions and the outcome per target.
# Usage: scripts/fuzz.sh [seconds-per-target=60] [target...]
#   targets: npy params stats random-model onnx (default: all)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(npy params stats random-model onnx)
build=$root/build-fuzz

"$root/scripts/install-deps.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 \
    -DLLVM_USE_LINKER=lld -DAUTOQUANT_SANITIZERS=address,undefined \
    -DAUTOQUANT_BUILD_FUZZERS=ON -DAUTOQUANT_BUILD_UNITTESTS=OFF \
    -DAUTOQUANT_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target \
  $(printf 'autoquant-fuzz-%s ' "${targets[@]}")

# Seeds: the project's own test inputs.
seed() {
  local dir=$build/corpus/$1
  mkdir -p "$dir"
  case $1 in
    npy) cp "$root"/test/Unit/Support/data/*.np[yz] "$root"/test/Transforms/calibrate/Inputs/*.np[yz] "$dir/" 2>/dev/null || true ;;
    params) printf 'scale = 0.5, clip = [-127, 127]>' > "$dir/a"
            printf 'axis = 1, scale = [0.5, 0.25, 1.0], zero_point = [1, 2, 3], clip = [-128, 127]>' > "$dir/b"
            printf 'kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]>' > "$dir/c" ;;
    stats) printf '{"format": "autoquant-stats", "version": 1, "points": [{"id": 0, "name": "x/input", "threshold": 2.5, "method": "minmax"}]}' > "$dir/a" ;;
    random-model) head -c 64 /dev/urandom > "$dir/a" ;;
    onnx) # ONNX's backend test models under 4 KB (libonnx-testdata).
          find /usr/share/libonnx-testdata/data -name model.onnx -size -4k |
            while read -r m; do
              cp "$m" "$dir/$(basename "$(dirname "$m")").onnx"
            done ;;
  esac
  echo "$dir"
}

# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons memory from inline
# code compiled into our instrumented objects, which the uninstrumented
# libMLIR.so then writes: false "use-after-poison" reports otherwise.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:allow_user_poisoning=0
printf '%-14s %-10s %-12s %s\n' target seconds executions result
for target in "${targets[@]}"; do
  corpus=$(seed "$target")
  log=$build/fuzz-$target.log
  status=ok
  "$build/bin/autoquant-fuzz-$target" -max_total_time="$seconds" \
    -rss_limit_mb=4096 -timeout=60 -print_final_stats=1 \
    -artifact_prefix="$build/crash-$target-" "$corpus" > "$log" 2>&1 ||
    status="FAILED (see $log)"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-14s %-10s %-12s %s\n' "$target" "$seconds" "${runs:-?}" "$status"
done
