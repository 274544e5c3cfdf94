//===- quant-run.cpp - Run a TOSA model on .npy data and measure it
//--------===//
//
// quant-run model.mlir --input x.npy [--labels y.npy] [--compare ref.mlir]
//           [--output out.npy] [--json]
//
// Runs a float or integer TOSA function through the JIT runner (the same
// compiled code calibration uses) over a dataset and prints top-1 accuracy
// against labels, and against a reference model the argmax agreement, the
// largest absolute difference and the SQNR of the first result.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Import/OnnxImport.h"
#include "autoquant/InitAutoQuant.h"
#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Runtime/Progress.h"
#include "autoquant/Support/HtmlReport.h"
#include "autoquant/Support/Npy.h"
#include "autoquant/Support/Sqnr.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace autoquant;
namespace cl = llvm::cl;

static cl::OptionCategory runCategory("quant-run options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir | model.onnx>"),
                                      cl::cat(runCategory));
static cl::opt<int64_t> onnxBatchSize(
    "batch-size",
    cl::desc("ONNX models: size given to the symbolic batch dimension "
             "(default 1)"),
    cl::init(1), cl::cat(runCategory));
static cl::opt<std::string> inputPath("input", cl::Required,
                                      cl::desc("Samples (.npy or .npz)"),
                                      cl::value_desc("file"),
                                      cl::cat(runCategory));
static cl::opt<std::string>
    labelsPath("labels",
               cl::desc("Integer class labels, one per sample (.npy)"),
               cl::value_desc("file"), cl::cat(runCategory));
static cl::opt<std::string>
    comparePath("compare", cl::desc("Reference model to compare against"),
                cl::value_desc("model.mlir"), cl::cat(runCategory));
static cl::opt<std::string>
    outputPath("output", cl::desc("Write the first result of every sample"),
               cl::value_desc("out.npy"), cl::cat(runCategory));
static cl::opt<std::string> expectedPath(
    "expect",
    cl::desc("Expected first result of every sample (.npy); reports the "
             "largest difference and fails beyond --tolerance"),
    cl::value_desc("file"));
static cl::opt<double> minPointAgreement(
    "min-point-agreement",
    cl::desc("With --compare and exposed quantization points "
             "(--autoquant-expose-points): fail when a point has a smaller "
             "fraction of values within one quantization step of the "
             "reference"),
    cl::init(0.0), cl::cat(runCategory));
static cl::opt<std::string> reportPath(
    "report",
    cl::desc("With --compare and exposed quantization points: write an HTML "
             "page with, per point, the histogram of model - reference in "
             "steps and the SQNR against the reference, worst first"),
    cl::cat(runCategory));
static cl::opt<double>
    tolerance("tolerance",
              cl::desc("With --expect: largest allowed |out - expected| / "
                       "max(1, |expected|)"),
              cl::init(1e-5), cl::cat(runCategory));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("Function to run (default: the only public "
                       "function with a body)"),
              cl::cat(runCategory));
static cl::opt<int64_t> maxSamples("max-samples",
                                   cl::desc("Use at most this many samples"),
                                   cl::init(0), cl::cat(runCategory));
static cl::opt<bool> printJson("json", cl::desc("Print the metrics as JSON"),
                               cl::cat(runCategory));
static cl::opt<bool> quiet("quiet", cl::desc("No progress on stderr"),
                           cl::cat(runCategory));
static cl::opt<bool>
    printTiming("timing",
                cl::desc("Print the compile time and the run time (samples "
                         "per second, data reading included)"),
                cl::cat(runCategory));
static cl::opt<bool> scalarLoops(
    "scalar-loops",
    cl::desc("Lower with upstream's plain scalar loops instead of the tiled, "
             "vectorized code (the reference the fast path is checked "
             "against)"),
    cl::cat(runCategory));

static JitRunnerOptions runnerOptions() {
  JitRunnerOptions options;
  options.vectorize = !scalarLoops;
  return options;
}

namespace {

/// A compiled model and the function it runs.
/// A result exposed by --autoquant-expose-points: a quantization point.
struct ExposedPoint {
  unsigned result;
  std::string name;
  double scale;
};

struct Model {
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<JitRunner> runner;
  std::vector<ExposedPoint> points;
};

/// Agreement of one exposed point between the model and the reference, in
/// quantization steps of the point.
struct PointAgreement {
  int64_t elements = 0, exact = 0, withinOneStep = 0;
  double maxSteps = 0.0;
  /// For --report: model - reference in steps, bins -4 ... +4 (clamped).
  std::vector<uint64_t> stepHistogram = std::vector<uint64_t>(9, 0);
  double minSteps = 0.0, maxSignedSteps = 0.0;
  ::autoquant::SqnrAccumulator sqnr;
};

/// Reports an error on stderr and returns 1, the tool's failure code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "quant-run: error: " << message << "\n";
  return 1;
}

FailureOr<Model> loadModel(MLIRContext &ctx, StringRef path) {
  Model model;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx);
  OnnxImportOptions importOptions;
  importOptions.batchSize = onnxBatchSize;
  model.module = loadModelFile(path, sourceMgr, &ctx, importOptions);
  if (!model.module)
    return failure();
  if (model.module
          ->walk([](SimulatedQuantizeOp op) {
            op.emitError() << "quant-run runs TOSA; lower the "
                              "autoquant.simulated_quantize ops first "
                              "(--autoquant-realize or --autoquant-simulate)";
            return WalkResult::interrupt();
          })
          .wasInterrupted())
    return failure();
  std::string name = entryName;
  if (name.empty()) {
    SmallVector<StringRef> candidates;
    for (auto func : model.module->getOps<func::FuncOp>())
      if (!func.isExternal() && func.isPublic())
        candidates.push_back(func.getSymName());
    if (candidates.size() != 1) {
      fail(path + ": expected one public function with a body, found " +
           llvm::Twine(candidates.size()) + "; choose one with --entry");
      return failure();
    }
    name = candidates.front().str();
  }
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*model.module, name, runnerOptions());
  if (failed(runner))
    return failure();
  auto func = model.module->lookupSymbol<func::FuncOp>(name);
  for (unsigned i = 0; func && i < func.getNumResults(); ++i) {
    auto scale = func.getResultAttrOfType<FloatAttr>(
        i, AutoQuantDialect::kScaleAttrName);
    auto point = func.getResultAttrOfType<StringAttr>(
        i, AutoQuantDialect::kPointAttrName);
    if (scale && point)
      model.points.push_back(
          {i, point.getValue().str(), scale.getValueAsDouble()});
  }
  model.runner = std::move(*runner);
  return model;
}

/// Result 0 of a run as floats (integer models are compared as integers).
std::vector<float> resultAsFloats(const std::vector<char> &bytes, Type type) {
  unsigned width = getElementByteSize(type);
  size_t count = bytes.size() / width;
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i) {
    const char *p = bytes.data() + i * width;
    if (type.isF32()) {
      std::memcpy(&values[i], p, 4);
    } else if (type.isInteger(8)) {
      values[i] = static_cast<int8_t>(*p);
    } else if (type.isInteger(16)) {
      int16_t v;
      std::memcpy(&v, p, 2);
      values[i] = v;
    } else if (type.isInteger(32)) {
      int32_t v;
      std::memcpy(&v, p, 4);
      values[i] = static_cast<float>(v);
    } else {
      int64_t v;
      std::memcpy(&v, p, 8);
      values[i] = static_cast<float>(v);
    }
  }
  return values;
}

size_t argmax(const float *values, size_t count) {
  return std::max_element(values, values + count) - values;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  keepFreedMemoryForModelRuns();
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "AutoQuant model runner: accuracy and agreement on .npy data\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAutoQuantDialects(registry);
  MLIRContext ctx(registry);

  using Clock = std::chrono::steady_clock;
  auto secondsSince = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  Clock::time_point compileStart = Clock::now();
  FailureOr<Model> model = loadModel(ctx, modelPath);
  if (failed(model))
    return 1;
  FailureOr<Model> reference;
  if (!comparePath.empty()) {
    reference = loadModel(ctx, comparePath);
    if (failed(reference))
      return 1;
    if (reference->runner->getArgumentTypes().size() !=
        model->runner->getArgumentTypes().size())
      return fail(comparePath +
                  ": takes a different number of arguments "
                  "than " +
                  modelPath);
  }

  double compileSeconds = secondsSince(compileStart);
  Clock::time_point runStart = Clock::now();
  auto data =
      Dataset::open(inputPath, model->runner->getArgumentTypes(), maxSamples);
  if (!data)
    return fail(llvm::toString(data.takeError()));
  int64_t numSamples = (*data)->getNumSamples();
  int64_t batch = (*data)->getBatchSize();
  RankedTensorType resultType = model->runner->getResultTypes().front();
  int64_t perSample = resultType.getNumElements() / batch;

  std::vector<int64_t> labels;
  if (!labelsPath.empty()) {
    auto reader = ::autoquant::NpyReader::open(labelsPath);
    if (!reader)
      return fail(llvm::toString(reader.takeError()));
    if ((*reader)->info().shape.size() != 1 ||
        (*reader)->numRows() < numSamples)
      return fail(labelsPath + ": expected a 1-d array of at least " +
                  llvm::Twine(numSamples) + " labels");
    labels.resize(numSamples);
    if (llvm::Error error =
            (*reader)->readRowsAsInt64(numSamples, labels.data()))
      return fail(llvm::toString(std::move(error)));
  }

  std::unique_ptr<::autoquant::NpyReader> expected;
  if (!expectedPath.empty()) {
    auto reader = ::autoquant::NpyReader::open(expectedPath);
    if (!reader)
      return fail(llvm::toString(reader.takeError()));
    if ((*reader)->numRows() < numSamples ||
        (*reader)->rowElements() != perSample)
      return fail(expectedPath + ": expected at least " +
                  llvm::Twine(numSamples) + " rows of " +
                  llvm::Twine(perSample) + " values");
    expected = std::move(*reader);
  }
  double worstExpectedError = 0.0;
  int64_t worstExpectedSample = -1;
  std::vector<float> expectedValues;

  int64_t correct = 0, referenceCorrect = 0, agree = 0, done = 0;
  double maxAbsDiff = 0.0;
  ::autoquant::SqnrAccumulator outputSqnr;
  int64_t exactElements = 0, comparedElements = 0;
  std::vector<float> allOutputs;
  // Exposed quantization points present in both models (same result index).
  std::vector<PointAgreement> pointAgreement;
  if (succeeded(reference)) {
    for (const ExposedPoint &point : model->points)
      if (point.result >= reference->runner->getResultTypes().size() ||
          reference->runner->getResultTypes()[point.result].getNumElements() !=
              model->runner->getResultTypes()[point.result].getNumElements())
        return fail(comparePath + ": has no result " +
                    llvm::Twine(point.result) + " shaped like point '" +
                    point.name + "' of " + modelPath +
                    " (expose the points of both models)");
    pointAgreement.resize(model->points.size());
  }
  // Batches run concurrently on the context's thread pool (at most 8 at
  // once, 16 per task per round so small models do not pay a dispatch per
  // batch) and are then processed in order, so every figure is the same as
  // with one batch at a time.
  SmallVector<const JitRunner *> runners = {model->runner.get()};
  if (succeeded(reference) && reference->runner)
    runners.push_back(reference->runner.get());
  DatasetExecutor executor(&ctx, runners, /*parallelBatches=*/0,
                           /*maxParallelBatches=*/8, /*batchesPerTask=*/16);
  ProgressReporter progress("quant-run", numSamples, !quiet);
  auto errorOf = [](const llvm::Twine &message) {
    return llvm::createStringError(message);
  };
  auto consume = [&](const Batch &batch) -> llvm::Error {
    const int64_t *count = &batch.count;
    const std::vector<std::vector<char>> &outputs = batch.outputs[0];
    const std::vector<std::vector<char>> &referenceOutputs =
        batch.outputs.back();
    std::vector<float> values =
        resultAsFloats(outputs.front(), resultType.getElementType());
    std::vector<float> referenceValues;
    if (succeeded(reference) && reference->runner) {
      referenceValues = resultAsFloats(
          referenceOutputs.front(),
          reference->runner->getResultTypes().front().getElementType());
      if (referenceValues.size() != values.size())
        return errorOf(comparePath + ": its first result has " +
                       llvm::Twine(referenceValues.size()) +
                       " elements per batch, the model's " +
                       llvm::Twine(values.size()));
      for (auto [point, agreement] : llvm::zip(model->points, pointAgreement)) {
        std::vector<float> mine = resultAsFloats(
            outputs[point.result],
            model->runner->getResultTypes()[point.result].getElementType());
        std::vector<float> theirs = resultAsFloats(
            referenceOutputs[point.result],
            reference->runner->getResultTypes()[point.result].getElementType());
        for (size_t i = 0; i < mine.size(); ++i) {
          double signedSteps = (double(mine[i]) - theirs[i]) / point.scale;
          double steps = std::abs(signedSteps);
          long bin = std::lround(std::clamp(signedSteps, -4.0, 4.0)) + 4;
          ++agreement.stepHistogram[bin];
          agreement.sqnr.add(theirs[i], mine[i]);
          agreement.minSteps = std::min(agreement.minSteps, signedSteps);
          agreement.maxSignedSteps =
              std::max(agreement.maxSignedSteps, signedSteps);
          ++agreement.elements;
          agreement.exact += mine[i] == theirs[i];
          agreement.withinOneStep += steps <= 1.0 + 1e-6;
          agreement.maxSteps = std::max(agreement.maxSteps, steps);
        }
      }
    }
    for (int64_t s = 0; s < *count; ++s) {
      const float *row = values.data() + s * perSample;
      size_t predicted = argmax(row, perSample);
      if (!labels.empty() &&
          static_cast<int64_t>(predicted) == labels[done + s])
        ++correct;
      if (!referenceValues.empty()) {
        const float *refRow = referenceValues.data() + s * perSample;
        size_t refPredicted = argmax(refRow, perSample);
        agree += predicted == refPredicted;
        if (!labels.empty() &&
            static_cast<int64_t>(refPredicted) == labels[done + s])
          ++referenceCorrect;
        for (int64_t i = 0; i < perSample; ++i) {
          double diff = static_cast<double>(row[i]) - refRow[i];
          exactElements += diff == 0.0;
          ++comparedElements;
          maxAbsDiff = std::max(maxAbsDiff, std::abs(diff));
          outputSqnr.add(refRow[i], row[i]);
        }
      }
      if (!outputPath.empty())
        allOutputs.insert(allOutputs.end(), row, row + perSample);
      if (expected) {
        expectedValues.resize(perSample);
        if (llvm::Error error =
                expected->readRowsAsFloat(1, expectedValues.data()))
          return errorOf(llvm::toString(std::move(error)));
        for (int64_t i = 0; i < perSample; ++i) {
          double want = expectedValues[i];
          double error =
              std::abs(row[i] - want) / std::max(1.0, std::abs(want));
          if (error > worstExpectedError) {
            worstExpectedError = error;
            worstExpectedSample = done + s;
          }
        }
      }
    }
    done += *count;
    progress.update(done);
    return llvm::Error::success();
  };
  if (llvm::Error error = executor.run(**data, consume))
    return fail(llvm::toString(std::move(error)));
  progress.finish();

  if (!outputPath.empty()) {
    SmallVector<int64_t> shape = {numSamples};
    llvm::append_range(shape, resultType.getShape().drop_front());
    if (llvm::Error error =
            ::autoquant::writeNpy(outputPath, ::autoquant::ElementType::f32,
                                  shape, allOutputs.data()))
      return fail(llvm::toString(std::move(error)));
  }

  bool compared = !comparePath.empty();
  if (expected) {
    llvm::outs() << "expected outputs: largest relative difference "
                 << llvm::format("%.3g", worstExpectedError);
    if (worstExpectedSample >= 0)
      llvm::outs() << " (sample " << worstExpectedSample << ")";
    llvm::outs() << ", tolerance " << llvm::format("%.3g", tolerance.getValue())
                 << "\n";
    if (worstExpectedError > tolerance)
      return fail(modelPath + ": outputs differ from " + expectedPath +
                  " beyond the tolerance");
  }
  for (auto [point, agreement] : llvm::zip(model->points, pointAgreement)) {
    double within =
        static_cast<double>(agreement.withinOneStep) / agreement.elements;
    if (within < minPointAgreement)
      return fail(llvm::formatv("point '{0}' (result {1}): {2:P2} of its "
                                "values are within one step of the "
                                "reference, below --min-point-agreement "
                                "{3:P2}",
                                point.name, point.result, within,
                                minPointAgreement.getValue())
                      .str());
  }
  if (!reportPath.empty()) {
    if (!compared || model->points.empty())
      return fail("--report needs --compare and a model with exposed "
                  "quantization points (--autoquant-expose-points)");
    std::vector<::autoquant::PointReport> reports;
    for (auto [point, agreement] : llvm::zip(model->points, pointAgreement)) {
      ::autoquant::PointReport report;
      report.name =
          point.name.empty() ? "#" + std::to_string(point.result) : point.name;
      report.kind = "result " + std::to_string(point.result);
      report.method = "compare";
      report.threshold = agreement.maxSteps;
      report.scale = point.scale;
      report.histogram = agreement.stepHistogram;
      report.histogramLo = -4.5;
      report.histogramHi = 4.5;
      report.numValues = agreement.elements;
      report.min = agreement.minSteps;
      report.max = agreement.maxSignedSteps;
      report.sqnrDb = agreement.sqnr.getDb();
      reports.push_back(std::move(report));
    }
    ::autoquant::ReportText text;
    text.heading = "Comparison report";
    text.description =
        "Model " + modelPath + " against reference " + comparePath + " on " +
        std::to_string(done) +
        " samples. Histograms: model &minus; reference in steps of each "
        "point's scale (&plusmn;4 collects everything beyond); min / max: the "
        "extreme differences in steps; SQNR: 10&middot;log<sub>10</sub>"
        "(&Sigma;ref&sup2; / &Sigma;(model &minus; ref)&sup2;).";
    if (llvm::Error error = ::autoquant::writeHtmlReportFile(
            reportPath, modelPath, reports, text))
      return fail(llvm::toString(std::move(error)));
  }
  double sqnr = outputSqnr.getDb();
  double runSeconds = secondsSince(runStart);
  if (printJson) {
    llvm::json::Object metrics{{"model", modelPath},
                               {"samples", done},
                               {"compile_seconds", compileSeconds},
                               {"run_seconds", runSeconds}};
    if (!labels.empty())
      metrics["accuracy"] = static_cast<double>(correct) / done;
    if (compared) {
      metrics["reference"] = comparePath;
      metrics["argmax_agreement"] = static_cast<double>(agree) / done;
      metrics["max_abs_diff"] = maxAbsDiff;
      metrics["exact_match_fraction"] =
          static_cast<double>(exactElements) / comparedElements;
      metrics["sqnr_db"] = std::isinf(sqnr) ? llvm::json::Value(nullptr)
                                            : llvm::json::Value(sqnr);
      if (!labels.empty())
        metrics["reference_accuracy"] =
            static_cast<double>(referenceCorrect) / done;
      llvm::json::Array points;
      for (auto [point, agreement] : llvm::zip(model->points, pointAgreement))
        points.push_back(llvm::json::Object{
            {"name", point.name},
            {"result", static_cast<int64_t>(point.result)},
            {"elements", agreement.elements},
            {"exact_fraction",
             static_cast<double>(agreement.exact) / agreement.elements},
            {"within_one_step_fraction",
             static_cast<double>(agreement.withinOneStep) / agreement.elements},
            {"max_steps", agreement.maxSteps}});
      if (!points.empty())
        metrics["points"] = std::move(points);
    }
    llvm::outs() << llvm::formatv("{0:2}",
                                  llvm::json::Value(std::move(metrics)))
                 << "\n";
    return 0;
  }
  llvm::outs() << "samples:          " << done << "\n";
  if (printTiming)
    llvm::outs() << llvm::formatv("compile time:     {0:f3} s\n"
                                  "run time:         {1:f3} s ({2:f1} "
                                  "samples/s)\n",
                                  compileSeconds, runSeconds,
                                  done / runSeconds);
  if (!labels.empty())
    llvm::outs() << "accuracy:         "
                 << llvm::format("%.4f", static_cast<double>(correct) / done)
                 << " (" << correct << "/" << done << ")\n";
  if (compared) {
    if (!labels.empty())
      llvm::outs() << "reference acc.:   "
                   << llvm::format("%.4f",
                                   static_cast<double>(referenceCorrect) / done)
                   << "\n";
    llvm::outs() << "argmax agreement: "
                 << llvm::format("%.4f", static_cast<double>(agree) / done)
                 << " (" << agree << "/" << done << ")\n"
                 << "max abs diff:     " << llvm::format("%.6g", maxAbsDiff)
                 << "\n"
                 << "exact matches:    "
                 << llvm::format("%.4f", static_cast<double>(exactElements) /
                                             comparedElements)
                 << " of output elements\n"
                 << "SQNR:             "
                 << (std::isinf(sqnr) ? std::string("inf (identical)")
                                      : llvm::formatv("{0:f2} dB", sqnr).str())
                 << "\n";
    if (!model->points.empty())
      llvm::outs() << "quantization points (in steps of each point's scale):\n"
                   << llvm::formatv("  {0,-28} {1,12} {2,9} {3,11} {4,9}\n",
                                    "point", "elements", "exact", "within 1",
                                    "max");
    for (auto [point, agreement] : llvm::zip(model->points, pointAgreement))
      llvm::outs() << llvm::formatv(
          "  {0,-28} {1,12} {2,9:P2} {3,11:P2} {4,9:f2}\n",
          point.name.empty() ? "#" + std::to_string(point.result) : point.name,
          agreement.elements,
          static_cast<double>(agreement.exact) / agreement.elements,
          static_cast<double>(agreement.withinOneStep) / agreement.elements,
          agreement.maxSteps);
  }
  return 0;
}
