// Pass-through rule: clamp (relu), reshape, transpose, slice, pad, tile,
// reverse and identity keep their operand's domain; on float data they stay
// float. Here a conv activation flows through all of them into a second conv,
// which requantizes the end of the chain to input (and nothing in between).
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" | FileCheck %s

// CHECK-LABEL: func.func @chain
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK-NEXT: %[[R:.*]] = tosa.clamp %[[C]]
// CHECK-NEXT: %[[T:.*]] = tosa.transpose %[[R]]
// CHECK-NEXT: %[[V:.*]] = tosa.reverse %[[T]]
// CHECK-NEXT: %[[I:.*]] = tosa.identity %[[V]]
// CHECK: %[[P:.*]] = tosa.pad %[[I]]
// CHECK: %[[S:.*]] = tosa.slice %[[P]]
// CHECK: %[[TL:.*]] = tosa.tile %[[S]]
// CHECK: %[[RS:.*]] = tosa.reshape %[[TL]]
// CHECK-NEXT: %[[Q:.*]] = autoquant.simulated_quantize %[[RS]] kind = input
// CHECK-NEXT: tosa.conv2d %[[Q]]
// Float data through the same ops gets nothing.
// CHECK: tosa.clamp %arg1
func.func @chain(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %t = tosa.transpose %r {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %v = tosa.reverse %t {axis = 1 : i32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %i = tosa.identity %v : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %pv = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %i, %padding, %pv : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  %start = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %p, %start, %size : (tensor<1x6x6x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x4x2xf32>
  %mult = tosa.const_shape {values = dense<[1, 2, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %tl = tosa.tile %s, %mult : (tensor<1x2x4x2xf32>, !tosa.shape<4>) -> tensor<1x4x4x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 4, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %rs = tosa.reshape %tl, %shape : (tensor<1x4x4x2xf32>, !tosa.shape<4>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %rs, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %f = tosa.clamp %y {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %c2, %f : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
