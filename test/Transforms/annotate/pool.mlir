// Pool rules. max_pool2d requantizes an activation to input and yields input
// (TVM). avg_pool2d does the same (TOSA pools int8/int16 only; TVM keeps the
// domain and pools int32). A global average pool (kernel = H x W)
// ends the quantized region: its result and everything computed from it stay
// float, by data flow (TVM stopped by traversal order), when it heads a
// classifier; a squeeze-excitation pool, whose gate multiplies the pooled
// feature map again, is a plain avg_pool2d. stop-at-global-pool=false
// treats every global pool as a plain avg_pool2d.
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" | FileCheck %s
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= stop-at-global-pool=false" | FileCheck %s --check-prefix=NOSTOP

// CHECK-LABEL: func.func @pools
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<5.000000e-01>
// CHECK-NEXT: %[[WQ:.*]] = autoquant.simulated_quantize %[[W]] kind = weight
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK-NEXT: %[[CQ:.*]] = autoquant.simulated_quantize %[[C]] kind = input
// CHECK-NEXT: %[[MP:.*]] = tosa.max_pool2d %[[CQ]]
// CHECK-NEXT: %[[AP:.*]] = tosa.avg_pool2d %[[MP]]
// CHECK-NEXT: %[[GAP:.*]] = tosa.avg_pool2d %[[AP]]
// CHECK-NEXT: tosa.conv2d %[[GAP]], %[[W]],
// NOSTOP-LABEL: func.func @pools
// NOSTOP: %[[WQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight
// NOSTOP: %[[GAP:.*]] = tosa.avg_pool2d {{.*}}kernel = array<i64: 3, 3>
// NOSTOP-NEXT: tosa.conv2d %[[GAP]], %[[WQ]],
func.func @pools(%x: tensor<1x8x8x2xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %mp = tosa.max_pool2d %c {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x4x4x2xf32>
  %ap = tosa.avg_pool2d %mp, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %gap = tosa.avg_pool2d %ap, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %c2 = tosa.conv2d %gap, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %c2 : tensor<1x1x1x2xf32>
}

// An avg_pool2d of an activation requantizes it to input first.
// CHECK-LABEL: func.func @avg_of_activation
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK-NEXT: %[[CQ:.*]] = autoquant.simulated_quantize %[[C]] kind = input
// CHECK-NEXT: tosa.avg_pool2d %[[CQ]]
func.func @avg_of_activation(%x: tensor<1x8x8x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %ap = tosa.avg_pool2d %c, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %ap : tensor<1x4x4x2xf32>
}

// Squeeze-excitation: the global pool's gate (1x1 conv, sigmoid) multiplies
// the feature map again, so the pool does not end the quantized region:
// it pools the (requantized) input like any avg_pool2d and the 1x1 conv
// reads its int8 result. The classifier head's pool at the end still stops.
// CHECK-LABEL: func.func @squeeze_excitation
// CHECK: %[[R:.*]] = tosa.clamp
// CHECK-NEXT: %[[RQ:.*]] = autoquant.simulated_quantize %[[R]] kind = input
// CHECK-NEXT: %[[GAP:.*]] = tosa.avg_pool2d %[[RQ]], {{.*}}kernel = array<i64: 4, 4>
// CHECK-NEXT: tosa.conv2d %[[GAP]], %{{.*}}
// CHECK: tosa.sigmoid
// CHECK: %[[M:.*]] = tosa.mul
// CHECK: %[[HEAD:.*]] = tosa.avg_pool2d %{{.*}} {acc_type = f32, kernel = array<i64: 4, 4>
// CHECK-NOT: autoquant.simulated_quantize
// CHECK: return
func.func @squeeze_excitation(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %gap = tosa.avg_pool2d %r, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %g = tosa.conv2d %gap, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %s = tosa.sigmoid %g : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %m = tosa.mul %r, %s, %shift : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %head = tosa.avg_pool2d %m, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %head : tensor<1x1x1x2xf32>
}

// A "global" pool over a 1x1 feature map (MobileNetV2 on 28x28 images)
// still heads the classifier: the reshape after it is no larger than its
// result, so the dense layer stays float.
// CHECK-LABEL: func.func @one_by_one_head
// CHECK: tosa.conv2d
// CHECK: tosa.clamp
// CHECK-NEXT: tosa.avg_pool2d
// CHECK-NOT: autoquant.simulated_quantize
// CHECK: return
func.func @one_by_one_head(%x: tensor<1x1x1x4xf32>) -> tensor<1x1x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %cw = "tosa.const"() <{values = dense<0.25> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  %cb = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %c = tosa.conv2d %x, %cw, %cb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x4xf32>
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  %gap = tosa.avg_pool2d %r, %zp, %zp {acc_type = f32, kernel = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x4xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %gap, %s : (tensor<1x1x1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %y = tosa.matmul %f, %w, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2xf32>
  return %y : tensor<1x1x2xf32>
}
