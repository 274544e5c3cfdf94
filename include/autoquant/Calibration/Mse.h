//===- Mse.h - Histogram mean-squared-error threshold search ----*- C++ -*-===//
//
// The threshold (or range) that minimizes the squared quantization error of
// the observed data, estimated on a histogram: every bin is represented by
// its midpoint, weighted by its count (as TensorFlow's HISTOGRAM_MSE_*
// calibration methods do).
//
//  - Symmetric: exhaustive search over T_j = (j + 1) * t / N, j < N, of a
//    Magnitude histogram (N bins of |x| over [0, t]) for the signed
//    zero-point-free quantizer of computeSymmetricParams (TF's BRUTEFORCE,
//    restricted to the symmetric ranges our quantizer can represent).
//  - Asymmetric: ranges [e_l, e_{r+1}] of bin edges of a Linear histogram
//    over [lo, hi] (lo <= 0 <= hi) that contain the bin of 0, quantized with
//    computeAffineParams. ExpandFromZero grows the window alternately left
//    and right from the bin of 0 (TF's HISTOGRAM_MSE_SYMMETRIC, which starts
//    from the centre bin); BruteForce tries every such pair (O(N^3): keep N
//    small, e.g. <= 256).
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_MSE_H
#define AUTOQUANT_CALIBRATION_MSE_H

#include "autoquant/Calibration/QuantParams.h"
#include "autoquant/Calibration/Status.h"

#include <cstdint>
#include <vector>

namespace autoquant::calib {

enum class MseSearch { ExpandFromZero, BruteForce };

struct MseThreshold {
  double threshold = 0;
  /// Sum over bins of count * (mid - fakeQuantize(mid))^2.
  double error = 0;
};

/// Symmetric search on a Magnitude histogram over [0, absMax]. The first
/// (smallest) threshold with the smallest error wins.
Result<MseThreshold>
findMseThreshold(const std::vector<uint64_t> &magnitudeCounts, double absMax,
                 unsigned nbit,
                 ScaleConvention convention = ScaleConvention::Tvm);

struct MseRange {
  double min = 0;
  double max = 0;
  double error = 0;
};

/// Asymmetric search on a Linear histogram over [lo, hi], lo <= 0 <= hi,
/// lo < hi. The first candidate (in search order) with the smallest error
/// wins.
Result<MseRange> findMseRange(const std::vector<uint64_t> &counts, double lo,
                              double hi, unsigned nbit, bool isSigned,
                              MseSearch search = MseSearch::ExpandFromZero);

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_MSE_H
