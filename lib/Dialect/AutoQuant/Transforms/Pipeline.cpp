//===- Pipeline.cpp - The whole AutoQuant flow as one pipeline ------------===//
//
// The textual form routes options instead of copying them: whether a pass
// declares an option is asked of the pass itself, so a new option in
// Passes.td is reachable through `--autoquant` without an edit here, and
// pass and pipeline can never disagree on a name, a default or a
// description.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Pipeline.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace autoquant;

namespace {

/// The options that shape the pipeline; everything else belongs to a pass.
struct QuantizePipelineOptions
    : public PassPipelineOptions<QuantizePipelineOptions> {
  PassOptions::Option<QuantizePreset> preset{
      *this, "preset", llvm::cl::desc("Defaults of the options not given"),
      llvm::cl::init(QuantizePreset::Accurate),
      llvm::cl::values(
          clEnumValN(QuantizePreset::Accurate, "accurate",
                     "MSE calibration on the data, per-channel max "
                     "weights, unsigned codes after ReLUs, every conv and "
                     "dense layer up to a global pool (the default)"),
          clEnumValN(QuantizePreset::Tvm, "tvm",
                     "TVM's qconfig: global_scale 8.0, power-of-two "
                     "weights, first conv and dense layers float"))};
  PassOptions::Option<bool> prepare{
      *this, "prepare",
      llvm::cl::desc("Bring TOSA as frontends emit it into the rules' forms "
                     "first (autoquant-prepare)"),
      llvm::cl::init(true)};
  PassOptions::Option<EqualizeMode> equalize{
      *this, "equalize",
      llvm::cl::desc("Cross-layer equalization first (autoquant-equalize)"),
      llvm::cl::init(EqualizeMode::None),
      llvm::cl::values(
          clEnumValN(EqualizeMode::None, "none", "no equalization (default)"),
          clEnumValN(EqualizeMode::Activations, "activations",
                     "source=activations (needs the dataset)"),
          clEnumValN(EqualizeMode::Weights, "weights",
                     "source=weights (no data)"))};
  PassOptions::Option<std::string> equalizeAlpha{
      *this, "equalize-alpha",
      llvm::cl::desc("The equalize pass's alpha (default: 1 for activations, "
                     "0.5 for weights)")};
  PassOptions::Option<bool> simulate{
      *this, "simulate",
      llvm::cl::desc("Stop at a float fake-quantized model (TVM's "
                     "do_simulation) instead of realizing"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> calibrateOnly{
      *this, "calibrate-only",
      llvm::cl::desc("Stop after calibrate: the calibrated "
                     "simulated_quantize ops, neither simulated nor realized"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Search until an accuracy target holds "
                     "(autoquant-search): sqnr:DB or agreement:FRACTION")};
  PassOptions::Option<std::string> targetDataset{
      *this, "target-dataset",
      llvm::cl::desc("target=: the data the tries are measured on (default: "
                     "dataset=)")};
  PassOptions::Option<int64_t> targetSamples{
      *this, "target-samples",
      llvm::cl::desc("target=: measure on the first N samples (0: all)"),
      llvm::cl::init(0)};
};

/// One `key[=value]` of a textual option list.
struct OptionToken {
  StringRef key;
  /// The whole token, as the pass's option parser expects it.
  StringRef text;
};

} // namespace

/// Splits `options` at top-level whitespace; braces and quotes group.
static SmallVector<OptionToken> tokenizeOptions(StringRef options) {
  SmallVector<OptionToken> tokens;
  size_t i = 0, size = options.size();
  while (i < size) {
    while (i < size && isspace(static_cast<unsigned char>(options[i])))
      ++i;
    if (i == size)
      break;
    size_t start = i;
    int depth = 0;
    char quote = 0;
    for (; i < size; ++i) {
      char c = options[i];
      if (quote) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}') {
        depth = std::max(0, depth - 1);
      } else if (depth == 0 && isspace(static_cast<unsigned char>(c))) {
        break;
      }
    }
    StringRef text = options.slice(start, i);
    tokens.push_back({text.split('=').first, text});
  }
  return tokens;
}

std::vector<std::string> autoquant::splitPipelineOptions(StringRef options) {
  std::vector<std::string> tokens;
  for (const OptionToken &token : tokenizeOptions(options))
    tokens.push_back(token.text.str());
  return tokens;
}

namespace {

/// Creates one of the pipeline's passes with default options.
using PassMaker = std::unique_ptr<Pass> (*)();

/// A pass of the pipeline and the options routed to it.
struct Stage {
  PassMaker make;
  std::string options;
  /// Runs on each function (nested) rather than on the module.
  bool onFunctions = false;
};

/// What a fresh pass of `make` says to the option `token`.
enum class Probe { Accepted, UnknownOption, BadValue };
Probe probeOption(PassMaker make, StringRef token, std::string &message) {
  message.clear();
  std::unique_ptr<Pass> pass = make();
  LogicalResult result = pass->initializeOptions(token, [&](const Twine &text) {
    message = text.str();
    return failure();
  });
  if (succeeded(result))
    return Probe::Accepted;
  // MLIR's option parser reports unknown names in the message; bad values
  // are reported by the option's own parser.
  return StringRef(message).contains("no such option") ? Probe::UnknownOption
                                                       : Probe::BadValue;
}

/// Every pass the pipeline can run, for naming the owner of an option.
enum StageKind { Prepare, Equalize, Annotate, Calibrate, Realize, Simulate };
const PassMaker kEveryStage[] = {[] { return createAutoQuantPrepare(); },
                                 [] { return createAutoQuantEqualize(); },
                                 [] { return createAutoQuantAnnotate(); },
                                 [] { return createAutoQuantCalibrate(); },
                                 [] { return createAutoQuantRealize(); },
                                 [] { return createAutoQuantSimulate(); }};

} // namespace

/// The `key=value` tokens in which `preset` differs from `base` (both
/// printed in their textual pipeline form).
std::vector<std::string> differingTokens(Pass &preset, Pass &base) {
  auto tokensOf = [](Pass &pass) {
    std::string text;
    llvm::raw_string_ostream os(text);
    pass.printAsTextualPipeline(os);
    StringRef body = StringRef(text).split('{').second;
    body.consume_back("}");
    std::vector<std::string> tokens;
    for (const OptionToken &token : tokenizeOptions(body))
      tokens.push_back(token.text.str());
    return tokens;
  };
  std::vector<std::string> presetTokens = tokensOf(preset),
                           baseTokens = tokensOf(base), result;
  for (const std::string &token : presetTokens)
    if (!llvm::is_contained(baseTokens, token))
      result.push_back(token);
  return result;
}

QuantizeOptions autoquant::getQuantizePreset(QuantizePreset preset) {
  QuantizeOptions options;
  if (preset == QuantizePreset::Tvm)
    return options;
  options.annotate.skipConvLayers = "";
  options.annotate.skipDenseLayer = false;
  // MSE over percentile: the same on easy models, better on the hardest
  // measured one (docs/UserGuide.md, "Presets").
  options.calibrate.calibrateMode = ::autoquant::calib::CalibrationMethod::Mse;
  options.calibrate.weightScale = ::autoquant::calib::WeightScaleMode::Max;
  options.calibrate.weightGranularity = WeightGranularity::PerChannel;
  options.calibrate.activationSign = ActivationSign::Auto;
  return options;
}

void autoquant::buildQuantizePipeline(OpPassManager &pm,
                                      const QuantizeOptions &options) {
  if (options.prepare)
    pm.addNestedPass<func::FuncOp>(createAutoQuantPrepare(*options.prepare));
  if (options.equalize)
    pm.addPass(createAutoQuantEqualize(*options.equalize));
  pm.addPass(createAutoQuantAnnotate(options.annotate));
  pm.addPass(createAutoQuantCalibrate(options.calibrate));
  if (options.simulate)
    pm.addPass(createAutoQuantSimulate());
  else
    pm.addPass(createAutoQuantRealize(options.realize));
}

LogicalResult autoquant::buildQuantizePipeline(
    OpPassManager &pm, StringRef options,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  QuantizePipelineOptions own;
  std::string ownText;
  SmallVector<OptionToken> routed;
  llvm::StringSet<> ownNames = {
      "preset",         "prepare",        "equalize",
      "equalize-alpha", "simulate",       "calibrate-only",
      "target",         "target-dataset", "target-samples"};
  llvm::StringSet<> searchNames = {"target", "target-dataset",
                                   "target-samples"};
  std::string withoutSearch;
  std::string dataset;
  for (const OptionToken &token : tokenizeOptions(options)) {
    if (ownNames.contains(token.key))
      (ownText += " ") += token.text.str();
    else
      routed.push_back(token);
    if (!searchNames.contains(token.key))
      (withoutSearch += " ") += token.text.str();
    if (token.key == "dataset")
      dataset = token.text.split('=').second.trim("\"'").str();
  }
  if (failed(own.parseFromString(ownText)))
    return errorHandler("autoquant: invalid pipeline option in '" +
                        StringRef(ownText).trim() + "'");
  if (!own.target.empty()) {
    // The search runs the pipeline itself, with the other options; they
    // are checked here, once.
    OpPassManager scratch(ModuleOp::getOperationName());
    if (failed(buildQuantizePipeline(scratch, withoutSearch, errorHandler)))
      return failure();
    AutoQuantSearchOptions search;
    search.target = own.target;
    search.pipelineOptions = StringRef(withoutSearch).trim().str();
    search.dataset = own.targetDataset.empty() ? dataset : own.targetDataset;
    search.maxSamples = own.targetSamples;
    if (search.dataset.empty())
      return errorHandler("autoquant: target= measures on data: pass "
                          "dataset=FILE or target-dataset=FILE");
    std::unique_ptr<Pass> pass = createAutoQuantSearch(search);
    pm.addPass(std::move(pass));
    return success();
  }
  if (!own.targetDataset.empty() || own.targetSamples != 0)
    return errorHandler("autoquant: target-dataset and target-samples need "
                        "target=");

  SmallVector<Stage> stages;
  if (own.prepare)
    stages.push_back({kEveryStage[Prepare], "", /*onFunctions=*/true});
  if (own.equalize != EqualizeMode::None) {
    std::string equalize = own.equalize == EqualizeMode::Activations
                               ? "source=activations"
                               : "source=weights";
    if (!own.equalizeAlpha.empty())
      equalize += " alpha=" + own.equalizeAlpha;
    stages.push_back({kEveryStage[Equalize], equalize});
  } else if (!own.equalizeAlpha.empty()) {
    return errorHandler("autoquant: equalize-alpha needs equalize=activations "
                        "or equalize=weights");
  }
  stages.push_back({kEveryStage[Annotate], ""});
  stages.push_back({kEveryStage[Calibrate], ""});
  if (!own.calibrateOnly)
    stages.push_back({kEveryStage[own.simulate ? Simulate : Realize], ""});

  // The preset's values for the options the user did not give.
  llvm::StringSet<> given;
  for (const OptionToken &token : routed)
    given.insert(token.key);
  QuantizeOptions preset = getQuantizePreset(own.preset);
  auto addPreset = [&](Stage &stage, std::unique_ptr<Pass> presetPass) {
    std::unique_ptr<Pass> base = stage.make();
    for (const std::string &token : differingTokens(*presetPass, *base))
      if (!given.contains(StringRef(token).split('=').first))
        (stage.options += " ") += token;
  };
  for (Stage &stage : stages) {
    if (stage.make == kEveryStage[Annotate])
      addPreset(stage, createAutoQuantAnnotate(preset.annotate));
    else if (stage.make == kEveryStage[Calibrate])
      addPreset(stage, createAutoQuantCalibrate(preset.calibrate));
  }

  // Each option goes to every stage that declares it, which a fresh pass of
  // the stage tells by accepting it.
  std::string message;
  for (const OptionToken &token : routed) {
    bool taken = false;
    for (Stage &stage : stages) {
      switch (probeOption(stage.make, token.text, message)) {
      case Probe::Accepted:
        (stage.options += " ") += token.text.str();
        taken = true;
        break;
      case Probe::BadValue:
        return errorHandler(message.empty() ? "autoquant: invalid option '" +
                                                  token.text.str() + "'"
                                            : message);
      case Probe::UnknownOption:
        break;
      }
    }
    if (taken)
      continue;
    // Name the pass the option belongs to, when the pipeline does not run it.
    for (PassMaker make : kEveryStage) {
      if (probeOption(make, token.text, message) == Probe::UnknownOption)
        continue;
      StringRef owner = make()->getArgument();
      return errorHandler(
          "autoquant: option '" + token.key + "' belongs to " + owner +
          ", which this pipeline does not run" +
          (owner == "autoquant-equalize"  ? " (add equalize=activations or "
                                            "equalize=weights)"
           : owner == "autoquant-prepare" ? " (it runs unless prepare=false)"
                                          : " (it runs with simulate=false)"));
    }
    return errorHandler("autoquant: no pass of the pipeline has an option '" +
                        token.key + "'");
  }
  // After the routing, so that a misspelt option is reported as such.
  if (own.preset == QuantizePreset::Accurate && !given.contains("dataset") &&
      !given.contains("stats-in") && !given.contains("calibrate-mode"))
    return errorHandler(
        "autoquant: the default preset calibrates on data: pass "
        "dataset=FILE.npy (or .npz; or stats-in=FILE.json), or preset=tvm "
        "for TVM's data-free defaults");
  for (Stage &stage : stages) {
    std::unique_ptr<Pass> pass = stage.make();
    if (failed(pass->initializeOptions(stage.options, errorHandler)))
      return failure();
    if (stage.onFunctions)
      pm.addNestedPass<func::FuncOp>(std::move(pass));
    else
      pm.addPass(std::move(pass));
  }
  return success();
}

void autoquant::registerAutoQuantPipelines() {
  registerPassPipeline(
      "autoquant",
      "The AutoQuant flow: prepare, [equalize,] annotate, calibrate, then "
      "realize to integer TOSA (or simulate); also takes every option of "
      "those passes",
      [](OpPassManager &pm, StringRef options,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        return buildQuantizePipeline(pm, options, errorHandler);
      },
      // --help lists the pipeline's own options; the others are listed
      // under each pass (--autoquant-annotate, --autoquant-calibrate, ...).
      [](function_ref<void(const mlir::detail::PassOptions &)> print) {
        QuantizePipelineOptions own;
        print(own);
      });
}
