// kl_divergence on heavy-tailed data (Inputs/wide.npy, 201 samples, a
// partial last batch). tvm: bit-identical to TVM's _find_scale_by_kl +
// MinimizeKL; fast: the corrected objective. Expected values: the NumPy
// reference (scripts/calibration_reference.py) via Inputs/make_testdata.py.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence kl-impl=tvm dataset=%S/Inputs/wide.npy" | FileCheck %s --check-prefix=TVM
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence kl-impl=fast dataset=%S/Inputs/wide.npy" | FileCheck %s --check-prefix=FAST
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence kl-impl=tvm dataset=%S/Inputs/x.npy" | FileCheck %s --check-prefix=SMALL

// TVM: kind = input nbit = 8 {{.*}} params = <scale = 0.02051440440118313, clip = [-127, 127]>
// TVM: kind = activation nbit = 32 {{.*}} params = <scale = 6.861470835950456e-10,
// FAST: kind = input nbit = 8 {{.*}} params = <scale = 0.0244140625, clip = [-127, 127]>
// FAST: kind = activation nbit = 32 {{.*}} params = <scale = 9.38598532229662e-10,
// SMALL: kind = input nbit = 8 {{.*}} params = <scale = 0.019538085907697678, clip = [-127, 127]>
// SMALL: kind = activation nbit = 32 {{.*}} params = <scale = 6.023285203937689e-10,
