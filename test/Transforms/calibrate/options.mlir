// Already-calibrated ops stay as they are unless recalibrate is set; the
// entry option picks the function; the output does not depend on the number
// of threads.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy quiet" | quant-opt --autoquant-calibrate="global-scale=1.0" | FileCheck %s --check-prefix=KEEP
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy quiet" | quant-opt --autoquant-calibrate="global-scale=1.0 recalibrate" | FileCheck %s --check-prefix=RECAL
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy threads=1 quiet" -o %t.1.mlir
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy threads=2 quiet" -o %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: quant-opt %s --autoquant-calibrate="entry=second" | FileCheck %s --check-prefix=ENTRY
// RUN: not quant-opt %s --autoquant-calibrate 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS

// KEEP: kind = input nbit = 8 {{.*}} params = <scale = 0.02734375,
// RECAL: kind = input nbit = 8 {{.*}} params = <scale = 0.0078125,

// ENTRY-LABEL: func.func @first
// ENTRY: autoquant.simulated_quantize %arg0 kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
// ENTRY-LABEL: func.func @second
// ENTRY: params = <scale = 0.0625, clip = [-127, 127]>
// AMBIGUOUS: error: autoquant-calibrate: several functions have simulated_quantize ops (first, second); choose one with entry=NAME
func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @second(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}
