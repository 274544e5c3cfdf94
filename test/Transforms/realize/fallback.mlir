// Ops without an integer form stay float and read dequantized values; the
// function keeps its float interface. verify-integer reports every float op.
// RUN: quant-opt %s --autoquant-realize | FileCheck %s
// RUN: quant-opt %s --autoquant-realize | not quant-opt --autoquant-verify-integer 2>&1 | FileCheck %s --check-prefix=VERIFY

// CHECK-LABEL: func.func @sigmoid
// CHECK: %[[Q:.*]] = tosa.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi8>
// CHECK: %[[F:.*]] = tosa.cast %[[Q]] : (tensor<4xi8>) -> tensor<4xf32>
// CHECK: %[[D:.*]] = tosa.mul %[[F]]
// CHECK: %[[S:.*]] = tosa.sigmoid %[[D]]
// CHECK: return %[[S]]
// VERIFY: error: 'tosa.mul' computes in float in a model that should be integer
// VERIFY: error: 'tosa.sigmoid' computes in float in a model that should be integer
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
  %s = tosa.sigmoid %xq : (tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}
