// SmoothQuant's migration: a layer norm's affine step x * gamma + beta
// (gamma and beta per channel, here along axis 1 as the ONNX importer lays
// out a layer norm) reaches a matmul's data through a transpose that makes
// the channels the last axis. source=weights uses |gamma| as the channel
// ranges; with consumer ranges [1, 1, 1, 1] and alpha 0.5,
// s = sqrt([16, 1, 1, 16]) / geomean = [4, 1, 1, 4] / 2 = [2, 0.5, 0.5, 2]:
// gamma / s = [8, 2, 2, 8], beta / s = [1, 2, -2, 2], and row c of the
// matmul's weights times s_c.
// RUN: quant-opt %s --autoquant-equalize="source=weights alpha=0.5 verbose" 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK < %t.err
// A chain that leaves the channels on another axis is left alone.
// RUN: quant-opt %s --autoquant-equalize="source=weights" | FileCheck %s --check-prefix=OTHER

// REMARK: remark: smoothed 4 channels into 'qkv': gamma channel-range ratio 16.00 -> 4.00; max |weight| x2.00 in the consumer
// CHECK-LABEL: func.func @layer_norm_linear
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[}}8.000000e+00], [2.000000e+00], [2.000000e+00], [8.000000e+00]]]> : tensor<1x4x1xf32>}>
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00], [2.000000e+00], [-2.000000e+00], [2.000000e+00]]]> : tensor<1x4x1xf32>}>
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[}}2.000000e+00, 2.000000e+00], [5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01], [2.000000e+00, 2.000000e+00]]]> : tensor<1x4x2xf32>}>
// CHECK: tosa.matmul
func.func @layer_norm_linear(%x: tensor<1x4x3xf32>) -> tensor<1x3x2xf32> {
  %gamma = "tosa.const"() <{values = dense<[[[16.0], [1.0], [1.0], [16.0]]]> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %beta = "tosa.const"() <{values = dense<[[[2.0], [1.0], [-1.0], [4.0]]]> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %x, %gamma, %shift : (tensor<1x4x3xf32>, tensor<1x4x1xf32>, tensor<1xi8>) -> tensor<1x4x3xf32>
  %a = tosa.add %m, %beta : (tensor<1x4x3xf32>, tensor<1x4x1xf32>) -> tensor<1x4x3xf32>
  %t = tosa.transpose %a {perms = array<i32: 0, 2, 1>} : (tensor<1x4x3xf32>) -> tensor<1x3x4xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %t, %w, %zp, %zp : (tensor<1x3x4xf32>, tensor<1x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32> loc("qkv")
  return %y : tensor<1x3x2xf32>
}

// OTHER-LABEL: func.func @channels_not_last
// OTHER: dense<{{\[\[\[}}1.600000e+01], [1.000000e+00], [1.000000e+00], [1.600000e+01]]]>
func.func @channels_not_last(%x: tensor<1x4x4xf32>) -> tensor<1x4x2xf32> {
  %gamma = "tosa.const"() <{values = dense<[[[16.0], [1.0], [1.0], [16.0]]]> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %x, %gamma, %shift : (tensor<1x4x4xf32>, tensor<1x4x1xf32>, tensor<1xi8>) -> tensor<1x4x4xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %m, %w, %zp, %zp : (tensor<1x4x4xf32>, tensor<1x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
  return %y : tensor<1x4x2xf32>
}
