// Round trip of autoquant.simulated_quantize and #autoquant.params: the
// printed form parses back to the same text, in custom and generic form.
// RUN: quant-opt %s | FileCheck %s
// RUN: quant-opt %s | quant-opt | FileCheck %s
// RUN: quant-opt %s --mlir-print-op-generic | quant-opt | FileCheck %s
// RUN: quant-opt %s > %t.1.mlir && quant-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
// RUN: quant-opt %s --mlir-print-op-generic > %t.g1.mlir && quant-opt %t.g1.mlir --mlir-print-op-generic > %t.g2.mlir && diff %t.g1.mlir %t.g2.mlir
// RUN: quant-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// An uncalibrated op, as annotate leaves it.
// CHECK-LABEL: func.func @uncalibrated
// CHECK: autoquant.simulated_quantize %{{.*}} kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x8x8x3xf32>
// GENERIC-LABEL: sym_name = "uncalibrated"
// GENERIC: "autoquant.simulated_quantize"(%{{.*}}) <{kind = 1 : i32, nbit = 8 : i32, rounding = 0 : i32, sign = true}>
func.func @uncalibrated(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x8x8x3xf32>
  return %0 : tensor<1x8x8x3xf32>
}

// TVM's convention: dom_scale = T / 2^(nbit-1), clip +-(2^(nbit-1) - 1).
// CHECK-LABEL: func.func @per_tensor
// CHECK: kind = activation nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.03125, clip = [-127, 127]> : tensor<4xf32>
// GENERIC: params = #autoquant.params<scale = 0.03125, clip = [-127, 127]>
func.func @per_tensor(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = autoquant.simulated_quantize %x kind = activation nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 3.125e-2, clip = [-127, 127]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Asymmetric uint8 with a zero point; half-to-even rounding; f16 data.
// CHECK-LABEL: func.func @asymmetric
// CHECK: kind = activation nbit = 8 sign = false rounding = half_to_even params = <scale = 0.0235, zero_point = 12, clip = [0, 255]> : tensor<2x2xf16>
func.func @asymmetric(%x: tensor<2x2xf16>) -> tensor<2x2xf16> {
  %0 = autoquant.simulated_quantize %x kind = activation nbit = 8 sign = false rounding = half_to_even params = <scale = 0.0235, zero_point = 12, clip = [0, 255]> : tensor<2x2xf16>
  return %0 : tensor<2x2xf16>
}

// Per-channel weights along the output-channel axis (OHWI): one scale each.
// A scale that needs 17 digits keeps them.
// CHECK-LABEL: func.func @per_axis
// CHECK: kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.25, 0.1, 0.30000000000000004], clip = [-127, 127]> : tensor<4x3x3x2xf32>
func.func @per_axis(%w: tensor<4x3x3x2xf32>) -> tensor<4x3x3x2xf32> {
  %0 = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.25, 0.1, 0.30000000000000004], clip = [-127, 127]> : tensor<4x3x3x2xf32>
  return %0 : tensor<4x3x3x2xf32>
}

// Per-axis zero points; the axis may be any dimension, and a dynamic one.
// CHECK-LABEL: func.func @per_axis_zero_points
// CHECK: params = <axis = 1, scale = [1.0, 2.0], zero_point = [-3, 4], clip = [-128, 127]> : tensor<?x2xf32>
func.func @per_axis_zero_points(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 1, scale = [1.0, 2.0], zero_point = [-3, 4], clip = [-128, 127]> : tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// The widths at both ends of [1, 32]; a per-axis list over a dynamic axis.
// CHECK-LABEL: func.func @widths
// CHECK: kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 1.0e-06, clip = [-2147483647, 2147483647]>
// CHECK: kind = weight nbit = 1 sign = false rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.5, 0.5], clip = [0, 1]> : tensor<?xf32>
// CHECK: kind = identity nbit = 32 sign = true rounding = half_away_from_zero : tensor<*xf32>
func.func @widths(%x: tensor<8xf32>, %y: tensor<?xf32>, %z: tensor<*xf32>) -> (tensor<8xf32>, tensor<?xf32>, tensor<*xf32>) {
  %0 = autoquant.simulated_quantize %x kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 1.0e-6, clip = [-2147483647, 2147483647]> : tensor<8xf32>
  %1 = autoquant.simulated_quantize %y kind = weight nbit = 1 sign = false rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.5, 0.5], clip = [0, 1]> : tensor<?xf32>
  %2 = autoquant.simulated_quantize %z kind = identity nbit = 32 sign = true rounding = half_away_from_zero : tensor<*xf32>
  return %0, %1, %2 : tensor<8xf32>, tensor<?xf32>, tensor<*xf32>
}

// The attribute on its own, outside the op, keeps its dialect prefix.
// CHECK-LABEL: func.func @standalone_attribute
// CHECK-SAME: autoquant.note = #autoquant.params<axis = 2, scale = [1.5], zero_point = [0], clip = [-7, 7]>
func.func @standalone_attribute() attributes {autoquant.note = #autoquant.params<axis = 2, scale = [1.5], zero_point = [0], clip = [-7, 7]>} {
  return
}
