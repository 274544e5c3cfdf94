// weight-granularity=per-channel: one scale per output channel, along the
// axis the reading op names (conv2d / transpose_conv2d OHWI: 0, depthwise
// [KH, KW, C, M]: 2, matmul [N, C, W]: 2), also through a reshape or a
// transpose of the constant. A weight without such an axis stays per-tensor
// (with a remark when one of its readers has an axis).
// RUN: quant-opt %s --split-input-file --verify-diagnostics --autoquant-calibrate="weight-granularity=per-channel weight-scale=max" | FileCheck %s
// RUN: quant-opt %s --split-input-file --autoquant-calibrate="weight-granularity=per-channel weight-scale=power2" 2>/dev/null | FileCheck %s --check-prefix=POW2
// RUN: not quant-opt %s --autoquant-calibrate="weight-granularity=per-row" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: for the --weight-granularity option: unknown value 'per-row' (expected per-tensor, per-channel)

// Column maxima 0.75, 0.75, 0.5 -> T / 128.
// CHECK-LABEL: func.func @dense
// CHECK: params = <axis = 2, scale = [0.005859375, 0.005859375, 0.00390625], clip = [-127, 127]>
// POW2-LABEL: func.func @dense
// POW2: params = <axis = 2, scale = [0.0078125, 0.0078125, 0.00390625], clip = [-127, 127]>
func.func @dense(%x: tensor<1x2x4xf32>) -> tensor<1x2x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[0.5, -0.25, 0.125], [0.75, 0.0, -0.5], [-0.125, 0.25, 0.5], [0.0625, -0.75, 0.25]]]> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x4x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x, %wq, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  return %m : tensor<1x2x3xf32>
}

// -----

// The OHWI weight is the transpose of an [I, O] constant (perms [1, 0] then
// a reshape to 3x1x1x2): output channel o is column o of the constant,
// maxima 2.0, 0.5, 1.0.
// CHECK-LABEL: func.func @conv_transposed
// CHECK: params = <axis = 0, scale = [0.015625, 0.00390625, 0.0078125], clip = [-127, 127]>
func.func @conv_transposed(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x3xf32> {
  %w = "tosa.const"() <{values = dense<[[2.0, -0.5, 0.25], [-1.0, 0.125, -1.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %t = tosa.transpose %w {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %shape = tosa.const_shape {values = dense<[3, 1, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %w4 = tosa.reshape %t, %shape : (tensor<3x2xf32>, !tosa.shape<4>) -> tensor<3x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w4 kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

// Depthwise [KH, KW, C, M] = [1, 2, 2, 1]: channel maxima 0.5 and 4.0.
// CHECK-LABEL: func.func @depthwise
// CHECK: params = <axis = 2, scale = [0.00390625, 0.03125], clip = [-127, 127]>
func.func @depthwise(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x1x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5], [-4.0]], [[-0.25], [1.0]]]]> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.depthwise_conv2d %x, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x1x2xf32>
  return %y : tensor<1x2x1x2xf32>
}

// -----

// A constant added to an activation has no output-channel axis: per-tensor,
// silently (biases after a matmul, layer-norm gammas).
// CHECK-LABEL: func.func @no_axis
// CHECK: params = <scale = 0.015625, clip = [-127, 127]>
func.func @no_axis(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = "tosa.const"() <{values = dense<[1.0, -2.0, 0.5, 0.25]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %cq = autoquant.simulated_quantize %c kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  %y = tosa.add %x, %cq : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A weight read by a matmul (channels along axis 2) and by an add (none)
// stays per-tensor, with a remark: the matmul would have taken per-channel.
// CHECK-LABEL: func.func @readers_disagree
// CHECK: params = <scale = 0.015625, clip = [-127, 127]>
func.func @readers_disagree(%x: tensor<1x2x2xf32>) -> (tensor<1x2x2xf32>, tensor<1x2x2xf32>) {
  %w = "tosa.const"() <{values = dense<[[[1.0, -2.0], [0.5, 0.25]]]> : tensor<1x2x2xf32>}> : () -> tensor<1x2x2xf32>
  // expected-remark @+1 {{weight '' stays per-tensor: its readers have no common output-channel axis}}
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x, %wq, %zp, %zp : (tensor<1x2x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  %a = tosa.add %x, %wq : (tensor<1x2x2xf32>, tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
  return %m, %a : tensor<1x2x2xf32>, tensor<1x2x2xf32>
}
