//===- Mse.cpp - Histogram mean-squared-error threshold search ------------===//

#include "autoquant/Calibration/Mse.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

// The error sums must round exactly like the NumPy reference
// (scripts/calibration_reference.py): no fused multiply-add.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

using namespace autoquant::calib;

namespace {

/// The nonzero bins of a histogram: midpoints and counts.
struct OccupiedBins {
  std::vector<double> mids;
  std::vector<double> counts;
};

} // namespace

/// Round half away from zero for |value| < 2^62, with a conversion instead of
/// a libm call so that the error loops stay fast; equal to std::round.
static inline double roundAway(double value) {
  double truncated = static_cast<double>(static_cast<int64_t>(value));
  double fraction = value - truncated;
  if (fraction >= 0.5)
    return truncated + 1.0;
  if (fraction <= -0.5)
    return truncated - 1.0;
  return truncated;
}

static OccupiedBins collectOccupiedBins(const std::vector<uint64_t> &counts,
                                        double lo, double binWidth) {
  OccupiedBins bins;
  for (size_t k = 0; k < counts.size(); ++k) {
    if (!counts[k])
      continue;
    double offset = (static_cast<double>(k) + 0.5) * binWidth;
    bins.mids.push_back(lo + offset);
    bins.counts.push_back(static_cast<double>(counts[k]));
  }
  return bins;
}

/// Sum of count * (mid - fakeQuantize(mid))^2 for a symmetric quantizer.
static double symmetricError(const OccupiedBins &bins,
                             const SymmetricQuantParams &params) {
  const double scale = params.scale;
  const double clipMax = static_cast<double>(params.clipMax);
  double error = 0;
  for (size_t k = 0; k < bins.mids.size(); ++k) {
    double mid = bins.mids[k];
    double code = std::min(mid / scale, clipMax); // mid >= 0
    double dequantized = roundAway(code) * scale;
    double difference = mid - dequantized;
    error += bins.counts[k] * (difference * difference);
  }
  return error;
}

/// Sum of count * (mid - fakeQuantize(mid))^2 for an affine quantizer.
static double affineError(const OccupiedBins &bins,
                          const AffineQuantParams &params) {
  const double scale = params.scale;
  const double zeroPoint = static_cast<double>(params.zeroPoint);
  const double qmin = static_cast<double>(params.qmin);
  const double qmax = static_cast<double>(params.qmax);
  double error = 0;
  for (size_t k = 0; k < bins.mids.size(); ++k) {
    double mid = bins.mids[k];
    double code = std::clamp(mid / scale + zeroPoint, qmin, qmax);
    double dequantized = (roundAway(code) - zeroPoint) * scale;
    double difference = mid - dequantized;
    error += bins.counts[k] * (difference * difference);
  }
  return error;
}

Result<MseThreshold>
autoquant::calib::findMseThreshold(const std::vector<uint64_t> &magnitudeCounts,
                                   double absMax, unsigned nbit,
                                   ScaleConvention convention) {
  if (magnitudeCounts.empty())
    return Result<MseThreshold>::error("MSE search needs at least one bin");
  if (!(std::isfinite(absMax) && absMax > 0))
    return Result<MseThreshold>::error(
        "MSE search needs a finite positive range");
  const size_t numBins = magnitudeCounts.size();
  const double binWidth = absMax / static_cast<double>(numBins);
  OccupiedBins bins = collectOccupiedBins(magnitudeCounts, 0.0, binWidth);
  MseThreshold best;
  best.error = std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < numBins; ++j) {
    double threshold = static_cast<double>(j + 1) * binWidth;
    Result<SymmetricQuantParams> params =
        computeSymmetricParams(threshold, nbit, /*isSigned=*/true, convention);
    if (!params)
      return params.getStatus();
    double error = symmetricError(bins, *params);
    if (error < best.error) {
      best.error = error;
      best.threshold = threshold;
    }
  }
  return best;
}

Result<MseRange>
autoquant::calib::findMseRange(const std::vector<uint64_t> &counts, double lo,
                               double hi, unsigned nbit, bool isSigned,
                               MseSearch search) {
  if (counts.empty())
    return Result<MseRange>::error("MSE search needs at least one bin");
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo <= 0 && 0 <= hi &&
        lo < hi))
    return Result<MseRange>::error(
        "asymmetric MSE search needs a finite range lo <= 0 <= hi, lo < hi");
  const int64_t numBins = static_cast<int64_t>(counts.size());
  const double binWidth = (hi - lo) / static_cast<double>(numBins);
  OccupiedBins bins = collectOccupiedBins(counts, lo, binWidth);
  auto edge = [&](int64_t k) {
    if (k == numBins)
      return hi;
    double offset = static_cast<double>(k) * binWidth;
    return lo + offset;
  };
  const double factor = static_cast<double>(numBins) / (hi - lo);
  const int64_t zeroBin =
      std::min(static_cast<int64_t>((0.0 - lo) * factor), numBins - 1);

  MseRange best;
  best.error = std::numeric_limits<double>::infinity();
  Status failure = Status::success();
  auto tryWindow = [&](int64_t left, int64_t right) {
    double rangeMin = std::min(edge(left), 0.0);
    double rangeMax = std::max(edge(right + 1), 0.0);
    Result<AffineQuantParams> params =
        computeAffineParams(rangeMin, rangeMax, nbit, isSigned);
    if (!params) {
      failure = params.getStatus();
      return;
    }
    double error = affineError(bins, *params);
    if (error < best.error) {
      best.error = error;
      best.min = rangeMin;
      best.max = rangeMax;
    }
  };

  if (search == MseSearch::BruteForce) {
    for (int64_t left = zeroBin; left >= 0; --left)
      for (int64_t right = zeroBin; right < numBins; ++right)
        tryWindow(left, right);
  } else {
    int64_t left = zeroBin, right = zeroBin;
    bool moveLeft = true;
    tryWindow(left, right);
    while (!(left == 0 && right == numBins - 1)) {
      if ((moveLeft && left > 0) || right == numBins - 1)
        --left;
      else
        ++right;
      moveLeft = !moveLeft;
      tryWindow(left, right);
    }
  }
  if (!failure.ok())
    return failure;
  return best;
}
