// A function whose first result is not f32 (here the argmax) still gets its
// report, without the sensitivity columns, and one warning.
// RUN: quant-opt %s -verify-diagnostics --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy report=%t.html" -o /dev/null
// RUN: FileCheck %s < %t.html

// CHECK: <h2>Summary (sorted by SQNR, worst first)</h2>
// CHECK-NOT: only it (dB)
// expected-warning @below {{autoquant-calibrate: the report's sensitivity compares f32 results and the first result is 'tensor<2xi32>'; skipped (sensitivity-samples=0 says so without this warning)}}
func.func @net(%x: tensor<2x4xf32>) -> tensor<2xi32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x4xf32> loc("x/input")
  %i = tosa.argmax %xq {axis = 1 : i32} : (tensor<2x4xf32>) -> tensor<2xi32>
  return %i : tensor<2xi32>
}
