// minmax on the dataset: T = max|x| over every sample (9 samples in batches
// of 2: the last, partial batch counts exactly its one sample).
// Expected values: Inputs/expected.txt (Inputs/make_testdata.py).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x.npy" | FileCheck %s
// The same data as float64, and as an .npz member named arg0:
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x_f64.npy" | FileCheck %s
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x_named.npz" | FileCheck %s
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy max-samples=4" | FileCheck %s --check-prefix=FIRST4
// Integer data (x * 16 as int32) converts exactly: T = 56 -> 56 / 128.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/int_values.npy" | FileCheck %s --check-prefix=INT
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy scale-convention=tight" | FileCheck %s --check-prefix=TIGHT

// CHECK: kind = input nbit = 8 {{.*}} params = <scale = 0.02734375, clip = [-127, 127]>
// CHECK: kind = weight nbit = 8 {{.*}} params = <scale = 0.005859375, clip = [-127, 127]>
// CHECK: kind = activation nbit = 32 {{.*}} params = <scale = 9.458744898438454e-10, clip = [-2147483647, 2147483647]>

// INT: kind = input nbit = 8 {{.*}} params = <scale = 0.4375, clip = [-127, 127]>
// FIRST4: kind = input nbit = 8 {{.*}} params = <scale = 0.01025390625, clip = [-127, 127]>
// FIRST4: kind = activation nbit = 32 {{.*}} params = <scale = 4.1654857341200113e-10,

// T / (2^(nbit-1) - 1): 3.5 / 127 and 2.03125 / (2^31 - 1).
// TIGHT: kind = input nbit = 8 {{.*}} params = <scale = 0.027559055118110236, clip = [-127, 127]>
// TIGHT: kind = activation nbit = 32 {{.*}} params = <scale = 9.458744902843025e-10,
