// Simulate vs realize on the same calibrated model, point by point: every
// 8-bit quantization point of the bundled Fashion-MNIST CNN is exposed as an
// extra result (--autoquant-expose-points), the model is simulated (float
// fake-quant) and realized (integer TOSA), and quant-run compares each point
// in steps of its scale on 200 test images. Both forms compute the same codes
// except at ties and where float accumulation in the simulated conv differs
// from the exact int32 one; differences then propagate. Measured (percentile,
// double rounding): exact 98.83-100%, within one step 99.86-100%, at most 3
// steps; (kl_divergence, unsigned activations, per-channel weights, upward):
// exact 98.73-100%, within one step 99.77-100%, at most 3 steps. Required:
// 99.5% within one step at every point.
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=percentile weight-scale=max dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=64" --autoquant-expose-points --autoquant-realize="rounding=double" -o %t.pct.int8.mlir
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=percentile weight-scale=max dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=64" --autoquant-expose-points --autoquant-simulate -o %t.pct.sim.mlir
// RUN: quant-run %t.pct.int8.mlir --input %autoquant_src_root/examples/fmnist/test_x.npy --compare %t.pct.sim.mlir --max-samples 200 --min-point-agreement 0.995 --quiet | FileCheck %s
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=kl_divergence weight-scale=max activation-sign=auto weight-granularity=per-channel dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=64" --autoquant-expose-points --autoquant-realize -o %t.kl.int8.mlir
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=kl_divergence weight-scale=max activation-sign=auto weight-granularity=per-channel dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=64" --autoquant-expose-points --autoquant-simulate -o %t.kl.sim.mlir
// RUN: quant-run %t.kl.int8.mlir --input %autoquant_src_root/examples/fmnist/test_x.npy --compare %t.kl.sim.mlir --max-samples 200 --min-point-agreement 0.995 --quiet | FileCheck %s
// --report writes the same comparison as a page: per point the histogram of
// the differences in steps and the SQNR against the reference, worst first.
// RUN: quant-run %t.pct.int8.mlir --input %autoquant_src_root/examples/fmnist/test_x.npy --compare %t.pct.sim.mlir --max-samples 50 --report %t.html --quiet > /dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.html
// RUN: not quant-run %t.pct.sim.mlir --input %autoquant_src_root/examples/fmnist/test_x.npy --max-samples 5 --report %t.bad.html --quiet 2>&1 | FileCheck %s --check-prefix=NOCOMPARE
// The threshold is enforced: two different calibrations disagree.
// RUN: not quant-run %t.kl.int8.mlir --input %autoquant_src_root/examples/fmnist/test_x.npy --compare %t.pct.sim.mlir --max-samples 20 --min-point-agreement 0.995 --quiet 2>&1 | FileCheck %s --check-prefix=STRICT

// CHECK: quantization points (in steps of each point's scale):
// CHECK-NEXT: point elements exact within 1 max
// CHECK-NEXT: arg0/input 
// CHECK-NEXT: relu1/input
// CHECK-NEXT: relu2/input
// CHECK-NEXT: relu3/input
// CHECK-NEXT: res_add/input
// STRICT: quant-run: error: point '{{.*}}' (result {{[0-9]+}}): {{.*}} of its values are within one step of the reference, below --min-point-agreement 99.50%
// REPORT: <h1>Comparison report</h1>
// REPORT: 5 quantization points. Model {{.*}} against reference {{.*}} on 50 samples.
// REPORT: <h2>Summary (sorted by SQNR, worst first)</h2>
// REPORT: <h3>arg0/input</h3>
// REPORT: <svg class="hist"
// REPORT: <h3>res_add/input</h3>
// NOCOMPARE: quant-run: error: --report needs --compare and a model with exposed quantization points (--autoquant-expose-points)
