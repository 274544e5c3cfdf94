// Per-channel weights and unsigned codes, with power-of-two scales so that
// every integer is hand-computable:
//   x: unsigned input, s = 0.5, codes [0, 255] stored as int8 with zero
//      point -128 (q - 128), which the conv takes as input_zp;
//   w: per channel along axis 0, s = 2^-7, 2^-10, 2^-6 -> accumulator
//      scales 2^-8, 2^-11, 2^-7; 0.25 / 2^-10 = 256 clips to 127;
//   bias 0.5, -0.25, 1.0 -> 128, -512, 128;
//   relu6 per channel on the accumulator: [0, 6 / s_acc] = [0, 1536],
//      [0, 12288], [0, 768] with tosa.maximum / tosa.minimum;
//   output unsigned s = 2^-5: ratios 2^-3, 2^-6, 2^-2 -> one per-channel
//      rescale, multiplier 2^30, shifts 33, 36, 32, output zero point -128.
// RUN: quant-opt %s --autoquant-realize | FileCheck %s
// RUN: quant-opt %s --autoquant-realize | quant-opt --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// Simulate and calibrate understand the same parameters:
// RUN: quant-opt %s --autoquant-simulate | FileCheck %s --check-prefix=SIM

// CHECK-LABEL: func.func @conv
// CHECK: %[[OFFSET:.*]] = "tosa.const"() <{values = dense<-1.280000e+02> : tensor<1x1x1x1xf32>}>
// CHECK: tosa.add %{{.*}}, %[[OFFSET]]
// CHECK: tosa.clamp %{{.*}} {{{.*}}max_val = 1.270000e+02 : f32, min_val = -1.280000e+02 : f32}
// CHECK: %[[X:.*]] = tosa.cast %{{.*}} -> tensor<1x2x2x2xi8>
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}127, -64]]], {{\[\[\[}}127, 127]]], {{\[\[\[}}-127, 64]]]]> : tensor<3x1x1x2xi8>}>
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<[128, -512, 128]> : tensor<3xi32>}>
// CHECK: %[[XZP:.*]] = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}>
// CHECK: %[[WZP:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// The scale of every realized value is recorded on the op computing it:
// CHECK: %[[ACC:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B]], %[[XZP]], %[[WZP]] {{{.*}}acc_type = i32, autoquant.axis = 3 : i64, autoquant.scale = array<f64: 3.906250e-03, 4.8828125E-4, 7.812500e-03>
// CHECK: %[[LO:.*]] = "tosa.const"() <{values = dense<0> : tensor<1x1x1x3xi32>}>
// CHECK: %[[RAISED:.*]] = tosa.maximum %[[ACC]], %[[LO]]
// CHECK: %[[HI:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1536, 12288, 768]]]]> : tensor<1x1x1x3xi32>}>
// CHECK: %[[RELU6:.*]] = tosa.minimum %[[RAISED]], %[[HI]]
// CHECK: %[[M:.*]] = "tosa.const"() <{values = dense<1073741824> : tensor<3xi32>}>
// CHECK: %[[S:.*]] = "tosa.const"() <{values = dense<[33, 36, 32]> : tensor<3xi8>}>
// CHECK: %[[IZP:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi32>}>
// CHECK: %[[OZP:.*]] = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}>
// CHECK: %[[Y:.*]] = tosa.rescale %[[RELU6]], %[[M]], %[[S]], %[[IZP]], %[[OZP]] {autoquant.scale = array<f64: 3.125000e-02>, autoquant.zero_point = -128 : i64
// CHECK-SAME: per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : {{.*}} -> tensor<1x2x2x3xi8>
// Exit: (q + 128) * 2^-5.
// CHECK: %[[F:.*]] = tosa.cast %[[Y]] {{.*}}: (tensor<1x2x2x3xi8>) -> tensor<1x2x2x3xf32>
// CHECK: tosa.sub %[[F]], %{{.*}}
// CHECK: return

// SIM-LABEL: func.func @conv
// SIM-NOT: autoquant.simulated_quantize
// SIM: tosa.conv2d
func.func @conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 0.5, clip = [0, 255]> : tensor<1x2x2x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, -0.5]]], [[[0.25, 0.125]]], [[[-2.0, 1.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.0078125, 0.0009765625, 0.015625], clip = [-127, 127]> : tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.25, 1.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 0.03125, clip = [0, 255]> : tensor<1x2x2x3xf32>
  return %rq : tensor<1x2x2x3xf32>
}

// An op without per-channel support (add) reads the accumulator after one
// per-channel rescale, int32 to int32, to the largest channel scale 2^-7:
// ratios 2^-1, 2^-4, 1 -> shifts 31, 34, 30.
// CHECK-LABEL: func.func @to_per_tensor
// CHECK: %[[ACC:.*]] = tosa.conv2d
// CHECK: %[[S:.*]] = "tosa.const"() <{values = dense<[31, 34, 30]> : tensor<3xi8>}>
// CHECK: %[[T:.*]] = tosa.rescale %[[ACC]], %{{.*}}, %[[S]], %{{.*}}, %{{.*}} {{{.*}}per_channel = true{{.*}}} : {{.*}} -> tensor<1x2x2x3xi32>
// CHECK: tosa.add %[[T]], %[[T]] {{.*}}: (tensor<1x2x2x3xi32>, tensor<1x2x2x3xi32>) -> tensor<1x2x2x3xi32>
func.func @to_per_tensor(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x2x2x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, -0.5]]], [[[0.25, 0.125]]], [[[-2.0, 1.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.0078125, 0.0009765625, 0.015625], clip = [-127, 127]> : tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  %s = tosa.add %c, %c : (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %sq = autoquant.simulated_quantize %s kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.03125, clip = [-127, 127]> : tensor<1x2x2x3xf32>
  return %sq : tensor<1x2x2x3xf32>
}
