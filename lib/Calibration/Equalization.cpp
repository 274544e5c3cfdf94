//===- Equalization.cpp - Cross-layer equalization factors ----------------===//

#include "autoquant/Calibration/Equalization.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

using namespace autoquant::calib;

Result<std::vector<double>> autoquant::calib::computeEqualizationFactors(
    const std::vector<double> &sourceRanges,
    const std::vector<double> &consumerRanges, double alpha) {
  using ResultType = Result<std::vector<double>>;
  if (sourceRanges.size() != consumerRanges.size())
    return ResultType::error(
        "equalization: " + std::to_string(sourceRanges.size()) +
        " source channels but " + std::to_string(consumerRanges.size()) +
        " consumer channels");
  if (!(alpha >= 0 && alpha <= 1))
    return ResultType::error("equalization: alpha must be in [0, 1], got " +
                             std::to_string(alpha));
  std::vector<double> factors(sourceRanges.size(), 1.0);
  std::vector<bool> live(sourceRanges.size(), false);
  double logSum = 0;
  size_t numLive = 0;
  for (size_t c = 0; c < sourceRanges.size(); ++c) {
    double x = sourceRanges[c], w = consumerRanges[c];
    if (!(std::isfinite(x) && x >= 0 && std::isfinite(w) && w >= 0))
      return ResultType::error("equalization: channel " + std::to_string(c) +
                               " has range " + std::to_string(x) + " / " +
                               std::to_string(w) +
                               "; ranges must be finite and >= 0");
    if (x == 0 || w == 0)
      continue;
    // In logs: no overflow for extreme ranges.
    double logFactor = alpha * std::log(x) + (alpha - 1) * std::log(w);
    factors[c] = logFactor;
    live[c] = true;
    logSum += logFactor;
    ++numLive;
  }
  double logMean = numLive ? logSum / static_cast<double>(numLive) : 0.0;
  for (size_t c = 0; c < factors.size(); ++c)
    if (live[c])
      factors[c] = std::exp(factors[c] - logMean);
  return factors;
}

void ChannelRangeObserver::observe(const float *data, size_t size) {
  const size_t channels = maxima.size();
  assert(channels && size % channels == 0 && "partial channel row");
  for (size_t i = 0; i < size; i += channels)
    for (size_t c = 0; c < channels; ++c) {
      float value = data[i + c];
      if (!std::isfinite(value)) {
        ++numNonFinite;
        continue;
      }
      maxima[c] = std::max(maxima[c], static_cast<double>(std::fabs(value)));
    }
}

Status ChannelRangeObserver::check() const {
  if (numNonFinite)
    return Status::error(std::to_string(numNonFinite) +
                         " NaN or Inf values; activations must be finite");
  return Status::success();
}
