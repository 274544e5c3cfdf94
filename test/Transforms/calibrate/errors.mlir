// Bad datasets and options: one error naming the file or option, exit 1.
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/missing.npy" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/not_npy.npy" 2>&1 | FileCheck %s --check-prefix=NOTNPY
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/truncated.npy" 2>&1 | FileCheck %s --check-prefix=TRUNC
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/wrong_shape.npy" 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/nan.npy" 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/empty.npy" 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/inf.npy" 2>&1 | FileCheck %s --check-prefix=INF
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/complex.npy" 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl_divergence" 2>&1 | FileCheck %s --check-prefix=NODATA
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=kl" 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="kl-impl=slow" 2>&1 | FileCheck %s --check-prefix=KLIMPL
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="weight-scale=min" 2>&1 | FileCheck %s --check-prefix=WEIGHT
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="scale-convention=loose" 2>&1 | FileCheck %s --check-prefix=CONV
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=percentile percentile=0" 2>&1 | FileCheck %s --check-prefix=PCT
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="entry=nosuch" 2>&1 | FileCheck %s --check-prefix=ENTRY

// MISSING: error: {{.*}}missing.npy{{.*}}
// NOTNPY: error: {{.*}}not_npy.npy{{.*}}
// TRUNC: error: {{.*}}truncated.npy{{.*}}truncated
// SHAPE: error: {{.*}}wrong_shape.npy: argument 0 expects samples of shape 4 (array Nx4), but the array has shape 9x2x2
// NAN: error: {{.*}}nan.npy: sample 3 holds NaN; calibration and evaluation data must be finite
// EMPTY: error: {{.*}}empty.npy: holds no samples
// INF: error: {{.*}}inf.npy: sample 7 holds Inf; calibration and evaluation data must be finite
// DTYPE: error: {{.*}}complex.npy: unsupported dtype '<c8'
// Every case above reports exactly one error.
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/truncated.npy" 2>&1 | grep "error:" | count 1
// NODATA: error: autoquant-calibrate: calibrate-mode=kl_divergence needs a dataset (dataset=FILE.npy or .npz)
// MODE: for the --calibrate-mode option: unknown value 'kl' (expected global_scale, kl_divergence, percentile, minmax, mse)
// KLIMPL: for the --kl-impl option: unknown value 'slow' (expected tvm, fast)
// WEIGHT: for the --weight-scale option: unknown value 'min' (expected max, power2)
// CONV: for the --scale-convention option: unknown value 'loose' (expected tvm, tight)
// PCT: error: autoquant-calibrate: {{.*}}percentile
// ENTRY: error: autoquant-calibrate: entry names 'nosuch', which is not a function with a body
