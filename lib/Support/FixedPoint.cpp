//===- FixedPoint.cpp - Quantization and fixed-point rescaling ------------===//
//
// Implements docs/Numerics.md, "Quantize and dequantize", "Requantization"
// and "Rounding modes". Integer arithmetic that may overflow in the emulated
// target (TVM's int64 products, TFLite's int32 left shift) is done on unsigned
// types so that it wraps as the target does instead of being undefined here.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/FixedPoint.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

// float32 results must be the correctly rounded IEEE operations the formulas
// name: no a * b + c contraction.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

using namespace llvm;

namespace autoquant {

namespace {

Error makeError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

/// A double with 9 significant digits ("1e-12", "536870912", "nan").
std::string formatValue(double value) {
  std::string text;
  raw_string_ostream os(text);
  os << format("%.9g", value);
  return os.str();
}

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

/// The low 32 bits of `v` as a signed value (two's complement, as the MLIR
/// lowering's `arith.trunci`).
int32_t truncateToInt32(int64_t v) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

/// Wrapping int64 arithmetic (the emulated targets wrap).
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) *
                              static_cast<uint64_t>(b));
}
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
int64_t wrapShl(int64_t a, int32_t bits) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) << bits);
}

/// floor(value * multiplier / 2^shift + 1/2) for value in [0, 2^31]: the
/// magnitude path of ToNearest (|INT32_MIN| = 2^31 does not fit int32).
int64_t scaleMagnitude(int64_t magnitude, int32_t multiplier, int32_t shift) {
  int64_t round = int64_t(1) << (shift - 1);
  return (magnitude * multiplier + round) >> shift;
}

} // namespace

//===----------------------------------------------------------------------===//
// Float -> integer rounding
//===----------------------------------------------------------------------===//

float roundFloat(float v, RoundingMode mode) {
  float r = std::round(v); // ties away from zero; NaN/inf/integers unchanged
  if (mode == RoundingMode::HalfToEven && std::fabs(r - v) == 0.5f &&
      std::fmod(r, 2.0f) != 0.0f) {
    // A tie rounded away to an odd integer: the even neighbour is one step
    // toward zero. (|v| < 2^23 here, so r - v is exact.)
    r = std::copysign(r - std::copysign(1.0f, v), v); // -0.5 -> -0
  }
  return r;
}

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

double simulateQuantizeCode(float x, double scale, int64_t zeroPoint,
                            int64_t lo, int64_t hi, RoundingMode mode) {
  const float s32 = static_cast<float>(scale);
  assert(std::isfinite(s32) && s32 > 0 && "scale must be a positive float32");
  assert(lo <= hi && "empty clip range");
  const float v = x / s32 + static_cast<float>(zeroPoint);
  if (std::isnan(v))
    return std::numeric_limits<double>::quiet_NaN();
  // The bounds are integers, so clamping before rounding equals clamping the
  // rounded value; compare in double so that bounds beyond 2^24 stay exact.
  if (static_cast<double>(v) <= static_cast<double>(lo))
    return static_cast<double>(lo);
  if (static_cast<double>(v) >= static_cast<double>(hi))
    return static_cast<double>(hi);
  return static_cast<double>(roundFloat(v, mode));
}

float dequantize(int64_t q, double scale, int64_t zeroPoint) {
  const float s32 = static_cast<float>(scale);
  return static_cast<float>(q - zeroPoint) * s32;
}

float simulateQuantize(float x, double scale, int64_t zeroPoint, int64_t lo,
                       int64_t hi, RoundingMode mode) {
  const double q = simulateQuantizeCode(x, scale, zeroPoint, lo, hi, mode);
  if (std::isnan(q))
    return std::numeric_limits<float>::quiet_NaN();
  return dequantize(static_cast<int64_t>(q), scale, zeroPoint);
}

int64_t quantizeToCode(float x, double scale, int64_t zeroPoint, int64_t lo,
                       int64_t hi, RoundingMode mode) {
  const float r32 = static_cast<float>(1.0 / scale);
  assert(std::isfinite(r32) && r32 > 0 && "1/scale must be a positive float32");
  assert(lo <= hi && "empty clip range");
  const float t = roundFloat(x * r32, mode);
  if (std::isnan(t))
    return std::clamp(zeroPoint, lo, hi);
  // round(t) is an integer-valued float; adding z in double is exact while
  // |t| < 2^52, and beyond that the clamp saturates anyway.
  const double q = static_cast<double>(t) + static_cast<double>(zeroPoint);
  if (q <= static_cast<double>(lo))
    return lo;
  if (q >= static_cast<double>(hi))
    return hi;
  return static_cast<int64_t>(q);
}

Expected<int64_t> quantizeBias(double bias, double inputScale,
                               double weightScale, unsigned accumulatorBits) {
  if (!std::isfinite(bias))
    return makeError("cannot quantize a non-finite bias (" + formatValue(bias) +
                     ")");
  if (!(std::isfinite(inputScale) && inputScale > 0 &&
        std::isfinite(weightScale) && weightScale > 0))
    return makeError("bias quantization needs finite positive scales, got "
                     "input scale " +
                     formatValue(inputScale) + " and weight scale " +
                     formatValue(weightScale));
  const double accScale = inputScale * weightScale;
  if (!(std::isfinite(accScale) && accScale > 0))
    return makeError("the accumulator scale " + formatValue(inputScale) +
                     " * " + formatValue(weightScale) +
                     " is not a finite positive double");
  assert(accumulatorBits >= 2 && accumulatorBits <= 62);
  const double limit = std::ldexp(1.0, accumulatorBits - 1);
  const double q = std::round(bias / accScale);
  if (!(q >= -limit && q <= limit - 1))
    return makeError("quantized bias " + formatValue(bias) + " / (" +
                     formatValue(inputScale) + " * " +
                     formatValue(weightScale) + ") = " + formatValue(q) +
                     " does not fit int" + std::to_string(accumulatorBits));
  return static_cast<int64_t>(q);
}

Expected<int32_t> quantizeBias(double bias, double inputScale,
                               double weightScale) {
  Expected<int64_t> code = quantizeBias(bias, inputScale, weightScale, 32);
  if (!code)
    return code.takeError();
  return static_cast<int32_t>(*code);
}

unsigned getAccumulatorNarrowingShift(int64_t bound) {
  unsigned shift = 0;
  // After the shift, round-half-up can add one: keep bound / 2^k + 1 in range.
  while ((bound >> shift) + 1 > kInt32Max)
    ++shift;
  return shift;
}

int32_t narrowAccumulator48(int64_t value, unsigned shift) {
  assert(shift <= 48 && "a 48-bit accumulator needs at most 48 bits of shift");
  // TOSA rescale, scale32 = false: apply_scale_16(v, 2^14, 14 + k), then
  // saturation to int32.
  const int32_t totalShift = 14 + static_cast<int32_t>(shift);
  const int64_t round = int64_t(1) << (totalShift - 1);
  const int64_t result = (value * 16384 + round) >> totalShift;
  return static_cast<int32_t>(
      std::clamp<int64_t>(result, kInt32Min, kInt32Max));
}

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

std::optional<RequantRounding> parseRequantRounding(StringRef name) {
  if (name == "upward")
    return RequantRounding::Upward;
  if (name == "tonearest")
    return RequantRounding::ToNearest;
  if (name == "double")
    return RequantRounding::Double;
  return std::nullopt;
}

StringRef getRequantRoundingName(RequantRounding rounding) {
  switch (rounding) {
  case RequantRounding::Upward:
    return "upward";
  case RequantRounding::ToNearest:
    return "tonearest";
  case RequantRounding::Double:
    return "double";
  }
  llvm_unreachable("unknown RequantRounding");
}

double FixedPointMultiplier::getValue() const {
  return std::ldexp(static_cast<double>(multiplier), -shift);
}

Expected<FixedPointMultiplier> computeFixedPointMultiplier(double ratio) {
  if (!(std::isfinite(ratio) && ratio > 0))
    return makeError("requantization ratio must be finite and positive, got " +
                     formatValue(ratio));
  int exponent = 0;
  const double mantissa = std::frexp(ratio, &exponent); // in [0.5, 1)
  int64_t m = static_cast<int64_t>(std::round(std::ldexp(mantissa, 31)));
  if (m == (int64_t(1) << 31)) {
    m /= 2;
    ++exponent;
  }
  const int shift = 31 - exponent;
  if (shift < 2)
    return makeError("requantization ratio " + formatValue(ratio) +
                     " is too large for a 32-bit fixed-point multiplier "
                     "(shift " +
                     Twine(shift) + " < 2); it must be below 2^29 - 2^-3");
  if (shift > 62)
    return makeError("requantization ratio " + formatValue(ratio) +
                     " is too small for a 32-bit fixed-point multiplier "
                     "(shift " +
                     Twine(shift) +
                     " > 62); it must be at least 2^-32 - 2^-64, below that "
                     "every int32 value rescales to 0");
  FixedPointMultiplier result;
  result.multiplier = static_cast<int32_t>(m);
  result.shift = shift;
  return result;
}

int32_t applyScale32(int32_t value, int32_t multiplier, int32_t shift,
                     bool doubleRound) {
  assert(multiplier >= 0 && "TOSA requires multiplier >= 0");
  assert(shift >= 2 && shift <= 62 && "TOSA requires 2 <= shift <= 62");
  int64_t round = int64_t(1) << (shift - 1);
  if (doubleRound && shift > 31)
    round += value >= 0 ? (int64_t(1) << 30) : -(int64_t(1) << 30);
  // |value * multiplier| < 2^62 and |round| <= 2^61 + 2^30: no overflow.
  const int64_t result =
      (static_cast<int64_t>(value) * multiplier + round) >> shift;
  return truncateToInt32(result);
}

int32_t applyRequantScale(int32_t value, const FixedPointMultiplier &m,
                          RequantRounding rounding) {
  switch (rounding) {
  case RequantRounding::Upward:
    return applyScale32(value, m.multiplier, m.shift, false);
  case RequantRounding::Double:
    return applyScale32(value, m.multiplier, m.shift, true);
  case RequantRounding::ToNearest: {
    assert(m.multiplier >= 0 && m.shift >= 2 && m.shift <= 62);
    const int64_t v = value;
    const int64_t magnitude =
        scaleMagnitude(v < 0 ? -v : v, m.multiplier, m.shift);
    return truncateToInt32(v < 0 ? -magnitude : magnitude);
  }
  }
  llvm_unreachable("unknown RequantRounding");
}

int64_t requantize(int64_t value, int64_t inputZeroPoint,
                   const FixedPointMultiplier &m, RequantRounding rounding,
                   int64_t outputZeroPoint, int64_t outMin, int64_t outMax) {
  assert(outMin <= outMax && "empty output range");
  const int64_t v = value - inputZeroPoint;
  assert(v >= kInt32Min && v <= kInt32Max &&
         "TOSA requires value - input_zp to fit int32");
  const int32_t r = applyRequantScale(truncateToInt32(v), m, rounding);
  return std::clamp(static_cast<int64_t>(r) + outputZeroPoint, outMin, outMax);
}

//===----------------------------------------------------------------------===//
// Reference formulations (TVM, TFLite)
//===----------------------------------------------------------------------===//

std::pair<int32_t, int32_t> tvmGetFixedPointMultiplierShift(double x) {
  assert(std::isfinite(x) && x >= 0);
  if (x == 0)
    return {0, 0};
  int exponent = 0;
  const double significand = std::frexp(x, &exponent);
  int64_t m = static_cast<int64_t>(std::round(significand * (1LL << 31)));
  if (m == (int64_t(1) << 31)) {
    m /= 2;
    ++exponent;
  }
  return {static_cast<int32_t>(m), exponent};
}

int32_t tvmFixedPointMultiply(int32_t x, int32_t m, int32_t e) {
  assert(m >= 0 && e >= -32 && e <= 31);
  if (m == (int32_t(1) << 30)) {
    // TVM's power-of-two shortcut (tir.q_multiply_shift legalization).
    const int32_t exp = e - 1;
    if (exp > 0)
      return truncateToInt32(wrapShl(x, exp));
    if (exp == 0)
      return x; // TVM would shift by -1 here; the exact result is x.
    const int32_t right = -exp;
    const int64_t rounded =
        static_cast<int64_t>(x) + (int64_t(1) << (right - 1));
    return truncateToInt32(rounded >> right);
  }
  const int32_t leftShift = e > 0 ? e : 0;
  const int32_t rightShift = e > 0 ? 0 : -e;
  int64_t v = wrapShl(x, leftShift);
  v = wrapMul(v, m);
  const int32_t total = rightShift + 31;
  v = wrapAdd(v, int64_t(1) << (total - 1));
  return truncateToInt32(v >> total);
}

int32_t tvmFixedPointMultiplyToNearest(int32_t x, int32_t m, int32_t e) {
  assert(m >= 0 && e >= -32 && e <= 31);
  const int32_t leftShift = e > 0 ? e : 0;
  const int32_t rightShift = e > 0 ? 0 : -e;
  int64_t v = wrapShl(x, leftShift);
  v = wrapMul(v, m);
  const int32_t total = rightShift + 31;
  const int64_t posRound = int64_t(1) << (total - 1);
  v = wrapAdd(v, v >= 0 ? posRound : posRound - 1);
  return truncateToInt32(v >> total);
}

int32_t tvmShiftRescale(int32_t x, int32_t k, bool roundForShift) {
  assert(k != 0 && k >= -31 && k <= 31);
  const uint32_t ux = static_cast<uint32_t>(x);
  if (k < 0)
    return static_cast<int32_t>(ux << -k);
  const uint32_t bias = roundForShift ? uint32_t(1) << (k - 1) : 0;
  return static_cast<int32_t>(ux + bias) >> k;
}

int32_t tfliteMultiplyByQuantizedMultiplier(int32_t x, int32_t m, int32_t e) {
  assert(m >= 0 && e >= -31 && e <= 30);
  const int32_t leftShift = e > 0 ? e : 0;
  const int32_t rightShift = e > 0 ? 0 : -e;
  // x * (1 << left_shift) in int32 (wraps).
  const int32_t a = static_cast<int32_t>(static_cast<uint32_t>(x) << leftShift);
  // SaturatingRoundingDoublingHighMul(a, m).
  int32_t high;
  if (a == m && a == std::numeric_limits<int32_t>::min()) {
    high = std::numeric_limits<int32_t>::max();
  } else {
    const int64_t ab = static_cast<int64_t>(a) * m;
    const int64_t nudge = ab >= 0 ? (int64_t(1) << 30) : 1 - (int64_t(1) << 30);
    high = static_cast<int32_t>((ab + nudge) / (int64_t(1) << 31));
  }
  // RoundingDivideByPOT(high, rightShift).
  const int32_t mask = static_cast<int32_t>((int64_t(1) << rightShift) - 1);
  const int32_t remainder = high & mask;
  const int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> rightShift) + (remainder > threshold ? 1 : 0);
}

} // namespace autoquant

int32_t autoquant::tosaAveragePoolDivide(int32_t sum, int32_t count) {
  assert(count >= 1 && "avg_pool2d divides by a positive count");
  uint32_t k = 0;
  while ((uint64_t(1) << k) < static_cast<uint64_t>(count))
    ++k; // (1 << k) / 2 < count <= (1 << k)
  int64_t numerator = ((int64_t(1) << 30) + 1) << k;
  auto multiplier = static_cast<int32_t>(numerator / count);
  return applyScale32(sum, multiplier, static_cast<int32_t>(30 + k),
                      /*doubleRound=*/false);
}

llvm::Expected<int32_t> autoquant::quantizeBias8(double bias, double biasScale,
                                                 double accumulatorScale,
                                                 RequantRounding rounding) {
  if (!std::isfinite(bias) || !(biasScale > 0) || !std::isfinite(biasScale) ||
      !(accumulatorScale > 0) || !std::isfinite(accumulatorScale))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "8-bit bias needs a finite bias and positive finite scales");
  int64_t code = quantizeToCode(static_cast<float>(bias), biasScale, 0, -127,
                                127, RoundingMode::HalfAwayFromZero);
  llvm::Expected<FixedPointMultiplier> multiplier =
      computeFixedPointMultiplier(biasScale / accumulatorScale);
  if (!multiplier)
    return multiplier.takeError();
  return static_cast<int32_t>(
      requantize(code, 0, *multiplier, rounding, 0, INT32_MIN, INT32_MAX));
}

int64_t autoquant::log2QuantizeCode(float w, int64_t maxExponent,
                                    unsigned nbit) {
  assert(nbit >= 2 && nbit <= 16 && "log2 codes have 2 to 16 bits");
  if (!(w != 0.0f) || std::isnan(w))
    return 0;
  const int64_t levels = (int64_t(1) << (nbit - 1)) - 1;
  double magnitude = std::abs(static_cast<double>(w));
  double exponent = 16.0 * std::log2(magnitude);
  int64_t k = std::isinf(exponent)
                  ? (exponent > 0 ? maxExponent : INT64_MIN / 2)
                  : static_cast<int64_t>(std::round(exponent));
  k = std::min(k, maxExponent);
  if (k < maxExponent - levels + 1)
    return 0;
  int64_t index = k - (maxExponent - levels);
  return w < 0 ? -index : index;
}

float autoquant::log2Dequantize(int64_t code, int64_t maxExponent,
                                unsigned nbit) {
  if (code == 0)
    return 0.0f;
  const int64_t levels = (int64_t(1) << (nbit - 1)) - 1;
  double magnitude = std::exp2(
      static_cast<double>(maxExponent - levels + std::abs(code)) / 16.0);
  return static_cast<float>(code < 0 ? -magnitude : magnitude);
}

int64_t autoquant::log2MaxExponent(float absMax) {
  assert(absMax > 0 && std::isfinite(absMax) && "needs a positive maximum");
  return static_cast<int64_t>(
      std::round(16.0 * std::log2(static_cast<double>(absMax))));
}
