//===- quant-opt.cpp - AutoQuant optimizer driver -------------------------===//
//
// mlir-opt with the autoquant dialect and passes added: every upstream dialect
// and pass is registered too, so TOSA lowering pipelines run in the same tool.
// An ONNX model (.onnx, .onnxtxt) is accepted wherever an .mlir file is: it is
// imported in memory first (--onnx-batch-size sets its batch dimension), so
// `quant-opt model.onnx --autoquant=... -o model.int8.mlir` is one command.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Import/OnnxImport.h"
#include "autoquant/InitAutoQuant.h"
#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

static llvm::cl::opt<int64_t> onnxBatchSize(
    "onnx-batch-size", llvm::cl::init(1),
    llvm::cl::desc("ONNX input: size given to the symbolic batch dimension"));

/// The ONNX model at `path` as MLIR text with its locations (the ONNX node
/// names), or null after printing the import's diagnostics.
static std::unique_ptr<llvm::MemoryBuffer> importToText(StringRef path) {
  MLIRContext ctx;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx);
  autoquant::OnnxImportOptions options;
  options.batchSize = onnxBatchSize;
  OwningOpRef<ModuleOp> module = autoquant::importOnnxFile(path, &ctx, options);
  if (!module)
    return nullptr;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, OpPrintingFlags().enableDebugInfo());
  return llvm::MemoryBuffer::getMemBufferCopy(text, path);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Calibration runs the model many times.
  autoquant::keepFreedMemoryForModelRuns();
  registerAllPasses();
  autoquant::registerAllAutoQuantPasses();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  autoquant::registerAutoQuantDialects(registry);

  auto [inputPath, outputPath] = registerAndParseCLIOptions(
      argc, argv, "AutoQuant optimizer driver\n", registry);
  if (!autoquant::isOnnxFileName(inputPath))
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputPath, outputPath, registry));

  std::unique_ptr<llvm::MemoryBuffer> buffer = importToText(inputPath);
  if (!buffer)
    return 1;
  std::string error;
  auto output = openOutputFile(outputPath, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (failed(MlirOptMain(output->os(), std::move(buffer), registry,
                         MlirOptMainConfig::createFromCLOptions())))
    return 1;
  output->keep();
  return 0;
}
