// Ops without a quantization rule stay float with a remark naming the op
// (one per op name, on its first occurrence, with the count); the pass
// still succeeds, and quantization resumes after them (the next conv
// quantizes its float input).
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @unsupported
// CHECK: %[[S:.*]] = tosa.log
// CHECK: %[[SQ:.*]] = autoquant.simulated_quantize %[[S]] kind = input
// CHECK: tosa.conv2d %[[SQ]]
func.func @unsupported(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{'tosa.log' stays float: AutoQuant has no quantization rule for it}}
  %s = tosa.log %c : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{'tosa.exp' stays float: AutoQuant has no quantization rule for it (2 such ops; this is the first)}}
  %e = tosa.exp %c2 : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %e2 = tosa.exp %e : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %e2 : tensor<1x4x4x2xf32>
}

// A function with several blocks is left alone, with a remark.
// expected-remark @+1 {{not annotated: AutoQuant handles single-block function bodies}}
func.func @branches(%x: tensor<4xf32>, %c: i1) -> tensor<4xf32> {
  cf.cond_br %c, ^a, ^b
^a:
  return %x : tensor<4xf32>
^b:
  return %x : tensor<4xf32>
}
