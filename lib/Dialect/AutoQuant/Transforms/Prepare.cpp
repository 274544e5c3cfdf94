//===- Prepare.cpp - TOSA as frontends emit it, in the rules' forms -------===//
//
// Constant sub-expressions are computed at compile time (so a weight or a
// folded batch-norm factor is one constant, which is what calibration and
// realize look for), and maximum / minimum against a one-value constant
// become clamps (the form the clamp rule realizes in integers).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <functional>
#include <limits>

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTPREPARE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

/// A float32 constant operand: its values (a splat expanded) and shape.
struct ConstantOperand {
  std::vector<float> values;
  ArrayRef<int64_t> shape;
};

std::optional<ConstantOperand> getConstantOperand(Value value,
                                                  int64_t maxElements) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32() || attr.getNumElements() > maxElements)
    return std::nullopt;
  ConstantOperand operand;
  operand.shape = attr.getType().getShape();
  if (attr.isSplat())
    operand.values.assign(attr.getNumElements(), attr.getSplatValue<float>());
  else
    operand.values = toFloats(attr);
  return operand;
}

/// Whether the float32 constant `value` holds one value (repeated); which.
std::optional<float> getUniformConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32() || attr.getNumElements() == 0)
    return std::nullopt;
  if (attr.isSplat())
    return attr.getSplatValue<float>();
  auto values = attr.getValues<float>();
  float first = *values.begin();
  for (float v : values)
    if (v != first)
      return std::nullopt;
  return first;
}

/// `fn` applied elementwise to `operands` broadcast to `shape` (TOSA's rule:
/// equal ranks, each dimension 1 or the result's).
std::vector<float> evaluateBroadcast(ArrayRef<int64_t> shape,
                                     ArrayRef<ConstantOperand> operands,
                                     function_ref<float(ArrayRef<float>)> fn) {
  size_t rank = shape.size();
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  // Strides of each operand along the result's dimensions (0: broadcast).
  SmallVector<SmallVector<int64_t>> strides;
  for (const ConstantOperand &operand : operands) {
    SmallVector<int64_t> stride(rank, 0);
    int64_t step = 1;
    for (size_t i = rank; i-- > 0;) {
      stride[i] = operand.shape[i] == 1 ? 0 : step;
      step *= operand.shape[i];
    }
    strides.push_back(stride);
  }
  std::vector<float> result(count);
  SmallVector<int64_t> index(rank, 0), offsets(operands.size(), 0);
  SmallVector<float> args(operands.size());
  for (int64_t out = 0; out < count; ++out) {
    for (size_t k = 0; k < operands.size(); ++k)
      args[k] = operands[k].values[offsets[k]];
    result[out] = fn(args);
    for (size_t i = rank; i-- > 0;) {
      for (size_t k = 0; k < operands.size(); ++k)
        offsets[k] += strides[k][i];
      if (++index[i] < shape[i])
        break;
      for (size_t k = 0; k < operands.size(); ++k)
        offsets[k] -= strides[k][i] * shape[i];
      index[i] = 0;
    }
  }
  return result;
}

float propagateNaN(float a, float b, float chosen) {
  return std::isnan(a) || std::isnan(b)
             ? std::numeric_limits<float>::quiet_NaN()
             : chosen;
}

/// What an elementwise op computes on its data operands, and how many there
/// are; nullopt for ops this pass does not evaluate.
using Evaluator = std::function<float(ArrayRef<float>)>;
std::optional<std::pair<Evaluator, unsigned>> getEvaluator(Operation *op) {
  using Result = std::optional<std::pair<Evaluator, unsigned>>;
  auto isZero = [](Value value) {
    return matchPattern(value, m_Zero()) ||
           matchPattern(value, m_AnyZeroFloat());
  };
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case([](tosa::AddOp) -> Result {
        return std::make_pair([](ArrayRef<float> a) { return a[0] + a[1]; },
                              2u);
      })
      .Case([](tosa::SubOp) -> Result {
        return std::make_pair([](ArrayRef<float> a) { return a[0] - a[1]; },
                              2u);
      })
      .Case([&](tosa::MulOp mul) -> Result {
        if (!isZero(mul.getShift()))
          return std::nullopt;
        return std::make_pair([](ArrayRef<float> a) { return a[0] * a[1]; },
                              2u);
      })
      .Case([](tosa::PowOp) -> Result {
        return std::make_pair(
            [](ArrayRef<float> a) { return std::pow(a[0], a[1]); }, 2u);
      })
      .Case([](tosa::MaximumOp) -> Result {
        return std::make_pair(
            [](ArrayRef<float> a) {
              return propagateNaN(a[0], a[1], std::max(a[0], a[1]));
            },
            2u);
      })
      .Case([](tosa::MinimumOp) -> Result {
        return std::make_pair(
            [](ArrayRef<float> a) {
              return propagateNaN(a[0], a[1], std::min(a[0], a[1]));
            },
            2u);
      })
      .Case([](tosa::RsqrtOp) -> Result {
        return std::make_pair(
            [](ArrayRef<float> a) { return 1.0f / std::sqrt(a[0]); }, 1u);
      })
      .Case([](tosa::ReciprocalOp) -> Result {
        return std::make_pair([](ArrayRef<float> a) { return 1.0f / a[0]; },
                              1u);
      })
      .Case([](tosa::ExpOp) -> Result {
        return std::make_pair([](ArrayRef<float> a) { return std::exp(a[0]); },
                              1u);
      })
      .Case([](tosa::LogOp) -> Result {
        return std::make_pair([](ArrayRef<float> a) { return std::log(a[0]); },
                              1u);
      })
      .Case([](tosa::AbsOp) -> Result {
        return std::make_pair([](ArrayRef<float> a) { return std::fabs(a[0]); },
                              1u);
      })
      .Case([&](tosa::NegateOp negate) -> Result {
        if (!isZero(negate.getInput1Zp()) || !isZero(negate.getOutputZp()))
          return std::nullopt;
        return std::make_pair([](ArrayRef<float> a) { return -a[0]; }, 1u);
      })
      .Default([](Operation *) -> Result { return std::nullopt; });
}

/// An elementwise op, reshape or transpose whose data operands are all
/// float32 constants becomes the constant it computes.
struct FoldConstantExpression : public RewritePattern {
  FoldConstantExpression(MLIRContext *ctx, int64_t maxElements,
                         llvm::Statistic &folded)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        maxElements(maxElements), folded(folded) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 1 || !isa<tosa::TosaDialect>(op->getDialect()))
      return failure();
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
        type.getNumElements() > maxElements)
      return failure();
    DenseElementsAttr attr;
    if (isa<tosa::ReshapeOp, tosa::TransposeOp>(op)) {
      if (!getConstantOperand(op->getOperand(0), maxElements))
        return failure();
      attr = foldConstantThroughLayout(op->getResult(0));
    } else if (std::optional<std::pair<Evaluator, unsigned>> evaluator =
                   getEvaluator(op)) {
      SmallVector<ConstantOperand> operands;
      for (unsigned i = 0; i < evaluator->second; ++i) {
        std::optional<ConstantOperand> operand =
            getConstantOperand(op->getOperand(i), maxElements);
        if (!operand || operand->shape.size() != size_t(type.getRank()))
          return failure();
        operands.push_back(std::move(*operand));
      }
      std::vector<float> values =
          evaluateBroadcast(type.getShape(), operands, evaluator->first);
      attr = DenseElementsAttr::get(type, ArrayRef<float>(values));
    }
    if (!attr)
      return failure();
    rewriter.replaceOpWithNewOp<tosa::ConstOp>(op, type, attr);
    ++folded;
    return success();
  }

  int64_t maxElements;
  llvm::Statistic &folded;
};

/// maximum(x, c) -> clamp(x, c, +max) and minimum(x, c) -> clamp(x, -max, c)
/// for a one-value float32 constant c that only broadcasts.
template <typename OpT> struct ExtremumToClamp : public OpRewritePattern<OpT> {
  ExtremumToClamp(MLIRContext *ctx, llvm::Statistic &clamps)
      : OpRewritePattern<OpT>(ctx), clamps(clamps) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    for (unsigned constantIndex : {1u, 0u}) {
      Value data = op->getOperand(1 - constantIndex);
      std::optional<float> bound =
          getUniformConstant(op->getOperand(constantIndex));
      if (!bound || std::isnan(*bound) ||
          data.getType() != op.getResult().getType())
        continue;
      constexpr float kLargest = std::numeric_limits<float>::max();
      bool isMaximum = std::is_same_v<OpT, tosa::MaximumOp>;
      FloatAttr lo = rewriter.getF32FloatAttr(isMaximum ? *bound : -kLargest);
      FloatAttr hi = rewriter.getF32FloatAttr(isMaximum ? kLargest : *bound);
      rewriter.replaceOpWithNewOp<tosa::ClampOp>(op, op.getType(), data, lo,
                                                 hi);
      ++clamps;
      return success();
    }
    return failure();
  }

  llvm::Statistic &clamps;
};

/// A float conv2d followed by an add, sub or mul with a per-output-channel
/// constant (a decomposed batch norm: (conv - mean) * factor + beta) becomes
/// one conv2d with the affine map folded into its weights and bias, so the
/// batch norm costs nothing and quantizes with the conv.
template <typename OpT>
struct FoldChannelAffineIntoConv : public OpRewritePattern<OpT> {
  FoldChannelAffineIntoConv(MLIRContext *ctx, int64_t maxElements,
                            llvm::Statistic &folded)
      : OpRewritePattern<OpT>(ctx), maxElements(maxElements), folded(folded) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isMul = std::is_same_v<OpT, tosa::MulOp>;
    constexpr bool isSub = std::is_same_v<OpT, tosa::SubOp>;
    if constexpr (isMul) {
      if (!matchPattern(op.getShift(), m_Zero()))
        return failure();
    }
    // The conv side: operand 0 (and, for add and mul, operand 1 too).
    for (unsigned convIndex : {0u, 1u}) {
      if (convIndex == 1 && isSub)
        break;
      auto conv =
          op->getOperand(convIndex).template getDefiningOp<tosa::Conv2DOp>();
      if (!conv || !conv->hasOneUse())
        continue;
      if (succeeded(fold(op, conv, op->getOperand(1 - convIndex), rewriter)))
        return success();
    }
    return failure();
  }

  LogicalResult fold(OpT op, tosa::Conv2DOp conv, Value constant,
                     PatternRewriter &rewriter) const {
    auto type = dyn_cast<RankedTensorType>(conv.getType());
    if (!type || type.getRank() != 4 || !type.getElementType().isF32() ||
        op.getType() != conv.getType())
      return failure();
    int64_t channels = type.getDimSize(3);
    std::optional<ConstantOperand> values =
        getConstantOperand(constant, maxElements);
    std::optional<ConstantOperand> weights =
        getConstantOperand(conv.getWeight(), maxElements);
    std::optional<ConstantOperand> bias =
        getConstantOperand(conv.getBias(), maxElements);
    // One value per output channel (or one for all), nothing else varying.
    if (!values || !weights || !bias || values->shape.size() != 4 ||
        values->shape[0] != 1 || values->shape[1] != 1 ||
        values->shape[2] != 1 ||
        (values->shape[3] != 1 && values->shape[3] != channels) ||
        (bias->values.size() != 1 &&
         int64_t(bias->values.size()) != channels) ||
        !matchPattern(conv.getInputZp(), m_AnyZeroFloat()) ||
        !matchPattern(conv.getWeightZp(), m_AnyZeroFloat()))
      return failure();
    auto valueAt = [&](int64_t channel) {
      return values->values[values->shape[3] == 1 ? 0 : channel];
    };
    std::vector<float> newBias(channels);
    for (int64_t c = 0; c < channels; ++c) {
      float b = bias->values[bias->values.size() == 1 ? 0 : c];
      if constexpr (std::is_same_v<OpT, tosa::AddOp>)
        newBias[c] = b + valueAt(c);
      else if constexpr (std::is_same_v<OpT, tosa::SubOp>)
        newBias[c] = b - valueAt(c);
      else
        newBias[c] = b * valueAt(c);
    }
    std::vector<float> newWeights = weights->values;
    if constexpr (std::is_same_v<OpT, tosa::MulOp>) {
      // OHWI: output channel o owns a contiguous block.
      int64_t block = newWeights.size() / channels;
      for (size_t i = 0; i < newWeights.size(); ++i)
        newWeights[i] *= valueAt(i / block);
    }
    rewriter.setInsertionPoint(conv);
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
    Value weight = tosa::ConstOp::create(
        rewriter, conv.getLoc(), weightType,
        DenseElementsAttr::get(weightType, ArrayRef<float>(newWeights)));
    Value newBiasValue = tosa::ConstOp::create(
        rewriter, conv.getLoc(), biasType,
        DenseElementsAttr::get(biasType, ArrayRef<float>(newBias)));
    Operation *fused = rewriter.clone(*conv);
    fused->setOperand(1, weight);
    fused->setOperand(2, newBiasValue);
    // The fused op keeps both names (the conv's and the batch norm's).
    fused->setLoc(rewriter.getFusedLoc({conv.getLoc(), op.getLoc()}));
    rewriter.replaceOp(op, fused->getResults());
    rewriter.eraseOp(conv);
    ++folded;
    return success();
  }

  int64_t maxElements;
  llvm::Statistic &folded;
};

struct PreparePass : public autoquant::impl::AutoQuantPrepareBase<PreparePass> {
  using AutoQuantPrepareBase::AutoQuantPrepareBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<FoldConstantExpression>(ctx, maxFoldElements, numFolded);
    patterns.add<ExtremumToClamp<tosa::MaximumOp>,
                 ExtremumToClamp<tosa::MinimumOp>>(ctx, numClamps);
    patterns.add<FoldChannelAffineIntoConv<tosa::AddOp>,
                 FoldChannelAffineIntoConv<tosa::SubOp>,
                 FoldChannelAffineIntoConv<tosa::MulOp>>(ctx, maxFoldElements,
                                                         numConvFolds);
    // ReLU6 as maximum then minimum: the two clamps merge into one.
    tosa::ClampOp::getCanonicalizationPatterns(patterns, ctx);
    // Only these rewrites: the ops' own folders stay with canonicalize, so
    // a model without these idioms comes out as it went in.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.enableConstantCSE(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
