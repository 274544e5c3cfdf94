// autoquant-prepare: constant sub-expressions are computed at compile time
// and maximum / minimum against a one-value constant become clamps.
// RUN: quant-opt %s -split-input-file --autoquant-prepare | FileCheck %s
// RUN: quant-opt %s -split-input-file --autoquant-prepare="max-fold-elements=1" | FileCheck %s --check-prefix=SMALL

// torch-mlir's ReLU6: maximum then minimum against constants -> one clamp.
// CHECK-LABEL: func.func @relu6
// CHECK-NEXT: %[[C:.*]] = tosa.clamp %arg0 {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
// CHECK-NEXT: return %[[C]]
func.func @relu6(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %six = "tosa.const"() <{values = dense<6.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %a = tosa.maximum %x, %zero : (tensor<1x8xf32>, tensor<1x1xf32>) -> tensor<1x8xf32>
  %b = tosa.minimum %a, %six : (tensor<1x8xf32>, tensor<1x1xf32>) -> tensor<1x8xf32>
  return %b : tensor<1x8xf32>
}

// -----

// The constant may come first; a non-splat constant holding one value counts.
// CHECK-LABEL: func.func @relu_constant_first
// CHECK-NEXT: tosa.clamp %arg0 {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32}
func.func @relu_constant_first(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %zero = "tosa.const"() <{values = dense<[[0.0, 0.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %a = tosa.maximum %zero, %x : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %a : tensor<1x2xf32>
}

// -----

// Per-channel bounds are not a clamp: left as they are.
// CHECK-LABEL: func.func @per_channel_bound
// CHECK: tosa.maximum
// CHECK-NOT: tosa.clamp
func.func @per_channel_bound(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = "tosa.const"() <{values = dense<[[0.0, 1.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %a = tosa.maximum %x, %b : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %a : tensor<1x2xf32>
}

// -----

// A decomposed batch norm: rsqrt(var + eps) * gamma, reshaped for the
// broadcast, becomes one constant (float32 arithmetic, TOSA broadcasting).
// CHECK-LABEL: func.func @batch_norm_factor
// CHECK: %[[F:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.41419935, 1.414210e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHECK: tosa.mul %arg0, %[[F]]
// CHECK-NOT: tosa.rsqrt
// SMALL-LABEL: func.func @batch_norm_factor
// SMALL: tosa.rsqrt
func.func @batch_norm_factor(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %var = "tosa.const"() <{values = dense<[0.5, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %eps = "tosa.const"() <{values = dense<1.0e-5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %gamma = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %sum = tosa.add %var, %eps : (tensor<2xf32>, tensor<1xf32>) -> tensor<2xf32>
  %r = tosa.rsqrt %sum : (tensor<2xf32>) -> tensor<2xf32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %g = tosa.mul %r, %gamma, %z8 : (tensor<2xf32>, tensor<2xf32>, tensor<1xi8>) -> tensor<2xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %g4 = tosa.reshape %g, %s : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %y = tosa.mul %x, %g4, %z8 : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// torch-mlir's OIHW weights behind a transpose: one OHWI constant.
// CHECK-LABEL: func.func @transposed_weights
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00]]], {{\[\[\[}}2.000000e+00, 4.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-NOT: tosa.transpose
func.func @transposed_weights(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0]], [[3.0]]], [[[2.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %wt = tosa.transpose %w {perms = array<i32: 0, 2, 3, 1>} : (tensor<2x2x1x1xf32>) -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %wt, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// pow, sub, negate and exp of constants; a value computed from the argument
// is left alone.
// CHECK-LABEL: func.func @expressions
// CHECK: %[[C:.*]] = "tosa.const"() <{values = dense<[-9.000000e+00, -2.71828175]> : tensor<2xf32>}>
// CHECK: tosa.sub %arg0, %[[C]]
func.func @expressions(%x: tensor<2xf32>) -> tensor<2xf32> {
  %two = "tosa.const"() <{values = dense<[2.0, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %three = "tosa.const"() <{values = dense<[3.0, 1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %p = tosa.pow %two, %three : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %one = "tosa.const"() <{values = dense<[0.0, 1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %e = tosa.exp %one : (tensor<2xf32>) -> tensor<2xf32>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %ones = "tosa.const"() <{values = dense<[1.0, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %pe = tosa.mul %p, %ones, %z8 : (tensor<2xf32>, tensor<2xf32>, tensor<1xi8>) -> tensor<2xf32>
  %s = tosa.add %pe, %e : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %n = tosa.negate %s, %z, %z : (tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2xf32>
  %y = tosa.sub %x, %n : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// A decomposed batch norm after a conv, (conv - mean) * factor + beta with
// per-channel constants, folds into the conv: weights w * f per output
// channel, bias ((b - m) * f) + beta.
// CHECK-LABEL: func.func @batch_norm_into_conv
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}-1.500000e+00, -2.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[3.000000e+00, 1.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[C:.*]] = tosa.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NEXT: return %[[C]]
func.func @batch_norm_into_conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %mean = "tosa.const"() <{values = dense<[[[[0.0, 4.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %f = "tosa.const"() <{values = dense<[[[[2.0, -0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %beta = "tosa.const"() <{values = dense<[[[[1.0, 0.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s = tosa.sub %c, %mean : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %m = tosa.mul %s, %f, %z8 : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %y = tosa.add %m, %beta : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not folded: the conv has another use, or the constant varies per pixel.
// CHECK-LABEL: func.func @not_folded
// CHECK: tosa.conv2d
// CHECK: tosa.add
// CHECK: tosa.mul
func.func @not_folded(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %beta = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %y = tosa.add %c, %beta : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %c2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %pix = "tosa.const"() <{values = dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>}> : () -> tensor<1x2x2x2xf32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %c2, %pix, %z8 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  return %y, %c, %m : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
