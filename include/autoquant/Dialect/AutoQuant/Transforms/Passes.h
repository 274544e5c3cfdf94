//===- Passes.h - AutoQuant passes ------------------------------*- C++ -*-===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_H
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_H

#include "autoquant/Calibration/Observer.h"
#include "autoquant/Calibration/WeightScale.h"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Dialect/AutoQuant/Transforms/OptionEnums.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Support/MLIR.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace autoquant {

#define GEN_PASS_DECL
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"

} // namespace autoquant

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_H
