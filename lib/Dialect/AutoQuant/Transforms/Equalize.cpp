//===- Equalize.cpp - Cross-layer equalization of channel ranges ----------===//
//
// Finds producer -> (relu / pool / zero pad)* -> consumer chains through the
// QuantizableOpInterface models, computes per-channel factors
// (lib/Calibration/Equalization.cpp) from activation ranges measured with the
// JIT runner or from the producer's weights, and rewrites the constant
// weights and bias so the float function stays the same.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/Equalization.h"
#include "autoquant/Calibration/WeightScale.h"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Runtime/Progress.h"
#include "autoquant/Support/AxisIndex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTEQUALIZE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace calib = ::autoquant::calib;

namespace {

/// A constant operand divided by the factors along `axis` (a producer's
/// weight or bias, a layer norm's gamma or beta).
struct DividedConstant {
  Operation *op;
  unsigned operand;
  int64_t axis;
};

/// A producer whose output channels reach `consumer`'s data input through
/// ops that commute with per-channel scaling; `activation` is the value the
/// consumer reads. `divided` are the producer's per-channel constants, the
/// first one standing for the channel ranges with source=weights.
struct EqualizationPair {
  Operation *producer;
  Operation *consumer;
  Value activation;
  int64_t numChannels;
  SmallVector<DividedConstant, 2> divided;
  /// SmoothQuant's form: the producer is a per-channel affine x * gamma
  /// (+ beta), a layer norm's last step, not a conv.
  bool isAffine = false;
};

/// The f32 constant operand `index` of `op`, or null.
DenseElementsAttr getF32Constant(Operation *op, int64_t index) {
  if (index < 0 || index >= static_cast<int64_t>(op->getNumOperands()))
    return {};
  Operation *def = op->getOperand(index).getDefiningOp();
  DenseElementsAttr attr;
  if (!def || !matchPattern(def, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return {};
  return attr;
}

int64_t getLastDimSize(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() == 0 || !type.hasStaticShape())
    return ShapedType::kDynamic;
  return type.getShape().back();
}

/// From `value` (`channels` channels along `axis`, computed by `producer`)
/// through single-use transposes (which move the channel axis) and ops that
/// commute with per-channel scaling on a last-axis channel dimension, to a
/// consumer that reads it as data, channels last, with constant weights
/// that have an input-channel axis.
std::optional<EqualizationPair> followToConsumer(Operation *producer,
                                                 Value value, int64_t axis,
                                                 int64_t channels) {
  while (value.hasOneUse()) {
    OpOperand &use = *value.getUses().begin();
    Operation *user = use.getOwner();
    if (use.getOperandNumber() != 0 || user->getNumResults() != 1)
      return std::nullopt;
    if (auto transpose = dyn_cast<tosa::TransposeOp>(user)) {
      ArrayRef<int32_t> perms = transpose.getPerms();
      auto it = llvm::find(perms, axis);
      if (it == perms.end())
        return std::nullopt;
      axis = it - perms.begin();
      value = transpose.getResult();
      continue;
    }
    auto model = dyn_cast<QuantizableOpInterface>(user);
    if (!model || axis != cast<RankedTensorType>(value.getType()).getRank() - 1)
      return std::nullopt;
    if (model.commutesWithChannelScaling()) {
      value = user->getResult(0);
      if (getLastDimSize(value) != channels)
        return std::nullopt;
      axis = cast<RankedTensorType>(value.getType()).getRank() - 1;
      continue;
    }
    int64_t inputAxis = model.getWeightInputChannelAxis(1);
    DenseElementsAttr consumerWeight = getF32Constant(user, 1);
    if (inputAxis < 0 || !consumerWeight ||
        consumerWeight.getType().getDimSize(inputAxis) != channels)
      return std::nullopt;
    return EqualizationPair{producer, user, value, channels, {}};
  }
  return std::nullopt;
}

/// The pair starting at `producer`, if its chain ends in a consumer.
std::optional<EqualizationPair> matchPair(Operation *producer) {
  auto model = dyn_cast<QuantizableOpInterface>(producer);
  if (!model || producer->getNumResults() != 1 ||
      producer->getNumOperands() < 2)
    return std::nullopt;
  int64_t outputAxis = model.getWeightChannelAxis(1);
  int64_t biasIndex = model.getBiasOperandIndex();
  DenseElementsAttr weight = getF32Constant(producer, 1);
  if (outputAxis < 0 || biasIndex < 0 || !weight ||
      !getF32Constant(producer, biasIndex))
    return std::nullopt;
  int64_t channels = getLastDimSize(producer->getResult(0));
  // One weight slice per output channel (not a depthwise multiplier > 1).
  if (channels == ShapedType::kDynamic ||
      weight.getType().getDimSize(outputAxis) != channels)
    return std::nullopt;

  Value result = producer->getResult(0);
  std::optional<EqualizationPair> pair = followToConsumer(
      producer, result, cast<RankedTensorType>(result.getType()).getRank() - 1,
      channels);
  if (!pair)
    return std::nullopt;
  auto biasType =
      cast<RankedTensorType>(producer->getOperand(biasIndex).getType());
  pair->divided = {
      {producer, 1, outputAxis},
      {producer, static_cast<unsigned>(biasIndex), biasType.getRank() - 1}};
  return pair;
}

/// The axis along which a constant holds one value per channel (every
/// other dimension 1), or -1 if it is not such a constant.
int64_t getChannelConstantAxis(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return -1;
  ArrayRef<int64_t> shape = attr.getType().getShape();
  int64_t axis = -1;
  for (auto [index, dim] : llvm::enumerate(shape))
    if (dim != 1) {
      if (axis >= 0)
        return -1;
      axis = static_cast<int64_t>(index);
    }
  return axis;
}

/// SmoothQuant's pair: x * gamma (+ beta) with per-channel constants (a
/// layer norm's affine step, channels along any axis) whose channels reach
/// the last axis of a matmul's or conv's data through transposes and
/// reshapes that keep the last dimension.
std::optional<EqualizationPair> matchAffinePair(Operation *op) {
  auto mul = dyn_cast<tosa::MulOp>(op);
  if (!mul)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(mul.getType());
  int64_t axis = getChannelConstantAxis(mul.getInput2());
  DenseIntElementsAttr shift;
  if (!type || !type.hasStaticShape() || axis < 0 ||
      getChannelConstantAxis(mul.getInput1()) >= 0 ||
      cast<RankedTensorType>(mul.getInput2().getType()).getRank() !=
          type.getRank() ||
      !matchPattern(mul.getShift(), m_Constant(&shift)) ||
      !llvm::all_of(shift.getValues<APInt>(),
                    [](const APInt &v) { return v.isZero(); }))
    return std::nullopt;
  const int64_t channels = type.getDimSize(axis);
  Value value = mul.getResult();
  Operation *add = nullptr;
  if (value.hasOneUse())
    if (auto next = dyn_cast<tosa::AddOp>(*value.getUsers().begin());
        next && next.getInput1() == value &&
        getChannelConstantAxis(next.getInput2()) == axis &&
        cast<RankedTensorType>(next.getInput2().getType()).getDimSize(axis) ==
            channels) {
      add = next;
      value = next.getResult();
    }
  std::optional<EqualizationPair> pair =
      followToConsumer(op, value, axis, channels);
  if (!pair)
    return std::nullopt;
  pair->isAffine = true;
  pair->divided = {{op, 1, axis}};
  if (add)
    pair->divided.push_back({add, 1, axis});
  return pair;
}

/// max |w| of every slice of `weight` along `axis` (an error at `op` for
/// NaN / Inf).
FailureOr<std::vector<double>>
getRangesAlongAxis(Operation *op, DenseElementsAttr weight, int64_t axis) {
  auto values = llvm::to_vector(weight.getValues<float>());
  ArrayRef<int64_t> shape = weight.getType().getShape();
  calib::Result<std::vector<double>> ranges = calib::computeAbsMaxAlongAxis(
      values.data(), std::vector<int64_t>(shape.begin(), shape.end()), axis);
  if (!ranges)
    return op->emitError() << "autoquant-equalize: " << ranges.getMessage();
  return *ranges;
}

/// `attr` with every element multiplied by factors[index along `axis`]
/// (divided when `divide`).
DenseElementsAttr scaleAlongAxis(DenseElementsAttr attr, int64_t axis,
                                 ArrayRef<double> factors, bool divide) {
  auto values = llvm::to_vector(attr.getValues<float>());
  ::autoquant::AxisIndex channels(attr.getType().getShape(), axis);
  for (size_t i = 0; i < values.size(); ++i) {
    double factor = factors[channels.channelOf(i)];
    values[i] =
        static_cast<float>(divide ? values[i] / factor : values[i] * factor);
  }
  return DenseElementsAttr::get(attr.getType(), ArrayRef<float>(values));
}

/// Replaces operand `index` of `op` by a new constant holding `attr`
/// (the old constant may have other users) and erases the old one if it has
/// none left.
void replaceConstantOperand(Operation *op, int64_t index,
                            DenseElementsAttr attr) {
  Value old = op->getOperand(index);
  OpBuilder builder(op);
  Value replacement =
      tosa::ConstOp::create(builder, old.getLoc(), attr.getType(), attr);
  op->setOperand(index, replacement);
  if (Operation *def = old.getDefiningOp(); def && def->use_empty())
    def->erase();
}

/// max |x| over a float constant (1 when all zero, so ratios stay finite).
double getAbsMax(DenseElementsAttr attr) {
  double absMax = 0;
  for (float value : attr.getValues<float>())
    absMax = std::max(absMax, static_cast<double>(std::fabs(value)));
  return absMax > 0 ? absMax : 1.0;
}

bool isAllFinite(DenseElementsAttr attr) {
  return llvm::all_of(attr.getValues<float>(),
                      [](float value) { return std::isfinite(value); });
}

/// Two decimals, or two significant digits in exponent form for ratios
/// beyond a million or below 0.01.
std::string formatRatio(double ratio) {
  if (ratio >= 1e6 || (ratio > 0 && ratio < 1e-2))
    return llvm::formatv("{0:e2}", ratio).str();
  return llvm::formatv("{0:f2}", ratio).str();
}

/// max / min over the channels with a nonzero range (1 when none).
double getRangeRatio(ArrayRef<double> ranges) {
  double lo = 0, hi = 0;
  for (double range : ranges)
    if (range > 0) {
      lo = lo > 0 ? std::min(lo, range) : range;
      hi = std::max(hi, range);
    }
  return lo > 0 ? hi / lo : 1.0;
}

struct EqualizePass
    : public autoquant::impl::AutoQuantEqualizeBase<EqualizePass> {
  using AutoQuantEqualizeBase::AutoQuantEqualizeBase;

  void runOnOperation() override;

private:
  FailureOr<SmallVector<func::FuncOp>> findFunctions(bool useActivations);
  LogicalResult equalize(func::FuncOp func, bool useActivations,
                         double strength);
  LogicalResult measureActivations(func::FuncOp func,
                                   ArrayRef<EqualizationPair> pairs,
                                   std::vector<std::vector<double>> &ranges);
};

/// The functions to equalize: `entry`, or every function with a body
/// (source=activations runs one function on the dataset, so it needs a
/// single one).
FailureOr<SmallVector<func::FuncOp>>
EqualizePass::findFunctions(bool useActivations) {
  ModuleOp module = getOperation();
  if (!entry.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal())
      return module.emitError() << "autoquant-equalize: entry names '" << entry
                                << "', which is not a function with a body";
    return SmallVector<func::FuncOp>{func};
  }
  SmallVector<func::FuncOp> functions;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal())
      functions.push_back(func);
  if (useActivations && functions.size() > 1)
    return module.emitError()
           << "autoquant-equalize: source=activations runs one function on "
              "the dataset, but the module has "
           << functions.size() << " functions; choose one with entry=NAME";
  return functions;
}

/// Runs a copy of `func` that returns every pair's activation over the
/// dataset and keeps each channel's max |x|.
LogicalResult
EqualizePass::measureActivations(func::FuncOp func,
                                 ArrayRef<EqualizationPair> pairs,
                                 std::vector<std::vector<double>> &ranges) {
  SmallVector<Value> observed;
  for (const EqualizationPair &pair : pairs)
    observed.push_back(pair.activation);
  OwningOpRef<ModuleOp> copy = cloneFunctionReturning(func, observed);
  FailureOr<std::unique_ptr<JitRunner>> runner =
      JitRunner::create(*copy, func.getSymName());
  if (failed(runner))
    return failure();
  auto data = Dataset::open(dataset, (*runner)->getArgumentTypes(), maxSamples);
  if (!data)
    return func.emitError()
           << "autoquant-equalize: " << llvm::toString(data.takeError());
  std::vector<calib::ChannelRangeObserver> observers;
  for (const EqualizationPair &pair : pairs)
    observers.emplace_back(pair.numChannels);
  ProgressReporter progress("equalize", (*data)->getNumSamples(), verbose);
  auto consume = [&](const Batch &batch) -> llvm::Error {
    for (auto [index, observer] : llvm::enumerate(observers))
      if (std::optional<size_t> elements =
              batch.realElements((*runner)->getResultTypes()[index]))
        observer.observe(batch.floatResult(index), *elements);
    progress.update(batch.firstSample + batch.count);
    return llvm::Error::success();
  };
  DatasetExecutor executor(&getContext(), {runner->get()}, threads);
  if (llvm::Error error = executor.run(**data, consume))
    return func.emitError()
           << "autoquant-equalize: " << llvm::toString(std::move(error));
  progress.finish();
  for (auto [index, observer] : llvm::enumerate(observers)) {
    if (calib::Status status = observer.check(); !status)
      return pairs[index].consumer->emitError()
             << "autoquant-equalize: the input of this op has "
             << status.getMessage();
    ranges.push_back(observer.getAbsMax());
  }
  return success();
}

void EqualizePass::runOnOperation() {
  bool useActivations = source == EqualizeSource::Activations;
  double strength = alpha < 0 ? (useActivations ? 1.0 : 0.5) : double(alpha);
  if (alpha != -1 && !(alpha >= 0 && alpha <= 1)) {
    getOperation().emitError()
        << "autoquant-equalize: alpha must be in [0, 1], got " << alpha;
    return signalPassFailure();
  }
  FailureOr<SmallVector<func::FuncOp>> functions =
      findFunctions(useActivations);
  if (failed(functions))
    return signalPassFailure();
  for (func::FuncOp func : *functions)
    if (failed(equalize(func, useActivations, strength)))
      return signalPassFailure();
}

LogicalResult EqualizePass::equalize(func::FuncOp func, bool useActivations,
                                     double strength) {
  // Equalization rewrites float constants; after annotate the weights and
  // the activations between layers sit behind simulated_quantize ops (and
  // calibrated scales would be stale), so nothing would match.
  if (func.walk([](SimulatedQuantizeOp) { return WalkResult::interrupt(); })
          .wasInterrupted()) {
    func.emitWarning() << "autoquant-equalize: '" << func.getSymName()
                       << "' already has simulated_quantize ops; equalize the "
                          "float model, before autoquant-annotate";
    return success();
  }

  // Top-level ops only: values inside nested regions cannot be returned by
  // the instrumented copy.
  SmallVector<EqualizationPair> pairs;
  for (Operation &op : func.getBody().front()) {
    std::optional<EqualizationPair> pair = matchPair(&op);
    if (!pair)
      pair = matchAffinePair(&op);
    if (pair)
      pairs.push_back(*pair);
  }
  if (pairs.empty())
    return success();

  std::vector<std::vector<double>> sourceRanges;
  if (useActivations) {
    if (dataset.empty()) {
      func.emitError() << "autoquant-equalize: source=activations needs a "
                          "dataset (dataset=FILE.npy or .npz), or use "
                          "source=weights";
      return failure();
    }
    if (failed(measureActivations(func, pairs, sourceRanges)))
      return failure();
  }

  // In program order: a conv that consumes one pair and produces the next
  // has its input channels scaled first, then its output channels.
  for (auto [index, pair] : llvm::enumerate(pairs)) {
    auto consumer = cast<QuantizableOpInterface>(pair.consumer);
    int64_t inputAxis = consumer.getWeightInputChannelAxis(1);
    DenseElementsAttr consumerWeight = getF32Constant(pair.consumer, 1);
    SmallVector<DenseElementsAttr, 2> divided;
    for (const DividedConstant &constant : pair.divided)
      divided.push_back(getF32Constant(constant.op, constant.operand));

    FailureOr<std::vector<double>> consumerRanges =
        getRangesAlongAxis(pair.consumer, consumerWeight, inputAxis);
    if (failed(consumerRanges))
      return failure();
    std::vector<double> ranges;
    if (useActivations) {
      ranges = sourceRanges[index];
    } else {
      FailureOr<std::vector<double>> producerRanges = getRangesAlongAxis(
          pair.producer, divided.front(), pair.divided.front().axis);
      if (failed(producerRanges))
        return failure();
      ranges = *producerRanges;
    }
    calib::Result<std::vector<double>> factors =
        calib::computeEqualizationFactors(ranges, *consumerRanges, strength);
    if (!factors) {
      pair.producer->emitError()
          << "autoquant-equalize: " << factors.getMessage();
      return failure();
    }

    SmallVector<DenseElementsAttr, 2> newDivided;
    for (auto [constant, attr] : llvm::zip(pair.divided, divided)) {
      int64_t axis = constant.axis;
      // A bias broadcast from one value becomes one value per channel.
      if (attr.getNumElements() == 1 && pair.numChannels > 1) {
        attr = DenseElementsAttr::get(
            RankedTensorType::get({pair.numChannels}, attr.getElementType()),
            attr.getValues<float>()[0]);
        axis = 0;
      }
      newDivided.push_back(scaleAlongAxis(attr, axis, *factors, true));
    }
    DenseElementsAttr newConsumerWeight =
        scaleAlongAxis(consumerWeight, inputAxis, *factors, false);
    // Ranges many orders of magnitude apart can push a weight past float.
    if (!llvm::all_of(newDivided, isAllFinite) ||
        !isAllFinite(newConsumerWeight)) {
      pair.producer->emitWarning()
          << "autoquant-equalize: not equalized: the factors (channel ranges "
             "from "
          << llvm::formatv("{0:e2} to {1:e2}",
                           *std::min_element(ranges.begin(), ranges.end()),
                           *std::max_element(ranges.begin(), ranges.end()))
          << ") would overflow float32 weights";
      ++numSkipped;
      continue;
    }
    for (auto [constant, attr] : llvm::zip(pair.divided, newDivided))
      replaceConstantOperand(constant.op, constant.operand, attr);
    replaceConstantOperand(pair.consumer, 1, newConsumerWeight);

    ++numPairs;
    if (verbose) {
      std::vector<double> after(ranges.size());
      for (size_t c = 0; c < ranges.size(); ++c)
        after[c] = ranges[c] / (*factors)[c];
      std::optional<StringRef> name = getLocationName(pair.consumer->getLoc());
      InFlightDiagnostic remark = pair.producer->emitRemark();
      remark << (pair.isAffine ? "smoothed " : "equalized ") << pair.numChannels
             << (pair.isAffine ? " channels into " : " channels with ")
             << (name ? "'" + name->str() + "'"
                      : pair.consumer->getName().getStringRef().str())
             << ": "
             << (useActivations ? "activation"
                                : (pair.isAffine ? "gamma" : "weight"))
             << " channel-range ratio " << formatRatio(getRangeRatio(ranges))
             << " -> " << formatRatio(getRangeRatio(after))
             << "; max |weight| x";
      // What per-tensor weight scales pay for it (a conv producer's own
      // weights too).
      if (!pair.isAffine)
        remark << formatRatio(getAbsMax(newDivided.front()) /
                              getAbsMax(divided.front()))
               << " here, x";
      remark << formatRatio(getAbsMax(newConsumerWeight) /
                            getAbsMax(consumerWeight))
             << " in the consumer";
    }
  }
  return success();
}

} // namespace
