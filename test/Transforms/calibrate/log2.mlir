// weight-scheme=log2: weight points become autoquant.log2_quantize with the
// largest exponent K = round(16 * log2 max|w|) = round(16 * log2 0.5) = -16;
// simulate folds them into sign * 2^(k/16) values (0.5, -2^(-53/16), 0 for
// the flushed 0.001, 2^(-28/16) for 0.3); realize leaves them (with a
// remark: TOSA has no integer form) and quant-export writes their codes
// (127, -90, 0, 115 by docs/Numerics.md).
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2" | FileCheck %s
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2" --autoquant-simulate | FileCheck %s --check-prefix=SIM
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2" | quant-opt --autoquant-realize 2>&1 | FileCheck %s --check-prefix=REAL
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2" --autoquant-realize -o %t.mlir 2>/dev/null
// RUN: quant-export %t.mlir | FileCheck %s --check-prefix=EXPORT
// RUN: not quant-opt %s --autoquant-calibrate="weight-scheme=float" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: %[[Q:.*]] = autoquant.log2_quantize %{{.*}} nbit = 8 max_exponent = -16 : tensor<4xf32>
// CHECK: return %[[Q]]
// SIM: "tosa.const"() <{values = dense<[5.000000e-01, -0.100655645, 0.000000e+00, 0.297301769]> : tensor<4xf32>}>
// SIM-NOT: log2_quantize
// REAL: remark: log2 weights (sign * 2^(k/16)) have no integer form in TOSA: a multiplication by such a weight is a shift by a fractional amount, so the ops reading them stay float
// REAL: autoquant.log2_quantize %{{.*}} nbit = 8 max_exponent = -16
// EXPORT: "log2": {
// EXPORT-NEXT: "codes": [
// EXPORT-NEXT: 127,
// EXPORT-NEXT: -90,
// EXPORT-NEXT: 0,
// EXPORT-NEXT: 115
// EXPORT: "levels": 127
// EXPORT: "op": "log2_quantize"
// BAD: for the --weight-scheme option: unknown value 'float' (expected linear, log2)
func.func @w() -> tensor<4xf32> {
  %w = "tosa.const"() <{values = dense<[0.5, -0.1, 0.001, 0.3]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %q = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %q : tensor<4xf32>
}
