// simulated_quantize is never folded away, not even when it looks like a
// no-op (scale 1, wide clip) or when two of them are chained: its rounding
// error is the point. Identical ops on the same value are still merged by CSE,
// since they are pure.
// RUN: quant-opt %s --canonicalize --cse | FileCheck %s

// CHECK-LABEL: func.func @kept
// CHECK: %[[A:.*]] = autoquant.simulated_quantize %arg0 kind = activation nbit = 32
// CHECK: %[[B:.*]] = autoquant.simulated_quantize %[[A]] kind = activation nbit = 32
// CHECK: return %[[B]]
func.func @kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = autoquant.simulated_quantize %x kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-2147483647, 2147483647]> : tensor<4xf32>
  %1 = autoquant.simulated_quantize %0 kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-2147483647, 2147483647]> : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// CHECK-LABEL: func.func @uncalibrated_kept
// CHECK: autoquant.simulated_quantize %arg0 kind = input
func.func @uncalibrated_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A value with several users is quantized once.
// CHECK-LABEL: func.func @merged
// CHECK-COUNT-1: autoquant.simulated_quantize
// CHECK-NOT: autoquant.simulated_quantize
func.func @merged(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  %1 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// Different parameters are different quantization points.
// CHECK-LABEL: func.func @distinct
// CHECK-COUNT-2: autoquant.simulated_quantize
func.func @distinct(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  %1 = autoquant.simulated_quantize %x kind = input nbit = 4 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}
