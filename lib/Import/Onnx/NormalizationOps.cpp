//===- NormalizationOps.cpp - ONNX normalizations and softmax -------------===//
//
// BatchNormalization (folded into the convolution that produces its input
// when it can be), InstanceNormalization, LayerNormalization, Softmax and
// LogSoftmax. They reduce in whatever layout their input is held in.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

//===--- normalizations -----------------------------------------------===//

/// Scales each output channel of a constant convolution weight (BN folding).
DenseElementsAttr scaleChannels(DenseElementsAttr weights,
                                ArrayRef<double> scale, bool lastAxes) {
  auto type = cast<RankedTensorType>(weights.getType());
  std::vector<float> data(weights.getValues<float>().begin(),
                          weights.getValues<float>().end());
  int64_t channels = scale.size();
  int64_t perChannel = static_cast<int64_t>(data.size()) / channels;
  for (size_t i = 0; i < data.size(); ++i) {
    int64_t c = lastAxes ? static_cast<int64_t>(i) % channels
                         : static_cast<int64_t>(i) / perChannel;
    data[i] = static_cast<float>(data[i] * scale[c]);
  }
  return DenseElementsAttr::get(type, ArrayRef<float>(data));
}

/// Folds y = x * scale + shift into the convolution producing x when that
/// convolution feeds nothing else.
bool foldIntoConvolution(Importer &im, ImportedValue &x, ArrayRef<double> scale,
                         ArrayRef<double> shift) {
  if (x.isConstant() || !x.value || x.rank() != 4 || x.perm != kNHWC ||
      !x.value.use_empty() || im.useCounts.lookup(im.node->input(0)) != 1)
    return false;
  Operation *conv = x.value.getDefiningOp();
  if (!conv ||
      !isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp>(
          conv))
    return false;
  auto weight = conv->getOperand(1).getDefiningOp<tosa::ConstOp>();
  auto bias = conv->getOperand(2).getDefiningOp<tosa::ConstOp>();
  if (!weight || !bias || !weight->hasOneUse() || !bias->hasOneUse())
    return false;
  auto weights = cast<DenseElementsAttr>(weight.getValues());
  auto biases = cast<DenseElementsAttr>(bias.getValues());
  if (static_cast<size_t>(biases.getNumElements()) != scale.size())
    return false;
  bool depthwise = isa<tosa::DepthwiseConv2DOp>(conv);
  weight.setValuesAttr(scaleChannels(weights, scale, depthwise));
  std::vector<float> b(biases.getValues<float>().begin(),
                       biases.getValues<float>().end());
  for (size_t c = 0; c < b.size(); ++c)
    b[c] = static_cast<float>(b[c] * scale[c] + shift[c]);
  bias.setValuesAttr(
      DenseElementsAttr::get(biases.getType(), ArrayRef<float>(b)));
  conv->setLoc(FusedLoc::get(im.b.getContext(), {conv->getLoc(), im.loc}));
  return true;
}

/// x * scale + shift with per-channel (axis 1) constants, in x's layout.
void defineChannelAffine(Importer &im, ImportedValue &x,
                         std::vector<double> scale, std::vector<double> shift) {
  Shape shape(x.rank(), 1);
  shape[1] = x.shape[1];
  ImportedValue s(im.loc), t(im.loc);
  s.shape = t.shape = shape;
  s.constant = std::make_shared<HostTensor>(HostTensor::floats(shape, scale));
  t.constant = std::make_shared<HostTensor>(HostTensor::floats(shape, shift));
  Value v = im.materialize(x, x.perm);
  Value y = im.mul(v, im.materialize(s, x.perm));
  y = tosa::AddOp::create(im.b, im.loc, y.getType(), y,
                          im.materialize(t, x.perm));
  im.define(0, y, x.shape, x.perm);
}

LogicalResult emitBatchNormalization(Importer &im) {
  if (failed(
          im.checkAttributes({"epsilon", "momentum", "spatial", "training_mode",
                              "is_test", "consumed_inputs"})))
    return failure();
  if (im.attrInt("training_mode", 0)) {
    im.fail() << "training_mode = 1 is not supported (inference only)";
    return failure();
  }
  if (im.attrInt("spatial", 1) != 1) {
    im.fail() << "spatial = 0 is not supported";
    return failure();
  }
  for (int i = 1; i < im.numOutputs(); ++i)
    if (im.isOutputUsed(i)) {
      im.fail() << "the running statistics outputs are not supported "
                   "(inference only)";
      return failure();
    }
  ImportedValue *x = im.input(0);
  if (!x || x->rank() < 2) {
    im.fail() << "the input must have a channel dimension";
    return failure();
  }
  int64_t channels = x->shape[1];
  const StringRef names[] = {"scale", "B", "mean", "var"};
  auto paramsOr = im.constantInputs(1, names);
  if (failed(paramsOr))
    return failure();
  SmallVector<HostTensor *> &params = *paramsOr;
  for (int i = 0; i < 4; ++i)
    if (params[i]->size() != channels) {
      im.fail() << names[i] << " has " << params[i]->size() << " values for "
                << channels << " channels";
      return failure();
    }
  double epsilon = im.attrFloat("epsilon", 1e-5f);
  std::vector<double> scale(channels), shift(channels);
  for (int64_t c = 0; c < channels; ++c) {
    scale[c] = params[0]->data[c] / std::sqrt(params[3]->data[c] + epsilon);
    shift[c] = params[1]->data[c] - params[2]->data[c] * scale[c];
  }
  if (x->isConstant()) {
    HostTensor t = *x->constant;
    if (t.size() == 0)
      return im.defineConstant(0, std::move(t)), success();
    int64_t inner = t.size() / (t.shape[0] * channels);
    for (size_t i = 0; i < t.data.size(); ++i) {
      int64_t c = (static_cast<int64_t>(i) / inner) % channels;
      t.data[i] = t.data[i] * scale[c] + shift[c];
    }
    im.defineConstant(0, std::move(t));
    return success();
  }
  if (foldIntoConvolution(im, *x, scale, shift)) {
    im.defineAlias(0, *x);
    return success();
  }
  defineChannelAffine(im, *x, scale, shift);
  return success();
}

/// Mean and variance over the logical `axes` of x, in x's physical layout;
/// returns (x - mean, 1 / sqrt(var + eps), mean).
std::tuple<Value, Value, Value> normalize(Importer &im, ImportedValue &x,
                                          const Shape &axes, double epsilon) {
  Value v = im.materialize(x, x.perm);
  Shape physical = permuteShape(x.shape, x.perm);
  int64_t count = 1;
  auto reduceSum = [&](Value in) {
    Shape s = Importer::shapeOf(in);
    for (int64_t a : axes) {
      int64_t p = x.perm.empty() ? a : llvm::find(x.perm, a) - x.perm.begin();
      s[p] = 1;
      in = tosa::ReduceSumOp::create(im.b, im.loc, im.tensorType(s), in,
                                     im.b.getI32IntegerAttr(p));
    }
    return in;
  };
  for (int64_t a : axes)
    count *= x.shape[a];
  int64_t rank = x.rank();
  Value inverseCount = im.scalar(1.0f / static_cast<float>(count), rank);
  Value mean = im.mul(reduceSum(v), inverseCount);
  Value centered = tosa::SubOp::create(im.b, im.loc, v.getType(), v, mean);
  Value variance = im.mul(reduceSum(im.mul(centered, centered)), inverseCount);
  Value shifted =
      tosa::AddOp::create(im.b, im.loc, variance.getType(), variance,
                          im.scalar(static_cast<float>(epsilon), rank));
  Value inverseStd =
      tosa::RsqrtOp::create(im.b, im.loc, shifted.getType(), shifted);
  return {centered, inverseStd, mean};
}

LogicalResult emitInstanceNormalization(Importer &im) {
  if (failed(im.checkAttributes({"epsilon"})))
    return failure();
  ImportedValue *x = im.input(0);
  if (!x || x->rank() < 3) {
    im.fail() << "the input must have spatial dimensions";
    return failure();
  }
  int64_t channels = x->shape[1];
  auto params = im.constantInputs(1, {"scale", "B"});
  if (failed(params))
    return failure();
  HostTensor *scale = (*params)[0], *bias = (*params)[1];
  if (scale->size() != channels || bias->size() != channels) {
    im.fail() << "scale and B must have one value per channel";
    return failure();
  }
  Shape axes;
  for (int64_t d = 2; d < x->rank(); ++d)
    axes.push_back(d);
  auto [centered, inverseStd, mean] =
      normalize(im, *x, axes, im.attrFloat("epsilon", 1e-5f));
  (void)mean;
  Value y = im.mul(centered, inverseStd);
  ImportedValue normalized(im.loc);
  normalized.shape = x->shape;
  normalized.value = y;
  normalized.perm = x->perm;
  defineChannelAffine(im, normalized, scale->data, bias->data);
  return success();
}

LogicalResult emitLayerNormalization(Importer &im) {
  if (failed(im.checkAttributes({"axis", "epsilon", "stash_type"})))
    return failure();
  ImportedValue *x = im.input(0);
  auto axis = normalizeAxis(im, im.attrInt("axis", -1), x->rank());
  if (failed(axis))
    return failure();
  Shape axes, reducedShape = x->shape;
  for (int64_t d = *axis; d < x->rank(); ++d) {
    axes.push_back(d);
    reducedShape[d] = 1;
  }
  auto [centered, inverseStd, mean] =
      normalize(im, *x, axes, im.attrFloat("epsilon", 1e-5f));
  Value y = im.mul(centered, inverseStd);
  for (int i : {1, 2}) {
    ImportedValue *p = im.input(i);
    if (!p)
      continue;
    Shape out;
    if (!host::broadcastShapes(x->shape, p->shape, out) || out != x->shape) {
      im.fail() << (i == 1 ? "Scale" : "B")
                << " does not broadcast to the input";
      return failure();
    }
    Value pv = im.broadcastOperand(*p, x->rank(), x->perm);
    y = i == 1
            ? im.mul(y, pv)
            : tosa::AddOp::create(im.b, im.loc, y.getType(), y, pv).getResult();
  }
  im.define(0, y, x->shape, x->perm);
  im.define(1, mean, reducedShape, x->perm);
  im.define(2, inverseStd, reducedShape, x->perm);
  return success();
}

//===--- softmax --------------------------------------------------------===//

LogicalResult emitSoftmax(Importer &im, bool isLog) {
  if (failed(im.checkAttributes({"axis"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t rank = x->rank();
  auto axisOr =
      normalizeAxis(im, im.attrInt("axis", im.opset >= 13 ? -1 : 1), rank);
  if (failed(axisOr))
    return failure();
  Value v;
  Shape perm = x->perm, shape = x->shape;
  int64_t p;
  if (im.opset < 13 && *axisOr != rank - 1) {
    // Before opset 13 the input is coerced to 2-D at `axis`.
    int64_t outer = 1;
    for (int64_t d = 0; d < *axisOr; ++d)
      outer *= x->shape[d];
    shape = {outer, host::numElements(x->shape) / outer};
    v = im.reshape(im.logical(*x), shape);
    perm.clear();
    p = 1;
  } else {
    v = im.materialize(*x, x->perm);
    p = perm.empty() ? *axisOr : llvm::find(perm, *axisOr) - perm.begin();
  }
  Shape reduced = Importer::shapeOf(v);
  reduced[p] = 1;
  auto reducedType = im.tensorType(reduced);
  Value max = tosa::ReduceMaxOp::create(im.b, im.loc, reducedType, v,
                                        im.b.getI32IntegerAttr(p));
  Value shifted = tosa::SubOp::create(im.b, im.loc, v.getType(), v, max);
  Value e = tosa::ExpOp::create(im.b, im.loc, v.getType(), shifted);
  Value sum = tosa::ReduceSumOp::create(im.b, im.loc, reducedType, e,
                                        im.b.getI32IntegerAttr(p));
  Value y;
  if (isLog)
    y = tosa::SubOp::create(
        im.b, im.loc, v.getType(), shifted,
        tosa::LogOp::create(im.b, im.loc, reducedType, sum));
  else
    y = im.mul(e, tosa::ReciprocalOp::create(im.b, im.loc, reducedType, sum));
  if (shape != x->shape) {
    im.define(0, im.reshape(y, x->shape), x->shape);
    return success();
  }
  im.define(0, y, x->shape, perm);
  return success();
}

LogicalResult emitSoftmaxOp(Importer &im) { return emitSoftmax(im, false); }
LogicalResult emitLogSoftmax(Importer &im) { return emitSoftmax(im, true); }

} // namespace

void autoquant::onnx_import::addNormalizationOperators(
    llvm::StringMap<Emitter> &table) {
  table["BatchNormalization"] = emitBatchNormalization;
  table["InstanceNormalization"] = emitInstanceNormalization;
  table["LayerNormalization"] = emitLayerNormalization;
  table["Softmax"] = emitSoftmaxOp;
  table["LogSoftmax"] = emitLogSoftmax;
}
