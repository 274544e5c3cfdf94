//===- Observer.h - Streaming calibration observers -------------*- C++ -*-===//
//
// An Observer watches the values reaching one quantization point while the
// calibration set runs through the model, batch by batch, and ends with a
// threshold (or a [min, max] range). Memory is bounded by its bins, never by
// the number of samples.
//
// Exact methods need the range of the whole tensor before they can bin it
// (TVM's KL histogram spans [-max|x|, max|x|]), so observers work in passes
// over the same data:
//
//   for (unsigned pass = 0; pass < observer.getNumPasses(); ++pass) {
//     if (Status s = observer.beginPass(pass); !s) ...
//     for (each batch) observer.observe(batch.data(), batch.size());
//     if (Status s = observer.endPass(); !s) ...
//   }
//   Result<CalibrationResult> result = observer.computeResult();
//
// Each pass must see exactly the same values (in any order and batch split);
// the result is then identical to a one-shot computation on the whole tensor.
// For parallel observation, createWorker() gives an empty observer in the same
// state; merge() adds its statistics back before endPass().
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_OBSERVER_H
#define AUTOQUANT_CALIBRATION_OBSERVER_H

#include "autoquant/Calibration/Histogram.h"
#include "autoquant/Calibration/KLDivergence.h"
#include "autoquant/Calibration/Mse.h"
#include "autoquant/Calibration/QuantParams.h"
#include "autoquant/Calibration/Status.h"
#include "autoquant/Calibration/TensorStats.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace autoquant::calib {

enum class CalibrationMethod {
  /// A constant threshold, no data (TVM's global_scale).
  GlobalScale,
  /// max |x| (symmetric) and [min, max] (asymmetric).
  MinMax,
  /// KL-divergence minimization (TVM's kl_divergence).
  KLDivergence,
  /// An exact order statistic of |x| (TVM's percentile).
  Percentile,
  /// Histogram mean-squared-error minimization.
  Mse,
};

/// "global_scale", "minmax", "kl_divergence", "percentile", "mse".
const char *getCalibrationMethodName(CalibrationMethod method);
std::optional<CalibrationMethod>
parseCalibrationMethod(const std::string &name);
/// "fast", "tvm".
const char *getKLImplementationName(KLImplementation implementation);
std::optional<KLImplementation> parseKLImplementation(const std::string &name);

struct KLOptions {
  KLImplementation implementation = KLImplementation::Fast;
  /// Histogram bins over [-max|x|, max|x|] (odd for Fast).
  unsigned numBins = kTvmKLNumBins;
  /// Bins of the quantized distribution (odd for Fast).
  unsigned numQuantizedBins = kTvmKLNumQuantizedBins;
  /// Threads for the candidate search; 0 uses every hardware thread.
  unsigned numThreads = 0;
};

struct MseOptions {
  /// Bins of the histogram the error is estimated on.
  unsigned numBins = 2048;
  /// Bit width of the quantizer whose error is minimized.
  unsigned nbit = 8;
  /// Symmetric: threshold of a signed zero-point-free quantizer with this
  /// scale convention. Asymmetric: [min, max] of an affine quantizer.
  bool asymmetric = false;
  ScaleConvention convention = ScaleConvention::Tvm;
  /// Asymmetric only: signed ([-2^(nbit-1), 2^(nbit-1)-1]) or unsigned codes.
  bool isSigned = false;
  MseSearch search = MseSearch::ExpandFromZero;
};

struct ObserverOptions {
  CalibrationMethod method = CalibrationMethod::KLDivergence;
  /// GlobalScale: the threshold (TVM's qconfig global_scale, default 8.0).
  double globalScale = 8.0;
  KLOptions kl;
  /// Percentile: p in (0, 1]; the threshold is the element of rank
  /// min(int(n * p), n - 1) (0-based) of the sorted |x|.
  double percentile = 0.99999;
  MseOptions mse;
  /// MinMax, KL and Percentile: when every observed value is >= 0 (e.g. after
  /// a ReLU), the result is for unsigned codes (CalibrationResult::isUnsigned).
  /// KL then searches with 2 * numQuantizedBins + 1 quantized bins over the
  /// symmetric histogram: the step of numQuantizedBins levels over [0, T].
  bool unsignedIfNonNegative = false;
};

/// Checks option values (ranges, odd bin counts, ...).
Status validateObserverOptions(const ObserverOptions &options);

/// What calibration concludes for one quantization point.
struct CalibrationResult {
  /// Symmetric threshold T: finite and > 0. For asymmetric results
  /// max(|min|, |max|) (or the fallback).
  double threshold = 1.0;
  /// Range: [-T, T] for symmetric methods; the observed (MinMax) or chosen
  /// (asymmetric MSE) range otherwise. Feed it to computeAffineParams.
  double min = -1.0;
  double max = 1.0;
  /// The data gave no usable threshold (e.g. all zeros), so the documented
  /// fallback was used: max|x| if positive, else 1.0.
  bool isFallback = false;
  /// The threshold is for unsigned codes over [0, T] (only with
  /// ObserverOptions::unsignedIfNonNegative).
  bool isUnsigned = false;
};

class Observer {
public:
  virtual ~Observer();

  CalibrationMethod getMethod() const { return options.method; }
  const ObserverOptions &getOptions() const { return options; }

  /// Passes over the calibration data this method needs: 0 (GlobalScale),
  /// 1 (MinMax) or 2 (KL, Percentile, MSE: the first pass fixes the range).
  virtual unsigned getNumPasses() const = 0;

  /// Starts pass `pass`. Passes run in order from 0; fails if the order is
  /// broken or an earlier pass failed.
  Status beginPass(unsigned pass);
  /// Adds a batch to the current pass. Outside a pass the call is recorded
  /// as a protocol error, reported by endPass() / computeResult().
  void observe(const float *data, size_t size);
  /// Ends the current pass: reports NaN / Inf (with counts), empty data, or
  /// data that differ from the earlier passes.
  Status endPass();

  /// A fresh observer with the same options and the same knowledge of the
  /// finished passes, inside the current pass, with nothing observed yet.
  std::unique_ptr<Observer> createWorker() const;
  /// Adds the statistics of `other` (same method, options and pass, e.g. a
  /// worker) to this observer's current pass.
  Status merge(const Observer &other);

  /// The result, once every pass has ended. May be expensive (the KL search
  /// runs here); call it once.
  Result<CalibrationResult> computeResult() const;

  /// Number of the pass in progress, or of the passes finished when none is.
  unsigned getPass() const { return pass; }
  bool isInPass() const { return inPass; }

protected:
  explicit Observer(const ObserverOptions &options) : options(options) {}

  virtual void startPass(unsigned pass) = 0;
  virtual void observeBatch(const float *data, size_t size) = 0;
  virtual Status finishPass(unsigned pass) = 0;
  virtual std::unique_ptr<Observer> cloneState() const = 0;
  virtual void resetPassStatistics() = 0;
  virtual Status mergePassStatistics(const Observer &other) = 0;
  virtual Result<CalibrationResult> computeFinalResult() const = 0;

  ObserverOptions options;

private:
  unsigned pass = 0;
  bool inPass = false;
  std::string protocolError;
};

/// Creates the observer `options` describe; fails on invalid options.
Result<std::unique_ptr<Observer>>
createObserver(const ObserverOptions &options);

/// GlobalScale: no data, threshold = options.globalScale.
class GlobalScaleObserver final : public Observer {
public:
  explicit GlobalScaleObserver(const ObserverOptions &options)
      : Observer(options) {}
  unsigned getNumPasses() const override { return 0; }

protected:
  void startPass(unsigned) override {}
  void observeBatch(const float *, size_t) override {}
  Status finishPass(unsigned) override { return Status::success(); }
  std::unique_ptr<Observer> cloneState() const override;
  void resetPassStatistics() override {}
  Status mergePassStatistics(const Observer &) override {
    return Status::success();
  }
  Result<CalibrationResult> computeFinalResult() const override;
};

/// MinMax: one pass; threshold max|x|, range [min, max].
class MinMaxObserver final : public Observer {
public:
  explicit MinMaxObserver(const ObserverOptions &options) : Observer(options) {}
  unsigned getNumPasses() const override { return 1; }
  const TensorStats &getStats() const { return stats; }

protected:
  void startPass(unsigned) override {}
  void observeBatch(const float *data, size_t size) override;
  Status finishPass(unsigned pass) override;
  std::unique_ptr<Observer> cloneState() const override;
  void resetPassStatistics() override { stats = TensorStats(); }
  Status mergePassStatistics(const Observer &other) override;
  Result<CalibrationResult> computeFinalResult() const override;

private:
  TensorStats stats;
};

/// Base of the two-pass methods: pass 0 gathers TensorStats, pass 1 a
/// histogram over the range pass 0 found.
class HistogramObserver : public Observer {
public:
  unsigned getNumPasses() const override { return 2; }
  const TensorStats &getStats() const { return stats; }
  /// The pass-1 histogram (absent before pass 1 and for all-zero data).
  const std::optional<Histogram> &getHistogram() const { return histogram; }

protected:
  explicit HistogramObserver(const ObserverOptions &options)
      : Observer(options) {}
  /// The histogram to fill in pass 1, given the statistics of pass 0; none
  /// when the data are degenerate (all zeros).
  virtual std::optional<Histogram> makeHistogram() const = 0;

  void startPass(unsigned pass) override;
  void observeBatch(const float *data, size_t size) override;
  Status finishPass(unsigned pass) override;
  void resetPassStatistics() override;
  Status mergePassStatistics(const Observer &other) override;

  TensorStats stats;
  std::optional<Histogram> histogram;
  /// Values seen in pass 1, to check that both passes saw the same data.
  uint64_t passCount = 0;
};

/// KL divergence (Fast or Tvm implementation).
class KLObserver final : public HistogramObserver {
public:
  explicit KLObserver(const ObserverOptions &options)
      : HistogramObserver(options) {}

protected:
  std::optional<Histogram> makeHistogram() const override;
  std::unique_ptr<Observer> cloneState() const override;
  Result<CalibrationResult> computeFinalResult() const override;
};

/// Histogram MSE (symmetric or asymmetric).
class MseObserver final : public HistogramObserver {
public:
  explicit MseObserver(const ObserverOptions &options)
      : HistogramObserver(options) {}

protected:
  std::optional<Histogram> makeHistogram() const override;
  std::unique_ptr<Observer> cloneState() const override;
  Result<CalibrationResult> computeFinalResult() const override;
};

/// Exact percentile of |x| without keeping samples: the float32 bit pattern
/// of |x| orders like its value, so pass 0 counts values by their upper 15
/// bits (and the total n), which locates the bucket holding rank
/// k = min(int(n * p), n - 1); pass 1 counts the values of that bucket by
/// their lower 16 bits, which identifies the exact value.
class PercentileObserver final : public Observer {
public:
  explicit PercentileObserver(const ObserverOptions &options)
      : Observer(options) {}
  unsigned getNumPasses() const override { return 2; }
  const TensorStats &getStats() const { return stats; }
  /// The exact order statistic after pass 1 (0 is possible; the result then
  /// falls back to max|x|).
  float getOrderStatistic() const { return value; }

protected:
  void startPass(unsigned pass) override;
  void observeBatch(const float *data, size_t size) override;
  Status finishPass(unsigned pass) override;
  std::unique_ptr<Observer> cloneState() const override;
  void resetPassStatistics() override;
  Status mergePassStatistics(const Observer &other) override;
  Result<CalibrationResult> computeFinalResult() const override;

private:
  TensorStats stats;
  /// Pass 0: counts per upper 15 bits of |x|; pass 1: per lower 16 bits of
  /// the values in the selected bucket.
  std::vector<uint64_t> buckets;
  uint32_t selectedBucket = 0;
  uint64_t rankInBucket = 0;
  uint64_t selectedBucketCount = 0;
  /// Values seen in the current pass.
  uint64_t passCount = 0;
  float value = 0;
};

//===----------------------------------------------------------------------===//
// Drivers
//===----------------------------------------------------------------------===//

/// Feeds `data` to the current pass of `observer`, split over `numThreads`
/// workers (0: every hardware thread) that are merged back in order.
Status observeParallel(Observer &observer, const float *data, size_t size,
                       unsigned numThreads);

/// Runs every pass of `observer` over an in-memory tensor and returns the
/// result.
Result<CalibrationResult> calibrateTensor(Observer &observer, const float *data,
                                          size_t size, unsigned numThreads = 1);

/// createObserver + calibrateTensor.
Result<CalibrationResult> calibrateTensor(const ObserverOptions &options,
                                          const float *data, size_t size,
                                          unsigned numThreads = 1);

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_OBSERVER_H
