//===- Calibrate.cpp - Fill the parameters of simulated_quantize ops
//-------===//
//
// TVM's calibrate pass on MLIR. Weights are read from their constants; other
// quantization points either get a constant threshold (global_scale) or are
// observed on a dataset: an instrumented copy of the function returns the
// input of every such point, the JIT runner runs it batch by batch, and each
// tensor streams into the point's observer (lib/Calibration). Thresholds
// become parameters by docs/Numerics.md.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/Observer.h"
#include "autoquant/Calibration/QuantParams.h"
#include "autoquant/Calibration/WeightScale.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/HtmlReport.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <thread>

namespace mlir::autoquant {
#define GEN_PASS_DEF_AUTOQUANTCALIBRATE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace mlir::autoquant

using namespace mlir;
using namespace mlir::autoquant;
namespace calib = ::autoquant::calib;

namespace {

/// A quantization point to calibrate.
struct Point {
  SimulatedQuantizeOp op;
  /// Position among the function's simulated_quantize ops (stable id).
  unsigned id;
  std::string name;
  /// Threshold once known; asymmetric ranges are not produced here yet.
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
};

/// Wall-clock laps for the timing summary.
class Stopwatch {
public:
  Stopwatch() : last(std::chrono::steady_clock::now()) {}
  /// Seconds since the previous lap (or construction).
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last).count();
    last = now;
    return seconds;
  }

private:
  std::chrono::steady_clock::time_point last;
};

/// The constant a weight-kind op quantizes, looking through ops that only
/// move values (max|w| does not change under reshape or transpose).
DenseElementsAttr findWeightConstant(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto constant = dyn_cast<tosa::ConstOp>(def))
      return dyn_cast<DenseElementsAttr>(constant.getValues());
    if (auto constant = dyn_cast<arith::ConstantOp>(def))
      return dyn_cast<DenseElementsAttr>(constant.getValue());
    if (!isa<tosa::ReshapeOp, tosa::TransposeOp, tosa::IdentityOp>(def))
      return {};
    value = def->getOperand(0);
  }
  return {};
}

/// The values a weight-kind op reads, in the layout of its input: the
/// constant with the reshapes and transposes between them applied.
FailureOr<std::vector<float>> weightValues(Value value);

std::vector<float> toFloats(DenseElementsAttr attr) {
  std::vector<float> values;
  if (attr.getElementType().isF32()) {
    // The common case, read straight from the attribute's storage.
    auto range = attr.getValues<float>();
    values.assign(range.begin(), range.end());
    return values;
  }
  values.reserve(attr.getNumElements());
  for (APFloat value : attr.getValues<APFloat>()) {
    bool losesInfo;
    value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    values.push_back(value.convertToFloat());
  }
  return values;
}

/// `values` of row-major `shape` transposed by `perms` (result dim i = input
/// dim perms[i]).
std::vector<float> transposeValues(const std::vector<float> &values,
                                   ArrayRef<int64_t> shape,
                                   ArrayRef<int32_t> perms) {
  size_t rank = shape.size();
  SmallVector<int64_t> strides(rank, 1), outShape(rank);
  for (size_t i = rank; i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = shape[perms[i]];
  std::vector<float> result(values.size());
  SmallVector<int64_t> index(rank, 0);
  for (size_t out = 0; out < values.size(); ++out) {
    int64_t in = 0;
    for (size_t i = 0; i < rank; ++i)
      in += index[i] * strides[perms[i]];
    result[out] = values[in];
    for (size_t i = rank; i-- > 0;) {
      if (++index[i] < outShape[i])
        break;
      index[i] = 0;
    }
  }
  return result;
}

FailureOr<std::vector<float>> weightValues(Value value) {
  SmallVector<Operation *> chain;
  DenseElementsAttr constant = findWeightConstant(value);
  if (!constant)
    return failure();
  for (Operation *def = value.getDefiningOp();
       def && !def->hasTrait<OpTrait::ConstantLike>();
       def = def->getOperand(0).getDefiningOp())
    chain.push_back(def);
  std::vector<float> values = toFloats(constant);
  SmallVector<int64_t> shape(constant.getType().getShape());
  for (Operation *op : llvm::reverse(chain)) {
    if (auto transpose = dyn_cast<tosa::TransposeOp>(op))
      values = transposeValues(values, shape, transpose.getPerms());
    shape.assign(
        cast<ShapedType>(op->getResult(0).getType()).getShape().begin(),
        cast<ShapedType>(op->getResult(0).getType()).getShape().end());
  }
  return values;
}

/// The output-channel axis of a weight-kind point from the ops that read it
/// (QuantizableOpInterface::getWeightChannelAxis); nullopt when a reader has
/// no such axis or readers disagree.
std::optional<int64_t> weightChannelAxis(SimulatedQuantizeOp op) {
  std::optional<int64_t> axis;
  for (OpOperand &use : op.getResult().getUses()) {
    auto model = dyn_cast<QuantizableOpInterface>(use.getOwner());
    int64_t useAxis =
        model ? model.getWeightChannelAxis(use.getOperandNumber()) : -1;
    if (useAxis < 0 || (axis && *axis != useAxis))
      return std::nullopt;
    axis = useAxis;
  }
  return axis;
}

/// A copy of `func` in which every simulated_quantize is the identity (TVM
/// collects statistics of the float model) and which returns the input of
/// each of `points`, in order.
FailureOr<OwningOpRef<ModuleOp>>
buildInstrumentedCopy(func::FuncOp func, ArrayRef<Point *> points) {
  SmallVector<Value> observed;
  for (const Point *point : points)
    observed.push_back(SimulatedQuantizeOp(point->op).getInput());
  OwningOpRef<ModuleOp> copy = cloneFunctionReturning(func, observed);
  copy->walk([](SimulatedQuantizeOp op) {
    op.getResult().replaceAllUsesWith(op.getInput());
    op.erase();
  });
  for (Value value : observed) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || !type.getElementType().isF32())
      return func.emitError() << "calibration observes f32 tensors; a "
                                 "quantization point reads "
                              << value.getType();
  }
  return copy;
}

struct CalibratePass
    : public mlir::autoquant::impl::AutoQuantCalibrateBase<CalibratePass> {
  using AutoQuantCalibrateBase::AutoQuantCalibrateBase;

  LogicalResult initialize(MLIRContext *ctx) override;
  void runOnOperation() override;

private:
  LogicalResult calibrateWeight(Point &point);
  LogicalResult observeOnDataset(func::FuncOp func,
                                 MutableArrayRef<Point *> points);
  LogicalResult applyStatsIn(MutableArrayRef<Point> points);
  LogicalResult writeStatsOut(ArrayRef<Point> points);
  LogicalResult setParams(Point &point);
  LogicalResult convertToLog2(Point &point);
  LogicalResult
  collectReport(Point &point,
                ArrayRef<std::unique_ptr<calib::Observer>> modeObservers);
  LogicalResult writeReport(func::FuncOp func, MutableArrayRef<Point> points);
  FailureOr<bool> measureSensitivity(func::FuncOp func,
                                     MutableArrayRef<Point> points,
                                     double &allPointsSqnr,
                                     int64_t &numSamples);

  calib::ObserverOptions observerOptions;
  calib::WeightScaleMode weightMode = calib::WeightScaleMode::Power2;
  calib::ScaleConvention convention = calib::ScaleConvention::Tvm;
  bool perChannelWeights = false;
  bool unsignedActivations = false;
  bool asymmetricActivations = false;
};

LogicalResult CalibratePass::initialize(MLIRContext *ctx) {
  Location loc = UnknownLoc::get(ctx);
  auto fail = [&](const Twine &message) {
    return emitError(loc) << "autoquant-calibrate: " << message;
  };
  std::optional<calib::CalibrationMethod> method =
      calib::parseCalibrationMethod(calibrateMode);
  if (!method)
    return fail("unknown calibrate-mode '" + calibrateMode +
                "' (expected global_scale, kl_divergence, percentile, "
                "minmax or mse)");
  observerOptions = calib::ObserverOptions();
  observerOptions.method = *method;
  observerOptions.globalScale = globalScale;
  observerOptions.percentile = percentile;
  std::optional<calib::KLImplementation> impl =
      calib::parseKLImplementation(klImpl);
  if (!impl)
    return fail("unknown kl-impl '" + klImpl + "' (expected fast or tvm)");
  observerOptions.kl.implementation = *impl;
  observerOptions.kl.numBins = klBins;
  observerOptions.kl.numQuantizedBins = klQuantizedBins;
  observerOptions.kl.numThreads = threads;
  if (calib::Status status = calib::validateObserverOptions(observerOptions);
      !status)
    return fail(status.getMessage());
  if (weightScale == "max")
    weightMode = calib::WeightScaleMode::Max;
  else if (weightScale == "power2")
    weightMode = calib::WeightScaleMode::Power2;
  else
    return fail("unknown weight-scale '" + weightScale +
                "' (expected max or power2)");
  if (scaleConvention == "tvm")
    convention = calib::ScaleConvention::Tvm;
  else if (scaleConvention == "tight")
    convention = calib::ScaleConvention::Tight;
  else
    return fail("unknown scale-convention '" + scaleConvention +
                "' (expected tvm or tight)");
  if (weightGranularity == "per-tensor")
    perChannelWeights = false;
  else if (weightGranularity == "per-channel")
    perChannelWeights = true;
  else
    return fail("unknown weight-granularity '" + weightGranularity +
                "' (expected per-tensor or per-channel)");
  if (weightScheme != "linear" && weightScheme != "log2")
    return fail("unknown weight-scheme '" + weightScheme +
                "' (expected linear or log2)");
  if (activationRange == "symmetric")
    asymmetricActivations = false;
  else if (activationRange == "asymmetric")
    asymmetricActivations = true;
  else
    return fail("unknown activation-range '" + activationRange +
                "' (expected symmetric or asymmetric)");
  if (asymmetricActivations &&
      observerOptions.method != calib::CalibrationMethod::MinMax &&
      observerOptions.method != calib::CalibrationMethod::Mse)
    return fail("activation-range=asymmetric needs calibrate-mode=minmax or "
                "mse (the modes that find a [min, max] range)");
  if (activationSign == "signed")
    unsignedActivations = false;
  else if (activationSign == "auto")
    unsignedActivations = true;
  else
    return fail("unknown activation-sign '" + activationSign +
                "' (expected signed or auto)");
  observerOptions.unsignedIfNonNegative = unsignedActivations;
  if (powerOfTwoScales && convention != calib::ScaleConvention::Tvm)
    return fail("power-of-two-scales needs scale-convention=tvm (tight "
                "scales T / (2^(nbit-1) - 1) are never powers of two)");
  if (maxSamples < 0)
    return fail("max-samples must be >= 0, got " + Twine(maxSamples));
  return success();
}

LogicalResult CalibratePass::setParams(Point &point) {
  SimulatedQuantizeOp op = point.op;
  if (point.range) {
    // activation-range=asymmetric: an affine quantizer for [min, max]
    // (widened to include 0), codes of the point's signedness.
    if (point.isUnsigned)
      op.setSign(false);
    calib::Result<calib::AffineQuantParams> affine = calib::computeAffineParams(
        point.range->first, point.range->second, op.getNbit(), op.getSign());
    if (!affine)
      return op.emitError() << "cannot calibrate '" << point.name
                            << "': " << affine.getMessage();
    op.setParamsAttr(
        QuantParamsAttr::get(op.getContext(), ArrayRef<double>(affine->scale),
                             ArrayRef<int64_t>(affine->zeroPoint), affine->qmin,
                             affine->qmax, QuantParamsAttr::kPerTensor));
    return success();
  }
  if (powerOfTwoScales) {
    // With scale = T / 2^(nbit - 1) (or 2^nbit), a power-of-two T gives a
    // power-of-two scale.
    point.threshold = calib::roundUpToPowerOfTwo(point.threshold);
    for (double &threshold : point.channelThresholds)
      threshold = calib::roundUpToPowerOfTwo(threshold);
  }
  if (point.isUnsigned)
    op.setSign(false);
  calib::Result<calib::SymmetricQuantParams> params =
      calib::computeSymmetricParams(point.threshold, op.getNbit(), op.getSign(),
                                    convention);
  if (!params)
    return op.emitError() << "cannot calibrate '" << point.name
                          << "': " << params.getMessage();
  if (point.channelThresholds.empty()) {
    op.setParamsAttr(QuantParamsAttr::get(op.getContext(), params->scale,
                                          params->clipMin, params->clipMax));
    return success();
  }
  // Per channel: the same codes range, one scale per channel.
  SmallVector<double> scales;
  for (double threshold : point.channelThresholds) {
    calib::Result<calib::SymmetricQuantParams> channel =
        calib::computeSymmetricParams(threshold, op.getNbit(), op.getSign(),
                                      convention);
    if (!channel)
      return op.emitError() << "cannot calibrate '" << point.name
                            << "': " << channel.getMessage();
    scales.push_back(channel->scale);
  }
  op.setParamsAttr(QuantParamsAttr::get(op.getContext(), scales, {},
                                        params->clipMin, params->clipMax,
                                        point.axis));
  return success();
}

LogicalResult CalibratePass::calibrateWeight(Point &point) {
  DenseElementsAttr constant = findWeightConstant(point.op.getInput());
  if (!constant)
    return point.op.emitError()
           << "weight-kind point '" << point.name
           << "' does not read a constant; weights are calibrated from "
              "their values";
  point.method = weightScale;
  if (perChannelWeights) {
    std::optional<int64_t> axis = weightChannelAxis(point.op);
    FailureOr<std::vector<float>> values = weightValues(point.op.getInput());
    if (axis && succeeded(values)) {
      auto type = cast<RankedTensorType>(point.op.getType());
      std::vector<int64_t> shape(type.getShape().begin(),
                                 type.getShape().end());
      calib::Result<std::vector<double>> thresholds =
          calib::computePerChannelWeightThresholds(values->data(), shape, *axis,
                                                   weightMode);
      if (!thresholds)
        return point.op.emitError() << "cannot calibrate weight '" << point.name
                                    << "': " << thresholds.getMessage();
      point.channelThresholds = std::move(*thresholds);
      point.axis = *axis;
      point.threshold = *llvm::max_element(point.channelThresholds);
      point.method += " per-channel";
      return success();
    }
    point.op.emitRemark() << "weight '" << point.name << "' stays per-tensor: "
                          << (axis ? "its constant could not be read"
                                   : "its readers have no common output-"
                                     "channel axis");
  }
  std::vector<float> values = toFloats(constant);
  calib::Result<double> threshold =
      calib::computeWeightThreshold(values.data(), values.size(), weightMode);
  if (!threshold)
    return point.op.emitError() << "cannot calibrate weight '" << point.name
                                << "': " << threshold.getMessage();
  point.threshold = *threshold;
  return success();
}

LogicalResult CalibratePass::observeOnDataset(func::FuncOp func,
                                              MutableArrayRef<Point *> points) {
  FailureOr<OwningOpRef<ModuleOp>> copy = buildInstrumentedCopy(func, points);
  if (failed(copy))
    return failure();
  auto instrumented = *(*copy)->getOps<func::FuncOp>().begin();

  // Where the time goes, reported at the end unless quiet.
  double compileSeconds = 0, loadSeconds = 0, runSeconds = 0,
         observeSeconds = 0, searchSeconds = 0;
  Stopwatch watch;
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(**copy, instrumented.getSymName());
  compileSeconds += watch.lap();
  if (failed(runner))
    return failure();
  auto data = Dataset::open(dataset, (*runner)->getArgumentTypes(), maxSamples);
  if (!data)
    return func.emitError() << llvm::toString(data.takeError());

  std::vector<std::unique_ptr<calib::Observer>> observers;
  for (const Point *point : points) {
    // MSE measures the error of the point's own quantizer.
    calib::ObserverOptions options = observerOptions;
    SimulatedQuantizeOp op = point->op;
    options.mse.nbit = op.getNbit();
    options.mse.convention = convention;
    options.mse.asymmetric = asymmetricActivations;
    options.mse.isSigned = op.getSign();
    auto observer = calib::createObserver(options);
    if (!observer)
      return func.emitError() << observer.getMessage();
    observers.push_back(std::move(*observer));
  }
  // report=: every mode's threshold, the histogram and the KL curve, from
  // extra observers that see the same batches. observedPoint[k] is the
  // point observer k watches.
  std::vector<size_t> observedPoint;
  for (size_t i = 0; i < points.size(); ++i)
    observedPoint.push_back(i);
  const calib::CalibrationMethod reportMethods[] = {
      calib::CalibrationMethod::MinMax, calib::CalibrationMethod::Percentile,
      calib::CalibrationMethod::KLDivergence, calib::CalibrationMethod::Mse};
  if (!report.empty()) {
    for (size_t i = 0; i < points.size(); ++i)
      for (calib::CalibrationMethod method : reportMethods) {
        calib::ObserverOptions options = observerOptions;
        options.method = method;
        options.kl.implementation = calib::KLImplementation::Fast;
        options.mse.nbit = points[i]->op.getNbit();
        options.mse.convention = convention;
        auto observer = calib::createObserver(options);
        if (!observer)
          return func.emitError() << observer.getMessage();
        observers.push_back(std::move(*observer));
        observedPoint.push_back(i);
      }
  }
  unsigned numPasses = 0;
  for (auto &observer : observers)
    numPasses = std::max(numPasses, observer->getNumPasses());
  int64_t batchSize = (*data)->getBatchSize();
  // Batches run concurrently on `threads` cores (0: all), at most 8.
  unsigned parallelBatches =
      threads ? unsigned(threads)
              : std::max(1u, std::thread::hardware_concurrency());
  std::vector<BatchSlot> slots(std::min(parallelBatches, 8u));
  for (unsigned pass = 0; pass < numPasses; ++pass) {
    for (auto &observer : observers)
      if (pass < observer->getNumPasses())
        if (calib::Status status = observer->beginPass(pass); !status)
          return func.emitError() << status.getMessage();
    if (llvm::Error error = (*data)->rewind())
      return func.emitError() << llvm::toString(std::move(error));
    ProgressReporter progress("calibrate: pass " + std::to_string(pass + 1) +
                                  "/" + std::to_string(numPasses),
                              (*data)->getNumSamples(), quiet);
    int64_t done = 0;
    while (true) {
      watch.lap();
      double loadedBefore = loadSeconds;
      llvm::Expected<size_t> filled =
          runNextBatches(**data, **runner, slots, &loadSeconds);
      if (!filled)
        return func.emitError()
               << "calibration: " << llvm::toString(filled.takeError());
      if (*filled == 0)
        break;
      runSeconds += watch.lap() - (loadSeconds - loadedBefore);
      for (const BatchSlot &slot : ArrayRef(slots).take_front(*filled)) {
        for (auto [k, observer] : llvm::enumerate(observers)) {
          if (pass >= observer->getNumPasses())
            continue;
          size_t index = observedPoint[k];
          RankedTensorType type = (*runner)->getResultTypes()[index];
          size_t elements = type.getNumElements();
          // A partial last batch: observe only the rows of real samples when
          // the batch is the leading dimension; otherwise the padding cannot
          // be told apart, so the batch is skipped for that point (warned).
          if (slot.count < batchSize) {
            if (type.getRank() == 0 || type.getDimSize(0) != batchSize) {
              if (k >= points.size())
                continue;
              points[index]->op.emitWarning()
                  << "the last " << slot.count << " samples are not observed "
                  << "for '" << points[index]->name
                  << "': its tensor has no leading batch dimension";
              continue;
            }
            elements = elements / batchSize * slot.count;
          }
          observer->observe(
              reinterpret_cast<const float *>(slot.outputs[index].data()),
              elements);
        }
        done += slot.count;
      }
      observeSeconds += watch.lap();
      progress.update(done);
    }
    progress.finish();
    for (auto [k, observer] : llvm::enumerate(observers))
      if (pass < observer->getNumPasses())
        if (calib::Status status = observer->endPass(); !status)
          return points[observedPoint[k]]->op.emitError()
                 << "cannot calibrate '" << points[observedPoint[k]]->name
                 << "': " << status.getMessage();
  }
  watch.lap();
  for (size_t index = 0; index < points.size(); ++index) {
    const std::unique_ptr<calib::Observer> &observer = observers[index];
    calib::Result<calib::CalibrationResult> result = observer->computeResult();
    if (!result)
      return points[index]->op.emitError()
             << "cannot calibrate '" << points[index]->name
             << "': " << result.getMessage();
    points[index]->threshold = result->threshold;
    points[index]->isFallback = result->isFallback;
    points[index]->isUnsigned = result->isUnsigned;
    // Zero points for the 8/16-bit points; 32-bit (accumulator-domain)
    // points stay symmetric, as int32 rescale outputs take no zero point.
    if (asymmetricActivations && points[index]->op.getNbit() <= 16)
      points[index]->range = std::make_pair(result->min, result->max);
    points[index]->method = calibrateMode;
  }
  if (!report.empty())
    for (size_t index = 0; index < points.size(); ++index)
      if (failed(collectReport(
              *points[index],
              ArrayRef(observers).slice(points.size() + index * 4, 4))))
        return failure();
  searchSeconds += watch.lap();
  if (!quiet)
    llvm::errs() << llvm::formatv(
        "calibrate: {0} points, {1} samples x {2} passes: compile {3:f3} s, "
        "read data {4:f3} s, run model {5:f3} s, observe {6:f3} s, "
        "threshold search {7:f3} s\n",
        points.size(), (*data)->getNumSamples(), numPasses, compileSeconds,
        loadSeconds, runSeconds, observeSeconds, searchSeconds);
  return success();
}

LogicalResult CalibratePass::writeStatsOut(ArrayRef<Point> points) {
  llvm::json::Array entries;
  for (const Point &point : points) {
    SimulatedQuantizeOp op = point.op;
    QuantParamsAttr params = op.getParamsAttr();
    entries.push_back(llvm::json::Object{
        {"id", static_cast<int64_t>(point.id)},
        {"name", point.name},
        {"kind", stringifyQuantKind(op.getKind())},
        {"nbit", static_cast<int64_t>(op.getNbit())},
        {"method", point.method},
        {"threshold", point.threshold},
        {"fallback", point.isFallback},
        {"unsigned", point.isUnsigned},
        {"min", point.range ? llvm::json::Value(point.range->first)
                            : llvm::json::Value(nullptr)},
        {"max", point.range ? llvm::json::Value(point.range->second)
                            : llvm::json::Value(nullptr)},
        {"scale", params ? params.getScales().front() : 0.0}});
    if (point.outputSqnrOnly) {
      llvm::json::Object &entry = *entries.back().getAsObject();
      auto finiteOrNull = [](double db) {
        return std::isfinite(db) ? llvm::json::Value(db)
                                 : llvm::json::Value(nullptr);
      };
      entry["output_sqnr_only_db"] = finiteOrNull(*point.outputSqnrOnly);
      entry["output_sqnr_all_but_db"] = finiteOrNull(*point.outputSqnrAllBut);
    }
  }
  llvm::json::Object root{{"format", "autoquant-stats"},
                          {"version", 1},
                          {"points", std::move(entries)}};
  std::error_code error;
  llvm::raw_fd_ostream os(statsOut, error, llvm::sys::fs::OF_Text);
  if (error)
    return emitError(getOperation().getLoc())
           << "autoquant-calibrate: cannot write stats-out '" << statsOut
           << "': " << error.message();
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}

LogicalResult CalibratePass::applyStatsIn(MutableArrayRef<Point> points) {
  Location loc = getOperation().getLoc();
  // name (or "#id" for unnamed points) -> (threshold, method, file)
  struct Entry {
    double threshold;
    std::string method, file;
    bool isUnsigned;
    std::optional<double> min, max;
  };
  llvm::StringMap<Entry> entries;
  for (const std::string &file : statsIn) {
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer)
      return emitError(loc) << "autoquant-calibrate: cannot read stats-in '"
                            << file << "': " << buffer.getError().message();
    llvm::Expected<llvm::json::Value> json =
        llvm::json::parse((*buffer)->getBuffer());
    if (!json)
      return emitError(loc)
             << "autoquant-calibrate: stats-in '" << file
             << "' is not valid JSON: " << llvm::toString(json.takeError());
    const llvm::json::Object *root = json->getAsObject();
    const llvm::json::Array *list = root ? root->getArray("points") : nullptr;
    if (!root || root->getString("format") != "autoquant-stats" || !list)
      return emitError(loc) << "autoquant-calibrate: stats-in '" << file
                            << "' is not an autoquant-stats file (expected "
                               "{\"format\": \"autoquant-stats\", "
                               "\"points\": [...]})";
    for (auto [index, item] : llvm::enumerate(*list)) {
      const llvm::json::Object *entry = item.getAsObject();
      std::optional<double> threshold =
          entry ? entry->getNumber("threshold") : std::nullopt;
      std::optional<StringRef> name =
          entry ? entry->getString("name") : std::nullopt;
      std::optional<int64_t> id =
          entry ? entry->getInteger("id") : std::nullopt;
      if (!threshold || !std::isfinite(*threshold) || *threshold <= 0 ||
          (!name && !id))
        return emitError(loc)
               << "autoquant-calibrate: stats-in '" << file << "' point "
               << index
               << " needs a positive finite \"threshold\" and a \"name\" "
                  "or \"id\"";
      std::string key =
          name && !name->empty() ? name->str() : "#" + std::to_string(*id);
      std::string method = entry->getString("method").value_or("unknown").str();
      bool isUnsigned = entry->getBoolean("unsigned").value_or(false);
      auto [it, inserted] = entries.try_emplace(
          key, Entry{*threshold, method, file, isUnsigned,
                     entry->getNumber("min"), entry->getNumber("max")});
      if (inserted)
        continue;
      // Shards of one calibration set: max|x| merges exactly (the max), and
      // so do identical thresholds (weights, global_scale); other statistics
      // were reduced to a threshold and cannot be merged exactly.
      if (it->second.threshold == *threshold)
        continue;
      if (method != "minmax" || it->second.method != "minmax")
        return emitError(loc)
               << "autoquant-calibrate: point '" << key << "' is in both '"
               << it->second.file << "' and '" << file
               << "' with different thresholds; only minmax thresholds merge "
                  "exactly (as the max), not "
               << method;
      it->second.threshold = std::max(it->second.threshold, *threshold);
      if (it->second.min && entry->getNumber("min"))
        it->second.min = std::min(*it->second.min, *entry->getNumber("min"));
      if (it->second.max && entry->getNumber("max"))
        it->second.max = std::max(*it->second.max, *entry->getNumber("max"));
      it->second.isUnsigned = it->second.isUnsigned && isUnsigned;
    }
  }

  llvm::StringSet<> used;
  for (Point &point : points) {
    std::string key =
        point.name.empty() ? "#" + std::to_string(point.id) : point.name;
    auto it = entries.find(key);
    if (point.op.getKind() == QuantKind::weight && perChannelWeights) {
      // Per-channel scales come from the constant, never from a file.
      if (it != entries.end())
        used.insert(key);
      if (failed(calibrateWeight(point)))
        return failure();
      continue;
    }
    if (it == entries.end()) {
      if (point.op.getKind() == QuantKind::weight) {
        if (failed(calibrateWeight(point)))
          return failure();
        continue;
      }
      return point.op.emitError()
             << "stats-in has no threshold for point '" << key << "'";
    }
    used.insert(key);
    point.threshold = it->second.threshold;
    point.method = it->second.method;
    point.isUnsigned = it->second.isUnsigned && unsignedActivations;
    if (asymmetricActivations && it->second.min && it->second.max &&
        point.op.getNbit() <= 16)
      point.range = std::make_pair(*it->second.min, *it->second.max);
  }
  for (auto &entry : entries)
    if (!used.contains(entry.getKey()))
      return emitError(loc)
             << "autoquant-calibrate: stats-in '" << entry.getValue().file
             << "' names point '" << entry.getKey()
             << "', which is not an uncalibrated point of the "
                "function";
  return success();
}

void CalibratePass::runOnOperation() {
  ModuleOp module = getOperation();
  func::FuncOp func;
  if (!entry.empty()) {
    func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal()) {
      module.emitError() << "autoquant-calibrate: entry names '" << entry
                         << "', which is not a function with a body";
      return signalPassFailure();
    }
  } else {
    SmallVector<func::FuncOp> candidates;
    for (auto candidate : module.getOps<func::FuncOp>())
      if (!candidate.isExternal() &&
          candidate
              .walk([](SimulatedQuantizeOp) { return WalkResult::interrupt(); })
              .wasInterrupted())
        candidates.push_back(candidate);
    if (candidates.empty())
      return;
    if (candidates.size() > 1) {
      InFlightDiagnostic diag =
          module.emitError() << "autoquant-calibrate: several functions have "
                                "simulated_quantize ops (";
      llvm::interleaveComma(candidates, diag,
                            [&](func::FuncOp f) { diag << f.getSymName(); });
      diag << "); choose one with entry=NAME";
      return signalPassFailure();
    }
    func = candidates.front();
  }

  std::vector<Point> points;
  unsigned id = 0;
  func.walk([&](SimulatedQuantizeOp op) {
    unsigned opId = id++;
    if (op.getKind() == QuantKind::identity ||
        (op.isCalibrated() && !recalibrate))
      return;
    Point point;
    point.op = op;
    point.id = opId;
    point.name = op.getPointName();
    points.push_back(std::move(point));
  });
  if (points.empty())
    return;

  if (!statsIn.empty()) {
    if (failed(applyStatsIn(points)))
      return signalPassFailure();
  } else {
    SmallVector<Point *> observed;
    for (Point &point : points) {
      if (point.op.getKind() == QuantKind::weight) {
        if (failed(calibrateWeight(point)))
          return signalPassFailure();
      } else if (observerOptions.method ==
                     calib::CalibrationMethod::GlobalScale &&
                 report.empty()) {
        point.threshold = globalScale;
        point.method = "global_scale";
      } else {
        observed.push_back(&point);
      }
    }
    if (!observed.empty()) {
      if (dataset.empty()) {
        func.emitError() << "autoquant-calibrate: "
                         << (report.empty() ? "calibrate-mode=" + calibrateMode
                                            : std::string("report"))
                         << " needs a dataset (dataset=FILE.npy or .npz)";
        return signalPassFailure();
      }
      if (failed(observeOnDataset(func, observed)))
        return signalPassFailure();
    }
  }
  for (Point &point : points)
    if (failed(setParams(point)))
      return signalPassFailure();
  if (!report.empty()) {
    if (!statsIn.empty()) {
      func.emitError() << "autoquant-calibrate: report needs the data "
                          "itself, not stats-in";
      return signalPassFailure();
    }
    if (failed(writeReport(func, points)))
      return signalPassFailure();
  }
  if (!statsOut.empty() && failed(writeStatsOut(points)))
    return signalPassFailure();
  if (weightScheme == "log2")
    for (Point &point : points)
      if (point.op.getKind() == QuantKind::weight &&
          failed(convertToLog2(point)))
        return signalPassFailure();
}

/// End-to-end sensitivity: a simulated copy of `func` in which every
/// calibrated quantization point j computes x + mask[j] * (q(x) - x) (weights:
/// mask[j] > 0.5 ? q(W) : W as whole constants), with `mask` an extra
/// argument, is compiled once and run with the mask all zero (the float
/// model), one-hot (only point k quantized), all ones but k, and all ones.
/// Each run's first result is compared with the float run's (SQNR over the
/// first sensitivity-samples samples). Points calibrated before this pass
/// ran are masked too (so the reference is float) but not reported. Returns
/// false, after a warning, when the function cannot be measured this way.
FailureOr<bool> CalibratePass::measureSensitivity(func::FuncOp func,
                                                  MutableArrayRef<Point> points,
                                                  double &allPointsSqnr,
                                                  int64_t &numSamples) {
  if (weightScheme == "log2") {
    func.emitWarning() << "autoquant-calibrate: the report's sensitivity "
                          "does not simulate log2 weights; skipped";
    return false;
  }
  Operation *terminator = func.getBody().front().getTerminator();
  OwningOpRef<ModuleOp> copy =
      cloneFunctionReturning(func, llvm::to_vector(terminator->getOperands()));
  auto masked = *copy->getOps<func::FuncOp>().begin();
  SmallVector<SimulatedQuantizeOp> copiedOps;
  masked.walk([&](SimulatedQuantizeOp op) { copiedOps.push_back(op); });
  // Mask slot of every calibrated op (by walk position), -1 for identity.
  SmallVector<int64_t> slotOf;
  int64_t numSlots = 0;
  for (SimulatedQuantizeOp op : copiedOps)
    slotOf.push_back(op.getKind() != QuantKind::identity && op.getParamsAttr()
                         ? numSlots++
                         : -1);
  OpBuilder builder(masked.getContext());
  Type f32 = builder.getF32Type();
  auto maskType = RankedTensorType::get({numSlots}, f32);
  if (failed(masked.insertArgument(masked.getNumArguments(), maskType, {},
                                   masked.getLoc())))
    return func.emitError() << "autoquant-calibrate: cannot add the "
                               "sensitivity mask argument";
  Value mask = masked.getArguments().back();
  for (auto [position, op] : llvm::enumerate(copiedOps)) {
    if (slotOf[position] < 0)
      continue;
    Location loc = op.getLoc();
    builder.setInsertionPointAfter(op);
    Value index =
        arith::ConstantIndexOp::create(builder, loc, slotOf[position]);
    Value enabled = tensor::ExtractOp::create(builder, loc, mask, index);
    if (matchPattern(op.getInput(), m_Constant())) {
      // Weights: choose between the two constant tensors as a whole (after
      // simulate, q(W) is a constant too), so the compiled model does no
      // per-element work for them and their layout changes still fold.
      Value half = arith::ConstantOp::create(builder, loc,
                                             builder.getF32FloatAttr(0.5f));
      Value quantized = arith::CmpFOp::create(
          builder, loc, arith::CmpFPredicate::OGT, enabled, half);
      auto choice = arith::SelectOp::create(builder, loc, quantized,
                                            op.getResult(), op.getInput());
      op.getResult().replaceAllUsesExcept(choice.getResult(), choice);
      continue;
    }
    auto type = cast<RankedTensorType>(op.getType());
    unsigned rank = type.getRank();
    Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<AffineMap> maps(3, builder.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto blend = linalg::GenericOp::create(
        builder, loc, TypeRange{type},
        ValueRange{op.getInput(), op.getResult()}, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value delta = arith::SubFOp::create(b, l, args[1], args[0]);
          Value scaled = arith::MulFOp::create(b, l, delta, enabled);
          linalg::YieldOp::create(
              b, l, Value(arith::AddFOp::create(b, l, args[0], scaled)));
        });
    op.getResult().replaceAllUsesExcept(blend.getResult(0), blend);
  }
  PassManager pm(masked.getContext());
  pm.addPass(createAutoQuantSimulate());
  if (failed(pm.run(*copy)))
    return failure();
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*copy, masked.getSymName());
  if (failed(runner))
    return failure();
  RankedTensorType resultType = (*runner)->getResultTypes().front();
  if (!resultType.getElementType().isF32()) {
    func.emitWarning() << "autoquant-calibrate: the report's sensitivity "
                          "compares f32 results and the first result is "
                       << resultType << "; skipped (sensitivity-samples=0 "
                       << "says so without this warning)";
    return false;
  }
  auto data = Dataset::open(
      dataset, (*runner)->getArgumentTypes().drop_back(),
      maxSamples > 0 ? std::min<int64_t>(maxSamples, sensitivitySamples)
                     : int64_t(sensitivitySamples));
  if (!data)
    return func.emitError() << llvm::toString(data.takeError());
  int64_t batchSize = (*data)->getBatchSize();
  numSamples = (*data)->getNumSamples();
  // A batch-major result keeps the rows of the real samples of a partial
  // last batch; any other result is compared whole, on full batches only.
  bool batchMajor = batchSize == 1 || (resultType.getRank() > 0 &&
                                       resultType.getDimSize(0) == batchSize);
  size_t perSample = resultType.getNumElements() / batchSize;
  unsigned parallelBatches =
      threads ? unsigned(threads)
              : std::max(1u, std::thread::hardware_concurrency());
  std::vector<BatchSlot> slots(std::min(parallelBatches, 8u));

  // One pass over the data with `maskValues`; appends the real samples'
  // first result to `outputs`.
  auto runWithMask = [&](const std::vector<float> &maskValues,
                         std::vector<float> &outputs) -> LogicalResult {
    outputs.clear();
    if (llvm::Error error = (*data)->rewind())
      return func.emitError() << llvm::toString(std::move(error));
    const void *extra[] = {maskValues.data()};
    while (true) {
      llvm::Expected<size_t> filled =
          runNextBatches(**data, **runner, slots, nullptr, extra);
      if (!filled)
        return func.emitError()
               << "calibration: " << llvm::toString(filled.takeError());
      if (*filled == 0)
        return success();
      for (const BatchSlot &slot : ArrayRef(slots).take_front(*filled)) {
        const float *result =
            reinterpret_cast<const float *>(slot.outputs.front().data());
        if (batchMajor)
          outputs.insert(outputs.end(), result,
                         result + slot.count * perSample);
        else if (slot.count == batchSize)
          outputs.insert(outputs.end(), result,
                         result + resultType.getNumElements());
      }
    }
  };
  auto sqnrAgainst = [](const std::vector<float> &reference,
                        const std::vector<float> &values) {
    double signal = 0, noise = 0;
    for (size_t i = 0; i < reference.size(); ++i) {
      double diff = double(values[i]) - reference[i];
      signal += double(reference[i]) * reference[i];
      noise += diff * diff;
    }
    return noise == 0 ? std::numeric_limits<double>::infinity()
                      : 10 * std::log10(signal / noise);
  };

  std::vector<float> reference, outputs;
  std::vector<float> maskValues(numSlots, 0.0f);
  ProgressReporter progress("calibrate: report (sensitivity)",
                            int64_t(2 * points.size() + 2), quiet, "passes");
  if (failed(runWithMask(maskValues, reference)))
    return failure();
  for (size_t k = 0; k < points.size(); ++k) {
    int64_t slot = slotOf[points[k].id];
    std::fill(maskValues.begin(), maskValues.end(), 0.0f);
    maskValues[slot] = 1.0f;
    if (failed(runWithMask(maskValues, outputs)))
      return failure();
    points[k].outputSqnrOnly = sqnrAgainst(reference, outputs);
    std::fill(maskValues.begin(), maskValues.end(), 1.0f);
    maskValues[slot] = 0.0f;
    if (failed(runWithMask(maskValues, outputs)))
      return failure();
    points[k].outputSqnrAllBut = sqnrAgainst(reference, outputs);
    progress.update(int64_t(2 * k + 3));
  }
  std::fill(maskValues.begin(), maskValues.end(), 1.0f);
  if (failed(runWithMask(maskValues, outputs)))
    return failure();
  allPointsSqnr = sqnrAgainst(reference, outputs);
  progress.finish();
  return true;
}

/// weight-scheme=log2: the weight point becomes a log2_quantize op whose
/// largest exponent comes from the weights' max |w|.
LogicalResult CalibratePass::convertToLog2(Point &point) {
  SimulatedQuantizeOp op = point.op;
  FailureOr<std::vector<float>> values = weightValues(op.getInput());
  if (failed(values))
    return op.emitError() << "log2 weights are computed from constants";
  unsigned nbit = op.getNbit();
  if (nbit < 2 || nbit > 16)
    return op.emitError() << "log2 weights take 2 to 16 bits, '" << point.name
                          << "' has " << nbit;
  float absMax = 0.0f;
  for (float v : *values)
    absMax = std::max(absMax, std::abs(v));
  int64_t maxExponent =
      absMax > 0 ? ::autoquant::log2MaxExponent(absMax) : int64_t(0);
  OpBuilder builder(op);
  auto log2 = Log2QuantizeOp::create(builder, op.getLoc(), op.getInput(),
                                     builder.getI32IntegerAttr(nbit),
                                     builder.getI64IntegerAttr(maxExponent));
  op.getResult().replaceAllUsesWith(log2.getResult());
  op.erase();
  return success();
}

LogicalResult CalibratePass::collectReport(
    Point &point, ArrayRef<std::unique_ptr<calib::Observer>> modeObservers) {
  ::autoquant::PointReport report;
  report.name =
      point.name.empty() ? "#" + std::to_string(point.id) : point.name;
  report.kind = stringifyQuantKind(point.op.getKind()).str();
  const char *names[] = {"minmax", "percentile", "kl_divergence", "mse"};
  for (auto [name, observer] : llvm::zip(names, modeObservers)) {
    calib::Result<calib::CalibrationResult> result = observer->computeResult();
    if (!result)
      return point.op.emitError() << "report: " << name << " of '" << point.name
                                  << "': " << result.getMessage();
    report.candidates.push_back({name, result->threshold});
  }
  report.candidates.push_back({"global_scale", globalScale});
  const auto &minmax =
      static_cast<const calib::MinMaxObserver &>(*modeObservers[0]);
  report.min = minmax.getStats().getMin();
  report.max = minmax.getStats().getMax();
  report.numValues = minmax.getStats().getCount();
  const auto &kl =
      static_cast<const calib::HistogramObserver &>(*modeObservers[2]);
  if (const std::optional<calib::Histogram> &histogram = kl.getHistogram()) {
    report.histogram = histogram->getCounts();
    report.histogramLo = histogram->getLowerBound();
    report.histogramHi = histogram->getUpperBound();
    calib::Result<std::vector<double>> curve = calib::computeKLDivergencesFast(
        histogram->getCounts(), klQuantizedBins, threads);
    if (curve) {
      // Candidate i (from (q - 1) / 2): threshold (2i + 1) * absMax / N.
      double n = static_cast<double>(histogram->getNumBins());
      for (auto [offset, divergence] : llvm::enumerate(*curve)) {
        double i = (klQuantizedBins - 1) / 2 + static_cast<double>(offset);
        report.klCurve.push_back(
            {(2 * i + 1) * report.histogramHi / n, divergence});
      }
    }
  }
  point.report = std::move(report);
  return success();
}

/// The SQNR of each point's quantizer: weights from their values, other
/// points from one more run over the dataset; then the HTML file.
LogicalResult CalibratePass::writeReport(func::FuncOp func,
                                         MutableArrayRef<Point> points) {
  struct Energy {
    double signal = 0, noise = 0;
  };
  auto quantizerOf = [](SimulatedQuantizeOp op) {
    QuantParamsAttr params = op.getParamsAttr();
    return std::make_tuple(params, params.getClipMin(), params.getClipMax(),
                           op.getRounding() == Rounding::half_to_even
                               ? ::autoquant::RoundingMode::HalfToEven
                               : ::autoquant::RoundingMode::HalfAwayFromZero);
  };
  SmallVector<Point *> observed;
  std::vector<Energy> energy;
  for (Point &point : points) {
    if (point.op.getKind() != QuantKind::weight) {
      if (point.report)
        observed.push_back(&point);
      continue;
    }
    // Weights: the values themselves.
    FailureOr<std::vector<float>> values = weightValues(point.op.getInput());
    if (failed(values) || values->empty())
      continue;
    ::autoquant::PointReport report;
    report.name =
        point.name.empty() ? "#" + std::to_string(point.id) : point.name;
    report.kind = "weight";
    float absMax = 0;
    for (float v : *values)
      absMax = std::max(absMax, std::abs(v));
    report.min = *llvm::min_element(*values);
    report.max = *llvm::max_element(*values);
    report.numValues = values->size();
    report.candidates = {
        {"max",
         calib::weightThresholdFromAbsMax(absMax, calib::WeightScaleMode::Max)},
        {"power2", calib::weightThresholdFromAbsMax(
                       absMax, calib::WeightScaleMode::Power2)}};
    double lo = -std::max(absMax, 1e-30f), hi = -lo;
    report.histogram.assign(201, 0);
    report.histogramLo = lo;
    report.histogramHi = hi;
    auto [params, clipLo, clipHi, rounding] = quantizerOf(point.op);
    auto type = cast<RankedTensorType>(point.op.getType());
    int64_t inner = 1, channels = 1;
    if (params.isPerAxis()) {
      channels = type.getDimSize(params.getAxis());
      for (int64_t dim : type.getShape().drop_front(params.getAxis() + 1))
        inner *= dim;
    }
    Energy e;
    for (auto [i, v] : llvm::enumerate(*values)) {
      size_t bin = std::min<size_t>(200, (v - lo) / (hi - lo) * 201);
      ++report.histogram[bin];
      double scale = params.getScales()[(i / inner) % channels];
      float q =
          ::autoquant::simulateQuantize(v, scale, 0, clipLo, clipHi, rounding);
      e.signal += double(v) * v;
      e.noise += (double(v) - q) * (double(v) - q);
    }
    report.sqnrDb = e.noise == 0 ? std::numeric_limits<double>::infinity()
                                 : 10 * std::log10(e.signal / e.noise);
    point.report = std::move(report);
  }

  if (!observed.empty()) {
    FailureOr<OwningOpRef<ModuleOp>> copy =
        buildInstrumentedCopy(func, observed);
    if (failed(copy))
      return failure();
    auto instrumented = *(*copy)->getOps<func::FuncOp>().begin();
    FailureOr<std::unique_ptr<JitRunner>> runner =
        JitRunner::create(**copy, instrumented.getSymName());
    if (failed(runner))
      return failure();
    auto data =
        Dataset::open(dataset, (*runner)->getArgumentTypes(), maxSamples);
    if (!data)
      return func.emitError() << llvm::toString(data.takeError());
    energy.resize(observed.size());
    int64_t batchSize = (*data)->getBatchSize();
    std::vector<BatchSlot> slots(1);
    ProgressReporter progress("calibrate: report (SQNR)",
                              (*data)->getNumSamples(), quiet);
    int64_t done = 0;
    while (true) {
      llvm::Expected<size_t> filled = runNextBatches(**data, **runner, slots);
      if (!filled)
        return func.emitError()
               << "calibration: " << llvm::toString(filled.takeError());
      if (*filled == 0)
        break;
      const std::vector<std::vector<char>> &outputs = slots[0].outputs;
      const int64_t *count = &slots[0].count;
      for (auto [index, point] : llvm::enumerate(observed)) {
        RankedTensorType type = (*runner)->getResultTypes()[index];
        size_t elements = type.getNumElements();
        if (*count < batchSize) {
          if (type.getRank() == 0 || type.getDimSize(0) != batchSize)
            continue;
          elements = elements / batchSize * *count;
        }
        auto [params, clipLo, clipHi, rounding] = quantizerOf(point->op);
        double scale = params.getScales().front();
        int64_t zp = params.getZeroPointAt(0);
        const float *x = reinterpret_cast<const float *>(outputs[index].data());
        Energy &e = energy[index];
        for (size_t i = 0; i < elements; ++i) {
          float q = ::autoquant::simulateQuantize(x[i], scale, zp, clipLo,
                                                  clipHi, rounding);
          e.signal += double(x[i]) * x[i];
          e.noise += (double(x[i]) - q) * (double(x[i]) - q);
        }
      }
      done += *count;
      progress.update(done);
    }
    progress.finish();
  }

  std::vector<::autoquant::PointReport> reports;
  size_t observedIndex = 0;
  for (Point &point : points) {
    if (!point.report)
      continue;
    ::autoquant::PointReport &report = *point.report;
    QuantParamsAttr params = point.op.getParamsAttr();
    report.nbit = point.op.getNbit();
    report.isSigned = point.op.getSign();
    report.method =
        point.op.getKind() == QuantKind::weight ? weightScale : point.method;
    report.threshold = point.threshold;
    report.scale = params ? params.getScales().front() : 0.0;
    if (point.op.getKind() != QuantKind::weight) {
      // The chosen mode's threshold is the one calibration used (KL tvm may
      // differ from the fast search the candidates come from).
      for (auto &[mode, threshold] : report.candidates)
        if (mode == report.method)
          threshold = point.threshold;
      const Energy &e = energy[observedIndex++];
      report.sqnrDb = e.noise == 0 ? std::numeric_limits<double>::infinity()
                                   : 10 * std::log10(e.signal / e.noise);
    }
    reports.push_back(report);
  }
  ::autoquant::ReportText text;
  double allPointsSqnr = 0;
  int64_t sensitivityRows = 0;
  FailureOr<bool> measured = false;
  if (sensitivitySamples > 0)
    measured = measureSensitivity(func, points, allPointsSqnr, sensitivityRows);
  if (failed(measured))
    return failure();
  if (*measured) {
    size_t reportIndex = 0;
    for (Point &point : points) {
      if (!point.report)
        continue;
      reports[reportIndex].outputSqnrOnlyDb = *point.outputSqnrOnly;
      reports[reportIndex].outputSqnrAllButDb = *point.outputSqnrAllBut;
      ++reportIndex;
    }
    text.description +=
        llvm::formatv(" Output SQNR: the function's first result against the "
                      "float model on the first {0} calibration samples, with "
                      "only the point quantized (its own effect) and with "
                      "every point but it (what keeping it float would "
                      "recover); with every point quantized: {1:f2} dB.",
                      sensitivityRows, allPointsSqnr)
            .str();
  }
  std::string title = func.getSymName().str();
  if (auto file = dyn_cast<FileLineColLoc>(func.getLoc()))
    title = file.getFilename().str() + ": " + title;
  if (llvm::Error error =
          ::autoquant::writeHtmlReportFile(report, title, reports, text))
    return func.emitError()
           << "autoquant-calibrate: " << llvm::toString(std::move(error));
  if (!quiet)
    llvm::errs() << "calibrate: report written to " << report << "\n";
  return success();
}

} // namespace
