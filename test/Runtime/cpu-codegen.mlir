// autoquant-cpu-codegen: the JIT runner's tiling and vectorization
// (docs/Runner.md). A constant FHWC filter is transposed at compile time,
// convolutions become register tiles of output width x output channels
// (8 x 2 vectors) with a vector.contract inside, elementwise generics are
// vectorized along their innermost dimension, and what cannot be vectorized
// (dynamic shapes) is left as it is.
// RUN: quant-opt %s --autoquant-cpu-codegen | FileCheck %s
// RUN: quant-opt %s --autoquant-cpu-codegen=vector-width=4 | FileCheck %s --check-prefix=NARROW
// RUN: quant-opt %s --autoquant-cpu-codegen=pairwise-int8=false | FileCheck %s --check-prefix=NOPAIRS

// CHECK-LABEL: func.func @conv
// CHECK: arith.constant dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]]]]> : tensor<1x1x2x4xf32>
// CHECK-NOT: linalg.transpose
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK: vector.contract {{.*}} : vector<1x8x2xf32>, vector<2x4xf32> into vector<1x8x4xf32>
// CHECK-NOT: linalg.conv
// CHECK: return
func.func @conv(%x: tensor<1x4x16x2xf32>) -> tensor<1x4x16x4xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]], [[[7.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %e = tensor.empty() : tensor<1x4x16x4xf32>
  %zero = arith.constant 0.0 : f32
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x16x4xf32>) -> tensor<1x4x16x4xf32>
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x16x2xf32>, tensor<4x1x1x2xf32>) outs(%init : tensor<1x4x16x4xf32>) -> tensor<1x4x16x4xf32>
  return %c : tensor<1x4x16x4xf32>
}

// A filter chosen at run time between two constants (the calibration
// report's sensitivity runs): both transposes fold, the select stays.
// CHECK-LABEL: func.func @selected_filter
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]]]]> : tensor<1x1x2x4xf32>
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}-1.000000e+00, -3.000000e+00, -5.000000e+00, -7.000000e+00], [-2.000000e+00, -4.000000e+00, -6.000000e+00, -8.000000e+00]]]]> : tensor<1x1x2x4xf32>
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x1x2x4xf32>
// CHECK-NOT: linalg.transpose
// CHECK: vector.contract
func.func @selected_filter(%x: tensor<1x4x16x2xf32>, %quantized: i1) -> tensor<1x4x16x4xf32> {
  %a = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]], [[[7.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %b = arith.constant dense<[[[[-1.0, -2.0]]], [[[-3.0, -4.0]]], [[[-5.0, -6.0]]], [[[-7.0, -8.0]]]]> : tensor<4x1x1x2xf32>
  %w = arith.select %quantized, %a, %b : tensor<4x1x1x2xf32>
  %e = tensor.empty() : tensor<1x4x16x4xf32>
  %zero = arith.constant 0.0 : f32
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x16x4xf32>) -> tensor<1x4x16x4xf32>
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x16x2xf32>, tensor<4x1x1x2xf32>) outs(%init : tensor<1x4x16x4xf32>) -> tensor<1x4x16x4xf32>
  return %c : tensor<1x4x16x4xf32>
}

// A 3x3 window: one tap (kh, kw) and an input-channel slice (one vector's
// worth) per iteration; 64 output channels give tiles of 32 (2 x 16); with
// vector-width=4: 8 output channels, 4 input channels.
// CHECK-LABEL: func.func @conv3x3
// CHECK: vector.contract {{.*}} : vector<1x8x8xf32>, vector<8x32xf32> into vector<1x8x32xf32>
// NARROW-LABEL: func.func @conv3x3
// NARROW: vector.contract {{.*}} : vector<1x8x4xf32>, vector<4x8xf32> into vector<1x8x8xf32>
func.func @conv3x3(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x64xf32>) -> tensor<1x8x8x64xf32> {
  %e = tensor.empty() : tensor<1x8x8x64xf32>
  %zero = arith.constant 0.0 : f32
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x64xf32>) outs(%init : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  return %c : tensor<1x8x8x64xf32>
}

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @elementwise
// CHECK: scf.for
// CHECK: arith.addf {{.*}} : vector<1x1x1x48xf32>
// CHECK-NOT: linalg.generic
func.func @elementwise(%a: tensor<1x3x5x48xf32>, %b: tensor<1x3x5x48xf32>) -> tensor<1x3x5x48xf32> {
  %e = tensor.empty() : tensor<1x3x5x48xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a, %b : tensor<1x3x5x48xf32>, tensor<1x3x5x48xf32>) outs(%e : tensor<1x3x5x48xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<1x3x5x48xf32>
  return %r : tensor<1x3x5x48xf32>
}

// CHECK-LABEL: func.func @dynamic
// CHECK-NOT: vector.
// CHECK: linalg.generic
#id1 = affine_map<(d0) -> (d0)>
func.func @dynamic(%a: tensor<?xf32>) -> tensor<?xf32> {
  %r = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%a : tensor<?xf32>) outs(%a : tensor<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// A constant pad becomes a fill of the padded tensor and a tiled copy of
// the interior in contiguous rows (no tensor.pad is left to bufferize into
// one strided, element-by-element copy).
// CHECK-LABEL: func.func @pad
// CHECK: %[[FILLED:.*]] = linalg.fill
// CHECK: tensor.extract_slice %[[FILLED]][0, 1, 1, 0] [1, 4, 4, 16]
// CHECK: scf.for
// CHECK: tensor.insert_slice {{.*}} [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> into tensor<1x4x4x16xf32>
// CHECK-NOT: tensor.pad
// CHECK: return
func.func @pad(%x: tensor<1x4x4x16xf32>) -> tensor<1x6x6x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x16xf32> to tensor<1x6x6x16xf32>
  return %p : tensor<1x6x6x16xf32>
}

// Depthwise with channel multiplier 1 (TOSA's hwcm form) is rewritten to
// the hwc form and vectorized over (output width, channels).
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.depthwise
// CHECK: vector.fma {{.*}} : vector<1x8x16xf32>
// CHECK: tensor.expand_shape
func.func @depthwise(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16x1xf32>) -> tensor<1x8x8x16x1xf32> {
  %e = tensor.empty() : tensor<1x8x8x16x1xf32>
  %zero = arith.constant 0.0 : f32
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16x1xf32>) -> tensor<1x8x8x16x1xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x1xf32>) outs(%init : tensor<1x8x8x16x1xf32>) -> tensor<1x8x8x16x1xf32>
  return %c : tensor<1x8x8x16x1xf32>
}

// int8 convolutions two input channels at a time: the pair broadcast as one
// int32, the two filter rows interleaved, 32 products whose neighbours are
// added (x86: one vpdpwssd per 16 outputs).
// CHECK-LABEL: func.func @int8_pairs
// CHECK: vector.interleave {{.*}} : vector<16xi16> -> vector<32xi16>
// CHECK: vector.bitcast {{.*}} : vector<2xi16> to vector<1xi32>
// CHECK: vector.broadcast {{.*}} : vector<1xi32> to vector<16xi32>
// CHECK: arith.muli {{.*}} : vector<32xi32>
// CHECK: vector.shuffle {{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] : vector<32xi32>, vector<32xi32>
// CHECK: vector.shuffle {{.*}} [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31] : vector<32xi32>, vector<32xi32>
// CHECK-NOT: vector.contract
// CHECK: return
// NOPAIRS-LABEL: func.func @int8_pairs
// NOPAIRS-NOT: vector.interleave
// NOPAIRS: vector.contract
func.func @int8_pairs(%x: tensor<1x10x10x16xi8>, %w: tensor<3x3x16x32xi8>) -> tensor<1x8x8x32xi32> {
  %e = tensor.empty() : tensor<1x8x8x32xi32>
  %zero = arith.constant 0 : i32
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<1x8x8x32xi32>) -> tensor<1x8x8x32xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xi8>, tensor<3x3x16x32xi8>) outs(%init : tensor<1x8x8x32xi32>) -> tensor<1x8x8x32xi32>
  return %c : tensor<1x8x8x32xi32>
}

// A convolution with an input zero point z (conv_2d_nhwc_fhwc_q, filter zero
// point 0) is the plain convolution minus z times each output channel's
// filter sum: sums 1 + 2 = 3 and 3 - 4 = -1, z = 5 -> 15, -5.
// CHECK-LABEL: func.func @zero_point
// CHECK: arith.constant dense<[15, -5]> : tensor<2xi32>
// CHECK-NOT: linalg.conv_2d_nhwc_fhwc_q
// CHECK: arith.subi {{.*}} : vector<1x1x1x2xi32>
func.func @zero_point(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi32> {
  %w = arith.constant dense<[[[[1, 2]]], [[[3, -4]]]]> : tensor<2x1x1x2xi8>
  %izp = arith.constant 5 : i32
  %wzp = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x4x2xi32>
  %zero = arith.constant 0 : i32
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  %c = linalg.conv_2d_nhwc_fhwc_q {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w, %izp, %wzp : tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, i32, i32) outs(%init : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  return %c : tensor<1x4x4x2xi32>
}
