//===- PipelineOptionsTest.cpp - --autoquant="preset=tvm" and the passes agree
//---------===//
//
// Passes.td is the single source of truth for the passes' options; the
// pipeline routes its textual options to them. These tests fail when the two
// drift apart: an option a pass declares that the pipeline cannot reach, a
// shared option that misses a pass, or a C++ QuantizeOptions that builds a
// different pipeline than the same options as text.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Pipeline.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <functional>

using namespace mlir;
using namespace autoquant;

namespace {

std::string printPipeline(OpPassManager &pm) {
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  return text;
}

/// Builds `options` as text; the error message, if any, in `error`.
std::optional<std::string> buildText(StringRef options, std::string *error) {
  OpPassManager pm(ModuleOp::getOperationName());
  std::string message;
  LogicalResult result =
      buildQuantizePipeline(pm, options, [&](const Twine &text) {
        message = text.str();
        return failure();
      });
  if (error)
    *error = message;
  if (failed(result))
    return std::nullopt;
  return printPipeline(pm);
}

std::string buildStruct(const QuantizeOptions &options) {
  OpPassManager pm(ModuleOp::getOperationName());
  buildQuantizePipeline(pm, options);
  return printPipeline(pm);
}

/// `key=value` tokens of a pass's textual form `name{...}`.
std::vector<std::string> optionTokens(Pass &pass) {
  std::string text;
  llvm::raw_string_ostream os(text);
  pass.printAsTextualPipeline(os);
  StringRef body = StringRef(text).split('{').second;
  body.consume_back("}");
  std::vector<std::string> tokens;
  // Pass options print without spaces inside values here (no lists with
  // elements by default), so whitespace splits them.
  SmallVector<StringRef> parts;
  body.split(parts, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts)
    tokens.push_back(part.str());
  return tokens;
}

TEST(PipelineOptions, EveryPassOptionIsReachable) {
  std::vector<std::function<std::unique_ptr<Pass>()>> makers = {
      [] { return createAutoQuantPrepare(); },
      [] { return createAutoQuantEqualize(); },
      [] { return createAutoQuantAnnotate(); },
      [] { return createAutoQuantCalibrate(); },
      [] { return createAutoQuantRealize(); }};
  for (auto &make : makers) {
    std::unique_ptr<Pass> pass = make();
    std::vector<std::string> tokens = optionTokens(*pass);
    EXPECT_FALSE(tokens.empty()) << pass->getArgument().str();
    for (const std::string &token : tokens) {
      // The equalize pass's `source` and `alpha` are the pipeline's
      // `equalize` and `equalize-alpha`.
      if (pass->getArgument() == "autoquant-equalize" &&
          (StringRef(token).starts_with("source=") ||
           StringRef(token).starts_with("alpha=")))
        continue;
      std::string error;
      std::optional<std::string> built =
          buildText("preset=tvm equalize=weights " + token, &error);
      ASSERT_TRUE(built) << pass->getArgument().str() << " " << token << ": "
                         << error;
      EXPECT_NE(built->find(token), std::string::npos)
          << token << " not in " << *built;
    }
  }
}

// List options are not printed while empty, so they are listed here; the
// routing itself asks the passes.
TEST(PipelineOptions, ListOptionsAreReachable) {
  for (const char *token :
       {"point-nbit={relu1/*:16,conv2.weight/weight:6}", "skip-locs={a*,b}",
        "only-locs={c}", "debug-enabled-ops={tosa.conv2d}",
        "stats-in={s.json}"}) {
    std::string error;
    std::optional<std::string> built =
        buildText(std::string("preset=tvm ") + token, &error);
    ASSERT_TRUE(built) << token << ": " << error;
    EXPECT_NE(built->find(token), std::string::npos)
        << token << " not in " << *built;
  }
}

TEST(PipelineOptions, SharedOptionsReachEveryPassThatDeclaresThem) {
  std::optional<std::string> built = buildText(
      "equalize=activations dataset=d.npy max-samples=7 threads=3 verbose",
      nullptr);
  ASSERT_TRUE(built);
  StringRef text = *built;
  auto [equalize, rest] = text.split("autoquant-annotate");
  auto [annotate, calibrate] = rest.split("autoquant-calibrate");
  for (StringRef pass : {equalize, calibrate}) {
    EXPECT_TRUE(pass.contains("dataset=d.npy")) << pass.str();
    EXPECT_TRUE(pass.contains("max-samples=7")) << pass.str();
    EXPECT_TRUE(pass.contains("threads=3")) << pass.str();
    EXPECT_TRUE(pass.contains("verbose=true")) << pass.str();
  }
  EXPECT_FALSE(annotate.contains("dataset="));
}

TEST(PipelineOptions, TextAndStructBuildTheSamePipeline) {
  EXPECT_EQ(buildText("preset=tvm", nullptr), buildStruct(QuantizeOptions()));
  EXPECT_EQ(buildStruct(getQuantizePreset(QuantizePreset::Tvm)),
            buildStruct(QuantizeOptions()));

  // The default preset: its C++ options and the text without options agree.
  QuantizeOptions accurate = getQuantizePreset(QuantizePreset::Accurate);
  accurate.calibrate.dataset = "d.npy";
  EXPECT_EQ(buildText("dataset=d.npy", nullptr), buildStruct(accurate));
  // An option given wins over the preset's value.
  accurate.calibrate.calibrateMode =
      ::autoquant::calib::CalibrationMethod::MinMax;
  EXPECT_EQ(buildText("dataset=d.npy calibrate-mode=minmax", nullptr),
            buildStruct(accurate));

  QuantizeOptions options;
  options.equalize.emplace();
  options.equalize->source = EqualizeSource::Weights;
  options.equalize->alpha = 0.25;
  options.equalize->dataset = "d.npy";
  options.annotate.skipDenseLayer = false;
  options.annotate.skipConvLayers = "";
  options.calibrate.calibrateMode =
      ::autoquant::calib::CalibrationMethod::Percentile;
  options.calibrate.dataset = "d.npy";
  options.calibrate.weightGranularity = WeightGranularity::PerChannel;
  options.realize.rounding = RequantRoundingMode::doubleRound;
  EXPECT_EQ(buildText("preset=tvm equalize=weights equalize-alpha=0.25 "
                      "dataset=d.npy "
                      "skip-dense-layer=false skip-conv-layers= "
                      "calibrate-mode=percentile "
                      "weight-granularity=per-channel rounding=double",
                      nullptr),
            buildStruct(options));

  QuantizeOptions simulate;
  simulate.simulate = true;
  EXPECT_EQ(buildText("preset=tvm simulate", nullptr), buildStruct(simulate));

  QuantizeOptions noPrepare;
  noPrepare.prepare.reset();
  EXPECT_EQ(buildText("preset=tvm prepare=false", nullptr),
            buildStruct(noPrepare));
  QuantizeOptions smallFolds;
  smallFolds.prepare->maxFoldElements = 64;
  EXPECT_EQ(buildText("preset=tvm max-fold-elements=64", nullptr),
            buildStruct(smallFolds));
}

TEST(PipelineOptions, RoutingErrorsNameTheOption) {
  std::string error;
  EXPECT_FALSE(buildText("bogus=1", &error));
  EXPECT_EQ(error, "autoquant: no pass of the pipeline has an option 'bogus'");
  EXPECT_FALSE(buildText("source=weights", &error));
  EXPECT_EQ(error, "autoquant: option 'source' belongs to autoquant-equalize, "
                   "which this pipeline does not run (add "
                   "equalize=activations or equalize=weights)");
  EXPECT_FALSE(buildText("simulate rounding=double", &error));
  EXPECT_EQ(error, "autoquant: option 'rounding' belongs to "
                   "autoquant-realize, which this pipeline does not run (it "
                   "runs with simulate=false)");
  EXPECT_FALSE(buildText("prepare=false max-fold-elements=8", &error));
  EXPECT_EQ(error, "autoquant: option 'max-fold-elements' belongs to "
                   "autoquant-prepare, which this pipeline does not run (it "
                   "runs unless prepare=false)");
  EXPECT_FALSE(buildText("equalize-alpha=0.5", &error));
  EXPECT_EQ(error, "autoquant: equalize-alpha needs equalize=activations or "
                   "equalize=weights");
  EXPECT_FALSE(buildText("calibrate-mode=kl", &error));
  // The default preset needs data and says what to pass.
  EXPECT_FALSE(buildText("", &error));
  EXPECT_EQ(error, "autoquant: the default preset calibrates on data: pass "
                   "dataset=FILE.npy (or .npz; or stats-in=FILE.json), or "
                   "preset=tvm for TVM's data-free defaults");
  EXPECT_TRUE(buildText("calibrate-mode=global_scale", nullptr));
}

} // namespace
