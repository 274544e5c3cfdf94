// sigmoid, tanh and erf have a table rule: a quantized operand (an
// activation is requantized to input first, like max_pool2d) gives an int8
// result in the input domain, with no point of its own (the output
// quantization is fixed by the function). A float operand leaves the op
// float, without a remark (the op that made it float has one).
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" -verify-diagnostics | FileCheck %s

// A squeeze-excitation gate: conv (activation) -> sigmoid -> times the
// feature map.
// CHECK-LABEL: func.func @se_gate
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK-NEXT: %[[CQ:.*]] = autoquant.simulated_quantize %[[C]] kind = input
// CHECK-NEXT: %[[S:.*]] = tosa.sigmoid %[[CQ]]
// CHECK-NEXT: tosa.mul %{{.*}}, %[[S]],
// CHECK: %[[T:.*]] = tosa.tanh %{{.*}} :
// CHECK-NOT: autoquant.simulated_quantize %[[T]]
// CHECK: %[[E:.*]] = tosa.exp %arg1
// CHECK-NEXT: tosa.erf %[[E]] :
func.func @se_gate(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.sigmoid %c : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %m = tosa.mul %x, %s, %shift : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %t = tosa.tanh %m : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{'tosa.exp' stays float}}
  %e = tosa.exp %y : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %g = tosa.erf %e : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %t, %g : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
