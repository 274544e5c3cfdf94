//===- WeightRounding.cpp - GPTQ rounding and bias correction -------------===//
//
// Runs after calibrate has fixed every scale. The layers' inputs come from
// the model with every point simulated (activations at their quantized
// values, earlier weights at nearest codes), so each layer compensates the
// inputs it will really see. The patches of those inputs are summed into a
// Hessian and a mean per layer (lib/Calibration/LayerHessian); GPTQ picks
// the codes (lib/Calibration/Gptq); the weight constant is replaced by the
// codes' values, which realize and quant-export round back to the same
// codes, and bias correction moves each conv bias by the mean output shift
// of the rounding. docs/Numerics.md ("GPTQ rounding", "Bias correction").
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "autoquant/Calibration/Gptq.h"
#include "autoquant/Calibration/LayerHessian.h"
#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/Progress.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Threading.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace autoquant;
namespace calib = ::autoquant::calib;

namespace {

/// A weight point read by one op whose outputs are dot products with it.
struct WeightLayer {
  CalibrationPoint *point;
  Operation *layer;
  calib::PatchGeometry geometry;
  std::vector<float> weights;
  std::optional<calib::LayerHessian> hessian;
  /// Per-sample elements of the layer's data input (its shape after the
  /// leading dimension).
  int64_t sampleElements = 1;
  /// The rounded weights' values and the bias shift per output channel.
  std::vector<float> rounded;
  std::vector<double> biasShift;
  /// sum over patches of (w·p)² and of the output error (Δw·p)², for
  /// nearest codes and for the codes chosen.
  double signal = 0, nearestError = 0, roundedError = 0;
  std::string failure;
};

/// The layers whose weights this step rounds.
std::vector<WeightLayer> findLayers(MutableArrayRef<CalibrationPoint> points) {
  std::vector<WeightLayer> layers;
  for (CalibrationPoint &point : points) {
    SimulatedQuantizeOp op = point.op;
    if (op.getKind() != QuantKind::weight || !op.getParamsAttr() ||
        !op.getResult().hasOneUse())
      continue;
    OpOperand &use = *op.getResult().getUses().begin();
    auto model = dyn_cast<QuantizableOpInterface>(use.getOwner());
    if (!model)
      continue;
    std::optional<calib::PatchGeometry> geometry =
        model.getWeightPatches(use.getOperandNumber());
    if (!geometry)
      continue;
    Value data = use.getOwner()->getOperand(geometry->dataOperand);
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    FailureOr<std::vector<float>> weights = readConstantAsFloats(op.getInput());
    if (!dataType || !dataType.getElementType().isF32() || failed(weights))
      continue;
    WeightLayer layer{&point, use.getOwner(), *geometry, std::move(*weights)};
    layer.sampleElements = dataType.getNumElements() /
                           std::max<int64_t>(1, dataType.getDimSize(0));
    layers.push_back(std::move(layer));
  }
  return layers;
}

/// Sums every layer's input patches over the dataset, running the model
/// with every point simulated.
LogicalResult collectHessians(func::FuncOp func,
                              MutableArrayRef<WeightLayer> layers,
                              const WeightRoundingOptions &options,
                              int64_t &numSamples) {
  SmallVector<Value> inputs;
  for (WeightLayer &layer : layers) {
    inputs.push_back(layer.layer->getOperand(layer.geometry.dataOperand));
    calib::Result<calib::LayerHessian> hessian =
        calib::LayerHessian::create(layer.geometry);
    if (!hessian)
      return layer.layer->emitError() << hessian.getMessage();
    layer.hessian.emplace(std::move(*hessian));
  }
  OwningOpRef<ModuleOp> copy = cloneFunctionReturning(func, inputs);
  PassManager pm(func.getContext());
  pm.addPass(createAutoQuantSimulate());
  if (failed(pm.run(*copy)))
    return failure();
  auto simulated = *copy->getOps<func::FuncOp>().begin();
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*copy, simulated.getSymName());
  if (failed(runner))
    return failure();
  auto data = Dataset::open(options.dataset, (*runner)->getArgumentTypes(),
                            options.maxSamples);
  if (!data)
    return func.emitError() << llvm::toString(data.takeError());
  numSamples = (*data)->getNumSamples();

  ProgressReporter progress("calibrate: weight rounding (layer inputs)",
                            numSamples, options.verbose);
  ArrayRef<RankedTensorType> resultTypes = (*runner)->getResultTypes();
  auto consume = [&](const Batch &batch) -> llvm::Error {
    // Layers are independent: their sums run on the context's threads.
    parallelFor(func.getContext(), 0, layers.size(), [&](size_t index) {
      std::optional<size_t> elements = batch.realElements(resultTypes[index]);
      if (!elements)
        return;
      WeightLayer &layer = layers[index];
      layer.hessian->accumulate(batch.floatResult(index),
                                *elements / layer.sampleElements);
    });
    progress.update(batch.firstSample + batch.count);
    return llvm::Error::success();
  };
  DatasetExecutor executor(func.getContext(), {runner->get()}, options.threads);
  if (llvm::Error error = executor.run(**data, consume))
    return func.emitError()
           << "weight rounding: " << llvm::toString(std::move(error));
  progress.finish();
  return success();
}

/// Chooses the codes of one layer and what its bias needs.
void roundLayer(WeightLayer &layer, const WeightRoundingOptions &options) {
  QuantParamsAttr params = layer.point->op.getParamsAttr();
  calib::WeightLayout layout(layer.geometry);
  int64_t rows = layout.getRows(), cols = layout.getCols();
  layer.rounded = layer.weights;
  layer.biasShift.assign(layer.geometry.outputChannels, 0.0);
  for (int64_t group = 0; group < layout.getNumGroups(); ++group) {
    std::vector<calib::RowQuantizer> quantizers;
    for (int64_t row = 0; row < rows; ++row) {
      size_t channel =
          params.isPerAxis() ? layout.getScaleChannel(group, row) : 0;
      quantizers.push_back({params.getScales()[channel],
                            params.getZeroPointAt(channel), params.getClipMin(),
                            params.getClipMax()});
    }
    std::vector<float> matrix = layout.extract(layer.weights, group);
    std::vector<double> hessian = layer.hessian->getHessian(group);
    std::vector<int64_t> nearest =
        calib::nearestQuantize(matrix, rows, cols, quantizers);
    std::vector<int64_t> codes = nearest;
    if (options.rounding == WeightRounding::Gptq) {
      calib::Result<std::vector<int64_t>> gptq = calib::gptqQuantize(
          matrix, rows, cols, hessian, quantizers, options.gptq);
      if (!gptq) {
        layer.failure = gptq.getMessage();
        return;
      }
      codes = std::move(*gptq);
    }
    std::vector<double> mean = layer.hessian->getMeanPatch(group);
    std::vector<double> weightsOf(rows * cols), nearestDelta(rows * cols),
        delta(rows * cols);
    for (int64_t row = 0; row < rows; ++row) {
      const calib::RowQuantizer &q = quantizers[row];
      double shift = 0;
      for (int64_t col = 0; col < cols; ++col) {
        int64_t at = row * cols + col;
        float value =
            static_cast<float>(q.scale * double(codes[at] - q.zeroPoint));
        layer.rounded[layout.getWeightIndex(group, row, col)] = value;
        weightsOf[at] = matrix[at];
        delta[at] = double(matrix[at]) - value;
        nearestDelta[at] =
            double(matrix[at]) - q.scale * double(nearest[at] - q.zeroPoint);
        shift += delta[at] * mean[col];
      }
      layer.biasShift[layout.getOutputChannel(group, row)] = shift;
    }
    layer.signal += calib::sumOfQuadraticForms(weightsOf, rows, cols, hessian);
    layer.nearestError +=
        calib::sumOfQuadraticForms(nearestDelta, rows, cols, hessian);
    layer.roundedError +=
        calib::sumOfQuadraticForms(delta, rows, cols, hessian);
  }
}

double sqnrDb(double signal, double noise) {
  return noise > 0 ? 10.0 * std::log10(signal / noise)
                   : std::numeric_limits<double>::infinity();
}

/// The bias operand of `layer` plus `shift`, as a new constant; failure when
/// the layer has no constant bias of one value per output channel (or one
/// for all).
FailureOr<Value> shiftedBias(Operation *layer, ArrayRef<double> shift) {
  auto model = cast<QuantizableOpInterface>(layer);
  int64_t index = model.getBiasOperandIndex();
  if (index < 0)
    return failure();
  Value bias = layer->getOperand(index);
  FailureOr<std::vector<float>> values = readConstantAsFloats(bias);
  auto type = dyn_cast<RankedTensorType>(bias.getType());
  if (failed(values) || !type || type.getRank() != 1 ||
      (values->size() != shift.size() && values->size() != 1))
    return failure();
  std::vector<float> shifted(shift.size());
  for (size_t i = 0; i < shift.size(); ++i)
    shifted[i] = static_cast<float>(
        double((*values)[values->size() == 1 ? 0 : i]) + shift[i]);
  auto newType =
      RankedTensorType::get({int64_t(shift.size())}, type.getElementType());
  OpBuilder builder(layer);
  auto constant = tosa::ConstOp::create(
      builder, bias.getLoc(), newType,
      DenseElementsAttr::get(newType, ArrayRef<float>(shifted)));
  return constant.getResult();
}

/// Erases `op` when nothing reads it, then the producers only it read (the
/// float constants and layout ops a replaced constant came from).
void eraseIfDead(Operation *op) {
  SmallVector<Operation *> dead = {op};
  while (!dead.empty()) {
    Operation *old = dead.pop_back_val();
    if (!old || !isOpTriviallyDead(old))
      continue;
    // Only producers `old` alone reads: each is queued once.
    for (Value operand : old->getOperands())
      if (operand.hasOneUse())
        dead.push_back(operand.getDefiningOp());
    old->erase();
  }
}

} // namespace

LogicalResult autoquant::roundWeights(func::FuncOp func,
                                      MutableArrayRef<CalibrationPoint> points,
                                      const WeightRoundingOptions &options,
                                      WeightRoundingStats &stats) {
  std::vector<WeightLayer> layers = findLayers(points);
  if (layers.empty())
    return success();
  MLIRContext *ctx = func.getContext();
  SmallVector<CalibrationPoint *> withoutBias;
  // The new weights and bias of one layer, into the function.
  auto apply = [&](WeightLayer &layer) -> LogicalResult {
    SimulatedQuantizeOp op = layer.point->op;
    if (!layer.failure.empty())
      return op.emitError() << "cannot round weight '" << layer.point->name
                            << "': " << layer.failure;
    auto type = cast<RankedTensorType>(op.getType());
    OpBuilder builder(op);
    if (options.rounding == WeightRounding::Gptq) {
      layer.point->originalWeights = layer.weights;
      auto constant = tosa::ConstOp::create(
          builder, op.getInput().getLoc(), type,
          DenseElementsAttr::get(type, ArrayRef<float>(layer.rounded)));
      Operation *old = op.getInput().getDefiningOp();
      op.getInputMutable().assign(constant.getResult());
      eraseIfDead(old);
      op->setAttr("autoquant.weight_rounding", StringAttr::get(ctx, "gptq"));
      layer.point->method += " gptq";
      ++stats.gptqWeights;
    }
    layer.point->layerSqnr = {sqnrDb(layer.signal, layer.nearestError),
                              sqnrDb(layer.signal, layer.roundedError)};
    if (options.biasCorrection) {
      FailureOr<Value> bias = shiftedBias(layer.layer, layer.biasShift);
      if (failed(bias)) {
        withoutBias.push_back(layer.point);
      } else {
        unsigned index =
            cast<QuantizableOpInterface>(layer.layer).getBiasOperandIndex();
        Operation *old = layer.layer->getOperand(index).getDefiningOp();
        layer.layer->setOperand(index, *bias);
        eraseIfDead(old);
        ++stats.biasCorrections;
      }
    }
    if (options.verbose)
      llvm::errs() << llvm::formatv(
          "calibrate: {0}: layer output SQNR {1:f2} dB nearest, {2:f2} dB {3}"
          "\n",
          layer.point->getKey(), layer.point->layerSqnr->first,
          layer.point->layerSqnr->second,
          options.rounding == WeightRounding::Gptq ? "gptq" : "nearest");
    layer.hessian.reset();
    return success();
  };
  // Stages in program order: each collects its layers' inputs from the
  // model in which the stages before it are already rounded.
  int64_t numSamples = 0;
  size_t stages = std::clamp<size_t>(options.stages, 1, layers.size());
  for (size_t stage = 0; stage < stages; ++stage) {
    size_t first = layers.size() * stage / stages;
    size_t last = layers.size() * (stage + 1) / stages;
    MutableArrayRef<WeightLayer> chunk(layers.data() + first, last - first);
    if (failed(collectHessians(func, chunk, options, numSamples)))
      return failure();
    parallelFor(ctx, 0, chunk.size(),
                [&](size_t index) { roundLayer(chunk[index], options); });
    for (WeightLayer &layer : chunk)
      if (failed(apply(layer)))
        return failure();
  }
  // Dense layers (tosa.matmul) have no bias operand; one remark for all.
  if (!withoutBias.empty())
    mlir::emitRemark(withoutBias.front()->op.getLoc())
        << "bias correction skips " << withoutBias.size() << " layer"
        << (withoutBias.size() == 1 ? "" : "s")
        << " without a constant per-channel bias operand (first: '"
        << withoutBias.front()->name << "')";
  if (options.verbose)
    llvm::errs() << llvm::formatv(
        "calibrate: weight rounding: {0} layers from {1} samples in {2} "
        "stage{3}\n",
        layers.size(), numSamples, stages, stages == 1 ? "" : "s");
  return success();
}
