//===- Sqnr.h - Signal-to-quantization-noise ratio --------------*- C++ -*-===//
//
// The one SQNR every report uses (calibration report, sensitivity,
// quant-run --compare): 10 log10(sum x^2 / sum (x - q)^2) in dB over all
// values seen, +inf when the two agree exactly.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_SQNR_H
#define AUTOQUANT_SUPPORT_SQNR_H

#include <cmath>
#include <limits>

namespace autoquant {

class SqnrAccumulator {
public:
  /// One value: `reference` is the signal, `value` its approximation.
  void add(double reference, double value) {
    double difference = value - reference;
    signal += reference * reference;
    noise += difference * difference;
  }
  double getSignalEnergy() const { return signal; }
  double getNoiseEnergy() const { return noise; }
  /// The ratio in dB (+inf without noise).
  double getDb() const {
    return noise == 0 ? std::numeric_limits<double>::infinity()
                      : 10 * std::log10(signal / noise);
  }

private:
  double signal = 0, noise = 0;
};

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_SQNR_H
