//===- WeightScale.cpp - Thresholds of constant weights -------------------===//

#include "autoquant/Calibration/WeightScale.h"

#include "autoquant/Calibration/TensorStats.h"

#include <cassert>
#include <cmath>
#include <string>

using namespace autoquant::calib;

const char *autoquant::calib::getWeightScaleModeName(WeightScaleMode mode) {
  switch (mode) {
  case WeightScaleMode::Max:
    return "max";
  case WeightScaleMode::Power2:
    return "power2";
  case WeightScaleMode::Power2Tvm:
    return "power2-tvm";
  }
  return "unknown";
}

double autoquant::calib::roundUpToPowerOfTwo(double value) {
  assert(std::isfinite(value) && value > 0);
  // value = m * 2^e with m in [0.5, 1): a power of two iff m == 0.5.
  int exponent;
  double mantissa = std::frexp(value, &exponent);
  return std::ldexp(1.0, mantissa == 0.5 ? exponent - 1 : exponent);
}

double autoquant::calib::weightThresholdFromAbsMax(float absMax,
                                                   WeightScaleMode mode) {
  if (!(absMax > 0))
    return 1.0;
  switch (mode) {
  case WeightScaleMode::Max:
    return absMax;
  case WeightScaleMode::Power2:
    return roundUpToPowerOfTwo(absMax);
  case WeightScaleMode::Power2Tvm:
    // Python's math.log(x, base) is log(x) / log(base) in double.
    return std::pow(
        2.0, std::ceil(std::log(static_cast<double>(absMax)) / std::log(2.0)));
  }
  return absMax;
}

Result<double> autoquant::calib::computeWeightThreshold(const float *data,
                                                        size_t size,
                                                        WeightScaleMode mode) {
  TensorStats stats;
  stats.observe(data, size);
  if (Status status = stats.check(); !status)
    return Result<double>::error("weights: " + status.getMessage());
  return weightThresholdFromAbsMax(stats.getAbsMax(), mode);
}

Result<std::vector<double>> autoquant::calib::computeAbsMaxAlongAxis(
    const float *data, const std::vector<int64_t> &shape, int64_t axis) {
  using ResultType = Result<std::vector<double>>;
  const int64_t rank = static_cast<int64_t>(shape.size());
  if (axis < -rank || axis >= rank)
    return ResultType::error("weights: axis " + std::to_string(axis) +
                             " is out of range for rank " +
                             std::to_string(rank));
  if (axis < 0)
    axis += rank;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (shape[d] <= 0)
      return ResultType::error("weights: empty tensor (dimension " +
                               std::to_string(d) + " is " +
                               std::to_string(shape[d]) + ")");
    if (d < axis)
      outer *= shape[d];
    else if (d > axis)
      inner *= shape[d];
  }
  const int64_t channels = shape[axis];
  std::vector<TensorStats> stats(channels);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c)
      stats[c].observe(data + (o * channels + c) * inner,
                       static_cast<size_t>(inner));
  std::vector<double> maxima(channels);
  uint64_t nanCount = 0, infCount = 0;
  for (int64_t c = 0; c < channels; ++c) {
    nanCount += stats[c].getNaNCount();
    infCount += stats[c].getInfCount();
    maxima[c] = stats[c].getAbsMax();
  }
  if (nanCount || infCount)
    return ResultType::error(
        "weights: " + std::to_string(nanCount) + " NaN and " +
        std::to_string(infCount) + " Inf values among " +
        std::to_string(outer * channels * inner) + "; weights must be finite");
  return maxima;
}

Result<std::vector<double>> autoquant::calib::computePerChannelWeightThresholds(
    const float *data, const std::vector<int64_t> &shape, int64_t axis,
    WeightScaleMode mode) {
  Result<std::vector<double>> maxima =
      computeAbsMaxAlongAxis(data, shape, axis);
  if (!maxima)
    return maxima;
  std::vector<double> thresholds;
  for (double absMax : *maxima)
    thresholds.push_back(
        weightThresholdFromAbsMax(static_cast<float>(absMax), mode));
  return thresholds;
}
