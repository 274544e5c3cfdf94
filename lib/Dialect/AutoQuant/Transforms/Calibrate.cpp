//===- Calibrate.cpp - Fill the parameters of simulated_quantize ops ------===//
//
// TVM's calibrate pass on MLIR. Weights are read from their constants; other
// quantization points either get a constant threshold (global_scale) or are
// observed on a dataset: an instrumented copy of the function returns the
// input of every such point, the dataset executor runs it batch by batch, and
// each tensor streams into the point's observer (lib/Calibration).
// Thresholds become parameters by docs/Numerics.md. The stats file format is
// lib/Support/StatsFile.cpp; the HTML report is CalibrationReport.cpp.
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "autoquant/Calibration/QuantParams.h"
#include "autoquant/Calibration/WeightScale.h"
#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/Progress.h"
#include "autoquant/Support/FixedPoint.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTCALIBRATE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;
namespace calib = ::autoquant::calib;

FailureOr<OwningOpRef<ModuleOp>>
autoquant::buildInstrumentedCopy(func::FuncOp func,
                                 ArrayRef<CalibrationPoint *> points) {
  SmallVector<Value> observed;
  for (const CalibrationPoint *point : points)
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

namespace {

/// The output-channel axis of a weight-kind point from the ops that read it
/// (QuantizableOpInterface::getWeightChannelAxis); nullopt when a reader has
/// no such axis or readers disagree. `someReaderHasAxis` says whether any
/// reader has one.
std::optional<int64_t> weightChannelAxis(SimulatedQuantizeOp op,
                                         bool &someReaderHasAxis) {
  std::optional<int64_t> axis;
  bool common = true;
  someReaderHasAxis = false;
  for (OpOperand &use : op.getResult().getUses()) {
    auto model = dyn_cast<QuantizableOpInterface>(use.getOwner());
    int64_t useAxis =
        model ? model.getWeightChannelAxis(use.getOperandNumber()) : -1;
    someReaderHasAxis |= useAxis >= 0;
    if (useAxis < 0 || (axis && *axis != useAxis))
      common = false;
    axis = useAxis;
  }
  return common ? axis : std::nullopt;
}

/// Whether activation-sign=auto may give the point unsigned codes: 8 bits
/// or fewer. Wider unsigned codes would need a zero point in int16, which
/// TOSA's int16 extension does not allow; such points stay signed.
bool hasUnsignedForm(SimulatedQuantizeOp op) { return op.getNbit() <= 8; }

struct CalibratePass
    : public autoquant::impl::AutoQuantCalibrateBase<CalibratePass> {
  using AutoQuantCalibrateBase::AutoQuantCalibrateBase;

  LogicalResult initialize(MLIRContext *ctx) override;
  void runOnOperation() override;

private:
  FailureOr<func::FuncOp> findEntry();
  LogicalResult calibrateWeight(CalibrationPoint &point);
  LogicalResult observeOnDataset(func::FuncOp func, ObservationRun &run);
  LogicalResult applyStatsIn(MutableArrayRef<CalibrationPoint> points);
  LogicalResult writeStatsOut(ArrayRef<CalibrationPoint> points);
  LogicalResult setParams(CalibrationPoint &point);
  LogicalResult convertToLog2(CalibrationPoint &point);

  calib::ObserverOptions observerOptions;
  ReportOptions reportOptions;
  WeightRoundingOptions roundingOptions;
};

LogicalResult CalibratePass::initialize(MLIRContext *ctx) {
  Location loc = UnknownLoc::get(ctx);
  auto fail = [&](const Twine &message) {
    return emitError(loc) << "autoquant-calibrate: " << message;
  };
  unsigned resolvedThreads = resolveThreads(ctx, threads);
  observerOptions = calib::ObserverOptions();
  observerOptions.method = calibrateMode;
  observerOptions.globalScale = globalScale;
  observerOptions.percentile = percentile;
  observerOptions.kl.implementation = klImpl;
  observerOptions.kl.numBins = klBins;
  observerOptions.kl.numQuantizedBins = klQuantizedBins;
  observerOptions.kl.numThreads = resolvedThreads;
  observerOptions.unsignedIfNonNegative =
      activationSign == ActivationSign::Auto;
  if (calib::Status status = calib::validateObserverOptions(observerOptions);
      !status)
    return fail(status.getMessage());
  if (activationRange == ActivationRange::Asymmetric &&
      calibrateMode != calib::CalibrationMethod::MinMax &&
      calibrateMode != calib::CalibrationMethod::Mse)
    return fail("activation-range=asymmetric needs calibrate-mode=minmax or "
                "mse (the modes that find a [min, max] range)");
  if (powerOfTwoScales && scaleConvention != calib::ScaleConvention::Tvm)
    return fail("power-of-two-scales needs scale-convention=tvm (tight "
                "scales T / (2^(nbit-1) - 1) are never powers of two)");
  if (maxSamples < 0)
    return fail("max-samples must be >= 0, got " + Twine(maxSamples));
  bool roundsWeights = weightRounding == WeightRounding::Gptq || biasCorrection;
  if (roundsWeights && weightScheme == WeightScheme::Log2)
    return fail("weight-rounding=gptq and bias-correction need "
                "weight-scheme=linear (log2 codes have no scale to round to)");
  if (!(gptqDamping >= 0.0) || !std::isfinite(gptqDamping))
    return fail("gptq-damping must be a finite number >= 0, got " +
                std::to_string(double(gptqDamping)));
  if (gptqBlockSize <= 0)
    return fail("gptq-block-size must be > 0, got " + Twine(gptqBlockSize));
  if (roundingStages == 0)
    return fail("rounding-stages must be >= 1");
  if (roundingSamples < 0)
    return fail("rounding-samples must be >= 0, got " + Twine(roundingSamples));
  roundingOptions = WeightRoundingOptions();
  roundingOptions.rounding = weightRounding;
  roundingOptions.biasCorrection = biasCorrection;
  roundingOptions.gptq.damping = gptqDamping;
  roundingOptions.gptq.blockSize = gptqBlockSize;
  roundingOptions.stages = roundingStages;
  roundingOptions.dataset = dataset;
  roundingOptions.maxSamples =
      roundingSamples > 0 ? roundingSamples : maxSamples;
  roundingOptions.threads = resolvedThreads;
  roundingOptions.verbose = verbose;

  reportOptions = ReportOptions();
  reportOptions.path = report;
  reportOptions.dataset = dataset;
  reportOptions.maxSamples = maxSamples;
  reportOptions.sensitivitySamples = sensitivitySamples;
  reportOptions.threads = resolvedThreads;
  reportOptions.globalScale = globalScale;
  reportOptions.klQuantizedBins = klQuantizedBins;
  reportOptions.weightScaleName = calib::getWeightScaleModeName(weightScale);
  reportOptions.log2Weights = weightScheme == WeightScheme::Log2;
  reportOptions.verbose = verbose;
  reportOptions.observerOptions = observerOptions;
  reportOptions.convention = scaleConvention;
  return success();
}

LogicalResult CalibratePass::setParams(CalibrationPoint &point) {
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
                                    scaleConvention);
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
                                      scaleConvention);
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

LogicalResult CalibratePass::calibrateWeight(CalibrationPoint &point) {
  FailureOr<std::vector<float>> values =
      readConstantAsFloats(point.op.getInput());
  if (failed(values))
    return point.op.emitError()
           << "weight-kind point '" << point.name
           << "' does not read a constant; weights are calibrated from "
              "their values";
  ++numWeightPoints;
  point.method = calib::getWeightScaleModeName(weightScale);
  if (weightGranularity == WeightGranularity::PerChannel) {
    bool someReaderHasAxis = false;
    if (std::optional<int64_t> axis =
            weightChannelAxis(point.op, someReaderHasAxis)) {
      auto type = cast<RankedTensorType>(point.op.getType());
      std::vector<int64_t> shape(type.getShape().begin(),
                                 type.getShape().end());
      calib::Result<std::vector<double>> thresholds =
          calib::computePerChannelWeightThresholds(values->data(), shape, *axis,
                                                   weightScale);
      if (!thresholds)
        return point.op.emitError() << "cannot calibrate weight '" << point.name
                                    << "': " << thresholds.getMessage();
      point.channelThresholds = std::move(*thresholds);
      point.axis = *axis;
      point.threshold = *llvm::max_element(point.channelThresholds);
      point.method += " per-channel";
      return success();
    }
    // Constants only added or multiplied (biases after a matmul, a layer
    // norm's gamma) are per-tensor by nature; say so only when a reader
    // would have taken per-channel scales.
    if (someReaderHasAxis)
      point.op.emitRemark()
          << "weight '" << point.name << "' stays per-tensor: "
          << "its readers have no common output-channel axis";
  }
  calib::Result<double> threshold = calib::computeWeightThreshold(
      values->data(), values->size(), weightScale);
  if (!threshold)
    return point.op.emitError() << "cannot calibrate weight '" << point.name
                                << "': " << threshold.getMessage();
  point.threshold = *threshold;
  return success();
}

/// Wall-clock seconds since construction.
class Stopwatch {
public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  }

private:
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};

LogicalResult CalibratePass::observeOnDataset(func::FuncOp func,
                                              ObservationRun &run) {
  MutableArrayRef<CalibrationPoint *> points = run.points;
  FailureOr<OwningOpRef<ModuleOp>> copy = buildInstrumentedCopy(func, points);
  if (failed(copy))
    return failure();
  run.module = std::move(*copy);
  auto instrumented = *run.module->getOps<func::FuncOp>().begin();

  Stopwatch compileWatch;
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*run.module, instrumented.getSymName());
  double compileSeconds = compileWatch.seconds();
  ++run.compiles;
  if (failed(runner))
    return failure();
  run.runner = std::move(*runner);
  auto data =
      Dataset::open(dataset, run.runner->getArgumentTypes(), maxSamples);
  if (!data)
    return func.emitError() << llvm::toString(data.takeError());
  run.data = std::move(*data);

  std::vector<std::unique_ptr<calib::Observer>> observers;
  for (const CalibrationPoint *point : points) {
    // MSE measures the error of the point's own quantizer.
    calib::ObserverOptions options = observerOptions;
    SimulatedQuantizeOp op = point->op;
    options.mse.nbit = op.getNbit();
    options.mse.convention = scaleConvention;
    options.mse.asymmetric = activationRange == ActivationRange::Asymmetric;
    options.mse.isSigned = op.getSign();
    auto observer = calib::createObserver(options);
    if (!observer)
      return func.emitError() << observer.getMessage();
    observers.push_back(std::move(*observer));
  }
  // report=: every mode's statistics from the same batches.
  std::vector<ModeObservers> modeObservers;
  if (!report.empty())
    for (CalibrationPoint *point : points)
      modeObservers.emplace_back(reportOptions, point->op.getNbit());
  // The observers of point i, each with the number of passes it needs.
  auto observersOf = [&](size_t index) {
    SmallVector<calib::Observer *, 5> all = {observers[index].get()};
    if (!modeObservers.empty())
      llvm::append_range(all, modeObservers[index].getAll());
    return all;
  };
  unsigned numPasses = 0;
  for (size_t index = 0; index < points.size(); ++index)
    for (calib::Observer *observer : observersOf(index))
      numPasses = std::max(numPasses, observer->getNumPasses());

  DatasetExecutor executor(&getContext(), {run.runner.get()}, threads);
  DatasetRunTiming timing;
  std::vector<bool> warnedPartial(points.size(), false);
  for (unsigned pass = 0; pass < numPasses; ++pass) {
    for (size_t index = 0; index < points.size(); ++index)
      for (calib::Observer *observer : observersOf(index))
        if (pass < observer->getNumPasses())
          if (calib::Status status = observer->beginPass(pass); !status)
            return func.emitError() << status.getMessage();
    ProgressReporter progress("calibrate: pass " + std::to_string(pass + 1) +
                                  "/" + std::to_string(numPasses),
                              run.data->getNumSamples(), verbose);
    auto consume = [&](const Batch &batch) -> llvm::Error {
      for (size_t index = 0; index < points.size(); ++index) {
        std::optional<size_t> elements =
            batch.realElements(run.runner->getResultTypes()[index]);
        if (!elements) {
          if (!warnedPartial[index])
            points[index]->op.emitWarning()
                << "the last " << batch.count << " samples are not observed "
                << "for '" << points[index]->name
                << "': its tensor has no leading batch dimension";
          warnedPartial[index] = true;
          continue;
        }
        for (calib::Observer *observer : observersOf(index))
          if (pass < observer->getNumPasses())
            observer->observe(batch.floatResult(index), *elements);
      }
      progress.update(batch.firstSample + batch.count);
      return llvm::Error::success();
    };
    if (llvm::Error error =
            executor.run(*run.data, consume, /*extraArgs=*/{}, &timing))
      return func.emitError()
             << "calibration: " << llvm::toString(std::move(error));
    progress.finish();
    for (size_t index = 0; index < points.size(); ++index)
      for (calib::Observer *observer : observersOf(index))
        if (pass < observer->getNumPasses())
          if (calib::Status status = observer->endPass(); !status)
            return points[index]->op.emitError()
                   << "cannot calibrate '" << points[index]->name
                   << "': " << status.getMessage();
  }
  if (numPasses > 0)
    numSamples += run.data->getNumSamples();

  Stopwatch searchWatch;
  bool asymmetric = activationRange == ActivationRange::Asymmetric;
  for (auto [index, point] : llvm::enumerate(points)) {
    calib::Result<calib::CalibrationResult> result =
        observers[index]->computeResult();
    if (!result)
      return point->op.emitError() << "cannot calibrate '" << point->name
                                   << "': " << result.getMessage();
    point->threshold = result->threshold;
    point->isFallback = result->isFallback;
    point->isUnsigned = result->isUnsigned && hasUnsignedForm(point->op);
    // Zero points for the 8/16-bit points; 32-bit (accumulator-domain)
    // points stay symmetric, as int32 rescale outputs take no zero point.
    if (asymmetric && point->op.getNbit() <= 16)
      point->range = std::make_pair(result->min, result->max);
    point->method = calib::getCalibrationMethodName(calibrateMode);
    numFallbackPoints += point->isFallback;
    if (!modeObservers.empty() &&
        failed(modeObservers[index].collect(*point, reportOptions)))
      return failure();
  }
  numObservedPoints += points.size();
  if (verbose)
    llvm::errs() << llvm::formatv(
        "calibrate: {0} points, {1} samples x {2} passes: compile {3:f3} s, "
        "read data {4:f3} s, run model {5:f3} s, observe {6:f3} s, "
        "threshold search {7:f3} s\n",
        points.size(), run.data->getNumSamples(), numPasses, compileSeconds,
        timing.readSeconds, timing.runSeconds, timing.consumeSeconds,
        searchWatch.seconds());
  return success();
}

LogicalResult CalibratePass::writeStatsOut(ArrayRef<CalibrationPoint> points) {
  std::vector<::autoquant::PointStats> records;
  for (const CalibrationPoint &point : points) {
    SimulatedQuantizeOp op = point.op;
    QuantParamsAttr params = op.getParamsAttr();
    ::autoquant::PointStats record;
    record.id = point.id;
    record.name = point.name;
    record.kind = stringifyQuantKind(op.getKind()).str();
    record.nbit = op.getNbit();
    record.method = point.method;
    record.threshold = point.threshold;
    record.fallback = point.isFallback;
    record.isUnsigned = point.isUnsigned;
    if (point.range) {
      record.min = point.range->first;
      record.max = point.range->second;
    }
    record.scale = params ? params.getScales().front() : 0.0;
    record.outputSqnrOnlyDb = point.outputSqnrOnly;
    record.outputSqnrAllButDb = point.outputSqnrAllBut;
    records.push_back(std::move(record));
  }
  if (llvm::Error error = ::autoquant::writeStatsFile(statsOut, records))
    return emitError(getOperation().getLoc())
           << "autoquant-calibrate: " << llvm::toString(std::move(error));
  return success();
}

LogicalResult
CalibratePass::applyStatsIn(MutableArrayRef<CalibrationPoint> points) {
  Location loc = getOperation().getLoc();
  ::autoquant::StatsMerger merger;
  for (const std::string &file : statsIn)
    if (llvm::Error error = merger.addFile(file))
      return emitError(loc)
             << "autoquant-calibrate: " << llvm::toString(std::move(error));

  bool asymmetric = activationRange == ActivationRange::Asymmetric;
  for (CalibrationPoint &point : points) {
    std::string key = point.getKey();
    const ::autoquant::StatsMerger::Entry *entry = merger.lookup(key);
    merger.markUsed(key);
    // Weights come from their constants when the file has no threshold for
    // them, and always per channel (per-channel scales are never in a file).
    if (point.op.getKind() == QuantKind::weight &&
        (!entry || weightGranularity == WeightGranularity::PerChannel)) {
      if (failed(calibrateWeight(point)))
        return failure();
      continue;
    }
    if (!entry)
      return point.op.emitError()
             << "stats-in has no threshold for point '" << key << "'";
    point.threshold = entry->threshold;
    point.method = entry->method;
    point.isUnsigned = entry->isUnsigned &&
                       activationSign == ActivationSign::Auto &&
                       hasUnsignedForm(point.op);
    if (asymmetric && entry->min && entry->max && point.op.getNbit() <= 16)
      point.range = std::make_pair(*entry->min, *entry->max);
  }
  std::vector<const ::autoquant::StatsMerger::Entry *> unused =
      merger.getUnusedEntries();
  if (!unused.empty())
    return emitError(loc) << "autoquant-calibrate: stats-in '"
                          << unused.front()->file << "' names point '"
                          << unused.front()->key
                          << "', which is not an uncalibrated point of the "
                             "function";
  return success();
}

/// weight-scheme=log2: the weight point becomes a log2_quantize op whose
/// largest exponent comes from the weights' max |w|.
LogicalResult CalibratePass::convertToLog2(CalibrationPoint &point) {
  SimulatedQuantizeOp op = point.op;
  FailureOr<std::vector<float>> values = readConstantAsFloats(op.getInput());
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

FailureOr<func::FuncOp> CalibratePass::findEntry() {
  ModuleOp module = getOperation();
  if (!entry.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal())
      return module.emitError() << "autoquant-calibrate: entry names '" << entry
                                << "', which is not a function with a body";
    return func;
  }
  SmallVector<func::FuncOp> candidates;
  for (auto candidate : module.getOps<func::FuncOp>())
    if (!candidate.isExternal() &&
        candidate
            .walk([](SimulatedQuantizeOp) { return WalkResult::interrupt(); })
            .wasInterrupted())
      candidates.push_back(candidate);
  if (candidates.empty())
    return func::FuncOp();
  if (candidates.size() > 1) {
    InFlightDiagnostic diag = module.emitError()
                              << "autoquant-calibrate: several functions have "
                                 "simulated_quantize ops (";
    llvm::interleaveComma(candidates, diag,
                          [&](func::FuncOp f) { diag << f.getSymName(); });
    diag << "); choose one with entry=NAME";
    return failure();
  }
  return candidates.front();
}

void CalibratePass::runOnOperation() {
  FailureOr<func::FuncOp> found = findEntry();
  if (failed(found))
    return signalPassFailure();
  func::FuncOp func = *found;
  if (!func)
    return;

  std::vector<CalibrationPoint> points;
  unsigned id = 0;
  func.walk([&](SimulatedQuantizeOp op) {
    unsigned opId = id++;
    if (op.getKind() == QuantKind::identity ||
        (op.isCalibrated() && !recalibrate))
      return;
    CalibrationPoint point;
    point.op = op;
    point.id = opId;
    point.name = op.getPointName();
    points.push_back(std::move(point));
  });
  if (points.empty())
    return;

  ObservationRun run;
  if (!statsIn.empty()) {
    if (failed(applyStatsIn(points)))
      return signalPassFailure();
  } else {
    for (CalibrationPoint &point : points) {
      if (point.op.getKind() == QuantKind::weight) {
        if (failed(calibrateWeight(point)))
          return signalPassFailure();
      } else if (calibrateMode == calib::CalibrationMethod::GlobalScale &&
                 report.empty()) {
        point.threshold = globalScale;
        point.method = "global_scale";
      } else {
        run.points.push_back(&point);
      }
    }
    if (!run.points.empty()) {
      if (dataset.empty()) {
        func.emitError() << "autoquant-calibrate: "
                         << (report.empty()
                                 ? "calibrate-mode=" +
                                       std::string(
                                           calib::getCalibrationMethodName(
                                               calibrateMode))
                                 : std::string("report"))
                         << " needs a dataset (dataset=FILE.npy or .npz)";
        return signalPassFailure();
      }
      if (failed(observeOnDataset(func, run)))
        return signalPassFailure();
    }
  }
  for (CalibrationPoint &point : points)
    if (failed(setParams(point)))
      return signalPassFailure();
  if (weightRounding == WeightRounding::Gptq || biasCorrection) {
    if (dataset.empty()) {
      func.emitError() << "autoquant-calibrate: "
                       << (biasCorrection &&
                                   weightRounding == WeightRounding::Nearest
                               ? "bias-correction"
                               : "weight-rounding=gptq")
                       << " needs a dataset (dataset=FILE.npy or .npz)";
      return signalPassFailure();
    }
    WeightRoundingStats stats;
    if (failed(roundWeights(func, points, roundingOptions, stats)))
      return signalPassFailure();
    numGptqWeights += stats.gptqWeights;
    numBiasCorrections += stats.biasCorrections;
    ++numCompiles;
  }
  if (!report.empty()) {
    if (!statsIn.empty()) {
      func.emitError() << "autoquant-calibrate: report needs the data "
                          "itself, not stats-in";
      return signalPassFailure();
    }
    if (failed(writeCalibrationReport(func, points, run, reportOptions)))
      return signalPassFailure();
  }
  numCompiles += run.compiles;
  if (!statsOut.empty() && failed(writeStatsOut(points)))
    return signalPassFailure();
  if (weightScheme == WeightScheme::Log2)
    for (CalibrationPoint &point : points)
      if (point.op.getKind() == QuantKind::weight &&
          failed(convertToLog2(point)))
        return signalPassFailure();
}

} // namespace
