//===- Importer.h - ONNX graph -> float TOSA, the translator ----*- C++ -*-===//
//
// The state of one import: the value table (every ONNX value as a physical
// IR value plus the layout it is held in, or as a host tensor while it is
// known at import time), the node being translated, and the IR helpers the
// operator emitters (the *Ops.cpp files) share. Importer.cpp walks the graph;
// the emitters know the operators.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_LIB_IMPORT_ONNX_IMPORTER_H
#define AUTOQUANT_LIB_IMPORT_ONNX_IMPORTER_H

#include "HostTensor.h"
#include "autoquant/Support/MLIR.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace autoquant {
namespace onnx_import {

using ::autoquant::onnx_import::HostTensor;
using Shape = std::vector<int64_t>;

/// One ONNX value. Runtime values are held in a physical layout: physical
/// dimension i is logical (ONNX) dimension perm[i] (empty perm = identity),
/// so NCHW activations live as NHWC between convolutions without transposes.
/// Values known at import time keep their host tensor and are materialized
/// as tosa.const in whatever layout a use asks for.
struct ImportedValue {
  Shape shape;
  std::shared_ptr<HostTensor> constant;
  Value value;
  Shape perm;
  /// Layouts this value was already materialized in.
  std::map<Shape, Value> views;
  Location loc;

  explicit ImportedValue(Location loc) : loc(loc) {}
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  bool isConstant() const { return constant != nullptr; }
};

class Importer {
public:
  Importer(MLIRContext *ctx, const ::onnx::ModelProto &model,
           StringRef sourceName, int64_t batchSize, std::string entryName);

  /// Translates the whole graph; null after an error (already reported).
  OwningOpRef<ModuleOp> run();

  //===--- what the operator emitters use -------------------------------===//

  OpBuilder b;
  Location loc;
  const ::onnx::NodeProto *node = nullptr;
  int64_t opset = 0;
  Type f32;

  /// An error at the current node: "node 'n' (Op, opset k): ...".
  InFlightDiagnostic fail();
  /// Fails unless every attribute of the node is in `known`.
  LogicalResult checkAttributes(ArrayRef<StringRef> known);

  const ::onnx::AttributeProto *attr(StringRef name) const;
  int64_t attrInt(StringRef name, int64_t fallback) const;
  float attrFloat(StringRef name, float fallback) const;
  std::string attrString(StringRef name, StringRef fallback) const;
  Shape attrInts(StringRef name) const;

  /// Number of inputs / outputs the node names (trailing empty names count).
  int numInputs() const;
  int numOutputs() const;
  /// Input i, or null when absent (out of range or the empty name).
  ImportedValue *input(int i);
  /// Input i as a host tensor; errors (naming `what`) when it is missing or
  /// computed at run time.
  FailureOr<HostTensor *> constantInput(int i, StringRef what);
  /// Inputs first, first + 1, ... as host tensors, one per name, stopping at
  /// the first that fails (one diagnostic).
  FailureOr<SmallVector<HostTensor *>>
  constantInputs(int first, ArrayRef<StringRef> names);
  /// Integers from input i when present, else from attribute `name`, else
  /// `fallback` (operators that moved an attribute to an input over opsets).
  FailureOr<Shape> intsFromInputOrAttr(int i, StringRef name,
                                       const Shape &fallback, bool &present);
  bool isOutputUsed(int i) const;

  /// Defines output i as a runtime value of logical `shape` held in `perm`.
  void define(int i, Value value, Shape shape, Shape perm = {});
  void defineConstant(int i, HostTensor tensor);
  /// Fails (reported) when a host tensor of `shape` would be too large.
  bool checkHostSize(const Shape &shape);
  /// Defines output i as an alias of `value` (Identity, folded BN).
  void defineAlias(int i, const ImportedValue &value);

  /// The value in layout `perm` (empty = logical).
  Value materialize(ImportedValue &value, const Shape &perm);
  Value logical(ImportedValue &value) { return materialize(value, {}); }
  /// The value viewed at rank `rank` (leading 1s, numpy broadcasting) in
  /// layout `perm`.
  Value broadcastOperand(ImportedValue &value, int64_t rank, const Shape &perm);

  RankedTensorType tensorType(const Shape &shape) const;
  Value constant(const HostTensor &tensor);
  Value constant(const HostTensor &tensor, Location at);
  /// A float splat of `rank` dimensions of size 1.
  Value scalar(float v, int64_t rank);
  Value zeroPoint();
  Value shapeValue(ArrayRef<int64_t> dims);
  Value reshape(Value v, const Shape &shape);
  Value transpose(Value v, const Shape &perm);
  Value slice(Value v, const Shape &start, const Shape &size);
  Value mul(Value a, Value c);
  /// A global average or max pool of an NHWC value (kernel = H x W).
  Value globalPool(Value nhwc, bool isMax);
  static Shape shapeOf(Value v);

  /// Counts of node inputs reading each value (graph outputs count one).
  llvm::StringMap<int> useCounts;

private:
  LogicalResult importNode(const ::onnx::NodeProto &n);
  Location nodeLocation(const ::onnx::NodeProto &n);

  MLIRContext *ctx;
  const ::onnx::ModelProto &model;
  std::string sourceName;
  int64_t batchSize;
  std::string entryName;
  std::map<std::string, ImportedValue> values;
  Value cachedZeroPoint;
};

/// Emits operator `node.op_type()`; false when the operator is unknown.
using Emitter = LogicalResult (*)(Importer &);
Emitter lookupEmitter(StringRef opType);

/// Normalizes a possibly negative axis; fails (reported) when out of range.
FailureOr<int64_t> normalizeAxis(Importer &im, int64_t axis, int64_t rank);
Shape identityPerm(int64_t rank);
Shape inversePerm(const Shape &perm);
/// The logical shape permuted into the physical layout `perm`.
Shape permuteShape(const Shape &shape, const Shape &perm);
/// Position of logical `axis` in the physical layout `perm`.
int64_t physicalAxis(const Shape &perm, int64_t axis);
/// The layout of NCHW values held NHWC (convolutions, pools, resize).
inline const Shape kNHWC = {0, 2, 3, 1};

} // namespace onnx_import
} // namespace autoquant

#endif // AUTOQUANT_LIB_IMPORT_ONNX_IMPORTER_H
