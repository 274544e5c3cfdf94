//===- Histogram.h - Fixed-range streaming histograms -----------*- C++ -*-===//
//
// Histograms whose range is fixed before the data arrive (it comes from an
// earlier pass over the same data), so that counts are exact sums and do not
// depend on batching, order or thread split. Four binnings are provided:
//
//  - NumpyCompatible: numpy 1.x `np.histogram(x, bins=N, range=(-t, t))` on
//    float32 data, reproduced bit for bit (edge construction and index
//    arithmetic); this is the histogram TVM's KL calibration consumes.
//  - SymmetricCentered: N (odd) bins of width 2t/N centred on 0, placing x and
//    -x in mirrored bins; the fast KL search uses it.
//  - Magnitude: N bins of |x| over [0, t] (symmetric MSE search).
//  - Linear: N bins of x over [lo, hi] (asymmetric MSE search).
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_HISTOGRAM_H
#define AUTOQUANT_CALIBRATION_HISTOGRAM_H

#include "autoquant/Calibration/Status.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace autoquant::calib {

/// Bin edges numpy 1.x computes for `np.histogram(x, bins=numBins,
/// range=(-absMax, absMax))` on float32 data: float32(linspace in float64),
/// numBins + 1 values, the last one exactly absMax.
std::vector<float> computeNumpyHistogramEdges(float absMax, unsigned numBins);

class Histogram {
public:
  enum class Binning { NumpyCompatible, SymmetricCentered, Magnitude, Linear };

  /// numpy's binning over [-absMax, absMax]; absMax must be finite and > 0.
  static Histogram numpyCompatible(float absMax, unsigned numBins);
  /// numBins (odd) bins of width 2 * absMax / numBins; bin (numBins - 1) / 2
  /// holds [-w/2, w/2] around zero. absMax must be finite and > 0.
  static Histogram symmetricCentered(double absMax, unsigned numBins);
  /// numBins bins of |x| over [0, absMax]; absMax must be finite and > 0.
  static Histogram magnitude(double absMax, unsigned numBins);
  /// numBins bins of x over [lo, hi]; lo < hi, both finite.
  static Histogram linear(double lo, double hi, unsigned numBins);

  /// Adds every value of the batch. Values outside the range (and NaN) are not
  /// binned but counted by getNumOutOfRange().
  void observe(const float *data, size_t size);
  /// Adds the counts of a histogram with identical binning.
  Status merge(const Histogram &other);

  Binning getBinning() const { return binning; }
  unsigned getNumBins() const { return static_cast<unsigned>(counts.size()); }
  const std::vector<uint64_t> &getCounts() const { return counts; }
  /// Values seen outside the range; nonzero means the data changed between
  /// the pass that fixed the range and this one.
  uint64_t getNumOutOfRange() const { return numOutOfRange; }
  /// Sum of all bin counts.
  uint64_t getTotalCount() const;
  /// The range: [-absMax, absMax] (NumpyCompatible, SymmetricCentered),
  /// [0, absMax] (Magnitude) or [lo, hi] (Linear).
  double getLowerBound() const { return lowerBound; }
  double getUpperBound() const { return upperBound; }
  /// Edges of the NumpyCompatible binning (numBins + 1 float32 values).
  const std::vector<float> &getNumpyEdges() const { return numpyEdges; }

private:
  Histogram(Binning binning, double lowerBound, double upperBound,
            unsigned numBins);
  void observeNumpy(const float *data, size_t size);
  void observeSymmetric(const float *data, size_t size);
  void observeMagnitude(const float *data, size_t size);
  void observeLinear(const float *data, size_t size);

  Binning binning;
  double lowerBound;
  double upperBound;
  std::vector<uint64_t> counts;
  uint64_t numOutOfRange = 0;
  // NumpyCompatible only.
  std::vector<float> numpyEdges;
  float numpyNorm = 0;
  bool numpyNormIsUsable = true;
};

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_HISTOGRAM_H
