//===- quant-import.cpp - ONNX model -> float TOSA file -------------------===//
//
// quant-import model.onnx -o model.mlir [--batch-size N] [--entry NAME]
//
// Writes the module the importer builds (float TOSA, MLIR 22) with the ONNX
// node names as locations, so that later passes and reports name the user's
// layers. The output file is written only when the import succeeds.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Import/OnnxImport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

static llvm::cl::opt<std::string>
    inputPath(llvm::cl::Positional, llvm::cl::Required,
              llvm::cl::desc("<model.onnx | model.onnxtxt>"));
static llvm::cl::opt<std::string>
    outputPath("o", llvm::cl::init("-"),
               llvm::cl::desc("Output MLIR file (default: stdout)"));
static llvm::cl::opt<int64_t> batchSize(
    "batch-size", llvm::cl::init(1),
    llvm::cl::desc("Size of a symbolic first (batch) input dimension"));
static llvm::cl::opt<std::string>
    entryName("entry", llvm::cl::init("main"),
              llvm::cl::desc("Name of the imported function"));
static llvm::cl::opt<bool> noLocations(
    "no-locations", llvm::cl::init(false),
    llvm::cl::desc("Leave the ONNX node-name locations out of the output"));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "AutoQuant ONNX importer: ONNX model -> float TOSA\n");
  MLIRContext ctx;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx);
  autoquant::OnnxImportOptions options;
  options.batchSize = batchSize;
  options.entryName = entryName;
  OwningOpRef<ModuleOp> module =
      autoquant::importOnnxFile(inputPath, &ctx, options);
  if (!module)
    return 1;
  std::string error;
  auto output = openOutputFile(outputPath, &error);
  if (!output) {
    llvm::errs() << "quant-import: error: " << error << "\n";
    return 1;
  }
  OpPrintingFlags flags;
  if (!noLocations)
    flags.enableDebugInfo();
  module->print(output->os(), flags);
  output->os() << "\n";
  output->keep();
  return 0;
}
