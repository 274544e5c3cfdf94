// add / sub rule: TVM's add table. A constant side gets weight kind (TVM uses
// input for a float left side even when it is constant). The conv results
// below are activations (A); function arguments are float (None).
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=" --split-input-file | FileCheck %s

// (A, A): the right side is requantized to input; result A, so the consumer
// conv requantizes it to input.
// CHECK-LABEL: func.func @act_act
// CHECK: %[[C1:.*]] = tosa.conv2d
// CHECK: %[[C2:.*]] = tosa.conv2d
// CHECK: %[[C2Q:.*]] = autoquant.simulated_quantize %[[C2]] kind = input
// CHECK: %[[S:.*]] = tosa.add %[[C1]], %[[C2Q]]
// CHECK: %[[SQ:.*]] = autoquant.simulated_quantize %[[S]] kind = input
// CHECK: tosa.conv2d %[[SQ]]
func.func @act_act(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %y, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.add %c1, %c2 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %c3 = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c3 : tensor<1x4x4x2xf32>
}

// -----

// (A, None) with a constant (a bias after BN folding): weight kind. With a
// computed float value: input kind. (None, A) mirrors it (TVM #15529).
// CHECK-LABEL: func.func @act_none
// CHECK-DAG: %[[YQ:.*]] = autoquant.simulated_quantize %arg1 kind = input
// CHECK-DAG: %[[BIASQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight {{.*}} : tensor<1x1x1x2xf32>
// CHECK: %[[C:.*]] = tosa.conv2d
// CHECK: %[[A1:.*]] = tosa.add %[[C]], %[[BIASQ]]
// CHECK: tosa.sub %[[YQ]], %[[A1]]
func.func @act_none(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %bias = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %a = tosa.add %c, %bias : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %d = tosa.sub %y, %a : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %d : tensor<1x4x4x2xf32>
}

// -----

// (I, I): nothing attached, result A. (None, None): float.
// CHECK-LABEL: func.func @input_input
// CHECK: %[[P1:.*]] = tosa.max_pool2d
// CHECK: %[[P2:.*]] = tosa.max_pool2d
// CHECK-NEXT: tosa.add %[[P1]], %[[P2]]
// CHECK-NEXT: tosa.add %arg0, %arg1
func.func @input_input(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %y, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %p1 = tosa.max_pool2d %c1 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %p2 = tosa.max_pool2d %c2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %s = tosa.add %p1, %p2 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %f = tosa.add %x, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %s, %f : tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>
}
