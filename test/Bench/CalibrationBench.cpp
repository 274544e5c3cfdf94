//===- CalibrationBench.cpp - Calibration numerics benchmarks -------------===//
//
// Per-method cost of the calibration searches on TVM-sized histograms (8001
// bins) and throughput of the observation passes in MB/s of float32 data.
// Run through scripts/bench-calibration.sh for a table.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/Histogram.h"
#include "autoquant/Calibration/KLDivergence.h"
#include "autoquant/Calibration/Mse.h"
#include "autoquant/Calibration/Observer.h"
#include "autoquant/Calibration/TensorStats.h"

#include "benchmark/benchmark.h"

#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

using namespace autoquant::calib;

namespace {

/// 4M activation-like values (ReLU'd Gaussian mixture with a long tail),
/// generated once.
const std::vector<float> &getActivations() {
  static const std::vector<float> data = [] {
    std::vector<float> values(size_t(1) << 22);
    uint64_t state = 42;
    auto uniform = [&] {
      state += 0x9E3779B97F4A7C15ull;
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      return static_cast<double>(z >> 11) * 0x1p-53;
    };
    for (float &value : values) {
      double gaussian = (uniform() + uniform() + uniform() + uniform() - 2.0) *
                        1.7320508075688772;
      double tail = uniform() < 0.001 ? 8.0 : 1.0;
      value = static_cast<float>((gaussian + 0.3) * tail);
    }
    return values;
  }();
  return data;
}

float getAbsMax() {
  TensorStats stats;
  stats.observe(getActivations().data(), getActivations().size());
  return stats.getAbsMax();
}

unsigned getHardwareThreads() {
  unsigned threads = std::thread::hardware_concurrency();
  return threads ? threads : 1;
}

void setBytes(benchmark::State &state, size_t numValues) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(numValues * sizeof(float)));
}

//===----------------------------------------------------------------------===//
// Searches
//===----------------------------------------------------------------------===//

void BM_KLFast8001(benchmark::State &state) {
  const unsigned threads =
      state.range(0) ? state.range(0) : getHardwareThreads();
  const float absMax = getAbsMax();
  Histogram histogram = Histogram::symmetricCentered(absMax, kTvmKLNumBins);
  histogram.observe(getActivations().data(), getActivations().size());
  for (auto _ : state) {
    Result<KLSearchResult> result = minimizeKLFast(
        histogram.getCounts(), absMax, kTvmKLNumQuantizedBins, threads);
    benchmark::DoNotOptimize(result->threshold);
  }
  state.counters["threads"] = threads;
}
BENCHMARK(BM_KLFast8001)
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_KLTvm8001(benchmark::State &state) {
  const unsigned threads =
      state.range(0) ? state.range(0) : getHardwareThreads();
  const float absMax = getAbsMax();
  Histogram histogram = Histogram::numpyCompatible(absMax, kTvmKLNumBins);
  histogram.observe(getActivations().data(), getActivations().size());
  std::vector<int32_t> counts = toTvmCounts(histogram.getCounts());
  for (auto _ : state) {
    Result<float> threshold = minimizeKLTvm(counts, histogram.getNumpyEdges(),
                                            kTvmKLNumQuantizedBins, threads);
    benchmark::DoNotOptimize(*threshold);
  }
  state.counters["threads"] = threads;
}
BENCHMARK(BM_KLTvm8001)
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_MseSymmetric(benchmark::State &state) {
  const unsigned numBins = static_cast<unsigned>(state.range(0));
  const float absMax = getAbsMax();
  Histogram histogram = Histogram::magnitude(absMax, numBins);
  histogram.observe(getActivations().data(), getActivations().size());
  for (auto _ : state) {
    Result<MseThreshold> result =
        findMseThreshold(histogram.getCounts(), absMax, 8);
    benchmark::DoNotOptimize(result->threshold);
  }
}
BENCHMARK(BM_MseSymmetric)->Arg(2048)->Unit(benchmark::kMillisecond);

void BM_MseAsymmetric(benchmark::State &state) {
  const unsigned numBins = static_cast<unsigned>(state.range(0));
  TensorStats stats;
  stats.observe(getActivations().data(), getActivations().size());
  const double lo = std::min<double>(stats.getMin(), 0);
  const double hi = std::max<double>(stats.getMax(), 0);
  Histogram histogram = Histogram::linear(lo, hi, numBins);
  histogram.observe(getActivations().data(), getActivations().size());
  for (auto _ : state) {
    Result<MseRange> result =
        findMseRange(histogram.getCounts(), lo, hi, 8, false);
    benchmark::DoNotOptimize(result->max);
  }
}
BENCHMARK(BM_MseAsymmetric)->Arg(2048)->Unit(benchmark::kMillisecond);

/// Both passes of the exact percentile over the 4M values (16 MB).
void BM_PercentileTwoPasses(benchmark::State &state) {
  const std::vector<float> &data = getActivations();
  ObserverOptions options;
  options.method = CalibrationMethod::Percentile;
  for (auto _ : state) {
    Result<CalibrationResult> result =
        calibrateTensor(options, data.data(), data.size(), 1);
    benchmark::DoNotOptimize(result->threshold);
  }
  setBytes(state, 2 * data.size());
}
BENCHMARK(BM_PercentileTwoPasses)->Unit(benchmark::kMillisecond);

//===----------------------------------------------------------------------===//
// Observation throughput (one thread, one pass)
//===----------------------------------------------------------------------===//

void BM_ObserveMinMax(benchmark::State &state) {
  const std::vector<float> &data = getActivations();
  for (auto _ : state) {
    TensorStats stats;
    stats.observe(data.data(), data.size());
    benchmark::DoNotOptimize(stats.getMax());
  }
  setBytes(state, data.size());
}
BENCHMARK(BM_ObserveMinMax)->Unit(benchmark::kMillisecond);

void BM_ObserveNumpyHistogram8001(benchmark::State &state) {
  const std::vector<float> &data = getActivations();
  Histogram histogram = Histogram::numpyCompatible(getAbsMax(), kTvmKLNumBins);
  for (auto _ : state)
    histogram.observe(data.data(), data.size());
  benchmark::DoNotOptimize(histogram.getCounts().data());
  setBytes(state, data.size());
}
BENCHMARK(BM_ObserveNumpyHistogram8001)->Unit(benchmark::kMillisecond);

void BM_ObserveSymmetricHistogram8001(benchmark::State &state) {
  const std::vector<float> &data = getActivations();
  Histogram histogram =
      Histogram::symmetricCentered(getAbsMax(), kTvmKLNumBins);
  for (auto _ : state)
    histogram.observe(data.data(), data.size());
  benchmark::DoNotOptimize(histogram.getCounts().data());
  setBytes(state, data.size());
}
BENCHMARK(BM_ObserveSymmetricHistogram8001)->Unit(benchmark::kMillisecond);

void BM_ObserveMagnitudeHistogram2048(benchmark::State &state) {
  const std::vector<float> &data = getActivations();
  Histogram histogram = Histogram::magnitude(getAbsMax(), 2048);
  for (auto _ : state)
    histogram.observe(data.data(), data.size());
  benchmark::DoNotOptimize(histogram.getCounts().data());
  setBytes(state, data.size());
}
BENCHMARK(BM_ObserveMagnitudeHistogram2048)->Unit(benchmark::kMillisecond);

/// The full two-pass KL observer over 4M values, pass by pass through the
/// public protocol (search included).
void BM_KLObserverEndToEnd(benchmark::State &state) {
  const std::vector<float> &data = getActivations();
  ObserverOptions options;
  options.kl.implementation =
      state.range(0) ? KLImplementation::Tvm : KLImplementation::Fast;
  for (auto _ : state) {
    Result<CalibrationResult> result =
        calibrateTensor(options, data.data(), data.size(), 0);
    benchmark::DoNotOptimize(result->threshold);
  }
  setBytes(state, 2 * data.size());
}
BENCHMARK(BM_KLObserverEndToEnd)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
