//===- Observer.cpp - Streaming calibration observers ---------------------===//

#include "autoquant/Calibration/Observer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

#include "Parallel.h"

using namespace autoquant::calib;

//===----------------------------------------------------------------------===//
// Names and options
//===----------------------------------------------------------------------===//

const char *
autoquant::calib::getCalibrationMethodName(CalibrationMethod method) {
  switch (method) {
  case CalibrationMethod::GlobalScale:
    return "global_scale";
  case CalibrationMethod::MinMax:
    return "minmax";
  case CalibrationMethod::KLDivergence:
    return "kl_divergence";
  case CalibrationMethod::Percentile:
    return "percentile";
  case CalibrationMethod::Mse:
    return "mse";
  }
  return "unknown";
}

std::optional<CalibrationMethod>
autoquant::calib::parseCalibrationMethod(const std::string &name) {
  for (CalibrationMethod method :
       {CalibrationMethod::GlobalScale, CalibrationMethod::MinMax,
        CalibrationMethod::KLDivergence, CalibrationMethod::Percentile,
        CalibrationMethod::Mse})
    if (name == getCalibrationMethodName(method))
      return method;
  return std::nullopt;
}

const char *
autoquant::calib::getKLImplementationName(KLImplementation implementation) {
  return implementation == KLImplementation::Tvm ? "tvm" : "fast";
}

std::optional<KLImplementation>
autoquant::calib::parseKLImplementation(const std::string &name) {
  if (name == "fast")
    return KLImplementation::Fast;
  if (name == "tvm")
    return KLImplementation::Tvm;
  return std::nullopt;
}

static bool sameOptions(const ObserverOptions &a, const ObserverOptions &b) {
  return a.method == b.method && a.globalScale == b.globalScale &&
         a.kl.implementation == b.kl.implementation &&
         a.kl.numBins == b.kl.numBins &&
         a.kl.numQuantizedBins == b.kl.numQuantizedBins &&
         a.percentile == b.percentile && a.mse.numBins == b.mse.numBins &&
         a.mse.nbit == b.mse.nbit && a.mse.asymmetric == b.mse.asymmetric &&
         a.mse.convention == b.mse.convention &&
         a.mse.isSigned == b.mse.isSigned && a.mse.search == b.mse.search;
}

Status
autoquant::calib::validateObserverOptions(const ObserverOptions &options) {
  constexpr unsigned kMaxBins = 1u << 24;
  switch (options.method) {
  case CalibrationMethod::GlobalScale:
    if (!(std::isfinite(options.globalScale) && options.globalScale > 0))
      return Status::error("global_scale must be finite and positive, got " +
                           std::to_string(options.globalScale));
    return Status::success();
  case CalibrationMethod::MinMax:
    return Status::success();
  case CalibrationMethod::KLDivergence: {
    const KLOptions &kl = options.kl;
    if (kl.numBins == 0 || kl.numBins > kMaxBins)
      return Status::error("kl_divergence: the number of bins must lie in "
                           "[1, 2^24], got " +
                           std::to_string(kl.numBins));
    if (kl.numQuantizedBins == 0 ||
        getNumTvmKLCandidates(kl.numBins, kl.numQuantizedBins) == 0)
      return Status::error(
          "kl_divergence: " + std::to_string(kl.numQuantizedBins) +
          " quantized bins do not fit in " + std::to_string(kl.numBins) +
          " bins");
    if (kl.implementation == KLImplementation::Fast &&
        (kl.numBins % 2 == 0 || kl.numQuantizedBins % 2 == 0))
      return Status::error("kl_divergence (fast): the numbers of bins and of "
                           "quantized bins must be odd, got " +
                           std::to_string(kl.numBins) + " and " +
                           std::to_string(kl.numQuantizedBins));
    return Status::success();
  }
  case CalibrationMethod::Percentile:
    if (!(options.percentile > 0 && options.percentile <= 1))
      return Status::error("percentile must lie in (0, 1], got " +
                           std::to_string(options.percentile));
    return Status::success();
  case CalibrationMethod::Mse: {
    const MseOptions &mse = options.mse;
    if (mse.numBins == 0 || mse.numBins > kMaxBins)
      return Status::error("mse: the number of bins must lie in [1, 2^24], "
                           "got " +
                           std::to_string(mse.numBins));
    unsigned minBits = mse.asymmetric ? 1 : 2;
    if (mse.nbit < minBits || mse.nbit > 32)
      return Status::error("mse: nbit must lie in [" + std::to_string(minBits) +
                           ", 32], got " + std::to_string(mse.nbit));
    return Status::success();
  }
  }
  return Status::error("unknown calibration method");
}

//===----------------------------------------------------------------------===//
// Observer protocol
//===----------------------------------------------------------------------===//

Observer::~Observer() = default;

Status Observer::beginPass(unsigned requestedPass) {
  if (!protocolError.empty())
    return Status::error(protocolError);
  if (inPass)
    return Status::error("pass " + std::to_string(pass) +
                         " has not ended; call endPass() first");
  if (requestedPass >= getNumPasses())
    return Status::error(std::string(getCalibrationMethodName(getMethod())) +
                         " has " + std::to_string(getNumPasses()) +
                         " passes; pass " + std::to_string(requestedPass) +
                         " does not exist");
  if (requestedPass != pass)
    return Status::error("passes must run in order: expected pass " +
                         std::to_string(pass) + ", got " +
                         std::to_string(requestedPass));
  inPass = true;
  startPass(pass);
  return Status::success();
}

void Observer::observe(const float *data, size_t size) {
  if (!inPass) {
    if (protocolError.empty())
      protocolError = "observe() called outside a pass (call beginPass())";
    return;
  }
  observeBatch(data, size);
}

Status Observer::endPass() {
  if (!protocolError.empty())
    return Status::error(protocolError);
  if (!inPass)
    return Status::error("endPass() called outside a pass");
  inPass = false;
  Status status = finishPass(pass);
  if (!status.ok()) {
    protocolError = status.getMessage();
    return status;
  }
  ++pass;
  return Status::success();
}

std::unique_ptr<Observer> Observer::createWorker() const {
  std::unique_ptr<Observer> worker = cloneState();
  worker->pass = pass;
  worker->inPass = inPass;
  worker->protocolError.clear();
  worker->resetPassStatistics();
  return worker;
}

Status Observer::merge(const Observer &other) {
  if (!sameOptions(options, other.options))
    return Status::error("cannot merge observers with different options");
  if (!inPass || !other.inPass || pass != other.pass)
    return Status::error("observers can only be merged inside the same pass");
  if (!other.protocolError.empty())
    protocolError = other.protocolError;
  return mergePassStatistics(other);
}

Result<CalibrationResult> Observer::computeResult() const {
  if (!protocolError.empty())
    return Status::error(protocolError);
  if (inPass || pass < getNumPasses())
    return Status::error(std::string(getCalibrationMethodName(getMethod())) +
                         " needs " + std::to_string(getNumPasses()) +
                         " passes over the data; " + std::to_string(pass) +
                         " finished");
  return computeFinalResult();
}

/// A symmetric result for threshold T; T == 0 falls back to max|x| (if
/// positive) or 1.0.
static CalibrationResult makeSymmetricResult(double threshold, float absMax) {
  CalibrationResult result;
  if (!(threshold > 0)) {
    threshold = absMax > 0 ? static_cast<double>(absMax) : 1.0;
    result.isFallback = true;
  }
  result.threshold = threshold;
  result.min = -threshold;
  result.max = threshold;
  return result;
}

//===----------------------------------------------------------------------===//
// GlobalScale and MinMax
//===----------------------------------------------------------------------===//

std::unique_ptr<Observer> GlobalScaleObserver::cloneState() const {
  return std::make_unique<GlobalScaleObserver>(*this);
}

Result<CalibrationResult> GlobalScaleObserver::computeFinalResult() const {
  return makeSymmetricResult(options.globalScale, 0);
}

void MinMaxObserver::observeBatch(const float *data, size_t size) {
  stats.observe(data, size);
}

Status MinMaxObserver::finishPass(unsigned) { return stats.check(); }

std::unique_ptr<Observer> MinMaxObserver::cloneState() const {
  return std::make_unique<MinMaxObserver>(*this);
}

Status MinMaxObserver::mergePassStatistics(const Observer &other) {
  stats.merge(static_cast<const MinMaxObserver &>(other).stats);
  return Status::success();
}

/// Marks `result` unsigned when the options ask for it and no value was
/// negative.
static CalibrationResult withSign(CalibrationResult result,
                                  const ObserverOptions &options,
                                  const TensorStats &stats) {
  result.isUnsigned = options.unsignedIfNonNegative && stats.getMin() >= 0;
  return result;
}

Result<CalibrationResult> MinMaxObserver::computeFinalResult() const {
  CalibrationResult result =
      makeSymmetricResult(stats.getAbsMax(), stats.getAbsMax());
  result.min = stats.getMin();
  result.max = stats.getMax();
  return withSign(result, options, stats);
}

//===----------------------------------------------------------------------===//
// Histogram observers
//===----------------------------------------------------------------------===//

void HistogramObserver::startPass(unsigned pass) {
  if (pass == 1)
    histogram = makeHistogram();
  passCount = 0;
}

void HistogramObserver::observeBatch(const float *data, size_t size) {
  if (getPass() == 0) {
    stats.observe(data, size);
    return;
  }
  passCount += size;
  if (histogram)
    histogram->observe(data, size);
}

Status HistogramObserver::finishPass(unsigned pass) {
  if (pass == 0)
    return stats.check();
  if (histogram && histogram->getNumOutOfRange())
    return Status::error(
        std::to_string(histogram->getNumOutOfRange()) +
        " values of pass 1 lie outside the range of pass 0; every pass must "
        "see the same data");
  if (passCount != stats.getCount())
    return Status::error("pass 1 saw " + std::to_string(passCount) +
                         " values but pass 0 saw " +
                         std::to_string(stats.getCount()) +
                         "; every pass must see the same data");
  return Status::success();
}

void HistogramObserver::resetPassStatistics() {
  if (getPass() == 0)
    stats = TensorStats();
  else
    histogram = makeHistogram();
  passCount = 0;
}

Status HistogramObserver::mergePassStatistics(const Observer &other) {
  const auto &otherObserver = static_cast<const HistogramObserver &>(other);
  if (getPass() == 0) {
    stats.merge(otherObserver.stats);
    return Status::success();
  }
  passCount += otherObserver.passCount;
  if (histogram.has_value() != otherObserver.histogram.has_value())
    return Status::error("cannot merge observers with different ranges");
  if (histogram)
    return histogram->merge(*otherObserver.histogram);
  return Status::success();
}

std::optional<Histogram> KLObserver::makeHistogram() const {
  float absMax = stats.getAbsMax();
  if (!(absMax > 0))
    return std::nullopt;
  if (options.kl.implementation == KLImplementation::Tvm)
    return Histogram::numpyCompatible(absMax, options.kl.numBins);
  return Histogram::symmetricCentered(absMax, options.kl.numBins);
}

std::unique_ptr<Observer> KLObserver::cloneState() const {
  return std::make_unique<KLObserver>(*this);
}

Result<CalibrationResult> KLObserver::computeFinalResult() const {
  if (!histogram) // All zeros: TVM's result would be garbage (float64 edges).
    return makeSymmetricResult(0, 0);
  const KLOptions &kl = options.kl;
  bool isUnsigned = options.unsignedIfNonNegative && stats.getMin() >= 0;
  unsigned quantizedBins =
      isUnsigned ? 2 * kl.numQuantizedBins + 1 : kl.numQuantizedBins;
  if (kl.implementation == KLImplementation::Tvm) {
    Result<float> threshold =
        minimizeKLTvm(toTvmCounts(histogram->getCounts()),
                      histogram->getNumpyEdges(), quantizedBins, kl.numThreads);
    if (!threshold)
      return threshold.getStatus();
    return withSign(makeSymmetricResult(*threshold, stats.getAbsMax()), options,
                    stats);
  }
  Result<KLSearchResult> search =
      minimizeKLFast(histogram->getCounts(), histogram->getUpperBound(),
                     quantizedBins, kl.numThreads);
  if (!search)
    return search.getStatus();
  return withSign(makeSymmetricResult(search->threshold, stats.getAbsMax()),
                  options, stats);
}

std::optional<Histogram> MseObserver::makeHistogram() const {
  const MseOptions &mse = options.mse;
  if (!mse.asymmetric) {
    float absMax = stats.getAbsMax();
    if (!(absMax > 0))
      return std::nullopt;
    return Histogram::magnitude(absMax, mse.numBins);
  }
  double lo = std::min<double>(stats.getMin(), 0.0);
  double hi = std::max<double>(stats.getMax(), 0.0);
  if (!(lo < hi))
    return std::nullopt;
  return Histogram::linear(lo, hi, mse.numBins);
}

std::unique_ptr<Observer> MseObserver::cloneState() const {
  return std::make_unique<MseObserver>(*this);
}

Result<CalibrationResult> MseObserver::computeFinalResult() const {
  const MseOptions &mse = options.mse;
  if (!mse.asymmetric) {
    if (!histogram)
      return makeSymmetricResult(0, 0);
    Result<MseThreshold> search =
        findMseThreshold(histogram->getCounts(), histogram->getUpperBound(),
                         mse.nbit, mse.convention);
    if (!search)
      return search.getStatus();
    return makeSymmetricResult(search->threshold, stats.getAbsMax());
  }
  CalibrationResult result;
  if (!histogram) { // All zeros.
    result.threshold = 1.0;
    result.min = result.max = 0;
    result.isFallback = true;
    return result;
  }
  Result<MseRange> search = findMseRange(
      histogram->getCounts(), histogram->getLowerBound(),
      histogram->getUpperBound(), mse.nbit, mse.isSigned, mse.search);
  if (!search)
    return search.getStatus();
  result.min = search->min;
  result.max = search->max;
  result.threshold = std::max(std::fabs(search->min), std::fabs(search->max));
  return result;
}

//===----------------------------------------------------------------------===//
// Percentile
//===----------------------------------------------------------------------===//

static constexpr unsigned kPercentileLowBits = 16;
static constexpr uint32_t kPercentileLowMask = (1u << kPercentileLowBits) - 1;
/// |x| has a zero sign bit: 31 significant bits, 15 of them in the bucket.
static constexpr size_t kPercentileNumBuckets = size_t(1)
                                                << (31 - kPercentileLowBits);
static constexpr uint32_t kFloatExponentMask = 0x7f800000u;

void PercentileObserver::startPass(unsigned pass) {
  buckets.assign(pass == 0 ? kPercentileNumBuckets : kPercentileLowMask + 1, 0);
  passCount = 0;
}

void PercentileObserver::observeBatch(const float *data, size_t size) {
  uint64_t *counts = buckets.data();
  if (getPass() == 0) {
    stats.observe(data, size);
    for (size_t i = 0; i < size; ++i) {
      uint32_t bits;
      std::memcpy(&bits, &data[i], sizeof(bits));
      bits &= 0x7fffffffu;
      if (bits < kFloatExponentMask) // Finite; NaN/Inf make pass 0 fail.
        ++counts[bits >> kPercentileLowBits];
    }
    return;
  }
  passCount += size;
  for (size_t i = 0; i < size; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &data[i], sizeof(bits));
    bits &= 0x7fffffffu;
    if ((bits >> kPercentileLowBits) == selectedBucket)
      ++counts[bits & kPercentileLowMask];
  }
}

/// Index of the bucket holding rank `rank` (0-based) and the number of
/// values in earlier buckets.
static std::pair<size_t, uint64_t>
findRankBucket(const std::vector<uint64_t> &counts, uint64_t rank) {
  uint64_t before = 0;
  for (size_t b = 0; b < counts.size(); ++b) {
    if (rank < before + counts[b])
      return {b, before};
    before += counts[b];
  }
  return {counts.size(), before};
}

Status PercentileObserver::finishPass(unsigned pass) {
  if (pass == 0) {
    if (Status status = stats.check(); !status)
      return status;
    const uint64_t n = stats.getCount();
    // TVM: k = int(x.size * percentile) in float64; p = 1 would be out of
    // range, so clamp to the maximum.
    uint64_t rank =
        static_cast<uint64_t>(static_cast<double>(n) * options.percentile);
    rank = std::min(rank, n - 1);
    auto [bucket, before] = findRankBucket(buckets, rank);
    selectedBucket = static_cast<uint32_t>(bucket);
    rankInBucket = rank - before;
    selectedBucketCount = buckets[bucket];
    buckets.clear();
    buckets.shrink_to_fit();
    return Status::success();
  }
  uint64_t seen = 0;
  for (uint64_t count : buckets)
    seen += count;
  if (passCount != stats.getCount() || seen != selectedBucketCount)
    return Status::error("pass 1 of percentile saw different data than pass "
                         "0; every pass must see the same data");
  auto [low, before] = findRankBucket(buckets, rankInBucket);
  (void)before;
  uint32_t bits =
      (selectedBucket << kPercentileLowBits) | static_cast<uint32_t>(low);
  std::memcpy(&value, &bits, sizeof(value));
  buckets.clear();
  buckets.shrink_to_fit();
  return Status::success();
}

std::unique_ptr<Observer> PercentileObserver::cloneState() const {
  return std::make_unique<PercentileObserver>(*this);
}

void PercentileObserver::resetPassStatistics() {
  if (getPass() == 0)
    stats = TensorStats();
  startPass(getPass());
}

Status PercentileObserver::mergePassStatistics(const Observer &other) {
  const auto &otherObserver = static_cast<const PercentileObserver &>(other);
  if (getPass() == 0)
    stats.merge(otherObserver.stats);
  else if (selectedBucket != otherObserver.selectedBucket)
    return Status::error("cannot merge percentile observers that selected "
                         "different buckets");
  passCount += otherObserver.passCount;
  if (buckets.size() != otherObserver.buckets.size())
    return Status::error("cannot merge percentile observers in different "
                         "states");
  for (size_t b = 0; b < buckets.size(); ++b)
    buckets[b] += otherObserver.buckets[b];
  return Status::success();
}

Result<CalibrationResult> PercentileObserver::computeFinalResult() const {
  return withSign(makeSymmetricResult(value, stats.getAbsMax()), options,
                  stats);
}

//===----------------------------------------------------------------------===//
// Factory and drivers
//===----------------------------------------------------------------------===//

Result<std::unique_ptr<Observer>>
autoquant::calib::createObserver(const ObserverOptions &options) {
  if (Status status = validateObserverOptions(options); !status)
    return status;
  std::unique_ptr<Observer> observer;
  switch (options.method) {
  case CalibrationMethod::GlobalScale:
    observer = std::make_unique<GlobalScaleObserver>(options);
    break;
  case CalibrationMethod::MinMax:
    observer = std::make_unique<MinMaxObserver>(options);
    break;
  case CalibrationMethod::KLDivergence:
    observer = std::make_unique<KLObserver>(options);
    break;
  case CalibrationMethod::Percentile:
    observer = std::make_unique<PercentileObserver>(options);
    break;
  case CalibrationMethod::Mse:
    observer = std::make_unique<MseObserver>(options);
    break;
  }
  return Result<std::unique_ptr<Observer>>(std::move(observer));
}

Status autoquant::calib::observeParallel(Observer &observer, const float *data,
                                         size_t size, unsigned numThreads) {
  numThreads = detail::resolveNumThreads(numThreads);
  // Small batches are not worth a thread.
  constexpr size_t kMinValuesPerThread = size_t(1) << 16;
  numThreads = static_cast<unsigned>(std::min<size_t>(
      numThreads, std::max<size_t>(1, size / kMinValuesPerThread)));
  if (numThreads <= 1) {
    observer.observe(data, size);
    return Status::success();
  }
  std::vector<std::unique_ptr<Observer>> workers(numThreads);
  for (auto &worker : workers)
    worker = observer.createWorker();
  std::vector<std::thread> threads;
  const size_t chunk = (size + numThreads - 1) / numThreads;
  for (unsigned t = 0; t < numThreads; ++t) {
    size_t begin = std::min(size, t * chunk);
    size_t end = std::min(size, begin + chunk);
    threads.emplace_back(
        [&, t, begin, end] { workers[t]->observe(data + begin, end - begin); });
  }
  for (std::thread &thread : threads)
    thread.join();
  for (auto &worker : workers)
    if (Status status = observer.merge(*worker); !status)
      return status;
  return Status::success();
}

Result<CalibrationResult>
autoquant::calib::calibrateTensor(Observer &observer, const float *data,
                                  size_t size, unsigned numThreads) {
  for (unsigned pass = 0; pass < observer.getNumPasses(); ++pass) {
    if (Status status = observer.beginPass(pass); !status)
      return status;
    if (Status status = observeParallel(observer, data, size, numThreads);
        !status)
      return status;
    if (Status status = observer.endPass(); !status)
      return status;
  }
  return observer.computeResult();
}

Result<CalibrationResult>
autoquant::calib::calibrateTensor(const ObserverOptions &options,
                                  const float *data, size_t size,
                                  unsigned numThreads) {
  Result<std::unique_ptr<Observer>> observer = createObserver(options);
  if (!observer)
    return observer.getStatus();
  return calibrateTensor(**observer, data, size, numThreads);
}
