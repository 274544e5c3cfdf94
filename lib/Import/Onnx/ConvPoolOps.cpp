//===- ConvPoolOps.cpp - ONNX convolutions and pools ----------------------===//
//
// The windowed operators: Conv (plain, depthwise and grouped),
// ConvTranspose, MaxPool, AveragePool and the global pools. They run NHWC
// with OHWI / HWCM constant weights (TOSA's layouts), and their results
// stay NHWC for the next operator.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace autoquant::onnx_import;
namespace host = ::autoquant::onnx_import;

namespace {

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

} // namespace

void autoquant::onnx_import::addConvPoolOperators(
    llvm::StringMap<Emitter> &table) {
  table["Conv"] = emitConv;
  table["ConvTranspose"] = emitConvTranspose;
  table["MaxPool"] = emitMaxPool;
  table["AveragePool"] = emitAveragePool;
  table["GlobalAveragePool"] = emitGlobalAveragePool;
  table["GlobalMaxPool"] = emitGlobalMaxPool;
}
