//===- QuantParams.cpp - Thresholds to quantization parameters ------------===//

#include "autoquant/Calibration/QuantParams.h"

#include "autoquant/Support/IntegerRange.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <tuple>

// Keep the arithmetic of fakeQuantize identical to the NumPy reference.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

using namespace autoquant::calib;

static std::string formatValue(double value) {
  std::ostringstream stream;
  stream.precision(9);
  stream << value;
  return stream.str();
}

static Status checkNumBits(unsigned nbit) {
  if (nbit < autoquant::kMinBits || nbit > autoquant::kMaxBits)
    return Status::error(
        "nbit must lie in [" + std::to_string(autoquant::kMinBits) + ", " +
        std::to_string(autoquant::kMaxBits) + "], got " + std::to_string(nbit));
  return Status::success();
}

Result<SymmetricQuantParams>
autoquant::calib::computeSymmetricParams(double threshold, unsigned nbit,
                                         bool isSigned,
                                         ScaleConvention convention) {
  if (Status status = checkNumBits(nbit); !status)
    return status;
  if (!(std::isfinite(threshold) && threshold > 0))
    return Result<SymmetricQuantParams>::error(
        "threshold must be finite and positive, got " + formatValue(threshold));
  // TVM: valid_range = 2^(nbit - sign); clip to +-(valid_range - 1).
  const unsigned magnitudeBits = isSigned ? nbit - 1 : nbit;
  const int64_t validRange = int64_t(1) << magnitudeBits;
  SymmetricQuantParams params;
  params.clipMax = validRange - 1;
  params.clipMin = isSigned ? -params.clipMax : 0;
  double divisor;
  if (convention == ScaleConvention::Tvm) {
    divisor = static_cast<double>(validRange);
  } else {
    if (params.clipMax == 0)
      return Result<SymmetricQuantParams>::error(
          "the tight scale convention needs at least 2 bits when signed");
    divisor = static_cast<double>(params.clipMax);
  }
  params.scale = std::max(threshold / divisor, kMinScale);
  return params;
}

double autoquant::calib::roundHalfAwayFromZero(double value) {
  return std::round(value);
}

Result<AffineQuantParams> autoquant::calib::computeAffineParams(double min,
                                                                double max,
                                                                unsigned nbit,
                                                                bool isSigned) {
  if (Status status = checkNumBits(nbit); !status)
    return status;
  if (!(std::isfinite(min) && std::isfinite(max)))
    return Result<AffineQuantParams>::error("range must be finite, got [" +
                                            formatValue(min) + ", " +
                                            formatValue(max) + "]");
  if (min > max)
    return Result<AffineQuantParams>::error(
        "range minimum " + formatValue(min) + " exceeds its maximum " +
        formatValue(max));
  AffineQuantParams params;
  std::tie(params.qmin, params.qmax) = autoquant::integerRange(nbit, isSigned);
  const double lo = std::min(min, 0.0), hi = std::max(max, 0.0);
  if (lo == hi) {
    params.scale = 1.0;
    params.zeroPoint = std::clamp<int64_t>(0, params.qmin, params.qmax);
    return params;
  }
  const double levels = static_cast<double>(params.qmax - params.qmin);
  params.scale = std::max((hi - lo) / levels, kMinScale);
  const double zeroPoint = roundHalfAwayFromZero(
      static_cast<double>(params.qmin) - lo / params.scale);
  params.zeroPoint = static_cast<int64_t>(
      std::clamp(zeroPoint, static_cast<double>(params.qmin),
                 static_cast<double>(params.qmax)));
  return params;
}

double autoquant::calib::fakeQuantize(double value,
                                      const SymmetricQuantParams &params) {
  double code =
      std::clamp(value / params.scale, static_cast<double>(params.clipMin),
                 static_cast<double>(params.clipMax));
  return roundHalfAwayFromZero(code) * params.scale;
}

double autoquant::calib::fakeQuantize(double value,
                                      const AffineQuantParams &params) {
  double code = std::clamp(value / params.scale + params.zeroPoint,
                           static_cast<double>(params.qmin),
                           static_cast<double>(params.qmax));
  return (roundHalfAwayFromZero(code) - params.zeroPoint) * params.scale;
}
