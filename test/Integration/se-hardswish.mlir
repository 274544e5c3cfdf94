// A MobileNetV3-style block in torch-mlir's idioms: hard-swish spelled
// x * min(max(x + 3, 0), 6) / 6 and a squeeze-excitation gate (global pool,
// 1x1 conv, sigmoid, times the feature map). With the default preset (and
// the region going on past the global pool): ReLU6 becomes an integer clamp
// (autoquant-prepare), the activation x activation products of hard-swish and
// of the gate are int32 tosa.mul, the sigmoid is an int8 tosa.table (output
// at scale 1/256, zero point -128), and the model validates and runs, all
// integer between the entry and the exit.
// RUN: quant-opt %s --autoquant="dataset=%S/Inputs/tiny_cnn_x.npy stop-at-global-pool=false verbose=true" -o %t.int8.mlir 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: FileCheck %s --input-file %t.int8.mlir
// RUN: quant-opt %t.int8.mlir --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// RUN: quant-run %t.int8.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %s --json --quiet | FileCheck %s --check-prefix=RAN

// REMARK: autoquant-realize: @se_hswish: {{[0-9]+}} ops integer, 0 stay float
// CHECK: tosa.conv2d {{.*}} -> tensor<1x8x8x4xi32>
// CHECK: tosa.clamp {{.*}} : (tensor<1x8x8x4xi8>) -> tensor<1x8x8x4xi8>
// CHECK: tosa.mul {{.*}} : (tensor<1x8x8x4xi32>, tensor<1x8x8x4xi32>, tensor<1xi8>) -> tensor<1x8x8x4xi32>
// CHECK: tosa.avg_pool2d {{.*}} : (tensor<1x8x8x4xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x1x4xi8>
// CHECK: tosa.table {{.*}} : (tensor<1x1x1x4xi8>, tensor<256xi8>) -> tensor<1x1x1x4xi8>
// CHECK: tosa.mul {{.*}} : (tensor<1x8x8x4xi32>, tensor<1x1x1x4xi32>, tensor<1xi8>) -> tensor<1x8x8x4xi32>
// RAN: "sqnr_db": 3{{[0-9]\.}}
func.func @se_hswish(%x: tensor<1x8x8x1xf32>) -> tensor<1x8x8x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5]]], [[[-0.25]]], [[[1.0]]], [[[0.75]]]]> : tensor<4x1x1x1xf32>}> : () -> tensor<4x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[0.1, 0.2, -0.1, 0.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %three = "tosa.const"() <{values = dense<3.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %six = "tosa.const"() <{values = dense<6.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %sixth = "tosa.const"() <{values = dense<0.16666667> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %a = tosa.add %c, %three : (tensor<1x8x8x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x8x8x4xf32>
  %r0 = tosa.maximum %a, %zero : (tensor<1x8x8x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x8x8x4xf32>
  %r6 = tosa.minimum %r0, %six : (tensor<1x8x8x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x8x8x4xf32>
  %hs = tosa.mul %r6, %sixth, %z8 : (tensor<1x8x8x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x4xf32>
  %h = tosa.mul %c, %hs, %z8 : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>, tensor<1xi8>) -> tensor<1x8x8x4xf32>
  %p = tosa.avg_pool2d %h, %zp, %zp {acc_type = f32, kernel = array<i64: 8, 8>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x4xf32>
  %ws = "tosa.const"() <{values = dense<0.25> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  %bs = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %e = tosa.conv2d %p, %ws, %bs, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x4xf32>
  %g = tosa.sigmoid %e : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  %y = tosa.mul %h, %g, %z8 : (tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}
