// Ops without an integer form stay float and read dequantized values; the
// function keeps its float interface. verify-integer reports every float op.
// RUN: quant-opt %s --autoquant-realize | FileCheck %s
// RUN: quant-opt %s --autoquant-realize | not quant-opt --autoquant-verify-integer 2>&1 | FileCheck %s --check-prefix=VERIFY
// verbose: per function, the ops that became integer and those that stay
// float (by name; the entry quantization, constants and points not counted).
// RUN: quant-opt %s --autoquant-realize=verbose=true -o /dev/null 2>&1 | FileCheck %s --check-prefix=SUMMARY
// SUMMARY: autoquant-realize: @exp: 0 ops integer, 1 stay float: tosa.exp 1
// SUMMARY: autoquant-realize: @island: 3 ops integer, 2 stay float: tosa.exp 1, tosa.log 1

// CHECK-LABEL: func.func @exp
// CHECK: %[[Q:.*]] = tosa.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi8>
// CHECK: %[[F:.*]] = tosa.cast %[[Q]] : (tensor<4xi8>) -> tensor<4xf32>
// CHECK: %[[D:.*]] = tosa.mul %[[F]]
// CHECK: %[[S:.*]] = tosa.exp %[[D]]
// CHECK: return %[[S]]
// VERIFY: error: 'tosa.mul' computes in float in a model that should be integer
// VERIFY: error: 'tosa.exp' computes in float in a model that should be integer
func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
  %s = tosa.exp %xq : (tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// Two integer clamps around a float island of two ops, then an integer
// max_pool reading the requantized island.
// CHECK-LABEL: func.func @island
// CHECK: %[[R:.*]] = tosa.clamp %{{.*}} {{{.*}}max_val = 12 : i8, min_val = 0 : i8} : (tensor<1x2x2x1xi8>)
// CHECK: tosa.cast %[[R]] : (tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xf32>
// CHECK: %[[E:.*]] = tosa.exp
// CHECK: tosa.log %[[E]]
// CHECK: %[[Q:.*]] = tosa.cast %{{.*}} {autoquant.scale = array<f64: 7.812500e-03>} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xi8>
// CHECK: %[[R2:.*]] = tosa.clamp %[[Q]] {{{.*}}max_val = 64 : i8, min_val = 0 : i8}
// CHECK: tosa.max_pool2d %[[R2]] {{.*}} -> tensor<1x1x1x1xi8>
func.func @island(%x: tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x2x2x1xf32>
  %r = tosa.clamp %xq {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %e = tosa.exp %r : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %s = tosa.log %e : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %sq = autoquant.simulated_quantize %s kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.0078125, clip = [-127, 127]> : tensor<1x2x2x1xf32>
  %r2 = tosa.clamp %sq {max_val = 0.5 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %p = tosa.max_pool2d %r2 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32>
  return %p : tensor<1x1x1x1xf32>
}
