//===- RealizeBuilders.cpp - Integer TOSA building blocks of realize ------===//
//
// The pieces every realize rule is made of: constants, tosa.rescale from a
// scale ratio, integer clamps, dequantization. The numbers come from
// autoquant/Support/FixedPoint.h (docs/Numerics.md, Requantization).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/Tosa/RealizeBuilders.h"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/IntegerRange.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace autoquant;

/// Records the scale (one per channel along `autoquant.axis` when per
/// channel) and a non-zero zero point of a realized value on the op that
/// computes it, for quant-export and for readers of the IR.
void realize::recordQuantInfo(const RealizedValue &value) {
  Operation *def = value.value.getDefiningOp();
  if (!def || !value.isQuantized())
    return;
  const QuantInfo &quant = *value.quant;
  MLIRContext *ctx = def->getContext();
  ArrayRef<double> scales = quant.isPerChannel()
                                ? ArrayRef<double>(quant.channelScales)
                                : ArrayRef<double>(quant.scale);
  def->setAttr(AutoQuantDialect::kScaleAttrName,
               DenseF64ArrayAttr::get(ctx, scales));
  if (quant.isPerChannel())
    def->setAttr(AutoQuantDialect::kAxisAttrName,
                 IntegerAttr::get(IntegerType::get(ctx, 64), quant.axis));
  if (quant.zeroPoint != 0)
    def->setAttr(AutoQuantDialect::kZeroPointAttrName,
                 IntegerAttr::get(IntegerType::get(ctx, 64), quant.zeroPoint));
}

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

/// A rank-1 constant of `values` (per-channel rescale operands), or the
/// `tensor<1xT>` form when there is one value.
template <typename T>
static Value vectorConstant(OpBuilder &builder, Location loc, Type elementType,
                            ArrayRef<T> values) {
  auto type =
      RankedTensorType::get({static_cast<int64_t>(values.size())}, elementType);
  return tosa::ConstOp::create(builder, loc, type,
                               DenseElementsAttr::get(type, values));
}

/// One tosa.rescale of `input` (zero point `inputZp`) by `multipliers` (one,
/// or one per channel of the last axis) into `elementType` with zero point
/// `outputZp`; `scale32 = false` takes 16-bit multipliers (int48 inputs).
static Value
buildRescale(OpBuilder &builder, Location loc, Value input, int64_t inputZp,
             ArrayRef<::autoquant::FixedPointMultiplier> multipliers,
             Type elementType, int64_t outputZp, tosa::RoundingMode mode,
             bool scale32 = true) {
  Type inputElement = cast<RankedTensorType>(input.getType()).getElementType();
  SmallVector<APInt> multiplierValues;
  SmallVector<int8_t> shiftValues;
  unsigned multiplierBits = scale32 ? 32 : 16;
  for (const ::autoquant::FixedPointMultiplier &m : multipliers) {
    multiplierValues.push_back(
        APInt(multiplierBits, m.multiplier, /*isSigned=*/true));
    shiftValues.push_back(static_cast<int8_t>(m.shift));
  }
  Value multiplierValue = vectorConstant<APInt>(
      builder, loc, builder.getIntegerType(multiplierBits), multiplierValues);
  Value shiftValue =
      vectorConstant<int8_t>(builder, loc, builder.getI8Type(), shiftValues);
  Value inputZpValue =
      realize::scalarConstant(builder, loc, inputElement, inputZp);
  Value outputZpValue =
      realize::scalarConstant(builder, loc, elementType, outputZp);
  return tosa::RescaleOp::create(
      builder, loc, realize::withElementType(input.getType(), elementType),
      input, multiplierValue, shiftValue, inputZpValue, outputZpValue,
      builder.getBoolAttr(scale32),
      tosa::RoundingModeAttr::get(builder.getContext(), mode),
      builder.getBoolAttr(multipliers.size() > 1), builder.getBoolAttr(false),
      builder.getBoolAttr(false));
}

Value realize::narrowAccumulator(OpBuilder &builder, Location loc,
                                 Value accumulator, unsigned shift) {
  ::autoquant::FixedPointMultiplier m;
  m.multiplier = 1 << 14;
  m.shift = 14 + static_cast<int32_t>(shift);
  return buildRescale(builder, loc, accumulator, 0, m, builder.getI32Type(), 0,
                      tosa::RoundingMode::SINGLE_ROUND, /*scale32=*/false);
}

/// floor((x - z_in) / 2^k) + z_out, saturated to `elementType`: TVM's
/// power-of-two requantization with round_for_shift = false.
static Value floorShift(OpBuilder &builder, Location loc, Value input,
                        int64_t inputZp, int64_t bits, int64_t outputZp,
                        Type elementType) {
  Type i32 = builder.getI32Type();
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned rank = inputType.getRank();
  auto type32 = realize::withElementType(inputType, i32);
  Value value = input;
  if (!inputType.getElementType().isInteger(32))
    value = tosa::CastOp::create(builder, loc, type32, value);
  if (inputZp != 0)
    value = tosa::SubOp::create(
        builder, loc, type32, value,
        integerBroadcastConstant(builder, loc, rank, i32, inputZp));
  value = tosa::ArithmeticRightShiftOp::create(
      builder, loc, type32, value,
      integerBroadcastConstant(builder, loc, rank, i32, bits),
      builder.getBoolAttr(false));
  if (outputZp != 0)
    value = tosa::AddOp::create(
        builder, loc, type32, value,
        integerBroadcastConstant(builder, loc, rank, i32, outputZp));
  if (elementType.isInteger(32))
    return value;
  auto [typeMin, typeMax] = ::autoquant::integerRange(
      elementType.getIntOrFloatBitWidth(), /*isSigned=*/true);
  value = realize::clampInteger(builder, loc, value, typeMin, typeMax);
  return tosa::CastOp::create(
      builder, loc, realize::withElementType(inputType, elementType), value);
}

static FailureOr<Value> requantizeValue(OpBuilder &builder, Location loc,
                                        const RealizedValue &input,
                                        QuantInfo target, Type elementType,
                                        const RealizeOptions &options);

FailureOr<Value> realize::requantize(OpBuilder &builder, Location loc,
                                     const RealizedValue &input,
                                     QuantInfo target, Type elementType,
                                     const RealizeOptions &options) {
  FailureOr<Value> result =
      requantizeValue(builder, loc, input, target, elementType, options);
  if (succeeded(result))
    recordQuantInfo({*result, target});
  return result;
}

static FailureOr<Value> requantizeValue(OpBuilder &builder, Location loc,
                                        const RealizedValue &input,
                                        QuantInfo target, Type elementType,
                                        const RealizeOptions &options) {
  const QuantInfo &source = *input.quant;
  auto inputType = cast<RankedTensorType>(input.value.getType());
  if (source.isPerChannel() && source.axis != inputType.getRank() - 1) {
    emitError(loc) << "cannot requantize per-channel values along axis "
                   << source.axis << " (tosa.rescale scales the last axis)";
    return failure();
  }
  SmallVector<::autoquant::FixedPointMultiplier> multipliers;
  size_t channels = source.isPerChannel() ? source.channelScales.size() : 1;
  for (size_t channel = 0; channel < channels; ++channel) {
    double scale = source.scaleAt(channel);
    llvm::Expected<::autoquant::FixedPointMultiplier> multiplier =
        ::autoquant::computeFixedPointMultiplier(scale / target.scale);
    if (!multiplier) {
      InFlightDiagnostic diag = emitError(loc);
      diag << "cannot requantize from scale " << scale << " to "
           << target.scale;
      if (source.isPerChannel())
        diag << " (channel " << channel << ")";
      diag << ": " << llvm::toString(multiplier.takeError());
      return failure();
    }
    multipliers.push_back(*multiplier);
  }
  int64_t inputZp = source.zeroPoint;
  // round_for_shift = false: a power-of-two right shift truncates (TVM).
  if (!options.roundForShift && multipliers.size() == 1 &&
      multipliers.front().isPowerOfTwo() && multipliers.front().shift > 30)
    return floorShift(builder, loc, input.value, inputZp,
                      multipliers.front().shift - 30, target.zeroPoint,
                      elementType);
  switch (options.rounding) {
  case RequantRoundingMode::upward:
    return buildRescale(builder, loc, input.value, inputZp, multipliers,
                        elementType, target.zeroPoint,
                        tosa::RoundingMode::SINGLE_ROUND);
  case RequantRoundingMode::doubleRound:
    return buildRescale(builder, loc, input.value, inputZp, multipliers,
                        elementType, target.zeroPoint,
                        tosa::RoundingMode::DOUBLE_ROUND);
  case RequantRoundingMode::tonearest:
    break;
  }
  // Ties away from zero: sign(v) * rescale(|v|) with v = x - z_in, in int32
  // (docs/Numerics.md); an output zero point is added afterwards, then the
  // result saturates to the output type.
  Type i32 = builder.getI32Type();
  Value value = input.value;
  if (!inputType.getElementType().isInteger(32))
    value = tosa::CastOp::create(
        builder, loc, realize::withElementType(inputType, i32), value);
  auto type32 = cast<RankedTensorType>(value.getType());
  if (inputZp != 0)
    value = tosa::SubOp::create(
        builder, loc, type32, value,
        integerBroadcastConstant(builder, loc, type32.getRank(), i32, inputZp));
  bool hasOutputZp = target.zeroPoint != 0;
  Type scaledType = hasOutputZp ? i32 : elementType;
  Value zero32 = realize::scalarConstant(builder, loc, i32, 0);
  Value negated =
      tosa::NegateOp::create(builder, loc, type32, value, zero32, zero32);
  Value positivePart =
      buildRescale(builder, loc, value, 0, multipliers, scaledType, 0,
                   tosa::RoundingMode::SINGLE_ROUND);
  Value negativeMagnitude =
      buildRescale(builder, loc, negated, 0, multipliers, scaledType, 0,
                   tosa::RoundingMode::SINGLE_ROUND);
  auto outType = cast<RankedTensorType>(positivePart.getType());
  Value zeroOut = realize::scalarConstant(builder, loc, scaledType, 0);
  Value negativePart = tosa::NegateOp::create(
      builder, loc, outType, negativeMagnitude, zeroOut, zeroOut);
  Value zeroBroadcast =
      integerBroadcastConstant(builder, loc, type32.getRank(), i32, 0);
  Value isNegative = tosa::GreaterOp::create(
      builder, loc, type32.clone(builder.getI1Type()), zeroBroadcast, value);
  Value scaled = tosa::SelectOp::create(builder, loc, outType, isNegative,
                                        negativePart, positivePart);
  if (!hasOutputZp)
    return scaled;
  // + z_out, saturated to the output type (as tosa.rescale would).
  Value shifted = tosa::AddOp::create(
      builder, loc, outType, scaled,
      integerBroadcastConstant(builder, loc, type32.getRank(), i32,
                               target.zeroPoint));
  auto [typeMin, typeMax] = ::autoquant::integerRange(
      elementType.getIntOrFloatBitWidth(), /*isSigned=*/true);
  Value saturated =
      realize::clampInteger(builder, loc, shifted, typeMin, typeMax);
  if (elementType.isInteger(32))
    return saturated;
  return tosa::CastOp::create(builder, loc,
                              realize::withElementType(outType, elementType),
                              saturated)
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

Value realize::channelFloatConstant(OpBuilder &builder, Location loc,
                                    unsigned rank, int64_t axis,
                                    ArrayRef<float> values) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = static_cast<int64_t>(values.size());
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return tosa::ConstOp::create(builder, loc, type,
                               DenseElementsAttr::get(type, values));
}

Value realize::clampIntegerPerChannel(OpBuilder &builder, Location loc,
                                      Value value, ArrayRef<int64_t> lo,
                                      ArrayRef<int64_t> hi) {
  auto type = cast<RankedTensorType>(value.getType());
  Type element = type.getElementType();
  unsigned width = element.getIntOrFloatBitWidth();
  SmallVector<int64_t> shape(type.getRank(), 1);
  shape.back() = static_cast<int64_t>(lo.size());
  auto boundType = RankedTensorType::get(shape, element);
  auto bound = [&](ArrayRef<int64_t> values) -> Value {
    SmallVector<APInt> elements;
    for (int64_t v : values)
      elements.push_back(APInt(width, v, /*isSigned=*/true));
    return tosa::ConstOp::create(builder, loc, boundType,
                                 DenseElementsAttr::get(boundType, elements));
  };
  Value raised = tosa::MaximumOp::create(builder, loc, type, value, bound(lo));
  return tosa::MinimumOp::create(builder, loc, type, raised, bound(hi));
}

Value realize::dequantize(OpBuilder &builder, Location loc,
                          const RealizedValue &value) {
  auto type = cast<RankedTensorType>(value.value.getType());
  auto floatType = withElementType(type, builder.getF32Type());
  Value result = tosa::CastOp::create(builder, loc, floatType, value.value);
  unsigned rank = type.getRank();
  const QuantInfo &quant = *value.quant;
  if (quant.zeroPoint != 0)
    result = tosa::SubOp::create(
        builder, loc, floatType, result,
        broadcastFloatConstant(builder, loc, rank,
                               static_cast<float>(quant.zeroPoint)));
  Value scale;
  if (quant.isPerChannel()) {
    SmallVector<float> scales(quant.channelScales.begin(),
                              quant.channelScales.end());
    scale = channelFloatConstant(builder, loc, rank, quant.axis, scales);
  } else {
    scale = broadcastFloatConstant(builder, loc, rank,
                                   static_cast<float>(quant.scale));
  }
  Value shift = scalarConstant(builder, loc, builder.getI8Type(), 0);
  return tosa::MulOp::create(builder, loc, floatType, result, scale, shift);
}

Operation *realize::cloneWithTypes(OpBuilder &builder, Operation *op,
                                   ValueRange operands, TypeRange resultTypes) {
  Operation *copy = builder.clone(*op);
  copy->setOperands(operands);
  for (auto [result, type] : llvm::zip(copy->getResults(), resultTypes))
    result.setType(type);
  return copy;
}
