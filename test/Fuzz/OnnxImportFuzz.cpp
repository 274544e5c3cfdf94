//===- OnnxImportFuzz.cpp - libFuzzer target for the ONNX importer --------===//
//
// Any byte string given to the importer as a binary .onnx model must give
// either a module that verifies or exactly one diagnostic, and never crash.
// Seeds: the models of ONNX's backend test data (scripts/fuzz.sh).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Import/OnnxImport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  autoquant::registerOnnxImportDialects(registry);
  MLIRContext ctx(registry);
  ctx.disableMultithreading();
  unsigned errors = 0;
  std::string first;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error && errors++ == 0)
      first = diag.str();
    return success();
  });
  OwningOpRef<ModuleOp> module = autoquant::importOnnxModel(
      StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      /*isText=*/false, &ctx);
  if (module ? errors != 0 || failed(verify(*module)) : errors != 1) {
    llvm::errs() << (module ? "module with errors" : "not one diagnostic")
                 << " (" << errors << "): " << first << "\n";
    abort();
  }
  // The importer's own bug report (the module it built does not verify).
  if (!module && StringRef(first).starts_with("internal error")) {
    llvm::errs() << first << "\n";
    abort();
  }
  return 0;
}
