// mul rule: TVM's multiply table. (A, None): the activation is requantized to
// input, a constant right side gets weight kind, a computed one input kind.
// Both sides annotated (TVM raises ValueError) is allowed: activations become
// input. (None, None) stays float.
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" | FileCheck %s

// CHECK-LABEL: func.func @mul
// CHECK-DAG: %[[SCALEQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight {{.*}} : tensor<1x1x1x2xf32>
// CHECK-DAG: %[[YQ:.*]] = autoquant.simulated_quantize %arg1 kind = input
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK: %[[CQ:.*]] = autoquant.simulated_quantize %[[C]] kind = input
// CHECK: %[[M1:.*]] = tosa.mul %[[CQ]], %[[SCALEQ]], %{{.*}}
// CHECK: %[[M1Q:.*]] = autoquant.simulated_quantize %[[M1]] kind = input
// CHECK: %[[M2:.*]] = tosa.mul %[[M1Q]], %[[YQ]], %{{.*}}
// CHECK: tosa.mul %arg1, %arg1, %{{.*}}
func.func @mul(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %scale = "tosa.const"() <{values = dense<2.0> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %m1 = tosa.mul %c, %scale, %shift : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %m2 = tosa.mul %m1, %y, %shift : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %f = tosa.mul %y, %y, %shift : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  return %m2, %f : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
