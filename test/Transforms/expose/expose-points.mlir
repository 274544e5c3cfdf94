// --autoquant-expose-points appends calibrated, per-tensor, non-weight
// points of at most max-nbit bits to the results, with their name, scale and
// zero point; weights, uncalibrated, per-axis and wider points are not.
// RUN: quant-opt %s --autoquant-expose-points | FileCheck %s
// RUN: quant-opt %s --autoquant-expose-points="max-nbit=32" | FileCheck %s --check-prefix=WIDE
// After realize the exposed points are dequantized like any result:
// RUN: quant-opt %s --autoquant-expose-points --autoquant-calibrate --autoquant-realize | FileCheck %s --check-prefix=REAL

// CHECK-LABEL: func.func @f
// CHECK-SAME: -> (tensor<4xf32>, tensor<4xf32> {autoquant.point = "x/input", autoquant.scale = 5.000000e-01 : f64, autoquant.zero_point = 0 : i64}, tensor<4xf32> {autoquant.point = "a/input", autoquant.scale = 2.500000e-01 : f64, autoquant.zero_point = 0 : i64})
// CHECK: return %{{.*}}, %[[X:.*]], %[[A:.*]] :
// WIDE-LABEL: func.func @f
// WIDE-SAME: autoquant.point = "y/activation", autoquant.scale = 1.000000e-03 : f64
// REAL-LABEL: func.func @f
// REAL-SAME: -> (tensor<4xf32>, tensor<4xf32> {autoquant.point = "x/input"
// REAL: %[[X:.*]] = tosa.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi8>
// REAL: %[[XF:.*]] = tosa.cast %[[X]] : (tensor<4xi8>) -> tensor<4xf32>
// REAL: %[[XD:.*]] = tosa.mul %[[XF]]
// REAL: return %{{.*}}, %[[XD]], %{{.*}} : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32> loc("x/input")
  %w = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.03125, clip = [-127, 127]> : tensor<4xf32> loc("w/weight")
  %y = tosa.add %xq, %wq : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %yq = autoquant.simulated_quantize %y kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 0.001, clip = [-2147483647, 2147483647]> : tensor<4xf32> loc("y/activation")
  %a = tosa.abs %yq : (tensor<4xf32>) -> tensor<4xf32>
  %aq = autoquant.simulated_quantize %a kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<4xf32> loc("a/input")
  %u = autoquant.simulated_quantize %aq kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %aq : tensor<4xf32>
}
