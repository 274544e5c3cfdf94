// weight-rounding=gptq and bias-correction on a 1x1 conv whose three input
// channels always carry the same value a (a in {0.25, 0.5, 0.75}, mean 0.5:
// Inputs/equal_channels.npy), so only the sum of the three weights matters.
// w = [0.5, 0.26, 0.26], 4-bit per-channel tight scale s = 0.5 / 7:
//   nearest: codes [7, 4, 4] = [0.5, 0.2857, 0.2857]: the sum is off by 0.0514;
//   gptq: column 2 rounds up (error -0.0257), which moves onto column 3:
//         0.26 - 0.0257 / 1.01 (damping 0.01) = 0.2345 -> code 3 (0.2143):
//         codes [7, 4, 3], the sum is off by 0.02.
// Bias correction adds (w - ŵ) · mean patch: nearest -0.0514 * 0.5,
// gptq +0.02 * 0.5 (the bias 0.1 becomes 0.0743 and 0.11).
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight weight-rounding=gptq" | FileCheck %s --check-prefix=GPTQ
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight weight-rounding=gptq bias-correction" | FileCheck %s --check-prefix=GPTQBC
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight bias-correction" | FileCheck %s --check-prefix=NEARESTBC
// The nearest default leaves the IR's constants as they are.
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight" | FileCheck %s --check-prefix=NEAREST
// Realized, the codes are GPTQ's: [7, 4, 3].
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight weight-rounding=gptq" --autoquant-realize | FileCheck %s --check-prefix=REALIZED
// quant-export writes GPTQ's codes as the int8 weights.
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight weight-rounding=gptq" --autoquant-realize -o %t.realized.mlir
// RUN: quant-export %t.realized.mlir -o - | FileCheck %s --check-prefix=EXPORT
// verbose: the layer's output SQNR with each rounding.
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight weight-rounding=gptq verbose" -o /dev/null 2>&1 | FileCheck %s --check-prefix=VERBOSE
// A dense layer (tosa.matmul; its input rows are the patches) has no bias
// operand: bias correction says so and skips it.
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax dataset=%S/Inputs/x.npy weight-rounding=gptq bias-correction" 2>&1 | FileCheck %s --check-prefix=DENSE
// The report shows the layer's output SQNR with nearest and with GPTQ codes;
// stats-out records the rounding in the weight's method.
// RUN: quant-opt %s --autoquant-calibrate="dataset=%S/Inputs/equal_channels.npy weight-granularity=per-channel weight-scale=max scale-convention=tight weight-rounding=gptq report=%t.html stats-out=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.html
// RUN: FileCheck %s --check-prefix=METHOD < %t.json
// rounding-stages: the layers in program-order stages, each measured with
// the stages before it rounded.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant="dataset=%S/../../Integration/Inputs/tiny_cnn_x.npy weight-rounding=gptq rounding-stages=2 verbose" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STAGES
// Bad options: one error each.
// RUN: not quant-opt %s --autoquant-calibrate="rounding-stages=0" 2>&1 | FileCheck %s --check-prefix=NOSTAGES
// RUN: not quant-opt %s --autoquant-calibrate="weight-rounding=gptq" 2>&1 | FileCheck %s --check-prefix=NODATA
// RUN: not quant-opt %s --autoquant-calibrate="bias-correction" 2>&1 | FileCheck %s --check-prefix=NODATA-BC
// RUN: not quant-opt %s --autoquant-calibrate="weight-rounding=gptq weight-scheme=log2" 2>&1 | FileCheck %s --check-prefix=LOG2
// RUN: not quant-opt %s --autoquant-calibrate="gptq-damping=-1" 2>&1 | FileCheck %s --check-prefix=DAMP
// RUN: not quant-opt %s --autoquant-calibrate="gptq-block-size=0" 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not quant-opt %s --autoquant-calibrate="rounding-samples=-2" 2>&1 | FileCheck %s --check-prefix=SAMPLES
// RUN: not quant-opt %s --autoquant-calibrate="weight-rounding=adaround" 2>&1 | FileCheck %s --check-prefix=VALUE
// The pipeline routes the options to calibrate.
// RUN: quant-opt %s --autoquant="dataset=%S/Inputs/equal_channels.npy weight-rounding=gptq bias-correction" | FileCheck %s --check-prefix=PIPELINE

// GPTQ: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}5.000000e-01, 0.285714{{[0-9]*}}, 0.214285{{[0-9]*}}]]]]> : tensor<1x1x1x3xf32>}>
// GPTQ: autoquant.simulated_quantize %[[W]] kind = weight nbit = 4 {{.*}} {autoquant.weight_rounding = "gptq"}
// GPTQ: dense<1.000000e-01> : tensor<1xf32>
// GPTQ-NOT: 2.600000e-01

// GPTQBC: dense<0.1099999{{[0-9]*}}> : tensor<1xf32>
// GPTQBC-NOT: dense<1.000000e-01> : tensor<1xf32>
// NEARESTBC: dense<0.07428{{[0-9]*}}> : tensor<1xf32>
// NEARESTBC-NOT: dense<1.000000e-01> : tensor<1xf32>
// NEARESTBC-NOT: weight_rounding
// NEAREST: dense<[{{\[\[\[}}5.000000e-01, 2.600000e-01, 2.600000e-01]]]]>
// NEAREST-NOT: weight_rounding
// REALIZED: dense<{{\[\[\[\[}}7, 4, 3]]]]> : tensor<1x1x1x3xi8>
// VERBOSE: calibrate: conv/weight: layer output SQNR {{.*}} dB nearest, {{.*}} dB gptq
// VERBOSE: calibrate: weight rounding: 1 layers from 6 samples

func.func @conv(%x: tensor<1x1x1x3xf32>) -> tensor<1x1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, 0.26, 0.26]]]]> : tensor<1x1x1x3xf32>}> : () -> tensor<1x1x1x3xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 4 sign = true rounding = half_away_from_zero : tensor<1x1x1x3xf32> loc("conv/weight")
  %b = "tosa.const"() <{values = dense<0.1> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %y : tensor<1x1x1x1xf32>
}

// DENSE: remark: {{.*}}bias correction skips 1 layer without a constant per-channel bias operand (first: 'W/weight')
// DENSE: autoquant.simulated_quantize {{.*}}kind = weight{{.*}}{autoquant.weight_rounding = "gptq"}
// NODATA: error: autoquant-calibrate: weight-rounding=gptq needs a dataset (dataset=FILE.npy or .npz)
// NODATA-BC: error: autoquant-calibrate: bias-correction needs a dataset (dataset=FILE.npy or .npz)
// LOG2: error: autoquant-calibrate: weight-rounding=gptq and bias-correction need weight-scheme=linear
// DAMP: error: autoquant-calibrate: gptq-damping must be a finite number >= 0, got -1
// BLOCK: error: autoquant-calibrate: gptq-block-size must be > 0, got 0
// SAMPLES: error: autoquant-calibrate: rounding-samples must be >= 0, got -2
// VALUE: for the --weight-rounding option: unknown value 'adaround' (expected nearest, gptq)
// PIPELINE: tosa.conv2d {{.*}} -> tensor<1x1x1x1xi32>
// REPORT: layer output, nearest (dB)
// REPORT: Layer output SQNR from the weights' rounding: {{[0-9.]+}} dB with nearest codes, {{[0-9.]+}} dB with gptq.
// METHOD: "method": "max per-channel gptq"
// EXPORT: "data": [
// EXPORT-NEXT: 7,
// EXPORT-NEXT: 4,
// EXPORT-NEXT: 3
// EXPORT-NEXT: ],
// EXPORT-NEXT: "dtype": "int8",
// STAGES: calibrate: weight rounding: 2 layers from {{[0-9]+}} samples in 2 stages
// NOSTAGES: error: autoquant-calibrate: rounding-stages must be >= 1
