//===- TensorStats.cpp - Streaming min/max/count of float data ------------===//

#include "autoquant/Calibration/TensorStats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

using namespace autoquant::calib;

static uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

void TensorStats::observe(const float *data, size_t size) {
  // Several independent accumulators keep the loop throughput-bound; min/max
  // of a stream that contains NaN/Inf do not matter because check() fails.
  constexpr size_t kLanes = 8;
  float mins[kLanes], maxs[kLanes];
  uint32_t nonFinite[kLanes] = {};
  std::fill(mins, mins + kLanes, minValue);
  std::fill(maxs, maxs + kLanes, maxValue);
  size_t i = 0;
  for (; i + kLanes <= size; i += kLanes) {
    for (size_t lane = 0; lane < kLanes; ++lane) {
      float value = data[i + lane];
      mins[lane] = value < mins[lane] ? value : mins[lane];
      maxs[lane] = value > maxs[lane] ? value : maxs[lane];
      nonFinite[lane] += (floatBits(value) & 0x7f800000u) == 0x7f800000u;
    }
  }
  for (; i < size; ++i) {
    float value = data[i];
    mins[0] = value < mins[0] ? value : mins[0];
    maxs[0] = value > maxs[0] ? value : maxs[0];
    nonFinite[0] += (floatBits(value) & 0x7f800000u) == 0x7f800000u;
  }
  uint64_t batchNonFinite = 0;
  for (size_t lane = 0; lane < kLanes; ++lane) {
    minValue = std::min(minValue, mins[lane]);
    maxValue = std::max(maxValue, maxs[lane]);
    batchNonFinite += nonFinite[lane];
  }
  if (batchNonFinite) {
    // Rare path: tell NaN from Inf for the error message.
    for (size_t j = 0; j < size; ++j) {
      if (std::isnan(data[j]))
        ++nanCount;
      else if (std::isinf(data[j]))
        ++infCount;
    }
  }
  count += size - batchNonFinite;
}

void TensorStats::merge(const TensorStats &other) {
  count += other.count;
  nanCount += other.nanCount;
  infCount += other.infCount;
  minValue = std::min(minValue, other.minValue);
  maxValue = std::max(maxValue, other.maxValue);
}

float TensorStats::getAbsMax() const {
  return std::max(std::fabs(minValue), std::fabs(maxValue));
}

Status TensorStats::check() const {
  if (nanCount || infCount) {
    return Status::error(std::to_string(nanCount) + " NaN and " +
                         std::to_string(infCount) + " Inf values among " +
                         std::to_string(count + nanCount + infCount) +
                         " observed; calibration needs finite data");
  }
  if (count == 0)
    return Status::error("no data observed; calibration needs at least one "
                         "value");
  return Status::success();
}
