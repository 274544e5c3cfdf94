//===- ConstantLookup.h - Constants behind element-moving ops ---*- C++ -*-===//
//
// Weights reach their readers through ops that only move elements: the
// reshapes and transposes frontends put between a constant and a conv or
// matmul. Calibration (max |w|, per-channel thresholds), simulation and
// realize (folding weights to integer constants) all use this one notion of
// "a constant", so a point one pass accepts is never rejected by the next.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_CONSTANTLOOKUP_H
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_CONSTANTLOOKUP_H

#include "autoquant/Support/MLIR.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"

#include <vector>

namespace autoquant {

/// The constant `value` is computed from when only element-moving ops
/// (tosa.reshape, tosa.transpose, tosa.identity) lie between; null
/// otherwise. Its shape and layout are the constant's, not `value`'s.
DenseElementsAttr findSourceConstant(Value value);

/// The elements of `value` as float32, in `value`'s own shape and layout
/// (transposes applied); failure unless findSourceConstant finds a constant
/// of floating-point elements.
FailureOr<std::vector<float>> readConstantAsFloats(Value value);

/// The same values as a constant of `value`'s type (for folding); null
/// where readConstantAsFloats fails.
DenseElementsAttr foldConstantThroughLayout(Value value);

/// `attr`'s floating-point elements as float32 (rounded to nearest).
std::vector<float> toFloats(DenseElementsAttr attr);

} // namespace autoquant

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_CONSTANTLOOKUP_H
