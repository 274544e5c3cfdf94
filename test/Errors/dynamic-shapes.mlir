// Dynamic shapes: annotate handles them; calibrating from data needs static
// shapes (the model is compiled for one batch size) and says so.
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" | FileCheck %s
// RUN: not quant-opt %s --autoquant-annotate="skip-conv-layers=" --autoquant-calibrate="calibrate-mode=minmax dataset=%S/../Transforms/calibrate/Inputs/x.npy" 2>&1 | FileCheck %s --check-prefix=CALIB

// CHECK: autoquant.simulated_quantize %arg0 kind = input nbit = 8 {{.*}} : tensor<?x4x4x1xf32>
// CALIB: error: JIT runner needs statically shaped tensors of integers or floats; argument 0 has type 'tensor<?x4x4x1xf32>'
func.func @dynamic(%x: tensor<?x4x4x1xf32>) -> tensor<?x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<?x4x4x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x4x4x2xf32>
  return %c : tensor<?x4x4x2xf32>
}
