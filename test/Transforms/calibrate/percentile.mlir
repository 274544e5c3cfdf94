// percentile: the exact order statistic k = int(n * p) of |x| (n counts only
// real samples: the zero padding of the last batch is not observed).
// Expected values: Inputs/expected.txt (Inputs/make_testdata.py).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=percentile percentile=0.9 dataset=%S/Inputs/x.npy" | FileCheck %s
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=percentile percentile=1.0 dataset=%S/Inputs/x.npy" | FileCheck %s --check-prefix=MAX

// CHECK: kind = input nbit = 8 {{.*}} params = <scale = 0.01171875, clip = [-127, 127]>
// CHECK: kind = activation nbit = 32 {{.*}} params = <scale = 5.929905455559492e-10,

// p = 1 is the maximum.
// MAX: kind = input nbit = 8 {{.*}} params = <scale = 0.02734375,
// MAX: kind = activation nbit = 32 {{.*}} params = <scale = 9.458744898438454e-10,
