//===- QuantParams.h - Thresholds to quantization parameters ----*- C++ -*-===//
//
// Turns a calibrated threshold T (symmetric) or range [min, max] (asymmetric)
// into the parameters of `autoquant.simulated_quantize`: scale, integer clip
// bounds and, for asymmetric schemes, a zero point. The forward semantics they
// serve are y = (round(clip(x / s + z, lo, hi)) - z) * s, with round half away
// from zero (TVM's llvm.round).
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_QUANTPARAMS_H
#define AUTOQUANT_CALIBRATION_QUANTPARAMS_H

#include "autoquant/Calibration/Status.h"

#include <cstdint>

namespace autoquant::calib {

/// How a symmetric threshold T maps to a scale.
enum class ScaleConvention {
  /// TVM: s = T / 2^(nbit-1) (T / 2^nbit unsigned) with clip +-(2^(nbit-1)-1):
  /// the grid stops one step short of T.
  Tvm,
  /// s = T / (2^(nbit-1) - 1) (T / (2^nbit - 1) unsigned): the largest code
  /// maps exactly to T.
  Tight,
};

/// Scales are kept at or above the smallest normal float32 (~1.18e-38) so
/// they stay positive, finite and normal when stored as f32.
constexpr double kMinScale = 1.17549435082228750797e-38;

struct SymmetricQuantParams {
  double scale = 1.0;
  int64_t clipMin = 0;
  int64_t clipMax = 0;
};

/// Parameters of a zero-point-free quantizer covering [-T, T] (signed, codes
/// +-(2^(nbit-1)-1)) or [0, T] (unsigned, codes [0, 2^nbit - 1]). T must be
/// finite and > 0; nbit in [1, 32] ([2, 32] for signed Tight).
Result<SymmetricQuantParams>
computeSymmetricParams(double threshold, unsigned nbit, bool isSigned = true,
                       ScaleConvention convention = ScaleConvention::Tvm);

struct AffineQuantParams {
  double scale = 1.0;
  int64_t zeroPoint = 0;
  /// Code range: [0, 2^nbit - 1] unsigned, [-2^(nbit-1), 2^(nbit-1) - 1]
  /// signed.
  int64_t qmin = 0;
  int64_t qmax = 0;
};

/// Parameters of an asymmetric quantizer for the range [min, max]:
///  - the range is first widened to include 0 (so that 0, e.g. padding or a
///    ReLU's floor, is exactly representable): lo = min(min, 0), hi = max(max,
///    0);
///  - scale = (hi - lo) / (qmax - qmin), at least kMinScale;
///  - zero point = qmin - lo / scale rounded half away from zero, clamped to
///    [qmin, qmax]; the represented range is then [(qmin - zp) * scale,
///    (qmax - zp) * scale];
///  - lo == hi (all zeros): scale 1, zero point 0.
/// min and max must be finite with min <= max; nbit in [1, 32].
Result<AffineQuantParams> computeAffineParams(double min, double max,
                                              unsigned nbit, bool isSigned);

/// Round half away from zero (TVM / llvm.round).
double roundHalfAwayFromZero(double value);

/// round(clip(x / s, clipMin, clipMax)) * s.
double fakeQuantize(double value, const SymmetricQuantParams &params);
/// (round(clip(x / s + z, qmin, qmax)) - z) * s.
double fakeQuantize(double value, const AffineQuantParams &params);

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_QUANTPARAMS_H
