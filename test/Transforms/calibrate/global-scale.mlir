// global_scale (TVM's default mode) and weight scales need no dataset.
// Expected values: Inputs/expected.txt (Inputs/make_testdata.py).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate | FileCheck %s
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=global_scale global-scale=4.0 weight-scale=max" | FileCheck %s --check-prefix=G4

// power2 weights: 2^ceil(log2 0.75) = 1.0 -> 1/128; global 8.0 -> 8/2^7 and 8/2^31.
// CHECK: kind = input nbit = 8 {{.*}} params = <scale = 0.0625, clip = [-127, 127]>
// CHECK: kind = weight nbit = 8 {{.*}} params = <scale = 0.0078125, clip = [-127, 127]>
// CHECK: kind = activation nbit = 32 {{.*}} params = <scale = 3.725290298461914e-09, clip = [-2147483647, 2147483647]>

// G4: kind = input nbit = 8 {{.*}} params = <scale = 0.03125, clip = [-127, 127]>
// G4: kind = weight nbit = 8 {{.*}} params = <scale = 0.005859375, clip = [-127, 127]>
// G4: kind = activation nbit = 32 {{.*}} params = <scale = 1.862645149230957e-09, clip = [-2147483647, 2147483647]>
