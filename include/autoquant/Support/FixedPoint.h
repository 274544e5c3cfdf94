//===- FixedPoint.h - Quantization and fixed-point rescaling ----*- C++ -*-===//
//
// The scalar numerics of AutoQuant's integer path, without MLIR: float ->
// code (simulated and realized), code -> float, bias quantization, the
// multiplier/shift of a requantization ratio and `tosa.rescale` itself, plus
// the TVM and TFLite formulations they reproduce (reference functions for
// tests and documentation). docs/Numerics.md ("Quantize and dequantize",
// "Requantization", "Rounding modes") is the specification; every formula
// below is quoted from it.
//
// Conventions: scales are doubles (as calibration produces them) and are
// rounded to float32 where the float program uses them; zero points and clip
// bounds are integers. Preconditions are checked with assert(); errors a user
// can cause (a scale ratio no 32-bit multiplier can express, a bias that does
// not fit int32) are returned as llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_FIXEDPOINT_H
#define AUTOQUANT_SUPPORT_FIXEDPOINT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace autoquant {

//===----------------------------------------------------------------------===//
// Float -> integer rounding
//===----------------------------------------------------------------------===//

/// How a float is rounded to an integer when quantizing.
enum class RoundingMode {
  /// Ties away from zero (TVM's `round`, llvm.round, C `roundf`).
  HalfAwayFromZero,
  /// Ties to even (NumPy, IEEE default, TOSA `cast` float -> int).
  HalfToEven,
};

/// `v` rounded to an integer-valued float. NaN and +-inf are returned
/// unchanged, the sign of zero is kept (roundf(-0.3) = -0).
float roundFloat(float v, RoundingMode mode);

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

/// The code of simulated quantization (`autoquant.simulated_quantize`),
/// decision 1: with s32 = float32(scale),
///   v = x / s32 + float32(z)            (float32 division, then addition)
///   q = round(clamp(v, lo, hi))         (the bounds are exact integers)
/// Returns q as an integer-valued double (exact for any 64-bit bounds), or NaN
/// when `x` is NaN. +-inf clamp to hi/lo.
/// Preconditions: float32(scale) finite and > 0, lo <= hi.
double simulateQuantizeCode(float x, double scale, int64_t zeroPoint,
                            int64_t lo, int64_t hi, RoundingMode mode);

/// Simulated quantization (decision 1): y = float32(q - z) * s32 with q from
/// simulateQuantizeCode (q - z exact, then rounded to float32; float32
/// multiply). NaN stays NaN. Equals dequantize(q, scale, z) for every non-NaN
/// x.
float simulateQuantize(float x, double scale, int64_t zeroPoint, int64_t lo,
                       int64_t hi, RoundingMode mode);

/// Realized quantization of a float (function entry; weights folded at compile
/// time), decision 2: with r32 = float32(1.0 / scale) (division in double),
///   q = clamp(round(x * r32) + z, lo, hi)   (float32 multiply)
/// +-inf saturate to hi/lo. NaN has no code: it maps to the code of 0.0, i.e.
/// clamp(z, lo, hi). Can differ from simulateQuantizeCode by one code at exact
/// ties (see docs/Numerics.md).
/// Preconditions: 1/scale finite in float32 and > 0, lo <= hi.
int64_t quantizeToCode(float x, double scale, int64_t zeroPoint, int64_t lo,
                       int64_t hi, RoundingMode mode);

/// Dequantization at the function exit, decision 5:
///   y = float32(q - z) * float32(scale)
/// (q - z in int64, converted to float32 with round-to-nearest-even).
float dequantize(int64_t q, double scale, int64_t zeroPoint);

/// Bias of a conv/matmul at the accumulator scale, decision 3:
///   b_q = round_half_away_from_zero(b / (inputScale * weightScale))
/// in double. Errors: non-finite bias, scales not finite and positive (or a
/// product that is 0 or inf), or a result outside int32.
llvm::Expected<int32_t> quantizeBias(double bias, double inputScale,
                                     double weightScale);

/// The same for an accumulator of `accumulatorBits` bits (48 for int16
/// activations x int8 weights): the code must fit int<accumulatorBits>.
llvm::Expected<int64_t> quantizeBias(double bias, double inputScale,
                                     double weightScale,
                                     unsigned accumulatorBits);

/// int16 x int8 layers accumulate in 48 bits; realize narrows the
/// accumulator to int32 right away so that everything after it is the int32
/// flow. The smallest k >= 0 with floor(bound / 2^k) + 1 <= 2^31 - 1 for an
/// accumulator bound |acc| <= `bound` (k = 0: the narrowing is exact).
unsigned getAccumulatorNarrowingShift(int64_t bound);

/// The narrowing as TOSA computes it (tosa.rescale i48 -> i32, scale32 =
/// false, multiplier 2^14, shift 14 + k): (v * 2^14 + 2^(13 + k)) >> (14 + k),
/// i.e. v / 2^k rounded half up, saturated to int32.
int32_t narrowAccumulator48(int64_t value, unsigned shift);

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

enum class RequantRounding;

/// TVM's 8-bit bias (compatibility, realize option bias-bits=8): the bias is
/// an 8-bit code at `biasScale` (a power of two / 128 chosen for the whole
/// bias), b8 = quantizeToCode(b, biasScale, 0, -127, 127, half away from
/// zero), then requantized to the accumulator scale:
/// requantize(b8, 0, computeFixedPointMultiplier(biasScale /
/// accumulatorScale), rounding, 0, INT32_MIN, INT32_MAX). Errors: a ratio no
/// 32-bit multiplier expresses, non-finite inputs.
llvm::Expected<int32_t> quantizeBias8(double bias, double biasScale,
                                      double accumulatorScale,
                                      RequantRounding rounding);

/// Rounding of the realize pass (option `rounding`). Mapping (see
/// docs/Numerics.md, "Rounding modes"):
///   Upward    "upward"    TVM UPWARD,    TOSA SINGLE_ROUND, TFLite
///                         TFLITE_SINGLE_ROUNDING: ties toward +inf;
///   ToNearest "tonearest" TVM TONEAREST: ties away from zero, realized as
///                         sign(v) * apply_scale_32(|v|, M, n, false);
///   Double    "double"    TOSA DOUBLE_ROUND = TFLite/gemmlowp default
///                         (SaturatingRoundingDoublingHighMul +
///                         RoundingDivideByPOT).
enum class RequantRounding { Upward, ToNearest, Double };

/// "upward", "tonearest", "double" (exactly these spellings); nullopt
/// otherwise.
std::optional<RequantRounding> parseRequantRounding(llvm::StringRef name);
/// The option spelling of `rounding`.
llvm::StringRef getRequantRoundingName(RequantRounding rounding);

/// ratio ~= multiplier * 2^-shift (TOSA's convention: `shift` is a right
/// shift, the multiplier carries 31 fraction bits).
/// Invariants of a value produced by computeFixedPointMultiplier:
/// multiplier in [2^30, 2^31), shift in [2, 62].
struct FixedPointMultiplier {
  int32_t multiplier = 1 << 30;
  int32_t shift = 30;

  /// The ratio is an exact power of two (multiplier == 2^30): the rescale is a
  /// pure (rounding) shift by shift - 30 bits (a left shift when negative).
  bool isPowerOfTwo() const { return multiplier == (int32_t(1) << 30); }
  /// multiplier * 2^-shift, exactly.
  double getValue() const;
  /// TVM's / TFLite's exponent e (value = multiplier * 2^(e - 31)):
  /// 31 - shift.
  int32_t getExponent() const { return 31 - shift; }
};

/// Smallest ratio computeFixedPointMultiplier accepts: 2^-32 - 2^-64. Ratios
/// in [2^-32 - 2^-64, 2^-31) get shift 62 (the ones below 2^-32 round up to
/// exactly 2^-32 = 2^30 * 2^-62); anything smaller would need shift > 62.
constexpr double kMinRequantRatio = 0x1p-32 - 0x1p-64;
/// Ratios must be strictly below 2^29 - 2^-3: from there on the multiplier
/// rounds to a value >= 2^29 (shift < 2), which TOSA rejects.
constexpr double kMaxRequantRatio = 0x1p29 - 0x1p-3;

/// The multiplier and shift of `ratio` for 32-bit scaling (decision 4):
/// (mantissa, e) = frexp(ratio); M = round_half_away(mantissa * 2^31); if
/// M == 2^31 then M = 2^30, e += 1; n = 31 - e.
/// Accepted: kMinRequantRatio <= ratio < kMaxRequantRatio; the result then
/// equals mlir::tosa::computeMultiplierAndShift(ratio, M, n, 32) (which
/// returns true for it), and |M * 2^-n - ratio| <= 2^-(n+1), i.e. a relative
/// error <= 2^-31. Errors (with the value in the message): NaN, +-inf,
/// ratio <= 0 (upstream returns (0, 31) for 0 and negative multipliers for
/// negative ratios), ratio too large (upstream: false), ratio too small
/// (upstream: true after shifting M right, losing precision; every int32 input
/// would rescale to 0 anyway).
llvm::Expected<FixedPointMultiplier> computeFixedPointMultiplier(double ratio);

/// TOSA `apply_scale_32` (TOSA 1.0 spec, MLIR `tosa.apply_scale`):
///   round = 1 << (shift - 1)
///   if doubleRound and shift > 31: round += value >= 0 ? 2^30 : -2^30
///   return int32((int64(value) * multiplier + round) >> shift)
/// (arithmetic shift; the int32 conversion keeps the low 32 bits, as the MLIR
/// lowering does; TOSA requires the result to fit).
/// Preconditions: multiplier >= 0, 2 <= shift <= 62.
int32_t applyScale32(int32_t value, int32_t multiplier, int32_t shift,
                     bool doubleRound);

/// The scaling step of a rescale: value * m rounded as `rounding` says.
///   Upward:    applyScale32(value, M, n, false)
///   Double:    applyScale32(value, M, n, true)
///   ToNearest: sign(value) * applyScale32(|value|, M, n, false), computed in
///              int64 (|INT32_MIN| included), low 32 bits kept.
int32_t applyRequantScale(int32_t value, const FixedPointMultiplier &m,
                          RequantRounding rounding);

/// The whole `tosa.rescale` of one element (scale32 = true):
///   v = value - inputZeroPoint        (must fit int32, as TOSA requires)
///   r = applyRequantScale(v, m, rounding)
///   out = clamp(r + outputZeroPoint, outMin, outMax)
/// [outMin, outMax] is the saturation range of the output type (int8:
/// [-128, 127]); the clip bounds of a quantization point are a separate,
/// narrower clamp the caller applies afterwards. Precondition: outMin <=
/// outMax.
int64_t requantize(int64_t value, int64_t inputZeroPoint,
                   const FixedPointMultiplier &m, RequantRounding rounding,
                   int64_t outputZeroPoint, int64_t outMin, int64_t outMax);

/// The integer average of TOSA `avg_pool2d` (TOSA 1.0 reciprocal_scale):
/// for `count` > 0 window elements (padding excluded) summing to `sum` (zero
/// points already subtracted),
///   k = 32 - clz(count - 1);  M = (((1 << 30) + 1) << k) / count;
///   n = 30 + k;  return applyScale32(sum, M, n, false)
/// sum / count to nearest; ties usually round up, but M exceeds
/// 2^n / count slightly (the + 1), so some negative ties round down
/// (-10 / 4 -> -3 while -6 / 4 -> -2). Preconditions: count in
/// [1, 2^31 - 1].
int32_t tosaAveragePoolDivide(int32_t sum, int32_t count);

//===----------------------------------------------------------------------===//
// log2 weights
//===----------------------------------------------------------------------===//

/// log2 quantization of weights (the HiSilicon-style scheme of the seeds):
/// a weight is sign * 2^(k/16) with k an integer number of 1/16 octaves.
/// With L = 2^(nbit-1) - 1 magnitude levels below the largest exponent K,
///   k = round_half_away(16 * log2|w|)   (in double)
///   code = 0                       if w == 0 or k < K - L + 1 (flushed)
///   code = sign(w) * (min(k, K) - (K - L))       otherwise, in [-L, L]
/// and the value of a code c != 0 is sign(c) * 2^((K - L + |c|) / 16).
/// nbit in [2, 16]; NaN maps to code 0.
int64_t log2QuantizeCode(float w, int64_t maxExponent, unsigned nbit);
/// The float32 value of a log2 code (rounded from double).
float log2Dequantize(int64_t code, int64_t maxExponent, unsigned nbit);
/// K for a tensor whose largest |w| is `absMax` (> 0, finite):
/// round_half_away(16 * log2(absMax)), so the largest weight is within
/// 2^(1/32) of a level.
int64_t log2MaxExponent(float absMax);

//===----------------------------------------------------------------------===//
// Reference formulations (TVM, TFLite)
//===----------------------------------------------------------------------===//

/// TVM's `qnn::GetFixedPointMultiplierShift(x)`: {0, 0} for x == 0, else
/// (significand, exponent) with x ~= significand * 2^(exponent - 31); same
/// rounding as computeFixedPointMultiplier (exponent = 31 - shift). No range
/// checks (TVM has none); x must be finite and >= 0.
std::pair<int32_t, int32_t> tvmGetFixedPointMultiplierShift(double x);

/// TVM's `fixed_point_multiply(x, m, e)` (UPWARD) as legalized from
/// `tir.q_multiply_shift(x, m, 31, e)`:
///   m == 2^30 (power of two): e - 1 > 0 -> x << (e - 1);
///                             else (x + 2^(-e)) >> (1 - e)  [e == 1: x]
///   otherwise: ls = max(e, 0), rs = max(-e, 0);
///              ((int64(x) << ls) * m + 2^(rs + 30)) >> (rs + 31)
/// in int64 (TVM's realize casts to int64 first), low 32 bits returned;
/// int64 overflow wraps (happens only when the result does not fit int32).
/// Equals applyScale32(x, m, 31 - e, false) whenever TVM's int64 arithmetic
/// does not overflow. (TVM's own shortcut shifts by -1 for e == 1, undefined;
/// TVM never reaches it because equal scales are not rescaled.)
/// Preconditions: m in [0, 2^31), -32 <= e <= 31.
int32_t tvmFixedPointMultiply(int32_t x, int32_t m, int32_t e);

/// TVM's `qnn::FixedPointMultiplyToNearest` (TONEAREST) for the (m, e) of
/// tvmGetFixedPointMultiplierShift: as the general path above with rounding
/// term 2^(t-1) for a product >= 0 and 2^(t-1) - 1 below (t = rs + 31): ties
/// away from zero. Equals applyRequantScale(x, {m, 31 - e}, ToNearest)
/// whenever the int64 arithmetic does not overflow.
/// Preconditions: m in [0, 2^31), -32 <= e <= 31.
int32_t tvmFixedPointMultiplyToNearest(int32_t x, int32_t m, int32_t e);

/// TVM realize's power-of-two path for odom / idom = 2^k (k != 0), in the
/// int32 activation type:
///   k > 0: (x + (roundForShift ? 2^(k-1) : 0)) >> k   (arithmetic)
///   k < 0: x << -k
/// with two's-complement wraparound where TVM's int32 add/shift overflows.
/// roundForShift = true is round half up = applyScale32(x, 2^30, 30 + k,
/// false) wherever x + 2^(k-1) does not overflow; false is floor(x / 2^k).
/// Precondition: -31 <= k <= 31, k != 0.
int32_t tvmShiftRescale(int32_t x, int32_t k, bool roundForShift);

/// TFLite's reference `MultiplyByQuantizedMultiplier(x, m, e)` (default double
/// rounding):
///   RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^max(e, 0),
///                       m), max(-e, 0))
/// (the int32 left shift wraps on overflow). Equals applyScale32(x, m, 31 - e,
/// true) whenever x * 2^max(e, 0) fits int32.
/// Preconditions: m in [0, 2^31), -31 <= e <= 30.
int32_t tfliteMultiplyByQuantizedMultiplier(int32_t x, int32_t m, int32_t e);

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_FIXEDPOINT_H
