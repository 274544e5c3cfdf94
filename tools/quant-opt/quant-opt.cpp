//===- quant-opt.cpp - AutoQuant optimizer driver -------------------------===//
//
// mlir-opt with the autoquant dialect and passes added: every upstream dialect
// and pass is registered too, so TOSA lowering pipelines run in the same tool.
//
//===----------------------------------------------------------------------===//

#include "autoquant/InitAutoQuant.h"
#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // Calibration runs the model many times.
  mlir::autoquant::keepFreedMemoryForModelRuns();
  mlir::registerAllPasses();
  mlir::autoquant::registerAllAutoQuantPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::autoquant::registerAutoQuantDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "AutoQuant optimizer driver\n", registry));
}
