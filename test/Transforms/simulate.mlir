// --autoquant-simulate: each calibrated simulated_quantize becomes one
// linalg.generic computing (round(clamp(x / s + z, lo, hi)) - z) * s in
// float32; identity ops vanish; uncalibrated ops are an error.
// RUN: quant-opt %s --split-input-file --verify-diagnostics --autoquant-simulate | FileCheck %s

// CHECK-LABEL: func.func @per_tensor
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.round %{{.*}} : f32
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK-NOT: autoquant.simulated_quantize
func.func @per_tensor(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, zero_point = 3, clip = [-127, 127]> : tensor<4xf32>
  %i = autoquant.simulated_quantize %q kind = identity nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %i : tensor<4xf32>
}

// -----

// Per-axis scales and zero points are read from vectors indexed by the axis;
// half_to_even rounds with math.roundeven.
// CHECK-LABEL: func.func @per_axis
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[AXIS:.*]], #[[AXIS]], #{{.*}}]{{.*}} ins(%arg0, %[[S]], %[[Z]] : tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: math.roundeven
func.func @per_axis(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %q = autoquant.simulated_quantize %x kind = weight nbit = 8 sign = true rounding = half_to_even params = <axis = 1, scale = [0.5, 0.25], zero_point = [0, 1], clip = [-127, 127]> : tensor<3x2xf32>
  return %q : tensor<3x2xf32>
}

// -----

func.func @uncalibrated(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{cannot simulate an uncalibrated simulated_quantize (run --autoquant-calibrate first)}}
  %q = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %q : tensor<4xf32>
}
