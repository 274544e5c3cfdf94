// int16 activations into convolutions and matmuls (TOSA's int16 extension):
// int16 data x int8 weights accumulate in int48 with an int48 bias, and the
// accumulator is narrowed to int32 at once (tosa.rescale i48 -> i32,
// scale32 = false, multiplier 2^14, shift 14 + k; k = 0 is exact), so the
// rest is the int32 flow (docs/Numerics.md).
//   x: s = 2^-10, codes [-32767, 32767]; w: s = 2^-6 -> codes 64, -32, 16,
//   8, -127 (clipped), 64; accumulator scale 2^-16; bias 0.5, -0.25, 1.0 ->
//   32768, -16384, 65536 (int48); output s = 2^-5: ratio 2^-11 -> multiplier
//   2^30, shift 41.
// RUN: quant-opt %s --split-input-file --autoquant-realize | FileCheck %s
// RUN: quant-opt %s --split-input-file --autoquant-realize | quant-opt --split-input-file --tosa-attach-target="profiles=pro_int,pro_fp extensions=int16" --tosa-validate="strict-op-spec-alignment" -o /dev/null

// CHECK-LABEL: func.func @conv16
// CHECK: %[[X:.*]] = tosa.cast %{{.*}} -> tensor<1x2x2x2xi16>
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}64, -32]]], {{\[\[\[}}16, 8]]], {{\[\[\[}}-127, 64]]]]> : tensor<3x1x1x2xi8>}>
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<[32768, -16384, 65536]> : tensor<3xi48>}>
// CHECK: %[[XZP:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi16>}>
// CHECK: %[[WZP:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// CHECK: %[[ACC:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B]], %[[XZP]], %[[WZP]] {acc_type = i48, autoquant.scale = array<f64: 1.52587890625E-5>{{.*}} -> tensor<1x2x2x3xi48>
// CHECK: %[[M:.*]] = "tosa.const"() <{values = dense<16384> : tensor<1xi16>}>
// CHECK: %[[S:.*]] = "tosa.const"() <{values = dense<14> : tensor<1xi8>}>
// CHECK: %[[ACC32:.*]] = tosa.rescale %[[ACC]], %[[M]], %[[S]], %{{.*}}, %{{.*}} {autoquant.scale = array<f64: 1.52587890625E-5>{{.*}}scale32 = false} : (tensor<1x2x2x3xi48>, {{.*}}) -> tensor<1x2x2x3xi32>
// CHECK: %[[S2:.*]] = "tosa.const"() <{values = dense<41> : tensor<1xi8>}>
// CHECK: tosa.rescale %[[ACC32]], %{{.*}}, %[[S2]], {{.*}} -> tensor<1x2x2x3xi8>
func.func @conv16(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 16 sign = true rounding = half_away_from_zero params = <scale = 0.0009765625, clip = [-32767, 32767]> : tensor<1x2x2x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, -0.5]]], [[[0.25, 0.125]]], [[[-2.0, 1.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.015625, clip = [-127, 127]> : tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.25, 1.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  %cq = autoquant.simulated_quantize %c kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.03125, clip = [-127, 127]> : tensor<1x2x2x3xf32>
  return %cq : tensor<1x2x2x3xf32>
}

// -----

// 600 products of up to 32767 x 127 can exceed int32 (2.5e9): the
// narrowing shifts by k = 1 and the accumulator scale doubles (2^-15).
// CHECK-LABEL: func.func @narrowing_shift
// CHECK: %[[ACC:.*]] = tosa.conv2d {{.*}} -> tensor<1x1x1x1xi48>
// CHECK: %[[S:.*]] = "tosa.const"() <{values = dense<15> : tensor<1xi8>}>
// CHECK: tosa.rescale %[[ACC]], %{{.*}}, %[[S]], {{.*}}autoquant.scale = array<f64: 3.0517578125E-5>{{.*}} -> tensor<1x1x1x1xi32>
func.func @narrowing_shift(%x: tensor<1x1x1x600xf32>) -> tensor<1x1x1x1xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 16 sign = true rounding = half_away_from_zero params = <scale = 0.0009765625, clip = [-32767, 32767]> : tensor<1x1x1x600xf32>
  %w = "tosa.const"() <{values = dense<1.984375> : tensor<1x1x1x600xf32>}> : () -> tensor<1x1x1x600xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.015625, clip = [-127, 127]> : tensor<1x1x1x600xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x600xf32>, tensor<1x1x1x600xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %cq = autoquant.simulated_quantize %c kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<1x1x1x1xf32>
  return %cq : tensor<1x1x1x1xf32>
}

// -----

// TOSA's int16 matmul takes int16 on both sides: the int8 weight codes are
// widened to an int16 constant.
// CHECK-LABEL: func.func @matmul16
// CHECK: %[[A:.*]] = tosa.cast %{{.*}} -> tensor<1x2x3xi16>
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}64, -32], [16, 8], [-127, 64]]]> : tensor<1x3x2xi16>}>
// CHECK: %[[ACC:.*]] = tosa.matmul %[[A]], %[[B]], %{{.*}}, %{{.*}} {{.*}}: (tensor<1x2x3xi16>, tensor<1x3x2xi16>, tensor<1xi16>, tensor<1xi16>) -> tensor<1x2x2xi48>
// CHECK: tosa.rescale %[[ACC]], {{.*}} -> tensor<1x2x2xi32>
func.func @matmul16(%a: tensor<1x2x3xf32>) -> tensor<1x2x2xf32> {
  %aq = autoquant.simulated_quantize %a kind = input nbit = 16 sign = true rounding = half_away_from_zero params = <scale = 0.0009765625, clip = [-32767, 32767]> : tensor<1x2x3xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, -0.5], [0.25, 0.125], [-2.0, 1.0]]]> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %bq = autoquant.simulated_quantize %b kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.015625, clip = [-127, 127]> : tensor<1x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %aq, %bq, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  %mq = autoquant.simulated_quantize %m kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.03125, clip = [-127, 127]> : tensor<1x2x2xf32>
  return %mq : tensor<1x2x2xf32>
}
