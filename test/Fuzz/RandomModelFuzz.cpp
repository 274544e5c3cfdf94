//===- RandomModelFuzz.cpp - Random float TOSA models through the flow ----===//
//
// Builds a valid float TOSA model from the fuzzer's bytes (a chain of conv,
// depthwise conv, relu, max pool, add with a constant or a skip connection,
// transpose), checks that cross-layer equalization keeps its float function,
// then runs annotate (every layer) -> calibrate (minmax weights,
// global_scale data) -> realize. The output must verify, pass tosa-validate
// for pro_int + pro_fp, compile with the JIT runner, run on random input and
// give finite numbers, the same bytes through the fast (tiled, vectorized)
// and the plain scalar lowering; simulate must compile and run too. Any
// violation aborts, which libFuzzer reports as a crash.
//
//===----------------------------------------------------------------------===//

#include "autoquant/InitAutoQuant.h"
#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace mlir;

namespace {

struct Shape {
  int64_t h, w, c;
  std::string type() const {
    return llvm::formatv("tensor<1x{0}x{1}x{2}xf32>", h, w, c).str();
  }
};

class ModelWriter {
public:
  explicit ModelWriter(FuzzedDataProvider &data) : data(data) {}

  std::string build() {
    Shape shape{data.ConsumeIntegralInRange<int64_t>(2, 8),
                data.ConsumeIntegralInRange<int64_t>(2, 8),
                data.ConsumeIntegralInRange<int64_t>(1, 4)};
    std::string input = shape.type();
    std::string current = "%x";
    body += "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> "
            ": () -> tensor<1xf32>\n";
    int layers = data.ConsumeIntegralInRange<int>(1, 6);
    for (int i = 0; i < layers && data.remaining_bytes() > 0; ++i) {
      switch (data.ConsumeIntegralInRange<int>(0, 6)) {
      case 0:
        current = conv(current, shape, false);
        break;
      case 1:
        current = conv(current, shape, true);
        break;
      case 2:
        current = emit(llvm::formatv("tosa.clamp {0} {{max_val = 6.0 : f32, "
                                     "min_val = 0.0 : f32} : ({1}) -> {1}",
                                     current, shape.type()));
        break;
      case 6:
        // relu: conv -> relu -> conv chains are what equalization rescales.
        current = emit(
            llvm::formatv("tosa.clamp {0} {{max_val = 3.40282347E+38 : f32, "
                          "min_val = 0.0 : f32} : ({1}) -> {1}",
                          current, shape.type()));
        break;
      case 3:
        if (shape.h % 2 || shape.w % 2)
          break;
        {
          Shape pooled{shape.h / 2, shape.w / 2, shape.c};
          current = emit(llvm::formatv(
              "tosa.max_pool2d {0} {{kernel = array<i64: 2, 2>, pad = "
              "array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : ({1}) -> "
              "{2}",
              current, shape.type(), pooled.type()));
          shape = pooled;
        }
        break;
      case 4: {
        std::string other = data.ConsumeBool() ? current : constant(shape);
        current = emit(llvm::formatv("tosa.add {0}, {1} : ({2}, {2}) -> {2}",
                                     current, other, shape.type()));
        break;
      }
      case 5: {
        Shape swapped{shape.w, shape.h, shape.c};
        current = emit(llvm::formatv(
            "tosa.transpose {0} {{perms = array<i32: 0, 2, 1, 3>} : ({1}) -> "
            "{2}",
            current, shape.type(), swapped.type()));
        shape = swapped;
        break;
      }
      }
    }
    return "func.func @f(%x: " + input + ") -> " + shape.type() + " {\n" +
           body + "  return " + current + " : " + shape.type() + "\n}\n";
  }

private:
  std::string emit(const std::string &op) {
    std::string name = "%v" + std::to_string(counter++);
    body += "  " + name + " = " + op + "\n";
    return name;
  }

  std::string values(int64_t count, float scale) {
    std::string text = "[";
    for (int64_t i = 0; i < count; ++i) {
      float v = (data.ConsumeIntegralInRange<int>(-100, 100) / 100.0f) * scale;
      text += (i ? ", " : "") + llvm::formatv("{0:e6}", v).str();
    }
    return text + "]";
  }

  std::string constant(const Shape &shape) {
    std::string type = shape.type();
    return emit(llvm::formatv("\"tosa.const\"() <{{values = dense<{0}> : "
                              "{1}}> : () -> {1}",
                              data.ConsumeIntegralInRange<int>(-4, 4) / 2.0,
                              type));
  }

  std::string conv(const std::string &input, Shape &shape, bool depthwise) {
    int64_t k = data.ConsumeBool() ? 3 : 1, pad = k / 2;
    // 1-4 output channels, or 16 / 32: multiples of 16 reach the runner's
    // pairwise int8 kernel (with an even channel count after them).
    int64_t out = data.ConsumeIntegralInRange<int>(1, 6);
    if (out > 4)
      out = out == 5 ? 16 : 32;
    if (depthwise)
      out = shape.c;
    std::string weightType =
        depthwise
            ? llvm::formatv("tensor<{0}x{0}x{1}x1xf32>", k, shape.c).str()
            : llvm::formatv("tensor<{0}x{1}x{1}x{2}xf32>", out, k, shape.c)
                  .str();
    int64_t weightCount = depthwise ? k * k * shape.c : out * k * k * shape.c;
    std::string flat = llvm::formatv("tensor<{0}xf32>", weightCount).str();
    std::string w = emit(llvm::formatv(
        "\"tosa.const\"() <{{values = dense<{0}> : {1}}> : () -> {1}",
        values(weightCount, 1.0f), flat));
    std::string dims =
        depthwise ? llvm::formatv("{0}, {0}, {1}, 1", k, shape.c).str()
                  : llvm::formatv("{0}, {1}, {1}, {2}", out, k, shape.c).str();
    std::string shapeValue = emit(llvm::formatv(
        "tosa.const_shape {{values = dense<[{0}]> : tensor<4xindex>} : () -> "
        "!tosa.shape<4>",
        dims));
    std::string w4 = emit(
        llvm::formatv("tosa.reshape {0}, {1} : ({2}, !tosa.shape<4>) -> {3}", w,
                      shapeValue, flat, weightType));
    std::string biasType = llvm::formatv("tensor<{0}xf32>", out).str();
    std::string b = emit(llvm::formatv(
        "\"tosa.const\"() <{{values = dense<{0}> : {1}}> : () -> {1}",
        values(out, 0.5f), biasType));
    Shape result{shape.h, shape.w, out};
    std::string op = depthwise ? "tosa.depthwise_conv2d" : "tosa.conv2d";
    std::string value = emit(llvm::formatv(
        "{0} {1}, {2}, {3}, %zp, %zp {{acc_type = f32, dilation = array<i64: "
        "1, 1>, pad = array<i64: {4}, {4}, {4}, {4}>, stride = array<i64: 1, "
        "1>} : ({5}, {6}, {7}, tensor<1xf32>, tensor<1xf32>) -> {8}",
        op, input, w4, b, pad, shape.type(), weightType, biasType,
        result.type()));
    shape = result;
    return value;
  }

  FuzzedDataProvider &data;
  std::string body;
  int counter = 0;
};

MLIRContext &getContext() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    registerAllDialects(registry);
    autoquant::registerAutoQuantDialects(registry);
    autoquant::registerAllAutoQuantPasses();
    registerAllPasses();
    auto *ctx = new MLIRContext(registry);
    return ctx;
  }();
  return *context;
}

void check(bool condition, const char *what, ModuleOp module) {
  if (condition)
    return;
  llvm::errs() << "random model fuzz: " << what << "\n" << module << "\n";
  abort();
}

/// Runs `module` through the JIT runner's fast path and checks its first
/// result; with `compareScalar`, the plain scalar lowering must give the
/// same bytes (realized models compute in integers up to the final scale).
/// Returns the first result.
std::vector<float> runModel(ModuleOp module, const char *what,
                            bool compareScalar) {
  auto runner = autoquant::JitRunner::create(module, "f");
  check(succeeded(runner), what, module);
  std::vector<float> input((*runner)->getArgumentBytes(0) / sizeof(float));
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = std::sin(static_cast<float>(i)) * 3.0f;
  std::vector<std::vector<char>> results;
  check(!llvm::errorToBool((*runner)->run({input.data()}, results)), what,
        module);
  const float *out = reinterpret_cast<const float *>(results[0].data());
  std::vector<float> values(out, out + results[0].size() / sizeof(float));
  for (float value : values)
    check(std::isfinite(value), "non-finite output", module);
  if (!compareScalar)
    return values;
  autoquant::JitRunnerOptions scalarOptions;
  scalarOptions.vectorize = false;
  auto scalar = autoquant::JitRunner::create(module, "f", scalarOptions);
  check(succeeded(scalar), what, module);
  std::vector<std::vector<char>> scalarResults;
  check(!llvm::errorToBool((*scalar)->run({input.data()}, scalarResults)), what,
        module);
  check(scalarResults[0] == results[0],
        "the fast path and the scalar lowering differ", module);
  return values;
}

/// Cross-layer equalization (data-free) must leave the float function as it
/// is, up to float rounding.
void checkEqualizationKeepsFunction(ModuleOp floatModel) {
  OwningOpRef<ModuleOp> equalized = floatModel.clone();
  PassManager pm(floatModel.getContext());
  if (failed(parsePassPipeline(
          "canonicalize,autoquant-equalize{source=weights}", pm)))
    abort();
  check(succeeded(pm.run(*equalized)), "equalize failed", floatModel);
  std::vector<float> before =
      runModel(floatModel, "the float model does not run", false);
  std::vector<float> after =
      runModel(*equalized, "the equalized model does not run", false);
  float largest = 1.0f;
  for (float value : before)
    largest = std::max(largest, std::fabs(value));
  for (size_t i = 0; i < before.size(); ++i)
    check(std::fabs(before[i] - after[i]) <= 1e-4f * largest,
          "equalization changed the float function", *equalized);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  FuzzedDataProvider data(bytes, size);
  std::string source = ModelWriter(data).build();
  MLIRContext &context = getContext();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module) {
    llvm::errs() << source;
    abort(); // the generator must write valid IR
  }
  OwningOpRef<ModuleOp> simulated = module->clone();
  checkEqualizationKeepsFunction(*module);

  PassManager pm(&context);
  if (failed(parsePassPipeline(
          "autoquant{preset=tvm skip-conv-layers= skip-dense-layer=false "
          "weight-scale=max}",
          pm)))
    abort();
  check(succeeded(pm.run(*module)), "the pipeline failed", *module);
  check(succeeded(verify(*module)), "realized IR does not verify", *module);
  OwningOpRef<ModuleOp> validated = module->clone();
  PassManager validate(&context);
  if (failed(parsePassPipeline(
          "tosa-attach-target{profiles=pro_int,pro_fp level=none},"
          "tosa-validate{strict-op-spec-alignment}",
          validate)))
    abort();
  check(succeeded(validate.run(*validated)), "tosa-validate rejects it",
        *module);
  runModel(*module, "the realized model does not run", /*compareScalar=*/true);

  PassManager simulate(&context);
  if (failed(parsePassPipeline("autoquant{preset=tvm skip-conv-layers= "
                               "skip-dense-layer=false simulate}",
                               simulate)))
    abort();
  check(succeeded(simulate.run(*simulated)), "simulate failed", *simulated);
  runModel(*simulated, "the simulated model does not run",
           /*compareScalar=*/false);
  return 0;
}
