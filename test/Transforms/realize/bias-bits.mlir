// bias-bits: conv biases as int32 at S_in * S_w (32, the default) or as
// TVM's 8-bit code at one power-of-two scale, then requantized to the
// accumulator scale (8). Accumulator scale 2^-6 * 2^-6 = 2^-12:
//   32: 0.3 * 4096 = 1228.8 -> 1229, -0.01 * 4096 = -40.96 -> -41;
//   8:  max|b| = 0.3 -> T = 0.5, s_b = 0.5 / 128 = 2^-8; codes
//       round(0.3 * 256) = 77, round(-2.56) = -3; ratio 2^-8 / 2^-12 = 16:
//       1232, -48 (0.30078 and -0.0117: the precision TVM's scheme loses).
// RUN: quant-opt %s --autoquant-realize | FileCheck %s --check-prefix=B32
// RUN: quant-opt %s --autoquant-realize="bias-bits=8" | FileCheck %s --check-prefix=B8
// RUN: not quant-opt %s --autoquant-realize="bias-bits=16" 2>&1 | FileCheck %s --check-prefix=BAD

// B32: "tosa.const"() <{values = dense<[1229, -41]> : tensor<2xi32>}>
// B8: "tosa.const"() <{values = dense<[1232, -48]> : tensor<2xi32>}>
// BAD: error: autoquant-realize: bias-bits must be 32 or 8, got 16
func.func @conv(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x2xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.015625, clip = [-127, 127]> : tensor<1x1x1x1xf32>
  %w = "tosa.const"() <{values = dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.015625, clip = [-127, 127]> : tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[0.3, -0.01]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}
