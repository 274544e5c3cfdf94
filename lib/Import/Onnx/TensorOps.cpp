//===- TensorOps.cpp - ONNX elementwise, shape and reduction ops ----------===//
//
// Operators that work on any tensor. Each folds on the host when every input
// is known at import time (shape subgraphs, constant sub-expressions), and
// otherwise emits TOSA in the input's physical layout where the operator
// does not care about it (elementwise ops, reductions, slices, pads,
// concatenation) and in the logical layout where it does (reshapes).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

constexpr float kFloatMax = std::numeric_limits<float>::max();
/// Largest pad, repeat or window extent accepted (keeps shape arithmetic far
/// from overflow).
constexpr int64_t kMaxExtent = int64_t(1) << 31;

Value clamp(Importer &im, Value x, float lo, float hi) {
  return tosa::ClampOp::create(
      im.b, im.loc, x.getType(), x, im.b.getF32FloatAttr(lo),
      im.b.getF32FloatAttr(hi),
      tosa::NanPropagationModeAttr::get(im.b.getContext(),
                                        tosa::NanPropagationMode::PROPAGATE));
}

Value add(Importer &im, Value a, Value c) {
  return tosa::AddOp::create(im.b, im.loc, a.getType(), a, c);
}

/// A unary operator: host function for constants, IR builder otherwise.
LogicalResult unary(Importer &im, double (*hostFn)(Importer &, double),
                    Value (*emit)(Importer &, Value)) {
  ImportedValue *x = im.input(0);
  if (x->isConstant() && hostFn) {
    HostTensor t = *x->constant;
    for (double &v : t.data)
      v = hostFn(im, v);
    t.isFloat = true;
    im.defineConstant(0, std::move(t));
    return success();
  }
  Value v = im.materialize(*x, x->perm);
  im.define(0, emit(im, v), x->shape, x->perm);
  return success();
}

template <typename OpTy> Value emitSimple(Importer &im, Value x) {
  return OpTy::create(im.b, im.loc, x.getType(), x);
}

double hostRelu(Importer &, double v) { return v > 0 ? v : 0; }
double hostSigmoid(Importer &, double v) { return 1 / (1 + std::exp(-v)); }
double hostTanh(Importer &, double v) { return std::tanh(v); }
double hostErf(Importer &, double v) { return std::erf(v); }
double hostExp(Importer &, double v) { return std::exp(v); }
double hostLog(Importer &, double v) { return std::log(v); }
double hostAbs(Importer &, double v) { return std::fabs(v); }
double hostNeg(Importer &, double v) { return -v; }
double hostReciprocal(Importer &, double v) { return 1 / v; }
double hostSqrt(Importer &, double v) { return std::sqrt(v); }
double hostFloor(Importer &, double v) { return std::floor(v); }
double hostCeil(Importer &, double v) { return std::ceil(v); }

Value emitRelu(Importer &im, Value x) { return clamp(im, x, 0, kFloatMax); }
Value emitNeg(Importer &im, Value x) {
  return tosa::NegateOp::create(im.b, im.loc, x.getType(), x, im.zeroPoint(),
                                im.zeroPoint());
}
Value emitSqrt(Importer &im, Value x) {
  Value half = im.scalar(0.5f, Importer::shapeOf(x).size());
  return tosa::PowOp::create(im.b, im.loc, x.getType(), x, half);
}

#define UNARY(NAME, HOST, EMIT)                                                \
  LogicalResult emit##NAME(Importer &im) {                                     \
    if (failed(im.checkAttributes({})))                                        \
      return failure();                                                        \
    return unary(im, HOST, EMIT);                                              \
  }
UNARY(Relu, hostRelu, emitRelu)
UNARY(Sigmoid, hostSigmoid, emitSimple<tosa::SigmoidOp>)
UNARY(Tanh, hostTanh, emitSimple<tosa::TanhOp>)
UNARY(Erf, hostErf, emitSimple<tosa::ErfOp>)
UNARY(Exp, hostExp, emitSimple<tosa::ExpOp>)
UNARY(Log, hostLog, emitSimple<tosa::LogOp>)
UNARY(Abs, hostAbs, emitSimple<tosa::AbsOp>)
UNARY(Neg, hostNeg, emitNeg)
UNARY(Reciprocal, hostReciprocal, emitSimple<tosa::ReciprocalOp>)
UNARY(Sqrt, hostSqrt, emitSqrt)
UNARY(Floor, hostFloor, emitSimple<tosa::FloorOp>)
UNARY(Ceil, hostCeil, emitSimple<tosa::CeilOp>)
#undef UNARY

// Attribute-carrying activations read their attributes through `im`.
double hostLeakyRelu(Importer &im, double v) {
  return v >= 0 ? v : v * im.attrFloat("alpha", 0.01f);
}
Value emitLeakyReluIR(Importer &im, Value x) {
  float alpha = im.attrFloat("alpha", 0.01f);
  int64_t rank = Importer::shapeOf(x).size();
  if (alpha >= 0 && alpha <= 1)
    return tosa::MaximumOp::create(im.b, im.loc, x.getType(), x,
                                   im.mul(x, im.scalar(alpha, rank)));
  return add(im, clamp(im, x, 0, kFloatMax),
             im.mul(clamp(im, x, -kFloatMax, 0), im.scalar(alpha, rank)));
}
LogicalResult emitLeakyRelu(Importer &im) {
  if (failed(im.checkAttributes({"alpha"})))
    return failure();
  return unary(im, hostLeakyRelu, emitLeakyReluIR);
}

double hostHardSigmoid(Importer &im, double v) {
  double y = im.attrFloat("alpha", 0.2f) * v + im.attrFloat("beta", 0.5f);
  return std::min(1.0, std::max(0.0, y));
}
Value emitHardSigmoidIR(Importer &im, Value x) {
  int64_t rank = Importer::shapeOf(x).size();
  Value y = add(im, im.mul(x, im.scalar(im.attrFloat("alpha", 0.2f), rank)),
                im.scalar(im.attrFloat("beta", 0.5f), rank));
  return clamp(im, y, 0, 1);
}
LogicalResult emitHardSigmoid(Importer &im) {
  if (failed(im.checkAttributes({"alpha", "beta"})))
    return failure();
  return unary(im, hostHardSigmoid, emitHardSigmoidIR);
}

double hostHardSwish(Importer &, double v) {
  return v * std::min(1.0, std::max(0.0, v / 6 + 0.5));
}
Value emitHardSwishIR(Importer &im, Value x) {
  int64_t rank = Importer::shapeOf(x).size();
  Value gate =
      add(im, im.mul(x, im.scalar(1.0f / 6.0f, rank)), im.scalar(0.5f, rank));
  return im.mul(x, clamp(im, gate, 0, 1));
}
LogicalResult emitHardSwish(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  return unary(im, hostHardSwish, emitHardSwishIR);
}

LogicalResult emitClip(Importer &im) {
  if (failed(im.checkAttributes({"min", "max"})))
    return failure();
  float lo = im.attrFloat("min", -kFloatMax),
        hi = im.attrFloat("max", kFloatMax);
  for (int i : {1, 2}) {
    if (!im.input(i))
      continue;
    auto bound = im.constantInput(i, i == 1 ? "min" : "max");
    if (failed(bound))
      return failure();
    if ((*bound)->size() != 1) {
      im.fail() << "the " << (i == 1 ? "min" : "max") << " must be a scalar";
      return failure();
    }
    (i == 1 ? lo : hi) = static_cast<float>((*bound)->data[0]);
  }
  ImportedValue *x = im.input(0);
  if (x && x->isConstant()) {
    HostTensor t = *x->constant;
    for (double &v : t.data)
      v = std::min<double>(hi, std::max<double>(lo, v));
    im.defineConstant(0, std::move(t));
    return success();
  }
  Value v = im.materialize(*x, x->perm);
  im.define(0, clamp(im, v, lo, hi), x->shape, x->perm);
  return success();
}

//===--- binary -------------------------------------------------------===//

enum class Binary { Add, Sub, Mul, Div, Pow, Max, Min, PRelu };

double hostBinary(Binary kind, double a, double c) {
  switch (kind) {
  case Binary::Add:
    return a + c;
  case Binary::Sub:
    return a - c;
  case Binary::Mul:
    return a * c;
  case Binary::Div:
    return a / c;
  case Binary::Pow:
    return std::pow(a, c);
  case Binary::Max:
    return std::max(a, c);
  case Binary::Min:
    return std::min(a, c);
  case Binary::PRelu:
    return a >= 0 ? a : a * c;
  }
  return 0;
}

/// A constant operand whose every element equals `v`.
bool isSplat(ImportedValue *x, double v) {
  return x->isConstant() &&
         llvm::all_of(x->constant->data, [&](double e) { return e == v; });
}

/// `a kind c` with numpy broadcasting, in the layout of the first runtime
/// operand of full rank (so NHWC activations stay NHWC).
FailureOr<ImportedValue> binary(Importer &im, Binary kind, ImportedValue *a,
                                ImportedValue *c) {
  Shape out;
  if (!host::broadcastShapes(a->shape, c->shape, out)) {
    im.fail() << "operand shapes do not broadcast";
    return failure();
  }
  ImportedValue result(im.loc);
  result.shape = out;
  if (a->isConstant() && c->isConstant()) {
    bool isFloat = a->constant->isFloat || c->constant->isFloat;
    result.constant = std::make_shared<HostTensor>(host::broadcastBinary(
        *a->constant, *c->constant,
        [&](double x, double y) {
          double v = hostBinary(kind, x, y);
          return isFloat || kind != Binary::Div ? v : std::trunc(v);
        },
        isFloat));
    return result;
  }
  int64_t rank = out.size();
  Shape perm;
  for (ImportedValue *v : {a, c})
    if (!v->isConstant() && v->rank() == rank && !v->perm.empty()) {
      perm = v->perm;
      break;
    }
  result.perm = perm;
  auto type = im.tensorType(permuteShape(out, perm));
  // Constant divisors and exponents fold into cheaper forms.
  if (kind == Binary::Div && c->isConstant()) {
    ImportedValue inverse(c->loc);
    inverse.shape = c->shape;
    inverse.constant = std::make_shared<HostTensor>(*c->constant);
    for (double &v : inverse.constant->data)
      v = 1 / v;
    return binary(im, Binary::Mul, a, &inverse);
  }
  Value va = im.broadcastOperand(*a, rank, perm);
  if (kind == Binary::Pow && isSplat(c, 1.0) && a->shape == out) {
    result.value = va;
    return result;
  }
  if (kind == Binary::Pow && isSplat(c, 2.0) && a->shape == out) {
    result.value = im.mul(va, va);
    return result;
  }
  Value vc = im.broadcastOperand(*c, rank, perm);
  switch (kind) {
  case Binary::Add:
    result.value = tosa::AddOp::create(im.b, im.loc, type, va, vc);
    break;
  case Binary::Sub:
    result.value = tosa::SubOp::create(im.b, im.loc, type, va, vc);
    break;
  case Binary::Mul:
    result.value = im.mul(va, vc);
    break;
  case Binary::Div:
    result.value =
        im.mul(va, tosa::ReciprocalOp::create(im.b, im.loc, vc.getType(), vc));
    break;
  case Binary::Pow:
    result.value = tosa::PowOp::create(im.b, im.loc, type, va, vc);
    break;
  case Binary::Max:
    result.value = tosa::MaximumOp::create(im.b, im.loc, type, va, vc);
    break;
  case Binary::Min:
    result.value = tosa::MinimumOp::create(im.b, im.loc, type, va, vc);
    break;
  case Binary::PRelu: {
    // max(x, 0) + slope * min(x, 0): no select, and clamps quantize.
    Value pos = clamp(im, va, 0, kFloatMax);
    Value neg = clamp(im, va, -kFloatMax, 0);
    result.value = add(im, pos, im.mul(neg, vc));
    break;
  }
  }
  // Broadcasting may widen a size-1 operand dimension: the type follows.
  if (Importer::shapeOf(result.value) != permuteShape(out, perm)) {
    im.fail() << "internal error: broadcast result shape";
    return failure();
  }
  return result;
}

/// Opsets before 7 broadcast the second operand only when asked, aligned at
/// `axis`; the view is rewritten to numpy broadcasting.
FailureOr<ImportedValue> legacyBroadcast(Importer &im, ImportedValue &a,
                                         ImportedValue &c) {
  ImportedValue view(c.loc);
  view.shape = c.shape;
  view.constant = c.constant;
  view.value = c.value;
  view.perm = c.perm;
  if (!im.attrInt("broadcast", 0) || !im.attr("axis"))
    return view;
  int64_t axis = im.attrInt("axis", 0);
  if (axis < 0)
    axis += a.rank();
  Shape shape(axis, 1);
  shape.insert(shape.end(), c.shape.begin(), c.shape.end());
  while (static_cast<int64_t>(shape.size()) < a.rank())
    shape.push_back(1);
  view.shape = shape;
  if (c.isConstant()) {
    view.constant = std::make_shared<HostTensor>(*c.constant);
    view.constant->shape = shape;
  } else {
    view.value = im.reshape(im.logical(c), shape);
    view.perm.clear();
  }
  return view;
}

LogicalResult emitBinary(Importer &im, Binary kind) {
  if (failed(im.checkAttributes({"broadcast", "axis"})))
    return failure();
  ImportedValue *a = im.input(0), *c = im.input(1);
  if (!a || !c) {
    im.fail() << "two inputs are required";
    return failure();
  }
  auto view = legacyBroadcast(im, *a, *c);
  if (failed(view))
    return failure();
  auto result = binary(im, kind, a, &*view);
  if (failed(result))
    return failure();
  im.defineAlias(0, *result);
  return success();
}

LogicalResult emitAdd(Importer &im) { return emitBinary(im, Binary::Add); }
LogicalResult emitSub(Importer &im) { return emitBinary(im, Binary::Sub); }
LogicalResult emitMul(Importer &im) { return emitBinary(im, Binary::Mul); }
LogicalResult emitDiv(Importer &im) { return emitBinary(im, Binary::Div); }
LogicalResult emitPow(Importer &im) { return emitBinary(im, Binary::Pow); }
LogicalResult emitPRelu(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  ImportedValue *x = im.input(0), *slope = im.input(1);
  if (!x || !slope) {
    im.fail() << "two inputs are required";
    return failure();
  }
  // A per-channel slope of shape [C] (opset < 7 exporters) lines up with
  // axis 1, not with the last axis.
  ImportedValue view = *slope;
  Shape out;
  if (slope->rank() == 1 && x->rank() > 2 && slope->shape[0] == x->shape[1] &&
      slope->shape[0] != x->shape.back()) {
    Shape shape(x->rank() - 1, 1);
    shape[0] = slope->shape[0];
    view.shape = shape;
    view.views.clear();
    if (slope->isConstant()) {
      view.constant = std::make_shared<HostTensor>(*slope->constant);
      view.constant->shape = shape;
    } else {
      view.value = im.reshape(im.logical(*slope), shape);
      view.perm.clear();
    }
  }
  auto result = binary(im, Binary::PRelu, x, &view);
  if (failed(result))
    return failure();
  im.defineAlias(0, *result);
  return success();
}

/// Max, Min, Sum, Mean: a left fold over any number of inputs.
LogicalResult emitVariadic(Importer &im, Binary kind, bool mean) {
  if (failed(im.checkAttributes({})))
    return failure();
  std::vector<ImportedValue *> inputs;
  for (int i = 0; i < im.numInputs(); ++i)
    if (ImportedValue *v = im.input(i))
      inputs.push_back(v);
  if (inputs.empty()) {
    im.fail() << "at least one input is required";
    return failure();
  }
  ImportedValue acc = *inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i) {
    auto step = binary(im, kind, &acc, inputs[i]);
    if (failed(step))
      return failure();
    acc = *step;
  }
  if (mean && inputs.size() > 1) {
    ImportedValue scale(im.loc);
    scale.constant = std::make_shared<HostTensor>(
        HostTensor::floats({}, {1.0 / static_cast<double>(inputs.size())}));
    auto scaled = binary(im, Binary::Mul, &acc, &scale);
    if (failed(scaled))
      return failure();
    acc = *scaled;
  }
  im.defineAlias(0, acc);
  return success();
}

LogicalResult emitMax(Importer &im) {
  return emitVariadic(im, Binary::Max, false);
}
LogicalResult emitMin(Importer &im) {
  return emitVariadic(im, Binary::Min, false);
}
LogicalResult emitSum(Importer &im) {
  return emitVariadic(im, Binary::Add, false);
}
LogicalResult emitMean(Importer &im) {
  return emitVariadic(im, Binary::Add, true);
}

/// Comparisons and selection exist on the host only (shape subgraphs).
LogicalResult emitCompare(Importer &im,
                          const std::function<bool(double, double)> &fn) {
  if (failed(im.checkAttributes({})))
    return failure();
  auto operands = im.constantInputs(0, {"first operand", "second operand"});
  if (failed(operands))
    return failure();
  HostTensor *a = (*operands)[0], *c = (*operands)[1];
  Shape out;
  if (!host::broadcastShapes(a->shape, c->shape, out)) {
    im.fail() << "operand shapes do not broadcast";
    return failure();
  }
  im.defineConstant(
      0,
      host::broadcastBinary(
          *a, *c, [&](double x, double y) { return fn(x, y) ? 1 : 0; }, false));
  return success();
}
LogicalResult emitEqual(Importer &im) {
  return emitCompare(im, [](double a, double c) { return a == c; });
}
LogicalResult emitLess(Importer &im) {
  return emitCompare(im, [](double a, double c) { return a < c; });
}
LogicalResult emitGreater(Importer &im) {
  return emitCompare(im, [](double a, double c) { return a > c; });
}
LogicalResult emitNot(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  auto in = im.constantInput(0, "input");
  if (failed(in))
    return failure();
  HostTensor t = **in;
  for (double &v : t.data)
    v = v == 0 ? 1 : 0;
  im.defineConstant(0, std::move(t));
  return success();
}
LogicalResult emitWhere(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  auto operands = im.constantInputs(0, {"condition", "X", "Y"});
  if (failed(operands))
    return failure();
  HostTensor *cond = (*operands)[0], *x = (*operands)[1], *y = (*operands)[2];
  Shape s1, out;
  if (!host::broadcastShapes(cond->shape, x->shape, s1) ||
      !host::broadcastShapes(s1, y->shape, out)) {
    im.fail() << "operand shapes do not broadcast";
    return failure();
  }
  HostTensor c = host::broadcastTo(*cond, out), a = host::broadcastTo(*x, out),
             e = host::broadcastTo(*y, out);
  for (size_t i = 0; i < a.data.size(); ++i)
    if (c.data[i] == 0)
      a.data[i] = e.data[i];
  a.isFloat = x->isFloat || y->isFloat;
  im.defineConstant(0, std::move(a));
  return success();
}

//===--- identity-like ------------------------------------------------===//

LogicalResult emitIdentity(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  ImportedValue *x = im.input(0);
  im.defineAlias(0, *x);
  return success();
}

LogicalResult emitDropout(Importer &im) {
  if (failed(im.checkAttributes({"ratio", "is_test", "seed"})))
    return failure();
  if (im.input(2)) {
    auto training = im.constantInput(2, "training_mode");
    if (failed(training))
      return failure();
    if ((*training)->size() == 1 && (*training)->data[0] != 0) {
      im.fail() << "training_mode = true is not supported (inference only)";
      return failure();
    }
  }
  if (im.isOutputUsed(1)) {
    im.fail() << "the mask output is not supported (inference only)";
    return failure();
  }
  ImportedValue *x = im.input(0);
  im.defineAlias(0, *x);
  return success();
}

LogicalResult emitCast(Importer &im) {
  if (failed(im.checkAttributes({"to", "saturate"})))
    return failure();
  int64_t to = im.attrInt("to", 0);
  ImportedValue *x = im.input(0);
  bool toFloat = to == ::onnx::TensorProto::FLOAT ||
                 to == ::onnx::TensorProto::DOUBLE ||
                 to == ::onnx::TensorProto::FLOAT16;
  if (x->isConstant()) {
    HostTensor t = *x->constant;
    t.isFloat = toFloat;
    if (to == ::onnx::TensorProto::FLOAT)
      for (double &v : t.data)
        v = static_cast<float>(v);
    else if (to == ::onnx::TensorProto::BOOL)
      for (double &v : t.data)
        v = v != 0;
    else if (!toFloat)
      for (double &v : t.data)
        v = std::trunc(v);
    im.defineConstant(0, std::move(t));
    return success();
  }
  if (to != ::onnx::TensorProto::FLOAT) {
    im.fail() << "a cast of a run-time tensor to "
              << ::onnx::TensorProto::DataType_Name(
                     static_cast<::onnx::TensorProto::DataType>(to))
              << " is not supported (only float32 -> float32 no-op casts)";
    return failure();
  }
  im.defineAlias(0, *x);
  return success();
}

//===--- constants and shapes -----------------------------------------===//

LogicalResult emitConstant(Importer &im) {
  if (failed(im.checkAttributes(
          {"value", "value_float", "value_floats", "value_int", "value_ints"})))
    return failure();
  if (const auto *a = im.attr("value")) {
    HostTensor t;
    std::string error;
    if (!host::decodeTensorProto(a->t(), t, error)) {
      im.fail() << error;
      return failure();
    }
    im.defineConstant(0, std::move(t));
  } else if (const auto *a = im.attr("value_float")) {
    im.defineConstant(0, HostTensor::floats({}, {a->f()}));
  } else if (const auto *a = im.attr("value_floats")) {
    std::vector<double> v(a->floats().begin(), a->floats().end());
    int64_t n = v.size();
    im.defineConstant(0, HostTensor::floats({n}, std::move(v)));
  } else if (const auto *a = im.attr("value_int")) {
    im.defineConstant(0, HostTensor::ints({}, {a->i()}));
  } else if (const auto *a = im.attr("value_ints")) {
    Shape v(a->ints().begin(), a->ints().end());
    im.defineConstant(0, HostTensor::ints({int64_t(v.size())}, v));
  } else {
    im.fail() << "a Constant needs a value attribute (sparse_value and "
                 "strings are not supported)";
    return failure();
  }
  return success();
}

LogicalResult emitConstantOfShape(Importer &im) {
  if (failed(im.checkAttributes({"value"})))
    return failure();
  auto shape = im.constantInput(0, "shape");
  if (failed(shape))
    return failure();
  HostTensor fill = HostTensor::floats({1}, {0.0});
  if (const auto *a = im.attr("value")) {
    std::string error;
    if (!host::decodeTensorProto(a->t(), fill, error)) {
      im.fail() << error;
      return failure();
    }
  }
  HostTensor t;
  t.isFloat = fill.isFloat;
  t.shape = (*shape)->toInts();
  if (!im.checkHostSize(t.shape))
    return failure();
  t.data.assign(t.size(), fill.data.empty() ? 0.0 : fill.data[0]);
  im.defineConstant(0, std::move(t));
  return success();
}

LogicalResult emitShape(Importer &im) {
  if (failed(im.checkAttributes({"start", "end"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t rank = x->rank();
  int64_t start = im.attrInt("start", 0), end = im.attrInt("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::min(std::max<int64_t>(start, 0), rank);
  end = std::min(std::max<int64_t>(end, start), rank);
  Shape dims(x->shape.begin() + start, x->shape.begin() + end);
  im.defineConstant(0, HostTensor::ints({int64_t(dims.size())}, dims));
  return success();
}

LogicalResult emitSize(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  im.defineConstant(
      0, HostTensor::ints({}, {host::numElements(im.input(0)->shape)}));
  return success();
}

LogicalResult emitRange(Importer &im) {
  if (failed(im.checkAttributes({})))
    return failure();
  auto operands = im.constantInputs(0, {"start", "limit", "delta"});
  if (failed(operands))
    return failure();
  if (llvm::any_of(*operands, [](HostTensor *t) { return t->size() != 1; })) {
    im.fail() << "start, limit and delta must be scalars";
    return failure();
  }
  HostTensor *start = (*operands)[0];
  double s = start->data[0], l = (*operands)[1]->data[0],
         d = (*operands)[2]->data[0];
  double count = d == 0 ? INFINITY : std::ceil((l - s) / d);
  if (!(count < static_cast<double>(host::kMaxHostElements))) {
    im.fail() << "the range is empty-stepped or too long";
    return failure();
  }
  int64_t n = std::max<int64_t>(0, static_cast<int64_t>(count));
  HostTensor t;
  t.isFloat = start->isFloat;
  t.shape = {n};
  for (int64_t i = 0; i < n; ++i)
    t.data.push_back(s + d * static_cast<double>(i));
  im.defineConstant(0, std::move(t));
  return success();
}

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

/// Position of logical `axis` in the physical layout `perm`.
int64_t physicalAxis(const Shape &perm, int64_t axis) {
  if (perm.empty())
    return axis;
  return llvm::find(perm, axis) - perm.begin();
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

//===--- reductions ---------------------------------------------------===//

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

void mlir::autoquant::onnx_import::addTensorOperators(
    llvm::StringMap<Emitter> &table) {
  table["Relu"] = emitRelu;
  table["Sigmoid"] = emitSigmoid;
  table["Tanh"] = emitTanh;
  table["Erf"] = emitErf;
  table["Exp"] = emitExp;
  table["Log"] = emitLog;
  table["Abs"] = emitAbs;
  table["Neg"] = emitNeg;
  table["Reciprocal"] = emitReciprocal;
  table["Sqrt"] = emitSqrt;
  table["Floor"] = emitFloor;
  table["Ceil"] = emitCeil;
  table["LeakyRelu"] = emitLeakyRelu;
  table["HardSigmoid"] = emitHardSigmoid;
  table["HardSwish"] = emitHardSwish;
  table["Clip"] = emitClip;
  table["Add"] = emitAdd;
  table["Sub"] = emitSub;
  table["Mul"] = emitMul;
  table["Div"] = emitDiv;
  table["Pow"] = emitPow;
  table["PRelu"] = emitPRelu;
  table["Max"] = emitMax;
  table["Min"] = emitMin;
  table["Sum"] = emitSum;
  table["Mean"] = emitMean;
  table["Equal"] = emitEqual;
  table["Less"] = emitLess;
  table["Greater"] = emitGreater;
  table["Not"] = emitNot;
  table["Where"] = emitWhere;
  table["Identity"] = emitIdentity;
  table["Dropout"] = emitDropout;
  table["Cast"] = emitCast;
  table["Constant"] = emitConstant;
  table["ConstantOfShape"] = emitConstantOfShape;
  table["Shape"] = emitShape;
  table["Size"] = emitSize;
  table["Range"] = emitRange;
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
  table["ReduceSum"] = emitReduceSum;
  table["ReduceMean"] = emitReduceMean;
  table["ReduceMax"] = emitReduceMax;
  table["ReduceMin"] = emitReduceMin;
}
