//===- StatsJsonFuzz.cpp - Fuzz the stats-in reader of the calibrate pass
//--===//
//
// Any file given as stats-in must either calibrate the model or fail the pass
// with a diagnostic; the result must verify.
//
//===----------------------------------------------------------------------===//

#include "autoquant/InitAutoQuant.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace mlir;

static const char *kModel = R"mlir(
func.func @net(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x4xf32> loc("x/input")
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x4xf32>}> : () -> tensor<2x4xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x4xf32> loc("w/weight")
  %s = tosa.add %xq, %wq : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %sq = autoquant.simulated_quantize %s kind = activation nbit = 32 sign = true rounding = half_away_from_zero : tensor<2x4xf32>
  return %sq : tensor<2x4xf32>
}
)mlir";

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    registerAllDialects(registry);
    autoquant::registerAutoQuantDialects(registry);
    auto *ctx = new MLIRContext(registry);
    ctx->getDiagEngine().registerHandler([](Diagnostic &) {});
    return ctx;
  }();
  static const std::string path =
      "/tmp/autoquant-fuzz-stats-" + std::to_string(getpid()) + ".json";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(data), size);

  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModel, context);
  if (!module)
    abort();
  autoquant::AutoQuantCalibrateOptions options;
  options.statsIn.push_back(path);
  PassManager pm(context);
  pm.addPass(autoquant::createAutoQuantCalibrate(options));
  if (succeeded(pm.run(*module)) && failed(verify(*module)))
    abort(); // a successful calibration must leave valid IR
  return 0;
}
