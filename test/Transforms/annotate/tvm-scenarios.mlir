// Ports of the annotation scenarios of TVM's test_pass_auto_quantize.py, on
// TOSA. Each checks where AutoQuant places the quantization points.
// RUN: quant-opt %s --autoquant-annotate --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=DEFAULT
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=ALL

// test_mul_rewrite: conv -> relu, multiplied by sigmoid(x) (a computed float
// operand -> input kind). exp stands for TVM's sigmoid here: AutoQuant's
// sigmoid has a table rule, exp has none.
// ALL-LABEL: func.func @mul_rewrite
// ALL: %[[R:.*]] = tosa.clamp
// ALL-NEXT: %[[RQ:.*]] = autoquant.simulated_quantize %[[R]] kind = input
// ALL-NEXT: %[[S:.*]] = tosa.exp %arg1
// ALL-NEXT: %[[SQ:.*]] = autoquant.simulated_quantize %[[S]] kind = input
// ALL-NEXT: tosa.mul %[[RQ]], %[[SQ]]
func.func @mul_rewrite(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{'tosa.exp' stays float}}
  %s = tosa.exp %y : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %m = tosa.mul %r, %s, %shift : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  return %m : tensor<1x4x4x2xf32>
}

// -----

// test_stop_quantize: conv -> relu -> global avg pool -> 1x1 conv -> relu:
// nothing after the global pool is quantized (also not the second conv, which
// TVM's default skip list would otherwise not touch).
// ALL-LABEL: func.func @stop_quantize
// ALL: %[[GAP:.*]] = tosa.avg_pool2d
// ALL-NOT: autoquant.simulated_quantize
// ALL: %[[C2:.*]] = tosa.conv2d %[[GAP]], %{{[0-9]+}},
// ALL: return
func.func @stop_quantize(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %w2 = "tosa.const"() <{values = dense<0.25> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %gap = tosa.avg_pool2d %r, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %c2 = tosa.conv2d %gap, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %r2 = tosa.clamp %c2 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  return %r2 : tensor<1x1x1x2xf32>
}

// -----

// test_batch_matmul_rewrite: conv -> flatten (reshape) -> batch matmul with
// sigmoid(x) (exp here, as above): the conv activation is requantized to
// input, the computed operand is input.
// ALL-LABEL: func.func @batch_matmul_rewrite
// ALL: %[[S:.*]] = tosa.exp
// ALL: %[[SQ:.*]] = autoquant.simulated_quantize %[[S]] kind = input
// ALL: %[[F:.*]] = tosa.reshape
// ALL-NEXT: %[[FQ:.*]] = autoquant.simulated_quantize %[[F]] kind = input
// ALL-NEXT: tosa.matmul %[[FQ]], %[[SQ]],
func.func @batch_matmul_rewrite(%x: tensor<1x4x4x2xf32>, %y: tensor<1x32x4xf32>) -> tensor<1x1x4xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{'tosa.exp' stays float}}
  %s = tosa.exp %y : (tensor<1x32x4xf32>) -> tensor<1x32x4xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 32]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %c, %shape : (tensor<1x4x4x2xf32>, !tosa.shape<3>) -> tensor<1x1x32xf32>
  %m = tosa.matmul %f, %s, %zp, %zp : (tensor<1x1x32xf32>, tensor<1x32x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  return %m : tensor<1x1x4xf32>
}

// -----

// test_dense_conv2d_rewrite (#7795): a dense layer and a conv side by side,
// skip-dense-layer=false with the default skip-conv-layers=0: the dense layer
// is quantized, the (first) conv stays float.
// RUN: quant-opt %s --autoquant-annotate="skip-dense-layer=false" --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=DENSE
// DENSE-LABEL: func.func @dense_conv2d_rewrite
// DENSE-DAG: %[[AQ:.*]] = autoquant.simulated_quantize %arg0 kind = input {{.*}} : tensor<1x1x8xf32>
// DENSE-DAG: %[[WQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight {{.*}} : tensor<1x8x4xf32>
// DENSE: tosa.matmul %[[AQ]], %[[WQ]],
// DENSE: tosa.conv2d %arg1, %{{[0-9]+}},
func.func @dense_conv2d_rewrite(%a: tensor<1x1x8xf32>, %x: tensor<1x4x4x2xf32>) -> (tensor<1x1x4xf32>, tensor<1x4x4x2xf32>) {
  %fw = "tosa.const"() <{values = dense<0.5> : tensor<1x8x4xf32>}> : () -> tensor<1x8x4xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %a, %fw, %zp, %zp : (tensor<1x1x8xf32>, tensor<1x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %m, %c : tensor<1x1x4xf32>, tensor<1x4x4x2xf32>
}

// -----

// test_add_lhs_is_none_annotate (#15529): add(x, conv) -> global pool: the
// float left side becomes input, the sum an activation.
// ALL-LABEL: func.func @add_lhs_is_none
// ALL-DAG: %[[XQ:.*]] = autoquant.simulated_quantize %arg0 kind = input
// ALL: %[[C:.*]] = tosa.conv2d %[[XQ]]
// ALL: tosa.add %[[XQ]], %[[C]]
func.func @add_lhs_is_none(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.add %x, %c : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %gap = tosa.avg_pool2d %s, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %gap : tensor<1x1x1x2xf32>
}

// -----

// test_add_lhs_rhs_is_input_annotate: add(conv, conv) -> global pool: (A, A),
// the right side is requantized to input.
// ALL-LABEL: func.func @add_conv_conv
// ALL: %[[C1:.*]] = tosa.conv2d
// ALL: %[[C2:.*]] = tosa.conv2d
// ALL-NEXT: %[[C2Q:.*]] = autoquant.simulated_quantize %[[C2]] kind = input
// ALL-NEXT: tosa.add %[[C1]], %[[C2Q]]
func.func @add_conv_conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.add %c1, %c2 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %gap = tosa.avg_pool2d %s, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %gap : tensor<1x1x1x2xf32>
}

// With TVM's defaults the first conv of each function stays float.
// DEFAULT-LABEL: func.func @add_conv_conv
// DEFAULT: %[[C1:.*]] = tosa.conv2d %arg0, %{{[0-9]+}},
