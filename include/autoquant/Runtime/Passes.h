//===- Passes.h - The JIT runner's codegen pass -----------------*- C++ -*-===//

#ifndef AUTOQUANT_RUNTIME_PASSES_H
#define AUTOQUANT_RUNTIME_PASSES_H

#include "autoquant/Support/MLIR.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace autoquant {

#define GEN_PASS_DECL
#include "autoquant/Runtime/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "autoquant/Runtime/Passes.h.inc"

} // namespace autoquant

#endif // AUTOQUANT_RUNTIME_PASSES_H
