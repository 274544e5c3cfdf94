//===- Importer.cpp - ONNX graph -> float TOSA, the walk
//-------------------===//
//
// Reads the graph in order: inputs become function arguments (batch
// dimension resolved), initializers host tensors, every node goes to its
// operator emitter, graph outputs are returned in their logical layout.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace autoquant::onnx_import;

namespace autoquant {
namespace onnx_import {

Shape identityPerm(int64_t rank) {
  Shape perm(rank);
  for (int64_t i = 0; i < rank; ++i)
    perm[i] = i;
  return perm;
}

Shape inversePerm(const Shape &perm) {
  Shape inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<int64_t>(i);
  return inverse;
}

Shape permuteShape(const Shape &shape, const Shape &perm) {
  if (perm.empty())
    return shape;
  Shape out;
  for (int64_t p : perm)
    out.push_back(shape[p]);
  return out;
}

/// Position of logical `axis` in the physical layout `perm`.
int64_t physicalAxis(const Shape &perm, int64_t axis) {
  if (perm.empty())
    return axis;
  return llvm::find(perm, axis) - perm.begin();
}

FailureOr<int64_t> normalizeAxis(Importer &im, int64_t axis, int64_t rank) {
  int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= rank) {
    im.fail() << "axis " << axis << " is out of range for rank " << rank;
    return failure();
  }
  return normalized;
}

} // namespace onnx_import
} // namespace autoquant

namespace {
bool samePerm(const Shape &a, const Shape &b, int64_t rank) {
  Shape ia = a.empty() ? identityPerm(rank) : a;
  Shape ib = b.empty() ? identityPerm(rank) : b;
  return ia == ib;
}
} // namespace

Importer::Importer(MLIRContext *ctx, const ::onnx::ModelProto &model,
                   StringRef sourceName, int64_t batchSize,
                   std::string entryName)
    : b(ctx), loc(UnknownLoc::get(ctx)), f32(Float32Type::get(ctx)), ctx(ctx),
      model(model), sourceName(sourceName.str()), batchSize(batchSize),
      entryName(std::move(entryName)) {}

Location Importer::nodeLocation(const ::onnx::NodeProto &n) {
  std::string name = n.name();
  if (name.empty() && n.output_size() > 0)
    name = n.output(0);
  if (name.empty())
    name = n.op_type();
  return NameLoc::get(StringAttr::get(ctx, name));
}

InFlightDiagnostic Importer::fail() {
  Location at = node ? FileLineColLoc::get(ctx, sourceName, 0, 0) : loc;
  InFlightDiagnostic diag = emitError(at);
  if (node) {
    std::string name = node->name().empty() ? "" : node->name();
    if (name.empty() && node->output_size() > 0)
      name = node->output(0);
    diag << "node '" << name << "' (" << node->op_type();
    if (!node->domain().empty() && node->domain() != "ai.onnx")
      diag << ", domain '" << node->domain() << "'";
    diag << ", opset " << opset << "): ";
  }
  return diag;
}

LogicalResult Importer::checkAttributes(ArrayRef<StringRef> known) {
  for (const auto &a : node->attribute())
    if (!llvm::is_contained(known, StringRef(a.name()))) {
      fail() << "attribute '" << a.name() << "' is not supported";
      return failure();
    }
  return success();
}

const ::onnx::AttributeProto *Importer::attr(StringRef name) const {
  for (const auto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t Importer::attrInt(StringRef name, int64_t fallback) const {
  const auto *a = attr(name);
  return a ? a->i() : fallback;
}

float Importer::attrFloat(StringRef name, float fallback) const {
  const auto *a = attr(name);
  return a ? a->f() : fallback;
}

std::string Importer::attrString(StringRef name, StringRef fallback) const {
  const auto *a = attr(name);
  return a ? a->s() : fallback.str();
}

Shape Importer::attrInts(StringRef name) const {
  const auto *a = attr(name);
  if (!a)
    return {};
  return Shape(a->ints().begin(), a->ints().end());
}

int Importer::numInputs() const { return node->input_size(); }
int Importer::numOutputs() const { return node->output_size(); }

ImportedValue *Importer::input(int i) {
  if (i >= node->input_size() || node->input(i).empty())
    return nullptr;
  auto it = values.find(node->input(i));
  return it == values.end() ? nullptr : &it->second;
}

FailureOr<HostTensor *> Importer::constantInput(int i, StringRef what) {
  ImportedValue *v = input(i);
  if (!v) {
    fail() << "the " << what << " (input " << i << ") is missing";
    return failure();
  }
  if (!v->isConstant()) {
    fail() << "the " << what << " (input " << i << ", '" << node->input(i)
           << "') must be known at import time (an initializer or computed "
              "from constants only)";
    return failure();
  }
  return v->constant.get();
}

FailureOr<SmallVector<HostTensor *>>
Importer::constantInputs(int first, ArrayRef<StringRef> names) {
  SmallVector<HostTensor *> tensors;
  for (auto [i, name] : llvm::enumerate(names)) {
    auto t = constantInput(first + static_cast<int>(i), name);
    if (failed(t))
      return failure();
    tensors.push_back(*t);
  }
  return tensors;
}

FailureOr<Shape> Importer::intsFromInputOrAttr(int i, StringRef name,
                                               const Shape &fallback,
                                               bool &present) {
  present = true;
  if (input(i)) {
    auto t = constantInput(i, name);
    if (failed(t))
      return failure();
    return (*t)->toInts();
  }
  if (attr(name))
    return attrInts(name);
  present = false;
  return fallback;
}

bool Importer::isOutputUsed(int i) const {
  if (i >= node->output_size() || node->output(i).empty())
    return false;
  auto it = useCounts.find(node->output(i));
  return it != useCounts.end() && it->second > 0;
}

void Importer::define(int i, Value value, Shape shape, Shape perm) {
  if (i >= node->output_size() || node->output(i).empty())
    return;
  if (!perm.empty() && perm == identityPerm(perm.size()))
    perm.clear();
  ImportedValue v(loc);
  v.shape = std::move(shape);
  v.value = value;
  v.perm = std::move(perm);
  values.erase(node->output(i));
  values.emplace(node->output(i), std::move(v));
}

bool Importer::checkHostSize(const Shape &shape) {
  if (::autoquant::onnx_import::numElements(shape) <=
      ::autoquant::onnx_import::kMaxHostElements)
    return true;
  fail() << "the constant result would have more than 2^28 elements";
  return false;
}

void Importer::defineConstant(int i, HostTensor tensor) {
  if (i >= node->output_size() || node->output(i).empty())
    return;
  ImportedValue v(NameLoc::get(StringAttr::get(ctx, node->output(i))));
  v.shape = tensor.shape;
  v.constant = std::make_shared<HostTensor>(std::move(tensor));
  values.erase(node->output(i));
  values.emplace(node->output(i), std::move(v));
}

void Importer::defineAlias(int i, const ImportedValue &value) {
  if (i >= node->output_size() || node->output(i).empty())
    return;
  ImportedValue v(value.loc);
  v.shape = value.shape;
  v.constant = value.constant;
  v.value = value.value;
  v.perm = value.perm;
  v.views = value.views;
  values.erase(node->output(i));
  values.emplace(node->output(i), std::move(v));
}

RankedTensorType Importer::tensorType(const Shape &shape) const {
  return RankedTensorType::get(shape, f32);
}

Value Importer::constant(const HostTensor &tensor) {
  return constant(tensor, loc);
}

Value Importer::constant(const HostTensor &tensor, Location at) {
  auto type = tensorType(tensor.shape);
  std::vector<float> data = tensor.toFloats();
  return tosa::ConstOp::create(
      b, at, type, DenseElementsAttr::get(type, ArrayRef<float>(data)));
}

Value Importer::scalar(float v, int64_t rank) {
  auto type = tensorType(Shape(rank, 1));
  return tosa::ConstOp::create(b, loc, type, DenseElementsAttr::get(type, v));
}

Value Importer::zeroPoint() {
  if (!cachedZeroPoint) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(b.getInsertionBlock());
    auto type = tensorType({1});
    cachedZeroPoint = tosa::ConstOp::create(
        b, NameLoc::get(StringAttr::get(ctx, "zero_point")), type,
        DenseElementsAttr::get(type, 0.0f));
  }
  return cachedZeroPoint;
}

Value Importer::shapeValue(ArrayRef<int64_t> dims) {
  return tosa::ConstShapeOp::create(b, loc,
                                    tosa::shapeType::get(ctx, dims.size()),
                                    b.getIndexTensorAttr(dims));
}

Shape Importer::shapeOf(Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  return Shape(type.getShape().begin(), type.getShape().end());
}

Value Importer::reshape(Value v, const Shape &shape) {
  if (shapeOf(v) == shape)
    return v;
  // A reshape of a reshape reads the original (the first one dies if unused).
  if (auto inner = v.getDefiningOp<tosa::ReshapeOp>())
    v = inner.getInput1();
  if (shapeOf(v) == shape)
    return v;
  return tosa::ReshapeOp::create(b, loc, tensorType(shape), v,
                                 shapeValue(shape));
}

Value Importer::transpose(Value v, const Shape &perm) {
  if (perm == identityPerm(perm.size()))
    return v;
  Shape in = shapeOf(v);
  // Moving only size-1 dimensions keeps the element order: a reshape.
  Shape moved;
  for (int64_t p : perm)
    if (in[p] != 1)
      moved.push_back(p);
  if (llvm::is_sorted(moved))
    return reshape(v, permuteShape(in, perm));
  SmallVector<int32_t> perms(perm.begin(), perm.end());
  return tosa::TransposeOp::create(b, loc, tensorType(permuteShape(in, perm)),
                                   v, b.getDenseI32ArrayAttr(perms));
}

Value Importer::slice(Value v, const Shape &start, const Shape &size) {
  if (start == Shape(start.size(), 0) && size == shapeOf(v))
    return v;
  return tosa::SliceOp::create(b, loc, tensorType(size), v, shapeValue(start),
                               shapeValue(size));
}

Value Importer::mul(Value a, Value c) {
  auto shiftType = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
      b, loc, shiftType, DenseElementsAttr::get(shiftType, int8_t(0)));
  Shape sa = shapeOf(a), sc = shapeOf(c), out(sa.size());
  for (size_t i = 0; i < sa.size(); ++i)
    out[i] = sa[i] == 1 ? sc[i] : sa[i];
  return tosa::MulOp::create(b, loc, tensorType(out), a, c, shift);
}

Value Importer::globalPool(Value nhwc, bool isMax) {
  Shape s = shapeOf(nhwc);
  auto type = tensorType({s[0], 1, 1, s[3]});
  auto kernel = b.getDenseI64ArrayAttr({s[1], s[2]});
  auto unit = b.getDenseI64ArrayAttr({1, 1});
  auto noPad = b.getDenseI64ArrayAttr({0, 0, 0, 0});
  if (isMax)
    return tosa::MaxPool2dOp::create(
        b, loc, type, nhwc, kernel, unit, noPad,
        tosa::NanPropagationModeAttr::get(ctx,
                                          tosa::NanPropagationMode::PROPAGATE));
  return tosa::AvgPool2dOp::create(b, loc, type, nhwc, zeroPoint(), zeroPoint(),
                                   kernel, unit, noPad, TypeAttr::get(f32));
}

Value Importer::materialize(ImportedValue &value, const Shape &perm) {
  int64_t rank = value.rank();
  Shape want = perm.empty() ? identityPerm(rank) : perm;
  auto cached = value.views.find(want);
  if (cached != value.views.end())
    return cached->second;
  Value result;
  if (value.isConstant()) {
    HostTensor t =
        want == identityPerm(rank)
            ? *value.constant
            : ::autoquant::onnx_import::transpose(*value.constant, want);
    OpBuilder::InsertionGuard guard(b);
    result = constant(t, value.loc);
  } else if (samePerm(value.perm, want, rank)) {
    result = value.value;
  } else {
    // Physical position i of the new layout holds logical want[i], which the
    // current layout keeps at position have^-1[want[i]].
    Shape have = value.perm.empty() ? identityPerm(rank) : value.perm;
    Shape haveInverse = inversePerm(have), q;
    for (int64_t w : want)
      q.push_back(haveInverse[w]);
    result = transpose(value.value, q);
  }
  value.views[want] = result;
  return result;
}

Value Importer::broadcastOperand(ImportedValue &value, int64_t rank,
                                 const Shape &perm) {
  if (value.rank() == rank)
    return materialize(value, perm);
  Shape shape(rank - value.rank(), 1);
  shape.insert(shape.end(), value.shape.begin(), value.shape.end());
  ImportedValue widened(value.loc);
  widened.shape = shape;
  if (value.isConstant()) {
    widened.constant = std::make_shared<HostTensor>(*value.constant);
    widened.constant->shape = shape;
  } else {
    widened.value = reshape(logical(value), shape);
  }
  return materialize(widened, perm);
}

LogicalResult Importer::importNode(const ::onnx::NodeProto &n) {
  node = &n;
  loc = nodeLocation(n);
  if (!n.domain().empty() && n.domain() != "ai.onnx") {
    fail() << "operators of domain '" << n.domain() << "' are not supported";
    return failure();
  }
  Emitter emit = lookupEmitter(n.op_type());
  if (!emit) {
    fail() << "operator " << n.op_type() << " is not supported";
    return failure();
  }
  for (int i = 0; i < n.input_size(); ++i)
    if (!n.input(i).empty() && !values.count(n.input(i))) {
      fail() << "input '" << n.input(i)
             << "' is not defined before this node (the graph must be "
                "topologically sorted)";
      return failure();
    }
  for (const std::string &out : n.output())
    if (!out.empty() && values.count(out)) {
      fail() << "output '" << out
             << "' is already defined (an ONNX graph assigns each value once)";
      return failure();
    }
  if (n.op_type() != "Constant" && !input(0)) {
    fail() << "the first input is missing";
    return failure();
  }
  return emit(*this);
}

OwningOpRef<ModuleOp> Importer::run() {
  const ::onnx::GraphProto &graph = model.graph();
  // The default-domain opset decides operator versions.
  opset = -1;
  for (const auto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (opset < 0 && model.ir_version() < 3)
    opset = 1;
  if (opset < 0 || opset > 17) {
    emitError(FileLineColLoc::get(ctx, sourceName, 0, 0))
        << (opset < 0 ? std::string("the model imports no ONNX opset")
                      : "opset " + std::to_string(opset) +
                            " is newer than the newest supported (17): "
                            "export with opset_version <= 17");
    return nullptr;
  }
  if (batchSize < 1) {
    emitError(FileLineColLoc::get(ctx, sourceName, 0, 0))
        << "batch size " << batchSize << " must be at least 1";
    return nullptr;
  }

  for (const auto &n : graph.node())
    for (const auto &in : n.input())
      if (!in.empty())
        ++useCounts[in];
  for (const auto &out : graph.output())
    ++useCounts[out.name()];

  OwningOpRef<ModuleOp> module =
      ModuleOp::create(FileLineColLoc::get(ctx, sourceName, 0, 0));
  Location fileLoc = FileLineColLoc::get(ctx, sourceName, 0, 0);

  // Initializers: host tensors.
  for (const auto &init : graph.initializer()) {
    HostTensor t;
    std::string error;
    if (!::autoquant::onnx_import::decodeTensorProto(init, t, error)) {
      emitError(fileLoc) << "initializer '" << init.name() << "': " << error;
      return nullptr;
    }
    ImportedValue v(NameLoc::get(StringAttr::get(ctx, init.name())));
    v.shape = t.shape;
    v.constant = std::make_shared<HostTensor>(std::move(t));
    values.emplace(init.name(), std::move(v));
  }

  // Graph inputs that are not initializers: function arguments.
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  std::vector<std::string> argNames;
  for (const auto &in : graph.input()) {
    if (values.count(in.name()))
      continue; // IR < 4 lists initializers as inputs too
    const auto &type = in.type();
    if (!type.has_tensor_type()) {
      emitError(fileLoc) << "graph input '" << in.name() << "' is not a tensor";
      return nullptr;
    }
    if (type.tensor_type().elem_type() != ::onnx::TensorProto::FLOAT) {
      emitError(fileLoc) << "graph input '" << in.name()
                         << "' has element type "
                         << ::onnx::TensorProto::DataType_Name(
                                static_cast<::onnx::TensorProto::DataType>(
                                    type.tensor_type().elem_type()))
                         << "; only float32 inputs are supported";
      return nullptr;
    }
    if (!type.tensor_type().has_shape()) {
      emitError(fileLoc) << "graph input '" << in.name()
                         << "' has no shape (its rank must be known)";
      return nullptr;
    }
    Shape shape;
    const auto &dims = type.tensor_type().shape().dim();
    for (int d = 0; d < dims.size(); ++d) {
      if (dims[d].has_dim_value() && dims[d].dim_value() == 0) {
        emitError(fileLoc) << "graph input '" << in.name() << "': dimension "
                           << d << " is 0; empty tensors are not supported";
        return nullptr;
      }
      if (dims[d].has_dim_value() && dims[d].dim_value() > 0) {
        shape.push_back(dims[d].dim_value());
      } else if (d == 0) {
        shape.push_back(batchSize);
      } else {
        InFlightDiagnostic diag = emitError(fileLoc);
        diag << "graph input '" << in.name() << "': dimension " << d;
        if (dims[d].has_dim_param())
          diag << " ('" << dims[d].dim_param() << "')";
        diag << " is not fixed; only the first (batch) dimension may be "
                "symbolic (it takes --batch-size)";
        return nullptr;
      }
    }
    if (::autoquant::onnx_import::numElements(shape) > (int64_t(1) << 40)) {
      emitError(fileLoc) << "graph input '" << in.name()
                         << "' has more than 2^40 elements";
      return nullptr;
    }
    argTypes.push_back(tensorType(shape));
    argLocs.push_back(NameLoc::get(StringAttr::get(ctx, in.name())));
    argNames.push_back(in.name());
  }

  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(
      b,
      NameLoc::get(StringAttr::get(ctx, graph.name().empty() ? entryName
                                                             : graph.name())),
      entryName, b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (unsigned i = 0; i < argTypes.size(); ++i) {
    entry->getArgument(i).setLoc(argLocs[i]);
    ImportedValue v(argLocs[i]);
    v.shape = shapeOf(entry->getArgument(i));
    v.value = entry->getArgument(i);
    values.emplace(argNames[i], std::move(v));
  }
  b.setInsertionPointToStart(entry);

  for (const auto &n : graph.node())
    if (failed(importNode(n)))
      return nullptr;
  node = nullptr;

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const auto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' is not computed by any node";
      return nullptr;
    }
    loc = NameLoc::get(StringAttr::get(ctx, out.name()));
    if (it->second.isConstant() && !it->second.constant->isFloat) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' is an integer tensor; only float outputs are "
                            "supported";
      return nullptr;
    }
    results.push_back(logical(it->second));
    resultTypes.push_back(results.back().getType());
  }
  func::ReturnOp::create(b, NameLoc::get(StringAttr::get(ctx, "return")),
                         results);
  // Layout views and folded shapes nobody read: drop them, last first.
  SmallVector<Operation *> ops;
  for (Operation &op : *entry)
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (isa<tosa::TosaDialect>(op->getDialect()) && op->use_empty() &&
        isMemoryEffectFree(op))
      op->erase();
  func.setType(b.getFunctionType(argTypes, resultTypes));
  if (failed(verify(*module))) {
    emitError(fileLoc) << "internal error: the imported module does not "
                          "verify (please report this model)";
    return nullptr;
  }
  return module;
}
