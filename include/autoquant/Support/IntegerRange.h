//===- IntegerRange.h - Ranges of n-bit integer codes -----------*- C++ -*-===//
//
// The integer range a quantized code of a given width and signedness can take.
// Shared by the dialect verifier, calibration and realization (no MLIR).
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_INTEGERRANGE_H
#define AUTOQUANT_SUPPORT_INTEGERRANGE_H

#include <cstdint>
#include <utility>

namespace autoquant {

/// Smallest and largest width a quantization point may have.
constexpr unsigned kMinBits = 1;
constexpr unsigned kMaxBits = 32;

/// [lo, hi] of an `nbit` integer: [-2^(nbit-1), 2^(nbit-1) - 1] when signed,
/// [0, 2^nbit - 1] otherwise. `nbit` must lie in [kMinBits, kMaxBits].
/// A signed 1-bit code is {-1, 0}.
constexpr std::pair<int64_t, int64_t> integerRange(unsigned nbit,
                                                   bool isSigned) {
  if (isSigned)
    return {-(int64_t(1) << (nbit - 1)), (int64_t(1) << (nbit - 1)) - 1};
  return {0, (int64_t(1) << nbit) - 1};
}

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_INTEGERRANGE_H
