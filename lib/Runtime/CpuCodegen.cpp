//===- CpuCodegen.cpp - Tile and vectorize linalg for the host CPU --------===//
//
// The JIT runner's fast path (docs/Runner.md): register-blocked tiles of
// convolutions, poolings and matmuls, decomposed to 1-D windows and
// vectorized with upstream's linalg vectorizer (int8 convolutions with a
// pairwise kernel of our own); elementwise generics vectorized along their
// innermost dimension; pads turned into fills and row copies.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Runtime/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "mlir/Transforms/Passes.h"

#include <cstring>
#include <vector>

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTCPUCODEGEN
#include "autoquant/Runtime/Passes.h.inc"
} // namespace autoquant

using namespace mlir;

/// The largest divisor of `size` that is at most `limit`: tiles that divide
/// their dimension are all full, so the vectorizer needs no masks.
static int64_t divisorTile(int64_t size, int64_t limit) {
  for (int64_t tile = std::min(size, limit); tile > 1; --tile)
    if (size % tile == 0)
      return tile;
  return 1;
}

namespace {
/// Replaces `linalg.transpose` of a constant by the transposed constant, so
/// that the filter layout change of a convolution costs nothing at run time.
/// transpose(select(c, A, B)) -> select(c, transpose(A), transpose(B)) when
/// A and B are constants (a filter chosen at run time between two constant
/// tensors, as the calibration report's sensitivity runs do), so that both
/// transposes fold at compile time instead of one running on every call.
struct TransposeOfConstantSelect : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto select = op.getInput().getDefiningOp<arith::SelectOp>();
    if (!op.hasPureTensorSemantics() || !select ||
        !select.getCondition().getType().isInteger(1) ||
        !matchPattern(select.getTrueValue(), m_Constant()) ||
        !matchPattern(select.getFalseValue(), m_Constant()))
      return failure();
    Location loc = op.getLoc();
    auto transposed = [&](Value input) {
      Value init = tensor::EmptyOp::create(
          rewriter, loc, op.getInit().getType().getShape(),
          op.getInit().getType().getElementType());
      return linalg::TransposeOp::create(rewriter, loc, input, init,
                                         op.getPermutation())
          ->getResult(0);
    };
    Value trueValue = transposed(select.getTrueValue());
    Value falseValue = transposed(select.getFalseValue());
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, select.getCondition(),
                                                 trueValue, falseValue);
    return success();
  }
};

struct FoldConstantTranspose : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr input;
    if (!op.hasPureTensorSemantics() ||
        !matchPattern(op.getInput(), m_Constant(&input)))
      return failure();
    auto resultType = cast<RankedTensorType>(op.getResult()[0].getType());
    Type elementType = resultType.getElementType();
    if (elementType != input.getElementType() || !elementType.isIntOrFloat() ||
        elementType.getIntOrFloatBitWidth() % 8)
      return failure();
    DenseElementsAttr folded;
    if (input.isSplat()) {
      folded = input.resizeSplat(resultType);
    } else {
      ArrayRef<int64_t> permutation = op.getPermutation();
      auto inputType = cast<RankedTensorType>(input.getType());
      int64_t rank = inputType.getRank();
      size_t bytes = elementType.getIntOrFloatBitWidth() / 8;
      SmallVector<int64_t> inputStrides(rank, 1);
      for (int64_t d = rank - 2; d >= 0; --d)
        inputStrides[d] = inputStrides[d + 1] * inputType.getDimSize(d + 1);
      ArrayRef<char> source = input.getRawData();
      std::vector<char> data(source.size());
      SmallVector<int64_t> index(rank, 0);
      for (int64_t linear = 0, e = resultType.getNumElements(); linear < e;
           ++linear) {
        int64_t from = 0;
        for (int64_t d = 0; d < rank; ++d)
          from += index[d] * inputStrides[permutation[d]];
        std::memcpy(data.data() + linear * bytes, source.data() + from * bytes,
                    bytes);
        for (int64_t d = rank - 1; d >= 0; --d) {
          if (++index[d] < resultType.getDimSize(d))
            break;
          index[d] = 0;
        }
      }
      folded = DenseElementsAttr::getFromRawBuffer(resultType, data);
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, folded);
    return success();
  }
};

/// A depthwise convolution with channel multiplier 1 (`hwcm`, m = 1, what
/// TOSA lowers to) as the `hwc` form, which decomposes to 1-D windows and
/// vectorizes.
struct DepthwiseMultiplierOneToHwc
    : OpRewritePattern<linalg::DepthwiseConv2DNhwcHwcmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::DepthwiseConv2DNhwcHwcmOp op,
                                PatternRewriter &rewriter) const override {
    auto filterType = dyn_cast<RankedTensorType>(op.getInputs()[1].getType());
    auto outputType = dyn_cast<RankedTensorType>(op.getOutputs()[0].getType());
    if (!op.hasPureTensorSemantics() || !filterType || !outputType ||
        filterType.getDimSize(3) != 1)
      return failure();
    Location loc = op.getLoc();
    SmallVector<ReassociationIndices> lastTwo = {{0}, {1}, {2}, {3, 4}};
    SmallVector<ReassociationIndices> filterLastTwo = {{0}, {1}, {2, 3}};
    Value filter = tensor::CollapseShapeOp::create(
        rewriter, loc, op.getInputs()[1], filterLastTwo);
    Value init = tensor::CollapseShapeOp::create(rewriter, loc,
                                                 op.getOutputs()[0], lastTwo);
    auto conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
        rewriter, loc, init.getType(), ValueRange{op.getInputs()[0], filter},
        ValueRange{init}, op.getStridesAttr(), op.getDilationsAttr());
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, outputType, conv.getResult(0), lastTwo);
    return success();
  }
};

/// `tensor.pad` with a constant value as fill + copy into the interior: the
/// copy is a linalg op that tiles and vectorizes and, after bufferization,
/// writes into the padded buffer in place (bufferizing the pad itself ends
/// in a strided memref.copy, a slow element-by-element library call).
struct PadAsFillAndCopy : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType resultType = op.getResultType();
    Value padValue = op.getConstantPaddingValue();
    if (!padValue || !resultType.hasStaticShape() ||
        !op.getSourceType().hasStaticShape() ||
        (op.hasZeroLowPad() && op.hasZeroHighPad()))
      return failure();
    Location loc = op.getLoc();
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          resultType.getElementType());
    Value filled =
        linalg::FillOp::create(rewriter, loc, padValue, empty).getResult(0);
    SmallVector<OpFoldResult> offsets = op.getMixedLowPad();
    SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
        rewriter.getContext(), op.getSourceType().getShape());
    SmallVector<OpFoldResult> strides(sizes.size(), rewriter.getIndexAttr(1));
    Value interior = tensor::ExtractSliceOp::create(rewriter, loc, filled,
                                                    offsets, sizes, strides);
    Value copied =
        linalg::CopyOp::create(rewriter, loc, op.getSource(), interior)
            .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(op, copied, filled,
                                                       offsets, sizes, strides);
    return success();
  }
};

/// One tile of an int8 x int8 -> int32 1-D convolution with a single filter
/// tap (what the 2-D convolutions decompose to), two input channels at a
/// time: the pair (c, c+1) of one output position, broadcast, times the
/// filter rows c and c+1 of 16 output channels interleaved, as 32 int32
/// products whose neighbours are added. Written with plain vector ops, this
/// is the pattern x86 backends turn into one pmaddwd / vpdpwssd (32
/// multiply-adds per instruction instead of 16 with vpmulld); other targets
/// get correct generic code. Products of int8 values and their pairwise
/// sums are exact in int32, so the result is bit-identical. Needs an even
/// channel count and output channels in multiples of 16.
static FailureOr<Value> buildPairwiseInt8Kernel(RewriterBase &rewriter,
                                                linalg::Conv1DNwcWcfOp op) {
  if (!op.hasPureTensorSemantics())
    return failure();
  auto inputType = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto filterType = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto outputType = cast<RankedTensorType>(op.getOutputs()[0].getType());
  if (!inputType.hasStaticShape() || !filterType.hasStaticShape() ||
      !outputType.hasStaticShape() ||
      !inputType.getElementType().isInteger(8) ||
      !filterType.getElementType().isInteger(8) ||
      !outputType.getElementType().isInteger(32))
    return failure();
  int64_t batch = outputType.getDimSize(0), width = outputType.getDimSize(1),
          outChannels = outputType.getDimSize(2);
  int64_t taps = filterType.getDimSize(0), channels = filterType.getDimSize(1);
  if (batch != 1 || taps != 1 || channels % 2 != 0 || outChannels % 16 != 0)
    return failure();
  int64_t stride = *op.getStrides().getValues<int64_t>().begin();

  Location loc = op.getLoc();
  Type i8 = rewriter.getI8Type(), i16 = rewriter.getI16Type(),
       i32 = rewriter.getI32Type();
  Value zeroIndex = arith::ConstantIndexOp::create(rewriter, loc, 0);
  auto read = [&](Value source, Type element) -> Value {
    auto type = cast<RankedTensorType>(source.getType());
    SmallVector<Value> indices(type.getRank(), zeroIndex);
    SmallVector<bool> inBounds(type.getRank(), true);
    Value padding = arith::ConstantOp::create(
        rewriter, loc, element, rewriter.getIntegerAttr(element, 0));
    return vector::TransferReadOp::create(
        rewriter, loc, VectorType::get(type.getShape(), element), source,
        indices, padding, inBounds);
  };
  Value input = read(op.getInputs()[0], i8);
  Value filter = read(op.getInputs()[1], i8);
  Value accumulator = read(op.getOutputs()[0], i32);

  auto v16i32 = VectorType::get({16}, i32);
  auto v32i16 = VectorType::get({32}, i16);
  int64_t chunks = outChannels / 16;
  auto extend = [&](Value v, int64_t size) -> Value {
    return arith::ExtSIOp::create(rewriter, loc, VectorType::get({size}, i16),
                                  v);
  };
  auto slice = [&](Value v, int64_t offset, int64_t size) -> Value {
    return vector::ExtractStridedSliceOp::create(rewriter, loc, v, {offset},
                                                 {size}, {1});
  };
  // sums[w][k]: output position w, output channels 16k .. 16k + 15.
  std::vector<std::vector<Value>> sums(width, std::vector<Value>(chunks));
  for (int64_t w = 0; w < width; ++w) {
    Value row = vector::ExtractOp::create(rewriter, loc, accumulator,
                                          ArrayRef<int64_t>{0, w});
    for (int64_t k = 0; k < chunks; ++k)
      sums[w][k] = slice(row, 16 * k, 16);
  }
  auto v32i32 = VectorType::get({32}, i32);
  SmallVector<int64_t> evens, odds;
  for (int64_t lane = 0; lane < 16; ++lane) {
    evens.push_back(2 * lane);
    odds.push_back(2 * lane + 1);
  }
  // Sum of neighbouring int32 products of two int16 vectors.
  auto pairwiseDot = [&](Value a, Value b) -> Value {
    Value products = arith::MulIOp::create(
        rewriter, loc, arith::ExtSIOp::create(rewriter, loc, v32i32, a),
        arith::ExtSIOp::create(rewriter, loc, v32i32, b));
    return arith::AddIOp::create(
        rewriter, loc,
        vector::ShuffleOp::create(rewriter, loc, products, products, evens),
        vector::ShuffleOp::create(rewriter, loc, products, products, odds));
  };
  for (int64_t c = 0; c < channels; c += 2) {
    Value rowA = extend(vector::ExtractOp::create(rewriter, loc, filter,
                                                  ArrayRef<int64_t>{0, c}),
                        outChannels);
    Value rowB = extend(vector::ExtractOp::create(rewriter, loc, filter,
                                                  ArrayRef<int64_t>{0, c + 1}),
                        outChannels);
    SmallVector<Value> interleaved;
    for (int64_t k = 0; k < chunks; ++k)
      interleaved.push_back(vector::InterleaveOp::create(
          rewriter, loc, v32i16, slice(rowA, 16 * k, 16),
          slice(rowB, 16 * k, 16)));
    for (int64_t w = 0; w < width; ++w) {
      Value pixel = vector::ExtractOp::create(rewriter, loc, input,
                                              ArrayRef<int64_t>{0, w * stride});
      Value pair = extend(slice(pixel, c, 2), 2);
      Value packed = vector::BitCastOp::create(rewriter, loc,
                                               VectorType::get({1}, i32), pair);
      Value broadcast = vector::BitCastOp::create(
          rewriter, loc, v32i16,
          vector::BroadcastOp::create(rewriter, loc, v16i32, packed));
      for (int64_t k = 0; k < chunks; ++k) {
        sums[w][k] = arith::AddIOp::create(
            rewriter, loc, sums[w][k], pairwiseDot(broadcast, interleaved[k]));
      }
    }
  }
  Value result = accumulator;
  for (int64_t w = 0; w < width; ++w)
    for (int64_t k = 0; k < chunks; ++k)
      result = vector::InsertStridedSliceOp::create(
          rewriter, loc, sums[w][k], result, ArrayRef<int64_t>{0, w, 16 * k},
          ArrayRef<int64_t>{1});
  SmallVector<Value> indices(3, zeroIndex);
  SmallVector<bool> inBounds(3, true);
  return vector::TransferWriteOp::create(rewriter, loc, result,
                                         op.getOutputs()[0], indices, inBounds)
      .getResult();
}

/// A convolution with an input zero point z (the `_q` forms, filter zero
/// point 0, constant filter) as the plain convolution minus z times the
/// per-channel sum of the filter: sum (x - z) w = sum x w - z sum w, exactly
/// in wrapping int32. Every window is full (TOSA's lowering pads with z
/// beforehand), so the correction is one constant per output channel. The
/// plain form is the one the fast path tiles and vectorizes.
template <typename QuantizedConv, typename PlainConv>
struct InputZeroPointAsCorrection : OpRewritePattern<QuantizedConv> {
  using OpRewritePattern<QuantizedConv>::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizedConv op,
                                PatternRewriter &rewriter) const override {
    DenseIntElementsAttr filter;
    IntegerAttr inputZp, filterZp;
    auto outputType = dyn_cast<RankedTensorType>(op.getOutputs()[0].getType());
    if (!op.hasPureTensorSemantics() || !outputType ||
        !outputType.getElementType().isInteger(32) ||
        !matchPattern(op.getInputs()[1], m_Constant(&filter)) ||
        !matchPattern(op.getInputs()[2], m_Constant(&inputZp)) ||
        !matchPattern(op.getInputs()[3], m_Constant(&filterZp)) ||
        !filterZp.getValue().isZero())
      return failure();
    // Output channels: the filter's first dimension (FHWC) or its last two
    // (depthwise HWCM, output [..., C, M]).
    constexpr bool channelsFirst =
        std::is_same_v<QuantizedConv, linalg::Conv2DNhwcFhwcQOp>;
    ArrayRef<int64_t> filterShape = filter.getType().getShape();
    int64_t channels =
        channelsFirst ? filterShape[0] : filterShape[2] * filterShape[3];
    int64_t perChannel = filter.getNumElements() / channels;
    std::vector<int64_t> sums(channels, 0);
    int64_t index = 0;
    for (const APInt &w : filter.getValues<APInt>()) {
      sums[channelsFirst ? index / perChannel : index % channels] +=
          w.getSExtValue();
      ++index;
    }
    int64_t zeroPoint = inputZp.getValue().getSExtValue();
    SmallVector<APInt> corrections;
    for (int64_t sum : sums)
      corrections.push_back(APInt(64, static_cast<uint64_t>(zeroPoint * sum),
                                  /*isSigned=*/true)
                                .trunc(32));
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = outputType.getRank();
    SmallVector<int64_t> correctionShape =
        channelsFirst ? SmallVector<int64_t>{filterShape[0]}
                      : SmallVector<int64_t>{filterShape[2], filterShape[3]};
    auto correctionType =
        RankedTensorType::get(correctionShape, rewriter.getI32Type());
    Value correction = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(correctionType, corrections));
    Value plain =
        PlainConv::create(rewriter, loc, TypeRange{outputType},
                          ValueRange{op.getInputs()[0], op.getInputs()[1]},
                          ValueRange{op.getOutputs()[0]}, op.getStridesAttr(),
                          op.getDilationsAttr())
            .getResult(0);
    SmallVector<AffineExpr> channelDims;
    for (int64_t d = rank - correctionType.getRank(); d < rank; ++d)
      channelDims.push_back(getAffineDimExpr(d, ctx));
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, channelDims, ctx),
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value empty = tensor::EmptyOp::create(rewriter, loc, outputType.getShape(),
                                          outputType.getElementType());
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, outputType, ValueRange{plain, correction}, ValueRange{empty}, maps,
        iterators, [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(
              b, l, ValueRange{arith::SubIOp::create(b, l, args[0], args[1])});
        });
    return success();
  }
};

struct CpuCodegenPass
    : autoquant::impl::AutoQuantCpuCodegenBase<CpuCodegenPass> {
  using AutoQuantCpuCodegenBase::AutoQuantCpuCodegenBase;

  void runOnOperation() override;

private:
  /// Tile sizes (one per loop) for `op`, or an empty vector to leave it.
  SmallVector<int64_t> getTileSizes(linalg::LinalgOp op) const;
};
} // namespace

/// Whether `op` touches integers of a width other than 8, 16, 32 or 64 bits
/// (the i48 accumulators of int16 convolutions): LLVM's vector lowering of
/// such types gave wrong results, so these ops stay scalar.
static bool hasUnusualIntegerWidth(linalg::LinalgOp op) {
  auto unusual = [](Type type) {
    auto integer = dyn_cast<IntegerType>(getElementTypeOrSelf(type));
    return integer &&
           !llvm::is_contained({1u, 8u, 16u, 32u, 64u}, integer.getWidth());
  };
  return llvm::any_of(op->getOperandTypes(), unusual) ||
         llvm::any_of(op->getResultTypes(), unusual);
}

SmallVector<int64_t> CpuCodegenPass::getTileSizes(linalg::LinalgOp op) const {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      hasUnusualIntegerWidth(op))
    return {};
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // A register block: `rows` output positions x `cols` output channels of
  // accumulators (8 x 2 vectors), reductions one filter tap and a slice of
  // `depth` input channels at a time (one vector's worth: on ResNet-50 16
  // channels ran 15 % faster than 32 in float and 8 % in int8, and compile
  // 20-40 % faster).
  int64_t rows = 8, cols = 2 * vectorWidth, depth = vectorWidth;
  if (isa<linalg::Conv2DNhwcHwcfOp>(op)) // n, oh, ow, f, kh, kw, c
    return {1, 1, divisorTile(ranges[2], rows), divisorTile(ranges[3], cols),
            1, 1, divisorTile(ranges[6], depth)};
  if (isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp,
          linalg::DepthwiseConv2DNhwcHwcOp>(op))
    return {1, 1, divisorTile(ranges[2], rows), divisorTile(ranges[3], cols),
            1, 1};                    // n, oh, ow, c, kh, kw
  if (isa<linalg::BatchMatmulOp>(op)) // b, m, n, k
    return {1, divisorTile(ranges[1], rows), divisorTile(ranges[2], cols),
            divisorTile(ranges[3], depth)};
  if (isa<linalg::MatmulOp>(op)) // m, n, k
    return {divisorTile(ranges[0], rows), divisorTile(ranges[1], cols),
            divisorTile(ranges[2], depth)};
  if (isa<linalg::GenericOp, linalg::CopyOp>(op)) {
    if (op.getNumReductionLoops() != 0 || ranges.empty())
      return {};
    SmallVector<int64_t> sizes(ranges.size(), 1);
    sizes.back() = divisorTile(ranges.back(), 4 * vectorWidth);
    return sizes;
  }
  return {};
}

/// The number of points of `op`'s iteration space.
static int64_t getIterationCount(linalg::LinalgOp op) {
  int64_t count = 1;
  for (int64_t range : op.getStaticLoopRanges())
    count *= range;
  return count;
}

void CpuCodegenPass::runOnOperation() {
  func::FuncOp func = getOperation();
  MLIRContext *ctx = &getContext();
  IRRewriter rewriter(ctx);

  // 0. Convolutions with an input zero point as plain ones plus a
  // per-channel correction.
  {
    RewritePatternSet patterns(ctx);
    patterns.add<InputZeroPointAsCorrection<linalg::Conv2DNhwcFhwcQOp,
                                            linalg::Conv2DNhwcFhwcOp>,
                 InputZeroPointAsCorrection<linalg::DepthwiseConv2DNhwcHwcmQOp,
                                            linalg::DepthwiseConv2DNhwcHwcmOp>>(
        ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }

  // 1. Output channels innermost in every filter; depthwise in `hwc` form.
  SmallVector<linalg::Conv2DNhwcFhwcOp> fhwcConvs;
  func.walk([&](linalg::Conv2DNhwcFhwcOp op) { fhwcConvs.push_back(op); });
  for (linalg::Conv2DNhwcFhwcOp op : fhwcConvs) {
    // transposeConv2D gives the transposed filter the input's element type;
    // only safe when both agree (not for int16 x int8).
    if (getElementTypeOrSelf(op.getInputs()[0].getType()) !=
        getElementTypeOrSelf(op.getInputs()[1].getType()))
      continue;
    rewriter.setInsertionPoint(op);
    (void)linalg::transposeConv2D(rewriter, op);
  }
  {
    RewritePatternSet patterns(ctx);
    patterns.add<FoldConstantTranspose, TransposeOfConstantSelect,
                 DepthwiseMultiplierOneToHwc, PadAsFillAndCopy>(ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }

  // 2. Register-block tiles.
  SmallVector<std::pair<linalg::LinalgOp, SmallVector<int64_t>>> toTile;
  func.walk([&](linalg::LinalgOp op) {
    SmallVector<int64_t> sizes = getTileSizes(op);
    if (!sizes.empty())
      toTile.emplace_back(op, std::move(sizes));
  });
  for (auto &[op, sizes] : toTile) {
    scf::SCFTilingOptions options;
    options.setTileSizes(getAsIndexOpFoldResult(ctx, sizes));
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      continue; // Stays as it is and becomes scalar loops.
    rewriter.replaceOp(op, tiled->replacements);
  }

  // 3. 2-D windows of size one become 1-D windows the vectorizer handles.
  {
    RewritePatternSet patterns(ctx);
    linalg::populateDecomposeConvolutionPatterns(patterns);
    tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::InsertSliceOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }

  // 4. Vectorize every tile (small static iteration spaces inside loops).
  constexpr int64_t maxVectorizedIterations = 1 << 16;
  SmallVector<linalg::LinalgOp> toVectorize;
  func.walk([&](linalg::LinalgOp op) {
    if (op->getParentOfType<scf::ForOp>() && !op.hasDynamicShape() &&
        !hasUnusualIntegerWidth(op) &&
        getIterationCount(op) <= maxVectorizedIterations &&
        !isa<linalg::FillOp>(op) &&
        succeeded(linalg::vectorizeOpPrecondition(op)))
      toVectorize.push_back(op);
  });
  for (linalg::LinalgOp op : toVectorize) {
    rewriter.setInsertionPoint(op);
    if (auto conv = dyn_cast<linalg::Conv1DNwcWcfOp>(op.getOperation());
        conv && pairwiseInt8) {
      if (FailureOr<Value> kernel = buildPairwiseInt8Kernel(rewriter, conv);
          succeeded(kernel)) {
        rewriter.replaceOp(op, *kernel);
        continue;
      }
    }
    // Matmuls straight to vector.contract (not multiply + reduction) when
    // no extension is involved: the LLVM lowering of vector.contract takes
    // only one element type.
    bool sameElementTypes = llvm::all_equal(llvm::map_range(
        op->getOperandTypes(), [](Type t) { return getElementTypeOrSelf(t); }));
    FailureOr<linalg::VectorizationResult> result = linalg::vectorize(
        rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/sameElementTypes &&
            isa<linalg::ContractionOpInterface>(*op));
    if (succeeded(result))
      rewriter.replaceOp(op, result->replacements);
  }

  // 5. Clean up, then keep each accumulator tile in registers across its
  // reduction loops.
  OpPassManager cleanup(func::FuncOp::getOperationName());
  cleanup.addPass(createCanonicalizerPass());
  // Distinct buffers stay distinct: CSE would merge equal tensor.empty ops,
  // and bufferization then copies whole tensors to resolve the conflicts.
  cleanup.addPass(bufferization::createEmptyTensorToAllocTensorPass());
  cleanup.addPass(createCSEPass());
  if (failed(runPipeline(cleanup, func)))
    return signalPassFailure();
  func.walk([&](LoopLikeOpInterface loop) {
    (void)hoistLoopInvariantSubsets(rewriter, loop);
  });
  if (failed(runPipeline(cleanup, func)))
    return signalPassFailure();

  // 6. Reductions the LLVM conversion does not take become 1-D ones.
  RewritePatternSet patterns(ctx);
  vector::populateVectorMultiReductionLoweringPatterns(
      patterns, vector::VectorMultiReductionLowering::InnerParallel);
  if (failed(applyPatternsGreedily(func, std::move(patterns))))
    return signalPassFailure();
}
