// Already-calibrated ops stay as they are unless recalibrate is set; the
// entry option picks the function; the output does not depend on the number
// of threads (nor on --mlir-disable-threading, which runs everything on one
// thread).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy" | quant-opt --autoquant-calibrate="global-scale=1.0" | FileCheck %s --check-prefix=KEEP
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy" | quant-opt --autoquant-calibrate="global-scale=1.0 recalibrate" | FileCheck %s --check-prefix=RECAL
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy threads=1" -o %t.1.mlir
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy threads=2" -o %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: quant-opt %S/Inputs/model.mlir --mlir-disable-threading --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy" -o %t.serial.mlir
// RUN: diff %t.1.mlir %t.serial.mlir
// The pass is silent unless asked (verbose): progress and a timing summary.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy" -o /dev/null 2>&1 | count 0
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/x.npy verbose" -o /dev/null 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: quant-opt %s --autoquant-calibrate="entry=second" | FileCheck %s --check-prefix=ENTRY
// RUN: not quant-opt %s --autoquant-calibrate 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS

// VERBOSE: calibrate: pass 1/2: 9 samples in
// VERBOSE: calibrate: pass 2/2: 9 samples in
// VERBOSE: calibrate: 2 points, 9 samples x 2 passes: compile {{.*}} s, read data {{.*}} s, run model {{.*}} s, observe {{.*}} s, threshold search {{.*}} s
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
