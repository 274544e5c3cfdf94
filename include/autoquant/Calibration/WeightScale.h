//===- WeightScale.h - Thresholds of constant weights -----------*- C++ -*-===//
//
// Weights are constants: their threshold comes from the values themselves,
// per tensor or per channel along any axis.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_WEIGHTSCALE_H
#define AUTOQUANT_CALIBRATION_WEIGHTSCALE_H

#include "autoquant/Calibration/Status.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace autoquant::calib {

enum class WeightScaleMode {
  /// max |w|.
  Max,
  /// 2^ceil(log2 max |w|), exact: a power of two maps to itself.
  Power2,
  /// TVM's `2 ** ceil(math.log(v, 2))`, which doubles some exact powers of
  /// two (2^29, 2^31, 2^39, ...) because math.log(v, 2) rounds up; only for
  /// reproducing TVM.
  Power2Tvm,
};

/// "max", "power2", "power2-tvm".
const char *getWeightScaleModeName(WeightScaleMode mode);

/// The smallest power of two >= value (value > 0, finite), computed exactly.
double roundUpToPowerOfTwo(double value);

/// Threshold of a tensor from its max |w| (`absMax` >= 0, finite): Max gives
/// absMax, the Power2 modes a power of two; an all-zero tensor gives 1.0 in
/// every mode (any positive scale represents it exactly).
double weightThresholdFromAbsMax(float absMax, WeightScaleMode mode);

/// Per-tensor threshold. Fails on empty data or NaN / Inf (with counts).
Result<double> computeWeightThreshold(const float *data, size_t size,
                                      WeightScaleMode mode);

/// max |x| of every slice along `axis` of a C-order tensor of `shape` (0 for
/// an all-zero slice); NaN or Inf, an empty shape or a bad axis are errors.
Result<std::vector<double>>
computeAbsMaxAlongAxis(const float *data, const std::vector<int64_t> &shape,
                       int64_t axis);

/// One threshold per index along `axis` of a row-major tensor of `shape`
/// (negative axes count from the end). Fails on empty tensors, a bad axis,
/// or NaN / Inf.
Result<std::vector<double>>
computePerChannelWeightThresholds(const float *data,
                                  const std::vector<int64_t> &shape,
                                  int64_t axis, WeightScaleMode mode);

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_WEIGHTSCALE_H
