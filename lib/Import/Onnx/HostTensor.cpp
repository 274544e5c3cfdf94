//===- HostTensor.cpp - ONNX tensors known at import time -----------------===//

#include "HostTensor.h"

#include "onnx/onnx_pb.h"

#include <cassert>
#include <cmath>
#include <cstring>

namespace autoquant {
namespace onnx_import {

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (d < 0 || __builtin_mul_overflow(n, d, &n))
      return INT64_MAX;
  return n;
}

int64_t HostTensor::size() const { return numElements(shape); }

std::vector<int64_t> HostTensor::toInts() const {
  std::vector<int64_t> out(data.size());
  // Saturating: a float tensor used as integers may hold anything.
  const double limit = 4611686018427387904.0; // 2^62
  for (size_t i = 0; i < data.size(); ++i)
    out[i] =
        std::isnan(data[i])
            ? 0
            : static_cast<int64_t>(std::max(-limit, std::min(limit, data[i])));
  return out;
}

std::vector<float> HostTensor::toFloats() const {
  std::vector<float> out(data.size());
  for (size_t i = 0; i < data.size(); ++i)
    out[i] = static_cast<float>(data[i]);
  return out;
}

HostTensor HostTensor::ints(std::vector<int64_t> shape,
                            const std::vector<int64_t> &values) {
  HostTensor t;
  t.isFloat = false;
  t.shape = std::move(shape);
  t.data.assign(values.begin(), values.end());
  return t;
}

HostTensor HostTensor::floats(std::vector<int64_t> shape,
                              std::vector<double> values) {
  HostTensor t;
  t.shape = std::move(shape);
  t.data = std::move(values);
  return t;
}

namespace {

/// IEEE half to float (subnormals, infinities and NaN included).
float halfToFloat(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f,
           mantissa = h & 0x3ff;
  float value;
  if (exponent == 0)
    value = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31)
    value = mantissa ? NAN : INFINITY;
  else
    value = std::ldexp(static_cast<float>(mantissa | 0x400),
                       static_cast<int>(exponent) - 25);
  return sign ? -value : value;
}

template <typename T>
void readRaw(const std::string &raw, std::vector<double> &out) {
  size_t n = raw.size() / sizeof(T);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
    out[i] = static_cast<double>(v);
  }
}

} // namespace

bool decodeTensorProto(const onnx::TensorProto &proto, HostTensor &result,
                       std::string &error) {
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "tensor '" + proto.name() +
            "' keeps its data in an external file, which is not supported "
            "(save the model with the weights inside the .onnx file)";
    return false;
  }
  result = HostTensor();
  for (int64_t d : proto.dims()) {
    if (d < 0) {
      error = "tensor '" + proto.name() + "' has a negative dimension";
      return false;
    }
    result.shape.push_back(d);
  }
  const std::string &raw = proto.raw_data();
  bool hasRaw = proto.has_raw_data();
  std::vector<double> &out = result.data;
  using TP = onnx::TensorProto;
  switch (proto.data_type()) {
  case TP::FLOAT:
    if (hasRaw)
      readRaw<float>(raw, out);
    else
      out.assign(proto.float_data().begin(), proto.float_data().end());
    break;
  case TP::DOUBLE:
    if (hasRaw)
      readRaw<double>(raw, out);
    else
      out.assign(proto.double_data().begin(), proto.double_data().end());
    break;
  case TP::FLOAT16:
    if (hasRaw) {
      std::vector<double> bits;
      readRaw<uint16_t>(raw, bits);
      for (double b : bits)
        out.push_back(halfToFloat(static_cast<uint16_t>(b)));
    } else {
      for (int32_t b : proto.int32_data())
        out.push_back(halfToFloat(static_cast<uint16_t>(b)));
    }
    break;
  case TP::INT64:
    result.isFloat = false;
    if (hasRaw)
      readRaw<int64_t>(raw, out);
    else
      out.assign(proto.int64_data().begin(), proto.int64_data().end());
    break;
  case TP::UINT64:
    result.isFloat = false;
    if (hasRaw)
      readRaw<uint64_t>(raw, out);
    else
      out.assign(proto.uint64_data().begin(), proto.uint64_data().end());
    break;
  case TP::INT32:
  case TP::INT16:
  case TP::INT8:
  case TP::UINT16:
  case TP::UINT8:
  case TP::BOOL: {
    result.isFloat = false;
    if (!hasRaw) {
      out.assign(proto.int32_data().begin(), proto.int32_data().end());
      break;
    }
    switch (proto.data_type()) {
    case TP::INT32:
      readRaw<int32_t>(raw, out);
      break;
    case TP::INT16:
      readRaw<int16_t>(raw, out);
      break;
    case TP::INT8:
      readRaw<int8_t>(raw, out);
      break;
    case TP::UINT16:
      readRaw<uint16_t>(raw, out);
      break;
    default:
      readRaw<uint8_t>(raw, out);
      break;
    }
    break;
  }
  case TP::UINT32:
    result.isFloat = false;
    if (hasRaw)
      readRaw<uint32_t>(raw, out);
    else
      out.assign(proto.uint64_data().begin(), proto.uint64_data().end());
    break;
  default:
    error = "tensor '" + proto.name() + "' has element type " +
            onnx::TensorProto::DataType_Name(
                static_cast<TP::DataType>(proto.data_type())) +
            ", which is not supported";
    return false;
  }
  if (result.size() > kMaxHostElements) {
    error = "tensor '" + proto.name() + "' is too large";
    return false;
  }
  if (static_cast<int64_t>(out.size()) != result.size()) {
    error = "tensor '" + proto.name() + "' holds " +
            std::to_string(out.size()) + " values where its shape needs " +
            std::to_string(result.size());
    return false;
  }
  return true;
}

namespace {
std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Calls fn(outIndex, inIndex) for every element of an `outShape` walk where
/// the input index advances by `inStrides` (0 for broadcast dimensions).
template <typename Fn>
void walk(const std::vector<int64_t> &outShape,
          const std::vector<int64_t> &inStrides, Fn fn) {
  int64_t total = numElements(outShape);
  size_t rank = outShape.size();
  std::vector<int64_t> index(rank, 0);
  int64_t in = 0;
  for (int64_t out = 0; out < total; ++out) {
    fn(out, in);
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      if (++index[d] < outShape[d]) {
        in += inStrides[d];
        break;
      }
      in -= inStrides[d] * (outShape[d] - 1);
      index[d] = 0;
    }
  }
}

/// Strides of `shape` read as `outShape` under numpy broadcasting.
std::vector<int64_t> broadcastStrides(const std::vector<int64_t> &shape,
                                      const std::vector<int64_t> &outShape) {
  std::vector<int64_t> own = stridesOf(shape), strides(outShape.size(), 0);
  size_t offset = outShape.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    strides[offset + i] = shape[i] == 1 ? 0 : own[i];
  return strides;
}
} // namespace

HostTensor transpose(const HostTensor &in, const std::vector<int64_t> &perm) {
  HostTensor out;
  out.isFloat = in.isFloat;
  std::vector<int64_t> inStrides = stridesOf(in.shape), strides;
  for (int64_t p : perm) {
    out.shape.push_back(in.shape[p]);
    strides.push_back(inStrides[p]);
  }
  out.data.resize(in.data.size());
  walk(out.shape, strides,
       [&](int64_t o, int64_t i) { out.data[o] = in.data[i]; });
  return out;
}

bool broadcastShapes(const std::vector<int64_t> &a,
                     const std::vector<int64_t> &b, std::vector<int64_t> &out) {
  size_t rank = std::max(a.size(), b.size());
  out.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return false;
    out[i] = da == 1 ? db : da;
  }
  return true;
}

HostTensor broadcastBinary(const HostTensor &a, const HostTensor &b,
                           const std::function<double(double, double)> &fn,
                           bool resultIsFloat) {
  HostTensor out;
  out.isFloat = resultIsFloat;
  bool ok = broadcastShapes(a.shape, b.shape, out.shape);
  assert(ok && "shapes do not broadcast");
  (void)ok;
  HostTensor ea = broadcastTo(a, out.shape), eb = broadcastTo(b, out.shape);
  out.data.resize(ea.data.size());
  for (size_t i = 0; i < out.data.size(); ++i)
    out.data[i] = fn(ea.data[i], eb.data[i]);
  return out;
}

HostTensor broadcastTo(const HostTensor &in,
                       const std::vector<int64_t> &shape) {
  if (in.shape == shape)
    return in;
  HostTensor out;
  out.isFloat = in.isFloat;
  out.shape = shape;
  out.data.resize(numElements(shape));
  walk(shape, broadcastStrides(in.shape, shape),
       [&](int64_t o, int64_t i) { out.data[o] = in.data[i]; });
  return out;
}

HostTensor slice(const HostTensor &in, const std::vector<int64_t> &starts,
                 const std::vector<int64_t> &ends,
                 const std::vector<int64_t> &steps) {
  HostTensor out;
  out.isFloat = in.isFloat;
  std::vector<int64_t> inStrides = stridesOf(in.shape), strides;
  int64_t base = 0;
  for (size_t d = 0; d < in.shape.size(); ++d) {
    int64_t n = ends[d] > starts[d]
                    ? (ends[d] - starts[d] + steps[d] - 1) / steps[d]
                    : 0;
    out.shape.push_back(n);
    strides.push_back(inStrides[d] * steps[d]);
    base += starts[d] * inStrides[d];
  }
  out.data.resize(numElements(out.shape));
  walk(out.shape, strides,
       [&](int64_t o, int64_t i) { out.data[o] = in.data[base + i]; });
  return out;
}

HostTensor concat(const std::vector<const HostTensor *> &parts, int64_t axis) {
  HostTensor out;
  out.isFloat = parts.front()->isFloat;
  out.shape = parts.front()->shape;
  out.shape[axis] = 0;
  for (const HostTensor *p : parts)
    out.shape[axis] += p->shape[axis];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= out.shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor *p : parts) {
      int64_t chunk = p->size() / std::max<int64_t>(outer, 1);
      if (outer == 0)
        break;
      out.data.insert(out.data.end(), p->data.begin() + o * chunk,
                      p->data.begin() + (o + 1) * chunk);
    }
  return out;
}

HostTensor gather(const HostTensor &in, const HostTensor &indices,
                  int64_t axis) {
  HostTensor out;
  out.isFloat = in.isFloat;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= in.shape[d];
  for (size_t d = axis + 1; d < in.shape.size(); ++d)
    inner *= in.shape[d];
  out.shape.assign(in.shape.begin(), in.shape.begin() + axis);
  out.shape.insert(out.shape.end(), indices.shape.begin(), indices.shape.end());
  out.shape.insert(out.shape.end(), in.shape.begin() + axis + 1,
                   in.shape.end());
  int64_t n = in.shape[axis];
  for (int64_t o = 0; o < outer; ++o)
    for (double raw : indices.data) {
      int64_t k = static_cast<int64_t>(raw);
      if (k < 0)
        k += n;
      auto begin = in.data.begin() + (o * n + k) * inner;
      out.data.insert(out.data.end(), begin, begin + inner);
    }
  return out;
}

} // namespace onnx_import
} // namespace autoquant
