// Weight scales come from the constants: max = max|w|, power2 =
// 2^ceil(log2 max|w|) (an exact power of two stays itself); through a
// reshape too. A weight-kind op on a computed value is an error.
// RUN: quant-opt %s --split-input-file --verify-diagnostics --autoquant-calibrate="weight-scale=max" | FileCheck %s --check-prefix=MAX
// RUN: quant-opt %s --split-input-file --verify-diagnostics --autoquant-calibrate="weight-scale=power2" | FileCheck %s --check-prefix=POW2

// MAX-LABEL: func.func @weights
// MAX: params = <scale = 0.005859375, clip = [-127, 127]> : tensor<2x2xf32>
// MAX: params = <scale = 0.03125, clip = [-127, 127]> : tensor<4xf32>
// MAX: params = <scale = 0.0078125, clip = [-127, 127]> : tensor<4xf32>
// MAX: params = <scale = 0.0625, clip = [-7, 7]> : tensor<4xf32>
// POW2-LABEL: func.func @weights
// POW2: params = <scale = 0.0078125, clip = [-127, 127]> : tensor<2x2xf32>
// POW2: params = <scale = 0.03125, clip = [-127, 127]> : tensor<4xf32>
// POW2: params = <scale = 0.0078125, clip = [-127, 127]> : tensor<4xf32>
// POW2: params = <scale = 0.0625, clip = [-7, 7]> : tensor<4xf32>
func.func @weights() -> (tensor<2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // max|w| = 0.75 -> max 0.75/128, power2 1/128.
  %a = "tosa.const"() <{values = dense<[[0.5, -0.75], [0.25, 0.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %aq = autoquant.simulated_quantize %a kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x2xf32>
  // max|w| = 4 (exact power of two): both 4/128.
  %b = "tosa.const"() <{values = dense<[1.0, -4.0, 2.0, 3.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %bq = autoquant.simulated_quantize %b kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  // All zero: threshold 1.0.
  %c = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %cq = autoquant.simulated_quantize %c kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  // A reshaped constant, 4-bit: max|w| = 0.5, a power of two: both 0.5/8.
  %d = "tosa.const"() <{values = dense<[[0.5, -0.375], [0.25, 0.125]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %shape = tosa.const_shape {values = dense<[4]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %dr = tosa.reshape %d, %shape : (tensor<2x2xf32>, !tosa.shape<1>) -> tensor<4xf32>
  %dq = autoquant.simulated_quantize %dr kind = weight nbit = 4 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %aq, %bq, %cq, %dq : tensor<2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @computed_weight(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{weight-kind point '' does not read a constant; weights are calibrated from their values}}
  %q = autoquant.simulated_quantize %x kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %q : tensor<4xf32>
}
