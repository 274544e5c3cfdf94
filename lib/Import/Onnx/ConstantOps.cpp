//===- ConstantOps.cpp - ONNX constants and shape queries -----------------===//
//
// Operators whose result is a host tensor known at import time:
// Constant, ConstantOfShape, and the shape-subgraph queries Shape, Size
// and Range.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

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

} // namespace

void autoquant::onnx_import::addConstantOperators(
    llvm::StringMap<Emitter> &table) {
  table["Constant"] = emitConstant;
  table["ConstantOfShape"] = emitConstantOfShape;
  table["Shape"] = emitShape;
  table["Size"] = emitSize;
  table["Range"] = emitRange;
}
