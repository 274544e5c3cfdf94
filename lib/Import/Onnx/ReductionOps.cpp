//===- ReductionOps.cpp - ONNX reductions ---------------------------------===//
//
// ReduceSum, ReduceMean, ReduceMax and ReduceMin: folded on the host for
// constant inputs, a global pool for a mean / max over H and W of an NCHW
// tensor, and otherwise one TOSA reduction per axis in the input's
// physical layout.
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

enum class Reduce { Sum, Mean, Max, Min };

LogicalResult emitReduce(Importer &im, Reduce kind) {
  if (failed(im.checkAttributes({"axes", "keepdims", "noop_with_empty_axes"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t rank = x->rank();
  bool present;
  auto axesOr = im.intsFromInputOrAttr(1, "axes", {}, present);
  if (failed(axesOr))
    return failure();
  Shape axes;
  if (axesOr->empty()) {
    if (im.attrInt("noop_with_empty_axes", 0)) {
      im.defineAlias(0, *x);
      return success();
    }
    axes = identityPerm(rank);
  }
  for (int64_t a : *axesOr) {
    auto axis = normalizeAxis(im, a, rank);
    if (failed(axis))
      return failure();
    axes.push_back(*axis);
  }
  bool keep = im.attrInt("keepdims", 1) != 0;
  Shape kept = x->shape, dropped;
  int64_t count = 1;
  for (int64_t a : axes) {
    count *= x->shape[a];
    kept[a] = 1;
  }
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d))
      dropped.push_back(x->shape[d]);
  if (x->isConstant()) {
    // Host reduction over the selected axes.
    HostTensor t = *x->constant, out;
    out.isFloat = t.isFloat;
    out.shape = kept;
    bool isMax = kind == Reduce::Max, isMin = kind == Reduce::Min;
    out.data.assign(host::numElements(kept), isMax   ? -INFINITY
                                             : isMin ? INFINITY
                                                     : 0.0);
    Shape index(rank, 0);
    for (size_t i = 0; i < t.data.size(); ++i) {
      int64_t o = 0;
      for (int64_t d = 0; d < rank; ++d)
        o = o * kept[d] + (kept[d] == 1 ? 0 : index[d]);
      double &slot = out.data[o];
      double v = t.data[i];
      slot = isMax ? std::max(slot, v) : isMin ? std::min(slot, v) : slot + v;
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++index[d] < t.shape[d])
          break;
        index[d] = 0;
      }
    }
    if (kind == Reduce::Mean)
      for (double &v : out.data)
        v /= static_cast<double>(count);
    if (!keep)
      out.shape = dropped;
    im.defineConstant(0, std::move(out));
    return success();
  }
  // A mean / max over H and W of an NCHW tensor is a global pool: the form
  // AutoQuant's rules (and PyTorch's x.mean((2, 3))) expect.
  Shape sortedAxes = axes;
  llvm::sort(sortedAxes);
  if (rank == 4 && sortedAxes == Shape{2, 3} &&
      (kind == Reduce::Mean || kind == Reduce::Max)) {
    const Shape nhwc = {0, 2, 3, 1};
    Value pooled = im.globalPool(im.materialize(*x, nhwc), kind == Reduce::Max);
    if (keep)
      im.define(0, pooled, kept, nhwc);
    else
      im.define(0, im.reshape(pooled, dropped), dropped);
    return success();
  }
  Value v = im.materialize(*x, x->perm);
  Shape physical = permuteShape(x->shape, x->perm);
  for (int64_t a : axes) {
    int64_t p = physicalAxis(x->perm, a);
    physical[p] = 1;
    auto type = im.tensorType(physical);
    switch (kind) {
    case Reduce::Sum:
    case Reduce::Mean:
      v = tosa::ReduceSumOp::create(im.b, im.loc, type, v,
                                    im.b.getI32IntegerAttr(p));
      break;
    case Reduce::Max:
      v = tosa::ReduceMaxOp::create(im.b, im.loc, type, v,
                                    im.b.getI32IntegerAttr(p));
      break;
    case Reduce::Min:
      v = tosa::ReduceMinOp::create(im.b, im.loc, type, v,
                                    im.b.getI32IntegerAttr(p));
      break;
    }
  }
  if (kind == Reduce::Mean)
    v = im.mul(v, im.scalar(1.0f / static_cast<float>(count), rank));
  if (keep) {
    im.define(0, v, kept, x->perm);
    return success();
  }
  ImportedValue reduced(im.loc);
  reduced.shape = kept;
  reduced.value = v;
  reduced.perm = x->perm;
  im.define(0, im.reshape(im.logical(reduced), dropped), dropped);
  return success();
}

LogicalResult emitReduceSum(Importer &im) {
  return emitReduce(im, Reduce::Sum);
}
LogicalResult emitReduceMean(Importer &im) {
  return emitReduce(im, Reduce::Mean);
}
LogicalResult emitReduceMax(Importer &im) {
  return emitReduce(im, Reduce::Max);
}
LogicalResult emitReduceMin(Importer &im) {
  return emitReduce(im, Reduce::Min);
}

} // namespace

void autoquant::onnx_import::addReductionOperators(
    llvm::StringMap<Emitter> &table) {
  table["ReduceSum"] = emitReduceSum;
  table["ReduceMean"] = emitReduceMean;
  table["ReduceMax"] = emitReduceMax;
  table["ReduceMin"] = emitReduceMin;
}
