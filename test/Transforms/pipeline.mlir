// --autoquant runs prepare, annotate, calibrate and realize (or simulate)
// with the union of their options, and gives exactly what the passes give.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="preset=tvm skip-conv-layers= skip-dense-layer=false calibrate-mode=percentile percentile=0.999 dataset=%S/../Integration/Inputs/tiny_cnn_x.npy weight-scale=max rounding=double" -o %t.pipeline.mlir
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate="calibrate-mode=percentile percentile=0.999 dataset=%S/../Integration/Inputs/tiny_cnn_x.npy weight-scale=max" --autoquant-realize="rounding=double" -o %t.passes.mlir
// RUN: diff %t.pipeline.mlir %t.passes.mlir
// RUN: FileCheck %s --input-file=%t.pipeline.mlir
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="preset=tvm simulate skip-conv-layers=" | FileCheck %s --check-prefix=SIM
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="preset=tvm" | FileCheck %s --check-prefix=DEFAULT
// equalize=... runs autoquant-equalize first, with the pipeline's dataset
// (the Fashion-MNIST example has two conv -> relu -> conv pairs):
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant="preset=tvm equalize=activations equalize-alpha=0.5 skip-conv-layers= calibrate-mode=percentile dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" -o %t.cle-pipeline.mlir
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant-equalize="alpha=0.5 dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" --autoquant-annotate="skip-conv-layers=" --autoquant-calibrate="calibrate-mode=percentile dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" --autoquant-realize -o %t.cle-passes.mlir
// RUN: diff %t.cle-pipeline.mlir %t.cle-passes.mlir
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant="preset=tvm skip-conv-layers= calibrate-mode=percentile dataset=%autoquant_src_root/examples/fmnist/calib_x.npy max-samples=16" -o %t.no-cle.mlir
// RUN: not diff -q %t.cle-pipeline.mlir %t.no-cle.mlir
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="preset=tvm calibrate-mode=nope" 2>&1 | FileCheck %s --check-prefix=BAD
// The default preset (accurate) is the options below, each overridable; it
// needs data and says so.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy" -o %t.accurate.mlir
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="preset=tvm skip-conv-layers= skip-dense-layer=false calibrate-mode=mse weight-scale=max weight-granularity=per-channel activation-sign=auto dataset=%S/../Integration/Inputs/tiny_cnn_x.npy" -o %t.explicit.mlir
// RUN: diff %t.accurate.mlir %t.explicit.mlir
// RUN: FileCheck %s --input-file=%t.accurate.mlir --check-prefix=ACCURATE
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../Integration/Inputs/tiny_cnn_x.npy weight-granularity=per-tensor" | FileCheck %s --check-prefix=OVERRIDE
// RUN: not quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant 2>&1 | FileCheck %s --check-prefix=NODATA

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
// ACCURATE: "tosa.const"() {{.*}} : tensor<4x3x3x1xi8>}> {autoquant.axis = 0 : i64
// ACCURATE: tosa.conv2d {{.*}} -> tensor<1x8x8x4xi32>
// ACCURATE: tosa.matmul {{.*}} -> tensor<1x1x10xi32>
// OVERRIDE-NOT: autoquant.axis = 0
// OVERRIDE: tosa.conv2d {{.*}} -> tensor<1x8x8x4xi32>
// NODATA: error: autoquant: the default preset calibrates on data: pass dataset=FILE.npy (or .npz; or stats-in=FILE.json), or preset=tvm for TVM's data-free defaults
