// Ops without a quantization rule (here tosa.exp, and the tosa.erf that
// reads its float result) stay float between quantized convs: annotate says
// so with a remark, realize puts a
// dequantize (tosa.cast + scale) before the island and a requantize
// (quantize + tosa.cast to i8) after it, and the model validates against
// TOSA's integer and float profiles and runs. With the default preset, only
// the data is given.
// RUN: quant-opt %s --autoquant="dataset=%S/Inputs/tiny_cnn_x.npy" -o %t.int8.mlir 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: FileCheck %s --input-file %t.int8.mlir
// RUN: quant-opt %t.int8.mlir --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// RUN: quant-run %t.int8.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %s --json --quiet | FileCheck %s --check-prefix=RAN

// REMARK: remark: 'tosa.exp' stays float: AutoQuant has no quantization rule for it
// REMARK-NOT: remark
// CHECK: %[[C1:.*]] = tosa.conv2d {{.*}} -> tensor<1x8x8x2xi32>
// CHECK: tosa.cast %[[C1]] : (tensor<1x8x8x2xi32>) -> tensor<1x8x8x2xf32>
// CHECK: tosa.exp {{.*}} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
// CHECK: tosa.erf {{.*}} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
// CHECK: tosa.cast {{.*}} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xi8>
// CHECK: tosa.conv2d {{.*}} -> tensor<1x8x8x2xi32>
// RAN: "sqnr_db": 4{{[0-9]\.}}
func.func @island(%x: tensor<1x8x8x1xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[0.1, 0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %s = tosa.exp %c : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %g = tosa.erf %s : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[1.0, -1.0]]], [[[0.5, 0.5]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %c2 = tosa.conv2d %g, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  return %c2 : tensor<1x8x8x2xf32>
}
