// A model in TFLite's idioms (as tosa-converter-for-tflite / the TFLite
// legalization emit them) realizes and runs with the default preset: NHWC
// with OHWI weights, ReLU6 as one clamp, MEAN as reduce_sum over H and W
// times a 1/N constant, FullyConnected as a 1x1 conv2d between reshapes.
// The reduce_sum (no integer rule: TFLite keeps an int8 MEAN, TOSA's
// integer reduce_sum is int32-only) is a float island with explicit
// boundaries: it reads the dequantized int32 accumulator (ReLU6 clamped per
// channel in int32), and the 1x1 conv reads a requantized int8 input.
// RUN: quant-opt %s --autoquant="dataset=%S/Inputs/tiny_cnn_x.npy verbose=true" -o %t.int8.mlir 2>&1 | FileCheck %s --check-prefix=SUMMARY
// RUN: FileCheck %s --input-file %t.int8.mlir
// RUN: quant-opt %t.int8.mlir --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// RUN: quant-run %t.int8.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %s --json --quiet | FileCheck %s --check-prefix=RAN

// SUMMARY: remark: 'tosa.reduce_sum' stays float: AutoQuant has no quantization rule for it (2 such ops; this is the first)
// SUMMARY: autoquant-realize: @tflite_style: {{[0-9]+}} ops integer, {{[0-9]+}} stay float: tosa.reduce_sum 2
// CHECK: tosa.conv2d {{.*}} : (tensor<1x8x8x1xi8>, tensor<4x3x3x1xi8>, tensor<4xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x4xi32>
// CHECK: tosa.maximum {{.*}} : (tensor<1x8x8x4xi32>, tensor<1x1x1x4xi32>) -> tensor<1x8x8x4xi32>
// CHECK: tosa.minimum {{.*}} : (tensor<1x8x8x4xi32>, tensor<1x1x1x4xi32>) -> tensor<1x8x8x4xi32>
// CHECK: tosa.cast {{.*}} : (tensor<1x8x8x4xi32>) -> tensor<1x8x8x4xf32>
// CHECK: tosa.reduce_sum {{.*}} : (tensor<1x8x8x4xf32>) -> tensor<1x1x8x4xf32>
// CHECK: tosa.reduce_sum {{.*}} : (tensor<1x1x8x4xf32>) -> tensor<1x1x1x4xf32>
// CHECK: tosa.cast {{.*}} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xi8>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x1x1x4xi8>, tensor<10x1x1x4xi8>, tensor<10xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x1x10xi32>
// RAN: "sqnr_db": {{(2[5-9]|[3-9][0-9])}}.
func.func @tflite_style(%x: tensor<1x8x8x1xf32>) -> tensor<1x10xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.0005], [0.1195], [-0.1097]], [[-0.3562], [-0.1819], [-0.3967]], [[0.0241], [0.5361], [-0.1969]]], [[[-0.2482], [0.1959], [0.1428]], [[0.0422], [-0.3722], [-0.0117]], [[0.2781], [-0.5377], [-0.1830]]], [[[-0.7605], [-0.5158], [-0.7367]], [[-0.0940], [-0.5070], [0.1085]], [[0.0627], [-0.0748], [-1.0067]]], [[[-0.2155], [-0.0194], [0.0453]], [[-0.6121], [-0.1911], [-0.3914]], [[-0.3235], [0.4244], [-0.3230]]]]> : tensor<4x3x3x1xf32>}> : () -> tensor<4x3x3x1xf32>
  %b = "tosa.const"() <{values = dense<[-0.0033, 0.0884, -0.0584, -0.0112]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<4x3x3x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  %sh = tosa.reduce_sum %r {axis = 1 : i32} : (tensor<1x8x8x4xf32>) -> tensor<1x1x8x4xf32>
  %shw = tosa.reduce_sum %sh {axis = 2 : i32} : (tensor<1x1x8x4xf32>) -> tensor<1x1x1x4xf32>
  %inv = "tosa.const"() <{values = dense<0.015625> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %mean = tosa.mul %shw, %inv, %z8 : (tensor<1x1x1x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x1x1x4xf32>
  %fw = "tosa.const"() <{values = dense<[[[[0.0552, 0.0319, -0.6125, 0.0381]]], [[[0.6794, -0.7736, 0.4297, 0.0597]]], [[[-0.3207, 1.0002, 0.3811, -0.5996]]], [[[0.0373, 0.2883, -0.0944, 0.3415]]], [[[-0.0333, 0.3336, 0.7193, -0.3378]]], [[[0.1016, -0.2317, 0.0636, -0.5936]]], [[[-0.2897, -0.0981, 0.4494, 0.5726]]], [[[-0.6618, -0.3973, 0.3235, -0.9962]]], [[[-0.2316, -0.0486, 0.6285, 0.3447]]], [[[-0.1636, -0.1843, -0.1251, 0.7618]]]]> : tensor<10x1x1x4xf32>}> : () -> tensor<10x1x1x4xf32>
  %fb = "tosa.const"() <{values = dense<[-0.0428, -0.0304, 0.0353, -0.0121, -0.0197, -0.1114, -0.0012, -0.0444, 0.1166, 0.0653]> : tensor<10xf32>}> : () -> tensor<10xf32>
  %fc = tosa.conv2d %mean, %fw, %fb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<10x1x1x4xf32>, tensor<10xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x10xf32>
  %s2 = tosa.const_shape {values = dense<[1, 10]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %fc, %s2 : (tensor<1x1x1x10xf32>, !tosa.shape<2>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}
