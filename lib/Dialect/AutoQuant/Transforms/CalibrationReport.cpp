//===- CalibrationReport.cpp - The calibrate pass's HTML report -----------===//
//
// report=: per point, every mode's threshold (from observers that saw the
// calibration batches), the histogram, the KL curve and the SQNR of the
// chosen quantizer; with sensitivity-samples, the end-to-end effect of each
// point (Sensitivity.cpp). The page itself is lib/Support/HtmlReport.cpp.
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "autoquant/Calibration/KLDivergence.h"
#include "autoquant/Calibration/WeightScale.h"
#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/Progress.h"
#include "autoquant/Support/AxisIndex.h"
#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/Sqnr.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace autoquant;
namespace calib = ::autoquant::calib;
using ::autoquant::PointReport;
using ::autoquant::SqnrAccumulator;

ModeObservers::ModeObservers(const ReportOptions &options, unsigned nbit) {
  calib::ObserverOptions base = options.observerOptions;
  base.kl.implementation = calib::KLImplementation::Fast;
  base.mse.nbit = nbit;
  base.mse.convention = options.convention;
  auto with = [&](calib::CalibrationMethod method) {
    calib::ObserverOptions modeOptions = base;
    modeOptions.method = method;
    return modeOptions;
  };
  minmax = std::make_unique<calib::MinMaxObserver>(
      with(calib::CalibrationMethod::MinMax));
  percentile = std::make_unique<calib::PercentileObserver>(
      with(calib::CalibrationMethod::Percentile));
  kl = std::make_unique<calib::KLObserver>(
      with(calib::CalibrationMethod::KLDivergence));
  mse =
      std::make_unique<calib::MseObserver>(with(calib::CalibrationMethod::Mse));
}

std::array<calib::Observer *, 4> ModeObservers::getAll() {
  return {minmax.get(), percentile.get(), kl.get(), mse.get()};
}

LogicalResult ModeObservers::collect(CalibrationPoint &point,
                                     const ReportOptions &options) const {
  PointReport report;
  report.name = point.getKey();
  report.kind = stringifyQuantKind(point.op.getKind()).str();
  std::pair<const char *, const calib::Observer *> modes[] = {
      {"minmax", minmax.get()},
      {"percentile", percentile.get()},
      {"kl_divergence", kl.get()},
      {"mse", mse.get()}};
  for (auto [name, observer] : modes) {
    calib::Result<calib::CalibrationResult> result = observer->computeResult();
    if (!result)
      return point.op.emitError() << "report: " << name << " of '" << point.name
                                  << "': " << result.getMessage();
    report.candidates.push_back({name, result->threshold});
  }
  report.candidates.push_back({"global_scale", options.globalScale});
  report.min = minmax->getStats().getMin();
  report.max = minmax->getStats().getMax();
  report.numValues = minmax->getStats().getCount();
  if (const std::optional<calib::Histogram> &histogram = kl->getHistogram()) {
    report.histogram = histogram->getCounts();
    report.histogramLo = histogram->getLowerBound();
    report.histogramHi = histogram->getUpperBound();
    calib::Result<std::vector<double>> curve = calib::computeKLDivergencesFast(
        histogram->getCounts(), options.klQuantizedBins, options.threads);
    if (curve) {
      // Candidate i (from (q - 1) / 2): threshold (2i + 1) * absMax / N.
      double n = static_cast<double>(histogram->getNumBins());
      for (auto [offset, divergence] : llvm::enumerate(*curve)) {
        double i =
            (options.klQuantizedBins - 1) / 2 + static_cast<double>(offset);
        report.klCurve.push_back(
            {(2 * i + 1) * report.histogramHi / n, divergence});
      }
    }
  }
  point.report = std::move(report);
  return success();
}

namespace {

/// A point's quantizer as the numerics library applies it.
struct Quantizer {
  explicit Quantizer(SimulatedQuantizeOp op)
      : params(op.getParamsAttr()), clipLo(params.getClipMin()),
        clipHi(params.getClipMax()),
        rounding(op.getRounding() == Rounding::half_to_even
                     ? ::autoquant::RoundingMode::HalfToEven
                     : ::autoquant::RoundingMode::HalfAwayFromZero) {}
  float apply(float value, double scale, int64_t zeroPoint) const {
    return ::autoquant::simulateQuantize(value, scale, zeroPoint, clipLo,
                                         clipHi, rounding);
  }

  QuantParamsAttr params;
  int64_t clipLo, clipHi;
  ::autoquant::RoundingMode rounding;
};

/// A weight point's report, from its values (those before weight rounding
/// replaced the constant, against the rounded ones).
std::optional<PointReport> reportWeight(CalibrationPoint &point) {
  FailureOr<std::vector<float>> values =
      readConstantAsFloats(point.op.getInput());
  if (failed(values) || values->empty())
    return std::nullopt;
  std::vector<float> rounded;
  if (point.originalWeights) {
    rounded = std::move(*values);
    values = *point.originalWeights;
  }
  PointReport report;
  report.name = point.getKey();
  report.kind = "weight";
  float absMax = 0;
  for (float v : *values)
    absMax = std::max(absMax, std::abs(v));
  report.min = *llvm::min_element(*values);
  report.max = *llvm::max_element(*values);
  report.numValues = values->size();
  report.candidates = {{"max", calib::weightThresholdFromAbsMax(
                                   absMax, calib::WeightScaleMode::Max)},
                       {"power2", calib::weightThresholdFromAbsMax(
                                      absMax, calib::WeightScaleMode::Power2)}};
  double lo = -std::max(absMax, 1e-30f), hi = -lo;
  report.histogram.assign(201, 0);
  report.histogramLo = lo;
  report.histogramHi = hi;
  Quantizer quantizer(point.op);
  ::autoquant::AxisIndex channels(
      cast<RankedTensorType>(point.op.getType()).getShape(),
      quantizer.params.isPerAxis() ? quantizer.params.getAxis() : -1);
  SqnrAccumulator sqnr;
  for (auto [i, v] : llvm::enumerate(*values)) {
    size_t bin = std::min<size_t>(200, (v - lo) / (hi - lo) * 201);
    ++report.histogram[bin];
    double scale = quantizer.params.getScales()[channels.channelOf(i)];
    sqnr.add(v, rounded.empty() ? quantizer.apply(v, scale, 0) : rounded[i]);
  }
  report.sqnrDb = sqnr.getDb();
  if (point.layerSqnr) {
    report.layerSqnrNearestDb = point.layerSqnr->first;
    report.layerSqnrRoundedDb = point.layerSqnr->second;
    report.rounding = point.originalWeights ? "gptq" : "nearest";
  }
  return report;
}

/// The SQNR of each observed point's quantizer over the dataset: one more
/// pass of the calibration run.
FailureOr<std::vector<SqnrAccumulator>>
measureObservedSqnr(func::FuncOp func, ObservationRun &run,
                    const ReportOptions &options) {
  std::vector<SqnrAccumulator> sqnr(run.points.size());
  if (run.points.empty())
    return sqnr;
  std::vector<Quantizer> quantizers;
  for (const CalibrationPoint *point : run.points)
    quantizers.emplace_back(point->op);
  ProgressReporter progress("calibrate: report (SQNR)",
                            run.data->getNumSamples(), options.verbose);
  auto consume = [&](const Batch &batch) -> llvm::Error {
    for (auto [index, quantizer] : llvm::enumerate(quantizers)) {
      std::optional<size_t> elements =
          batch.realElements(run.runner->getResultTypes()[index]);
      if (!elements)
        continue;
      double scale = quantizer.params.getScales().front();
      int64_t zeroPoint = quantizer.params.getZeroPointAt(0);
      const float *x = batch.floatResult(index);
      for (size_t i = 0; i < *elements; ++i)
        sqnr[index].add(x[i], quantizer.apply(x[i], scale, zeroPoint));
    }
    progress.update(batch.firstSample + batch.count);
    return llvm::Error::success();
  };
  DatasetExecutor executor(func.getContext(), {run.runner.get()},
                           options.threads);
  if (llvm::Error error = executor.run(*run.data, consume))
    return func.emitError()
           << "calibration: " << llvm::toString(std::move(error));
  progress.finish();
  return sqnr;
}

} // namespace

LogicalResult autoquant::writeCalibrationReport(
    func::FuncOp func, MutableArrayRef<CalibrationPoint> points,
    ObservationRun &run, const ReportOptions &options) {
  for (CalibrationPoint &point : points)
    if (point.op.getKind() == QuantKind::weight)
      point.report = reportWeight(point);
  FailureOr<std::vector<SqnrAccumulator>> observedSqnr =
      measureObservedSqnr(func, run, options);
  if (failed(observedSqnr))
    return failure();

  std::vector<PointReport> reports;
  size_t observedIndex = 0;
  for (CalibrationPoint &point : points) {
    if (!point.report)
      continue;
    PointReport &report = *point.report;
    QuantParamsAttr params = point.op.getParamsAttr();
    report.nbit = point.op.getNbit();
    report.isSigned = point.op.getSign();
    report.method = point.op.getKind() == QuantKind::weight
                        ? options.weightScaleName
                        : point.method;
    report.threshold = point.threshold;
    report.scale = params ? params.getScales().front() : 0.0;
    if (point.op.getKind() != QuantKind::weight) {
      // The chosen mode's threshold is the one calibration used (KL tvm may
      // differ from the fast search the candidates come from).
      for (auto &[mode, threshold] : report.candidates)
        if (mode == report.method)
          threshold = point.threshold;
      report.sqnrDb = (*observedSqnr)[observedIndex++].getDb();
    }
    reports.push_back(report);
  }
  ::autoquant::ReportText text;
  double allPointsSqnr = 0;
  int64_t sensitivityRows = 0;
  FailureOr<bool> measured = false;
  if (options.sensitivitySamples > 0) {
    measured = measureSensitivity(func, points, options, allPointsSqnr,
                                  sensitivityRows);
    run.compiles += succeeded(measured) && *measured;
  }
  if (failed(measured))
    return failure();
  if (*measured) {
    size_t reportIndex = 0;
    for (CalibrationPoint &point : points) {
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
          ::autoquant::writeHtmlReportFile(options.path, title, reports, text))
    return func.emitError()
           << "autoquant-calibrate: " << llvm::toString(std::move(error));
  if (options.verbose)
    llvm::errs() << "calibrate: report written to " << options.path << "\n";
  return success();
}
