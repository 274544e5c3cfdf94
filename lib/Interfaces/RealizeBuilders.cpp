//===- RealizeBuilders.cpp - Integer TOSA building blocks of realize ------===//
//
// The pieces every realize rule is made of: constants, tosa.rescale from a
// scale ratio, integer clamps, dequantization. The numbers come from
// autoquant/Support/FixedPoint.h (docs/Numerics.md, Requantization).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Support/FixedPoint.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::autoquant;

Value realize::scalarConstant(OpBuilder &builder, Location loc,
                              Type elementType, int64_t value) {
  auto type = RankedTensorType::get({1}, elementType);
  Attribute element =
      isa<FloatType>(elementType)
          ? Attribute(builder.getFloatAttr(elementType, value))
          : Attribute(builder.getIntegerAttr(elementType, value));
  return tosa::ConstOp::create(builder, loc, type,
                               DenseElementsAttr::get(type, element));
}

Value realize::broadcastFloatConstant(OpBuilder &builder, Location loc,
                                      unsigned rank, float value) {
  SmallVector<int64_t> shape(rank, 1);
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return tosa::ConstOp::create(
      builder, loc, type,
      DenseElementsAttr::get(type, builder.getF32FloatAttr(value)));
}

RankedTensorType realize::withElementType(Type type, Type elementType) {
  return cast<RankedTensorType>(type).clone(elementType);
}

static Value integerBroadcastConstant(OpBuilder &builder, Location loc,
                                      unsigned rank, Type elementType,
                                      int64_t value) {
  SmallVector<int64_t> shape(rank, 1);
  auto type = RankedTensorType::get(shape, elementType);
  return tosa::ConstOp::create(
      builder, loc, type,
      DenseElementsAttr::get(type, builder.getIntegerAttr(elementType, value)));
}

/// One tosa.rescale of `input` (zero point `inputZp`) by `multiplier` into
/// `elementType` with zero point `outputZp`.
static Value buildRescale(OpBuilder &builder, Location loc, Value input,
                          int64_t inputZp,
                          const ::autoquant::FixedPointMultiplier &multiplier,
                          Type elementType, int64_t outputZp,
                          tosa::RoundingMode mode) {
  Type inputElement = cast<RankedTensorType>(input.getType()).getElementType();
  Value multiplierValue = realize::scalarConstant(
      builder, loc, builder.getI32Type(), multiplier.multiplier);
  Value shiftValue = realize::scalarConstant(builder, loc, builder.getI8Type(),
                                             multiplier.shift);
  Value inputZpValue =
      realize::scalarConstant(builder, loc, inputElement, inputZp);
  Value outputZpValue =
      realize::scalarConstant(builder, loc, elementType, outputZp);
  return tosa::RescaleOp::create(
      builder, loc, realize::withElementType(input.getType(), elementType),
      input, multiplierValue, shiftValue, inputZpValue, outputZpValue,
      builder.getBoolAttr(true),
      tosa::RoundingModeAttr::get(builder.getContext(), mode),
      builder.getBoolAttr(false), builder.getBoolAttr(false),
      builder.getBoolAttr(false));
}

FailureOr<Value> realize::requantize(OpBuilder &builder, Location loc,
                                     const RealizedValue &input,
                                     QuantInfo target, Type elementType,
                                     const RealizeOptions &options) {
  double ratio = input.quant->scale / target.scale;
  llvm::Expected<::autoquant::FixedPointMultiplier> multiplier =
      ::autoquant::computeFixedPointMultiplier(ratio);
  if (!multiplier) {
    emitError(loc) << "cannot requantize from scale " << input.quant->scale
                   << " to " << target.scale << ": "
                   << llvm::toString(multiplier.takeError());
    return failure();
  }
  int64_t inputZp = input.quant->zeroPoint;
  switch (options.rounding) {
  case RequantRoundingMode::upward:
    return buildRescale(builder, loc, input.value, inputZp, *multiplier,
                        elementType, target.zeroPoint,
                        tosa::RoundingMode::SINGLE_ROUND);
  case RequantRoundingMode::doubleRound:
    return buildRescale(builder, loc, input.value, inputZp, *multiplier,
                        elementType, target.zeroPoint,
                        tosa::RoundingMode::DOUBLE_ROUND);
  case RequantRoundingMode::tonearest:
    break;
  }
  // Ties away from zero: sign(v) * rescale(|v|), in int32 (docs/Numerics.md).
  if (inputZp != 0 || target.zeroPoint != 0) {
    emitError(loc) << "rounding=tonearest needs zero points of 0";
    return failure();
  }
  Type i32 = builder.getI32Type();
  Value value = input.value;
  auto inputType = cast<RankedTensorType>(value.getType());
  if (!inputType.getElementType().isInteger(32))
    value = tosa::CastOp::create(
        builder, loc, realize::withElementType(inputType, i32), value);
  auto type32 = cast<RankedTensorType>(value.getType());
  Value zero32 = realize::scalarConstant(builder, loc, i32, 0);
  Value negated =
      tosa::NegateOp::create(builder, loc, type32, value, zero32, zero32);
  Value positivePart =
      buildRescale(builder, loc, value, 0, *multiplier, elementType, 0,
                   tosa::RoundingMode::SINGLE_ROUND);
  Value negativeMagnitude =
      buildRescale(builder, loc, negated, 0, *multiplier, elementType, 0,
                   tosa::RoundingMode::SINGLE_ROUND);
  auto outType = cast<RankedTensorType>(positivePart.getType());
  Value zeroOut = realize::scalarConstant(builder, loc, elementType, 0);
  Value negativePart = tosa::NegateOp::create(
      builder, loc, outType, negativeMagnitude, zeroOut, zeroOut);
  Value zeroBroadcast =
      integerBroadcastConstant(builder, loc, type32.getRank(), i32, 0);
  Value isNegative = tosa::GreaterOp::create(
      builder, loc, type32.clone(builder.getI1Type()), zeroBroadcast, value);
  return tosa::SelectOp::create(builder, loc, outType, isNegative, negativePart,
                                positivePart)
      .getResult();
}

Value realize::clampInteger(OpBuilder &builder, Location loc, Value value,
                            int64_t lo, int64_t hi) {
  auto type = cast<RankedTensorType>(value.getType());
  Type element = type.getElementType();
  unsigned width = element.getIntOrFloatBitWidth();
  if (width <= 16)
    return tosa::ClampOp::create(
        builder, loc, type, value, builder.getIntegerAttr(element, lo),
        builder.getIntegerAttr(element, hi),
        tosa::NanPropagationModeAttr::get(builder.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
  Value low =
      integerBroadcastConstant(builder, loc, type.getRank(), element, lo);
  Value high =
      integerBroadcastConstant(builder, loc, type.getRank(), element, hi);
  Value raised = tosa::MaximumOp::create(builder, loc, type, value, low);
  return tosa::MinimumOp::create(builder, loc, type, raised, high);
}

Value realize::dequantize(OpBuilder &builder, Location loc,
                          const RealizedValue &value) {
  auto type = cast<RankedTensorType>(value.value.getType());
  auto floatType = withElementType(type, builder.getF32Type());
  Value result = tosa::CastOp::create(builder, loc, floatType, value.value);
  unsigned rank = type.getRank();
  if (value.quant->zeroPoint != 0)
    result = tosa::SubOp::create(
        builder, loc, floatType, result,
        broadcastFloatConstant(builder, loc, rank,
                               static_cast<float>(value.quant->zeroPoint)));
  Value shift = scalarConstant(builder, loc, builder.getI8Type(), 0);
  return tosa::MulOp::create(
      builder, loc, floatType, result,
      broadcastFloatConstant(builder, loc, rank,
                             static_cast<float>(value.quant->scale)),
      shift);
}

Operation *realize::cloneWithTypes(OpBuilder &builder, Operation *op,
                                   ValueRange operands, TypeRange resultTypes) {
  Operation *copy = builder.clone(*op);
  copy->setOperands(operands);
  for (auto [result, type] : llvm::zip(copy->getResults(), resultTypes))
    result.setType(type);
  return copy;
}
