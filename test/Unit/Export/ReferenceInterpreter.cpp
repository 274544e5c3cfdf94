//===- ReferenceInterpreter.cpp - Runs an exported integer model ----------===//
//
// Plain loops, one function per op, following the TOSA 1.0 pseudocode
// (apply_scale_32 and reciprocal_scale come from autoquant/Support/
// FixedPoint.h, the spec's own functions). Every value is held as int64 and
// brought to its type's range where the spec says so.
//
//===----------------------------------------------------------------------===//

#include "ReferenceInterpreter.h"

#include "autoquant/Support/FixedPoint.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <functional>

using namespace llvm;
using namespace autoquant;
using namespace autoquant::reference;

namespace {

Error fail(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

unsigned bitWidth(StringRef dtype) {
  if (dtype == "bool")
    return 1;
  unsigned width = 64;
  dtype.consume_front("int");
  dtype.getAsInteger(10, width);
  return width;
}

std::pair<int64_t, int64_t> typeRange(StringRef dtype) {
  unsigned width = bitWidth(dtype);
  if (width == 1)
    return {0, 1};
  if (width >= 64)
    return {INT64_MIN, INT64_MAX};
  return {-(int64_t(1) << (width - 1)), (int64_t(1) << (width - 1)) - 1};
}

/// Two's-complement wraparound to `dtype` (integer casts narrow this way).
int64_t wrap(int64_t value, StringRef dtype) {
  unsigned width = bitWidth(dtype);
  if (width >= 64)
    return value;
  if (width == 1)
    return value & 1;
  uint64_t mask = (uint64_t(1) << width) - 1;
  uint64_t bits = static_cast<uint64_t>(value) & mask;
  if (bits >> (width - 1))
    bits |= ~mask;
  return static_cast<int64_t>(bits);
}

std::vector<int64_t> strides(const std::vector<int64_t> &shape) {
  std::vector<int64_t> result(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    result[i - 1] = result[i] * shape[i];
  return result;
}

/// Calls f(index) for every multi-index of `shape` in row-major order.
void forEachIndex(const std::vector<int64_t> &shape,
                  const std::function<void(const std::vector<int64_t> &)> &f) {
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t n = numElements(shape); n > 0; --n) {
    f(index);
    for (size_t i = shape.size(); i-- > 0;) {
      if (++index[i] < shape[i])
        break;
      index[i] = 0;
    }
  }
}

/// Element of `t` at `index`, broadcasting dimensions of extent 1.
int64_t at(const Tensor &t, const std::vector<int64_t> &index) {
  int64_t offset = 0, stride = 1;
  for (size_t i = t.shape.size(); i-- > 0;) {
    int64_t coordinate = t.shape[i] == 1 ? 0 : index[i];
    offset += coordinate * stride;
    stride *= t.shape[i];
  }
  return t.values[offset];
}

std::vector<int64_t> intArray(const json::Object &attrs, StringRef key) {
  std::vector<int64_t> values;
  if (const json::Array *array = attrs.getArray(key))
    for (const json::Value &v : *array)
      values.push_back(v.getAsInteger().value_or(0));
  return values;
}

struct Layer {
  std::string op;
  std::vector<const Tensor *> in;
  Tensor *out;
  const json::Object &attrs;
};

Tensor elementwise(const Layer &l,
                   const std::function<int64_t(int64_t, int64_t)> &f) {
  Tensor result = *l.out;
  int64_t i = 0;
  forEachIndex(result.shape, [&](const std::vector<int64_t> &index) {
    result.values[i++] =
        f(at(*l.in[0], index), l.in.size() > 1 ? at(*l.in[1], index) : 0);
  });
  return result;
}

/// conv2d / depthwise_conv2d: out = bias + sum (x - zx) * (w - zw) over the
/// window, padding contributing nothing.
void convolution(const Layer &l, bool depthwise) {
  const Tensor &x = *l.in[0], &w = *l.in[1], &bias = *l.in[2];
  int64_t zx = l.in[3]->values[0], zw = l.in[4]->values[0];
  std::vector<int64_t> pad = intArray(l.attrs, "pad"),
                       stride = intArray(l.attrs, "stride"),
                       dilation = intArray(l.attrs, "dilation");
  Tensor &y = *l.out;
  int64_t N = y.shape[0], OH = y.shape[1], OW = y.shape[2], OC = y.shape[3];
  int64_t H = x.shape[1], W = x.shape[2], C = x.shape[3];
  int64_t KH = depthwise ? w.shape[0] : w.shape[1];
  int64_t KW = depthwise ? w.shape[1] : w.shape[2];
  int64_t M = depthwise ? w.shape[3] : 1;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow)
        for (int64_t o = 0; o < OC; ++o) {
          int64_t acc = bias.values[bias.values.size() == 1 ? 0 : o];
          for (int64_t kh = 0; kh < KH; ++kh)
            for (int64_t kw = 0; kw < KW; ++kw) {
              int64_t ih = oh * stride[0] - pad[0] + kh * dilation[0];
              int64_t iw = ow * stride[1] - pad[2] + kw * dilation[1];
              if (ih < 0 || ih >= H || iw < 0 || iw >= W)
                continue;
              if (depthwise) {
                int64_t c = o / M, m = o % M;
                acc += (x.values[((n * H + ih) * W + iw) * C + c] - zx) *
                       (w.values[((kh * KW + kw) * C + c) * M + m] - zw);
                continue;
              }
              for (int64_t c = 0; c < C; ++c)
                acc += (x.values[((n * H + ih) * W + iw) * C + c] - zx) *
                       (w.values[((o * KH + kh) * KW + kw) * C + c] - zw);
            }
          y.values[((n * OH + oh) * OW + ow) * OC + o] = wrap(acc, y.dtype);
        }
}

void transposeConvolution(const Layer &l) {
  const Tensor &x = *l.in[0], &w = *l.in[1], &bias = *l.in[2];
  int64_t zx = l.in[3]->values[0], zw = l.in[4]->values[0];
  std::vector<int64_t> outPad = intArray(l.attrs, "out_pad"),
                       stride = intArray(l.attrs, "stride");
  Tensor &y = *l.out;
  int64_t N = y.shape[0], OH = y.shape[1], OW = y.shape[2], OC = y.shape[3];
  int64_t H = x.shape[1], W = x.shape[2], C = x.shape[3];
  int64_t KH = w.shape[1], KW = w.shape[2];
  std::vector<int64_t> acc(y.values.size());
  for (int64_t i = 0; i < static_cast<int64_t>(acc.size()); ++i)
    acc[i] = bias.values[bias.values.size() == 1 ? 0 : i % OC];
  for (int64_t n = 0; n < N; ++n)
    for (int64_t ih = 0; ih < H; ++ih)
      for (int64_t iw = 0; iw < W; ++iw)
        for (int64_t kh = 0; kh < KH; ++kh)
          for (int64_t kw = 0; kw < KW; ++kw) {
            int64_t oh = ih * stride[0] + outPad[0] + kh;
            int64_t ow = iw * stride[1] + outPad[2] + kw;
            if (oh < 0 || oh >= OH || ow < 0 || ow >= OW)
              continue;
            for (int64_t o = 0; o < OC; ++o)
              for (int64_t c = 0; c < C; ++c)
                acc[((n * OH + oh) * OW + ow) * OC + o] +=
                    (x.values[((n * H + ih) * W + iw) * C + c] - zx) *
                    (w.values[((o * KH + kh) * KW + kw) * C + c] - zw);
          }
  for (size_t i = 0; i < acc.size(); ++i)
    y.values[i] = wrap(acc[i], y.dtype);
}

void matmul(const Layer &l) {
  const Tensor &a = *l.in[0], &b = *l.in[1];
  int64_t za = l.in[2]->values[0], zb = l.in[3]->values[0];
  Tensor &y = *l.out;
  int64_t N = a.shape[0], H = a.shape[1], C = a.shape[2], W = b.shape[2];
  for (int64_t n = 0; n < N; ++n)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t w = 0; w < W; ++w) {
        int64_t acc = 0;
        for (int64_t c = 0; c < C; ++c)
          acc += (a.values[(n * H + h) * C + c] - za) *
                 (b.values[(n * C + c) * W + w] - zb);
        y.values[(n * H + h) * W + w] = wrap(acc, y.dtype);
      }
}

Error rescale(const Layer &l) {
  const Tensor &x = *l.in[0], &multiplier = *l.in[1], &shift = *l.in[2];
  int64_t zIn = l.in[3]->values[0], zOut = l.in[4]->values[0];
  StringRef mode = l.attrs.getString("rounding_mode").value_or("");
  if (mode != "SINGLE_ROUND" && mode != "DOUBLE_ROUND")
    return fail("rescale: rounding mode '" + mode + "' not implemented");
  bool scale32 = l.attrs.getBoolean("scale32").value_or(false);
  if (l.attrs.getBoolean("input_unsigned").value_or(false) ||
      l.attrs.getBoolean("output_unsigned").value_or(false))
    return fail("rescale: only signed rescales are implemented");
  bool perChannel = l.attrs.getBoolean("per_channel").value_or(false);
  Tensor &y = *l.out;
  auto [lo, hi] = typeRange(y.dtype);
  int64_t channels = x.shape.empty() ? 1 : x.shape.back();
  for (size_t i = 0; i < x.values.size(); ++i) {
    size_t c = perChannel ? i % channels : 0;
    int64_t v = x.values[i] - zIn;
    int64_t scaled;
    if (scale32) {
      scaled = applyScale32(
          static_cast<int32_t>(v), static_cast<int32_t>(multiplier.values[c]),
          static_cast<int32_t>(shift.values[c]), mode == "DOUBLE_ROUND");
    } else {
      // TOSA apply_scale_16: a 48-bit value times a 16-bit multiplier,
      // rounded half up at the shift; the spec requires an int32 result.
      int64_t s = shift.values[c];
      scaled = (v * multiplier.values[c] + (int64_t(1) << (s - 1))) >> s;
      if (scaled < INT32_MIN || scaled > INT32_MAX)
        return fail("rescale: apply_scale_16 result " + Twine(scaled) +
                    " is outside int32");
    }
    y.values[i] = std::clamp<int64_t>(scaled + zOut, lo, hi);
  }
  return Error::success();
}

void pool(const Layer &l, bool isMax) {
  const Tensor &x = *l.in[0];
  std::vector<int64_t> kernel = intArray(l.attrs, "kernel"),
                       stride = intArray(l.attrs, "stride"),
                       pad = intArray(l.attrs, "pad");
  int64_t zIn = isMax ? 0 : l.in[1]->values[0];
  int64_t zOut = isMax ? 0 : l.in[2]->values[0];
  Tensor &y = *l.out;
  auto [lo, hi] = typeRange(y.dtype);
  int64_t N = y.shape[0], OH = y.shape[1], OW = y.shape[2], C = y.shape[3];
  int64_t H = x.shape[1], W = x.shape[2];
  for (int64_t n = 0; n < N; ++n)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow)
        for (int64_t c = 0; c < C; ++c) {
          int64_t best = INT64_MIN, sum = 0, count = 0;
          for (int64_t kh = 0; kh < kernel[0]; ++kh)
            for (int64_t kw = 0; kw < kernel[1]; ++kw) {
              int64_t ih = oh * stride[0] - pad[0] + kh;
              int64_t iw = ow * stride[1] - pad[2] + kw;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W)
                continue;
              int64_t v = x.values[((n * H + ih) * W + iw) * C + c];
              best = std::max(best, v);
              sum += v - zIn;
              ++count;
            }
          int64_t out = isMax ? best
                              : int64_t(tosaAveragePoolDivide(
                                    static_cast<int32_t>(sum),
                                    static_cast<int32_t>(count))) +
                                    zOut;
          y.values[((n * OH + oh) * OW + ow) * C + c] = std::clamp(out, lo, hi);
        }
}

/// pad, transpose, slice, tile, reverse, concat, reshape: an output index to
/// an input element.
Error move(const Layer &l) {
  Tensor &y = *l.out;
  const Tensor &x = *l.in[0];
  std::vector<int64_t> xStrides = strides(x.shape);
  auto offsetOf = [&](const std::vector<int64_t> &index) {
    int64_t offset = 0;
    for (size_t i = 0; i < index.size(); ++i)
      offset += index[i] * xStrides[i];
    return offset;
  };
  int64_t i = 0;
  if (l.op == "reshape" || l.op == "identity") {
    y.values = x.values;
    return Error::success();
  }
  if (l.op == "pad") {
    const std::vector<int64_t> &padding = l.in[1]->values;
    int64_t padValue = l.in[2]->values[0];
    forEachIndex(y.shape, [&](const std::vector<int64_t> &index) {
      std::vector<int64_t> source(index.size());
      bool inside = true;
      for (size_t d = 0; d < index.size(); ++d) {
        source[d] = index[d] - padding[2 * d];
        inside &= source[d] >= 0 && source[d] < x.shape[d];
      }
      y.values[i++] = inside ? x.values[offsetOf(source)] : padValue;
    });
    return Error::success();
  }
  if (l.op == "transpose") {
    std::vector<int64_t> perms = intArray(l.attrs, "perms");
    forEachIndex(y.shape, [&](const std::vector<int64_t> &index) {
      std::vector<int64_t> source(index.size());
      for (size_t d = 0; d < index.size(); ++d)
        source[perms[d]] = index[d];
      y.values[i++] = x.values[offsetOf(source)];
    });
    return Error::success();
  }
  if (l.op == "slice" || l.op == "tile" || l.op == "reverse") {
    int64_t axis = l.attrs.getInteger("axis").value_or(-1);
    forEachIndex(y.shape, [&](const std::vector<int64_t> &index) {
      std::vector<int64_t> source(index);
      for (size_t d = 0; d < index.size(); ++d) {
        if (l.op == "slice")
          source[d] += l.in[1]->values[d];
        else if (l.op == "tile")
          source[d] %= x.shape[d];
        else if (static_cast<int64_t>(d) == axis)
          source[d] = x.shape[d] - 1 - index[d];
      }
      y.values[i++] = x.values[offsetOf(source)];
    });
    return Error::success();
  }
  if (l.op == "concat") {
    int64_t axis = l.attrs.getInteger("axis").value_or(0);
    forEachIndex(y.shape, [&](const std::vector<int64_t> &index) {
      int64_t position = index[axis];
      for (const Tensor *part : l.in) {
        if (position < part->shape[axis]) {
          std::vector<int64_t> source(index);
          source[axis] = position;
          std::vector<int64_t> partStrides = strides(part->shape);
          int64_t offset = 0;
          for (size_t d = 0; d < source.size(); ++d)
            offset += source[d] * partStrides[d];
          y.values[i++] = part->values[offset];
          return;
        }
        position -= part->shape[axis];
      }
    });
    return Error::success();
  }
  return fail("op '" + l.op + "' is not implemented");
}

Tensor tensorFromJson(const json::Object &entry) {
  Tensor tensor;
  if (const json::Array *shape = entry.getArray("shape"))
    for (const json::Value &dim : *shape)
      tensor.shape.push_back(dim.getAsInteger().value_or(0));
  tensor.dtype = entry.getString("dtype").value_or("").str();
  if (tensor.dtype == "shape") {
    // A !tosa.shape<N> holds N extents.
    tensor.shape = {tensor.shape.empty() ? 0 : tensor.shape.front()};
  }
  if (const json::Array *data = entry.getArray("data"))
    for (const json::Value &v : *data)
      tensor.values.push_back(v.getAsInteger().value_or(0));
  return tensor;
}

} // namespace

Expected<Interpreter> Interpreter::create(json::Value model) {
  const json::Object *root = model.getAsObject();
  if (!root || root->getString("format") != "autoquant-model" ||
      !root->getArray("tensors") || !root->getArray("layers"))
    return fail("not an autoquant-model document");
  for (const json::Value &item : *root->getArray("tensors")) {
    StringRef dtype = item.getAsObject()->getString("dtype").value_or("");
    if (dtype == "float32")
      return fail("the reference runs integer models only (export a "
                  "fully-integral realize)");
  }
  return Interpreter(std::move(model));
}

std::vector<Tensor> Interpreter::getInputTemplates() const {
  const json::Object &root = *model.getAsObject();
  const json::Array &tensors = *root.getArray("tensors");
  std::vector<Tensor> inputs;
  for (const json::Value &input : *root.getArray("inputs")) {
    int64_t id = input.getAsObject()->getInteger("tensor").value_or(-1);
    inputs.push_back(tensorFromJson(*tensors[id].getAsObject()));
  }
  return inputs;
}

Expected<std::vector<Tensor>>
Interpreter::run(const std::vector<Tensor> &inputs) {
  const json::Object &root = *model.getAsObject();
  const json::Array &tensorList = *root.getArray("tensors");
  std::vector<Tensor> tensors;
  for (const json::Value &item : tensorList)
    tensors.push_back(tensorFromJson(*item.getAsObject()));
  const json::Array &inputList = *root.getArray("inputs");
  if (inputs.size() != inputList.size())
    return fail("expected " + Twine(inputList.size()) + " inputs");
  for (auto [input, entry] : llvm::zip(inputs, inputList))
    tensors[entry.getAsObject()->getInteger("tensor").value_or(-1)] = input;

  for (const json::Value &item : *root.getArray("layers")) {
    const json::Object &layer = *item.getAsObject();
    static const json::Object noAttributes;
    const json::Object *attrs = layer.getObject("attributes");
    std::vector<const Tensor *> in;
    for (const json::Value &id : *layer.getArray("inputs"))
      in.push_back(&tensors[id.getAsInteger().value_or(-1)]);
    Tensor &out =
        tensors[layer.getArray("outputs")->front().getAsInteger().value_or(-1)];
    out.values.assign(numElements(out.shape), 0);
    Layer l{layer.getString("op").value_or("").str(), in, &out,
            attrs ? *attrs : noAttributes};
    std::pair<int64_t, int64_t> range = typeRange(out.dtype);
    int64_t lo = range.first, hi = range.second;
    if (l.op == "conv2d" || l.op == "depthwise_conv2d") {
      convolution(l, l.op == "depthwise_conv2d");
    } else if (l.op == "transpose_conv2d") {
      transposeConvolution(l);
    } else if (l.op == "matmul") {
      matmul(l);
    } else if (l.op == "rescale") {
      if (Error error = rescale(l))
        return std::move(error);
    } else if (l.op == "max_pool2d" || l.op == "avg_pool2d") {
      pool(l, l.op == "max_pool2d");
    } else if (l.op == "clamp") {
      int64_t minValue = l.attrs.getInteger("min_val").value_or(lo);
      int64_t maxValue = l.attrs.getInteger("max_val").value_or(hi);
      out = elementwise(l, [&](int64_t a, int64_t) {
        return std::clamp(a, minValue, maxValue);
      });
    } else if (l.op == "maximum" || l.op == "minimum") {
      bool isMax = l.op == "maximum";
      out = elementwise(l, [&](int64_t a, int64_t b) {
        return isMax ? std::max(a, b) : std::min(a, b);
      });
    } else if (l.op == "add" || l.op == "sub") {
      bool isAdd = l.op == "add";
      out = elementwise(l, [&](int64_t a, int64_t b) {
        return wrap(isAdd ? a + b : a - b, out.dtype);
      });
    } else if (l.op == "mul") {
      if (in[2]->values.empty() || in[2]->values[0] != 0)
        return fail("mul: only shift 0 is implemented");
      out = elementwise(
          l, [&](int64_t a, int64_t b) { return wrap(a * b, out.dtype); });
    } else if (l.op == "cast") {
      out = elementwise(l, [&](int64_t a, int64_t) {
        return out.dtype == "bool" ? int64_t(a != 0) : wrap(a, out.dtype);
      });
    } else if (l.op == "negate") {
      int64_t zIn = in[1]->values[0], zOut = in[2]->values[0];
      out = elementwise(l, [&](int64_t a, int64_t) {
        return std::clamp(-(a - zIn) + zOut, lo, hi);
      });
    } else if (l.op == "greater") {
      out = elementwise(l, [](int64_t a, int64_t b) { return int64_t(a > b); });
    } else if (l.op == "select") {
      int64_t i = 0;
      forEachIndex(out.shape, [&](const std::vector<int64_t> &index) {
        out.values[i++] =
            at(*in[0], index) ? at(*in[1], index) : at(*in[2], index);
      });
    } else if (l.op == "arithmetic_right_shift") {
      bool round = l.attrs.getBoolean("round").value_or(false);
      out = elementwise(l, [&](int64_t a, int64_t b) {
        int64_t shifted = a >> b;
        if (round && b > 0 && ((a >> (b - 1)) & 1))
          ++shifted;
        return shifted;
      });
    } else if (Error error = move(l)) {
      return std::move(error);
    }
  }

  std::vector<Tensor> outputs;
  for (const json::Value &output : *root.getArray("outputs"))
    outputs.push_back(
        tensors[output.getAsObject()->getInteger("tensor").value_or(-1)]);
  return outputs;
}
