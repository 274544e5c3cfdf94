// Realize of conv + relu + requantization, with power-of-two scales so that
// every integer is hand-computable:
//   x: input, s = 0.5;  w: weight, s = 0.25;  accumulator scale 0.125
//   bias 1.0 -> 1.0 / 0.125 = 8, -0.5 -> -4;  weights 1.0, -0.5 -> 4, -2
//   relu on the int32 accumulator: max(acc, 0) (TOSA clamp takes no i32)
//   output point s = 1.0: ratio 0.125 = 2^30 * 2^-33 -> multiplier 2^30, shift 33
// RUN: quant-opt %s --autoquant-realize | FileCheck %s
// RUN: quant-opt %s --autoquant-realize | quant-opt --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null

// CHECK-LABEL: func.func @conv_relu
// Entry: x * float32(1 / 0.5), rounded half away from zero, clamped, cast.
// CHECK: %[[RECIP:.*]] = "tosa.const"() <{values = dense<2.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK: %[[SCALED:.*]] = tosa.mul %arg0, %[[RECIP]]
// CHECK: tosa.abs %[[SCALED]]
// CHECK: tosa.floor
// CHECK: tosa.select
// CHECK: %[[CLAMPED:.*]] = tosa.clamp %{{.*}} {{{.*}}max_val = 1.270000e+02 : f32, min_val = -1.270000e+02 : f32}
// CHECK: %[[XQ:.*]] = tosa.cast %[[CLAMPED]] {{.*}}: (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xi8>
// Folded weights and bias:
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}4]]], {{\[\[\[}}-2]]]]> : tensor<2x1x1x1xi8>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[8, -4]> : tensor<2xi32>}>
// CHECK-DAG: %[[ZP:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// CHECK: %[[ACC:.*]] = tosa.conv2d %[[XQ]], %[[W]], %[[B]], %{{.*}}, %{{.*}} {{{.*}}acc_type = i32, {{.*}}} : {{.*}} -> tensor<1x2x2x2xi32>
// CHECK: %[[RELU:.*]] = tosa.maximum %[[ACC]], %{{.*}} : (tensor<1x2x2x2xi32>, tensor<1x1x1x1xi32>)
// CHECK: %[[RMAX:.*]] = tosa.minimum %[[RELU]]
// CHECK-DAG: "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// CHECK-DAG: "tosa.const"() <{values = dense<33> : tensor<1xi8>}>
// CHECK: %[[OUT:.*]] = tosa.rescale %[[RMAX]], {{.*}} {{{.*}}input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : {{.*}} -> tensor<1x2x2x2xi8>
// CHECK: %[[OUTC:.*]] = tosa.clamp %[[OUT]] {{{.*}}max_val = 127 : i8, min_val = -127 : i8}
// Exit: float(q) * 1.0.
// CHECK: %[[F:.*]] = tosa.cast %[[OUTC]] {{.*}}: (tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xf32>
// CHECK: %[[Y:.*]] = tosa.mul %[[F]]
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x2x2x1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[1.0, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<1x2x2x2xf32>
  return %rq : tensor<1x2x2x2xf32>
}
