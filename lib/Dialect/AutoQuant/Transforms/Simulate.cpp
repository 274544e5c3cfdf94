//===- Simulate.cpp - simulated_quantize as float arithmetic --------------===//
//
// Each calibrated simulated_quantize becomes one linalg.generic computing
// (round(clamp(x / s + z, lo, hi)) - z) * s in float32 (docs/Numerics.md,
// simulated quantize); per-axis scales and zero points are read from small
// constant vectors indexed by the axis. On a constant (weights) the same
// float32 operations run once at compile time and give a constant.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"

#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"
#include "autoquant/Support/AxisIndex.h"
#include "autoquant/Support/FixedPoint.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTSIMULATE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

LogicalResult simulate(SimulatedQuantizeOp op) {
  if (op.getKind() == QuantKind::identity) {
    op.getResult().replaceAllUsesWith(op.getInput());
    op.erase();
    return success();
  }
  QuantParamsAttr params = op.getParamsAttr();
  if (!params)
    return op.emitError() << "cannot simulate an uncalibrated "
                             "simulated_quantize (run --autoquant-calibrate "
                             "first)";
  auto type = dyn_cast<RankedTensorType>(op.getType());
  if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
    return op.emitError() << "simulate needs a statically shaped f32 tensor, "
                             "got "
                          << op.getType();
  OpBuilder builder(op);
  Location loc = op.getLoc();
  Type f32 = builder.getF32Type();
  unsigned rank = type.getRank();
  bool perAxis = params.isPerAxis();
  size_t count = params.getScales().size();
  SmallVector<float> scales, zeroPoints;
  for (size_t i = 0; i < count; ++i) {
    scales.push_back(static_cast<float>(params.getScales()[i]));
    zeroPoints.push_back(static_cast<float>(params.getZeroPointAt(i)));
  }

  float lo = static_cast<float>(params.getClipMin());
  float hi = static_cast<float>(params.getClipMax());
  bool halfToEven = op.getRounding() == Rounding::half_to_even;

  // A constant (weights) is fake-quantized once, here, with the float32
  // operations the generic below performs (bit-identical), instead of on
  // every run.
  DenseElementsAttr constant;
  if (matchPattern(op.getInput(), m_Constant(&constant)) &&
      constant.getElementType().isF32()) {
    SmallVector<float> values(constant.getValues<float>());
    ::autoquant::AxisIndex channels(type.getShape(),
                                    perAxis ? params.getAxis() : -1);
    for (size_t i = 0; i < values.size(); ++i) {
      size_t channel = channels.channelOf(i);
      float v = values[i] / scales[channel];
      v = v + zeroPoints[channel];
      v = std::min(std::max(v, lo), hi);
      v = halfToEven ? std::nearbyint(v) : std::round(v);
      v = v - zeroPoints[channel];
      values[i] = v * scales[channel];
    }
    Value folded = tosa::ConstOp::create(
        builder, loc, type, DenseElementsAttr::get(type, ArrayRef(values)));
    op.getResult().replaceAllUsesWith(folded);
    op.erase();
    return success();
  }

  SmallVector<Value> inputs = {op.getInput()};
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank)};
  if (perAxis) {
    auto vectorType = RankedTensorType::get({int64_t(count)}, f32);
    inputs.push_back(arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(vectorType, ArrayRef(scales))));
    inputs.push_back(arith::ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(vectorType, ArrayRef(zeroPoints))));
    AffineMap axisMap =
        AffineMap::get(rank, 0, builder.getAffineDimExpr(params.getAxis()));
    maps.push_back(axisMap);
    maps.push_back(axisMap);
  }
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(builder, loc, type.getShape(), f32);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        auto constant = [&](float v) {
          return arith::ConstantOp::create(b, l, b.getF32FloatAttr(v));
        };
        Value scale = perAxis ? args[1] : Value(constant(scales.front()));
        Value zeroPoint =
            perAxis ? args[2] : Value(constant(zeroPoints.front()));
        Value v = arith::DivFOp::create(b, l, args[0], scale);
        v = arith::AddFOp::create(b, l, v, zeroPoint);
        v = arith::MaximumFOp::create(b, l, v, constant(lo));
        v = arith::MinimumFOp::create(b, l, v, constant(hi));
        v = halfToEven ? Value(math::RoundEvenOp::create(b, l, v))
                       : Value(math::RoundOp::create(b, l, v));
        v = arith::SubFOp::create(b, l, v, zeroPoint);
        v = arith::MulFOp::create(b, l, v, scale);
        linalg::YieldOp::create(b, l, v);
      });
  op.getResult().replaceAllUsesWith(generic.getResult(0));
  op.erase();
  return success();
}

/// log2 weights are constants: their represented values are folded at
/// compile time with the numerics library (exact, no float log / exp in the
/// program).
LogicalResult simulate(Log2QuantizeOp op) {
  FailureOr<std::vector<float>> read = readConstantAsFloats(op.getInput());
  if (failed(read))
    return op.emitError() << "log2 weights must be constants";
  auto type = cast<RankedTensorType>(op.getType());
  std::vector<float> values = std::move(*read);
  unsigned nbit = op.getNbit();
  int64_t maxExponent = op.getMaxExponent();
  for (float &v : values)
    v = ::autoquant::log2Dequantize(
        ::autoquant::log2QuantizeCode(v, maxExponent, nbit), maxExponent, nbit);
  OpBuilder builder(op);
  Value folded = tosa::ConstOp::create(
      builder, op.getLoc(), type,
      DenseElementsAttr::get(type, ArrayRef<float>(values)));
  op.getResult().replaceAllUsesWith(folded);
  op.erase();
  return success();
}

struct SimulatePass
    : public autoquant::impl::AutoQuantSimulateBase<SimulatePass> {
  void runOnOperation() override {
    SmallVector<Log2QuantizeOp> log2Ops;
    getOperation().walk([&](Log2QuantizeOp op) { log2Ops.push_back(op); });
    for (Log2QuantizeOp op : log2Ops)
      if (failed(simulate(op)))
        return signalPassFailure();
    SmallVector<SimulatedQuantizeOp> ops;
    getOperation().walk([&](SimulatedQuantizeOp op) { ops.push_back(op); });
    for (SimulatedQuantizeOp op : ops)
      if (failed(simulate(op)))
        return signalPassFailure();
  }
};

} // namespace
