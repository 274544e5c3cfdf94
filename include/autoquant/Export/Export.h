//===- Export.h - Hardware parameters of a realized model -------*- C++ -*-===//
//
// quant-export: every integer parameter of a realized (integer TOSA) model,
// as JSON (the whole graph, enough to run it: docs/Export.md) or as a
// self-contained C header.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_EXPORT_EXPORT_H
#define AUTOQUANT_EXPORT_EXPORT_H

#include "autoquant/Support/MLIR.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/JSON.h"

namespace autoquant {

/// The export of `func` as the JSON document of docs/Export.md. Emits an
/// error at the offending op and fails on ops or types it cannot describe
/// (dynamic shapes, non-TOSA ops, several blocks).
FailureOr<llvm::json::Value> exportModelJson(func::FuncOp func);

} // namespace autoquant

#endif // AUTOQUANT_EXPORT_EXPORT_H
