#!/usr/bin/env bash
# Runs the calibration benchmarks and prints a table.
#
#   scripts/bench-calibration.sh [path/to/autoquant-calibration-bench] [extra benchmark flags]
#
# The binary defaults to build/bin/autoquant-calibration-bench (then
# build/test/Bench/autoquant-calibration-bench). Extra arguments go to Google
# Benchmark, e.g. --benchmark_filter=KL --benchmark_repetitions=5. Each
# benchmark runs 3 times by default and the table shows the median.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${1:-}"
if [[ -n "$bench" && "$bench" != --* ]]; then
  shift
else
  bench=""
  for candidate in "$root/build/bin/autoquant-calibration-bench" \
                   "$root/build/test/Bench/autoquant-calibration-bench"; do
    if [[ -x "$candidate" ]]; then
      bench="$candidate"
      break
    fi
  done
fi
if [[ -z "$bench" || ! -x "$bench" ]]; then
  echo "error: autoquant-calibration-bench not found; build it or pass its path" >&2
  exit 1
fi

echo "machine: $(nproc) hardware threads, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
csv="$("$bench" --benchmark_format=csv --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true "$@" 2>/dev/null)"
# CSV columns: name,iterations,real_time,cpu_time,time_unit,bytes_per_second,
# items_per_second,label,error_occurred,error_message[,counters...]
echo "$csv" | awk -F, '
  function describe(name) {
    if (name ~ /BM_KLFast8001\/1\//)     return "KL fast search, 8001 bins, 1 thread";
    if (name ~ /BM_KLFast8001\/0\//)     return "KL fast search, 8001 bins, all threads";
    if (name ~ /BM_KLTvm8001\/1\//)      return "KL tvm search, 8001 bins, 1 thread";
    if (name ~ /BM_KLTvm8001\/0\//)      return "KL tvm search, 8001 bins, all threads";
    if (name ~ /BM_MseSymmetric/)         return "MSE symmetric search, 2048 bins";
    if (name ~ /BM_MseAsymmetric/)        return "MSE asymmetric search, 2048 bins";
    if (name ~ /BM_PercentileTwoPasses/)  return "percentile, 2 passes over 16 MB";
    if (name ~ /BM_ObserveMinMax/)        return "pass 0: min/max/NaN count";
    if (name ~ /BM_ObserveNumpyHist/)     return "pass 1: numpy histogram (tvm)";
    if (name ~ /BM_ObserveSymmetricHist/) return "pass 1: symmetric histogram (fast)";
    if (name ~ /BM_ObserveMagnitudeHist/) return "pass 1: |x| histogram (mse)";
    if (name ~ /BM_KLObserverEndToEnd\/0/) return "KL fast: 2 passes over 16 MB + search";
    if (name ~ /BM_KLObserverEndToEnd\/1/) return "KL tvm: 2 passes over 16 MB + search";
    return name;
  }
  /^name,/ { next }
  # With --benchmark_repetitions, keep the median and drop the other
  # aggregates and the individual runs.
  /_median"?,/ { aggregated = 1 }
  NF >= 5 {
    name = $1; gsub(/"/, "", name);
    if (name ~ /_(mean|stddev|cv)$/) next;
    if (name ~ /_median$/) { sub(/_median$/, "", name); medians[name] = 1 }
    else if (name in medians) next;
    all[++m] = name;
    bytes = ($6 == "" ? "" : sprintf("%8.0f MB/s", $6 / 1e6));
    row[name] = sprintf("| %-38s | %10.3f %-2s | %13s |", describe(name), $3, $5, bytes);
  }
  END {
    # Each name once, in first-seen order, its median when there is one.
    for (i = 1; i <= m; ++i)
      if (!(all[i] in printed) && (!aggregated || all[i] in medians)) {
        printed[all[i]] = 1;
        rows[++n] = row[all[i]];
      }
    printf("| %-38s | %13s | %13s |\n", "benchmark", "time", "throughput");
    printf("|%s|%s|%s|\n", "----------------------------------------", "---------------", "---------------");
    for (i = 1; i <= n; ++i) print rows[i];
  }'
