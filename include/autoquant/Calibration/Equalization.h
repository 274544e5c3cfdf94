//===- Equalization.h - Cross-layer equalization factors -------*- C++ -*-===//
//
// Per-tensor quantization of an activation whose channels span very different
// ranges spends most codes on a few wide channels (and KL-divergence clips
// those). Where a producer (conv) reaches a consumer (conv) through ops that
// commute with per-channel scaling (relu, pooling, zero padding), dividing
// producer output channel c by s_c and multiplying the consumer's weights for
// input channel c by s_c leaves the float function unchanged and moves range
// between the activation and the consumer's weights (Nagel et al., "Data-Free
// Quantization", 2019; SmoothQuant's migration strength alpha, 2022).
// docs/Numerics.md ("Cross-layer equalization") is the spec.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_EQUALIZATION_H
#define AUTOQUANT_CALIBRATION_EQUALIZATION_H

#include "autoquant/Calibration/Status.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace autoquant::calib {

/// Factors s_c = x_c^alpha * w_c^(alpha - 1) for source ranges x (per-channel
/// max |activation|, or the producer's per-output-channel max |weight|) and
/// consumer ranges w (the consumer's per-input-channel max |weight|),
/// divided by their geometric mean so the tensors keep their overall
/// magnitude. After scaling, channel c of the activation spans x_c / s_c and
/// its consumer weights w_c * s_c: alpha = 1 makes every activation channel
/// span the same range, alpha = 0.5 balances the two (Nagel et al.'s
/// sqrt(x_c / w_c)). Channels with x_c = 0 or w_c = 0 (dead) get 1.
/// Errors: sizes differ, alpha outside [0, 1], a range negative or not
/// finite.
Result<std::vector<double>>
computeEqualizationFactors(const std::vector<double> &sourceRanges,
                           const std::vector<double> &consumerRanges,
                           double alpha);

/// Per-channel max |x| of a stream of tensors whose last axis has
/// `numChannels` channels.
class ChannelRangeObserver {
public:
  explicit ChannelRangeObserver(size_t numChannels)
      : maxima(numChannels, 0.0) {}

  /// `size` must be a multiple of the channel count. NaN and Inf are counted
  /// (check() reports them) and do not enter the maxima.
  void observe(const float *data, size_t size);
  /// An error naming how many NaN / Inf values were seen.
  Status check() const;
  const std::vector<double> &getAbsMax() const { return maxima; }

private:
  std::vector<double> maxima;
  uint64_t numNonFinite = 0;
};

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_EQUALIZATION_H
