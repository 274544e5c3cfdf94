//===- Calibration.h - What calibrate and its report share -------*- C++
//-*-===//
//
// Internal to the transforms library: the calibrate pass (Calibrate.cpp)
// collects statistics, picks thresholds and updates the IR; the report
// (CalibrationReport.cpp) and its end-to-end sensitivity (Sensitivity.cpp)
// read the same points and reuse the pass's compiled model and data.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_LIB_TRANSFORMS_CALIBRATION_H
#define AUTOQUANT_LIB_TRANSFORMS_CALIBRATION_H

#include "autoquant/Calibration/Gptq.h"
#include "autoquant/Calibration/Observer.h"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Dialect/AutoQuant/Transforms/OptionEnums.h"
#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Support/HtmlReport.h"
#include "autoquant/Support/MLIR.h"
#include "autoquant/Support/StatsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace autoquant {

/// A quantization point being calibrated.
struct CalibrationPoint {
  SimulatedQuantizeOp op;
  /// Position among the function's simulated_quantize ops (stable id).
  unsigned id = 0;
  std::string name;
  /// Threshold once known.
  double threshold = 0.0;
  /// Per-channel weight thresholds along `axis` (empty: per tensor).
  std::vector<double> channelThresholds;
  int64_t axis = -1;
  /// Unsigned codes over [0, T] (activation-sign=auto, data >= 0).
  bool isUnsigned = false;
  /// activation-range=asymmetric: the [min, max] the codes cover.
  std::optional<std::pair<double, double>> range;
  bool isFallback = false;
  std::string method;
  /// report=: what the HTML report shows for this point.
  std::optional<::autoquant::PointReport> report;
  /// report=: output SQNR (dB) with only this point quantized, and with
  /// every point but this one (end-to-end sensitivity).
  std::optional<double> outputSqnrOnly, outputSqnrAllBut;
  /// Weights whose constant weight rounding replaced: the values before.
  std::optional<std::vector<float>> originalWeights;
  /// Weight rounding: the SQNR (dB) of the layer's output on the rounding
  /// data with nearest codes and with the codes chosen.
  std::optional<std::pair<double, double>> layerSqnr;

  std::string getKey() const { return ::autoquant::getPointKey(name, id); }
};

/// A copy of `func` in which every simulated_quantize is the identity (TVM
/// collects statistics of the float model) and which returns the input of
/// each of `points`, in order.
FailureOr<OwningOpRef<ModuleOp>>
buildInstrumentedCopy(func::FuncOp func, ArrayRef<CalibrationPoint *> points);

/// The instrumented model compiled for calibration and its dataset; the
/// report's SQNR pass runs it again instead of compiling another copy.
struct ObservationRun {
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<JitRunner> runner;
  std::unique_ptr<Dataset> data;
  /// The points whose inputs the runner returns, in result order.
  SmallVector<CalibrationPoint *> points;
  /// Models compiled for calibration and its report.
  unsigned compiles = 0;
};

/// What the report needs of the pass's options.
struct ReportOptions {
  std::string path;
  std::string dataset;
  int64_t maxSamples = 0;
  unsigned sensitivitySamples = 0;
  /// Parallel batches and KL threads, resolved against the context.
  unsigned threads = 1;
  double globalScale = 8.0;
  unsigned klQuantizedBins = 255;
  /// The name of the weight-scale mode (the weights' "method").
  std::string weightScaleName;
  bool log2Weights = false;
  bool verbose = false;
  ::autoquant::calib::ObserverOptions observerOptions;
  ::autoquant::calib::ScaleConvention convention =
      ::autoquant::calib::ScaleConvention::Tvm;
};

/// report=: every mode's observer for one point, fed with the calibration
/// batches (typed, so the report reads each mode's own statistics).
class ModeObservers {
public:
  ModeObservers(const ReportOptions &options, unsigned nbit);
  /// In the report's order: minmax, percentile, kl_divergence, mse.
  std::array<::autoquant::calib::Observer *, 4> getAll();
  /// Fills `point.report` from the observers.
  LogicalResult collect(CalibrationPoint &point,
                        const ReportOptions &options) const;

private:
  std::unique_ptr<::autoquant::calib::MinMaxObserver> minmax;
  std::unique_ptr<::autoquant::calib::PercentileObserver> percentile;
  std::unique_ptr<::autoquant::calib::KLObserver> kl;
  std::unique_ptr<::autoquant::calib::MseObserver> mse;
};

/// The SQNR of each point's quantizer (weights from their values, the others
/// from one more pass of `run`), the end-to-end sensitivity, then the HTML
/// file.
LogicalResult writeCalibrationReport(func::FuncOp func,
                                     MutableArrayRef<CalibrationPoint> points,
                                     ObservationRun &run,
                                     const ReportOptions &options);

/// What weight rounding (WeightRounding.cpp) needs of the pass's options.
struct WeightRoundingOptions {
  WeightRounding rounding = WeightRounding::Nearest;
  bool biasCorrection = false;
  ::autoquant::calib::GptqOptions gptq;
  /// Layers are rounded in this many program-order stages, each from the
  /// model with the stages before it already rounded.
  unsigned stages = 1;
  std::string dataset;
  int64_t maxSamples = 0;
  unsigned threads = 1;
  bool verbose = false;
};

struct WeightRoundingStats {
  unsigned gptqWeights = 0, biasCorrections = 0;
};

/// Once every point of `points` is calibrated: collects the input patches
/// of each weight layer on the dataset with every point simulated, then
/// replaces its weight constant by the values of GPTQ's codes
/// (weight-rounding=gptq) and / or its bias by the bias-corrected one.
/// Fills `originalWeights` and `layerSqnr` of the points it rounds.
LogicalResult roundWeights(func::FuncOp func,
                           MutableArrayRef<CalibrationPoint> points,
                           const WeightRoundingOptions &options,
                           WeightRoundingStats &stats);

/// End-to-end sensitivity (Sensitivity.cpp): fills outputSqnrOnly and
/// outputSqnrAllBut of every point and returns true, or false after a
/// warning when the function cannot be measured this way.
FailureOr<bool> measureSensitivity(func::FuncOp func,
                                   MutableArrayRef<CalibrationPoint> points,
                                   const ReportOptions &options,
                                   double &allPointsSqnr, int64_t &numSamples);

} // namespace autoquant

#endif // AUTOQUANT_LIB_TRANSFORMS_CALIBRATION_H
