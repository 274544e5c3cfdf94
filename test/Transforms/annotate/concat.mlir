// concat rule: all fields float -> float; otherwise every float field gets an
// activation-kind op (realize unifies the scales) and the result is an
// activation.
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" | FileCheck %s

// CHECK-LABEL: func.func @concat
// CHECK-DAG: %[[YQ:.*]] = autoquant.simulated_quantize %arg1 kind = activation nbit = 32
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK-NEXT: %[[CAT:.*]] = tosa.concat %[[C]], %[[YQ]] {axis = 3 : i32}
// CHECK-NEXT: %[[CATQ:.*]] = autoquant.simulated_quantize %[[CAT]] kind = input
// CHECK-NEXT: tosa.conv2d %[[CATQ]]
// CHECK: tosa.concat %arg1, %arg1 {axis = 3 : i32}
func.func @concat(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x4xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %w4 = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x4xf32>}> : () -> tensor<2x1x1x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %cat = tosa.concat %c, %y {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
  %c2 = tosa.conv2d %cat, %w4, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %f = tosa.concat %y, %y {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
  return %c2, %f : tensor<1x4x4x2xf32>, tensor<1x4x4x4xf32>
}
