//===- RealizeBuilders.h - Integer TOSA building blocks ---------*- C++ -*-===//
//
// The pieces every TOSA realize rule is made of (constants, tosa.rescale
// from a scale ratio, integer clamps, dequantization), beside the TOSA op
// models that use them; the realize pass uses them at function boundaries.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_TOSA_REALIZEBUILDERS_H
#define AUTOQUANT_DIALECT_TOSA_REALIZEBUILDERS_H

#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Support/MLIR.h"

namespace autoquant {

/// Building blocks of the realize rules, shared by the op models.
namespace realize {
/// `tensor<1xT>` constant holding `value` (zero points, shifts).
Value scalarConstant(OpBuilder &builder, Location loc, Type elementType,
                     int64_t value);
/// A float constant of rank `rank` with every dimension 1 (broadcasts).
Value broadcastFloatConstant(OpBuilder &builder, Location loc, unsigned rank,
                             float value);
/// `type` with its element type replaced.
RankedTensorType withElementType(Type type, Type elementType);
/// An int48 accumulator as int32: tosa.rescale with scale32 = false,
/// multiplier 2^14 and shift 14 + `shift` (docs/Numerics.md,
/// ::autoquant::narrowAccumulator48).
Value narrowAccumulator(OpBuilder &builder, Location loc, Value accumulator,
                        unsigned shift);
/// Rescales an integer tensor to `target` in element type `elementType` with
/// tosa.rescale (saturating); a per-channel input (channels on the last axis)
/// gets a per-channel rescale. Emits an error and fails when the scale ratio
/// has no 32-bit multiplier and shift.
FailureOr<Value> requantize(OpBuilder &builder, Location loc,
                            const RealizedValue &input, QuantInfo target,
                            Type elementType, const RealizeOptions &options);
/// Clamps an integer tensor to [lo, hi] (tosa.clamp for i8/i16, max/min for
/// i32, which TOSA's clamp does not take).
Value clampInteger(OpBuilder &builder, Location loc, Value value, int64_t lo,
                   int64_t hi);
/// Clamps channel i (along the last axis) to [lo[i], hi[i]] with
/// tosa.maximum / tosa.minimum against [1, ..., 1, C] constants.
Value clampIntegerPerChannel(OpBuilder &builder, Location loc, Value value,
                             ArrayRef<int64_t> lo, ArrayRef<int64_t> hi);
/// A float constant of rank `rank` holding `values` along `axis` (every other
/// dimension 1): per-channel scales that broadcast.
Value channelFloatConstant(OpBuilder &builder, Location loc, unsigned rank,
                           int64_t axis, ArrayRef<float> values);
/// Float value of a realized integer tensor: scale * (q - zeroPoint), with a
/// per-channel scale vector when the value is per-channel.
Value dequantize(OpBuilder &builder, Location loc, const RealizedValue &value);
/// Records the scale (one per channel along `autoquant.axis` when per
/// channel) and a non-zero zero point of `value` on the op computing it.
void recordQuantInfo(const RealizedValue &value);
/// Clones `op` with new operands and result element types (attributes kept).
Operation *cloneWithTypes(OpBuilder &builder, Operation *op,
                          ValueRange operands, TypeRange resultTypes);
} // namespace realize

} // namespace autoquant

#endif // AUTOQUANT_DIALECT_TOSA_REALIZEBUILDERS_H
