// source=activations on ../calibrate/Inputs/x.npy (9 samples of 4 values, in
// batches of 2). Channel 0 = relu(2 x0 + 0.125) peaks at 0.5, channel 1 =
// relu(0.5 x3 + 0.25) at 0.90625 (x0 <= 0.1875, x3 <= 1.3125). alpha = 1:
// s = x / geomean(x) = [sqrt(0.5 / 0.90625), sqrt(0.90625 / 0.5)]
//   = [0.742781353, 1.346291202]
// conv1 weights / s: 2 -> 2.69258240, 0.5 -> 0.371390676; bias / s:
// 0.125 -> 0.168286648, 0.25 -> 0.185695338; conv2 weights * s: 0.5 ->
// 0.371390676, -0.25 -> -0.336572800.
// RUN: quant-opt %s --autoquant-equalize="dataset=%S/../calibrate/Inputs/x.npy verbose" 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK < %t.err
// The equalized function computes the same values:
// RUN: quant-opt %s --autoquant-equalize="dataset=%S/../calibrate/Inputs/x.npy" -o %t.mlir
// RUN: quant-run %t.mlir --input %S/../calibrate/Inputs/x.npy --compare %s --json --quiet | FileCheck %s --check-prefix=SAME
// alpha = 0.5 with consumer ranges [0.5, 0.25]: s ~ sqrt(x / w) =
// [1, sqrt(3.625)] / geomean -> [0.724724590, 1.379834511]; conv1 weights
// 2.75966902, 0.362362295; conv2 weights 0.362362295, -0.344958628.
// RUN: quant-opt %s --autoquant-equalize="dataset=%S/../calibrate/Inputs/x.npy alpha=0.5" | FileCheck %s --check-prefix=HALF
// Only the first 4 samples: x0 <= 0.125, x3 <= 1.3125 -> peaks 0.375 and
// 0.90625, s = [0.643267, 1.554563].
// RUN: quant-opt %s --autoquant-equalize="dataset=%S/../calibrate/Inputs/x.npy max-samples=4" | FileCheck %s --check-prefix=FIRST4

// CHECK-LABEL: func.func @net
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[\[}}2.69258{{[0-9]*}}, 0.000000e+00, 0.000000e+00, 0.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.37139{{[0-9]*}}]]]]>
// CHECK: "tosa.const"() <{values = dense<[0.16828{{[0-9]*}}, 0.18569{{[0-9]*}}]>
// CHECK: tosa.conv2d
// CHECK: tosa.clamp
// CHECK: tosa.max_pool2d
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[\[}}0.37139{{[0-9]*}}, -0.33657{{[0-9]*}}]]]]>
// CHECK: tosa.conv2d

// REMARK: remark: loc("conv1"): equalized 2 channels with 'conv2': activation channel-range ratio 1.81 -> 1.00

// SAME: "argmax_agreement": 1
// SAME: "max_abs_diff": {{[0-9.]+e-(0[6-9]|[1-9][0-9])|0}},

// HALF: "tosa.const"() <{values = dense<{{\[\[\[\[}}2.75966{{[0-9]*}}, 0.000000e+00, 0.000000e+00, 0.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.36236{{[0-9]*}}]]]]>
// HALF: "tosa.const"() <{values = dense<{{\[\[\[\[}}0.36236{{[0-9]*}}, -0.34495{{[0-9]*}}]]]]>

// FIRST4: "tosa.const"() <{values = dense<{{\[\[\[\[}}3.10912{{[0-9]*}}, 0.000000e+00, 0.000000e+00, 0.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.32163{{[0-9]*}}]]]]>

func.func @net(%x: tensor<2x4xf32>) -> tensor<2x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s4 = tosa.const_shape {values = dense<[2, 1, 1, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %x4 = tosa.reshape %x, %s4 : (tensor<2x4xf32>, !tosa.shape<4>) -> tensor<2x1x1x4xf32>
  %w1 = "tosa.const"() <{values = dense<[[[[2.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.5]]]]> : tensor<2x1x1x4xf32>}> : () -> tensor<2x1x1x4xf32>
  %b1 = "tosa.const"() <{values = dense<[0.125, 0.25]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x4, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x2xf32> loc("conv1")
  %r1 = tosa.clamp %c1 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<2x1x1x2xf32>) -> tensor<2x1x1x2xf32>
  %p1 = tosa.max_pool2d %r1 {kernel = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x2xf32>) -> tensor<2x1x1x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %b2 = "tosa.const"() <{values = dense<[0.0625]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c2 = tosa.conv2d %p1, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x1xf32> loc("conv2")
  %s2 = tosa.const_shape {values = dense<[2, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %c2, %s2 : (tensor<2x1x1x1xf32>, !tosa.shape<2>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}
