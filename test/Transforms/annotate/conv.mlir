// Conv rule (TVM nn.conv2d; depthwise and transpose conv use the same rule):
// data -> input, constant weight -> weight, bias and zero points untouched,
// result in the activation domain (no op attached to it).
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x8x3xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<4x3x3x3xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<4xf32>}>
// CHECK-DAG: %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK-DAG: %[[XQ:.*]] = autoquant.simulated_quantize %[[X]] kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x8x8x3xf32>
// CHECK-DAG: %[[WQ:.*]] = autoquant.simulated_quantize %[[W]] kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<4x3x3x3xf32>
// CHECK: %[[C:.*]] = tosa.conv2d %[[XQ]], %[[WQ]], %[[B]], %[[ZP]], %[[ZP]]
// CHECK-NEXT: return %[[C]]
func.func @conv2d(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x4xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<4x3x3x3xf32>}> : () -> tensor<4x3x3x3xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// An activation feeding the next conv is requantized to input; the quantized
// ops are named after their producer's location.
// CHECK-LABEL: func.func @conv_chain
// CHECK: %[[C1:.*]] = tosa.conv2d
// CHECK: %[[C1Q:.*]] = autoquant.simulated_quantize %[[C1]] kind = input nbit = 8
// CHECK: tosa.conv2d %[[C1Q]],
// LOC-LABEL: func.func @conv_chain
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" --split-input-file --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// LOC-DAG: autoquant.simulated_quantize %{{.*}} kind = input {{.*}} loc(#[[IN:loc[0-9]*]])
// LOC-DAG: #[[IN]] = loc("arg0/input"
// LOC-DAG: loc("conv_a/input"
// LOC-DAG: loc("w_a/weight"
func.func @conv_chain(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32> loc("w_a")
  %b = "tosa.const"() <{values = dense<1.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32> loc("conv_a")
  %1 = tosa.conv2d %0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32> loc("conv_b")
  return %1 : tensor<1x8x8x4xf32>
}

// -----

// A weight shared by two convs, and an input read by both: one op each.
// CHECK-LABEL: func.func @shared_operands
// CHECK-COUNT-2: autoquant.simulated_quantize
// CHECK-NOT: autoquant.simulated_quantize
func.func @shared_operands(%x: tensor<1x8x8x4xf32>) -> (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  return %0, %1 : tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: %[[XQ:.*]] = autoquant.simulated_quantize %arg0 kind = input
// CHECK-DAG: %[[WQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight {{.*}} : tensor<3x3x4x1xf32>
// CHECK: tosa.depthwise_conv2d %[[XQ]], %[[WQ]],
func.func @depthwise(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<3x3x4x1xf32>}> : () -> tensor<3x3x4x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  return %0 : tensor<1x8x8x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_conv
// CHECK-DAG: %[[XQ:.*]] = autoquant.simulated_quantize %arg0 kind = input
// CHECK-DAG: %[[WQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight {{.*}} : tensor<2x3x3x4xf32>
// CHECK: tosa.transpose_conv2d %[[XQ]], %[[WQ]],
func.func @transpose_conv(%x: tensor<1x4x4x4xf32>) -> tensor<1x9x9x2xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x3x3x4xf32>}> : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x2xf32>
  return %0 : tensor<1x9x9x2xf32>
}
