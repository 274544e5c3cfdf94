// Weights reached through a tosa.transpose of a constant (torch-mlir's OIHW
// weights) are one notion of "a constant" for calibrate and realize: the
// per-channel scales come from the transposed values and realize folds the
// transposed integer codes (it used to fail with "per-axis parameters need a
// constant input").
// RUN: quant-opt %s --autoquant="preset=tvm skip-conv-layers= weight-granularity=per-channel weight-scale=max" | FileCheck %s

// CHECK-LABEL: func.func @conv
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[\[}}64, -127]]], {{\[\[\[}}16, 127]]], {{\[\[\[}}-127, 21]]]]> : tensor<3x1x1x2xi8>}> {autoquant.axis = 0 : i64, autoquant.scale = array<f64: 7.812500e-03, 1.562500e-02, 0.005859375>}
// CHECK-NOT: tosa.transpose
// CHECK: tosa.conv2d {{.*}} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
func.func @conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5]], [[-1.0]]], [[[0.25]], [[2.0]]], [[[-0.75]], [[0.125]]]]> : tensor<3x2x1x1xf32>}> : () -> tensor<3x2x1x1xf32>
  %wt = tosa.transpose %w {perms = array<i32: 0, 2, 3, 1>} : (tensor<3x2x1x1xf32>) -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2, 0.3]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %wt, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}
