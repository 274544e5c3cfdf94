// Realize rules of the other ops, one function each. Scales are powers of
// two so that every multiplier is 2^30 and shifts are easy to check.
// RUN: quant-opt %s --split-input-file --autoquant-realize | FileCheck %s
// The output is valid TOSA for the integer (+ float at the edges) profiles.
// level=none: tosa-validate's level check counts tosa.pad's !tosa.shape<8>
// padding as a rank-8 tensor and rejects it even for float models.
// RUN: quant-opt %s --split-input-file --autoquant-realize | quant-opt --split-input-file --tosa-attach-target="profiles=pro_int,pro_fp level=none" --tosa-validate="strict-op-spec-alignment" -o /dev/null

// add: both sides in int32 at the smaller scale (0.25): the 0.5 side is
// rescaled by 2 (shift 29), the 0.25 side by 1 (shift 30).
// CHECK-LABEL: func.func @add
// CHECK: tosa.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi8>
// CHECK: "tosa.const"() <{values = dense<29> : tensor<1xi8>}>
// CHECK: %[[L:.*]] = tosa.rescale {{.*}} -> tensor<4xi32>
// CHECK: "tosa.const"() <{values = dense<30> : tensor<1xi8>}>
// CHECK: %[[R:.*]] = tosa.rescale {{.*}} -> tensor<4xi32>
// CHECK: %[[S:.*]] = tosa.add %[[L]], %[[R]] {{.*}}: (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK: tosa.cast %[[S]] {{.*}}: (tensor<4xi32>) -> tensor<4xf32>
func.func @add(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
  %yq = autoquant.simulated_quantize %y kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<4xf32>
  %s = tosa.add %xq, %yq : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

// mul: int32 x int32 at the product of the scales, shift operand 0.
// CHECK-LABEL: func.func @mul
// CHECK: %[[M:.*]] = tosa.mul %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4xi32>, tensor<4xi32>, tensor<1xi8>) -> tensor<4xi32>
// CHECK: "tosa.const"() <{values = dense<1.250000e-01> : tensor<1xf32>}>
func.func @mul(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
  %yq = autoquant.simulated_quantize %y kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<4xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %xq, %yq, %shift : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  return %m : tensor<4xf32>
}

// -----

// relu6 on int8 data at scale 0.5: [0, 6] -> codes [0, 12], a tosa.clamp.
// max_pool, reshape and transpose keep int8 and the scale.
// CHECK-LABEL: func.func @moves
// CHECK: %[[XQ:.*]] = tosa.cast %{{.*}} -> tensor<1x4x4x2xi8>
// CHECK: %[[R:.*]] = tosa.clamp %[[XQ]] {{{.*}}max_val = 12 : i8, min_val = 0 : i8}
// CHECK: %[[P:.*]] = tosa.max_pool2d %[[R]] {{.*}} -> tensor<1x2x2x2xi8>
// CHECK: %[[T:.*]] = tosa.transpose %[[P]] {{.*}} -> tensor<1x2x2x2xi8>
// CHECK: %[[RS:.*]] = tosa.reshape %[[T]], %{{.*}} -> tensor<1x8xi8>
// CHECK: tosa.cast %[[RS]] {{.*}}: (tensor<1x8xi8>) -> tensor<1x8xf32>
func.func @moves(%x: tensor<1x4x4x2xf32>) -> tensor<1x8xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x4x4x2xf32>
  %r = tosa.clamp %xq {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %t = tosa.transpose %p {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %rs = tosa.reshape %t, %shape : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
  return %rs : tensor<1x8xf32>
}

// -----

// avg_pool2d in int8 (accumulator i32); pad with the quantized pad value;
// concat in int32 at the smaller scale.
// CHECK-LABEL: func.func @pool_pad_concat
// CHECK: tosa.avg_pool2d %{{.*}}, %{{.*}}, %{{.*}} {{{.*}}acc_type = i32, {{.*}}} : (tensor<1x4x4x1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi8>
// CHECK: "tosa.const"() <{values = dense<2> : tensor<1xi8>}>
// CHECK: tosa.pad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x2x2x1xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x4x4x1xi8>
// CHECK: tosa.concat %{{.*}}, %{{.*}} {{{.*}}axis = 3 : i32} : (tensor<1x4x4x1xi32>, tensor<1x4x4x1xi32>) -> tensor<1x4x4x2xi32>
func.func @pool_pad_concat(%x: tensor<1x4x4x1xf32>, %y: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x4x4x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %a = tosa.avg_pool2d %xq, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %pv = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %a, %padding, %pv : (tensor<1x2x2x1xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %yq = autoquant.simulated_quantize %y kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 0.125, clip = [-2147483647, 2147483647]> : tensor<1x4x4x1xf32>
  %c = tosa.concat %p, %yq {axis = 3 : i32} : (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32>
  return %c : tensor<1x4x4x2xf32>
}

// -----

// matmul int8 x int8 -> int32 at the product of the scales.
// CHECK-LABEL: func.func @matmul
// CHECK: tosa.matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x2x4xi8>, tensor<1x4x3xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x3xi32>
func.func @matmul(%x: tensor<1x2x4xf32>) -> tensor<1x2x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x2x4xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<1x4x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %xq, %wq, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  return %m : tensor<1x2x3xf32>
}

// -----

// concat of an 8-bit branch (scale 2^-4: codes up to 127 mean 7.9) and a
// 32-bit point of a narrower range (scale 2^-30: 2^31 codes mean 2): at the
// smaller scale the 8-bit codes would need 127 * 2^26 > 2^31, so the common
// scale rises to 2^-4 * 128 / (2^31 - 1) (just over 2^-28): the 8-bit branch
// is rescaled by ~2^24, the 32-bit one by ~1/4.
// CHECK-LABEL: func.func @concat_32bit_point
// CHECK: tosa.concat %{{.*}}, %{{.*}} {autoquant.scale = array<f64: 3.7252903{{[0-9]*}}E-9>, axis = 3 : i32} : (tensor<1x2x2x1xi32>, tensor<1x2x2x1xi32>) -> tensor<1x2x2x2xi32>
func.func @concat_32bit_point(%x: tensor<1x2x2x1xf32>, %y: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.0625, clip = [-127, 127]> : tensor<1x2x2x1xf32>
  %yq = autoquant.simulated_quantize %y kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 9.3132257461547852E-10, clip = [-2147483647, 2147483647]> : tensor<1x2x2x1xf32>
  %c = tosa.concat %xq, %yq {axis = 3 : i32} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

// concat of an int32 matmul accumulator (scale 0.5 * 0.25 = 0.125) and a
// 32-bit point (scale 2^-30, e.g. a class token constant): an int32 value is
// never rescaled to a finer scale (the accumulator's codes times 2^27 would
// leave int32), so the common scale is the accumulator's 0.125 and only the
// 32-bit point is rescaled (by 2^-27).
// CHECK-LABEL: func.func @concat_accumulator_32bit_point
// CHECK: %[[ACC:.*]] = tosa.matmul {{.*}} -> tensor<1x2x3xi32>
// CHECK-NOT: tosa.rescale %[[ACC]]
// CHECK: %[[MUL:.*]] = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// CHECK: %[[SHIFT:.*]] = "tosa.const"() <{values = dense<57> : tensor<1xi8>}>
// CHECK: %[[P:.*]] = tosa.rescale %{{.*}}, %[[MUL]], %[[SHIFT]], {{.*}} -> tensor<1x1x3xi32>
// CHECK: tosa.concat %[[P]], %[[ACC]] {autoquant.scale = array<f64: 1.250000e-01>, axis = 1 : i32} : (tensor<1x1x3xi32>, tensor<1x2x3xi32>) -> tensor<1x3x3xi32>
func.func @concat_accumulator_32bit_point(%x: tensor<1x2x4xf32>, %t: tensor<1x1x3xf32>) -> tensor<1x3x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x2x4xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<1x4x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %xq, %wq, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  %tq = autoquant.simulated_quantize %t kind = activation nbit = 32 sign = true rounding = half_away_from_zero params = <scale = 9.3132257461547852E-10, clip = [-2147483647, 2147483647]> : tensor<1x1x3xf32>
  %c = tosa.concat %tq, %m {axis = 1 : i32} : (tensor<1x1x3xf32>, tensor<1x2x3xf32>) -> tensor<1x3x3xf32>
  return %c : tensor<1x3x3xf32>
}
