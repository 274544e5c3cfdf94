//===- OperatorTable.h - ONNX operator emitters by op type ------*- C++ -*-===//

#ifndef AUTOQUANT_LIB_IMPORT_ONNX_OPERATORTABLE_H
#define AUTOQUANT_LIB_IMPORT_ONNX_OPERATORTABLE_H

#include "Importer.h"
#include "autoquant/Support/MLIR.h"

namespace autoquant {
namespace onnx_import {

/// Unary, activation, binary, comparison and identity-like operators
/// (ElementwiseOps.cpp).
void addElementwiseOperators(llvm::StringMap<Emitter> &table);
/// Constants and shape queries (ConstantOps.cpp).
void addConstantOperators(llvm::StringMap<Emitter> &table);
/// Reshapes, transpose, concat, slices, gather, expand, tile, pad
/// (DataMovementOps.cpp).
void addDataMovementOperators(llvm::StringMap<Emitter> &table);
/// ReduceSum, ReduceMean, ReduceMax, ReduceMin (ReductionOps.cpp).
void addReductionOperators(llvm::StringMap<Emitter> &table);
/// Convolutions and pools (ConvPoolOps.cpp).
void addConvPoolOperators(llvm::StringMap<Emitter> &table);
/// Gemm and MatMul (MatMulOps.cpp).
void addMatMulOperators(llvm::StringMap<Emitter> &table);
/// Batch, instance and layer normalization, Softmax, LogSoftmax
/// (NormalizationOps.cpp).
void addNormalizationOperators(llvm::StringMap<Emitter> &table);
/// Resize and Upsample (ResizeOps.cpp).
void addResizeOperators(llvm::StringMap<Emitter> &table);

} // namespace onnx_import
} // namespace autoquant

#endif // AUTOQUANT_LIB_IMPORT_ONNX_OPERATORTABLE_H
