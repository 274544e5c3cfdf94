// report=FILE.html: one self-contained page with, per point, the histogram,
// every mode's threshold (the chosen one marked), the KL curve and the SQNR
// of its quantizer; the summary sorts by SQNR. Here on the calibration test
// model (Inputs/model.mlir) with 9 samples of 4 values: the chosen minmax threshold of
// x is 3.5 (Inputs/expected.txt), the weight's max 0.75.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x.npy report=%t.html" -o /dev/null
// RUN: FileCheck %s < %t.html
// The same numbers in stats-out; sensitivity-samples=0 leaves them out and
// sorts by each point's own SQNR:
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x.npy report=%t.html stats-out=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=STATS < %t.json
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x.npy report=%t.off.html stats-out=%t.off.json sensitivity-samples=0" -o /dev/null
// RUN: FileCheck %s --check-prefix=OFF < %t.off.html
// RUN: FileCheck %s --check-prefix=OFFSTATS < %t.off.json
// global_scale has no data of its own: the report still observes the dataset.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="dataset=%S/Inputs/x.npy report=%t.global.html" | FileCheck %s --check-prefix=GLOBAL
// RUN: FileCheck %s --check-prefix=GLOBALHTML < %t.global.html
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="report=%t.none.html" 2>&1 | FileCheck %s --check-prefix=NODATA
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy report=%t.dir/missing/r.html" 2>&1 | FileCheck %s --check-prefix=BADPATH

// CHECK: <title>AutoQuant calibration report: {{.*}}model.mlir: net</title>
// CHECK: 3 quantization points
// End-to-end sensitivity (sensitivity-samples, default 32): the output SQNR
// with only each point quantized and with all but it. y is a 32-bit point,
// exact here (only y: identical output, SQNR inf; null in JSON), so "all but x"
// equals "only W" and "all but W" equals "only x":
// CHECK: <h2>Summary (sorted by output SQNR with only this point quantized, worst first)</h2>
// CHECK: <th title="output SQNR with only this point quantized">only it (dB)</th><th title="output SQNR with every point but this one quantized">all but it (dB)</th>
// CHECK: <tr class="bad"><td>1</td><td class="name"><a href="#p0">x/input</a></td>{{.*}}<td>[[ONLYX:[0-9.]+]]</td><td>[[ONLYW:[0-9.]+]]</td></tr>
// CHECK-NEXT: <tr><td>2</td><td class="name"><a href="#p1">W/weight</a></td>{{.*}}<td>[[ONLYW]]</td><td>[[ONLYX]]</td></tr>
// CHECK-NEXT: <tr><td>3</td><td class="name"><a href="#p2">y/activation</a></td>{{.*}}<td>inf</td><td>[[ALL:[0-9.]+]]</td></tr>
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

// STATS: "name": "x/input",
// STATS: "output_sqnr_all_but_db": 43.2
// STATS-NEXT: "output_sqnr_only_db": 40.5
// STATS: "name": "y/activation",
// STATS: "output_sqnr_all_but_db": 39.4
// STATS-NEXT: "output_sqnr_only_db": null,
// OFF: <h2>Summary (sorted by SQNR, worst first)</h2>
// OFF-NOT: output SQNR
// OFFSTATS-NOT: output_sqnr
