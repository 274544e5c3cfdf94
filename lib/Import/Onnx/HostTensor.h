//===- HostTensor.h - ONNX tensors known at import time ---------*- C++ -*-===//
//
// Initializers, Constant nodes and everything computed from them only (shape
// subgraphs, batch-norm factors, transposed weights) are evaluated on the host
// while importing, so they reach the IR as single folded constants. Values are
// held as doubles whatever their ONNX type (int64 shapes are exact up to 2^53,
// float32 data round-trips exactly); `isFloat` says which they were. MLIR-free.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_LIB_IMPORT_ONNX_HOSTTENSOR_H
#define AUTOQUANT_LIB_IMPORT_ONNX_HOSTTENSOR_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace autoquant {
namespace onnx_import {

struct HostTensor {
  bool isFloat = true;
  std::vector<int64_t> shape;
  std::vector<double> data;

  int64_t size() const;
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  std::vector<int64_t> toInts() const;
  std::vector<float> toFloats() const;

  static HostTensor ints(std::vector<int64_t> shape,
                         const std::vector<int64_t> &values);
  static HostTensor floats(std::vector<int64_t> shape,
                           std::vector<double> values);
};

/// Largest tensor the importer evaluates on the host (2^28 elements).
constexpr int64_t kMaxHostElements = int64_t(1) << 28;

/// Element count of `shape` (1 for a scalar; INT64_MAX on overflow or a
/// negative dimension).
int64_t numElements(const std::vector<int64_t> &shape);

/// Decodes a TensorProto (raw_data or the typed fields; float, double,
/// float16, the integer types and bool). Returns false with `error` set for
/// external data, strings and other types.
bool decodeTensorProto(const onnx::TensorProto &proto, HostTensor &result,
                       std::string &error);

/// out[i...] = in[perm applied]: out.shape[i] = in.shape[perm[i]].
HostTensor transpose(const HostTensor &in, const std::vector<int64_t> &perm);

/// Numpy broadcast of two shapes; false when they do not broadcast.
bool broadcastShapes(const std::vector<int64_t> &a,
                     const std::vector<int64_t> &b, std::vector<int64_t> &out);

/// Elementwise `fn` with numpy broadcasting (shapes must broadcast).
HostTensor broadcastBinary(const HostTensor &a, const HostTensor &b,
                           const std::function<double(double, double)> &fn,
                           bool resultIsFloat);

/// `in` broadcast to `shape` (which it must broadcast to).
HostTensor broadcastTo(const HostTensor &in, const std::vector<int64_t> &shape);

/// Elements [starts, ends) with positive `steps` along every axis.
HostTensor slice(const HostTensor &in, const std::vector<int64_t> &starts,
                 const std::vector<int64_t> &ends,
                 const std::vector<int64_t> &steps);

/// Concatenation along `axis`.
HostTensor concat(const std::vector<const HostTensor *> &parts, int64_t axis);

/// numpy.take(in, indices, axis) with in-range indices.
HostTensor gather(const HostTensor &in, const HostTensor &indices,
                  int64_t axis);

} // namespace onnx_import
} // namespace autoquant

#endif // AUTOQUANT_LIB_IMPORT_ONNX_HOSTTENSOR_H
