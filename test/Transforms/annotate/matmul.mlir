// matmul rule (TVM nn.dense / nn.batch_matmul): each side, when float or an
// activation, gets weight kind if constant and input kind otherwise; result
// activation. A matmul with a constant side is a dense layer, which
// skip-dense-layer (TVM default: true) leaves float.
// RUN: quant-opt %s --autoquant-annotate="skip-dense-layer=false" --split-input-file | FileCheck %s
// RUN: quant-opt %s --autoquant-annotate --split-input-file | FileCheck %s --check-prefix=SKIP

// The reshape-matmul-reshape form of a dense layer; the weight is reshaped
// from a constant, and still counts as one.
// CHECK-LABEL: func.func @dense
// CHECK-DAG: %[[XQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = input {{.*}} : tensor<1x2x16xf32>
// CHECK-DAG: %[[WQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight {{.*}} : tensor<1x16x8xf32>
// CHECK: tosa.matmul %[[XQ]], %[[WQ]],
// SKIP-LABEL: func.func @dense
// SKIP-NOT: autoquant.simulated_quantize
func.func @dense(%x: tensor<2x16xf32>) -> tensor<2x8xf32> {
  %s3 = tosa.const_shape {values = dense<[1, 2, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s3 : (tensor<2x16xf32>, !tosa.shape<3>) -> tensor<1x2x16xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<16x8xf32>}> : () -> tensor<16x8xf32>
  %sw = tosa.const_shape {values = dense<[1, 16, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %w3 = tosa.reshape %w, %sw : (tensor<16x8xf32>, !tosa.shape<3>) -> tensor<1x16x8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x3, %w3, %zp, %zp : (tensor<1x2x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x8xf32>
  %s2 = tosa.const_shape {values = dense<[2, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %m, %s2 : (tensor<1x2x8xf32>, !tosa.shape<2>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// Two computed operands (TVM's batch_matmul): both become input, and
// skip-dense-layer does not apply.
// CHECK-LABEL: func.func @batch_matmul
// CHECK-DAG: %[[AQ:.*]] = autoquant.simulated_quantize %arg0 kind = input
// CHECK-DAG: %[[BQ:.*]] = autoquant.simulated_quantize %arg1 kind = input
// CHECK: tosa.matmul %[[AQ]], %[[BQ]],
// SKIP-LABEL: func.func @batch_matmul
// SKIP-COUNT-2: kind = input
func.func @batch_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %a, %b, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
  return %m : tensor<2x3x5xf32>
}
