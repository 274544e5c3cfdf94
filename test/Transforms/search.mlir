// The pipeline's target=: autoquant-search measures each try (simulated, on
// the target data) against the float model and stops once the target
// holds. Here on the tiny CNN and its 16 calibration samples.
//
// A target the options as given already reach: one try, those options.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=sqnr:5" -o %t.met.mlir 2>&1 | FileCheck %s --check-prefix=MET
// RUN: FileCheck %s --check-prefix=MET-IR < %t.met.mlir
// Replaying the recorded options without the search gives the same model.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy" -o %t.replay.mlir
// RUN: sed -e 's/module attributes {autoquant.search_options = "[^"]*"} {/module {/' %t.met.mlir | diff - %t.replay.mlir
//
// An unreachable target: every step in order, the best kept, a warning.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=sqnr:200" -o %t.missed.mlir 2>&1 | FileCheck %s --check-prefix=MISSED
// RUN: FileCheck %s --check-prefix=MISSED-IR < %t.missed.mlir
// agreement: the argmax of the first result; target-dataset and
// target-samples choose what the tries are measured on.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=agreement:0.5 target-dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target-samples=4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=AGREE
// The pass on its own, with max-raised:
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant-search="target=sqnr:200 max-raised=1 dataset=%S/../Integration/Inputs/tiny_cnn_x.npy options={dataset=%S/../Integration/Inputs/tiny_cnn_x.npy}" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PASS
// stats-out and report are written once, by the chosen options' run.
// RUN: rm -f %t.stats.json
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=sqnr:5 stats-out=%t.stats.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATSLOG
// RUN: FileCheck %s --check-prefix=STATS < %t.stats.json
// calibrate-only stops with calibrated points.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy calibrate-only" | FileCheck %s --check-prefix=CALIBRATED
// Bad targets and options: one error each.
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=foo:1" 2>&1 | FileCheck %s --check-prefix=KIND
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=agreement:2" 2>&1 | FileCheck %s --check-prefix=FRACTION
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=sqnr:abc" 2>&1 | FileCheck %s --check-prefix=NUMBER
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="preset=tvm target=sqnr:3" 2>&1 | FileCheck %s --check-prefix=NODATA
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target-samples=3" 2>&1 | FileCheck %s --check-prefix=NOTARGET
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy target=sqnr:5 calibrate-mode=bad" 2>&1 | FileCheck %s --check-prefix=INNER

// MET: autoquant-search: try 1: options as given: SQNR {{[0-9.]+}} dB, agreement {{[0-9.]+}} %
// MET-NEXT: autoquant-search: target met with {{[0-9.]+}} dB (target 5.00 dB) after 1 tries; replay without the search: --autoquant="dataset={{.*}}tiny_cnn_x.npy"
// MET-IR: module attributes {autoquant.search_options = "dataset={{.*}}tiny_cnn_x.npy"}
// MET-IR: tosa.conv2d {{.*}} -> tensor<1x8x8x4xi32>

// MISSED: try 1: options as given
// MISSED: try 2: calibrate-mode=mse
// MISSED: try 3: calibrate-mode=percentile
// MISSED: try 4: calibrate-mode=kl_divergence
// MISSED: try 5: calibrate-mode=minmax
// MISSED: try 6: equalize=activations
// MISSED: try 7: weight-rounding=gptq bias-correction
// MISSED: try 8: point-nbit={{.*}}:16
// MISSED: autoquant-search: target missed with {{[0-9.]+}} dB (target 200.00 dB) after {{[0-9]+}} tries
// MISSED: warning: autoquant-search: no try reached the target 200.00 dB; keeping the best, {{[0-9.]+}} dB
// MISSED-IR: module attributes {autoquant.search_options = "dataset=

// AGREE: try 1: options as given: SQNR {{[0-9.]+}} dB, agreement 100.00 %
// AGREE-NEXT: target met with 100.00 % (target 50.00 %) after 1 tries
// PASS: try 8: point-nbit=
// PASS-NOT: try 9:
// PASS: target missed
// STATSLOG: target met with {{.*}} stats-out=
// STATS: "format": "autoquant-stats"
// CALIBRATED: autoquant.simulated_quantize {{.*}} params =
// CALIBRATED-NOT: tosa.rescale

// KIND: error: autoquant-search: target must be sqnr:DB or agreement:FRACTION, got 'foo:1'
// FRACTION: error: autoquant-search: target agreement: needs a fraction in (0, 1], got '2'
// NUMBER: error: autoquant-search: target sqnr: needs a number of dB, got 'abc'
// NODATA: error: autoquant: target= measures on data: pass dataset=FILE or target-dataset=FILE
// NOTARGET: error: autoquant: target-dataset and target-samples need target=
// INNER: unknown value 'bad'
