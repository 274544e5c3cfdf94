//===- ParamsFuzz.cpp - Fuzz the autoquant syntax and verifier ------------===//
//
// Bytes appended to `#autoquant.params<` and to a simulated_quantize op must
// parse, or fail with a diagnostic; whatever parses must verify or be
// rejected by the verifier, and print and re-parse to the same text.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context = [] {
    auto *ctx = new MLIRContext();
    ctx->loadDialect<autoquant::AutoQuantDialect, func::FuncDialect>();
    ctx->getDiagEngine().registerHandler([](Diagnostic &) {});
    return ctx;
  }();
  std::string text(reinterpret_cast<const char *>(data), size);

  if (Attribute attr = parseAttribute("#autoquant.params<" + text, context)) {
    std::string printed;
    llvm::raw_string_ostream(printed) << attr;
    if (parseAttribute(printed, context) != attr)
      abort(); // print -> parse must be the identity
  }

  std::string source = "func.func @f(%x: tensor<4x3xf32>) -> tensor<4x3xf32> "
                       "{\n %0 = autoquant.simulated_quantize %x " +
                       text +
                       " : tensor<4x3xf32>\n return %0 : "
                       "tensor<4x3xf32>\n}\n";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, context);
  if (module && succeeded(verify(*module))) {
    std::string printed, reprinted;
    llvm::raw_string_ostream(printed) << *module;
    OwningOpRef<ModuleOp> again = parseSourceString<ModuleOp>(printed, context);
    if (!again)
      abort(); // a verified module must re-parse
    llvm::raw_string_ostream(reprinted) << *again;
    if (printed != reprinted)
      abort();
  }
  return 0;
}
