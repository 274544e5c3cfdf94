//===- MatMulOps.cpp - ONNX Gemm and MatMul -------------------------------===//
//
// Matrix products: Gemm and MatMul run as rank-3 tosa.matmul, constant
// weights (and Gemm's alpha / beta) folded on the host, batch dimensions
// broadcast and flattened.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

Value matmul(Importer &im, Value a, Value c) {
  Shape sa = Importer::shapeOf(a), sc = Importer::shapeOf(c);
  return tosa::MatMulOp::create(im.b, im.loc,
                                im.tensorType({sa[0], sa[1], sc[2]}), a, c,
                                im.zeroPoint(), im.zeroPoint());
}

LogicalResult emitGemm(Importer &im) {
  if (failed(im.checkAttributes(
          {"alpha", "beta", "transA", "transB", "broadcast"})))
    return failure();
  ImportedValue *a = im.input(0), *c = im.input(1);
  if (!a || !c || a->rank() != 2 || c->rank() != 2) {
    im.fail() << "A and B must be matrices";
    return failure();
  }
  float alpha = im.attrFloat("alpha", 1.0f), beta = im.attrFloat("beta", 1.0f);
  bool transA = im.attrInt("transA", 0), transB = im.attrInt("transB", 0);
  int64_t m = transA ? a->shape[1] : a->shape[0];
  int64_t k = transA ? a->shape[0] : a->shape[1];
  int64_t k2 = transB ? c->shape[1] : c->shape[0];
  int64_t n = transB ? c->shape[0] : c->shape[1];
  if (k != k2) {
    im.fail() << "inner dimensions differ (" << k << " vs " << k2 << ")";
    return failure();
  }
  Value va = im.logical(*a);
  if (transA)
    va = im.transpose(va, {1, 0});
  va = im.reshape(va, {1, m, k});
  Value vb;
  bool alphaFolded = false;
  if (c->isConstant()) {
    HostTensor w =
        transB ? host::transpose(*c->constant, {1, 0}) : *c->constant;
    for (double &v : w.data)
      v *= alpha;
    w.shape = {1, k, n};
    vb = im.constant(w, c->loc);
    alphaFolded = true;
  } else {
    vb = im.logical(*c);
    if (transB)
      vb = im.transpose(vb, {1, 0});
    vb = im.reshape(vb, {1, k, n});
  }
  Value r = matmul(im, va, vb);
  if (!alphaFolded && alpha != 1.0f)
    r = im.mul(r, im.scalar(alpha, 3));
  if (ImportedValue *bias = im.input(2)) {
    Shape out;
    if (!host::broadcastShapes(bias->shape, {m, n}, out) ||
        out != Shape{m, n}) {
      im.fail() << "C does not broadcast to [" << m << ", " << n << "]";
      return failure();
    }
    Value vc;
    if (bias->isConstant()) {
      HostTensor t = *bias->constant;
      for (double &v : t.data)
        v *= beta;
      Shape shape(3 - t.rank(), 1);
      shape.insert(shape.end(), t.shape.begin(), t.shape.end());
      t.shape = shape;
      vc = im.constant(t, bias->loc);
    } else {
      vc = im.broadcastOperand(*bias, 3, {});
      if (beta != 1.0f)
        vc = im.mul(vc, im.scalar(beta, 3));
    }
    r = tosa::AddOp::create(im.b, im.loc, r.getType(), r, vc);
  }
  im.define(0, im.reshape(r, {m, n}), {m, n});
  return success();
}

/// `x` (logical) broadcast over batch dimensions `batch` and flattened to
/// [prod(batch), rows, cols].
Value batchOperand(Importer &im, ImportedValue &x, const Shape &matrix,
                   const Shape &batch) {
  Shape full = batch;
  full.insert(full.end(), matrix.begin(), matrix.end());
  int64_t count = host::numElements(batch);
  Shape flat{count, matrix[0], matrix[1]};
  if (x.isConstant()) {
    HostTensor t = *x.constant;
    t.shape = Shape(full.size() - matrix.size() - (x.rank() - 2), 1);
    t.shape.insert(t.shape.end(), x.shape.begin(), x.shape.end());
    if (x.rank() < 2)
      t.shape = full.size() == 2 ? matrix : t.shape;
    HostTensor wide = host::broadcastTo(t, full);
    wide.shape = flat;
    return im.constant(wide, x.loc);
  }
  Shape shape(full.size() - x.rank(), 1);
  shape.insert(shape.end(), x.shape.begin(), x.shape.end());
  Value v = im.reshape(im.logical(x), shape);
  Shape multiples(full.size());
  for (size_t d = 0; d < full.size(); ++d)
    multiples[d] = full[d] / shape[d];
  if (multiples != Shape(full.size(), 1))
    v = tosa::TileOp::create(im.b, im.loc, im.tensorType(full), v,
                             im.shapeValue(multiples));
  return im.reshape(v, flat);
}

LogicalResult emitMatMul(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  ImportedValue *a = im.input(0), *c = im.input(1);
  if (!a || !c || a->rank() < 1 || c->rank() < 1) {
    im.fail() << "two inputs of rank >= 1 are required";
    return failure();
  }
  // Vectors are matrices with a unit dimension that the result drops.
  ImportedValue av = *a, cv = *c;
  auto widen = [&](ImportedValue &v, Shape shape) {
    if (v.isConstant()) {
      v.constant = std::make_shared<HostTensor>(*v.constant);
      v.constant->shape = shape;
    } else {
      v.value = im.reshape(im.logical(v), shape);
      v.perm.clear();
    }
    v.views.clear();
    v.shape = shape;
  };
  if (a->rank() == 1)
    widen(av, {1, a->shape[0]});
  if (c->rank() == 1)
    widen(cv, {c->shape[0], 1});
  int64_t m = av.shape[av.rank() - 2], k = av.shape[av.rank() - 1];
  int64_t k2 = cv.shape[cv.rank() - 2], n = cv.shape[cv.rank() - 1];
  if (k != k2) {
    im.fail() << "inner dimensions differ (" << k << " vs " << k2 << ")";
    return failure();
  }
  Shape batchA(av.shape.begin(), av.shape.end() - 2),
      batchC(cv.shape.begin(), cv.shape.end() - 2), batch;
  if (!host::broadcastShapes(batchA, batchC, batch)) {
    im.fail() << "batch dimensions do not broadcast";
    return failure();
  }
  Shape out = batch;
  out.push_back(m);
  out.push_back(n);
  Value r;
  if (cv.isConstant() && host::numElements(batchC) == 1 && batchA == batch) {
    // Constant weights: one [1, batch * m, k] x [1, k, n] product.
    int64_t rows = host::numElements(batchA) * m;
    Value va = im.reshape(im.logical(av), {1, rows, k});
    HostTensor w = *cv.constant;
    w.shape = {1, k, n};
    r = matmul(im, va, im.constant(w, cv.loc));
  } else {
    r = matmul(im, batchOperand(im, av, {m, k}, batch),
               batchOperand(im, cv, {k, n}, batch));
  }
  Shape result = out;
  if (c->rank() == 1)
    result.pop_back();
  if (a->rank() == 1)
    result.erase(result.end() - (c->rank() == 1 ? 1 : 2));
  im.define(0, im.reshape(r, result), result);
  return success();
}

} // namespace

void autoquant::onnx_import::addMatMulOperators(
    llvm::StringMap<Emitter> &table) {
  table["Gemm"] = emitGemm;
  table["MatMul"] = emitMatMul;
}
