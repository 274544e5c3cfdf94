// TVM's multi-ref rule: a quantized value with several users is requantized
// to input once, and every user reads that one op.
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" | FileCheck %s

// CHECK-LABEL: func.func @fan_out
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK-NEXT: %[[CQ:.*]] = autoquant.simulated_quantize %[[C]] kind = input
// CHECK-NEXT: %[[R:.*]] = tosa.clamp %[[CQ]]
// CHECK-NEXT: tosa.add %[[CQ]], %[[R]]
// CHECK-NOT: autoquant.simulated_quantize
// CHECK: return
func.func @fan_out(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.add %c, %r : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %s : tensor<1x4x4x2xf32>
}
