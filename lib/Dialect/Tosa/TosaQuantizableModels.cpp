//===- TosaQuantizableModels.cpp - Quantization rules of TOSA ops ---------===//
//
// External QuantizableOpInterface models for TOSA 1.0 ops. Each model only
// says which of TVM's tables applies and which operands are the data
// operands; zero-point, shift and shape operands are never quantized.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/Tosa/TosaQuantizableModels.h"
#include "autoquant/Dialect/Tosa/RealizeBuilders.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"

#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/IntegerRange.h"
#include "autoquant/Support/LookupTable.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

using namespace mlir;
using namespace autoquant;

namespace {

//===----------------------------------------------------------------------===//
// Realize helpers
//===----------------------------------------------------------------------===//

::autoquant::RequantRounding toRequantRounding(RequantRoundingMode mode) {
  switch (mode) {
  case RequantRoundingMode::upward:
    return ::autoquant::RequantRounding::Upward;
  case RequantRoundingMode::tonearest:
    return ::autoquant::RequantRounding::ToNearest;
  case RequantRoundingMode::doubleRound:
    return ::autoquant::RequantRounding::Double;
  }
  llvm_unreachable("unknown rounding");
}

bool isIntegerOf(const RealizedValue &value, unsigned width) {
  return value.isQuantized() && cast<RankedTensorType>(value.value.getType())
                                    .getElementType()
                                    .isInteger(width);
}

Type elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

/// The float constant behind `value`, if any.
DenseElementsAttr floatConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return {};
  return attr;
}

/// Whether `value` is a float constant whose every element is zero.
bool isZeroFloatConstant(Value value) {
  DenseElementsAttr attr = floatConstant(value);
  return attr && attr.isSplat() && attr.getSplatValue<APFloat>().isZero();
}

/// `value` as an int32 tensor at `scale` with zero point 0 (a common domain
/// for add, sub, mul and concat).
FailureOr<Value> toInt32(OpBuilder &builder, Location loc,
                         const RealizedValue &value, double scale,
                         const RealizeOptions &options) {
  if (isIntegerOf(value, 32) && value.quant->scale == scale &&
      value.quant->zeroPoint == 0)
    return value.value;
  return realize::requantize(builder, loc, value, QuantInfo{scale, 0},
                             builder.getI32Type(), options);
}

int64_t largestCode(const RealizedValue &value);

/// TVM's UnifyDTypeScale (add, sub, concat): every operand in int32 at one
/// common scale; the op is cloned with an int32 result. Among 8/16-bit
/// operands TVM's smallest scale is exact and fits. A 32-bit operand (an
/// accumulator or a 32-bit point) may use all of int32, so it is never
/// rescaled to a finer scale: with one, the common scale is the largest
/// 32-bit operand scale (rescaling an accumulator at S_in*S_w to a 32-bit
/// point's range/2^31 multiplies its codes by up to 2^31 / accumulator
/// bound and overflows). Either way the scale is raised so that every
/// narrower operand's codes fit in int32 (docs/Realize.md).
LogicalResult realizeAtCommonScale(Operation *op, OpBuilder &builder,
                                   ArrayRef<RealizedValue> operands,
                                   const RealizeOptions &options,
                                   SmallVectorImpl<RealizedValue> &results) {
  if (!llvm::all_of(operands,
                    [](const RealizedValue &v) { return v.isQuantized(); }))
    return success();
  double narrowScale = std::numeric_limits<double>::infinity();
  double wideScale = 0.0, range = 0.0;
  for (const RealizedValue &operand : operands) {
    if (elementTypeOf(operand.value).getIntOrFloatBitWidth() >= 32) {
      wideScale = std::max(wideScale, operand.quant->scale);
      continue;
    }
    narrowScale = std::min(narrowScale, operand.quant->scale);
    range = std::max(range, operand.quant->scale *
                                static_cast<double>(largestCode(operand)));
  }
  double scale = wideScale > 0.0 ? wideScale : narrowScale;
  scale = std::max(scale, range / double(std::numeric_limits<int32_t>::max()));
  SmallVector<Value> unified;
  for (const RealizedValue &operand : operands) {
    FailureOr<Value> value =
        toInt32(builder, op->getLoc(), operand, scale, options);
    if (failed(value))
      return failure();
    unified.push_back(*value);
  }
  Operation *realized = realize::cloneWithTypes(
      builder, op, unified,
      {realize::withElementType(op->getResult(0).getType(),
                                builder.getI32Type())});
  results.push_back({realized->getResult(0), QuantInfo{scale, 0}});
  return success();
}

/// Largest |q - z| of an integer operand: from the constant when there is
/// one, else from the storage range.
int64_t largestCode(const RealizedValue &value) {
  int64_t zp = value.quant->zeroPoint;
  DenseElementsAttr attr;
  if (!matchPattern(value.value, m_Constant(&attr))) {
    unsigned bits = elementTypeOf(value.value).getIntOrFloatBitWidth();
    int64_t lo = -(int64_t(1) << (bits - 1)), hi = -lo - 1;
    return std::max(std::abs(lo - zp), std::abs(hi - zp));
  }
  int64_t largest = 0;
  for (const APInt &code : attr.getValues<APInt>())
    largest = std::max<int64_t>(largest, std::abs(code.getSExtValue() - zp));
  return largest;
}

/// A constant of int8 codes as int16 codes (TOSA's int16 matmul takes int16
/// on both sides).
Value widenConstantCodes(OpBuilder &builder, Location loc, Value codes) {
  DenseIntElementsAttr attr;
  if (!matchPattern(codes, m_Constant(&attr)))
    return {};
  auto type =
      cast<RankedTensorType>(codes.getType()).clone(builder.getIntegerType(16));
  return tosa::ConstOp::create(
      builder, loc, type,
      attr.mapValues(builder.getIntegerType(16),
                     [](const APInt &v) { return v.sext(16); }));
}

/// conv2d / depthwise / transpose conv (input, weight, bias, input_zp,
/// weight_zp) and matmul (a, b, a_zp, b_zp): int8 x int8 -> int32 at
/// S_a * S_b, float bias -> int32 at the same scale; int16 data x int8
/// weights accumulate in int48 (TOSA's int16 extension) and are narrowed to
/// int32 right after (docs/Numerics.md).
/// `channelMultiplier` output channels share one weight channel (depthwise:
/// M); `weightAxis` is the axis per-channel weight scales must be along.
LogicalResult realizeAccumulating(Operation *op, OpBuilder &builder,
                                  ArrayRef<RealizedValue> operands,
                                  bool hasBias, int64_t reductionSize,
                                  int64_t weightAxis, int64_t channelMultiplier,
                                  const RealizeOptions &options,
                                  SmallVectorImpl<RealizedValue> &results) {
  const RealizedValue &lhs = operands[0], &rhs = operands[1];
  const bool wide = isIntegerOf(lhs, 16) && isIntegerOf(rhs, 8);
  if (!wide && (!isIntegerOf(lhs, 8) || !isIntegerOf(rhs, 8)))
    return success();
  if (wide && (lhs.quant->zeroPoint != 0 || rhs.quant->zeroPoint != 0))
    return op->emitError() << "int16 data needs zero points of 0 on both "
                              "operands (TOSA's int16 extension), got "
                           << lhs.quant->zeroPoint << " and "
                           << rhs.quant->zeroPoint;
  if (lhs.quant->isPerChannel())
    return op->emitError() << "realize needs a per-tensor scale for the "
                              "data operand";
  if (rhs.quant->isPerChannel() && rhs.quant->axis != weightAxis)
    return op->emitError() << "per-channel weight scales along axis "
                           << rhs.quant->axis << "; this op's output "
                           << "channels are along axis " << weightAxis;
  Location loc = op->getLoc();
  // No accumulator may overflow: |acc| <= K * max|a| * max|b| + |bias|.
  const unsigned accumulatorBits = wide ? 48 : 32;
  const int64_t accumulatorMax = (int64_t(1) << (accumulatorBits - 1)) - 1;
  int64_t accumulatorBound =
      reductionSize * largestCode(lhs) * largestCode(rhs);
  if (accumulatorBound > accumulatorMax)
    return op->emitError() << "the int" << accumulatorBits
                           << " accumulator can overflow: " << reductionSize
                           << " products of up to " << largestCode(lhs) << " x "
                           << largestCode(rhs) << " reach " << accumulatorBound;
  // S_in * S_w per output channel (the last axis of the result).
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  int64_t outputChannels = resultType.getShape().back();
  SmallVector<double> accScales;
  for (int64_t channel = 0; channel < outputChannels; ++channel)
    accScales.push_back(lhs.quant->scale *
                        rhs.quant->scaleAt(channel / channelMultiplier));
  Type i8 = builder.getI8Type();
  Type accType = builder.getIntegerType(accumulatorBits);
  Type lhsType = elementTypeOf(lhs.value), rhsType = i8;
  Value rhsValue = rhs.value;
  // TOSA's int16 matmul multiplies int16 by int16.
  if (wide && !hasBias) {
    rhsValue = widenConstantCodes(builder, loc, rhs.value);
    if (!rhsValue)
      return success();
    rhsType = builder.getIntegerType(16);
  }
  SmallVector<Value> newOperands = {lhs.value, rhsValue};
  int64_t largestBias = 0;
  if (hasBias) {
    DenseElementsAttr bias = floatConstant(operands[2].value);
    if (!bias)
      return success();
    SmallVector<APInt> quantized;
    SmallVector<double> biasValues;
    for (APFloat element : bias.getValues<APFloat>()) {
      bool losesInfo;
      element.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
      biasValues.push_back(element.convertToDouble());
    }
    // TVM's 8-bit bias: one power-of-two scale for the whole bias.
    double bias8Scale = 0.0;
    if (options.biasBits == 8) {
      double largest = 0.0;
      for (double b : biasValues)
        largest = std::max(largest, std::abs(b));
      bias8Scale = largest > 0 ? std::exp2(std::ceil(std::log2(largest))) / 128
                               : 1.0 / 128;
    }
    for (auto [index, value] : llvm::enumerate(biasValues)) {
      // A bias of shape [1] broadcasts over the channels: one scale then.
      if (biasValues.size() == 1 && rhs.quant->isPerChannel())
        return op->emitError() << "a broadcast bias needs per-tensor weight "
                                  "scales";
      double weightScale =
          biasValues.size() == 1
              ? rhs.quant->scale
              : rhs.quant->scaleAt(static_cast<int64_t>(index) /
                                   channelMultiplier);
      llvm::Expected<int64_t> code =
          options.biasBits == 8
              ? llvm::Expected<int64_t>(::autoquant::quantizeBias8(
                    value, bias8Scale, lhs.quant->scale * weightScale,
                    toRequantRounding(options.rounding)))
              : ::autoquant::quantizeBias(value, lhs.quant->scale, weightScale,
                                          accumulatorBits);
      if (!code)
        return op->emitError() << "cannot realize the bias: "
                               << llvm::toString(code.takeError());
      quantized.push_back(APInt(accumulatorBits, *code, /*isSigned=*/true));
      largestBias = std::max(largestBias, std::abs(*code));
      if (accumulatorBound + std::abs(*code) > accumulatorMax)
        return op->emitError()
               << "the int" << accumulatorBits
               << " accumulator can overflow: bias " << *code
               << " on top of products reaching " << accumulatorBound;
    }
    auto biasType = bias.getType().clone(accType);
    newOperands.push_back(tosa::ConstOp::create(
        builder, loc, biasType,
        DenseElementsAttr::get(biasType, ArrayRef<APInt>(quantized))));
  }
  newOperands.push_back(
      realize::scalarConstant(builder, loc, lhsType, lhs.quant->zeroPoint));
  newOperands.push_back(
      realize::scalarConstant(builder, loc, rhsType, rhs.quant->zeroPoint));
  Operation *realized =
      realize::cloneWithTypes(builder, op, newOperands,
                              {realize::withElementType(resultType, accType)});
  if (realized->hasAttr("acc_type"))
    realized->setAttr("acc_type", TypeAttr::get(accType));
  QuantInfo accumulatorInfo =
      QuantInfo::perChannel(accScales, resultType.getRank() - 1);
  if (!wide) {
    results.push_back({realized->getResult(0), accumulatorInfo});
    return success();
  }
  // int48 -> int32: exact when the bound fits, else a right shift by k
  // (the accumulator scale times 2^k).
  realize::recordQuantInfo({realized->getResult(0), accumulatorInfo});
  unsigned shift =
      ::autoquant::getAccumulatorNarrowingShift(accumulatorBound + largestBias);
  Value narrowed =
      realize::narrowAccumulator(builder, loc, realized->getResult(0), shift);
  for (double &scale : accScales)
    scale = std::ldexp(scale, static_cast<int>(shift));
  results.push_back(
      {narrowed, QuantInfo::perChannel(accScales, resultType.getRank() - 1)});
  return success();
}

/// Replaces operand 0 by its integer form and keeps everything else: ops
/// that only move values.
LogicalResult realizeMoving(Operation *op, OpBuilder &builder,
                            ArrayRef<RealizedValue> operands,
                            SmallVectorImpl<RealizedValue> &results) {
  const RealizedValue &data = operands[0];
  if (!data.isQuantized())
    return success();
  SmallVector<Value> newOperands;
  for (auto [index, operand] : llvm::enumerate(operands))
    newOperands.push_back(index == 0 ? data.value : operand.value);
  Operation *realized = realize::cloneWithTypes(
      builder, op, newOperands,
      {realize::withElementType(op->getResult(0).getType(),
                                elementTypeOf(data.value))});
  results.push_back({realized->getResult(0), data.quant});
  return success();
}

/// conv2d, depthwise_conv2d, transpose_conv2d: operands (input, weight, bias,
/// input_zp, weight_zp). Annotate leaves the bias float; realize quantizes it
/// to int32 at S_in * S_w.
template <typename OpT>
struct ConvModel : QuantizableOpInterface::ExternalModel<ConvModel<OpT>, OpT> {
  LayerClass getLayerClass(Operation *) const { return LayerClass::conv; }
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::conv(query, /*data=*/0, /*weight=*/1);
  }
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &options,
                        SmallVectorImpl<RealizedValue> &results) const {
    // Products summed per output: the weight elements of one output channel
    // (OHWI), or KH * KW for depthwise ([KH, KW, C, M]).
    auto weightType = cast<RankedTensorType>(op->getOperand(1).getType());
    int64_t reduction = weightType.getNumElements() / weightType.getDimSize(0);
    int64_t multiplier = 1;
    if constexpr (std::is_same_v<OpT, tosa::DepthwiseConv2DOp>) {
      reduction = weightType.getDimSize(0) * weightType.getDimSize(1);
      multiplier = weightType.getDimSize(3);
    }
    return realizeAccumulating(op, builder, operands, /*hasBias=*/true,
                               reduction, getWeightChannelAxis(op, 1),
                               multiplier, options, results);
  }
  /// OHWI (conv2d, transpose_conv2d): O; depthwise [KH, KW, C, M]: C, whose
  /// M output channels c * M + m share the scale.
  int64_t getWeightChannelAxis(Operation *, unsigned operandIndex) const {
    if (operandIndex != 1)
      return -1;
    return std::is_same_v<OpT, tosa::DepthwiseConv2DOp> ? 2 : 0;
  }
  /// OHWI: I; depthwise [KH, KW, C, M]: C.
  int64_t getWeightInputChannelAxis(Operation *, unsigned operandIndex) const {
    if (operandIndex != 1)
      return -1;
    return std::is_same_v<OpT, tosa::DepthwiseConv2DOp> ? 2 : 3;
  }
  int64_t getBiasOperandIndex(Operation *) const { return 2; }
  bool acceptsPerChannelOperand(Operation *, unsigned operandIndex) const {
    return operandIndex == 1;
  }
  std::optional<calib::PatchGeometry>
  getWeightPatches(Operation *op, unsigned operandIndex) const {
    auto input = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
    auto weight = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
    auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (operandIndex != 1 || !input || !weight || !result ||
        !input.hasStaticShape() || !weight.hasStaticShape() ||
        !result.hasStaticShape())
      return std::nullopt;
    auto conv = cast<OpT>(op);
    calib::PatchGeometry g;
    g.inputH = input.getDimSize(1);
    g.inputW = input.getDimSize(2);
    g.channels = input.getDimSize(3);
    g.outputH = result.getDimSize(1);
    g.outputW = result.getDimSize(2);
    g.outputChannels = result.getDimSize(3);
    g.strideH = conv.getStride()[0];
    g.strideW = conv.getStride()[1];
    if constexpr (std::is_same_v<OpT, tosa::TransposeConv2DOp>) {
      g.kind = calib::PatchKind::TransposeConv2d;
      g.kernelH = weight.getDimSize(1);
      g.kernelW = weight.getDimSize(2);
      g.padTop = conv.getOutPad()[0];
      g.padLeft = conv.getOutPad()[2];
    } else {
      g.dilationH = conv.getDilation()[0];
      g.dilationW = conv.getDilation()[1];
      g.padTop = conv.getPad()[0];
      g.padLeft = conv.getPad()[2];
      if constexpr (std::is_same_v<OpT, tosa::DepthwiseConv2DOp>) {
        g.kind = calib::PatchKind::DepthwiseConv2d;
        g.kernelH = weight.getDimSize(0);
        g.kernelW = weight.getDimSize(1);
        g.multiplier = weight.getDimSize(3);
      } else {
        g.kind = calib::PatchKind::Conv2d;
        g.kernelH = weight.getDimSize(1);
        g.kernelW = weight.getDimSize(2);
      }
    }
    return g;
  }
};

/// matmul (a, b, a_zp, b_zp): a dense layer when b is constant, otherwise a
/// batch matmul of two computed tensors.
struct MatMulModel
    : QuantizableOpInterface::ExternalModel<MatMulModel, tosa::MatMulOp> {
  LayerClass getLayerClass(Operation *op) const {
    return isComputedFromConstants(op->getOperand(1)) ? LayerClass::dense
                                                      : LayerClass::other;
  }
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::matmul(query, /*lhs=*/0, /*rhs=*/1);
  }
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &options,
                        SmallVectorImpl<RealizedValue> &results) const {
    // a: [N, H, C] x b: [N, C, W]: C products per output.
    int64_t reduction =
        cast<RankedTensorType>(op->getOperand(1).getType()).getDimSize(1);
    return realizeAccumulating(op, builder, operands, /*hasBias=*/false,
                               reduction, /*weightAxis=*/2,
                               /*channelMultiplier=*/1, options, results);
  }
  /// b: [N, C, W], output channels W.
  int64_t getWeightChannelAxis(Operation *, unsigned operandIndex) const {
    return operandIndex == 1 ? 2 : -1;
  }
  /// b: [N, C, W], input channels C (cross-layer equalization, SmoothQuant).
  int64_t getWeightInputChannelAxis(Operation *, unsigned operandIndex) const {
    return operandIndex == 1 ? 1 : -1;
  }
  /// A dense layer: every row of a [N, H, C] is a patch of b: [1, C, W].
  std::optional<calib::PatchGeometry>
  getWeightPatches(Operation *op, unsigned operandIndex) const {
    auto a = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
    auto b = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
    if (operandIndex != 1 || !a || !b || !a.hasStaticShape() ||
        !b.hasStaticShape() || b.getDimSize(0) != 1)
      return std::nullopt;
    calib::PatchGeometry g;
    g.kind = calib::PatchKind::Dense;
    g.inputH = g.outputH = a.getDimSize(1);
    g.channels = a.getDimSize(2);
    g.outputChannels = b.getDimSize(2);
    return g;
  }
  bool acceptsPerChannelOperand(Operation *, unsigned operandIndex) const {
    return operandIndex == 1;
  }
};

/// add and sub: TVM's add table. TVM has no sub rule; integer sub needs the
/// same common scale as add.
template <typename OpT>
struct AddLikeModel
    : QuantizableOpInterface::ExternalModel<AddLikeModel<OpT>, OpT> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::add(query, /*lhs=*/0, /*rhs=*/1);
  }
  /// Both sides in int32 at a common scale (realizeAtCommonScale).
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &options,
                        SmallVectorImpl<RealizedValue> &results) const {
    return realizeAtCommonScale(op, builder, operands, options, results);
  }
};

/// mul (input1, input2, shift).
struct MulModel : QuantizableOpInterface::ExternalModel<MulModel, tosa::MulOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::mul(query, /*lhs=*/0, /*rhs=*/1);
  }
  /// int32 x int32 -> int32 at S_a * S_b (shift 0).
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &options,
                        SmallVectorImpl<RealizedValue> &results) const {
    if (!operands[0].isQuantized() || !operands[1].isQuantized())
      return success();
    Location loc = op->getLoc();
    FailureOr<Value> lhs =
        toInt32(builder, loc, operands[0], operands[0].quant->scale, options);
    FailureOr<Value> rhs =
        toInt32(builder, loc, operands[1], operands[1].quant->scale, options);
    if (failed(lhs) || failed(rhs))
      return failure();
    Value shift = realize::scalarConstant(builder, loc, builder.getI8Type(), 0);
    Operation *realized = realize::cloneWithTypes(
        builder, op, {*lhs, *rhs, shift},
        {realize::withElementType(op->getResult(0).getType(),
                                  builder.getI32Type())});
    results.push_back(
        {realized->getResult(0),
         QuantInfo{operands[0].quant->scale * operands[1].quant->scale, 0}});
    return success();
  }
};

/// Ops that only move or select values: operand 0 is the data; the result
/// keeps its domain and, realized, its scale. Covers reshape, transpose,
/// slice, tile, reverse and identity (clamp and pad have their own models).
template <typename OpT>
struct PassThroughModel
    : QuantizableOpInterface::ExternalModel<PassThroughModel<OpT>, OpT> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::passThrough(query, /*data=*/0);
  }
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &,
                        SmallVectorImpl<RealizedValue> &results) const {
    return realizeMoving(op, builder, operands, results);
  }
  /// A reshape that keeps the last dimension keeps every element's channel
  /// (row-major: the channel is the flat index modulo C), as the
  /// [B, N, C] -> [1, B*N, C] before a transformer's linear layer does.
  bool commutesWithChannelScaling(Operation *op) const {
    if constexpr (!std::is_same_v<OpT, tosa::ReshapeOp>)
      return false;
    auto in = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
    auto out = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    return in && out && in.getRank() > 0 && out.getRank() > 0 &&
           in.hasStaticShape() && out.hasStaticShape() &&
           in.getShape().back() == out.getShape().back();
  }
};

/// clamp (relu, relu6): the bounds divided by the scale, on the integers.
struct ClampModel
    : QuantizableOpInterface::ExternalModel<ClampModel, tosa::ClampOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::passThrough(query, /*data=*/0);
  }
  /// relu: max(x, 0), no upper bound (relu6's bound would have to scale
  /// with each channel).
  bool commutesWithChannelScaling(Operation *op) const {
    auto clamp = cast<tosa::ClampOp>(op);
    auto minAttr = dyn_cast<FloatAttr>(clamp.getMinValAttr());
    auto maxAttr = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
    return minAttr && maxAttr && minAttr.getValue().isZero() &&
           maxAttr.getValueAsDouble() >=
               double(std::numeric_limits<float>::max());
  }
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &,
                        SmallVectorImpl<RealizedValue> &results) const {
    const RealizedValue &data = operands[0];
    auto clamp = cast<tosa::ClampOp>(op);
    auto minAttr = dyn_cast<FloatAttr>(clamp.getMinValAttr());
    auto maxAttr = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
    if (!data.isQuantized() || !minAttr || !maxAttr)
      return success();
    auto dataType = cast<RankedTensorType>(data.value.getType());
    if (data.quant->isPerChannel() &&
        data.quant->axis != dataType.getRank() - 1)
      return success();
    unsigned width = elementTypeOf(data.value).getIntOrFloatBitWidth();
    std::pair<int64_t, int64_t> range = ::autoquant::integerRange(width, true);
    double typeMin = range.first, typeMax = range.second;
    // Codes q with lower <= s * (q - z) <= upper.
    auto toCode = [&](double bound, double scale, bool isLower) {
      double code = bound / scale;
      code = isLower ? std::ceil(code) : std::floor(code);
      code += static_cast<double>(data.quant->zeroPoint);
      return static_cast<int64_t>(std::clamp(code, typeMin, typeMax));
    };
    SmallVector<int64_t> lo, hi;
    size_t channels =
        data.quant->isPerChannel() ? data.quant->channelScales.size() : 1;
    for (size_t channel = 0; channel < channels; ++channel) {
      double scale = data.quant->scaleAt(channel);
      lo.push_back(toCode(minAttr.getValueAsDouble(), scale, true));
      hi.push_back(toCode(maxAttr.getValueAsDouble(), scale, false));
    }
    bool uniform = llvm::all_equal(lo) && llvm::all_equal(hi);
    Value clamped =
        uniform ? realize::clampInteger(builder, op->getLoc(), data.value,
                                        lo.front(), hi.front())
                : realize::clampIntegerPerChannel(builder, op->getLoc(),
                                                  data.value, lo, hi);
    results.push_back({clamped, data.quant});
    return success();
  }
  /// Per-channel accumulators (channels last) clamp per channel.
  bool acceptsPerChannelOperand(Operation *op, unsigned operandIndex) const {
    auto type = cast<RankedTensorType>(op->getOperand(0).getType());
    return operandIndex == 0 && type.getRank() > 0;
  }
};

/// pad: the pad value is quantized with the data.
struct PadModel : QuantizableOpInterface::ExternalModel<PadModel, tosa::PadOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::passThrough(query, /*data=*/0);
  }
  /// Padding with zero.
  bool commutesWithChannelScaling(Operation *op) const {
    return isZeroFloatConstant(op->getOperand(2));
  }
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &,
                        SmallVectorImpl<RealizedValue> &results) const {
    const RealizedValue &data = operands[0];
    DenseElementsAttr padValue = floatConstant(operands[2].value);
    if (!data.isQuantized() || !padValue || padValue.getNumElements() != 1)
      return success();
    Type element = elementTypeOf(data.value);
    auto [lo, hi] =
        ::autoquant::integerRange(element.getIntOrFloatBitWidth(), true);
    int64_t code = ::autoquant::quantizeToCode(
        (*padValue.getValues<APFloat>().begin()).convertToFloat(),
        data.quant->scale, data.quant->zeroPoint, lo, hi,
        ::autoquant::RoundingMode::HalfAwayFromZero);
    Value padConst =
        realize::scalarConstant(builder, op->getLoc(), element, code);
    Operation *realized = realize::cloneWithTypes(
        builder, op, {data.value, operands[1].value, padConst},
        {realize::withElementType(op->getResult(0).getType(), element)});
    results.push_back({realized->getResult(0), data.quant});
    return success();
  }
};

/// max_pool2d: requantizes an activation to input (int8) before pooling.
struct MaxPoolModel
    : QuantizableOpInterface::ExternalModel<MaxPoolModel, tosa::MaxPool2dOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::requantizeToInput(query, /*data=*/0);
  }
  bool commutesWithChannelScaling(Operation *) const { return true; }
  /// TOSA's integer max_pool2d takes i8 / i16 only.
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &,
                        SmallVectorImpl<RealizedValue> &results) const {
    if (!isIntegerOf(operands[0], 8) && !isIntegerOf(operands[0], 16))
      return success();
    return realizeMoving(op, builder, operands, results);
  }
};

/// avg_pool2d (input, input_zp, output_zp): like max_pool2d, except that a
/// global pool (kernel = the whole H x W) that heads a classifier ends the
/// quantized region when stop-at-global-pool is on, as TVM's
/// global_avg_pool2d does.
struct AvgPoolModel
    : QuantizableOpInterface::ExternalModel<AvgPoolModel, tosa::AvgPool2dOp> {
  static bool isGlobal(tosa::AvgPool2dOp pool) {
    auto inputType = dyn_cast<RankedTensorType>(pool.getInput().getType());
    if (!inputType || inputType.getRank() != 4 || !inputType.hasStaticShape())
      return false;
    ArrayRef<int64_t> kernel = pool.getKernel();
    return kernel.size() == 2 && kernel[0] == inputType.getDimSize(1) &&
           kernel[1] == inputType.getDimSize(2);
  }
  /// Whether the pool heads a classifier: nothing computed from its result
  /// is as large as its input again (and larger than the result: a 1x1
  /// "global" pool changes nothing). A squeeze-excitation pool's gate is
  /// multiplied back into the feature map it pooled, so it is not a head,
  /// and stopping there would leave the rest of the network float.
  static bool isHead(tosa::AvgPool2dOp pool) {
    int64_t inputElements =
        cast<RankedTensorType>(pool.getInput().getType()).getNumElements();
    int64_t resultElements = pool.getType().getNumElements();
    SmallVector<Value> work = {pool.getResult()};
    llvm::SmallPtrSet<Operation *, 16> seen;
    while (!work.empty()) {
      Value value = work.pop_back_val();
      for (Operation *user : value.getUsers()) {
        if (!seen.insert(user).second)
          continue;
        for (Value result : user->getResults()) {
          auto type = dyn_cast<RankedTensorType>(result.getType());
          if (type && type.hasStaticShape() &&
              type.getNumElements() >= inputElements &&
              type.getNumElements() > resultElements)
            return false;
          work.push_back(result);
        }
      }
    }
    return true;
  }
  AnnotateRule getAnnotateRule(Operation *op,
                               const AnnotateQuery &query) const {
    auto pool = cast<tosa::AvgPool2dOp>(op);
    if (query.stopAtGlobalPool && isGlobal(pool) && isHead(pool)) {
      AnnotateRule rule = AnnotateRule::unhandled();
      rule.endsQuantizedRegion = true;
      return rule;
    }
    // TOSA pools integers of at most 16 bits: an activation (int32) is
    // requantized to input first, as for max_pool2d.
    return rules::requantizeToInput(query, /*data=*/0);
  }
  /// A float average with zero points 0.
  bool commutesWithChannelScaling(Operation *op) const {
    return isZeroFloatConstant(op->getOperand(1)) &&
           isZeroFloatConstant(op->getOperand(2));
  }
  /// Integer average (i8 in and out, int32 accumulator), same scale; also
  /// for a global pool (TVM realizes global_avg_pool2d in integers too).
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &,
                        SmallVectorImpl<RealizedValue> &results) const {
    const RealizedValue &data = operands[0];
    if (!isIntegerOf(data, 8))
      return success();
    Location loc = op->getLoc();
    Type i8 = builder.getI8Type();
    Value zp = realize::scalarConstant(builder, loc, i8, data.quant->zeroPoint);
    Operation *realized = realize::cloneWithTypes(
        builder, op, {data.value, zp, zp},
        {realize::withElementType(op->getResult(0).getType(), i8)});
    realized->setAttr("acc_type", TypeAttr::get(builder.getI32Type()));
    results.push_back({realized->getResult(0), data.quant});
    return success();
  }
};

/// concat: float fields get an activation-kind op; realize unifies scales.
struct ConcatModel
    : QuantizableOpInterface::ExternalModel<ConcatModel, tosa::ConcatOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::concat(query);
  }
  /// Every field in int32 at a common scale (realizeAtCommonScale).
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &options,
                        SmallVectorImpl<RealizedValue> &results) const {
    return realizeAtCommonScale(op, builder, operands, options, results);
  }
};

/// sigmoid, tanh, erf: a `tosa.table` lookup on int8 codes (activations are
/// requantized to input first, as for max_pool2d). The output quantization
/// is fixed by the function's range (docs/Numerics.md, "Lookup tables"), so
/// the result is int8 without a calibration point of its own.
template <typename OpT, TableFunction Function>
struct TableModel
    : QuantizableOpInterface::ExternalModel<TableModel<OpT, Function>, OpT> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::requantizeToInput(query, /*data=*/0);
  }
  /// int8 per-tensor data only (TOSA's int16 table interpolates a 513-entry
  /// table; not built): anything else stays float.
  LogicalResult realize(Operation *op, OpBuilder &builder,
                        ArrayRef<RealizedValue> operands,
                        const RealizeOptions &,
                        SmallVectorImpl<RealizedValue> &results) const {
    const RealizedValue &data = operands[0];
    if (!isIntegerOf(data, 8) || data.quant->isPerChannel())
      return success();
    std::array<int8_t, 256> entries =
        buildInt8Table(Function, data.quant->scale, data.quant->zeroPoint);
    Location loc = op->getLoc();
    Type i8 = builder.getI8Type();
    auto tableType = RankedTensorType::get({256}, i8);
    Value table = tosa::ConstOp::create(
        builder, loc, tableType,
        DenseElementsAttr::get(tableType, ArrayRef<int8_t>(entries)));
    Value looked = tosa::TableOp::create(
        builder, loc, realize::withElementType(op->getResult(0).getType(), i8),
        data.value, table);
    TableOutput output = getTableOutput(Function);
    results.push_back({looked, QuantInfo{output.scale, output.zeroPoint}});
    return success();
  }
};

template <typename... OpTs> void attachPassThrough(MLIRContext *ctx) {
  (OpTs::template attachInterface<PassThroughModel<OpTs>>(*ctx), ...);
}

} // namespace

void autoquant::registerTosaQuantizableModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    tosa::Conv2DOp::attachInterface<ConvModel<tosa::Conv2DOp>>(*ctx);
    tosa::DepthwiseConv2DOp::attachInterface<
        ConvModel<tosa::DepthwiseConv2DOp>>(*ctx);
    tosa::TransposeConv2DOp::attachInterface<
        ConvModel<tosa::TransposeConv2DOp>>(*ctx);
    tosa::MatMulOp::attachInterface<MatMulModel>(*ctx);
    tosa::AddOp::attachInterface<AddLikeModel<tosa::AddOp>>(*ctx);
    tosa::SubOp::attachInterface<AddLikeModel<tosa::SubOp>>(*ctx);
    tosa::MulOp::attachInterface<MulModel>(*ctx);
    tosa::MaxPool2dOp::attachInterface<MaxPoolModel>(*ctx);
    tosa::AvgPool2dOp::attachInterface<AvgPoolModel>(*ctx);
    tosa::ConcatOp::attachInterface<ConcatModel>(*ctx);
    tosa::ClampOp::attachInterface<ClampModel>(*ctx);
    tosa::PadOp::attachInterface<PadModel>(*ctx);
    tosa::SigmoidOp::attachInterface<
        TableModel<tosa::SigmoidOp, TableFunction::Sigmoid>>(*ctx);
    tosa::TanhOp::attachInterface<
        TableModel<tosa::TanhOp, TableFunction::Tanh>>(*ctx);
    tosa::ErfOp::attachInterface<TableModel<tosa::ErfOp, TableFunction::Erf>>(
        *ctx);
    attachPassThrough<tosa::ReshapeOp, tosa::TransposeOp, tosa::SliceOp,
                      tosa::TileOp, tosa::ReverseOp, tosa::IdentityOp>(ctx);
  });
}
