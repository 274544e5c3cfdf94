// quant-run runs a float TOSA model through the JIT runner: outputs match an
// independent NumPy evaluation (Inputs/make_tiny_cnn_reference.py) to 1e-5,
// a model compared with itself agrees exactly, and --output writes .npy.
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --expect %S/Inputs/tiny_cnn_y.npy --tolerance 1e-5 --quiet | FileCheck %s --check-prefix=EXPECT
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %autoquant_src_root/examples/tiny_cnn/model.mlir --quiet | FileCheck %s --check-prefix=SELF
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --output %t.npy --quiet
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --expect %t.npy --tolerance 0 --quiet | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --labels %S/Inputs/tiny_cnn_labels.npy --compare %autoquant_src_root/examples/tiny_cnn/model.mlir --json --quiet | FileCheck %s --check-prefix=JSON
// RUN: not quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --expect %S/Inputs/tiny_cnn_y_wrong.npy --quiet 2>&1 | FileCheck %s --check-prefix=WRONG
// The scalar lowering (--scalar-loops) gives the fast path's outputs within
// float reassociation; --timing reports compile and run time.
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --scalar-loops --expect %t.npy --tolerance 1e-5 --quiet | FileCheck %s --check-prefix=SCALAR
// RUN: quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/tiny_cnn_x.npy --timing --quiet | FileCheck %s --check-prefix=TIMING
// RUN: not quant-run %autoquant_src_root/test/Transforms/calibrate/Inputs/model.mlir --input %S/Inputs/tiny_cnn_x.npy 2>&1 | FileCheck %s --check-prefix=SQ
// RUN: not quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %S/Inputs/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not quant-run %autoquant_src_root/examples/tiny_cnn/model.mlir --input %autoquant_src_root/test/Transforms/calibrate/Inputs/x.npy 2>&1 | FileCheck %s --check-prefix=SHAPE

// EXPECT: expected outputs: largest relative difference {{.*}}, tolerance 1e-05
// EXPECT: samples: 5

// SELF: samples: 5
// SELF: argmax agreement: 1.0000 (5/5)
// SELF: max abs diff: 0
// SELF: SQNR: inf (identical)

// ROUNDTRIP: largest relative difference 0,
// SCALAR: expected outputs: largest relative difference {{.*}}, tolerance 1e-05
// TIMING: samples: 5
// TIMING-NEXT: compile time: {{ *}}{{[0-9]+\.[0-9]+}} s
// TIMING-NEXT: run time: {{ *}}{{[0-9]+\.[0-9]+}} s ({{[0-9]+\.[0-9]}} samples/s)

// JSON: "accuracy": 0.4{{0*[0-9]*}},
// JSON: "argmax_agreement": 1,
// JSON: "compile_seconds": {{[0-9.e-]+}},
// JSON: "run_seconds": {{[0-9.e-]+}},
// JSON: "samples": 5,
// JSON: "sqnr_db": null

// WRONG: quant-run: error: {{.*}}model.mlir: outputs differ from {{.*}}tiny_cnn_y_wrong.npy beyond the tolerance
// SQ: error: {{.*}}quant-run runs TOSA; lower the autoquant.simulated_quantize ops first
// MISSING: quant-run: error: {{.*}}missing.npy
// SHAPE: quant-run: error: {{.*}}x.npy: argument 0 expects samples of shape 8x8x1 (array Nx8x8x1), but the array has shape 9x4
