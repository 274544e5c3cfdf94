// report=FILE.html: one self-contained page with, per point, the histogram,
// every mode's threshold (the chosen one marked), the KL curve and the SQNR
// of its quantizer; the summary sorts by SQNR. Here on the calibration test
// model (Inputs/model.mlir) with 9 samples of 4 values: the chosen minmax threshold of
// x is 3.5 (Inputs/expected.txt), the weight's max 0.75.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x.npy report=%t.html quiet" -o /dev/null
// RUN: FileCheck %s < %t.html
// global_scale has no data of its own: the report still observes the dataset.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="dataset=%S/Inputs/x.npy report=%t.global.html quiet" | FileCheck %s --check-prefix=GLOBAL
// RUN: FileCheck %s --check-prefix=GLOBALHTML < %t.global.html
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="report=%t.none.html quiet" 2>&1 | FileCheck %s --check-prefix=NODATA
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy report=%t.dir/missing/r.html quiet" 2>&1 | FileCheck %s --check-prefix=BADPATH

// CHECK: <title>AutoQuant calibration report: {{.*}}model.mlir: net</title>
// CHECK: 3 quantization points
// CHECK: <h2>Summary (sorted by SQNR, worst first)</h2>
// CHECK: <tr class="bad"><td>1</td>
// CHECK: <td>2</td>
// CHECK: <td>3</td>
// CHECK: <h3>x/input</h3>
// CHECK-NEXT: <p>input, 8 bits signed, 36 values in [-3.5, 1.312]; chosen: <b>minmax</b> T = 3.5, scale 0.02734, SQNR {{[0-9.]+}} dB.</p>
// CHECK: <td><b>3.5</b></td>
// CHECK: <svg class="hist"
// CHECK: stroke-width="3"><title>minmax: 3.5</title>
// CHECK: <svg class="kl"
// CHECK: <h3>W/weight</h3>
// CHECK: chosen: <b>max</b> T = 0.75
// CHECK: <h3>y/activation</h3>
// CHECK: </html>

// GLOBAL: params = <scale = 0.0625, clip = [-127, 127]>
// GLOBALHTML: chosen: <b>global_scale</b> T = 8,
// NODATA: error: autoquant-calibrate: report needs a dataset (dataset=FILE.npy or .npz)
// BADPATH: error: autoquant-calibrate: cannot write the report
