//===- OnnxImport.h - ONNX models as float TOSA -----------------*- C++ -*-===//
//
// Translates an ONNX model (binary protobuf, or ONNX's textual syntax) into a
// module with one func.func of float TOSA: the form AutoQuant's passes and
// the TOSA -> LLVM runner take. The function keeps the model's own layout and
// value names at its boundary; inside, convolutions and pools run NHWC with
// constant OHWI / HWCM weights. Import knows nothing of quantization.
// docs/Import.md lists the operators, attributes and limits.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_IMPORT_ONNXIMPORT_H
#define AUTOQUANT_IMPORT_ONNXIMPORT_H

#include "autoquant/Support/MLIR.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace autoquant {

struct OnnxImportOptions {
  /// Size given to a symbolic (or missing) first dimension of a graph input.
  int64_t batchSize = 1;
  /// Name of the imported function.
  std::string entryName = "main";
};

/// Dialects the importer creates ops of (func, tosa).
void registerOnnxImportDialects(DialectRegistry &registry);

/// True for the file names the importer reads: `.onnx` (protobuf) and
/// `.onnxtxt` (ONNX's textual syntax, as `onnx.parser` reads it).
bool isOnnxFileName(StringRef path);

/// Imports the model held in `bytes` (read from `sourceName`; textual syntax
/// when `isText`). Errors go to the context's diagnostic handler, one per
/// failure, naming the node (name, op type, opset) and the reason; the
/// result is then null.
OwningOpRef<ModuleOp> importOnnxModel(StringRef bytes, StringRef sourceName,
                                      bool isText, MLIRContext *ctx,
                                      const OnnxImportOptions &options = {});

/// Reads `path` and imports it (by its extension: see isOnnxFileName).
OwningOpRef<ModuleOp> importOnnxFile(StringRef path, MLIRContext *ctx,
                                     const OnnxImportOptions &options = {});

/// What every AutoQuant tool calls to open a model: ONNX files are imported
/// in memory, anything else is parsed as MLIR (its buffer is added to
/// `sourceMgr`, so diagnostics can quote it). Errors go to the context.
OwningOpRef<ModuleOp> loadModelFile(StringRef path, llvm::SourceMgr &sourceMgr,
                                    MLIRContext *ctx,
                                    const OnnxImportOptions &options = {});

/// True when the importer translates ONNX operator `opType` (default domain).
bool isOnnxOperatorSupported(StringRef opType);

} // namespace autoquant

#endif // AUTOQUANT_IMPORT_ONNXIMPORT_H
