//===- CpuCodegen.cpp - Tile and vectorize linalg for the host CPU --------===//
//
// The JIT runner's fast path (docs/Runner.md): register-blocked tiles of
// convolutions, poolings and matmuls, decomposed to 1-D windows and
// vectorized with upstream's linalg vectorizer; elementwise generics
// vectorized along their innermost dimension.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "mlir/Transforms/Passes.h"

namespace mlir {
namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTCPUCODEGEN
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant
} // namespace mlir

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
  // input channels at a time.
  int64_t rows = 8, cols = 2 * vectorWidth, depth = 2 * vectorWidth;
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
    patterns.add<FoldConstantTranspose, DepthwiseMultiplierOneToHwc,
                 PadAsFillAndCopy>(ctx);
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
