//===- MLIR.h - MLIR's names inside namespace autoquant ---------*- C++ -*-===//
//
// AutoQuant has one namespace, `autoquant`, for the MLIR-free libraries
// (numerics, file formats) and the MLIR-facing code (dialect, passes,
// runtime, import, export) alike. The MLIR-facing headers include this one so
// that they can use MLIR's names (Value, Type, LogicalResult, ArrayRef, ...)
// unqualified, as code inside namespace mlir would.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_MLIR_H
#define AUTOQUANT_SUPPORT_MLIR_H

#include "mlir/Support/LLVM.h"

namespace autoquant {
using namespace mlir;
} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_MLIR_H
