//===- ElementwiseOps.cpp - ONNX elementwise and activation ops -----------===//
//
// Operators that map elements one to one: unary math and activations,
// Clip, binary arithmetic with numpy broadcasting, the variadic
// Max / Min / Sum / Mean, host-only comparisons and Where, and the
// identity-like Identity, Dropout and Cast. Each folds on the host when its
// inputs are known at import time and otherwise emits TOSA in the input's
// physical layout.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

constexpr float kFloatMax = std::numeric_limits<float>::max();

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

} // namespace

void autoquant::onnx_import::addElementwiseOperators(
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
}
