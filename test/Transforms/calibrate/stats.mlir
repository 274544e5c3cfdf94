// stats-out writes the thresholds; stats-in applies them without data and
// gives the same parameters. Unknown points and malformed files are errors.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy stats-out=%t.json" -o %t.direct.mlir
// RUN: FileCheck %s --check-prefix=JSON --input-file=%t.json
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="stats-in=%t.json" -o %t.applied.mlir
// RUN: diff %t.direct.mlir %t.applied.mlir
// Two shards of minmax statistics merge exactly (as the max):
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="stats-in=%t.json,%t.json" -o %t.merged.mlir
// RUN: diff %t.direct.mlir %t.merged.mlir
// RUN: sed -e 's/"x\/input"/"nosuchpoint"/' %t.json > %t.unknown.json
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="stats-in=%t.unknown.json" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: echo '{"points": 3}' > %t.bad.json
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="stats-in=%t.bad.json" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: echo '{' > %t.broken.json
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="stats-in=%t.broken.json" 2>&1 | FileCheck %s --check-prefix=BROKEN

// JSON: "format": "autoquant-stats"
// JSON: "id": 0
// JSON: "kind": "input"
// JSON: "method": "minmax"
// JSON: "name": "x/input"
// JSON: "threshold": 3.5

// UNKNOWN: error: {{.*}}stats-in has no threshold for point 'x/input'
// BAD: error: autoquant-calibrate: stats-in '{{.*}}bad.json' is not an autoquant-stats file
// BROKEN: error: autoquant-calibrate: stats-in '{{.*}}broken.json' is not valid JSON
