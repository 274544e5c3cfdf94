//===- NetworkOps.cpp - ONNX convolutions, pools, products, norms ---------===//
//
// Operators with a layout or a window: convolutions and pools run NHWC with
// OHWI / HWCM constant weights (TOSA's layouts), their results stay NHWC for
// the next operator; matrix products run as rank-3 tosa.matmul; batch norm
// after a convolution is folded into its weights; normalizations and softmax
// reduce in whatever layout their input is held in.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

const Shape kNHWC = {0, 2, 3, 1};
/// Grouped convolutions with up to this many groups become one conv2d per
/// group; with more, one depthwise convolution and a sum (compile time and
/// op count grow with the groups otherwise: RegNet has up to 55).
constexpr int64_t kMaxSlicedGroups = 8;

/// The input as an NHWC rank-4 value (1-D spatial inputs get H = 1).
FailureOr<Value> toNHWC(Importer &im, ImportedValue &x) {
  if (x.rank() == 4)
    return im.materialize(x, kNHWC);
  if (x.rank() == 3) {
    Value v = im.materialize(x, {0, 2, 1});
    return im.reshape(v, {x.shape[0], 1, x.shape[2], x.shape[1]});
  }
  im.fail() << "only 1-D and 2-D spatial inputs (rank 3 or 4) are supported; "
               "this input has rank "
            << x.rank();
  return failure();
}

/// Defines output `out` from an NHWC result, for an input of `rank`.
void defineFromNHWC(Importer &im, Value v, int64_t rank, int out = 0) {
  Shape s = Importer::shapeOf(v);
  if (rank == 4) {
    im.define(out, v, {s[0], s[3], s[1], s[2]}, kNHWC);
    return;
  }
  Value r = im.reshape(v, {s[0], s[2], s[3]});
  im.define(out, r, {s[0], s[3], s[2]}, {0, 2, 1});
}

/// Window attributes for H and W (1-D windows get a unit H).
struct Window {
  Shape kernel{1, 1}, stride{1, 1}, dilation{1, 1}, padBegin{0, 0},
      padEnd{0, 0};
};

/// Reads kernel / strides / dilations / pads / auto_pad for a window over
/// `spatial` (H, W sizes, H = 1 for 1-D inputs) with `kernel` given.
FailureOr<Window> readWindow(Importer &im, const Shape &spatial,
                             const Shape &kernel) {
  Window w;
  size_t n = kernel.size(), off = 2 - n;
  auto read = [&](StringRef name, Shape &into, size_t count) -> bool {
    Shape v = im.attrInts(name);
    if (v.empty())
      return true;
    if (v.size() != count) {
      im.fail() << name << " has " << v.size() << " entries; expected "
                << count;
      return false;
    }
    for (size_t i = 0; i < n; ++i)
      into[off + i] = v[i];
    return true;
  };
  for (size_t i = 0; i < n; ++i)
    w.kernel[off + i] = kernel[i];
  if (!read("strides", w.stride, n) || !read("dilations", w.dilation, n))
    return failure();
  Shape pads = im.attrInts("pads");
  std::string autoPad = im.attrString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    if (!pads.empty()) {
      if (pads.size() != 2 * n) {
        im.fail() << "pads has " << pads.size() << " entries; expected "
                  << 2 * n;
        return failure();
      }
      for (size_t i = 0; i < n; ++i) {
        w.padBegin[off + i] = pads[i];
        w.padEnd[off + i] = pads[n + i];
      }
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < 2; ++i) {
      int64_t out = (spatial[i] + w.stride[i] - 1) / w.stride[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.stride[i] + (w.kernel[i] - 1) * w.dilation[i] + 1 -
                 spatial[i]);
      int64_t small = total / 2;
      w.padBegin[i] = autoPad == "SAME_UPPER" ? small : total - small;
      w.padEnd[i] = total - w.padBegin[i];
    }
  } else if (autoPad != "VALID") {
    im.fail() << "auto_pad '" << autoPad << "' is not supported";
    return failure();
  }
  const int64_t limit = int64_t(1) << 31;
  for (size_t i = 0; i < 2; ++i)
    if (w.stride[i] < 1 || w.dilation[i] < 1 || w.kernel[i] < 1 ||
        w.padBegin[i] < 0 || w.padEnd[i] < 0 || w.stride[i] > limit ||
        w.dilation[i] > limit || w.kernel[i] > limit || w.padBegin[i] > limit ||
        w.padEnd[i] > limit) {
      im.fail() << "kernel, strides and dilations must be in [1, 2^31] and "
                   "pads in [0, 2^31]";
      return failure();
    }
  return w;
}

/// TOSA wants (in - 1 + pads - (k - 1) * d) divisible by the stride. Floor
/// semantics never read the rows past the last window: drop them from the
/// end padding, or slice them off the input when there is too little
/// padding (as frontends do).
FailureOr<Value> fitWindow(Importer &im, Value input, Window &w) {
  Shape s = Importer::shapeOf(input);
  Shape size = s;
  bool sliced = false;
  for (int i = 0; i < 2; ++i) {
    int64_t span = s[1 + i] - 1 + w.padBegin[i] + w.padEnd[i] -
                   (w.kernel[i] - 1) * w.dilation[i];
    if (span < 0) {
      im.fail() << "the window is larger than the padded input";
      return failure();
    }
    int64_t excess = span % w.stride[i];
    int64_t trim = std::min(excess, w.padEnd[i]);
    w.padEnd[i] -= trim;
    excess -= trim;
    if (excess) {
      size[1 + i] -= excess;
      sliced = true;
    }
  }
  if (sliced)
    input = im.slice(input, {0, 0, 0, 0}, size);
  return input;
}

int64_t outputSize(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb,
                   int64_t pe) {
  return (in + pb + pe - (k - 1) * d - 1) / s + 1;
}

DenseI64ArrayAttr pads(Importer &im, const Window &w) {
  return im.b.getDenseI64ArrayAttr(
      {w.padBegin[0], w.padEnd[0], w.padBegin[1], w.padEnd[1]});
}

/// Weights of rank 3 (1-D kernels) as rank 4 with a unit H.
HostTensor asKernel2D(const HostTensor &w) {
  HostTensor r = w;
  if (r.rank() == 3)
    r.shape = {w.shape[0], w.shape[1], 1, w.shape[2]};
  return r;
}

FailureOr<HostTensor> biasInput(Importer &im, int index, int64_t channels) {
  if (!im.input(index))
    return HostTensor::floats({channels}, std::vector<double>(channels, 0.0));
  auto bias = im.constantInput(index, "bias");
  if (failed(bias))
    return failure();
  if ((*bias)->size() != channels) {
    im.fail() << "the bias has " << (*bias)->size() << " values for "
              << channels << " output channels";
    return failure();
  }
  HostTensor b = **bias;
  b.shape = {channels};
  return b;
}

LogicalResult emitConv(Importer &im) {
  if (failed(im.checkAttributes({"auto_pad", "dilations", "group",
                                 "kernel_shape", "pads", "strides"})))
    return failure();
  ImportedValue *x = im.input(0);
  auto weightOr = im.constantInput(1, "weight");
  if (!x || failed(weightOr))
    return failure();
  if ((*weightOr)->rank() != x->rank()) {
    im.fail() << "the weight rank " << (*weightOr)->rank()
              << " does not match the input rank " << x->rank();
    return failure();
  }
  auto input = toNHWC(im, *x);
  if (failed(input))
    return failure();
  HostTensor weight = asKernel2D(**weightOr);
  int64_t group = im.attrInt("group", 1);
  int64_t outChannels = weight.shape[0], groupChannels = weight.shape[1];
  int64_t inChannels = x->shape[1];
  if (group < 1 || groupChannels * group != inChannels ||
      outChannels % group != 0) {
    im.fail() << "weight shape and group " << group
              << " do not match the input's " << inChannels << " channels";
    return failure();
  }
  Shape s = Importer::shapeOf(*input);
  Shape kernelDims((*weightOr)->shape.begin() + 2, (*weightOr)->shape.end());
  auto window = readWindow(im, {s[1], s[2]}, kernelDims);
  if (failed(window))
    return failure();
  auto fitted = fitWindow(im, *input, *window);
  if (failed(fitted))
    return failure();
  auto bias = biasInput(im, 2, outChannels);
  if (failed(bias))
    return failure();
  Shape fs = Importer::shapeOf(*fitted);
  int64_t oh =
      outputSize(fs[1], window->kernel[0], window->stride[0],
                 window->dilation[0], window->padBegin[0], window->padEnd[0]);
  int64_t ow =
      outputSize(fs[2], window->kernel[1], window->stride[1],
                 window->dilation[1], window->padBegin[1], window->padEnd[1]);
  auto resultType = im.tensorType({fs[0], oh, ow, outChannels});
  auto f32 = TypeAttr::get(im.f32);
  auto stride = im.b.getDenseI64ArrayAttr(window->stride);
  auto dilation = im.b.getDenseI64ArrayAttr(window->dilation);
  Value result;
  if (group == 1) {
    Value w = im.constant(host::transpose(weight, {0, 2, 3, 1}));
    result = tosa::Conv2DOp::create(im.b, im.loc, resultType, *fitted, w,
                                    im.constant(*bias), im.zeroPoint(),
                                    im.zeroPoint(), pads(im, *window), stride,
                                    dilation, f32);
  } else if (groupChannels == 1) {
    // Depthwise: output channel c * M + m reads input channel c.
    int64_t multiplier = outChannels / inChannels;
    HostTensor w = host::transpose(weight, {2, 3, 0, 1});
    w.shape = {weight.shape[2], weight.shape[3], inChannels, multiplier};
    result = tosa::DepthwiseConv2DOp::create(
        im.b, im.loc, resultType, *fitted, im.constant(w), im.constant(*bias),
        im.zeroPoint(), im.zeroPoint(), pads(im, *window), stride, dilation,
        f32);
  } else if (group > kMaxSlicedGroups) {
    // Many groups (RegNet, ResNeXt): one depthwise convolution computes every
    // (input channel, output-in-group) product, with channel c * M + m of
    // input channel c = G * Cg + j and output m of group G; summing j gives
    // output channel G * M + m. Same multiply count as the grouped
    // convolution, three ops instead of one convolution per group.
    int64_t groupOut = outChannels / group;
    HostTensor w = HostTensor::floats(
        {weight.shape[2], weight.shape[3], inChannels, groupOut},
        std::vector<double>(weight.shape[2] * weight.shape[3] * inChannels *
                            groupOut));
    int64_t kh = weight.shape[2], kw = weight.shape[3];
    for (int64_t o = 0; o < outChannels; ++o)
      for (int64_t j = 0; j < groupChannels; ++j)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t z = 0; z < kw; ++z) {
            int64_t g = o / groupOut, m = o % groupOut,
                    c = g * groupChannels + j;
            w.data[((y * kw + z) * inChannels + c) * groupOut + m] =
                weight.data[((o * groupChannels + j) * kh + y) * kw + z];
          }
    Value products = tosa::DepthwiseConv2DOp::create(
        im.b, im.loc, im.tensorType({fs[0], oh, ow, inChannels * groupOut}),
        *fitted, im.constant(w),
        im.constant(HostTensor::floats(
            {inChannels * groupOut},
            std::vector<double>(inChannels * groupOut, 0.0))),
        im.zeroPoint(), im.zeroPoint(), pads(im, *window), stride, dilation,
        f32);
    Value split =
        im.reshape(products, {fs[0] * oh * ow, group, groupChannels, groupOut});
    Value summed = tosa::ReduceSumOp::create(
        im.b, im.loc, im.tensorType({fs[0] * oh * ow, group, 1, groupOut}),
        split, im.b.getI32IntegerAttr(2));
    Value flat = im.reshape(summed, {fs[0], oh, ow, outChannels});
    HostTensor b = *bias;
    b.shape = {1, 1, 1, outChannels};
    result =
        tosa::AddOp::create(im.b, im.loc, resultType, flat, im.constant(b));
  } else {
    // A few groups: one convolution per group, concatenated along channels
    // (every part stays a conv2d that quantizes as one).
    int64_t groupOut = outChannels / group;
    SmallVector<Value> parts;
    for (int64_t g = 0; g < group; ++g) {
      Value in = im.slice(*fitted, {0, 0, 0, g * groupChannels},
                          {fs[0], fs[1], fs[2], groupChannels});
      HostTensor wg = host::slice(weight, {g * groupOut, 0, 0, 0},
                                  {(g + 1) * groupOut, weight.shape[1],
                                   weight.shape[2], weight.shape[3]},
                                  {1, 1, 1, 1});
      HostTensor bg =
          host::slice(*bias, {g * groupOut}, {(g + 1) * groupOut}, {1});
      parts.push_back(tosa::Conv2DOp::create(
          im.b, im.loc, im.tensorType({fs[0], oh, ow, groupOut}), in,
          im.constant(host::transpose(wg, {0, 2, 3, 1})), im.constant(bg),
          im.zeroPoint(), im.zeroPoint(), pads(im, *window), stride, dilation,
          f32));
    }
    result = tosa::ConcatOp::create(im.b, im.loc, resultType, parts,
                                    im.b.getI32IntegerAttr(3));
  }
  defineFromNHWC(im, result, x->rank());
  return success();
}

LogicalResult emitConvTranspose(Importer &im) {
  if (failed(im.checkAttributes({"auto_pad", "dilations", "group",
                                 "kernel_shape", "output_padding",
                                 "output_shape", "pads", "strides"})))
    return failure();
  ImportedValue *x = im.input(0);
  auto weightOr = im.constantInput(1, "weight");
  if (!x || failed(weightOr))
    return failure();
  if (im.attrInt("group", 1) != 1) {
    im.fail() << "group " << im.attrInt("group", 1)
              << " is not supported (group 1 only)";
    return failure();
  }
  if (x->rank() != 3 && x->rank() != 4) {
    im.fail() << "only 1-D and 2-D spatial inputs (rank 3 or 4) are "
                 "supported; this input has rank "
              << x->rank();
    return failure();
  }
  if ((*weightOr)->rank() != x->rank() ||
      (*weightOr)->shape[0] != x->shape[1]) {
    im.fail() << "the weight shape does not match the input";
    return failure();
  }
  auto input = toNHWC(im, *x);
  if (failed(input))
    return failure();
  HostTensor weight = asKernel2D(**weightOr);
  int64_t outChannels = weight.shape[1];
  Shape s = Importer::shapeOf(*input);
  size_t n = x->rank() - 2, off = 2 - n;
  Shape stride{1, 1}, dilation{1, 1}, outPad{0, 0}, padBegin{0, 0},
      padEnd{0, 0};
  Shape strides = im.attrInts("strides"), dilations = im.attrInts("dilations"),
        outputPadding = im.attrInts("output_padding"),
        padsAttr = im.attrInts("pads"),
        outputShape = im.attrInts("output_shape");
  std::string autoPad = im.attrString("auto_pad", "NOTSET");
  auto sized = [&](const Shape &v, size_t count) {
    return v.empty() || v.size() == count;
  };
  if (!sized(strides, n) || !sized(dilations, n) || !sized(outputPadding, n) ||
      !sized(padsAttr, 2 * n) ||
      !(sized(outputShape, n) || outputShape.size() == n + 2)) {
    im.fail() << "strides, dilations, output_padding, pads or output_shape "
                 "has the wrong number of entries";
    return failure();
  }
  for (size_t i = 0; i < n; ++i) {
    if (!strides.empty())
      stride[off + i] = strides[i];
    if (!dilations.empty())
      dilation[off + i] = dilations[i];
    if (!outputPadding.empty())
      outPad[off + i] = outputPadding[i];
    if (!padsAttr.empty()) {
      padBegin[off + i] = padsAttr[i];
      padEnd[off + i] = padsAttr[n + i];
    }
  }
  const int64_t limit = int64_t(1) << 31;
  for (const Shape *values :
       {&stride, &dilation, &outPad, &padBegin, &padEnd, &outputShape})
    for (int64_t v : *values)
      if (v < 0 || v > limit) {
        im.fail() << "strides, dilations, pads and output shapes must be in "
                     "[0, 2^31]";
        return failure();
      }
  if (stride[0] < 1 || stride[1] < 1 || dilation[0] < 1 || dilation[1] < 1) {
    im.fail() << "strides and dilations must be positive";
    return failure();
  }
  // Dilation spreads the kernel taps: zeros between them, on the host.
  if (dilation != Shape{1, 1}) {
    int64_t kh = (weight.shape[2] - 1) * dilation[0] + 1,
            kw = (weight.shape[3] - 1) * dilation[1] + 1;
    if (!im.checkHostSize({weight.shape[0], weight.shape[1], kh, kw}))
      return failure();
    HostTensor dilated = HostTensor::floats(
        {weight.shape[0], weight.shape[1], kh, kw},
        std::vector<double>(weight.shape[0] * weight.shape[1] * kh * kw, 0));
    for (int64_t o = 0; o < weight.shape[0] * weight.shape[1]; ++o)
      for (int64_t y = 0; y < weight.shape[2]; ++y)
        for (int64_t z = 0; z < weight.shape[3]; ++z)
          dilated.data[(o * kh + y * dilation[0]) * kw + z * dilation[1]] =
              weight.data[(o * weight.shape[2] + y) * weight.shape[3] + z];
    weight = std::move(dilated);
  }
  auto floorDiv = [](int64_t a, int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
  };
  Shape extraBegin{0, 0}, extraEnd{0, 0};
  for (int i = 0; i < 2; ++i) {
    int64_t in = s[1 + i], k = weight.shape[2 + i];
    int64_t full = (in - 1) * stride[i] + k + outPad[i];
    int64_t target = -1;
    if (!outputShape.empty() && i >= static_cast<int>(off))
      target = outputShape[outputShape.size() - n + (i - off)];
    else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
      target = in * stride[i];
    if (target >= 0) {
      int64_t total = full - target;
      bool upper = autoPad == "SAME_UPPER";
      padBegin[i] = upper ? floorDiv(total, 2) : total - floorDiv(total, 2);
      padEnd[i] = total - padBegin[i];
    }
    // Negative pads grow the output (TOSA out_pad); positive ones crop it.
    extraBegin[i] = std::max<int64_t>(0, -padBegin[i]);
    extraEnd[i] = std::max<int64_t>(0, -padEnd[i]);
    padBegin[i] = std::max<int64_t>(0, padBegin[i]);
    padEnd[i] = std::max<int64_t>(0, padEnd[i]);
    if (full + extraBegin[i] + extraEnd[i] - padBegin[i] - padEnd[i] < 1) {
      im.fail() << "pads and output_shape give no output";
      return failure();
    }
  }
  auto bias = biasInput(im, 2, outChannels);
  if (failed(bias))
    return failure();
  Shape fullShape{s[0],
                  (s[1] - 1) * stride[0] + weight.shape[2] + outPad[0] +
                      extraBegin[0] + extraEnd[0],
                  (s[2] - 1) * stride[1] + weight.shape[3] + outPad[1] +
                      extraBegin[1] + extraEnd[1],
                  outChannels};
  Value w = im.constant(host::transpose(weight, {1, 2, 3, 0}));
  Value result = tosa::TransposeConv2DOp::create(
      im.b, im.loc, im.tensorType(fullShape), *input, w, im.constant(*bias),
      im.zeroPoint(), im.zeroPoint(),
      im.b.getDenseI64ArrayAttr({extraBegin[0], outPad[0] + extraEnd[0],
                                 extraBegin[1], outPad[1] + extraEnd[1]}),
      im.b.getDenseI64ArrayAttr(stride), TypeAttr::get(im.f32));
  result = im.slice(result, {0, padBegin[0], padBegin[1], 0},
                    {s[0], fullShape[1] - padBegin[0] - padEnd[0],
                     fullShape[2] - padBegin[1] - padEnd[1], outChannels});
  defineFromNHWC(im, result, x->rank());
  return success();
}

/// Max and average pooling (count_include_pad, ceil_mode).
LogicalResult emitPool(Importer &im, bool isMax) {
  if (failed(isMax ? im.checkAttributes({"auto_pad", "ceil_mode", "dilations",
                                         "kernel_shape", "pads",
                                         "storage_order", "strides"})
                   : im.checkAttributes({"auto_pad", "ceil_mode",
                                         "count_include_pad", "kernel_shape",
                                         "pads", "strides"})))
    return failure();
  if (isMax && im.isOutputUsed(1)) {
    im.fail() << "the Indices output is not supported";
    return failure();
  }
  if (im.attrInt("storage_order", 0) != 0) {
    im.fail() << "storage_order 1 is not supported";
    return failure();
  }
  for (int64_t d : im.attrInts("dilations"))
    if (d != 1) {
      im.fail() << "dilations other than 1 are not supported";
      return failure();
    }
  ImportedValue *x = im.input(0);
  auto input = toNHWC(im, *x);
  if (failed(input))
    return failure();
  Shape kernel = im.attrInts("kernel_shape");
  if (static_cast<int64_t>(kernel.size()) != x->rank() - 2) {
    im.fail() << "kernel_shape must have " << x->rank() - 2 << " entries";
    return failure();
  }
  Shape s = Importer::shapeOf(*input);
  auto window = readWindow(im, {s[1], s[2]}, kernel);
  if (failed(window))
    return failure();
  Value in = *input;
  // count_include_pad: the explicit pads are zeros that count.
  if (!isMax && im.attrInt("count_include_pad", 0)) {
    SmallVector<int64_t> padding = {0,
                                    0,
                                    window->padBegin[0],
                                    window->padEnd[0],
                                    window->padBegin[1],
                                    window->padEnd[1],
                                    0,
                                    0};
    auto padType = im.tensorType({1});
    Value zero = tosa::ConstOp::create(im.b, im.loc, padType,
                                       DenseElementsAttr::get(padType, 0.0f));
    s[1] += window->padBegin[0] + window->padEnd[0];
    s[2] += window->padBegin[1] + window->padEnd[1];
    if (padding != SmallVector<int64_t>(8, 0))
      in = tosa::PadOp::create(im.b, im.loc, im.tensorType(s), in,
                               im.shapeValue(padding), zero);
    window->padBegin = {0, 0};
    window->padEnd = {0, 0};
  }
  // ceil_mode: one more window where the last one starts inside the input
  // or its begin padding; the extra end padding is excluded (TOSA).
  if (im.attrInt("ceil_mode", 0)) {
    for (int i = 0; i < 2; ++i) {
      int64_t span = s[1 + i] + window->padBegin[i] + window->padEnd[i] -
                     window->kernel[i];
      int64_t out = (span + window->stride[i] - 1) / window->stride[i] + 1;
      if ((out - 1) * window->stride[i] >= s[1 + i] + window->padBegin[i])
        --out;
      int64_t need = (out - 1) * window->stride[i] + window->kernel[i] -
                     (s[1 + i] + window->padBegin[i] + window->padEnd[i]);
      if (need > 0)
        window->padEnd[i] += need;
    }
  }
  auto fitted = fitWindow(im, in, *window);
  if (failed(fitted))
    return failure();
  Shape fs = Importer::shapeOf(*fitted);
  for (int i = 0; i < 2; ++i)
    if (window->padBegin[i] >= window->kernel[i] ||
        window->padEnd[i] >= window->kernel[i]) {
      im.fail() << "pads must be smaller than the kernel";
      return failure();
    }
  int64_t oh = outputSize(fs[1], window->kernel[0], window->stride[0], 1,
                          window->padBegin[0], window->padEnd[0]);
  int64_t ow = outputSize(fs[2], window->kernel[1], window->stride[1], 1,
                          window->padBegin[1], window->padEnd[1]);
  auto type = im.tensorType({fs[0], oh, ow, fs[3]});
  Value result;
  if (isMax)
    result = tosa::MaxPool2dOp::create(
        im.b, im.loc, type, *fitted, im.b.getDenseI64ArrayAttr(window->kernel),
        im.b.getDenseI64ArrayAttr(window->stride), pads(im, *window),
        tosa::NanPropagationModeAttr::get(im.b.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
  else
    result = tosa::AvgPool2dOp::create(
        im.b, im.loc, type, *fitted, im.zeroPoint(), im.zeroPoint(),
        im.b.getDenseI64ArrayAttr(window->kernel),
        im.b.getDenseI64ArrayAttr(window->stride), pads(im, *window),
        TypeAttr::get(im.f32));
  defineFromNHWC(im, result, x->rank());
  return success();
}

LogicalResult emitMaxPool(Importer &im) { return emitPool(im, true); }
LogicalResult emitAveragePool(Importer &im) { return emitPool(im, false); }

LogicalResult emitGlobalPool(Importer &im, bool isMax) {
  if (failed(im.checkAttributes({})))
    return failure();
  ImportedValue *x = im.input(0);
  auto input = toNHWC(im, *x);
  if (failed(input))
    return failure();
  defineFromNHWC(im, im.globalPool(*input, isMax), x->rank());
  return success();
}

LogicalResult emitGlobalAveragePool(Importer &im) {
  return emitGlobalPool(im, false);
}
LogicalResult emitGlobalMaxPool(Importer &im) {
  return emitGlobalPool(im, true);
}

//===--- matrix products ----------------------------------------------===//

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

//===--- normalizations -----------------------------------------------===//

/// Scales each output channel of a constant convolution weight (BN folding).
DenseElementsAttr scaleChannels(DenseElementsAttr weights,
                                ArrayRef<double> scale, bool lastAxes) {
  auto type = cast<RankedTensorType>(weights.getType());
  std::vector<float> data(weights.getValues<float>().begin(),
                          weights.getValues<float>().end());
  int64_t channels = scale.size();
  int64_t perChannel = static_cast<int64_t>(data.size()) / channels;
  for (size_t i = 0; i < data.size(); ++i) {
    int64_t c = lastAxes ? static_cast<int64_t>(i) % channels
                         : static_cast<int64_t>(i) / perChannel;
    data[i] = static_cast<float>(data[i] * scale[c]);
  }
  return DenseElementsAttr::get(type, ArrayRef<float>(data));
}

/// Folds y = x * scale + shift into the convolution producing x when that
/// convolution feeds nothing else.
bool foldIntoConvolution(Importer &im, ImportedValue &x, ArrayRef<double> scale,
                         ArrayRef<double> shift) {
  if (x.isConstant() || !x.value || x.rank() != 4 || x.perm != kNHWC ||
      !x.value.use_empty() || im.useCounts.lookup(im.node->input(0)) != 1)
    return false;
  Operation *conv = x.value.getDefiningOp();
  if (!conv ||
      !isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp>(
          conv))
    return false;
  auto weight = conv->getOperand(1).getDefiningOp<tosa::ConstOp>();
  auto bias = conv->getOperand(2).getDefiningOp<tosa::ConstOp>();
  if (!weight || !bias || !weight->hasOneUse() || !bias->hasOneUse())
    return false;
  auto weights = cast<DenseElementsAttr>(weight.getValues());
  auto biases = cast<DenseElementsAttr>(bias.getValues());
  if (static_cast<size_t>(biases.getNumElements()) != scale.size())
    return false;
  bool depthwise = isa<tosa::DepthwiseConv2DOp>(conv);
  weight.setValuesAttr(scaleChannels(weights, scale, depthwise));
  std::vector<float> b(biases.getValues<float>().begin(),
                       biases.getValues<float>().end());
  for (size_t c = 0; c < b.size(); ++c)
    b[c] = static_cast<float>(b[c] * scale[c] + shift[c]);
  bias.setValuesAttr(
      DenseElementsAttr::get(biases.getType(), ArrayRef<float>(b)));
  conv->setLoc(FusedLoc::get(im.b.getContext(), {conv->getLoc(), im.loc}));
  return true;
}

/// x * scale + shift with per-channel (axis 1) constants, in x's layout.
void defineChannelAffine(Importer &im, ImportedValue &x,
                         std::vector<double> scale, std::vector<double> shift) {
  Shape shape(x.rank(), 1);
  shape[1] = x.shape[1];
  ImportedValue s(im.loc), t(im.loc);
  s.shape = t.shape = shape;
  s.constant = std::make_shared<HostTensor>(HostTensor::floats(shape, scale));
  t.constant = std::make_shared<HostTensor>(HostTensor::floats(shape, shift));
  Value v = im.materialize(x, x.perm);
  Value y = im.mul(v, im.materialize(s, x.perm));
  y = tosa::AddOp::create(im.b, im.loc, y.getType(), y,
                          im.materialize(t, x.perm));
  im.define(0, y, x.shape, x.perm);
}

LogicalResult emitBatchNormalization(Importer &im) {
  if (failed(
          im.checkAttributes({"epsilon", "momentum", "spatial", "training_mode",
                              "is_test", "consumed_inputs"})))
    return failure();
  if (im.attrInt("training_mode", 0)) {
    im.fail() << "training_mode = 1 is not supported (inference only)";
    return failure();
  }
  if (im.attrInt("spatial", 1) != 1) {
    im.fail() << "spatial = 0 is not supported";
    return failure();
  }
  for (int i = 1; i < im.numOutputs(); ++i)
    if (im.isOutputUsed(i)) {
      im.fail() << "the running statistics outputs are not supported "
                   "(inference only)";
      return failure();
    }
  ImportedValue *x = im.input(0);
  if (!x || x->rank() < 2) {
    im.fail() << "the input must have a channel dimension";
    return failure();
  }
  int64_t channels = x->shape[1];
  const StringRef names[] = {"scale", "B", "mean", "var"};
  auto paramsOr = im.constantInputs(1, names);
  if (failed(paramsOr))
    return failure();
  SmallVector<HostTensor *> &params = *paramsOr;
  for (int i = 0; i < 4; ++i)
    if (params[i]->size() != channels) {
      im.fail() << names[i] << " has " << params[i]->size() << " values for "
                << channels << " channels";
      return failure();
    }
  double epsilon = im.attrFloat("epsilon", 1e-5f);
  std::vector<double> scale(channels), shift(channels);
  for (int64_t c = 0; c < channels; ++c) {
    scale[c] = params[0]->data[c] / std::sqrt(params[3]->data[c] + epsilon);
    shift[c] = params[1]->data[c] - params[2]->data[c] * scale[c];
  }
  if (x->isConstant()) {
    HostTensor t = *x->constant;
    if (t.size() == 0)
      return im.defineConstant(0, std::move(t)), success();
    int64_t inner = t.size() / (t.shape[0] * channels);
    for (size_t i = 0; i < t.data.size(); ++i) {
      int64_t c = (static_cast<int64_t>(i) / inner) % channels;
      t.data[i] = t.data[i] * scale[c] + shift[c];
    }
    im.defineConstant(0, std::move(t));
    return success();
  }
  if (foldIntoConvolution(im, *x, scale, shift)) {
    im.defineAlias(0, *x);
    return success();
  }
  defineChannelAffine(im, *x, scale, shift);
  return success();
}

/// Mean and variance over the logical `axes` of x, in x's physical layout;
/// returns (x - mean, 1 / sqrt(var + eps), mean).
std::tuple<Value, Value, Value> normalize(Importer &im, ImportedValue &x,
                                          const Shape &axes, double epsilon) {
  Value v = im.materialize(x, x.perm);
  Shape physical = permuteShape(x.shape, x.perm);
  int64_t count = 1;
  auto reduceSum = [&](Value in) {
    Shape s = Importer::shapeOf(in);
    for (int64_t a : axes) {
      int64_t p = x.perm.empty() ? a : llvm::find(x.perm, a) - x.perm.begin();
      s[p] = 1;
      in = tosa::ReduceSumOp::create(im.b, im.loc, im.tensorType(s), in,
                                     im.b.getI32IntegerAttr(p));
    }
    return in;
  };
  for (int64_t a : axes)
    count *= x.shape[a];
  int64_t rank = x.rank();
  Value inverseCount = im.scalar(1.0f / static_cast<float>(count), rank);
  Value mean = im.mul(reduceSum(v), inverseCount);
  Value centered = tosa::SubOp::create(im.b, im.loc, v.getType(), v, mean);
  Value variance = im.mul(reduceSum(im.mul(centered, centered)), inverseCount);
  Value shifted =
      tosa::AddOp::create(im.b, im.loc, variance.getType(), variance,
                          im.scalar(static_cast<float>(epsilon), rank));
  Value inverseStd =
      tosa::RsqrtOp::create(im.b, im.loc, shifted.getType(), shifted);
  return {centered, inverseStd, mean};
}

LogicalResult emitInstanceNormalization(Importer &im) {
  if (failed(im.checkAttributes({"epsilon"})))
    return failure();
  ImportedValue *x = im.input(0);
  if (!x || x->rank() < 3) {
    im.fail() << "the input must have spatial dimensions";
    return failure();
  }
  int64_t channels = x->shape[1];
  auto params = im.constantInputs(1, {"scale", "B"});
  if (failed(params))
    return failure();
  HostTensor *scale = (*params)[0], *bias = (*params)[1];
  if (scale->size() != channels || bias->size() != channels) {
    im.fail() << "scale and B must have one value per channel";
    return failure();
  }
  Shape axes;
  for (int64_t d = 2; d < x->rank(); ++d)
    axes.push_back(d);
  auto [centered, inverseStd, mean] =
      normalize(im, *x, axes, im.attrFloat("epsilon", 1e-5f));
  (void)mean;
  Value y = im.mul(centered, inverseStd);
  ImportedValue normalized(im.loc);
  normalized.shape = x->shape;
  normalized.value = y;
  normalized.perm = x->perm;
  defineChannelAffine(im, normalized, scale->data, bias->data);
  return success();
}

LogicalResult emitLayerNormalization(Importer &im) {
  if (failed(im.checkAttributes({"axis", "epsilon", "stash_type"})))
    return failure();
  ImportedValue *x = im.input(0);
  auto axis = normalizeAxis(im, im.attrInt("axis", -1), x->rank());
  if (failed(axis))
    return failure();
  Shape axes, reducedShape = x->shape;
  for (int64_t d = *axis; d < x->rank(); ++d) {
    axes.push_back(d);
    reducedShape[d] = 1;
  }
  auto [centered, inverseStd, mean] =
      normalize(im, *x, axes, im.attrFloat("epsilon", 1e-5f));
  Value y = im.mul(centered, inverseStd);
  for (int i : {1, 2}) {
    ImportedValue *p = im.input(i);
    if (!p)
      continue;
    Shape out;
    if (!host::broadcastShapes(x->shape, p->shape, out) || out != x->shape) {
      im.fail() << (i == 1 ? "Scale" : "B")
                << " does not broadcast to the input";
      return failure();
    }
    Value pv = im.broadcastOperand(*p, x->rank(), x->perm);
    y = i == 1
            ? im.mul(y, pv)
            : tosa::AddOp::create(im.b, im.loc, y.getType(), y, pv).getResult();
  }
  im.define(0, y, x->shape, x->perm);
  im.define(1, mean, reducedShape, x->perm);
  im.define(2, inverseStd, reducedShape, x->perm);
  return success();
}

//===--- softmax --------------------------------------------------------===//

LogicalResult emitSoftmax(Importer &im, bool isLog) {
  if (failed(im.checkAttributes({"axis"})))
    return failure();
  ImportedValue *x = im.input(0);
  int64_t rank = x->rank();
  auto axisOr =
      normalizeAxis(im, im.attrInt("axis", im.opset >= 13 ? -1 : 1), rank);
  if (failed(axisOr))
    return failure();
  Value v;
  Shape perm = x->perm, shape = x->shape;
  int64_t p;
  if (im.opset < 13 && *axisOr != rank - 1) {
    // Before opset 13 the input is coerced to 2-D at `axis`.
    int64_t outer = 1;
    for (int64_t d = 0; d < *axisOr; ++d)
      outer *= x->shape[d];
    shape = {outer, host::numElements(x->shape) / outer};
    v = im.reshape(im.logical(*x), shape);
    perm.clear();
    p = 1;
  } else {
    v = im.materialize(*x, x->perm);
    p = perm.empty() ? *axisOr : llvm::find(perm, *axisOr) - perm.begin();
  }
  Shape reduced = Importer::shapeOf(v);
  reduced[p] = 1;
  auto reducedType = im.tensorType(reduced);
  Value max = tosa::ReduceMaxOp::create(im.b, im.loc, reducedType, v,
                                        im.b.getI32IntegerAttr(p));
  Value shifted = tosa::SubOp::create(im.b, im.loc, v.getType(), v, max);
  Value e = tosa::ExpOp::create(im.b, im.loc, v.getType(), shifted);
  Value sum = tosa::ReduceSumOp::create(im.b, im.loc, reducedType, e,
                                        im.b.getI32IntegerAttr(p));
  Value y;
  if (isLog)
    y = tosa::SubOp::create(
        im.b, im.loc, v.getType(), shifted,
        tosa::LogOp::create(im.b, im.loc, reducedType, sum));
  else
    y = im.mul(e, tosa::ReciprocalOp::create(im.b, im.loc, reducedType, sum));
  if (shape != x->shape) {
    im.define(0, im.reshape(y, x->shape), x->shape);
    return success();
  }
  im.define(0, y, x->shape, perm);
  return success();
}

LogicalResult emitSoftmaxOp(Importer &im) { return emitSoftmax(im, false); }
LogicalResult emitLogSoftmax(Importer &im) { return emitSoftmax(im, true); }

//===--- resize -------------------------------------------------------===//

/// TOSA resize parameters for one axis: input coordinate = (out * d + o) / n.
struct ResizeAxis {
  int64_t n, d, o, border;
};

/// A rational p / q equal to `v` with a small q, if there is one.
bool smallFraction(double v, int64_t &p, int64_t &q) {
  if (!(v > 0 && v < 1e6))
    return false;
  for (q = 1; q <= 64; ++q) {
    double x = v * static_cast<double>(q);
    if (std::fabs(x - std::round(x)) < 1e-6 * std::max(1.0, x)) {
      p = static_cast<int64_t>(std::round(x));
      return p > 0;
    }
  }
  return false;
}

FailureOr<ResizeAxis> resizeAxis(Importer &im, int64_t in, int64_t out,
                                 double scale, StringRef coordinates,
                                 StringRef nearestMode, bool nearest) {
  int64_t num, den;
  if (!smallFraction(scale, num, den)) {
    num = out;
    den = in;
  }
  // Input coordinate x = (o_out * d + o) / n before nearest rounding.
  ResizeAxis a{num, den, 0, 0};
  if (coordinates == "asymmetric") {
  } else if (coordinates == "half_pixel" ||
             coordinates == "pytorch_half_pixel") {
    if (coordinates == "pytorch_half_pixel" && out == 1)
      a = {1, 1, 0, 0};
    else
      a = {2 * num, 2 * den, den - num, 0};
  } else if (coordinates == "align_corners") {
    a = out > 1 ? ResizeAxis{out - 1, in - 1, 0, 0} : ResizeAxis{1, 1, 0, 0};
    if (in == 1)
      a = {1, 1, 0, 0};
  } else if (coordinates == "tf_half_pixel_for_nearest") {
    a = {2 * num, 2 * den, den, 0};
  } else {
    im.fail() << "coordinate_transformation_mode '" << coordinates
              << "' is not supported";
    return failure();
  }
  if (a.d == 0)
    a.d = 1;
  if (nearest && nearestMode != "round_prefer_ceil") {
    // TOSA rounds half up; shift by half a (doubled) grid step for the rest.
    a = {2 * a.n, 2 * a.d, 2 * a.o, 0};
    if (nearestMode == "round_prefer_floor")
      a.o -= 1;
    else if (nearestMode == "floor")
      a.o -= a.n / 2;
    else if (nearestMode == "ceil")
      a.o += a.n / 2 - 1;
    else {
      im.fail() << "nearest_mode '" << nearestMode << "' is not supported";
      return failure();
    }
  }
  int64_t g = std::gcd(std::gcd(a.n, a.d), std::abs(a.o));
  if (g > 1) {
    a.n /= g;
    a.d /= g;
    a.o /= g;
  }
  a.border = (out - 1) * a.d - (in - 1) * a.n + a.o;
  return a;
}

LogicalResult emitResizeLike(Importer &im, std::string mode,
                             StringRef coordinates, StringRef nearestMode,
                             const std::vector<double> &scales,
                             const Shape &sizes) {
  ImportedValue *x = im.input(0);
  if (!x || x->rank() != 4) {
    im.fail() << "only 4-D (NCHW) inputs are supported";
    return failure();
  }
  Shape out(4);
  std::vector<double> factor(4);
  for (int d = 0; d < 4; ++d) {
    if (!sizes.empty()) {
      out[d] = sizes[d];
      factor[d] = static_cast<double>(sizes[d]) / x->shape[d];
    } else {
      factor[d] = scales[d];
      double size = std::floor(x->shape[d] * scales[d]);
      out[d] = size >= 0 && size <= double(int64_t(1) << 31)
                   ? static_cast<int64_t>(size)
                   : int64_t(1) << 32;
    }
  }
  for (int d = 0; d < 4; ++d)
    if (!(factor[d] > 0) || out[d] > (int64_t(1) << 31)) {
      im.fail() << "scales and sizes must be positive and give at most 2^31 "
                   "per dimension";
      return failure();
    }
  if (out[0] != x->shape[0] || out[1] != x->shape[1]) {
    im.fail() << "only the spatial dimensions (H, W) may be resized";
    return failure();
  }
  bool nearest = mode == "nearest";
  if (!nearest && mode != "linear") {
    im.fail() << "mode '" << mode << "' is not supported (nearest, linear)";
    return failure();
  }
  if (out[2] < 1 || out[3] < 1) {
    im.fail() << "the output is empty";
    return failure();
  }
  auto ay = resizeAxis(im, x->shape[2], out[2], factor[2], coordinates,
                       nearestMode, nearest);
  if (failed(ay))
    return failure();
  auto ax = resizeAxis(im, x->shape[3], out[3], factor[3], coordinates,
                       nearestMode, nearest);
  if (failed(ax))
    return failure();
  Value v = im.materialize(*x, kNHWC);
  Value r = tosa::ResizeOp::create(
      im.b, im.loc, im.tensorType({out[0], out[2], out[3], out[1]}), v,
      im.shapeValue({ay->n, ay->d, ax->n, ax->d}),
      im.shapeValue({ay->o, ax->o}), im.shapeValue({ay->border, ax->border}),
      tosa::ResizeModeAttr::get(im.b.getContext(),
                                nearest ? tosa::ResizeMode::NEAREST_NEIGHBOR
                                        : tosa::ResizeMode::BILINEAR));
  im.define(0, r, out, kNHWC);
  return success();
}

LogicalResult emitResize(Importer &im) {
  if (failed(im.checkAttributes(
          {"coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
           "extrapolation_value", "mode", "nearest_mode"})))
    return failure();
  if (im.attrInt("exclude_outside", 0)) {
    im.fail() << "exclude_outside = 1 is not supported";
    return failure();
  }
  bool v10 = im.opset < 11;
  std::string coordinates =
      v10 ? "asymmetric"
          : im.attrString("coordinate_transformation_mode", "half_pixel");
  std::string nearestMode =
      v10 ? "floor" : im.attrString("nearest_mode", "round_prefer_floor");
  std::vector<double> scales;
  Shape sizes;
  int scalesIndex = v10 ? 1 : 2;
  if (ImportedValue *s = im.input(scalesIndex)) {
    auto t = im.constantInput(scalesIndex, "scales");
    if (failed(t))
      return failure();
    if ((*t)->size() > 0)
      scales = (*t)->data;
    (void)s;
  }
  if (!v10 && im.input(3)) {
    auto t = im.constantInput(3, "sizes");
    if (failed(t))
      return failure();
    sizes = (*t)->toInts();
  }
  if (scales.size() != 4 && sizes.size() != 4) {
    im.fail() << "scales or sizes must give all 4 dimensions";
    return failure();
  }
  return emitResizeLike(im, im.attrString("mode", "nearest"), coordinates,
                        nearestMode, scales, sizes);
}

LogicalResult emitUpsample(Importer &im) {
  if (failed(im.checkAttributes({"mode", "scales"})))
    return failure();
  std::vector<double> scales;
  if (const auto *a = im.attr("scales")) {
    scales.assign(a->floats().begin(), a->floats().end());
  } else {
    auto t = im.constantInput(1, "scales");
    if (failed(t))
      return failure();
    scales = (*t)->data;
  }
  if (scales.size() != 4) {
    im.fail() << "scales must give all 4 dimensions";
    return failure();
  }
  std::string mode = im.attrString("mode", "nearest");
  if (mode == "bilinear")
    mode = "linear";
  return emitResizeLike(im, mode, "asymmetric", "floor", scales, {});
}

} // namespace

void mlir::autoquant::onnx_import::addNetworkOperators(
    llvm::StringMap<Emitter> &table) {
  table["Conv"] = emitConv;
  table["ConvTranspose"] = emitConvTranspose;
  table["MaxPool"] = emitMaxPool;
  table["AveragePool"] = emitAveragePool;
  table["GlobalAveragePool"] = emitGlobalAveragePool;
  table["GlobalMaxPool"] = emitGlobalMaxPool;
  table["Gemm"] = emitGemm;
  table["MatMul"] = emitMatMul;
  table["BatchNormalization"] = emitBatchNormalization;
  table["InstanceNormalization"] = emitInstanceNormalization;
  table["LayerNormalization"] = emitLayerNormalization;
  table["Softmax"] = emitSoftmaxOp;
  table["LogSoftmax"] = emitLogSoftmax;
  table["Resize"] = emitResize;
  table["Upsample"] = emitUpsample;
}
