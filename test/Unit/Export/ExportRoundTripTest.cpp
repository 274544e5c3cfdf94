//===- ExportRoundTripTest.cpp - quant-export vs the realized model -------===//
//
// The bundled Fashion-MNIST model, fully integral, realized under several
// schemes; its export (JSON text, parsed back) is run by the reference
// interpreter, which reads nothing else, and compared bit for bit with the
// realized model run through the JIT runner on real test images.
//
//===----------------------------------------------------------------------===//

#include "ReferenceInterpreter.h"

#include "autoquant/Export/CHeader.h"
#include "autoquant/Export/Export.h"
#include "autoquant/InitAutoQuant.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/Npy.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace mlir;
namespace aq = ::autoquant;

namespace {

struct Scheme {
  const char *name;
  const char *options;
};

class ExportRoundTripTest : public ::testing::TestWithParam<Scheme> {
protected:
  ExportRoundTripTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    autoquant::registerAutoQuantDialects(registry);
    context.appendDialectRegistry(registry);
    autoquant::registerAutoQuantPasses();
    autoquant::registerAutoQuantPipelines();
  }
  MLIRContext context;
};

TEST_P(ExportRoundTripTest, ReferenceEqualsRealizedBitForBit) {
  const std::string example = AUTOQUANT_SOURCE_DIR "/examples/fmnist/";
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(example + "model.mlir", &context);
  ASSERT_TRUE(module);
  PassManager pm(&context);
  std::string pipeline = llvm::formatv(
      "autoquant{{preset=tvm skip-conv-layers= skip-dense-layer=false "
      "stop-at-global-pool=false fully-integral dataset={0}calib_x.npy "
      "max-samples=64 {1}}",
      example, GetParam().options);
  ASSERT_TRUE(succeeded(parsePassPipeline(pipeline, pm)));
  ASSERT_TRUE(succeeded(pm.run(*module)));
  auto func = *module->getOps<func::FuncOp>().begin();

  FailureOr<llvm::json::Value> exported = autoquant::exportModelJson(func);
  ASSERT_TRUE(succeeded(exported));
  // The interpreter reads the document as a file would hold it.
  std::string text = llvm::formatv("{0}", *exported).str();
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  // The C header renders the same document.
  std::string header;
  llvm::raw_string_ostream headerStream(header);
  ASSERT_FALSE(
      llvm::errorToBool(aq::printModelCHeader(*parsed, "model", headerStream)));
  EXPECT_NE(header.find("aq_accumulating_layer model_accumulating_layers[6]"),
            std::string::npos);

  const llvm::json::Object &root = *parsed->getAsObject();
  const llvm::json::Object &input =
      *root.getArray("inputs")->front().getAsObject();
  double scale = input.getNumber("scale").value_or(0.0);
  int64_t zeroPoint = input.getInteger("zero_point").value_or(0);
  ASSERT_GT(scale, 0.0);
  auto interpreter = aq::reference::Interpreter::create(std::move(*parsed));
  ASSERT_TRUE(static_cast<bool>(interpreter))
      << llvm::toString(interpreter.takeError());

  auto runner = autoquant::JitRunner::create(*module, func.getSymName());
  ASSERT_TRUE(succeeded(runner));
  auto images = aq::NpyReader::open(example + "test_x.npy");
  ASSERT_TRUE(static_cast<bool>(images));
  const int samples = 40;
  const int64_t pixels = (*images)->rowElements();
  std::vector<float> floats(samples * pixels);
  ASSERT_FALSE(
      llvm::errorToBool((*images)->readRowsAsFloat(samples, floats.data())));

  std::vector<aq::reference::Tensor> inputs = interpreter->getInputTemplates();
  ASSERT_EQ(inputs.size(), 1u);
  ASSERT_EQ(inputs[0].dtype, "int8");
  auto [lo, hi] = std::pair<int64_t, int64_t>(-128, 127);
  int64_t compared = 0;
  for (int s = 0; s < samples; ++s) {
    std::vector<int8_t> codes(pixels);
    inputs[0].values.resize(pixels);
    for (int64_t i = 0; i < pixels; ++i) {
      int64_t q =
          aq::quantizeToCode(floats[s * pixels + i], scale, zeroPoint, lo, hi,
                             aq::RoundingMode::HalfAwayFromZero);
      codes[i] = static_cast<int8_t>(q);
      inputs[0].values[i] = q;
    }
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool((*runner)->run({codes.data()}, results)));
    auto reference = interpreter->run(inputs);
    ASSERT_TRUE(static_cast<bool>(reference))
        << llvm::toString(reference.takeError());
    const aq::reference::Tensor &out = reference->front();
    ASSERT_EQ(out.dtype, "int32");
    ASSERT_EQ(results[0].size(), out.values.size() * sizeof(int32_t));
    for (size_t i = 0; i < out.values.size(); ++i) {
      int32_t jit;
      std::memcpy(&jit, results[0].data() + i * sizeof(int32_t), 4);
      ASSERT_EQ(jit, out.values[i]) << "sample " << s << " logit " << i;
      ++compared;
    }
  }
  EXPECT_EQ(compared, samples * 10);
}

INSTANTIATE_TEST_SUITE_P(
    Schemes, ExportRoundTripTest,
    ::testing::Values(
        Scheme{"percentile", "calibrate-mode=percentile weight-scale=max"},
        Scheme{"kl_unsigned_per_channel_tonearest",
               "calibrate-mode=kl_divergence weight-scale=max "
               "activation-sign=auto weight-granularity=per-channel "
               "rounding=tonearest"},
        Scheme{"minmax_power2_double_truncating_shift",
               "calibrate-mode=minmax weight-scale=power2 rounding=double "
               "round-for-shift=false"},
        Scheme{"global_scale_6bit", "calibrate-mode=global_scale "
                                    "nbit-input=6 nbit-weight=6"},
        Scheme{"power_of_two_per_channel",
               "calibrate-mode=percentile power-of-two-scales "
               "weight-granularity=per-channel"},
        Scheme{"minmax_asymmetric_per_channel",
               "calibrate-mode=minmax weight-scale=max "
               "activation-range=asymmetric weight-granularity=per-channel"},
        Scheme{
            "mse_asymmetric_unsigned_tonearest",
            "calibrate-mode=mse weight-scale=max activation-range=asymmetric "
            "activation-sign=auto rounding=tonearest"},
        Scheme{"tvm_8bit_bias_double", "calibrate-mode=percentile "
                                       "bias-bits=8 rounding=double"},
        Scheme{"mixed_bits_unsigned",
               "calibrate-mode=percentile weight-scale=max "
               "activation-sign=auto nbit-input=6 nbit-weight=6 "
               "point-nbit=relu1/input:8,conv2.weight/weight:8"},
        Scheme{"int16_point", "calibrate-mode=percentile weight-scale=max "
                              "point-nbit=relu1/input:16"}),
    [](const ::testing::TestParamInfo<Scheme> &info) {
      return std::string(info.param.name);
    });

} // namespace
