// --autoquant runs annotate, calibrate and realize (or simulate) with the
// union of their options, and gives exactly what the three passes give.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="skip-conv-layers= skip-dense-layer=false calibrate-mode=percentile percentile=0.999 dataset=%S/../Integration/Inputs/tiny_cnn_x.npy weight-scale=max rounding=double" -o %t.pipeline.mlir
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=percentile percentile=0.999 dataset=%S/../Integration/Inputs/tiny_cnn_x.npy weight-scale=max" --autoquant-realize="rounding=double" -o %t.passes.mlir
// RUN: diff %t.pipeline.mlir %t.passes.mlir
// RUN: FileCheck %s --input-file=%t.pipeline.mlir
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="simulate skip-conv-layers=" | FileCheck %s --check-prefix=SIM
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant | FileCheck %s --check-prefix=DEFAULT
// equalize=... runs autoquant-equalize first, with the pipeline's dataset
// (the Fashion-MNIST example has two conv -> relu -> conv pairs):
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant="equalize=activations equalize-alpha=0.5 skip-conv-layers= calibrate-mode=percentile dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" -o %t.cle-pipeline.mlir
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant-equalize="alpha=0.5 dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" --autoquant-annotate="skip-conv-layers=" --autoquant-calibrate="calibrate-mode=percentile dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" --autoquant-realize -o %t.cle-passes.mlir
// RUN: diff %t.cle-pipeline.mlir %t.cle-passes.mlir
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant="skip-conv-layers= calibrate-mode=percentile dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" -o %t.no-cle.mlir
// RUN: not diff -q %t.cle-pipeline.mlir %t.no-cle.mlir
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="calibrate-mode=nope" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: tosa.conv2d {{.*}} -> tensor<1x8x8x4xi32>
// CHECK: tosa.rescale {{.*}}rounding_mode = DOUBLE_ROUND
// CHECK: tosa.matmul {{.*}} -> tensor<1x1x10xi32>
// With TVM's defaults (first conv and dense layer float) nothing of this
// model is quantized: the max pool only requantizes an already quantized input.
// DEFAULT: tosa.conv2d {{.*}} -> tensor<1x8x8x4xf32>
// DEFAULT: tosa.max_pool2d {{.*}} -> tensor<1x4x4x4xf32>
// DEFAULT: tosa.matmul {{.*}} -> tensor<1x1x10xf32>
// SIM: linalg.generic
// SIM-NOT: autoquant.simulated_quantize
// BAD: for the --calibrate-mode option: unknown value 'nope'
