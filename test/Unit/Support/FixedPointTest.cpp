//===- FixedPointTest.cpp - Quantization and fixed-point rescaling --------===//
//
// Hand-computed cases for every function of FixedPoint.h (the worked examples
// of docs/Numerics.md among them), agreement of computeFixedPointMultiplier
// with upstream mlir::tosa::computeMultiplierAndShift, and the integer
// rescaling checked against independent 128-bit formulations and against the
// TVM / TFLite reference functions.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/FixedPoint.h"

#include "mlir/Dialect/Tosa/Utils/QuantUtils.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

using namespace autoquant;
using llvm::Expected;

namespace {

constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t kPow30 = int32_t(1) << 30;

template <typename T> std::string errorMessage(Expected<T> value) {
  if (value)
    return "<success>";
  return llvm::toString(value.takeError());
}

FixedPointMultiplier multiplierOf(double ratio) {
  Expected<FixedPointMultiplier> m = computeFixedPointMultiplier(ratio);
  if (!m) {
    ADD_FAILURE() << llvm::toString(m.takeError());
    return {};
  }
  return *m;
}

int32_t scaled(int32_t v, double ratio, RequantRounding rounding) {
  return applyRequantScale(v, multiplierOf(ratio), rounding);
}

using i128 = __int128;

i128 floorDiv(i128 a, i128 b) { // b > 0
  i128 q = a / b;
  if (a % b != 0 && a < 0)
    --q;
  return q;
}

/// round(a / 2^s) with ties toward +inf, by quotient and remainder.
i128 roundHalfUpDiv(i128 a, int s) {
  const i128 d = i128(1) << s;
  i128 q = floorDiv(a, d);
  const i128 rem = a - q * d;
  if (2 * rem >= d)
    ++q;
  return q;
}

/// round(a / 2^s) with ties away from zero.
i128 roundHalfAwayDiv(i128 a, int s) {
  const i128 d = i128(1) << s;
  i128 q = floorDiv(a, d);
  const i128 rem = a - q * d;
  if (2 * rem > d || (2 * rem == d && a > 0))
    ++q;
  return q;
}

int32_t low32(i128 v) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

/// apply_scale_32 defined from exact rational rounding instead of the TOSA
/// pseudo-code: single rounding = round half up of v * M / 2^n; double
/// rounding (n > 31) = round half up to an integer at 2^-31 resolution,
/// then round half away from zero by the remaining n - 31 bits (gemmlowp).
int32_t referenceApplyScale32(int32_t v, int32_t m, int32_t n, bool dbl) {
  const i128 product = i128(v) * m;
  if (!dbl || n <= 31)
    return low32(roundHalfUpDiv(product, n));
  return low32(roundHalfAwayDiv(roundHalfUpDiv(product, 31), n - 31));
}

/// Symmetric rounding: round half away from zero of v * M / 2^n.
int32_t referenceToNearest(int32_t v, int32_t m, int32_t n) {
  return low32(roundHalfAwayDiv(i128(v) * m, n));
}

//===----------------------------------------------------------------------===//
// Rounding of floats
//===----------------------------------------------------------------------===//

TEST(FixedPointTest, RoundFloatTiesBothSigns) {
  const RoundingMode away = RoundingMode::HalfAwayFromZero;
  const RoundingMode even = RoundingMode::HalfToEven;
  struct Case {
    float in, away, even;
  } cases[] = {{0.5f, 1, 0},
               {1.5f, 2, 2},
               {2.5f, 3, 2},
               {3.5f, 4, 4},
               {-0.5f, -1, -0},
               {-1.5f, -2, -2},
               {-2.5f, -3, -2},
               {-3.5f, -4, -4},
               {2.4f, 2, 2},
               {2.6f, 3, 3},
               {-2.4f, -2, -2},
               {-2.6f, -3, -3},
               {4194304.5f, 4194305, 4194304},
               {8388609.f, 8388609, 8388609},
               {-4194305.5f, -4194306, -4194306}};
  for (const Case &c : cases) {
    EXPECT_EQ(roundFloat(c.in, away), c.away) << c.in;
    EXPECT_EQ(roundFloat(c.in, even), c.even) << c.in;
  }
  EXPECT_TRUE(std::signbit(roundFloat(-0.3f, away)));
  EXPECT_TRUE(std::signbit(roundFloat(-0.5f, even)));
  EXPECT_TRUE(std::isnan(roundFloat(NAN, even)));
  EXPECT_EQ(roundFloat(-INFINITY, away), -INFINITY);
  EXPECT_EQ(roundFloat(3e38f, even), 3e38f);
}

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

TEST(FixedPointTest, SimulateQuantizeHandCases) {
  const RoundingMode away = RoundingMode::HalfAwayFromZero;
  const RoundingMode even = RoundingMode::HalfToEven;
  // scale 0.5, symmetric int8 [-127, 127]: v = x / 0.5.
  EXPECT_EQ(simulateQuantizeCode(0.25f, 0.5, 0, -127, 127, away), 1);
  EXPECT_EQ(simulateQuantizeCode(0.25f, 0.5, 0, -127, 127, even), 0);
  EXPECT_EQ(simulateQuantizeCode(-0.25f, 0.5, 0, -127, 127, away), -1);
  EXPECT_EQ(simulateQuantizeCode(-0.25f, 0.5, 0, -127, 127, even), 0);
  EXPECT_EQ(simulateQuantizeCode(0.75f, 0.5, 0, -127, 127, even), 2);
  EXPECT_EQ(simulateQuantize(0.25f, 0.5, 0, -127, 127, away), 0.5f);
  EXPECT_EQ(simulateQuantize(-0.25f, 0.5, 0, -127, 127, away), -0.5f);
  EXPECT_EQ(simulateQuantize(0.25f, 0.5, 0, -127, 127, even), 0.0f);
  EXPECT_EQ(simulateQuantize(0.7f, 0.5, 0, -127, 127, even), 0.5f);
  // Saturation at the clip bounds.
  EXPECT_EQ(simulateQuantize(100.f, 0.5, 0, -127, 127, away), 63.5f);
  EXPECT_EQ(simulateQuantize(-100.f, 0.5, 0, -127, 127, away), -63.5f);
  EXPECT_EQ(simulateQuantize(INFINITY, 0.5, 0, -127, 127, away), 63.5f);
  EXPECT_EQ(simulateQuantize(-INFINITY, 0.5, 0, -127, 127, away), -63.5f);
  // Zero point 10, uint8: v = x / 0.5 + 10; ties relative to v.
  EXPECT_EQ(simulateQuantizeCode(-0.25f, 0.5, 10, 0, 255, away), 10); // 9.5
  EXPECT_EQ(simulateQuantizeCode(-0.25f, 0.5, 10, 0, 255, even), 10);
  EXPECT_EQ(simulateQuantizeCode(0.25f, 0.5, 10, 0, 255, away), 11); // 10.5
  EXPECT_EQ(simulateQuantizeCode(0.25f, 0.5, 10, 0, 255, even), 10);
  EXPECT_EQ(simulateQuantize(0.25f, 0.5, 10, 0, 255, away), 0.5f);
  EXPECT_EQ(simulateQuantize(-0.25f, 0.5, 10, 0, 255, away), 0.0f);
  EXPECT_EQ(simulateQuantize(-10.f, 0.5, 10, 0, 255, away), -5.0f);
  EXPECT_EQ(simulateQuantize(200.f, 0.5, 10, 0, 255, away), 122.5f);
  // The worked example of docs/Numerics.md: scale 0.1, z = -3, int8.
  // v = float32(0.37 / float32(0.1)) - 3 = 0.7 -> q = 1, y = 4 * 0.1f.
  EXPECT_EQ(simulateQuantizeCode(0.37f, 0.1, -3, -128, 127, away), 1);
  EXPECT_EQ(simulateQuantize(0.37f, 0.1, -3, -128, 127, away), 4 * 0.1f);
  // NaN stays NaN.
  EXPECT_TRUE(std::isnan(simulateQuantizeCode(NAN, 0.5, 3, -128, 127, away)));
  EXPECT_TRUE(std::isnan(simulateQuantize(NAN, 0.5, 3, -128, 127, away)));
  // 32-bit codes: the bounds are exact integers, not float32(2^31 - 1).
  EXPECT_EQ(simulateQuantizeCode(1e30f, 1.0, 0, kI32Min, kI32Max, away),
            double(kI32Max));
  EXPECT_EQ(simulateQuantizeCode(-1e30f, 1.0, 0, kI32Min, kI32Max, away),
            double(kI32Min));
}

TEST(FixedPointTest, QuantizeToCodeHandCases) {
  const RoundingMode away = RoundingMode::HalfAwayFromZero;
  const RoundingMode even = RoundingMode::HalfToEven;
  // r32 = float32(1 / 0.5) = 2: t = x * 2.
  EXPECT_EQ(quantizeToCode(0.25f, 0.5, 0, -127, 127, away), 1);
  EXPECT_EQ(quantizeToCode(0.25f, 0.5, 0, -127, 127, even), 0);
  EXPECT_EQ(quantizeToCode(-0.25f, 0.5, 0, -127, 127, away), -1);
  EXPECT_EQ(quantizeToCode(-0.25f, 0.5, 0, -127, 127, even), 0);
  EXPECT_EQ(quantizeToCode(-0.75f, 0.5, 0, -127, 127, away), -2);
  EXPECT_EQ(quantizeToCode(-0.75f, 0.5, 0, -127, 127, even), -2);
  EXPECT_EQ(quantizeToCode(100.f, 0.5, 0, -127, 127, away), 127);
  EXPECT_EQ(quantizeToCode(-100.f, 0.5, 0, -127, 127, away), -127);
  EXPECT_EQ(quantizeToCode(INFINITY, 0.5, 0, -127, 127, away), 127);
  EXPECT_EQ(quantizeToCode(-INFINITY, 0.5, 0, -127, 127, away), -127);
  // Zero point added after rounding.
  EXPECT_EQ(quantizeToCode(0.25f, 0.5, 10, 0, 255, away), 11);
  EXPECT_EQ(quantizeToCode(-0.25f, 0.5, 10, 0, 255, away), 9);
  EXPECT_EQ(quantizeToCode(-0.25f, 0.5, 10, 0, 255, even), 10);
  EXPECT_EQ(quantizeToCode(-10.f, 0.5, 10, 0, 255, away), 0);
  EXPECT_EQ(quantizeToCode(0.37f, 0.1, -3, -128, 127, away), 1);
  // NaN -> the code of 0.0 (the zero point, clamped into the range).
  EXPECT_EQ(quantizeToCode(NAN, 0.5, 10, 0, 255, away), 10);
  EXPECT_EQ(quantizeToCode(NAN, 0.5, -5, 0, 255, away), 0);
  // 32-bit codes saturate exactly.
  EXPECT_EQ(quantizeToCode(1e30f, 1.0, 0, kI32Min, kI32Max, away), kI32Max);
  EXPECT_EQ(quantizeToCode(-1e30f, 1.0, 0, kI32Min, kI32Max, away), kI32Min);
  EXPECT_EQ(quantizeToCode(16777216.f, 1.0, 5, kI32Min, kI32Max, away),
            16777221);
}

// Simulate (decision 1) and realize (decision 2) can differ by one code at
// ties, for two reasons; both examples are in docs/Numerics.md.
TEST(FixedPointTest, SimulateVsRealizeTieExamples) {
  const RoundingMode away = RoundingMode::HalfAwayFromZero;
  // (a) A tie relative to the zero point: simulate rounds v = -0.5 + 1 = 0.5
  // to 1, realize rounds -0.5 to -1 and adds 1.
  EXPECT_EQ(simulateQuantizeCode(-0.25f, 0.5, 1, -128, 127, away), 1);
  EXPECT_EQ(quantizeToCode(-0.25f, 0.5, 1, -128, 127, away), 0);
  // (b) Division by float32(scale) vs multiplication by float32(1 / scale):
  // scale 0.1, x = 0.65f = 0.649999976: x / 0.1f = 6.49999952 -> 6, but
  // x * 10 = 6.49999976 rounds to the float32 6.5 -> 7.
  EXPECT_EQ(0.65f / static_cast<float>(0.1), 6.49999952f);
  EXPECT_EQ(0.65f * static_cast<float>(1.0 / 0.1), 6.5f);
  EXPECT_EQ(simulateQuantizeCode(0.65f, 0.1, 0, -128, 127, away), 6);
  EXPECT_EQ(quantizeToCode(0.65f, 0.1, 0, -128, 127, away), 7);
  // ... and the other way: scale 0.02, x = 0.53f: x / 0.02f = 26.5 -> 27,
  // x * 50 = 26.4999981 -> 26.
  EXPECT_EQ(simulateQuantizeCode(0.53f, 0.02, 0, -128, 127, away), 27);
  EXPECT_EQ(quantizeToCode(0.53f, 0.02, 0, -128, 127, away), 26);
}

TEST(FixedPointTest, SimulateVsRealizeWithinOneCode) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> logScale(-12, 4), unit(-1, 1);
  std::uniform_int_distribution<int> zp(-20, 20), pick(0, 3);
  const RoundingMode modes[] = {RoundingMode::HalfAwayFromZero,
                                RoundingMode::HalfToEven};
  int differ = 0;
  for (int i = 0; i < 200000; ++i) {
    const double scale = std::exp2(logScale(rng));
    const int64_t z = zp(rng);
    // Mostly near ties: x = (k + 1/2) * scale in float32.
    const double codes = 140 * unit(rng);
    const double k = pick(rng) ? std::floor(codes) + 0.5 : codes;
    const float x = static_cast<float>(k * scale);
    for (RoundingMode mode : modes) {
      const double q1 = simulateQuantizeCode(x, scale, z, -128, 127, mode);
      const int64_t q2 = quantizeToCode(x, scale, z, -128, 127, mode);
      ASSERT_LE(std::fabs(q1 - double(q2)), 1.0)
          << "x=" << x << " scale=" << scale << " z=" << z;
      differ += q1 != double(q2);
      // simulateQuantize is the dequantized simulated code.
      ASSERT_EQ(simulateQuantize(x, scale, z, -128, 127, mode),
                dequantize(int64_t(q1), scale, z));
    }
  }
  EXPECT_GT(differ, 0);
}

TEST(FixedPointTest, Dequantize) {
  EXPECT_EQ(dequantize(-128, 0.1, -128), 0.0f);
  EXPECT_EQ(dequantize(127, 0.1, -128), 255.0f * 0.1f);
  EXPECT_EQ(dequantize(-127, 0.5, 0), -63.5f);
  EXPECT_EQ(dequantize(3, 0.25, 1), 0.5f);
  // q - z is rounded to float32 (nearest even) before the multiply.
  EXPECT_EQ(dequantize(kI32Max, 1.0, 0), 2147483648.0f);
  EXPECT_EQ(dequantize(16777217, 1.0, 0), 16777216.0f);
}

TEST(FixedPointTest, QuantizeBias48) {
  // 1.0 / (2^-20 * 2^-20) = 2^40: too big for int32, fits int48.
  EXPECT_EQ(*quantizeBias(1.0, 0x1p-20, 0x1p-20, 48), int64_t(1) << 40);
  EXPECT_EQ(*quantizeBias(-1.0, 0x1p-20, 0x1p-20, 48), -(int64_t(1) << 40));
  EXPECT_EQ(errorMessage(quantizeBias(1.0, 0x1p-20, 0x1p-20)),
            "quantized bias 1 / (9.53674316e-07 * 9.53674316e-07) = "
            "1.09951163e+12 does not fit int32");
  // int48 boundaries at accumulator scale 1: 2^47 - 1 fits, 2^47 does not.
  EXPECT_EQ(*quantizeBias(140737488355327.0, 1.0, 1.0, 48),
            (int64_t(1) << 47) - 1);
  EXPECT_EQ(*quantizeBias(-140737488355328.0, 1.0, 1.0, 48),
            -(int64_t(1) << 47));
  EXPECT_EQ(errorMessage(quantizeBias(140737488355328.0, 1.0, 1.0, 48)),
            "quantized bias 1.40737488e+14 / (1 * 1) = 1.40737488e+14 does "
            "not fit int48");
  // Ties away from zero, as in int32.
  EXPECT_EQ(*quantizeBias(-0.3125, 0.5, 0.25, 48), -3);
}

TEST(FixedPointTest, AccumulatorNarrowing) {
  // The smallest k with floor(bound / 2^k) + 1 <= 2^31 - 1.
  EXPECT_EQ(getAccumulatorNarrowingShift(0), 0u);
  EXPECT_EQ(getAccumulatorNarrowingShift(kI32Max - 1), 0u);
  EXPECT_EQ(getAccumulatorNarrowingShift(kI32Max), 1u);
  EXPECT_EQ(getAccumulatorNarrowingShift(int64_t(600) * 32767 * 127), 1u);
  EXPECT_EQ(getAccumulatorNarrowingShift(int64_t(1) << 40), 10u);
  // k = 0 is exact; k = 1 halves with ties rounded up (TOSA's
  // apply_scale_16 with multiplier 2^14 and shift 15).
  EXPECT_EQ(narrowAccumulator48(123456789, 0), 123456789);
  EXPECT_EQ(narrowAccumulator48(-123456789, 0), -123456789);
  EXPECT_EQ(narrowAccumulator48(7, 1), 4);   // 3.5
  EXPECT_EQ(narrowAccumulator48(-7, 1), -3); // -3.5
  EXPECT_EQ(narrowAccumulator48(-8, 1), -4);
  EXPECT_EQ(narrowAccumulator48(int64_t(1) << 40, 10), 1 << 30);
  // Saturation to int32 when the shift is too small for the value.
  EXPECT_EQ(narrowAccumulator48(int64_t(1) << 40, 0), kI32Max);
  EXPECT_EQ(narrowAccumulator48(-(int64_t(1) << 40), 0), kI32Min);
}

TEST(FixedPointTest, QuantizeBias) {
  // Accumulator scale 0.5 * 0.25 = 0.125 (exact): ties both signs.
  EXPECT_EQ(*quantizeBias(0.3125, 0.5, 0.25), 3);   // 2.5
  EXPECT_EQ(*quantizeBias(-0.3125, 0.5, 0.25), -3); // -2.5
  EXPECT_EQ(*quantizeBias(0.1875, 0.5, 0.25), 2);   // 1.5
  EXPECT_EQ(*quantizeBias(-0.1875, 0.5, 0.25), -2); // -1.5
  EXPECT_EQ(*quantizeBias(0.0, 0.5, 0.25), 0);
  EXPECT_EQ(*quantizeBias(0.3, 0.1, 0.05), 60);
  EXPECT_EQ(*quantizeBias(-1.0, 0.02, 0.003), -16667);
  // int32 boundaries at accumulator scale 1/8.
  EXPECT_EQ(*quantizeBias(2147483647.0 / 8, 0.5, 0.25), kI32Max);
  EXPECT_EQ(*quantizeBias(-2147483648.0 / 8, 0.5, 0.25), kI32Min);
  EXPECT_EQ(*quantizeBias(2147483646.5 / 8, 0.5, 0.25), kI32Max);
  EXPECT_EQ(errorMessage(quantizeBias(2147483647.5 / 8, 0.5, 0.25)),
            "quantized bias 268435456 / (0.5 * 0.25) = 2.14748365e+09 does "
            "not fit int32");
  EXPECT_EQ(errorMessage(quantizeBias(-2147483649.0 / 8, 0.5, 0.25)),
            "quantized bias -268435456 / (0.5 * 0.25) = -2.14748365e+09 does "
            "not fit int32");
  EXPECT_EQ(errorMessage(quantizeBias(1e10, 0.1, 0.01)),
            "quantized bias 1e+10 / (0.1 * 0.01) = 1e+13 does not fit int32");
  EXPECT_EQ(errorMessage(quantizeBias(NAN, 0.1, 0.01)),
            "cannot quantize a non-finite bias (nan)");
  EXPECT_EQ(errorMessage(quantizeBias(-INFINITY, 0.1, 0.01)),
            "cannot quantize a non-finite bias (-inf)");
  EXPECT_EQ(errorMessage(quantizeBias(1.0, 0.0, 0.01)),
            "bias quantization needs finite positive scales, got input scale "
            "0 and weight scale 0.01");
  EXPECT_EQ(errorMessage(quantizeBias(1.0, 0.1, NAN)),
            "bias quantization needs finite positive scales, got input scale "
            "0.1 and weight scale nan");
  EXPECT_EQ(errorMessage(quantizeBias(1.0, 1e-200, 1e-200)),
            "the accumulator scale 1e-200 * 1e-200 is not a finite positive "
            "double");
}

//===----------------------------------------------------------------------===//
// Multiplier and shift
//===----------------------------------------------------------------------===//

TEST(FixedPointTest, RequantRoundingNames) {
  for (RequantRounding r : {RequantRounding::Upward, RequantRounding::ToNearest,
                            RequantRounding::Double})
    EXPECT_EQ(parseRequantRounding(getRequantRoundingName(r)), r);
  EXPECT_EQ(getRequantRoundingName(RequantRounding::Upward), "upward");
  EXPECT_EQ(getRequantRoundingName(RequantRounding::ToNearest), "tonearest");
  EXPECT_EQ(getRequantRoundingName(RequantRounding::Double), "double");
  EXPECT_EQ(parseRequantRounding("UPWARD"), std::nullopt);
  EXPECT_EQ(parseRequantRounding("nearest"), std::nullopt);
  EXPECT_EQ(parseRequantRounding(""), std::nullopt);
}

TEST(FixedPointTest, MultiplierHandCases) {
  struct Case {
    double ratio;
    int32_t multiplier, shift;
  } cases[] = {{0.25, kPow30, 32},
               {0.5, kPow30, 31},
               {0.75, 1610612736, 31},
               {1.0, kPow30, 30},
               {2.0, kPow30, 29},
               {3.0, 1610612736, 29},
               {0.0015, 1649267442, 40},
               {0x1p-32, kPow30, 62},
               {kMinRequantRatio, kPow30, 62},
               {0x1p28, kPow30, 2},
               {std::nextafter(kMaxRequantRatio, 0.0), kI32Max, 2},
               // M ties (mantissa * 2^31 = k + 1/2) round away from zero.
               {(kPow30 + 0.5) / 0x1p31, kPow30 + 1, 31},
               {(1610612736.5) / 0x1p35, 1610612737, 35}};
  for (const Case &c : cases) {
    FixedPointMultiplier m = multiplierOf(c.ratio);
    EXPECT_EQ(m.multiplier, c.multiplier) << c.ratio;
    EXPECT_EQ(m.shift, c.shift) << c.ratio;
  }
  FixedPointMultiplier quarter = multiplierOf(0.25);
  EXPECT_TRUE(quarter.isPowerOfTwo());
  EXPECT_EQ(quarter.getValue(), 0.25);
  EXPECT_EQ(quarter.getExponent(), -1);
  EXPECT_FALSE(multiplierOf(0.75).isPowerOfTwo());
  EXPECT_EQ(multiplierOf(0.0015).getValue(), 1649267442 * 0x1p-40);
  // Every power of two in range is M = 2^30: a pure rounding shift.
  for (int k = -32; k <= 28; ++k) {
    FixedPointMultiplier m = multiplierOf(std::ldexp(1.0, k));
    EXPECT_TRUE(m.isPowerOfTwo()) << k;
    EXPECT_EQ(m.shift, 30 - k);
  }
}

TEST(FixedPointTest, MultiplierErrors) {
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(0.0)),
            "requantization ratio must be finite and positive, got 0");
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(-0.5)),
            "requantization ratio must be finite and positive, got -0.5");
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(NAN)),
            "requantization ratio must be finite and positive, got nan");
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(INFINITY)),
            "requantization ratio must be finite and positive, got inf");
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(0x1p29)),
            "requantization ratio 536870912 is too large for a 32-bit "
            "fixed-point multiplier (shift 1 < 2); it must be below 2^29 - "
            "2^-3");
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(kMaxRequantRatio)),
            "requantization ratio 536870912 is too large for a 32-bit "
            "fixed-point multiplier (shift 1 < 2); it must be below 2^29 - "
            "2^-3");
  EXPECT_EQ(errorMessage(computeFixedPointMultiplier(1e-12)),
            "requantization ratio 1e-12 is too small for a 32-bit fixed-point "
            "multiplier (shift 70 > 62); it must be at least 2^-32 - 2^-64, "
            "below that every int32 value rescales to 0");
  EXPECT_NE(errorMessage(computeFixedPointMultiplier(
                std::nextafter(kMinRequantRatio, 0.0))),
            "<success>");
  EXPECT_NE(errorMessage(computeFixedPointMultiplier(1e-300)), "<success>");
  EXPECT_NE(errorMessage(computeFixedPointMultiplier(4.9e-324)), "<success>");
  EXPECT_NE(errorMessage(computeFixedPointMultiplier(1e300)), "<success>");
}

void expectSameAsUpstream(double ratio) {
  int32_t m = 0, s = 0;
  const bool ok = mlir::tosa::computeMultiplierAndShift(ratio, m, s, 32);
  Expected<FixedPointMultiplier> ours = computeFixedPointMultiplier(ratio);
  ASSERT_TRUE(ok) << ratio;
  ASSERT_TRUE(bool(ours)) << ratio << ": " << llvm::toString(ours.takeError());
  ASSERT_EQ(ours->multiplier, m) << ratio;
  ASSERT_EQ(ours->shift, s) << ratio;
}

TEST(FixedPointTest, MultiplierAgreesWithUpstream) {
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> logRatio(-32.0, 29.0);
  int tested = 0;
  for (int i = 0; i < 200000; ++i) {
    const double ratio = std::exp2(logRatio(rng));
    if (ratio < kMinRequantRatio || ratio >= kMaxRequantRatio)
      continue;
    expectSameAsUpstream(ratio);
    ++tested;
  }
  EXPECT_GE(tested, 199990);
  // Edges and M ties.
  for (double ratio :
       {kMinRequantRatio, 0x1p-32, std::nextafter(0x1p-32, 1.0),
        std::nextafter(0x1p-31, 0.0), 0x1p-31, 0.25, 0.5, 1.0, 3.0, 0x1p28,
        std::nextafter(kMaxRequantRatio, 0.0), (kPow30 + 0.5) / 0x1p31,
        (2147483646.5) / 0x1p40, (2147483647.5) / 0x1p33})
    expectSameAsUpstream(ratio);
  for (int k = -32; k <= 28; ++k)
    expectSameAsUpstream(std::ldexp(1.0, k));

  // Where we refuse: upstream returns false above, and loses precision
  // below (multiplier shifted right to keep shift 62).
  int32_t m = 0, s = 0;
  EXPECT_FALSE(
      mlir::tosa::computeMultiplierAndShift(kMaxRequantRatio, m, s, 32));
  EXPECT_TRUE(mlir::tosa::computeMultiplierAndShift(
      std::nextafter(kMinRequantRatio, 0.0), m, s, 32));
  EXPECT_EQ(m, kPow30 - 1);
  EXPECT_EQ(s, 62);
  EXPECT_TRUE(mlir::tosa::computeMultiplierAndShift(1e-12, m, s, 32));
  EXPECT_EQ(m, 4611686);
  EXPECT_EQ(s, 62);
}

//===----------------------------------------------------------------------===//
// apply_scale_32 and the rounding modes
//===----------------------------------------------------------------------===//

TEST(FixedPointTest, ApplyScale32HandCases) {
  // ratio 0.5 = 2^30 * 2^-31: ties go toward +inf.
  EXPECT_EQ(applyScale32(5, kPow30, 31, false), 3);   // 2.5
  EXPECT_EQ(applyScale32(-5, kPow30, 31, false), -2); // -2.5
  EXPECT_EQ(applyScale32(-3, kPow30, 31, false), -1); // -1.5
  EXPECT_EQ(applyScale32(-3, kPow30, 31, true), -1);  // shift <= 31: single
  EXPECT_EQ(applyScale32(4, kPow30, 31, false), 2);
  // ratio 0.25 = 2^30 * 2^-32: double rounding adds +-2^30.
  EXPECT_EQ(applyScale32(1, kPow30, 32, false), 0);  // 0.25
  EXPECT_EQ(applyScale32(1, kPow30, 32, true), 1);   // 0.25 -> 0.5 -> 1
  EXPECT_EQ(applyScale32(-1, kPow30, 32, true), 0);  // -0.25
  EXPECT_EQ(applyScale32(-2, kPow30, 32, false), 0); // -0.5
  EXPECT_EQ(applyScale32(-2, kPow30, 32, true), -1);
  EXPECT_EQ(applyScale32(-6, kPow30, 32, false), -1); // -1.5
  EXPECT_EQ(applyScale32(-6, kPow30, 32, true), -2);
  EXPECT_EQ(applyScale32(6, kPow30, 32, true), 2);
  // ratio 3 = 1610612736 * 2^-29.
  EXPECT_EQ(applyScale32(-7, 1610612736, 29, false), -21);
  // Extremes: no int64 overflow inside, low 32 bits of the result.
  EXPECT_EQ(applyScale32(kI32Min, kI32Max, 62, true), -1);
  EXPECT_EQ(applyScale32(kI32Min, kPow30, 30, false), kI32Min);
  EXPECT_EQ(applyScale32(kI32Max, kPow30, 30, false), kI32Max);
  EXPECT_EQ(applyScale32(kI32Max, kPow30, 29, false), -2); // 2^32 - 2 wraps
  EXPECT_EQ(applyScale32(1000, 0, 40, false), 0);
}

TEST(FixedPointTest, ApplyScale32Matches128BitReference) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int32_t> anyI32(kI32Min, kI32Max);
  std::uniform_int_distribution<int32_t> smallI32(-70000, 70000);
  std::uniform_int_distribution<int32_t> mult(0, kI32Max),
      normMult(kPow30, kI32Max);
  std::uniform_int_distribution<int32_t> shift(2, 62);
  std::uniform_int_distribution<int> coin(0, 3);
  int64_t singleDoubleDiffer = 0;
  for (int i = 0; i < 1000000; ++i) {
    const int32_t v = coin(rng) ? anyI32(rng) : smallI32(rng);
    const int32_t m = coin(rng) ? normMult(rng) : mult(rng);
    const int32_t n = shift(rng);
    const int32_t single = applyScale32(v, m, n, false);
    const int32_t dbl = applyScale32(v, m, n, true);
    ASSERT_EQ(single, referenceApplyScale32(v, m, n, false))
        << v << " " << m << " " << n;
    ASSERT_EQ(dbl, referenceApplyScale32(v, m, n, true))
        << v << " " << m << " " << n;
    ASSERT_EQ(applyRequantScale(v, {m, n}, RequantRounding::ToNearest),
              referenceToNearest(v, m, n))
        << v << " " << m << " " << n;
    singleDoubleDiffer += single != dbl;
  }
  EXPECT_GT(singleDoubleDiffer, 0);
  // Exact ties in every mode: v * 2^30 / 2^n = k + 1/2.
  for (int32_t n = 31; n <= 40; ++n)
    for (int32_t k = -20; k <= 20; ++k) {
      const int32_t v = (2 * k + 1) * (1 << (n - 31)); // (k + 1/2) 2^(n-30)
      ASSERT_EQ(applyScale32(v, kPow30, n, false), k + 1);
      // Double rounding acts only for shift > 31.
      ASSERT_EQ(applyScale32(v, kPow30, n, true), v > 0 || n == 31 ? k + 1 : k);
      ASSERT_EQ(applyRequantScale(v, {kPow30, n}, RequantRounding::ToNearest),
                v > 0 ? k + 1 : k);
    }
}

// The worked examples of docs/Numerics.md, "Rounding modes".
TEST(FixedPointTest, RoundingModeWorkedExamples) {
  const RequantRounding up = RequantRounding::Upward;
  const RequantRounding near = RequantRounding::ToNearest;
  const RequantRounding dbl = RequantRounding::Double;
  struct Case {
    int32_t v;
    double ratio;
    int32_t upward, tonearest, doubleRound;
  } cases[] = {
      {-3, 0.5, -1, -2, -1},   // -1.5: shift 31, double = single
      {3, 0.5, 2, 2, 2},       // 1.5
      {-5, 0.5, -2, -3, -2},   // -2.5
      {1, 0.25, 0, 0, 1},      // 0.25: double rounding 0.25 -> 0.5 -> 1
      {-1, 0.25, 0, 0, 0},     // -0.25
      {-2, 0.25, 0, -1, -1},   // -0.5
      {-6, 0.25, -1, -2, -2},  // -1.5
      {6, 0.25, 2, 2, 2},      // 1.5
      {3, 0.25, 1, 1, 1},      // 0.75
      {-3, 0.125, 0, 0, 0},    // -0.375
      {3, 0.125, 0, 0, 1},     // 0.375 -> 0.75 -> 1
      {1000, 0.0015, 2, 2, 2}, // 1.5000000003 (M rounds up)
      {-1000, 0.0015, -2, -2, -2},
  };
  for (const Case &c : cases) {
    EXPECT_EQ(scaled(c.v, c.ratio, up), c.upward) << c.v << " " << c.ratio;
    EXPECT_EQ(scaled(c.v, c.ratio, near), c.tonearest) << c.v << " " << c.ratio;
    EXPECT_EQ(scaled(c.v, c.ratio, dbl), c.doubleRound)
        << c.v << " " << c.ratio;
  }
}

// upward and tonearest differ only at negative exact ties, where double
// equals tonearest (shift > 31) or upward (shift <= 31): no input gets three
// different results.
TEST(FixedPointTest, NeverThreeDifferentResults) {
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int32_t> v(-5000, 5000);
  std::uniform_int_distribution<int32_t> mult(kPow30, kI32Max);
  std::uniform_int_distribution<int32_t> shift(30, 36);
  std::uniform_int_distribution<int> coin(0, 1);
  int upNear = 0, upDouble = 0;
  for (int i = 0; i < 500000; ++i) {
    const int32_t x = v(rng);
    const FixedPointMultiplier m{coin(rng) ? kPow30 : mult(rng), shift(rng)};
    const int32_t a = applyRequantScale(x, m, RequantRounding::Upward);
    const int32_t b = applyRequantScale(x, m, RequantRounding::ToNearest);
    const int32_t c = applyRequantScale(x, m, RequantRounding::Double);
    ASSERT_TRUE(a == b || a == c || b == c) << x;
    ASSERT_LE(std::abs(a - b), 1);
    ASSERT_LE(std::abs(a - c), 1);
    upNear += a != b;
    upDouble += a != c;
  }
  EXPECT_GT(upNear, 0);
  EXPECT_GT(upDouble, 0);
}

TEST(FixedPointTest, RequantizeWholeRescale) {
  const RequantRounding up = RequantRounding::Upward;
  const RequantRounding near = RequantRounding::ToNearest;
  const RequantRounding dbl = RequantRounding::Double;
  const FixedPointMultiplier half = multiplierOf(0.5);
  // int8 -> int8 with zero points: v = -2 - 3 = -5, v * 0.5 = -2.5.
  EXPECT_EQ(requantize(-2, 3, half, up, -1, -128, 127), -3);
  EXPECT_EQ(requantize(-2, 3, half, near, -1, -128, 127), -4);
  EXPECT_EQ(requantize(-2, 3, half, dbl, -1, -128, 127), -3);
  // Saturation to the output type.
  const FixedPointMultiplier two = multiplierOf(2.0);
  EXPECT_EQ(requantize(127, -128, two, up, 0, -128, 127), 127);  // 510
  EXPECT_EQ(requantize(-128, 127, two, up, 0, -128, 127), -128); // -510
  EXPECT_EQ(requantize(60, 0, two, up, 5, -128, 127), 125);
  EXPECT_EQ(requantize(60, 0, two, up, 10, -128, 127), 127);
  // uint8 output, zero point 128.
  EXPECT_EQ(requantize(-300, 0, half, up, 128, 0, 255), 0);
  EXPECT_EQ(requantize(-255, 0, half, up, 128, 0, 255), 1); // -127.5 -> -127
  EXPECT_EQ(requantize(-255, 0, half, near, 128, 0, 255), 0);
  // int32 accumulator -> int8 (the int8 conv example: 1000 * 0.0015 + -128).
  const FixedPointMultiplier acc = multiplierOf(0.0015);
  EXPECT_EQ(requantize(1000, 0, acc, up, -128, -128, 127), -126);
  EXPECT_EQ(requantize(100000, 0, acc, up, -128, -128, 127), 22);
  EXPECT_EQ(requantize(kI32Max, 0, acc, dbl, 0, -128, 127), 127);
  EXPECT_EQ(requantize(kI32Min, 0, acc, dbl, 0, -128, 127), -128);
  // |INT32_MIN| in tonearest.
  EXPECT_EQ(requantize(kI32Min, 0, half, near, 0, kI32Min, kI32Max),
            -(int64_t(1) << 30));
  EXPECT_EQ(requantize(kI32Min + 1, 0, half, near, 0, kI32Min, kI32Max),
            -(int64_t(1) << 30));
  EXPECT_EQ(requantize(kI32Min + 1, 0, half, up, 0, kI32Min, kI32Max),
            -(int64_t(1) << 30) + 1);
  // Smallest ratio: only |v| = 2^31 reaches a tie.
  const FixedPointMultiplier tiny = multiplierOf(0x1p-32);
  EXPECT_EQ(requantize(kI32Max, 0, tiny, up, 0, kI32Min, kI32Max), 0);
  EXPECT_EQ(requantize(kI32Min, 0, tiny, up, 0, kI32Min, kI32Max), 0);
  EXPECT_EQ(requantize(kI32Min, 0, tiny, near, 0, kI32Min, kI32Max), -1);
  EXPECT_EQ(requantize(kI32Min, 0, tiny, dbl, 0, kI32Min, kI32Max), -1);
}

//===----------------------------------------------------------------------===//
// TVM and TFLite reference functions
//===----------------------------------------------------------------------===//

TEST(FixedPointTest, TvmGetFixedPointMultiplierShift) {
  EXPECT_EQ(tvmGetFixedPointMultiplierShift(0.0), std::make_pair(0, 0));
  EXPECT_EQ(tvmGetFixedPointMultiplierShift(0.25), std::make_pair(kPow30, -1));
  EXPECT_EQ(tvmGetFixedPointMultiplierShift(3.0),
            std::make_pair(1610612736, 2));
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> logRatio(-32.0, 29.0);
  for (int i = 0; i < 100000; ++i) {
    const double ratio = std::exp2(logRatio(rng));
    if (ratio < kMinRequantRatio || ratio >= kMaxRequantRatio)
      continue;
    const FixedPointMultiplier m = multiplierOf(ratio);
    ASSERT_EQ(tvmGetFixedPointMultiplierShift(ratio),
              std::make_pair(m.multiplier, m.getExponent()));
  }
}

/// Does TVM's int64 product (x << max(e, 0)) * m overflow?
bool tvmOverflows(int32_t x, int32_t m, int32_t e) {
  const i128 p = i128(x) * (i128(1) << (e > 0 ? e : 0)) * m;
  return p > i128(std::numeric_limits<int64_t>::max()) / 2 ||
         p < i128(std::numeric_limits<int64_t>::min()) / 2;
}

TEST(FixedPointTest, TvmFixedPointMultiplyEqualsApplyScale32) {
  // Hand cases: UPWARD ties toward +inf, TONEAREST away from zero.
  EXPECT_EQ(tvmFixedPointMultiply(-5, kPow30, 0), -2); // shortcut, -2.5
  EXPECT_EQ(tvmFixedPointMultiply(5, kPow30, 0), 3);
  EXPECT_EQ(tvmFixedPointMultiply(-5, kPow30, 3), -20);    // shortcut, << 2
  EXPECT_EQ(tvmFixedPointMultiply(-5, kPow30, 1), -5);     // ratio 1
  EXPECT_EQ(tvmFixedPointMultiply(-3, 1610612736, 0), -2); // -2.25
  EXPECT_EQ(tvmFixedPointMultiplyToNearest(-5, kPow30, 0), -3);
  EXPECT_EQ(tvmFixedPointMultiplyToNearest(5, kPow30, 0), 3);
  EXPECT_EQ(tvmFixedPointMultiplyToNearest(-2, kPow30, -1), -1);
  EXPECT_EQ(tvmFixedPointMultiply(-2, kPow30, -1), 0);

  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> logRatio(-32.0, 29.0);
  std::uniform_int_distribution<int32_t> anyI32(kI32Min, kI32Max);
  std::uniform_int_distribution<int32_t> smallI32(-3000, 3000);
  std::uniform_int_distribution<int> coin(0, 3);
  int compared = 0, shortcut = 0;
  for (int i = 0; i < 300000; ++i) {
    double ratio = std::exp2(logRatio(rng));
    if (coin(rng) == 0)
      ratio = std::exp2(std::round(std::log2(ratio)));
    if (ratio < kMinRequantRatio || ratio >= kMaxRequantRatio)
      continue;
    const FixedPointMultiplier m = multiplierOf(ratio);
    const int32_t e = m.getExponent();
    const int32_t x = coin(rng) ? smallI32(rng) : anyI32(rng);
    if (tvmOverflows(x, m.multiplier, e))
      continue;
    ++compared;
    shortcut += m.isPowerOfTwo();
    ASSERT_EQ(tvmFixedPointMultiply(x, m.multiplier, e),
              applyScale32(x, m.multiplier, m.shift, false))
        << x << " " << ratio;
    ASSERT_EQ(tvmFixedPointMultiplyToNearest(x, m.multiplier, e),
              applyRequantScale(x, m, RequantRounding::ToNearest))
        << x << " " << ratio;
  }
  EXPECT_GT(compared, 200000);
  EXPECT_GT(shortcut, 50000);
}

TEST(FixedPointTest, TvmShiftRescale) {
  EXPECT_EQ(tvmShiftRescale(5, 1, true), 3);    // 2.5 -> 3
  EXPECT_EQ(tvmShiftRescale(-5, 1, true), -2);  // -2.5 -> -2
  EXPECT_EQ(tvmShiftRescale(-6, 2, true), -1);  // -1.5 -> -1
  EXPECT_EQ(tvmShiftRescale(-7, 2, true), -2);  // -1.75
  EXPECT_EQ(tvmShiftRescale(-5, 1, false), -3); // floor
  EXPECT_EQ(tvmShiftRescale(5, 1, false), 2);
  EXPECT_EQ(tvmShiftRescale(5, -3, true), 40);
  EXPECT_EQ(tvmShiftRescale(-5, -3, false), -40);
  // int32 wraparound in TVM's add: differs from apply_scale_32 only there.
  EXPECT_EQ(tvmShiftRescale(kI32Max, 1, true), -(1 << 30));
  EXPECT_EQ(applyScale32(kI32Max, kPow30, 31, false), 1 << 30);

  std::mt19937_64 rng(13);
  std::uniform_int_distribution<int32_t> anyI32(kI32Min, kI32Max);
  std::uniform_int_distribution<int32_t> k(1, 31);
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = anyI32(rng);
    const int32_t bits = k(rng);
    if (int64_t(x) + (int64_t(1) << (bits - 1)) > kI32Max)
      continue;
    ASSERT_EQ(tvmShiftRescale(x, bits, true),
              applyScale32(x, kPow30, 30 + bits, false));
    ASSERT_EQ(tvmShiftRescale(x, bits, false),
              low32(floorDiv(x, i128(1) << bits)));
  }
}

TEST(FixedPointTest, TfliteMatchesDoubleRound) {
  EXPECT_EQ(tfliteMultiplyByQuantizedMultiplier(1, kPow30, -1), 1);
  EXPECT_EQ(tfliteMultiplyByQuantizedMultiplier(-2, kPow30, -1), -1);
  EXPECT_EQ(tfliteMultiplyByQuantizedMultiplier(-3, kPow30, 0), -1);
  EXPECT_EQ(tfliteMultiplyByQuantizedMultiplier(3, 1610612736, 2), 9);

  std::mt19937_64 rng(17);
  std::uniform_int_distribution<int32_t> anyI32(kI32Min, kI32Max);
  std::uniform_int_distribution<int32_t> smallI32(-100000, 100000);
  std::uniform_int_distribution<int32_t> mult(kPow30, kI32Max);
  std::uniform_int_distribution<int32_t> shift(2, 62);
  std::uniform_int_distribution<int> coin(0, 3);
  int compared = 0;
  for (int i = 0; i < 500000; ++i) {
    const int32_t x = coin(rng) ? anyI32(rng) : smallI32(rng);
    const int32_t m = coin(rng) ? mult(rng) : kPow30;
    const int32_t n = shift(rng);
    const int32_t e = 31 - n;
    if (e > 0 && i128(x) * (i128(1) << e) != i128(int32_t(uint32_t(x) << e)))
      continue; // TFLite's int32 left shift overflows
    ++compared;
    ASSERT_EQ(tfliteMultiplyByQuantizedMultiplier(x, m, e),
              applyScale32(x, m, n, true))
        << x << " " << m << " " << n;
  }
  EXPECT_GT(compared, 200000);
}

} // namespace

// TOSA avg_pool2d's division, values computed by hand from the formula:
// count 4: k = 2, M = (2^30 + 1) * 4 / 4 = 1073741825, n = 32;
// count 9: k = 4, M = floor((2^30 + 1) * 16 / 9) = 1908874355, n = 34.
TEST(FixedPointTest, TosaAveragePoolDivide) {
  // 10 * 1073741825 + 2^31 = 12884901898 -> >> 32 = 3.
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(10, 4), 3);
  // -10737418250 + 2^31 = -8589934602 -> floor(-2.0000000005) = -3.
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(-10, 4), -3);
  // -6442450950 + 2^31 = -4294967302 -> floor(-1.0000000014) = -2.
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(-6, 4), -2);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(6, 4), 2);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(7, 9), 1);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(4, 9), 0);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(-5, 9), -1);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(-4, 9), 0);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(127 * 9, 9), 127);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(-128 * 9, 9), -128);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(5, 1), 5);
  EXPECT_EQ(autoquant::tosaAveragePoolDivide(-3, 2), -2);
}

// TVM's 8-bit bias, by hand: s_b = 2^-8, accumulator 2^-12 (ratio 16).
TEST(FixedPointTest, QuantizeBias8) {
  auto up = autoquant::RequantRounding::Upward;
  // round(0.3 * 256) = 77 -> 77 * 16 = 1232.
  auto b = autoquant::quantizeBias8(0.3, 0x1p-8, 0x1p-12, up);
  ASSERT_TRUE(static_cast<bool>(b));
  EXPECT_EQ(*b, 1232);
  // round(-0.01 * 256) = round(-2.56) = -3 -> -48.
  b = autoquant::quantizeBias8(-0.01, 0x1p-8, 0x1p-12, up);
  ASSERT_TRUE(static_cast<bool>(b));
  EXPECT_EQ(*b, -48);
  // Saturates at 127 codes: 1.0 * 256 -> 127 -> 2032.
  b = autoquant::quantizeBias8(1.0, 0x1p-8, 0x1p-12, up);
  ASSERT_TRUE(static_cast<bool>(b));
  EXPECT_EQ(*b, 2032);
  // Ratio 1/4 with a tie: code 2 -> 0.5 -> upward 1, tonearest 1;
  // code -2 -> -0.5 -> upward 0, tonearest -1.
  EXPECT_EQ(*autoquant::quantizeBias8(2 * 0x1p-8, 0x1p-8, 0x1p-6, up), 1);
  EXPECT_EQ(*autoquant::quantizeBias8(-2 * 0x1p-8, 0x1p-8, 0x1p-6, up), 0);
  EXPECT_EQ(*autoquant::quantizeBias8(-2 * 0x1p-8, 0x1p-8, 0x1p-6,
                                      autoquant::RequantRounding::ToNearest),
            -1);
  EXPECT_FALSE(
      static_cast<bool>(autoquant::quantizeBias8(NAN, 0x1p-8, 0x1p-12, up)));
  llvm::consumeError(
      autoquant::quantizeBias8(NAN, 0x1p-8, 0x1p-12, up).takeError());
}

// log2 weights, by hand: K = round(16 * log2 0.5) = -16; 8 bits: L = 127
// levels, k in [-142, -16], code = k + 143.
TEST(FixedPointTest, Log2Weights) {
  EXPECT_EQ(autoquant::log2MaxExponent(0.5f), -16);
  EXPECT_EQ(autoquant::log2MaxExponent(1.0f), 0);
  // 16 * log2(0.1) = -53.15 -> -53 -> code 90, negative.
  EXPECT_EQ(autoquant::log2QuantizeCode(-0.1f, -16, 8), -90);
  EXPECT_EQ(autoquant::log2QuantizeCode(0.5f, -16, 8), 127);
  // 16 * log2(0.3) = -27.79 -> -28 -> 115; value 2^(-28/16).
  EXPECT_EQ(autoquant::log2QuantizeCode(0.3f, -16, 8), 115);
  EXPECT_FLOAT_EQ(autoquant::log2Dequantize(115, -16, 8),
                  static_cast<float>(std::exp2(-28.0 / 16)));
  // Above the largest exponent: clipped to it.
  EXPECT_EQ(autoquant::log2QuantizeCode(4.0f, -16, 8), 127);
  // 16 * log2(0.001) = -159.5 < -142: flushed; zero and NaN are 0.
  EXPECT_EQ(autoquant::log2QuantizeCode(0.001f, -16, 8), 0);
  EXPECT_EQ(autoquant::log2QuantizeCode(0.0f, -16, 8), 0);
  EXPECT_EQ(autoquant::log2QuantizeCode(NAN, -16, 8), 0);
  EXPECT_EQ(autoquant::log2Dequantize(0, -16, 8), 0.0f);
  // 4 bits: 7 levels, k in [-22, -16]: 0.3 (k = -28) is flushed, 0.5 -> 7.
  EXPECT_EQ(autoquant::log2QuantizeCode(0.3f, -16, 4), 0);
  EXPECT_EQ(autoquant::log2QuantizeCode(0.5f, -16, 4), 7);
  EXPECT_EQ(autoquant::log2Dequantize(-7, -16, 4), -0.5f);
}
