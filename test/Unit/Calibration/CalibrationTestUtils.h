//===- CalibrationTestUtils.h - Shared helpers of the tests -----*- C++ -*-===//
//
// The deterministic data generator that scripts/calibration_reference.py
// mirrors operation for operation (splitmix64 uniforms, then only +, -, *, /
// and comparisons in float64, then a cast to float32), so that the tests
// regenerate the exact inputs of the NumPy reference values in data/.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_TEST_UNIT_CALIBRATION_CALIBRATIONTESTUTILS_H
#define AUTOQUANT_TEST_UNIT_CALIBRATION_CALIBRATIONTESTUTILS_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// The generator must round exactly like NumPy: no fused multiply-add.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace autoquant::calib::test {

/// splitmix64; the k-th output uses state seed + k * golden.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }

private:
  uint64_t state;
};

/// Irwin-Hall sum of 4 uniforms, scaled to unit variance.
inline double approximateGaussian(const double *u) {
  double sum = u[0] + u[1];
  sum = sum + u[2];
  sum = sum + u[3];
  double centred = sum - 2.0;
  return centred * 1.7320508075688772;
}

/// Uniforms each value of `distribution` consumes (-1: unknown).
inline int uniformsPerValue(const std::string &distribution) {
  if (distribution == "const")
    return 0;
  if (distribution == "uniform")
    return 1;
  if (distribution == "gauss" || distribution == "relu" ||
      distribution == "negrelu" || distribution == "shifted")
    return 4;
  if (distribution == "peaked" || distribution == "heavy" ||
      distribution == "outlier" || distribution == "sparse")
    return 5;
  return -1;
}

/// `size` float32 values of `distribution`, multiplied by `scale`.
inline std::vector<float> generate(const std::string &distribution,
                                   uint64_t seed, size_t size, double scale) {
  const int perValue = uniformsPerValue(distribution);
  if (perValue < 0) {
    std::fprintf(stderr, "unknown distribution %s\n", distribution.c_str());
    std::abort();
  }
  SplitMix64 generator(seed);
  std::vector<float> values(size);
  double u[5];
  for (size_t i = 0; i < size; ++i) {
    for (int k = 0; k < perValue; ++k)
      u[k] = generator.uniform();
    double value;
    if (distribution == "const") {
      value = 1.0;
    } else if (distribution == "uniform") {
      double twice = 2.0 * u[0];
      value = twice - 1.0;
    } else if (distribution == "gauss") {
      value = approximateGaussian(u);
    } else if (distribution == "relu") {
      double g = approximateGaussian(u);
      value = g > 0 ? g : 0.0;
    } else if (distribution == "negrelu") {
      double g = approximateGaussian(u);
      value = g > 0 ? -g : 0.0;
    } else if (distribution == "shifted") {
      value = approximateGaussian(u) + 3.0;
    } else if (distribution == "peaked") {
      double product = u[1] * u[2];
      product = product * u[3];
      product = product * u[4];
      double magnitude = product * 16.0;
      value = u[0] < 0.5 ? -magnitude : magnitude;
    } else if (distribution == "heavy") {
      value = approximateGaussian(u) / (u[4] + 0.05);
    } else if (distribution == "outlier") {
      double factor = u[4] < 0.001 ? 40.0 : 1.0;
      value = approximateGaussian(u) * factor;
    } else { // sparse
      value = u[0] < 0.9 ? 0.0 : approximateGaussian(u + 1);
    }
    double scaled = value * scale;
    values[i] = static_cast<float>(scaled);
  }
  return values;
}

/// Directory of the expected-value files (set by CMake).
inline std::string getTestDataPath(const std::string &name) {
#ifdef AUTOQUANT_CALIB_TESTDATA
  return std::string(AUTOQUANT_CALIB_TESTDATA) + "/" + name;
#else
  return "data/" + name;
#endif
}

/// Non-empty, non-comment lines of a data file, split on whitespace.
inline std::vector<std::vector<std::string>>
readDataFile(const std::string &name) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream file(getTestDataPath(name));
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream stream(line);
    std::vector<std::string> fields;
    std::string field;
    while (stream >> field)
      fields.push_back(field);
    if (!fields.empty())
      rows.push_back(fields);
  }
  return rows;
}

inline double parseDouble(const std::string &text) {
  return std::strtod(text.c_str(), nullptr);
}

inline uint64_t parseUnsigned(const std::string &text) {
  return std::strtoull(text.c_str(), nullptr, 0);
}

/// A float32 written as its bit pattern, e.g. "0x40490fdb".
inline float parseFloatBits(const std::string &text) {
  uint32_t bits =
      static_cast<uint32_t>(std::strtoul(text.c_str(), nullptr, 16));
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

inline uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

} // namespace autoquant::calib::test

#endif // AUTOQUANT_TEST_UNIT_CALIBRATION_CALIBRATIONTESTUTILS_H
