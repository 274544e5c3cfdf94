//===- ResizeOps.cpp - ONNX Resize and Upsample ---------------------------===//
//
// Resize and Upsample of NCHW inputs as one NHWC tosa.resize, each axis's
// coordinate transformation and nearest rounding expressed as TOSA's
// rational scale, offset and border.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "OperatorTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace autoquant::onnx_import;

namespace {

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

void autoquant::onnx_import::addResizeOperators(
    llvm::StringMap<Emitter> &table) {
  table["Resize"] = emitResize;
  table["Upsample"] = emitUpsample;
}
