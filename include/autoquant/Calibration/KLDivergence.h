//===- KLDivergence.h - KL-divergence threshold search ----------*- C++ -*-===//
//
// Entropy calibration (TensorRT's 8-bit calibration, as adopted by MXNet and
// TVM): for every candidate threshold T, compare the clipped reference
// distribution P with its quantized version Q (the window merged into
// `numQuantizedBins` bins and expanded back) and keep the T with the smallest
// KL(P || Q). Two implementations over different histograms:
//
//  - Tvm: TVM's MinimizeKL (src/relay/quantize/calibrate.cc) on numpy's
//    histogram, reproduced bit for bit: float32 arithmetic with sequential
//    sums, glibc logf, TVM's smoothing and its quirks (the dropped left window
//    bin, nonzero counts of the sliced histogram, the merge remainder lumped
//    into the last quantized bin, first minimum wins). Candidates are spread
//    over threads; the result does not depend on the thread count.
//  - Fast: the same objective with TVM's defects fixed, in float64, computed
//    from prefix sums in O(numQuantizedBins) per candidate.
//
// docs/Numerics.md ("Calibration") gives the exact definitions.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_KLDIVERGENCE_H
#define AUTOQUANT_CALIBRATION_KLDIVERGENCE_H

#include "autoquant/Calibration/Status.h"

#include <cstdint>
#include <vector>

namespace autoquant::calib {

/// TVM's `_find_scale_by_kl` defaults.
constexpr unsigned kTvmKLNumBins = 8001;
constexpr unsigned kTvmKLNumQuantizedBins = 255;

enum class KLImplementation {
  /// Corrected float64 search (default).
  Fast,
  /// Bit-identical to TVM.
  Tvm,
};

//===----------------------------------------------------------------------===//
// TVM's MinimizeKL
//===----------------------------------------------------------------------===//

/// The candidate thresholds TVM examines for a histogram of `numBins` bins:
/// i in [numQuantizedBins / 2, numBins / 2], threshold edges[numBins / 2 + i +
/// 1]. Returns how many there are (3874 for 8001 / 255).
unsigned getNumTvmKLCandidates(unsigned numBins, unsigned numQuantizedBins);

/// TVM's MinimizeKL: `hist` are the int32 counts TVM passes to C++
/// (`hist.astype(np.int32)`), `edges` the numBins + 1 float32 edges. Returns
/// the threshold of the first candidate with the smallest divergence.
/// `numThreads` == 0 uses every hardware thread.
Result<float> minimizeKLTvm(const std::vector<int32_t> &hist,
                            const std::vector<float> &edges,
                            unsigned numQuantizedBins, unsigned numThreads = 0);

/// The divergence TVM computes for every candidate, in candidate order
/// (+inf where TVM's smoothed Q is empty).
Result<std::vector<float>>
computeKLDivergencesTvm(const std::vector<int32_t> &hist,
                        unsigned numQuantizedBins, unsigned numThreads = 0);

/// numpy's `astype(np.int32)` of histogram counts (wraps modulo 2^32).
std::vector<int32_t> toTvmCounts(const std::vector<uint64_t> &counts);

//===----------------------------------------------------------------------===//
// Fast corrected search
//===----------------------------------------------------------------------===//

struct KLSearchResult {
  /// The chosen threshold (outer edge of the chosen window).
  double threshold = 0;
  /// KL(P || Q) at that threshold.
  double divergence = 0;
  /// Index of the chosen candidate (window half-width i minus the first one).
  unsigned candidate = 0;
};

/// Bin offsets (numQuantizedBins + 1 values from 0 to width) that split a
/// window of `width` bins into numQuantizedBins groups whose sizes differ by
/// at most one and mirror each other around the window centre when
/// numQuantizedBins and width are odd. (TVM instead uses groups of width /
/// numQuantizedBins bins and gives the remainder to the last group.)
std::vector<unsigned> computeMergeBoundaries(unsigned width,
                                             unsigned numQuantizedBins);

/// The textbook merge-and-expand of seed 001: sums `p` over the groups of
/// computeMergeBoundaries and spreads each sum evenly over the nonzero
/// entries of `p` in its group (zero entries stay zero). Example: P = [1, 0,
/// 2, 3, 5, 3, 1, 7] into 2 bins gives Q = [2, 0, 2, 2, 4, 4, 4, 4].
std::vector<double> mergeAndExpand(const std::vector<double> &p,
                                   unsigned numQuantizedBins);

/// KL(P || Q) of two unnormalized distributions: both are normalized, terms
/// with P = 0 contribute 0, P > 0 with Q = 0 gives +inf.
double computeKLDivergence(const std::vector<double> &p,
                           const std::vector<double> &q);

/// The corrected search on a SymmetricCentered histogram of odd size N over
/// [-absMax, absMax]. Candidate i in [(numQuantizedBins - 1) / 2, (N - 1) / 2]
/// is the window of the 2i + 1 central bins, threshold (2i + 1) * absMax / N.
/// P: the window with the mass outside it added to its two end bins. Q: the
/// window (without that mass) merged into numQuantizedBins groups -- the
/// centre bin alone (zero is exactly representable; a spike of exact zeros
/// is kept exact), and each side's i bins split into numQuantizedBins / 2
/// groups at round(k * i / (numQuantizedBins / 2)) bins from the centre,
/// mirrored (one group: the whole window) -- each group's sum expanded over
/// its nonzero bins of P. The first candidate with the smallest KL(P || Q)
/// wins. numQuantizedBins must be odd and at most N; N must be odd.
Result<KLSearchResult> minimizeKLFast(const std::vector<uint64_t> &hist,
                                      double absMax, unsigned numQuantizedBins,
                                      unsigned numThreads = 1);

/// KL(P || Q) of every candidate of minimizeKLFast, in candidate order.
Result<std::vector<double>>
computeKLDivergencesFast(const std::vector<uint64_t> &hist,
                         unsigned numQuantizedBins, unsigned numThreads = 1);

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_KLDIVERGENCE_H
