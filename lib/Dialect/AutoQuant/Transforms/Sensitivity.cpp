//===- Sensitivity.cpp - End-to-end sensitivity of each point -------------===//
//
// The calibration report's last column: how much the function's output
// changes with only one point quantized, and with every point but one.
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/Progress.h"
#include "autoquant/Support/Sqnr.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace autoquant;

/// End-to-end sensitivity: a simulated copy of `func` in which every
/// calibrated quantization point j computes x + mask[j] * (q(x) - x) (weights:
/// mask[j] > 0.5 ? q(W) : W as whole constants), with `mask` an extra
/// argument, is compiled once and run with the mask all zero (the float
/// model), one-hot (only point k quantized), all ones but k, and all ones.
/// Each run's first result is compared with the float run's (SQNR over the
/// first sensitivity-samples samples). Points calibrated before this pass
/// ran are masked too (so the reference is float) but not reported. Returns
/// false, after a warning, when the function cannot be measured this way.
FailureOr<bool> autoquant::measureSensitivity(
    func::FuncOp func, MutableArrayRef<CalibrationPoint> points,
    const ReportOptions &options, double &allPointsSqnr, int64_t &numSamples) {
  if (options.log2Weights) {
    func.emitWarning() << "autoquant-calibrate: the report's sensitivity "
                          "does not simulate log2 weights; skipped";
    return false;
  }
  Operation *terminator = func.getBody().front().getTerminator();
  OwningOpRef<ModuleOp> copy =
      cloneFunctionReturning(func, llvm::to_vector(terminator->getOperands()));
  auto masked = *copy->getOps<func::FuncOp>().begin();
  SmallVector<SimulatedQuantizeOp> copiedOps;
  masked.walk([&](SimulatedQuantizeOp op) { copiedOps.push_back(op); });
  // Mask slot of every calibrated op (by walk position), -1 for identity.
  SmallVector<int64_t> slotOf;
  int64_t numSlots = 0;
  for (SimulatedQuantizeOp op : copiedOps)
    slotOf.push_back(op.getKind() != QuantKind::identity && op.getParamsAttr()
                         ? numSlots++
                         : -1);
  std::vector<const std::vector<float> *> originalWeightsOf(copiedOps.size(),
                                                            nullptr);
  for (const CalibrationPoint &point : points)
    if (point.originalWeights && point.id < copiedOps.size())
      originalWeightsOf[point.id] = &*point.originalWeights;
  OpBuilder builder(masked.getContext());
  Type f32 = builder.getF32Type();
  auto maskType = RankedTensorType::get({numSlots}, f32);
  if (failed(masked.insertArgument(masked.getNumArguments(), maskType, {},
                                   masked.getLoc())))
    return func.emitError() << "autoquant-calibrate: cannot add the "
                               "sensitivity mask argument";
  Value mask = masked.getArguments().back();
  for (auto [position, op] : llvm::enumerate(copiedOps)) {
    if (slotOf[position] < 0)
      continue;
    Location loc = op.getLoc();
    builder.setInsertionPointAfter(op);
    Value index =
        arith::ConstantIndexOp::create(builder, loc, slotOf[position]);
    Value enabled = tensor::ExtractOp::create(builder, loc, mask, index);
    if (matchPattern(op.getInput(), m_Constant())) {
      // Weights: choose between the two constant tensors as a whole (after
      // simulate, q(W) is a constant too), so the compiled model does no
      // per-element work for them and their layout changes still fold.
      Value half = arith::ConstantOp::create(builder, loc,
                                             builder.getF32FloatAttr(0.5f));
      Value quantized = arith::CmpFOp::create(
          builder, loc, arith::CmpFPredicate::OGT, enabled, half);
      // Weights that weight rounding replaced: float means the values
      // before it.
      Value floatWeights = op.getInput();
      if (const std::vector<float> *original = originalWeightsOf[position]) {
        auto type = cast<RankedTensorType>(op.getType());
        floatWeights = tosa::ConstOp::create(
            builder, loc, type,
            DenseElementsAttr::get(type, ArrayRef<float>(*original)));
      }
      auto choice = arith::SelectOp::create(builder, loc, quantized,
                                            op.getResult(), floatWeights);
      op.getResult().replaceAllUsesExcept(choice.getResult(), choice);
      continue;
    }
    auto type = cast<RankedTensorType>(op.getType());
    unsigned rank = type.getRank();
    Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<AffineMap> maps(3, builder.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto blend = linalg::GenericOp::create(
        builder, loc, TypeRange{type},
        ValueRange{op.getInput(), op.getResult()}, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value delta = arith::SubFOp::create(b, l, args[1], args[0]);
          Value scaled = arith::MulFOp::create(b, l, delta, enabled);
          linalg::YieldOp::create(
              b, l, Value(arith::AddFOp::create(b, l, args[0], scaled)));
        });
    op.getResult().replaceAllUsesExcept(blend.getResult(0), blend);
  }
  PassManager pm(masked.getContext());
  pm.addPass(createAutoQuantSimulate());
  if (failed(pm.run(*copy)))
    return failure();
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*copy, masked.getSymName());
  if (failed(runner))
    return failure();
  RankedTensorType resultType = (*runner)->getResultTypes().front();
  if (!resultType.getElementType().isF32()) {
    func.emitWarning() << "autoquant-calibrate: the report's sensitivity "
                          "compares f32 results and the first result is "
                       << resultType << "; skipped (sensitivity-samples=0 "
                       << "says so without this warning)";
    return false;
  }
  auto data = Dataset::open(
      options.dataset, (*runner)->getArgumentTypes().drop_back(),
      options.maxSamples > 0
          ? std::min<int64_t>(options.maxSamples, options.sensitivitySamples)
          : int64_t(options.sensitivitySamples));
  if (!data)
    return func.emitError() << llvm::toString(data.takeError());
  numSamples = (*data)->getNumSamples();
  DatasetExecutor executor(func.getContext(), {runner->get()}, options.threads);

  // One pass over the data with `maskValues`; appends the real samples'
  // first result to `outputs` (a result without a leading batch dimension
  // only from full batches).
  auto runWithMask = [&](const std::vector<float> &maskValues,
                         std::vector<float> &outputs) -> LogicalResult {
    outputs.clear();
    const void *extra[] = {maskValues.data()};
    auto consume = [&](const Batch &batch) -> llvm::Error {
      if (std::optional<size_t> elements = batch.realElements(resultType))
        outputs.insert(outputs.end(), batch.floatResult(0),
                       batch.floatResult(0) + *elements);
      return llvm::Error::success();
    };
    if (llvm::Error error = executor.run(**data, consume, extra))
      return func.emitError()
             << "calibration: " << llvm::toString(std::move(error));
    return success();
  };
  auto sqnrAgainst = [](const std::vector<float> &reference,
                        const std::vector<float> &values) {
    ::autoquant::SqnrAccumulator sqnr;
    for (size_t i = 0; i < reference.size(); ++i)
      sqnr.add(reference[i], values[i]);
    return sqnr.getDb();
  };

  std::vector<float> reference, outputs;
  std::vector<float> maskValues(numSlots, 0.0f);
  ProgressReporter progress("calibrate: report (sensitivity)",
                            int64_t(2 * points.size() + 2), options.verbose,
                            "passes");
  if (failed(runWithMask(maskValues, reference)))
    return failure();
  for (size_t k = 0; k < points.size(); ++k) {
    int64_t slot = slotOf[points[k].id];
    std::fill(maskValues.begin(), maskValues.end(), 0.0f);
    maskValues[slot] = 1.0f;
    if (failed(runWithMask(maskValues, outputs)))
      return failure();
    points[k].outputSqnrOnly = sqnrAgainst(reference, outputs);
    std::fill(maskValues.begin(), maskValues.end(), 1.0f);
    maskValues[slot] = 0.0f;
    if (failed(runWithMask(maskValues, outputs)))
      return failure();
    points[k].outputSqnrAllBut = sqnrAgainst(reference, outputs);
    progress.update(int64_t(2 * k + 3));
  }
  std::fill(maskValues.begin(), maskValues.end(), 1.0f);
  if (failed(runWithMask(maskValues, outputs)))
    return failure();
  allPointsSqnr = sqnrAgainst(reference, outputs);
  progress.finish();
  return true;
}
