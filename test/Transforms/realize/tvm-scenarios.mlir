// Ports of TVM's realize regressions (test_pass_auto_quantize.py).
// RUN: quant-opt %s --split-input-file --autoquant="preset=tvm skip-conv-layers=" | FileCheck %s

// test_left_shift_negative (#7432): conv with all weights 256.0 and
// global_scale 8: power2 weight scale 256/128 = 2, input 8/128, accumulator
// 0.125; requantizing it to the next conv's input scale 0.0625 is a left
// shift by one. TVM once emitted a negative shift amount here; tosa.rescale
// gets multiplier 2^30 with shift 29 (x * 2^30 >> 29 = 2x).
// CHECK-LABEL: func.func @left_shift
// CHECK: %[[ACC:.*]] = tosa.conv2d {{.*}} -> tensor<1x4x4x2xi32>
// CHECK: "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// CHECK-NEXT: "tosa.const"() <{values = dense<29> : tensor<1xi8>}>
// CHECK: tosa.rescale %[[ACC]]
func.func @left_shift(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<256.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %c, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c2 : tensor<1x4x4x2xf32>
}

// -----

// test_add_lhs_rhs_is_input_annotate: add(conv, conv) -> global pool. The
// (A, A) add requantizes its right side to input (int8 at 0.0625) and adds in
// int32 at the smaller scale. The int32 sum reaches the global pool, which
// TOSA pools only in int8: it reads the dequantized sum (float).
// CHECK-LABEL: func.func @add_conv_conv
// CHECK: %[[C1:.*]] = tosa.conv2d {{.*}} -> tensor<1x4x4x2xi32>
// CHECK: %[[C2:.*]] = tosa.conv2d {{.*}} -> tensor<1x4x4x2xi32>
// CHECK: %[[C2Q:.*]] = tosa.rescale %[[C2]], {{.*}} -> tensor<1x4x4x2xi8>
// CHECK: %[[C2C:.*]] = tosa.clamp %[[C2Q]] {{{.*}}max_val = 127 : i8, min_val = -127 : i8}
// CHECK: %[[R:.*]] = tosa.rescale %[[C2C]], {{.*}} -> tensor<1x4x4x2xi32>
// CHECK: %[[S:.*]] = tosa.add %{{.*}}, %[[R]] {{.*}}: (tensor<1x4x4x2xi32>, tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
// CHECK: tosa.avg_pool2d {{.*}} -> tensor<1x1x1x2xf32>
func.func @add_conv_conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.add %c1, %c2 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %gap = tosa.avg_pool2d %s, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %gap : tensor<1x1x1x2xf32>
}
