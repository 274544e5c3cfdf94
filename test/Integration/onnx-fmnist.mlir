// The bundled Fashion-MNIST CNN as ONNX (examples/fmnist/model.onnx, the same
// weights as model.mlir, exported by PyTorch) through every tool: imported it
// is NHWC inside with no transpose left (the input's N,28,28,1 -> N,1,28,28
// permute moves a unit dimension: a reshape), named after the ONNX nodes;
// it computes exactly what model.mlir computes; and one quant-opt command
// quantizes it (every layer) to int8 TOSA that keeps the accuracy bar of
// fmnist.mlir and exports.
// RUN: quant-import %autoquant_src_root/examples/fmnist/model.onnx | FileCheck %s --check-prefix=IMPORT
// RUN: quant-run %autoquant_src_root/examples/fmnist/model.onnx --input %autoquant_src_root/examples/fmnist/test_x.npy --compare %autoquant_src_root/examples/fmnist/model.mlir --max-samples 300 --quiet | FileCheck %s --check-prefix=SAME
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.onnx --autoquant="preset=tvm skip-conv-layers= skip-dense-layer=false stop-at-global-pool=false calibrate-mode=percentile weight-scale=max dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=64" --mlir-print-debuginfo -o %t.int8.mlir
// RUN: FileCheck %s --check-prefix=INT8 < %t.int8.mlir
// RUN: quant-run %t.int8.mlir --input %autoquant_src_root/examples/fmnist/test_x.npy --labels %autoquant_src_root/examples/fmnist/test_y.npy --compare %autoquant_src_root/examples/fmnist/model.onnx --max-samples 300 --json --quiet | FileCheck %s
// RUN: quant-export %t.int8.mlir --format json | FileCheck %s --check-prefix=EXPORT
// A batch of 100 imports and runs with --batch-size.
// RUN: quant-run %autoquant_src_root/examples/fmnist/model.onnx --batch-size 100 --input %autoquant_src_root/examples/fmnist/test_x.npy --labels %autoquant_src_root/examples/fmnist/test_y.npy --max-samples 300 --quiet | FileCheck %s --check-prefix=BATCH

// IMPORT:     func.func @main(%{{.*}}: tensor<1x28x28x1xf32> loc("x")) -> tensor<1x10xf32>
// IMPORT-NOT: tosa.transpose
// IMPORT:     tosa.conv2d {{.*}} -> tensor<1x28x28x16xf32> loc(#[[CONV1:loc[0-9]*]])
// IMPORT:     tosa.depthwise_conv2d
// IMPORT:     tosa.avg_pool2d {{.*}} {acc_type = f32, kernel = array<i64: 7, 7>
// IMPORT:     tosa.matmul
// IMPORT-NOT: tosa.transpose
// IMPORT:     #[[CONV1]] = loc("/conv1/Conv")

// SAME: argmax agreement: 1.0000 (300/300)
// SAME: max abs diff:     0

// INT8-NOT: autoquant.simulated_quantize
// INT8:     tosa.conv2d {{.*}} -> tensor<1x28x28x16xi32>
// INT8:     tosa.rescale

// CHECK: "accuracy": 0.{{8[8-9]|9}}
// CHECK: "argmax_agreement": 0.{{9[4-9]}}
// CHECK: "reference_accuracy": 0.92
// CHECK: "samples": 300

// EXPORT: "name": "/conv1/Conv"

// BATCH: accuracy: 0.92
