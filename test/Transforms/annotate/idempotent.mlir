// Annotating an annotated function changes nothing, and the output
// round-trips through the printer and parser.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" -o %t.once.mlir
// RUN: quant-opt %t.once.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" -o %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir
// RUN: quant-opt %t.once.mlir -o %t.reparsed.mlir
// RUN: diff %t.once.mlir %t.reparsed.mlir
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" -o %t.a.mlir
// RUN: quant-opt %t.a.mlir --autoquant-annotate="skip-conv-layers=" -o %t.b.mlir
// RUN: diff %t.a.mlir %t.b.mlir
// RUN: FileCheck %s --input-file=%t.b.mlir

// Fan-out, concat of a float field, and a constant bias in one function.
// x, w, the bias, the fan-out of the add, and the float concat field.
// CHECK-COUNT-5: autoquant.simulated_quantize
// CHECK-NOT: autoquant.simulated_quantize
func.func @mixed(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %bias = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %a = tosa.add %c, %bias : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %a {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.add %a, %r : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %cat = tosa.concat %s, %y {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
  return %cat : tensor<1x4x4x4xf32>
}
