// quant-opt carries the upstream TOSA -> linalg -> LLVM lowering: a float
// conv2d + relu + max_pool + reshape lowered by quant-opt alone runs under
// mlir-runner with the expected numbers.
// RUN: quant-opt %s --tosa-to-linalg-pipeline \
// RUN: | quant-opt --tosa-to-arith --tosa-to-tensor --canonicalize \
// RUN:     --one-shot-bufferize="bufferize-function-boundaries" --buffer-deallocation-pipeline \
// RUN:     --convert-linalg-to-loops --lower-affine --convert-scf-to-cf --expand-strided-metadata \
// RUN:     --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm \
// RUN:     --convert-func-to-llvm --convert-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so,%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

// Input 1x4x4x1 = 0..15, weights: channel 0 sums the 2x2 window, channel 1
// negates its top-left tap; bias [1, 0.5]; relu; 2x2 max pool over the 3x3
// conv result (valid padding) takes its top-left 2x2 block.
func.func @net(%x: tensor<1x4x4x1xf32>) -> tensor<1x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0], [1.0]], [[1.0], [1.0]]], [[[-1.0], [0.0]], [[0.0], [0.0]]]]> : tensor<2x2x2x1xf32>}> : () -> tensor<2x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32>
  %s = tosa.const_shape {values = dense<[2, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %p, %s : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<2x4xf32>
  %s2 = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %z = tosa.reshape %y, %s2 : (tensor<2x4xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
  %start = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %out = tosa.slice %z, %start, %size : (tensor<1x8xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x4xf32>
  return %out : tensor<1x4xf32>
}

func.func @main() {
  %in = arith.constant dense<[[[[0.0], [1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0], [7.0]], [[8.0], [9.0], [10.0], [11.0]], [[12.0], [13.0], [14.0], [15.0]]]]> : tensor<1x4x4x1xf32>
  %out = func.call @net(%in) : (tensor<1x4x4x1xf32>) -> tensor<1x4xf32>
  %m = bufferization.to_buffer %out : tensor<1x4xf32> to memref<1x4xf32>
  %u = memref.cast %m : memref<1x4xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

// conv channel 0 at (i, j) = x[i][j] + x[i][j+1] + x[i+1][j] + x[i+1][j+1] + 1;
// pooled (0,0) = max over the 2x2 conv block = conv(1,1) = 5+6+9+10+1 = 31,
// pooled (0,1) = conv(1,2) = 6+7+10+11+1 = 35. Channel 1 = relu(0.5 - x) = 0.5
// at (0,0) only, so its pooled values are 0.5 at (0,0) and 0 elsewhere.
// The first four outputs are pooled (0,0) c0, c1 and (0,1) c0, c1.
// CHECK: [31,   0.5,   35,   0]
