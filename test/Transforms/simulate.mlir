// --autoquant-simulate: each calibrated simulated_quantize becomes one
// linalg.generic computing (round(clamp(x / s + z, lo, hi)) - z) * s in
// float32 (on a constant: folded to a constant); identity ops vanish;
// uncalibrated ops are an error.
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

// -----

// A constant (weights) is fake-quantized at compile time with the same
// float32 operations (bit for bit: simulate-fold.mlir): scale 0.5, clip
// [-3, 3], zero points [0, 1] along axis 1, half to even. Column 0: 1.3 ->
// 2.6 -> 3 -> 1.5; -2.2 -> -4.4, clipped to -3 -> -1.5; 0.75 -> 1.5 -> 2 (even)
// -> 1.0. Column 1 (+1 before rounding, -1 after): 0.25 -> 1.5 -> 2 -> 0.5;
// 2.6 -> 6.2, clipped to 3 -> 1.0; -0.2 -> 0.6 -> 1 -> 0.0.
// CHECK-LABEL: func.func @constant_folded
// CHECK: "tosa.const"() <{values = dense<{{\[\[}}1.500000e+00, 5.000000e-01], [-1.500000e+00, 1.000000e+00], [1.000000e+00, 0.000000e+00]]> : tensor<3x2xf32>}>
// CHECK-NOT: linalg.generic
func.func @constant_folded() -> tensor<3x2xf32> {
  %w = "tosa.const"() <{values = dense<[[1.3, 0.25], [-2.2, 2.6], [0.75, -0.2]]> : tensor<3x2xf32>}> : () -> tensor<3x2xf32>
  %q = autoquant.simulated_quantize %w kind = weight nbit = 3 sign = true rounding = half_to_even params = <axis = 1, scale = [0.5, 0.5], zero_point = [0, 1], clip = [-3, 3]> : tensor<3x2xf32>
  return %q : tensor<3x2xf32>
}
