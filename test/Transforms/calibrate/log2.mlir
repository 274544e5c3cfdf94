// weight-scheme=log2: weight points become autoquant.log2_quantize with the
// largest exponent K = round(16 * log2 max|w|) = round(16 * log2 0.5) = -16;
// simulate folds them into sign * 2^(k/16) values (0.5, -2^(-53/16), 0 for
// the flushed 0.001, 2^(-28/16) for 0.3); realize rejects them.
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2 quiet" | FileCheck %s
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2 quiet" --autoquant-simulate | FileCheck %s --check-prefix=SIM
// RUN: quant-opt %s --autoquant-calibrate="weight-scheme=log2 quiet" | not quant-opt --autoquant-realize 2>&1 | FileCheck %s --check-prefix=REAL
// RUN: not quant-opt %s --autoquant-calibrate="weight-scheme=float" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: %[[Q:.*]] = autoquant.log2_quantize %{{.*}} nbit = 8 max_exponent = -16 : tensor<4xf32>
// CHECK: return %[[Q]]
// SIM: "tosa.const"() <{values = dense<[5.000000e-01, -0.100655645, 0.000000e+00, 0.297301769]> : tensor<4xf32>}>
// SIM-NOT: log2_quantize
// REAL: error: log2 weights (sign * 2^(k/16)) have no integer form in TOSA
// BAD: error: autoquant-calibrate: unknown weight-scheme 'float' (expected linear or log2)
func.func @w() -> tensor<4xf32> {
  %w = "tosa.const"() <{values = dense<[0.5, -0.1, 0.001, 0.3]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %q = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %q : tensor<4xf32>
}
