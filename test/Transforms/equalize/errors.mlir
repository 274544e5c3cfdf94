// Bad options and bad data: one error each, non-zero exit.
// RUN: not quant-opt %s --autoquant-equalize="source=bogus" 2>&1 | FileCheck %s --check-prefix=SOURCE
// RUN: not quant-opt %s --autoquant-equalize="source=weights alpha=1.5" 2>&1 | FileCheck %s --check-prefix=ALPHA
// RUN: not quant-opt %s --autoquant-equalize 2>&1 | FileCheck %s --check-prefix=NODATA
// RUN: not quant-opt %s --autoquant-equalize="dataset=%t.missing.npy" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not quant-opt %s --autoquant-equalize="dataset=%S/../calibrate/Inputs/nan.npy" 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not quant-opt %s --autoquant-equalize="dataset=%S/../calibrate/Inputs/wrong_shape.npy" 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not quant-opt %s --autoquant-equalize="source=weights entry=nope" 2>&1 | FileCheck %s --check-prefix=ENTRY
// RUN: not quant-opt %s --autoquant="preset=tvm equalize=activations calibrate-mode=global_scale" 2>&1 | FileCheck %s --check-prefix=NODATA

// SOURCE: for the --source option: unknown value 'bogus' (expected activations, weights)
// ALPHA: error: autoquant-equalize: alpha must be in [0, 1], got 1.5
// NODATA: error: autoquant-equalize: source=activations needs a dataset (dataset=FILE.npy or .npz), or use source=weights
// MISSING: error: autoquant-equalize: {{.*}}missing.npy
// NAN: error: autoquant-equalize: {{.*}}NaN
// SHAPE: error: autoquant-equalize: {{.*}}wrong_shape.npy
// ENTRY: error: autoquant-equalize: entry names 'nope', which is not a function with a body

func.func @net(%x: tensor<2x4xf32>) -> tensor<2x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s4 = tosa.const_shape {values = dense<[2, 1, 1, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %x4 = tosa.reshape %x, %s4 : (tensor<2x4xf32>, !tosa.shape<4>) -> tensor<2x1x1x4xf32>
  %w1 = "tosa.const"() <{values = dense<[[[[2.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.5]]]]> : tensor<2x1x1x4xf32>}> : () -> tensor<2x1x1x4xf32>
  %b1 = "tosa.const"() <{values = dense<[0.125, 0.25]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x4, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x2xf32>
  %r1 = tosa.clamp %c1 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<2x1x1x2xf32>) -> tensor<2x1x1x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %c2 = tosa.conv2d %r1, %w2, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<2x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x1xf32>
  %s2 = tosa.const_shape {values = dense<[2, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %c2, %s2 : (tensor<2x1x1x1xf32>, !tosa.shape<2>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}
