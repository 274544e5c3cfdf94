//===- OperatorTable.h - ONNX operator emitters by op type ------*- C++ -*-===//

#ifndef AUTOQUANT_LIB_IMPORT_ONNX_OPERATORTABLE_H
#define AUTOQUANT_LIB_IMPORT_ONNX_OPERATORTABLE_H

#include "Importer.h"

namespace mlir {
namespace autoquant {
namespace onnx_import {

/// Elementwise, shape, constant and reduction operators (TensorOps.cpp).
void addTensorOperators(llvm::StringMap<Emitter> &table);
/// Convolutions, pools, matrix products, normalizations, softmax, resize
/// (NetworkOps.cpp).
void addNetworkOperators(llvm::StringMap<Emitter> &table);

} // namespace onnx_import
} // namespace autoquant
} // namespace mlir

#endif // AUTOQUANT_LIB_IMPORT_ONNX_OPERATORTABLE_H
