// The whole flow on the tiny CNN: annotate every layer, calibrate with KL on
// data, then realize (each rounding mode) and simulate. The int8 model runs
// through the JIT runner and agrees with the simulated one: same argmax, and
// logits that differ by less than 0.01 (one-code differences at exact ties
// in intermediate layers propagate; see docs/Numerics.md).
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=kl_divergence dataset=%S/Inputs/tiny_cnn_x.npy" -o %t.calibrated.mlir
// RUN: quant-opt %t.calibrated.mlir --autoquant-simulate -o %t.simulated.mlir
// RUN: quant-opt %t.calibrated.mlir --autoquant-realize -o %t.upward.mlir
// RUN: quant-opt %t.calibrated.mlir --autoquant-realize="rounding=tonearest" -o %t.tonearest.mlir
// RUN: quant-opt %t.calibrated.mlir --autoquant-realize="rounding=double" -o %t.double.mlir
// RUN: quant-opt %t.upward.mlir --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// RUN: quant-run %t.upward.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %t.simulated.mlir --quiet | FileCheck %s
// RUN: quant-run %t.tonearest.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %t.simulated.mlir --quiet | FileCheck %s
// RUN: quant-run %t.double.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %t.simulated.mlir --quiet | FileCheck %s
// RUN: quant-run %t.simulated.mlir --input %S/Inputs/tiny_cnn_x.npy --compare %autoquant_src_root/examples/tiny_cnn/model.mlir --quiet | FileCheck %s --check-prefix=FLOAT

// CHECK: argmax agreement: 1.0000 (5/5)
// CHECK: max abs diff: {{0\.00[0-9]+|[0-9.]+e-0[3-9]|0$}}
// FLOAT: argmax agreement: 1.0000 (5/5)
// FLOAT: SQNR: {{[2-9][0-9]\.[0-9]+}} dB
