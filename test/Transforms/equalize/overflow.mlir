// Weights so far apart that the factors overflow float32 leave the pair
// as it is, with a warning.
// RUN: quant-opt %s -verify-diagnostics --autoquant-equalize="source=weights alpha=1 verbose" | FileCheck %s

// CHECK: dense<{{\[\[\[\[}}9.99999935E-39]]], {{\[\[\[}}3.000000e+38]]]]>
// Producer ranges [1e-38, 3e38], alpha 1: s = r / sqrt(3) and the consumer
// weight 4 * 3e38 / sqrt(3) overflows.
func.func @overflow(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<[[[[1.0e-38]]], [[[3.0e38]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-warning @below {{autoquant-equalize: not equalized: the factors (channel ranges from 1.00e-38 to 3.00e+38) would overflow float32 weights}}
  %c1 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %r1 = tosa.clamp %c1 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[4.0, 4.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %c2 = tosa.conv2d %r1, %w2, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %c2 : tensor<1x2x2x1xf32>
}
