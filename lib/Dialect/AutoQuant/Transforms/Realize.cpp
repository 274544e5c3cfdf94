//===- Realize.cpp - Lower simulated_quantize to integer TOSA -------------===//
//
// TVM's realize pass on TOSA. A forward walk keeps, for every original value
// that has an integer form, that form (RealizedValue); each op's
// QuantizableOpInterface model builds its integer version, everything else
// stays float and reads dequantized values. The arithmetic is
// docs/Numerics.md; the building blocks are lib/Interfaces/RealizeBuilders.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Dialect/Tosa/RealizeBuilders.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Support/AxisIndex.h"
#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/IntegerRange.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/raw_ostream.h"

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTREALIZE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

/// Storage type of `nbit`-bit codes: i8, i16 or i32.
Type storageType(MLIRContext *ctx, unsigned nbit) {
  return IntegerType::get(ctx, nbit <= 8 ? 8 : nbit <= 16 ? 16 : 32);
}

::autoquant::RoundingMode floatRounding(Rounding rounding) {
  return rounding == Rounding::half_to_even
             ? ::autoquant::RoundingMode::HalfToEven
             : ::autoquant::RoundingMode::HalfAwayFromZero;
}

/// A per-channel value for an op that needs one scale: int32 accumulators
/// (channels last) are rescaled, still in int32, to their largest channel
/// scale (the rescale ratios are then <= 1, so nothing can overflow);
/// anything else is dequantized and stays float.
FailureOr<RealizedValue> toPerTensor(OpBuilder &builder, Location loc,
                                     const RealizedValue &value,
                                     const RealizeOptions &options) {
  auto type = cast<RankedTensorType>(value.value.getType());
  if (type.getElementType().isInteger(32) &&
      value.quant->axis == type.getRank() - 1) {
    QuantInfo target{value.quant->scale, value.quant->zeroPoint};
    FailureOr<Value> rescaled = realize::requantize(
        builder, loc, value, target, type.getElementType(), options);
    if (failed(rescaled))
      return failure();
    return RealizedValue{*rescaled, target};
  }
  return RealizedValue{realize::dequantize(builder, loc, value), std::nullopt};
}

/// Codes of `values` stored as `Storage`.
template <typename Storage>
DenseElementsAttr codesAttr(RankedTensorType type, ArrayRef<int64_t> codes) {
  std::vector<Storage> stored(codes.begin(), codes.end());
  return DenseElementsAttr::get(type, ArrayRef<Storage>(stored));
}

/// The integer codes of a float constant (per channel along the parameters'
/// axis), quantized at compile time: docs/Numerics.md, realized
/// quantization. Reads f32 storage directly and builds the attribute from a
/// flat buffer (weights of large models have tens of millions of elements).
DenseElementsAttr foldToCodes(DenseElementsAttr constant, RankedTensorType type,
                              QuantParamsAttr params, int64_t zeroPoint,
                              int64_t lo, int64_t hi,
                              ::autoquant::RoundingMode rounding) {
  std::vector<float> values = toFloats(constant);
  ::autoquant::AxisIndex channels(type.getShape(),
                                  params.isPerAxis() ? params.getAxis() : -1);
  ArrayRef<double> scales = params.getScales();
  std::vector<int64_t> codes(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    codes[i] = ::autoquant::quantizeToCode(
        values[i], scales[channels.channelOf(i)], zeroPoint, lo, hi, rounding);
  switch (type.getElementType().getIntOrFloatBitWidth()) {
  case 8:
    return codesAttr<int8_t>(type, codes);
  case 16:
    return codesAttr<int16_t>(type, codes);
  default:
    return codesAttr<int32_t>(type, codes);
  }
}

struct RealizePass : public autoquant::impl::AutoQuantRealizeBase<RealizePass> {
  using AutoQuantRealizeBase::AutoQuantRealizeBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    options.rounding = rounding;
    options.roundForShift = roundForShift;
    if (biasBits != 32 && biasBits != 8)
      return emitError(UnknownLoc::get(ctx))
             << "autoquant-realize: bias-bits must be 32 or 8, got "
             << static_cast<unsigned>(biasBits);
    options.biasBits = biasBits;
    return success();
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(realizeFunction(func)))
        return signalPassFailure();
  }

private:
  LogicalResult realizeFunction(func::FuncOp func);
  FailureOr<RealizedValue> realizeQuantize(OpBuilder &builder,
                                           SimulatedQuantizeOp op,
                                           const RealizedValue &input);
  Value quantizeAtRuntime(OpBuilder &builder, Location loc, Value input,
                          QuantInfo target, int64_t lo, int64_t hi,
                          Type storage, Rounding rounding);
  FailureOr<RealizedValue> integerArgument(SimulatedQuantizeOp op,
                                           BlockArgument arg, Type storage,
                                           QuantInfo target);

  RealizeOptions options;
};

/// Float -> integer codes with TOSA ops (docs/Numerics.md: realized
/// quantization): x * float32(1/s), rounded, + z, clamped, cast.
Value RealizePass::quantizeAtRuntime(OpBuilder &builder, Location loc,
                                     Value input, QuantInfo target, int64_t lo,
                                     int64_t hi, Type storage,
                                     Rounding rounding) {
  auto type = cast<RankedTensorType>(input.getType());
  unsigned rank = type.getRank();
  float reciprocal = static_cast<float>(1.0 / target.scale);
  Value zeroShift =
      realize::scalarConstant(builder, loc, builder.getI8Type(), 0);
  Value scaled = tosa::MulOp::create(
      builder, loc, type, input,
      realize::broadcastFloatConstant(builder, loc, rank, reciprocal),
      zeroShift);
  if (rounding == Rounding::half_away_from_zero) {
    // floor(|v| + 0.5) with the sign of v; tosa.cast would round ties to
    // even.
    Value magnitude = tosa::AbsOp::create(builder, loc, type, scaled);
    Value shifted = tosa::AddOp::create(
        builder, loc, type, magnitude,
        realize::broadcastFloatConstant(builder, loc, rank, 0.5f));
    Value rounded = tosa::FloorOp::create(builder, loc, type, shifted);
    Value zero = realize::scalarConstant(builder, loc, builder.getF32Type(), 0);
    Value negated =
        tosa::NegateOp::create(builder, loc, type, rounded, zero, zero);
    Value isNegative = tosa::GreaterOp::create(
        builder, loc, type.clone(builder.getI1Type()),
        realize::broadcastFloatConstant(builder, loc, rank, 0.0f), scaled);
    scaled = tosa::SelectOp::create(builder, loc, type, isNegative, negated,
                                    rounded);
  }
  if (int64_t zp = target.zeroPoint)
    scaled =
        tosa::AddOp::create(builder, loc, type, scaled,
                            realize::broadcastFloatConstant(
                                builder, loc, rank, static_cast<float>(zp)));
  Value clamped = tosa::ClampOp::create(
      builder, loc, type, scaled,
      builder.getF32FloatAttr(static_cast<float>(lo)),
      builder.getF32FloatAttr(static_cast<float>(hi)),
      tosa::NanPropagationModeAttr::get(builder.getContext(),
                                        tosa::NanPropagationMode::PROPAGATE));
  // Integral values now: the cast is exact (for half_to_even, the cast's own
  // ties-to-even rounding is the rounding).
  return tosa::CastOp::create(builder, loc, type.clone(storage), clamped);
}

/// fully-integral: the argument itself becomes the integer tensor; its scale
/// and zero point are recorded on the function.
FailureOr<RealizedValue> RealizePass::integerArgument(SimulatedQuantizeOp op,
                                                      BlockArgument arg,
                                                      Type storage,
                                                      QuantInfo target) {
  auto func = cast<func::FuncOp>(arg.getOwner()->getParentOp());
  unsigned index = arg.getArgNumber();
  for (Operation *user : arg.getUsers())
    if (user != op)
      return op.emitError() << "fully-integral: argument " << index
                            << " has uses other than this quantization point";
  arg.setType(cast<RankedTensorType>(arg.getType()).clone(storage));
  Builder b(op.getContext());
  func.setArgAttr(index, AutoQuantDialect::kScaleAttrName,
                  b.getF64FloatAttr(target.scale));
  func.setArgAttr(index, AutoQuantDialect::kZeroPointAttrName,
                  b.getI64IntegerAttr(target.zeroPoint));
  return RealizedValue{arg, target};
}

FailureOr<RealizedValue>
RealizePass::realizeQuantize(OpBuilder &builder, SimulatedQuantizeOp op,
                             const RealizedValue &input) {
  QuantParamsAttr params = op.getParamsAttr();
  if (!params)
    return op.emitError() << "cannot realize an uncalibrated "
                             "simulated_quantize (run --autoquant-calibrate "
                             "first)";
  if (params.isAsymmetric() && params.isPerAxis())
    return op.emitError() << "realize does not handle per-axis zero points";
  Location loc = op.getLoc();
  Type storage = storageType(op.getContext(), op.getNbit());
  auto [storageMin, storageMax] =
      ::autoquant::integerRange(storage.getIntOrFloatBitWidth(), true);
  // Unsigned codes that do not fit the signed storage type move down by
  // 2^(w-1): q' = q - 2^(w-1), z' = z - 2^(w-1) (docs/Numerics.md).
  int64_t offset = 0;
  if (!op.getSign() && params.getClipMax() > storageMax) {
    if (storage.getIntOrFloatBitWidth() > 16)
      return op.emitError() << "realize stores unsigned codes of up to 16 "
                               "bits (as signed with a zero point), got "
                            << op.getNbit();
    offset = storageMin;
  }
  QuantInfo target{params.getScales().front(),
                   params.getZeroPointAt(0) + offset};
  if (params.isPerAxis() && offset != 0)
    return op.emitError() << "realize does not handle per-axis unsigned "
                             "codes";
  if (params.isPerAxis())
    target = QuantInfo::perChannel(params.getScales(), params.getAxis());
  int64_t lo = params.getClipMin() + offset, hi = params.getClipMax() + offset;

  if (!input.isQuantized()) {
    if (DenseElementsAttr constant = foldConstantThroughLayout(input.value)) {
      // Weights (and other constants) are quantized at compile time, per
      // channel when the parameters are per axis.
      auto type = cast<RankedTensorType>(constant.getType().clone(storage));
      Value folded = tosa::ConstOp::create(
          builder, loc, type,
          foldToCodes(constant, type, params, target.zeroPoint, lo, hi,
                      floatRounding(op.getRounding())));
      return RealizedValue{folded, target};
    }
    if (params.isPerAxis())
      return op.emitError() << "per-axis parameters need a constant input "
                               "(weights are quantized at compile time)";
    if (auto arg = dyn_cast<BlockArgument>(input.value); arg && fullyIntegral)
      return integerArgument(op, arg, storage, target);
    Value quantized = quantizeAtRuntime(builder, loc, input.value, target, lo,
                                        hi, storage, op.getRounding());
    return RealizedValue{quantized, target};
  }

  if (params.isPerAxis())
    return op.emitError() << "per-axis parameters on a computed value: only "
                             "weights (constants) are quantized per channel";
  Value value = input.value;
  Type inputStorage = cast<RankedTensorType>(value.getType()).getElementType();
  if (input.quant->isPerChannel() || input.quant->scale != target.scale ||
      input.quant->zeroPoint != target.zeroPoint || inputStorage != storage) {
    FailureOr<Value> rescaled =
        realize::requantize(builder, loc, input, target, storage, options);
    if (failed(rescaled))
      return failure();
    value = *rescaled;
  }
  // TVM's 32-bit clip +-(2^31 - 1) differs from int32's range only at -2^31,
  // which a saturating rescale reaches only on overflow: no clamp there.
  bool wideClip =
      storage.isInteger(32) && lo <= -storageMax && hi >= storageMax;
  if (!wideClip && (lo > storageMin || hi < storageMax))
    value = realize::clampInteger(builder, loc, value, lo, hi);
  return RealizedValue{value, target};
}

LogicalResult RealizePass::realizeFunction(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "autoquant-realize handles single-block "
                               "function bodies";
  DenseMap<Value, RealizedValue> realized;
  // Per-tensor forms of per-channel values, for ops that need one scale.
  DenseMap<Value, RealizedValue> perTensorForms;
  SmallVector<Operation *> replaced;
  OpBuilder builder(func.getContext());
  // For `verbose`: the function's own ops (not constants, quantization
  // points or the return) that became integer, and those that stay float.
  unsigned integerOps = 0;
  llvm::MapVector<OperationName, unsigned> floatOps;
  auto countFloat = [&](Operation &op) {
    if (!op.hasTrait<OpTrait::ConstantLike>() &&
        !op.hasTrait<OpTrait::IsTerminator>() &&
        llvm::any_of(op.getResultTypes(), [](Type type) {
          auto tensor = dyn_cast<TensorType>(type);
          return tensor && isa<FloatType>(tensor.getElementType());
        }))
      ++floatOps[op.getName()];
  };

  auto lookup = [&](Value value) {
    auto it = realized.find(value);
    return it == realized.end() ? RealizedValue{value, std::nullopt}
                                : it->second;
  };
  // Ops that stay float read the float value of a realized operand.
  auto dequantizeOperands = [&](Operation *op) {
    builder.setInsertionPoint(op);
    for (OpOperand &operand : op->getOpOperands()) {
      RealizedValue value = lookup(operand.get());
      if (value.isQuantized())
        operand.set(realize::dequantize(builder, op->getLoc(), value));
    }
  };

  for (Operation &op : llvm::make_early_inc_range(func.getBody().front())) {
    builder.setInsertionPoint(&op);
    if (isa<Log2QuantizeOp>(op)) {
      // Left as is: its readers stay float (quant-export writes the codes,
      // --autoquant-simulate folds the values).
      op.emitRemark()
          << "log2 weights (sign * 2^(k/16)) have no integer form in TOSA: "
             "a multiplication by such a weight is a shift by a fractional "
             "amount, so the ops reading them stay float";
      continue;
    }
    if (auto quantize = dyn_cast<SimulatedQuantizeOp>(op)) {
      RealizedValue input = lookup(quantize.getInput());
      if (quantize.getKind() == QuantKind::identity) {
        realized[quantize.getResult()] = input;
      } else {
        FailureOr<RealizedValue> value =
            realizeQuantize(builder, quantize, input);
        if (failed(value))
          return failure();
        realize::recordQuantInfo(*value);
        realized[quantize.getResult()] = *value;
      }
      replaced.push_back(&op);
      continue;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op); ret && fullyIntegral) {
      // Quantized results leave as integers, with their scale recorded.
      for (OpOperand &operand : ret->getOpOperands()) {
        RealizedValue value = lookup(operand.get());
        if (!value.isQuantized())
          continue;
        if (value.quant->isPerChannel()) {
          FailureOr<RealizedValue> perTensor =
              toPerTensor(builder, ret.getLoc(), value, options);
          if (failed(perTensor))
            return failure();
          value = *perTensor;
        }
        if (!value.isQuantized()) {
          operand.set(value.value);
          continue;
        }
        unsigned index = operand.getOperandNumber();
        operand.set(value.value);
        func.setResultAttr(index, AutoQuantDialect::kScaleAttrName,
                           builder.getF64FloatAttr(value.quant->scale));
        func.setResultAttr(index, AutoQuantDialect::kZeroPointAttrName,
                           builder.getI64IntegerAttr(value.quant->zeroPoint));
      }
      continue;
    }
    SmallVector<RealizedValue> operands;
    for (Value operand : op.getOperands())
      operands.push_back(lookup(operand));
    bool anyQuantized = llvm::any_of(
        operands, [](const RealizedValue &v) { return v.isQuantized(); });
    if (!anyQuantized) {
      countFloat(op);
      continue;
    }
    auto model = dyn_cast<QuantizableOpInterface>(op);
    for (auto [index, operand] : llvm::enumerate(operands)) {
      if (!operand.isQuantized() || !operand.quant->isPerChannel() ||
          (model && model.acceptsPerChannelOperand(index)))
        continue;
      // One conversion per value, shared by all its readers.
      Value original = op.getOperand(index);
      auto cached = perTensorForms.find(original);
      if (cached == perTensorForms.end()) {
        FailureOr<RealizedValue> perTensor =
            toPerTensor(builder, op.getLoc(), operand, options);
        if (failed(perTensor))
          return failure();
        cached = perTensorForms.try_emplace(original, *perTensor).first;
      }
      operand = cached->second;
    }
    SmallVector<RealizedValue> results;
    if (model && failed(model.realize(builder, operands, options, results)))
      return failure();
    if (results.empty()) {
      dequantizeOperands(&op);
      countFloat(op);
      continue;
    }
    for (auto [original, value] : llvm::zip(op.getResults(), results)) {
      realize::recordQuantInfo(value);
      realized[original] = value;
    }
    replaced.push_back(&op);
    ++integerOps;
  }
  if (verbose) {
    unsigned numFloat = 0;
    std::string names;
    llvm::raw_string_ostream os(names);
    for (auto [name, count] : floatOps) {
      os << (numFloat ? ", " : ": ") << name << " " << count;
      numFloat += count;
    }
    llvm::errs() << "autoquant-realize: @" << func.getName() << ": "
                 << integerOps << " ops integer, " << numFloat
                 << " stay float" << names << "\n";
  }

  // Realized ops have no users left that need their float results; remove
  // them and the float constants only they used.
  for (Operation *op : llvm::reverse(replaced)) {
    if (!op->use_empty())
      return op->emitError() << "autoquant-realize: a float use of a "
                                "realized value was left behind";
    op->erase();
  }
  if (fullyIntegral)
    func.setType(FunctionType::get(
        func.getContext(), func.getBody().front().getArgumentTypes(),
        func.getBody().front().getTerminator()->getOperandTypes()));
  bool erased = true;
  while (erased) {
    erased = false;
    for (Operation &op :
         llvm::make_early_inc_range(llvm::reverse(func.getBody().front())))
      if (op.use_empty() && isPure(&op) && op.getNumRegions() == 0 &&
          !op.hasTrait<OpTrait::IsTerminator>()) {
        op.erase();
        erased = true;
      }
  }
  return success();
}

} // namespace
