//===- TensorStats.h - Streaming min/max/count of float data ----*- C++ -*-===//
//
// The first pass of every data-driven calibration method: count, minimum and
// maximum of the finite values, and how many NaN and Inf values were seen
// (those make calibration fail with a message that gives the counts).
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_TENSORSTATS_H
#define AUTOQUANT_CALIBRATION_TENSORSTATS_H

#include "autoquant/Calibration/Status.h"

#include <cstddef>
#include <cstdint>
#include <limits>

namespace autoquant::calib {

/// Running statistics of a stream of float values. Order and batching of the
/// data do not change the result, and two instances merge exactly.
class TensorStats {
public:
  void observe(const float *data, size_t size);
  void merge(const TensorStats &other);

  /// Number of finite values seen.
  uint64_t getCount() const { return count; }
  uint64_t getNaNCount() const { return nanCount; }
  uint64_t getInfCount() const { return infCount; }
  /// Smallest / largest finite value; only meaningful when getCount() > 0.
  float getMin() const { return minValue; }
  float getMax() const { return maxValue; }
  /// max(|min|, |max|) in float32, as TVM computes it.
  float getAbsMax() const;

  /// Fails when no value, or any NaN or Inf, was observed.
  Status check() const;

private:
  uint64_t count = 0;
  uint64_t nanCount = 0;
  uint64_t infCount = 0;
  float minValue = std::numeric_limits<float>::infinity();
  float maxValue = -std::numeric_limits<float>::infinity();
};

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_TENSORSTATS_H
