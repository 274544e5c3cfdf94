//===- Search.cpp - Quantize until an accuracy target holds ---------------===//
//
// AIMET's "auto quant" as a compiler pass: each try is the --autoquant
// pipeline with some options added, run on a copy of the module up to
// calibrate, then simulated, compiled and measured against the float
// model's first result on the target data. The tries go from cheap to
// costly (calibration modes, equalization, GPTQ rounding with bias
// correction, 16-bit points by sensitivity) and stop once the target holds.
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Pipeline.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Support/Sqnr.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTSEARCH
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

/// target=: which measure, and the value it must reach.
struct Target {
  enum Kind { Sqnr, Agreement } kind = Sqnr;
  double value = 0;

  double of(double sqnrDb, double agreement) const {
    return kind == Sqnr ? sqnrDb : agreement;
  }
  std::string format(double measure) const {
    return kind == Sqnr ? llvm::formatv("{0:f2} dB", measure).str()
                        : llvm::formatv("{0:f2} %", 100 * measure).str();
  }
};

FailureOr<Target> parseTarget(StringRef text, std::string &error) {
  auto [kind, value] = text.split(':');
  Target target;
  if (kind == "sqnr")
    target.kind = Target::Sqnr;
  else if (kind == "agreement")
    target.kind = Target::Agreement;
  else {
    error = "target must be sqnr:DB or agreement:FRACTION, got '" + text.str() +
            "'";
    return failure();
  }
  if (value.trim().getAsDouble(target.value) || !std::isfinite(target.value) ||
      (target.kind == Target::Agreement &&
       (target.value <= 0 || target.value > 1))) {
    error = "target " + kind.str() + ": needs " +
            (target.kind == Target::Sqnr ? "a number of dB"
                                         : "a fraction in (0, 1]") +
            ", got '" + value.str() + "'";
    return failure();
  }
  return target;
}

/// Options as a token list in which a later `set` of a key replaces it.
class OptionList {
public:
  explicit OptionList(StringRef text) : tokens(splitPipelineOptions(text)) {}

  void set(StringRef key, StringRef value) {
    std::string token = value.empty() ? key.str() : (key + "=" + value).str();
    for (std::string &existing : tokens)
      if (StringRef(existing).split('=').first == key) {
        existing = token;
        return;
      }
    tokens.push_back(token);
  }
  void remove(StringRef key) {
    llvm::erase_if(tokens, [&](const std::string &token) {
      return StringRef(token).split('=').first == key;
    });
  }
  /// Appends to a list option (`point-nbit=a:16,b:16`).
  void append(StringRef key, StringRef item) {
    for (std::string &existing : tokens)
      if (StringRef(existing).split('=').first == key) {
        existing += "," + item.str();
        return;
      }
    tokens.push_back((key + "=" + item).str());
  }
  std::string str() const {
    std::string text;
    for (const std::string &token : tokens)
      text += (text.empty() ? "" : " ") + token;
    return text;
  }

private:
  std::vector<std::string> tokens;
};

struct Measure {
  double sqnrDb = 0, agreement = 0;
};

struct SearchPass : public autoquant::impl::AutoQuantSearchBase<SearchPass> {
  using AutoQuantSearchBase::AutoQuantSearchBase;

  LogicalResult initialize(MLIRContext *ctx) override;
  void runOnOperation() override;

private:
  Target goal;
  LogicalResult runReference(ModuleOp module);
  FailureOr<OwningOpRef<ModuleOp>> calibrate(OptionList options);
  FailureOr<Measure> measure(ModuleOp calibrated);
  FailureOr<std::vector<std::pair<std::string, unsigned>>>
  rankBySensitivity(ModuleOp calibrated);
  LogicalResult runRows(const JitRunner &runner, Dataset &data,
                        std::vector<float> &outputs, int64_t &rowSize);

  /// The float model's first result on the target data.
  std::vector<float> reference;
  int64_t rowSize = 1;
};

/// The one function with a body.
FailureOr<func::FuncOp> entryOf(ModuleOp module) {
  func::FuncOp entry;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (entry)
      return mlir::emitError(module.getLoc())
             << "autoquant-search: the module has several functions with a "
                "body; the search measures one";
    entry = func;
  }
  if (!entry)
    return mlir::emitError(module.getLoc())
           << "autoquant-search: no function to quantize";
  return entry;
}

LogicalResult SearchPass::runRows(const JitRunner &runner, Dataset &data,
                                  std::vector<float> &outputs, int64_t &rows) {
  RankedTensorType type = runner.getResultTypes().front();
  if (!type.getElementType().isF32() || type.getRank() < 1)
    return mlir::emitError(getOperation().getLoc())
           << "autoquant-search: the first result must be an f32 tensor "
              "with a leading batch dimension, got "
           << type;
  rows = type.getNumElements() / std::max<int64_t>(1, type.getDimSize(0));
  outputs.clear();
  auto consume = [&](const Batch &batch) -> llvm::Error {
    if (std::optional<size_t> elements = batch.realElements(type))
      outputs.insert(outputs.end(), batch.floatResult(0),
                     batch.floatResult(0) + *elements);
    return llvm::Error::success();
  };
  DatasetExecutor executor(&getContext(), {&runner});
  if (llvm::Error error = executor.run(data, consume))
    return mlir::emitError(getOperation().getLoc())
           << "autoquant-search: " << llvm::toString(std::move(error));
  return success();
}

LogicalResult SearchPass::runReference(ModuleOp module) {
  FailureOr<func::FuncOp> entry = entryOf(module);
  if (failed(entry))
    return failure();
  OwningOpRef<ModuleOp> copy = cloneFunctionReturning(
      *entry,
      llvm::to_vector(entry->getBody().front().getTerminator()->getOperands()));
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*copy, entry->getSymName());
  if (failed(runner))
    return failure();
  auto data = Dataset::open(dataset, (*runner)->getArgumentTypes(), maxSamples);
  if (!data)
    return mlir::emitError(module.getLoc()) << llvm::toString(data.takeError());
  return runRows(**runner, **data, reference, rowSize);
}

FailureOr<OwningOpRef<ModuleOp>> SearchPass::calibrate(OptionList options) {
  // Files are written once, by the chosen options' run on the module.
  options.remove("report");
  options.remove("stats-out");
  OwningOpRef<ModuleOp> copy = cast<ModuleOp>(getOperation()->clone());
  PassManager pm(&getContext());
  if (failed(buildQuantizePipeline(
          pm, options.str() + " calibrate-only", [&](const Twine &message) {
            return mlir::emitError(getOperation().getLoc()) << message;
          })))
    return failure();
  if (failed(pm.run(*copy)))
    return failure();
  return copy;
}

FailureOr<Measure> SearchPass::measure(ModuleOp calibrated) {
  OwningOpRef<ModuleOp> copy = cast<ModuleOp>(calibrated->clone());
  PassManager pm(&getContext());
  pm.addPass(createAutoQuantSimulate());
  if (failed(pm.run(*copy)))
    return failure();
  FailureOr<func::FuncOp> entry = entryOf(*copy);
  if (failed(entry))
    return failure();
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*copy, entry->getSymName());
  if (failed(runner))
    return failure();
  auto data = Dataset::open(dataset, (*runner)->getArgumentTypes(), maxSamples);
  if (!data)
    return mlir::emitError(getOperation().getLoc())
           << llvm::toString(data.takeError());
  std::vector<float> outputs;
  int64_t rows = 0;
  if (failed(runRows(**runner, **data, outputs, rows)))
    return failure();
  if (outputs.size() != reference.size() || rows != rowSize)
    return mlir::emitError(getOperation().getLoc())
           << "autoquant-search: the quantized model's first result differs "
              "in shape from the float model's";
  SqnrAccumulator sqnr;
  for (size_t i = 0; i < outputs.size(); ++i)
    sqnr.add(reference[i], outputs[i]);
  size_t samples = outputs.size() / rowSize, agree = 0;
  for (size_t s = 0; s < samples; ++s) {
    const float *ref = &reference[s * rowSize], *out = &outputs[s * rowSize];
    agree += std::max_element(ref, ref + rowSize) - ref ==
             std::max_element(out, out + rowSize) - out;
  }
  return Measure{sqnr.getDb(), samples ? double(agree) / samples : 0.0};
}

/// The points of the calibrated module that can be widened (activations
/// below 16 bits to 16, weights below 8 bits to 8: TOSA's integer ops take
/// int16 data with int8 weights), those whose quantization costs the output
/// most first (largest output SQNR with every point but it quantized).
FailureOr<std::vector<std::pair<std::string, unsigned>>>
SearchPass::rankBySensitivity(ModuleOp calibrated) {
  FailureOr<func::FuncOp> entry = entryOf(calibrated);
  if (failed(entry))
    return failure();
  std::vector<CalibrationPoint> points;
  std::vector<unsigned> widths;
  unsigned id = 0;
  entry->walk([&](SimulatedQuantizeOp op) {
    unsigned opId = id++;
    unsigned wider = op.getKind() == QuantKind::weight ? 8 : 16;
    if (op.getKind() == QuantKind::identity || !op.getParamsAttr() ||
        op.getNbit() >= wider || op.getPointName().empty())
      return;
    CalibrationPoint point;
    point.op = op;
    point.id = opId;
    point.name = op.getPointName();
    points.push_back(std::move(point));
    widths.push_back(wider);
  });
  ReportOptions options;
  options.dataset = dataset;
  options.maxSamples = maxSamples;
  options.sensitivitySamples = sensitivitySamples;
  options.threads = resolveThreads(&getContext(), 0);
  double allPoints = 0;
  int64_t rows = 0;
  FailureOr<bool> measured =
      measureSensitivity(*entry, points, options, allPoints, rows);
  if (failed(measured))
    return failure();
  std::vector<std::pair<std::string, unsigned>> ranked;
  if (!*measured)
    return ranked;
  std::vector<size_t> order(points.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return *points[a].outputSqnrAllBut > *points[b].outputSqnrAllBut;
  });
  for (size_t i : order)
    ranked.emplace_back(points[i].name, widths[i]);
  return ranked;
}

LogicalResult SearchPass::initialize(MLIRContext *ctx) {
  std::string error;
  FailureOr<Target> parsed = parseTarget(target, error);
  if (failed(parsed))
    return mlir::emitError(UnknownLoc::get(ctx))
           << "autoquant-search: " << error;
  goal = *parsed;
  if (dataset.empty())
    return mlir::emitError(UnknownLoc::get(ctx))
           << "autoquant-search: needs dataset=FILE to measure on";
  return success();
}

void SearchPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (failed(runReference(module)))
    return signalPassFailure();

  OptionList best(pipelineOptions);
  double bestMeasure = -std::numeric_limits<double>::infinity();
  OwningOpRef<ModuleOp> bestModule;
  unsigned tries = 0;
  // One try: the pipeline with `options`; kept when it measures better.
  auto attempt = [&](StringRef what, const OptionList &options) {
    FailureOr<OwningOpRef<ModuleOp>> calibrated = calibrate(options);
    if (failed(calibrated))
      return failure();
    FailureOr<Measure> result = measure(**calibrated);
    if (failed(result))
      return failure();
    double value = goal.of(result->sqnrDb, result->agreement);
    bool better = value > bestMeasure;
    llvm::errs() << llvm::formatv(
        "autoquant-search: try {0}: {1}: SQNR {2:f2} dB, agreement {3:f2} %"
        "{4}\n",
        ++tries, what, result->sqnrDb, 100 * result->agreement,
        better ? (tries == 1 ? "" : " (kept)") : " (dropped)");
    if (better) {
      bestMeasure = value;
      best = options;
      bestModule = std::move(*calibrated);
    }
    return success();
  };
  auto met = [&] { return bestMeasure >= goal.value; };

  if (failed(attempt("options as given", best)))
    return signalPassFailure();
  for (StringRef mode : {"mse", "percentile", "kl_divergence", "minmax"}) {
    if (met())
      break;
    OptionList options = best;
    options.set("calibrate-mode", mode);
    if (failed(attempt(("calibrate-mode=" + mode).str(), options)))
      return signalPassFailure();
  }
  if (!met()) {
    OptionList options = best;
    options.set("equalize", "activations");
    if (failed(attempt("equalize=activations", options)))
      return signalPassFailure();
  }
  if (!met()) {
    OptionList options = best;
    options.set("weight-rounding", "gptq");
    options.set("bias-correction", "true");
    if (failed(attempt("weight-rounding=gptq bias-correction", options)))
      return signalPassFailure();
  }
  if (!met() && maxRaised > 0) {
    FailureOr<std::vector<std::pair<std::string, unsigned>>> ranked =
        rankBySensitivity(*bestModule);
    if (failed(ranked))
      return signalPassFailure();
    unsigned raised = 0;
    for (const auto &[name, bits] : *ranked) {
      if (met() || raised == maxRaised)
        break;
      OptionList options = best;
      std::string item = name + ":" + std::to_string(bits);
      options.append("point-nbit", item);
      ++raised;
      if (failed(attempt("point-nbit=" + item, options)))
        return signalPassFailure();
    }
  }

  std::string chosen = best.str();
  llvm::errs() << "autoquant-search: "
               << (met() ? "target met"
                         : "target "
                           "missed")
               << " with " << goal.format(bestMeasure) << " (target "
               << goal.format(goal.value) << ") after " << tries
               << " tries; replay without the search: --autoquant=\"" << chosen
               << "\"\n";
  if (!met())
    mlir::emitWarning(module.getLoc())
        << "autoquant-search: no try reached the target "
        << goal.format(goal.value) << "; keeping the best, "
        << goal.format(bestMeasure);
  // The chosen options on the module itself.
  OpPassManager pm(ModuleOp::getOperationName());
  if (failed(buildQuantizePipeline(pm, chosen, [&](const Twine &message) {
        return mlir::emitError(module.getLoc()) << message;
      })))
    return signalPassFailure();
  if (failed(runPipeline(pm, module)))
    return signalPassFailure();
  module->setAttr("autoquant.search_options",
                  StringAttr::get(&getContext(), chosen));
}

} // namespace
