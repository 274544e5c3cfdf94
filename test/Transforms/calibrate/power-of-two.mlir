// power-of-two-scales: every threshold is rounded up to a power of two, so
// every scale (T / 2^(nbit-1)) and every requantization ratio is one, and
// realize emits rescales with multiplier 2^30 only (pure shifts). minmax on
// Inputs/x.npy: x T = 3.5 -> 4 (scale 1/32); W max 0.75 -> 1 (1/128); the
// 32-bit activation T = 2.03125 -> 4 (2^-29).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max power-of-two-scales dataset=%S/Inputs/x.npy" | FileCheck %s
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max power-of-two-scales dataset=%S/Inputs/x.npy" --autoquant-realize | FileCheck %s --check-prefix=SHIFTS
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="power-of-two-scales scale-convention=tight" 2>&1 | FileCheck %s --check-prefix=TIGHT

// CHECK: kind = input nbit = 8 {{.*}} params = <scale = 0.03125, clip = [-127, 127]>
// CHECK: kind = weight nbit = 8 {{.*}} params = <scale = 0.0078125, clip = [-127, 127]>
// CHECK: kind = activation nbit = 32 {{.*}} params = <scale = 1.862645149230957e-09, clip = [-2147483647, 2147483647]>
// Accumulator 2^-5 * 2^-7 = 2^-12 -> 2^-29: a left shift by 17 (ratio 2^17:
// multiplier 2^30, shift 30 - 17 = 13).
// SHIFTS: "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// SHIFTS-NEXT: "tosa.const"() <{values = dense<13> : tensor<1xi8>}>
// SHIFTS: tosa.rescale
// SHIFTS-NOT: tosa.rescale
// TIGHT: error: autoquant-calibrate: power-of-two-scales needs scale-convention=tvm
