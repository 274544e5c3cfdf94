//===- main.cpp - A downstream user of an installed AutoQuant -------------===//
//
// Parses and verifies a module that uses the autoquant dialect; checks that an
// invalid op is rejected. Exit code 0 on success.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

static const char *kValid = R"mlir(
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.125, clip = [-127, 127]> : tensor<4xf32>
  return %q : tensor<4xf32>
}
)mlir";

static const char *kInvalid = R"mlir(
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = autoquant.simulated_quantize %x kind = input nbit = 40 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %q : tensor<4xf32>
}
)mlir";

int main() {
  mlir::DialectRegistry registry;
  registry.insert<mlir::func::FuncDialect>();
  autoquant::registerAutoQuantDialect(registry);
  mlir::MLIRContext context(registry);

  auto module = mlir::parseSourceString<mlir::ModuleOp>(kValid, &context);
  if (!module || mlir::failed(mlir::verify(*module))) {
    llvm::errs() << "downstream: valid module was rejected\n";
    return 1;
  }
  module->print(llvm::outs());

  context.getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
  if (mlir::parseSourceString<mlir::ModuleOp>(kInvalid, &context)) {
    llvm::errs() << "downstream: invalid module was accepted\n";
    return 1;
  }
  llvm::outs() << "downstream: ok\n";
  return 0;
}
