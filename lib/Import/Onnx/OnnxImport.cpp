//===- OnnxImport.cpp - Entry points of the ONNX importer -----------------===//

#include "autoquant/Import/OnnxImport.h"

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/defs/parser.h"

#include <climits>

using namespace mlir;
using namespace autoquant;

namespace {
const llvm::StringMap<onnx_import::Emitter> &operatorTable() {
  static const llvm::StringMap<onnx_import::Emitter> table = [] {
    llvm::StringMap<onnx_import::Emitter> t;
    onnx_import::addElementwiseOperators(t);
    onnx_import::addConstantOperators(t);
    onnx_import::addDataMovementOperators(t);
    onnx_import::addReductionOperators(t);
    onnx_import::addConvPoolOperators(t);
    onnx_import::addMatMulOperators(t);
    onnx_import::addNormalizationOperators(t);
    onnx_import::addResizeOperators(t);
    return t;
  }();
  return table;
}
} // namespace

onnx_import::Emitter onnx_import::lookupEmitter(StringRef opType) {
  return operatorTable().lookup(opType);
}

bool autoquant::isOnnxOperatorSupported(StringRef opType) {
  return operatorTable().count(opType) != 0;
}

void autoquant::registerOnnxImportDialects(DialectRegistry &registry) {
  registry.insert<func::FuncDialect, tosa::TosaDialect>();
}

bool autoquant::isOnnxFileName(StringRef path) {
  return path.ends_with(".onnx") || path.ends_with(".onnxtxt");
}

OwningOpRef<ModuleOp>
autoquant::importOnnxModel(StringRef bytes, StringRef sourceName, bool isText,
                           MLIRContext *ctx, const OnnxImportOptions &options) {
  ctx->getOrLoadDialect<func::FuncDialect>();
  ctx->getOrLoadDialect<tosa::TosaDialect>();
  Location fileLoc = FileLineColLoc::get(ctx, sourceName, 0, 0);
  ::onnx::ModelProto model;
  if (isText) {
    // ONNX's parser reports most errors as a status but lets standard
    // library exceptions (number conversions) escape: this file is compiled
    // with exceptions to turn those into a diagnostic too.
    std::string text = bytes.str(), message;
    try {
      auto status = ::onnx::OnnxParser::Parse(model, text.c_str());
      if (!status.IsOK())
        message = status.ErrorMessage();
    } catch (const std::exception &e) {
      message = e.what();
    }
    if (!message.empty()) {
      emitError(fileLoc) << "not a valid ONNX text model: " << message;
      return nullptr;
    }
  } else if (bytes.size() > static_cast<size_t>(INT_MAX) ||
             !model.ParseFromArray(bytes.data(),
                                   static_cast<int>(bytes.size()))) {
    emitError(fileLoc) << "not a valid ONNX model (the protobuf does not parse"
                       << (bytes.size() > static_cast<size_t>(INT_MAX)
                               ? ", and it is over 2 GB"
                               : "")
                       << ")";
    return nullptr;
  }
  if (!model.has_graph()) {
    emitError(fileLoc) << "not a valid ONNX model (no graph)";
    return nullptr;
  }
  onnx_import::Importer importer(ctx, model, sourceName, options.batchSize,
                                 options.entryName);
  return importer.run();
}

OwningOpRef<ModuleOp>
autoquant::importOnnxFile(StringRef path, MLIRContext *ctx,
                          const OnnxImportOptions &options) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    emitError(UnknownLoc::get(ctx)) << error;
    return nullptr;
  }
  return importOnnxModel(file->getBuffer(), path, path.ends_with(".onnxtxt"),
                         ctx, options);
}

OwningOpRef<ModuleOp>
autoquant::loadModelFile(StringRef path, llvm::SourceMgr &sourceMgr,
                         MLIRContext *ctx, const OnnxImportOptions &options) {
  if (isOnnxFileName(path))
    return importOnnxFile(path, ctx, options);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    emitError(UnknownLoc::get(ctx)) << error;
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, ctx);
}
