//===- LookupTable.h - int8 lookup tables of unary functions ----*- C++ -*-===//
//
// The integer form of a bounded unary function (sigmoid, tanh, erf) on int8
// data: TOSA's `tosa.table` with 256 int8 entries, entry i the output code
// for input code i - 128. The output quantization is fixed by the function's
// range, as in TFLite (sigmoid: scale 1/256, zero point -128; tanh and erf:
// scale 1/128, zero point 0), so no calibration point is needed after the op.
// docs/Numerics.md ("Lookup tables") is the specification.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_LOOKUPTABLE_H
#define AUTOQUANT_SUPPORT_LOOKUPTABLE_H

#include <array>
#include <cstdint>

namespace autoquant {

/// The functions with a table form.
enum class TableFunction { Sigmoid, Tanh, Erf };

/// The function itself, in double: 1 / (1 + exp(-x)), tanh(x), erf(x).
double evaluateTableFunction(TableFunction function, double x);

/// The fixed quantization of the function's output: real = scale * (q - z).
struct TableOutput {
  double scale;
  int64_t zeroPoint;
};
TableOutput getTableOutput(TableFunction function);

/// The 256 entries of the int8 table for int8 input codes at
/// (inputScale, inputZeroPoint): entry i, for input code c = i - 128, is
///   clamp(round_half_away_from_zero(f(inputScale * (c - z_in)) / s_out)
///         + z_out, -128, 127)
/// with every step in double. Preconditions: inputScale finite and > 0.
std::array<int8_t, 256> buildInt8Table(TableFunction function,
                                       double inputScale,
                                       int64_t inputZeroPoint);

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_LOOKUPTABLE_H
