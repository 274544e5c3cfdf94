//===- DataMovementOps.cpp - ONNX reshape, slice, concat, pad ops ---------===//
//
// Operators that move data without computing on it: Reshape, Flatten,
// Squeeze, Unsqueeze, Transpose, Concat, Slice, Split, Gather, Expand, Tile
// and Pad. They fold on the host for constant inputs; otherwise reshapes
// work in the logical layout, a Transpose only changes the layout a value
// is held in, and the others run in the input's physical layout.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

/// Largest pad, repeat or window extent accepted (keeps shape arithmetic far
/// from overflow).
constexpr int64_t kMaxExtent = int64_t(1) << 31;

/// Defines output 0 as `x` read in the logical layout with a new shape.
LogicalResult defineReshaped(Importer &im, ImportedValue &x, Shape shape) {
  if (host::numElements(shape) != host::numElements(x.shape)) {
    im.fail() << "the new shape has " << host::numElements(shape)
              << " elements where the input has " << host::numElements(x.shape);
    return failure();
  }
  if (x.isConstant()) {
    HostTensor t = *x.constant;
    t.shape = shape;
    im.defineConstant(0, std::move(t));
    return success();
  }
  im.define(0, im.reshape(im.logical(x), shape), shape);
  return success();
}

LogicalResult emitReshape(Importer &im) {
  if (failed(im.checkAttributes({"allowzero", "shape"})))
    return failure();
  ImportedValue *x = im.input(0);
  bool present;
  auto requested = im.intsFromInputOrAttr(1, "shape", {}, present);
  if (failed(requested))
    return failure();
  if (!present) {
    im.fail() << "the target shape is missing";
    return failure();
  }
  bool allowZero = im.attrInt("allowzero", 0) != 0;
  Shape shape = *requested;
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 0 && !allowZero) {
      if (i >= x->shape.size()) {
        im.fail() << "dimension " << i << " copies an input dimension that "
                  << "does not exist";
        return failure();
      }
      shape[i] = x->shape[i];
    }
    if (shape[i] == -1) {
      if (inferred >= 0) {
        im.fail() << "more than one dimension is -1";
        return failure();
      }
      inferred = i;
      continue;
    }
    if (shape[i] < 0) {
      im.fail() << "dimension " << i << " is " << shape[i];
      return failure();
    }
    if (__builtin_mul_overflow(known, shape[i], &known)) {
      im.fail() << "the new shape is too large";
      return failure();
    }
  }
  if (inferred >= 0)
    shape[inferred] = known ? host::numElements(x->shape) / known : 0;
  return defineReshaped(im, *x, shape);
}

LogicalResult emitFlatten(Importer &im) {
  if (failed(im.checkAttributes({"axis"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t axis = im.attrInt("axis", 1);
  if (axis < 0)
    axis += x->rank();
  if (axis < 0 || axis > x->rank()) {
    im.fail() << "axis " << im.attrInt("axis", 1) << " is out of range";
    return failure();
  }
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= x->shape[d];
  return defineReshaped(
      im, *x,
      {outer, host::numElements(x->shape) / std::max<int64_t>(outer, 1)});
}

LogicalResult emitSqueeze(Importer &im) {
  if (failed(im.checkAttributes({"axes"})))
    return failure();
  ImportedValue *x = im.input(0);
  bool present;
  auto axes = im.intsFromInputOrAttr(1, "axes", {}, present);
  if (failed(axes))
    return failure();
  std::vector<bool> drop(x->rank(), false);
  if (!present || axes->empty()) {
    for (int64_t d = 0; d < x->rank(); ++d)
      drop[d] = x->shape[d] == 1;
  } else {
    for (int64_t a : *axes) {
      auto axis = normalizeAxis(im, a, x->rank());
      if (failed(axis))
        return failure();
      if (x->shape[*axis] != 1) {
        im.fail() << "axis " << a << " has size " << x->shape[*axis]
                  << ", not 1";
        return failure();
      }
      drop[*axis] = true;
    }
  }
  Shape shape;
  for (int64_t d = 0; d < x->rank(); ++d)
    if (!drop[d])
      shape.push_back(x->shape[d]);
  return defineReshaped(im, *x, shape);
}

LogicalResult emitUnsqueeze(Importer &im) {
  if (failed(im.checkAttributes({"axes"})))
    return failure();
  ImportedValue *x = im.input(0);
  bool present;
  auto axes = im.intsFromInputOrAttr(1, "axes", {}, present);
  if (failed(axes))
    return failure();
  int64_t rank = x->rank() + static_cast<int64_t>(axes->size());
  std::vector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    auto axis = normalizeAxis(im, a, rank);
    if (failed(axis))
      return failure();
    inserted[*axis] = true;
  }
  Shape shape;
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : x->shape[next++]);
  return defineReshaped(im, *x, shape);
}

LogicalResult emitTranspose(Importer &im) {
  if (failed(im.checkAttributes({"perm"})))
    return failure();
  ImportedValue *x = im.input(0);
  Shape perm = im.attrInts("perm");
  if (perm.empty())
    for (int64_t d = x->rank() - 1; d >= 0; --d)
      perm.push_back(d);
  Shape sorted = perm;
  llvm::sort(sorted);
  if (sorted != identityPerm(x->rank())) {
    im.fail() << "perm is not a permutation of the input's dimensions";
    return failure();
  }
  Shape shape = permuteShape(x->shape, perm);
  if (x->isConstant()) {
    im.defineConstant(0, host::transpose(*x->constant, perm));
    return success();
  }
  // No data moves: the result is the same physical value with a composed
  // layout. out logical i = in logical perm[i]; physical j holds in logical
  // have[j], which is out logical perm^-1[have[j]].
  Shape have = x->perm.empty() ? identityPerm(x->rank()) : x->perm;
  Shape inverse = inversePerm(perm), layout;
  for (int64_t h : have)
    layout.push_back(inverse[h]);
  im.define(0, x->value, shape, layout);
  return success();
}

LogicalResult emitConcat(Importer &im) {
  if (failed(im.checkAttributes({"axis"})))
    return failure();
  std::vector<ImportedValue *> inputs;
  for (int i = 0; i < im.numInputs(); ++i)
    if (ImportedValue *v = im.input(i))
      inputs.push_back(v);
  if (inputs.empty() || !im.attr("axis")) {
    im.fail() << "inputs and an axis are required";
    return failure();
  }
  int64_t rank = inputs[0]->rank();
  auto axis = normalizeAxis(im, im.attrInt("axis", 0), rank);
  if (failed(axis))
    return failure();
  Shape shape = inputs[0]->shape;
  shape[*axis] = 0;
  for (ImportedValue *v : inputs) {
    if (v->rank() != rank) {
      im.fail() << "inputs have different ranks";
      return failure();
    }
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis && v->shape[d] != shape[d]) {
        im.fail() << "inputs differ in dimension " << d;
        return failure();
      }
    shape[*axis] += v->shape[*axis];
  }
  if (inputs.size() == 1) {
    im.defineAlias(0, *inputs[0]);
    return success();
  }
  if (llvm::all_of(inputs, [](ImportedValue *v) { return v->isConstant(); })) {
    std::vector<const HostTensor *> parts;
    for (ImportedValue *v : inputs)
      parts.push_back(v->constant.get());
    im.defineConstant(0, host::concat(parts, *axis));
    return success();
  }
  // The layout of the first input held in a non-logical one (so NHWC
  // branches concatenate in NHWC), else logical.
  Shape perm;
  for (ImportedValue *v : inputs)
    if (!v->isConstant() && !v->perm.empty()) {
      perm = v->perm;
      break;
    }
  SmallVector<Value> operands;
  for (ImportedValue *v : inputs)
    if (host::numElements(v->shape) > 0)
      operands.push_back(im.materialize(*v, perm));
  if (operands.empty()) {
    im.fail() << "every input is empty";
    return failure();
  }
  Value r = tosa::ConcatOp::create(
      im.b, im.loc, im.tensorType(permuteShape(shape, perm)), operands,
      im.b.getI32IntegerAttr(physicalAxis(perm, *axis)));
  im.define(0, r, shape, perm);
  return success();
}

/// Defines output `out` as x[starts:ends] along logical axes (step 1).
void defineSlice(Importer &im, ImportedValue &x, int out, Shape starts,
                 Shape sizes) {
  if (x.isConstant()) {
    Shape ends(starts.size()), steps(starts.size(), 1);
    for (size_t d = 0; d < starts.size(); ++d)
      ends[d] = starts[d] + sizes[d];
    im.defineConstant(out, host::slice(*x.constant, starts, ends, steps));
    return;
  }
  Value v = im.materialize(x, x.perm);
  Value r =
      im.slice(v, permuteShape(starts, x.perm), permuteShape(sizes, x.perm));
  im.define(out, r, sizes, x.perm);
}

LogicalResult emitSlice(Importer &im) {
  if (failed(im.checkAttributes({"starts", "ends", "axes"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t rank = x->rank();
  bool present;
  auto starts = im.intsFromInputOrAttr(1, "starts", {}, present);
  if (failed(starts))
    return failure();
  auto ends = im.intsFromInputOrAttr(2, "ends", {}, present);
  if (failed(ends))
    return failure();
  Shape defaultAxes = identityPerm(starts->size());
  auto axes = im.intsFromInputOrAttr(3, "axes", defaultAxes, present);
  if (failed(axes))
    return failure();
  Shape ones(starts->size(), 1);
  auto steps = im.intsFromInputOrAttr(4, "steps", ones, present);
  if (failed(steps))
    return failure();
  if (starts->size() != ends->size() || axes->size() != starts->size() ||
      steps->size() != starts->size()) {
    im.fail() << "starts, ends, axes and steps differ in length";
    return failure();
  }
  Shape begin(rank, 0), end = x->shape, step(rank, 1);
  for (size_t i = 0; i < axes->size(); ++i) {
    auto axis = normalizeAxis(im, (*axes)[i], rank);
    if (failed(axis))
      return failure();
    int64_t n = x->shape[*axis], s = (*starts)[i], e = (*ends)[i],
            k = (*steps)[i];
    if (k <= 0) {
      im.fail() << "step " << k << " is not supported (positive steps only)";
      return failure();
    }
    k = std::min(k, std::max<int64_t>(n, 1));
    if (s < 0)
      s += n;
    if (e < 0)
      e += n;
    begin[*axis] = std::min(std::max<int64_t>(s, 0), n);
    end[*axis] = std::min(std::max<int64_t>(e, 0), n);
    step[*axis] = k;
  }
  Shape sizes(rank);
  for (int64_t d = 0; d < rank; ++d)
    sizes[d] =
        end[d] > begin[d] ? (end[d] - begin[d] + step[d] - 1) / step[d] : 0;
  if (x->isConstant()) {
    im.defineConstant(0, host::slice(*x->constant, begin, end, step));
    return success();
  }
  if (host::numElements(sizes) == 0) {
    im.fail() << "the slice is empty";
    return failure();
  }
  if (llvm::any_of(step, [](int64_t k) { return k != 1; })) {
    // Strided: slice each kept index and concatenate (small counts only).
    im.fail() << "steps other than 1 on a run-time tensor are not supported";
    return failure();
  }
  defineSlice(im, *x, 0, begin, sizes);
  return success();
}

LogicalResult emitSplit(Importer &im) {
  if (failed(im.checkAttributes({"axis", "split", "num_outputs"})))
    return failure();
  ImportedValue *x = im.input(0);
  auto axis = normalizeAxis(im, im.attrInt("axis", 0), x->rank());
  if (failed(axis))
    return failure();
  int outputs = im.numOutputs();
  if (outputs < 1) {
    im.fail() << "no outputs";
    return failure();
  }
  bool present;
  auto sizes = im.intsFromInputOrAttr(1, "split", {}, present);
  if (failed(sizes))
    return failure();
  Shape parts = *sizes;
  if (!present || parts.empty()) {
    int64_t n = x->shape[*axis], each = (n + outputs - 1) / outputs;
    for (int i = 0; i < outputs; ++i)
      parts.push_back(std::min(each, n - each * i));
  }
  int64_t total = 0;
  for (int64_t p : parts)
    total += p;
  if (static_cast<int>(parts.size()) != outputs || total != x->shape[*axis]) {
    im.fail() << "the split sizes do not add up to dimension " << *axis;
    return failure();
  }
  int64_t offset = 0;
  for (int i = 0; i < outputs; ++i) {
    Shape starts(x->rank(), 0), shape = x->shape;
    starts[*axis] = offset;
    shape[*axis] = parts[i];
    offset += parts[i];
    defineSlice(im, *x, i, starts, shape);
  }
  return success();
}

LogicalResult emitGather(Importer &im) {
  if (failed(im.checkAttributes({"axis"})))
    return failure();
  ImportedValue *x = im.input(0);
  auto axis = normalizeAxis(im, im.attrInt("axis", 0), x->rank());
  if (failed(axis))
    return failure();
  auto indices = im.constantInput(1, "indices");
  if (failed(indices))
    return failure();
  int64_t n = x->shape[*axis];
  for (double k : (*indices)->data)
    if (!(k >= -n && k < n)) {
      im.fail() << "index " << k << " is out of range for dimension " << *axis
                << " of size " << n;
      return failure();
    }
  if (x->isConstant()) {
    im.defineConstant(0, host::gather(*x->constant, **indices, *axis));
    return success();
  }
  // Each index is a slice; a scalar index drops the axis.
  Value v = im.logical(*x);
  SmallVector<Value> pieces;
  for (double raw : (*indices)->data) {
    int64_t k = static_cast<int64_t>(raw) < 0 ? static_cast<int64_t>(raw) + n
                                              : static_cast<int64_t>(raw);
    Shape start(x->rank(), 0), size = x->shape;
    start[*axis] = k;
    size[*axis] = 1;
    pieces.push_back(im.slice(v, start, size));
  }
  Shape shape = x->shape;
  shape[*axis] = static_cast<int64_t>(pieces.size());
  Value r = pieces.size() == 1
                ? pieces.front()
                : tosa::ConcatOp::create(im.b, im.loc, im.tensorType(shape),
                                         pieces, im.b.getI32IntegerAttr(*axis))
                      .getResult();
  Shape outShape(x->shape.begin(), x->shape.begin() + *axis);
  outShape.insert(outShape.end(), (*indices)->shape.begin(),
                  (*indices)->shape.end());
  outShape.insert(outShape.end(), x->shape.begin() + *axis + 1, x->shape.end());
  im.define(0, im.reshape(r, outShape), outShape);
  return success();
}

LogicalResult emitExpand(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  ImportedValue *x = im.input(0);
  auto target = im.constantInput(1, "shape");
  if (failed(target))
    return failure();
  Shape shape;
  if (!host::broadcastShapes(x->shape, (*target)->toInts(), shape)) {
    im.fail() << "the input does not broadcast to the requested shape";
    return failure();
  }
  if (x->isConstant()) {
    if (!im.checkHostSize(shape))
      return failure();
    im.defineConstant(0, host::broadcastTo(*x->constant, shape));
    return success();
  }
  int64_t rank = shape.size();
  Value v = im.broadcastOperand(*x, rank, {});
  Shape have = Importer::shapeOf(v), multiples(rank);
  for (int64_t d = 0; d < rank; ++d)
    multiples[d] = shape[d] / have[d];
  if (multiples != Shape(rank, 1))
    v = tosa::TileOp::create(im.b, im.loc, im.tensorType(shape), v,
                             im.shapeValue(multiples));
  im.define(0, v, shape);
  return success();
}

LogicalResult emitTile(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  ImportedValue *x = im.input(0);
  auto repeats = im.constantInput(1, "repeats");
  if (failed(repeats))
    return failure();
  Shape r = (*repeats)->toInts();
  if (static_cast<int64_t>(r.size()) != x->rank()) {
    im.fail() << "repeats has " << r.size() << " entries for rank "
              << x->rank();
    return failure();
  }
  Shape shape = x->shape;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (r[d] < 1 || r[d] > kMaxExtent) {
      im.fail() << "repeats must be in [1, 2^31]";
      return failure();
    }
    shape[d] *= r[d];
  }
  Value v = im.materialize(*x, x->perm);
  v = tosa::TileOp::create(im.b, im.loc,
                           im.tensorType(permuteShape(shape, x->perm)), v,
                           im.shapeValue(permuteShape(r, x->perm)));
  im.define(0, v, shape, x->perm);
  return success();
}

/// Pads one physical axis by repeating edge or mirrored slices.
Value padAxisBySlices(Importer &im, Value v, int64_t axis, int64_t before,
                      int64_t after, bool reflect) {
  Shape shape = Importer::shapeOf(v);
  int64_t n = shape[axis];
  auto piece = [&](int64_t index) {
    Shape start(shape.size(), 0), size = shape;
    start[axis] = index;
    size[axis] = 1;
    return im.slice(v, start, size);
  };
  SmallVector<Value> parts;
  for (int64_t i = before; i >= 1; --i)
    parts.push_back(piece(reflect ? i : 0));
  parts.push_back(v);
  for (int64_t i = 1; i <= after; ++i)
    parts.push_back(piece(reflect ? n - 1 - i : n - 1));
  if (parts.size() == 1)
    return v;
  shape[axis] = n + before + after;
  return tosa::ConcatOp::create(im.b, im.loc, im.tensorType(shape), parts,
                                im.b.getI32IntegerAttr(axis));
}

LogicalResult emitPad(Importer &im) {
  if (failed(im.checkAttributes({"mode", "pads", "value"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t rank = x->rank();
  bool present;
  auto pads = im.intsFromInputOrAttr(1, "pads", {}, present);
  if (failed(pads))
    return failure();
  float value = im.attrFloat("value", 0.0f);
  if (im.input(2)) {
    auto v = im.constantInput(2, "constant_value");
    if (failed(v))
      return failure();
    if ((*v)->size() > 0)
      value = static_cast<float>((*v)->data[0]);
  }
  Shape before(rank, 0), after(rank, 0);
  if (im.input(3)) {
    auto axes = im.constantInput(3, "axes");
    if (failed(axes))
      return failure();
    Shape a = (*axes)->toInts();
    if (pads->size() != 2 * a.size()) {
      im.fail() << "pads has " << pads->size() << " entries for " << a.size()
                << " axes";
      return failure();
    }
    for (size_t i = 0; i < a.size(); ++i) {
      auto axis = normalizeAxis(im, a[i], rank);
      if (failed(axis))
        return failure();
      before[*axis] = (*pads)[i];
      after[*axis] = (*pads)[i + a.size()];
    }
  } else {
    if (static_cast<int64_t>(pads->size()) != 2 * rank) {
      im.fail() << "pads has " << pads->size() << " entries for rank " << rank;
      return failure();
    }
    for (int64_t d = 0; d < rank; ++d) {
      before[d] = (*pads)[d];
      after[d] = (*pads)[d + rank];
    }
  }
  if (llvm::any_of(before, [](int64_t p) { return p < 0; }) ||
      llvm::any_of(after, [](int64_t p) { return p < 0; })) {
    im.fail() << "negative pads are not supported";
    return failure();
  }
  if (llvm::any_of(before, [](int64_t p) { return p > kMaxExtent; }) ||
      llvm::any_of(after, [](int64_t p) { return p > kMaxExtent; })) {
    im.fail() << "pads over 2^31 are not supported";
    return failure();
  }
  std::string mode = im.attrString("mode", "constant");
  Shape shape = x->shape;
  for (int64_t d = 0; d < rank; ++d)
    shape[d] += before[d] + after[d];
  Value v = x->isConstant() ? im.logical(*x) : im.materialize(*x, x->perm);
  Shape perm = x->isConstant() ? Shape() : x->perm;
  Shape pb = permuteShape(before, perm), pa = permuteShape(after, perm);
  if (mode == "constant") {
    SmallVector<int64_t> padding;
    for (int64_t d = 0; d < rank; ++d) {
      padding.push_back(pb[d]);
      padding.push_back(pa[d]);
    }
    auto padType = im.tensorType({1});
    Value padConst = tosa::ConstOp::create(
        im.b, im.loc, padType, DenseElementsAttr::get(padType, value));
    v = tosa::PadOp::create(im.b, im.loc,
                            im.tensorType(permuteShape(shape, perm)), v,
                            im.shapeValue(padding), padConst);
  } else if (mode == "edge" || mode == "reflect") {
    for (int64_t d = 0; d < rank; ++d) {
      int64_t n = Importer::shapeOf(v)[d];
      if (pb[d] > 4096 || pa[d] > 4096) {
        im.fail() << "edge / reflect pads over 4096 are not supported";
        return failure();
      }
      if (mode == "reflect" && (pb[d] >= n || pa[d] >= n)) {
        im.fail() << "reflect pads must be smaller than the padded dimension";
        return failure();
      }
      v = padAxisBySlices(im, v, d, pb[d], pa[d], mode == "reflect");
    }
  } else {
    im.fail() << "mode '" << mode << "' is not supported";
    return failure();
  }
  im.define(0, v, shape, perm);
  return success();
}

} // namespace

void autoquant::onnx_import::addDataMovementOperators(
    llvm::StringMap<Emitter> &table) {
  table["Reshape"] = emitReshape;
  table["Flatten"] = emitFlatten;
  table["Squeeze"] = emitSqueeze;
  table["Unsqueeze"] = emitUnsqueeze;
  table["Transpose"] = emitTranspose;
  table["Concat"] = emitConcat;
  table["Slice"] = emitSlice;
  table["Split"] = emitSplit;
  table["Gather"] = emitGather;
  table["Expand"] = emitExpand;
  table["Tile"] = emitTile;
  table["Pad"] = emitPad;
}
