// activation-sign=auto: a point whose calibration data are all >= 0 gets
// unsigned codes over [0, T] (scale T / 2^nbit, clip [0, 2^nbit - 1]); one
// that saw a negative value stays signed. KL then searches with 511
// quantized bins. Expected values: Inputs/expected.txt ("|wide x|" lines,
// Inputs/make_testdata.py).
// RUN: quant-opt %s --autoquant-calibrate="calibrate-mode=minmax activation-sign=auto dataset=%S/Inputs/wide.npy" | FileCheck %s --check-prefix=MINMAX
// RUN: quant-opt %s --autoquant-calibrate="calibrate-mode=percentile percentile=0.9 activation-sign=auto dataset=%S/Inputs/wide.npy" | FileCheck %s --check-prefix=PCT
// RUN: quant-opt %s --autoquant-calibrate="calibrate-mode=kl_divergence kl-impl=tvm activation-sign=auto dataset=%S/Inputs/wide.npy" | FileCheck %s --check-prefix=KL
// The default stays TVM's: signed.
// RUN: quant-opt %s --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/wide.npy" | FileCheck %s --check-prefix=SIGNED
// stats-out records the sign, stats-in applies it:
// RUN: quant-opt %s --autoquant-calibrate="calibrate-mode=minmax activation-sign=auto dataset=%S/Inputs/wide.npy stats-out=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: quant-opt %s --autoquant-calibrate="activation-sign=auto stats-in=%t.json" | FileCheck %s --check-prefix=MINMAX
// RUN: not quant-opt %s --autoquant-calibrate="activation-sign=unsigned" 2>&1 | FileCheck %s --check-prefix=BAD

// MINMAX: kind = input nbit = 8 sign = true {{.*}} params = <scale = 0.0244140625, clip = [-127, 127]>
// MINMAX: kind = input nbit = 8 sign = false {{.*}} params = <scale = 0.01220703125, clip = [0, 255]>
// PCT: kind = input nbit = 8 sign = false {{.*}} params = <scale = 0.004150390625, clip = [0, 255]>
// KL: kind = input nbit = 8 sign = false {{.*}} params = <scale = 0.010257202200591564, clip = [0, 255]>
// SIGNED: kind = input nbit = 8 sign = true {{.*}} params = <scale = 0.0244140625, clip = [-127, 127]>
// SIGNED: kind = input nbit = 8 sign = true {{.*}} params = <scale = 0.0244140625, clip = [-127, 127]>
// JSON: "name": "x/input"
// JSON-NEXT: "nbit": 8
// JSON: "unsigned": false
// JSON: "name": "abs/input"
// JSON: "unsigned": true
// BAD: for the --activation-sign option: unknown value 'unsigned' (expected signed, auto)
func.func @net(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x4xf32> loc("x/input")
  %a = tosa.abs %x : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %aq = autoquant.simulated_quantize %a kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x4xf32> loc("abs/input")
  return %xq, %aq : tensor<2x4xf32>, tensor<2x4xf32>
}
