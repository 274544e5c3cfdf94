//===- Passes.td - AutoQuant passes ------------------------*- tablegen -*-===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_TD
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AutoQuantEqualize : Pass<"autoquant-equalize", "::mlir::ModuleOp"> {
  let summary = "Cross-layer equalization of conv channel ranges (float, "
                "before annotate)";
  let description = [{
    Finds every producer (conv2d, depthwise_conv2d with multiplier 1,
    transpose_conv2d; constant weights and bias) whose result reaches the
    data input of a consumer (conv2d, depthwise_conv2d, transpose_conv2d;
    constant weights) through single-use ops that commute with per-channel
    scaling (QuantizableOpInterface::commutesWithChannelScaling: relu, max
    and average pooling, zero padding). For each such pair it divides the
    producer's output channel c (weights and bias) by s_c and multiplies the
    consumer's weights for input channel c by s_c: the float function is
    unchanged (up to rounding), but the activation between them no longer
    has a few channels that dwarf the others, which per-tensor quantization
    (and KL-divergence calibration in particular) handles badly.

    The same migration runs from a per-channel affine step x * gamma (+
    beta) with constant gamma and beta (a layer norm's last step, channels
    along any axis) into a matmul or conv whose data it reaches through
    transposes and reshapes that bring the channels to the last axis:
    gamma and beta are divided by s_c (SmoothQuant, Xiao et al. 2022,
    usually with `source=activations alpha=0.5`).

    s_c = x_c^alpha * w_c^(alpha - 1), normalized to geometric mean 1, with
    w_c the consumer's max |weight| for input channel c and x_c either the
    channel's max |activation| over the dataset (`source=activations`) or
    the producer's max |weight| for output channel c (`source=weights`, no
    data: Nagel et al.'s data-free cross-layer equalization with alpha =
    0.5). The math is docs/Numerics.md ("Cross-layer equalization"). Each
    equalized pair gets a remark (with `verbose`) with the channel-range
    ratio (max / min) before and after and how much the largest |weight| of
    the producer and of the consumer grew: with per-tensor weight scales that
    growth costs resolution (at 6 bits, `alpha=1` with per-tensor weights
    loses most of the example's accuracy; per-channel weights or
    `alpha=0.5` avoid it). A pair whose new weights would not be finite
    float32 is left as it is, with a warning.

    Without `entry`, `source=weights` equalizes every function with a body;
    `source=activations` needs the module to have one (or `entry`). Only ops
    directly in the function body are considered (not nested regions). It
    works on the float model: a function that already has
    simulated_quantize ops gets a warning and is left as it is.
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
  let options = [
    Option<"source", "source", "::autoquant::EqualizeSource",
           /*default=*/"::autoquant::EqualizeSource::Activations",
           "Channel ranges to equalize",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::EqualizeSource::Activations,
                        "activations", "per-channel max over the dataset"),
             clEnumValN(::autoquant::EqualizeSource::Weights, "weights",
                        "the producer's weights; no data"))}]>,
    Option<"alpha", "alpha", "double", /*default=*/"-1",
           "Migration strength in [0, 1]: 1 gives every activation channel "
           "the same range, 0.5 balances activation and consumer weights "
           "(default: 1 with source=activations, 0.5 with source=weights)">,
    Option<"dataset", "dataset", "std::string", /*default=*/"\"\"",
           "Data for source=activations: .npy or .npz, first dimension = "
           "samples">,
    Option<"maxSamples", "max-samples", "int64_t", /*default=*/"0",
           "Use at most this many samples (0 = all)">,
    Option<"threads", "threads", "unsigned", /*default=*/"0",
           "Batches run concurrently (at most 8, 0 = all cores); results do "
           "not depend on it">,
    Option<"entry", "entry", "std::string", /*default=*/"\"\"",
           "Function to equalize (default: the only function with a body)">,
    Option<"verbose", "verbose", "bool", /*default=*/"false",
           "A remark per equalized pair and progress on stderr (the pass is "
           "silent by default)">,
  ];
  let statistics = [
    Statistic<"numPairs", "equalized-pairs", "Producer / consumer pairs "
              "equalized">,
    Statistic<"numSkipped", "skipped-pairs", "Pairs left as they were "
              "(new weights would not be finite)">,
  ];
}

def AutoQuantPrepare : Pass<"autoquant-prepare", "::mlir::func::FuncOp"> {
  let summary = "Bring TOSA as frontends emit it into the forms the "
                "quantization rules know (first step of --autoquant)";
  let description = [{
    torch-mlir and TFLite spell a few things differently from the forms the
    annotate rules and the weight lookups expect. This pass rewrites them,
    leaving the float function the same (up to float32 rounding of folded
    constants):

    * constant sub-expressions are evaluated at compile time: elementwise
      `add`, `sub`, `mul` (shift 0), `pow`, `maximum`, `minimum`, `rsqrt`,
      `reciprocal`, `exp`, `log`, `abs`, `negate` (zero points 0) of float32
      constants, with TOSA's broadcasting, and `reshape` / `transpose` of
      constants (a decomposed batch norm's `rsqrt(var + eps)`, torch-mlir's
      transposed OIHW weights);
    * `tosa.maximum` / `tosa.minimum` of a value and a one-value constant
      (torch-mlir's ReLU and ReLU6) become `tosa.clamp`, and nested clamps
      merge, so the clamp rule applies;
    * an `add`, `sub` or `mul` (shift 0) of a float `conv2d`'s only use and a
      per-output-channel constant (`[1, 1, 1, C]` or one value) is folded
      into the conv's weights and bias: a decomposed batch norm,
      `(conv - mean) * factor + beta`, becomes one conv2d whose location
      fuses both names.

    Constants above `max-fold-elements` elements are left as they are.

    ```mlir
    func.func @relu6(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
      %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
      %six = "tosa.const"() <{values = dense<6.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
      %a = tosa.maximum %x, %zero : (tensor<1x8xf32>, tensor<1x1xf32>) -> tensor<1x8xf32>
      %b = tosa.minimum %a, %six : (tensor<1x8xf32>, tensor<1x1xf32>) -> tensor<1x8xf32>
      return %b : tensor<1x8xf32>
    }
    ```
    becomes one `tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32}`.
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
  let options = [
    Option<"maxFoldElements", "max-fold-elements", "int64_t",
           /*default=*/"16777216",
           "Largest constant (in elements) the pass computes at compile "
           "time">
  ];
  let statistics = [
    Statistic<"numFolded", "folded-ops", "Ops of constants evaluated at "
              "compile time">,
    Statistic<"numClamps", "clamps", "maximum / minimum turned into clamps">,
    Statistic<"numConvFolds", "conv-folds", "Per-channel add / sub / mul "
              "folded into the conv before them">,
  ];
}

def AutoQuantAnnotate : Pass<"autoquant-annotate", "::mlir::ModuleOp"> {
  let summary = "Insert uncalibrated simulated_quantize ops by TVM's rules";
  let description = [{
    Walks every function in program order and asks each op's
    QuantizableOpInterface model which operands to quantize and which
    domain (input, weight, activation) its result is in, reproducing TVM's
    `relay.quantize` annotation. A value with several users is quantized once
    (as input); a constant used twice gets one weight op. Ops without a model
    stay float with a remark. Running the pass twice changes nothing.

    Before:
    ```mlir
    func.func @dense(%x: tensor<1x2x16xf32>) -> tensor<1x2x8xf32> {
      %w = "tosa.const"() <{values = dense<0.5> : tensor<1x16x8xf32>}> : () -> tensor<1x16x8xf32>
      %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
      %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x2x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x8xf32>
      return %y : tensor<1x2x8xf32>
    }
    ```
    After `--autoquant-annotate="skip-dense-layer=false"`:
    ```mlir
    func.func @dense(%x: tensor<1x2x16xf32>) -> tensor<1x2x8xf32> {
      %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x2x16xf32>
      %w = "tosa.const"() <{values = dense<0.5> : tensor<1x16x8xf32>}> : () -> tensor<1x16x8xf32>
      %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x16x8xf32>
      %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
      %y = tosa.matmul %xq, %wq, %zp, %zp : (tensor<1x2x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x8xf32>
      return %y : tensor<1x2x8xf32>
    }
    ```
    The rule of every op is in docs/Annotate.md.
    The defaults equal TVM's qconfig, which leaves the first conv and every
    dense layer float; `skip-conv-layers= skip-dense-layer=false` quantizes
    every conv and dense layer up to a global average pool (and past it with
    `stop-at-global-pool=false`).
  }];
  let dependentDialects = ["::autoquant::AutoQuantDialect"];
  let options = [
    Option<"nbitInput", "nbit-input", "unsigned", /*default=*/"8",
           "Bits of input-kind quantization points (1-32)">,
    Option<"nbitWeight", "nbit-weight", "unsigned", /*default=*/"8",
           "Bits of weight-kind quantization points (1-32)">,
    Option<"nbitActivation", "nbit-activation", "unsigned", /*default=*/"32",
           "Bits of activation-kind quantization points (1-32)">,
    Option<"skipConvLayers", "skip-conv-layers", "std::string",
           /*default=*/"\"0\"",
           "Comma-separated 0-based indices, in program order per function, "
           "of conv layers (conv2d, depthwise_conv2d, transpose_conv2d) left "
           "float; empty = none (TVM's default: 0)">,
    Option<"skipDenseLayer", "skip-dense-layer", "bool", /*default=*/"true",
           "Leave every dense layer (matmul with a constant operand) float "
           "(TVM's default: true)">,
    ListOption<"debugEnabledOps", "debug-enabled-ops", "std::string",
           "Only ops with these names (e.g. tosa.conv2d) are annotated">,
    ListOption<"skipLocs", "skip-locs", "std::string",
           "Ops whose location name matches one of these glob patterns stay "
           "float">,
    ListOption<"onlyLocs", "only-locs", "std::string",
           "Only ops whose location name matches one of these glob patterns "
           "are annotated">,
    ListOption<"pointNbit", "point-nbit", "std::string",
           "Per-point bit widths, NAME-PATTERN:BITS (glob on the point name "
           "<producer>/<kind>, e.g. conv2.weight/weight:6 or relu1/*:16); "
           "the last matching pattern wins">,
    Option<"stopAtGlobalPool", "stop-at-global-pool", "bool",
           /*default=*/"true",
           "A global average pool that heads a classifier (nothing computed "
           "from it is as large as its input again; not a squeeze-excitation "
           "gate) ends the quantized region: its result and everything "
           "computed from it stay float (TVM's behaviour)">
  ];
}

def AutoQuantCalibrate : Pass<"autoquant-calibrate", "::mlir::ModuleOp"> {
  let summary = "Fill scale and clip bounds of simulated_quantize ops";
  let description = [{
    Computes the parameters of every uncalibrated `simulated_quantize` op of
    the entry function, TVM's calibrate pass:

    * weight-kind ops read their constant: `weight-scale=max` (max|w|) or
      `power2` (2^ceil(log2 max|w|));
    * other ops use `calibrate-mode`: `global_scale` (a constant threshold,
      no data) or, from the dataset, `kl_divergence`, `percentile`, `minmax`
      or `mse`. The pass compiles an instrumented copy of the function that
      returns the input of every such op, runs it over the dataset with the
      JIT runner (as many passes as the method needs) and streams each
      tensor into its observer, so memory does not grow with the dataset.

    A threshold T becomes `scale = T / 2^(nbit-1)`, `clip = +-(2^(nbit-1)-1)`
    (TVM; `scale-convention=tight` uses `T / (2^(nbit-1)-1)`). The dataset is
    a `.npy` (one-argument functions) or `.npz` (one member per argument,
    named `arg0`, `arg1`, ... or in archive order) whose first dimension is
    the sample; it is fed in the function's static batch size.
    `stats-out` writes the thresholds as JSON; `stats-in` applies such a file
    without running anything. The math is docs/Numerics.md.

    Once every scale is known, `weight-rounding=gptq` and `bias-correction`
    run the model with every point simulated, sum each weight layer's input
    patches into its Hessian and mean, and replace the weight constant by
    the values of the codes chosen (GPTQ's) and the conv bias by the
    corrected one; realize and quant-export then read those codes unchanged.
    The op of such a weight carries `autoquant.weight_rounding = "gptq"`.
  }];
  let dependentDialects = ["::autoquant::AutoQuantDialect"];
  let options = [
    Option<"calibrateMode", "calibrate-mode",
           "::autoquant::calib::CalibrationMethod",
           /*default=*/"::autoquant::calib::CalibrationMethod::GlobalScale",
           "How non-weight points get their threshold",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::calib::CalibrationMethod::GlobalScale,
                        "global_scale", "global-scale for every point, no "
                        "data"),
             clEnumValN(::autoquant::calib::CalibrationMethod::KLDivergence,
                        "kl_divergence", "KL-divergence minimization"),
             clEnumValN(::autoquant::calib::CalibrationMethod::Percentile,
                        "percentile", "an order statistic of |x|"),
             clEnumValN(::autoquant::calib::CalibrationMethod::MinMax,
                        "minmax", "max |x| (or [min, max])"),
             clEnumValN(::autoquant::calib::CalibrationMethod::Mse, "mse",
                        "histogram mean-squared-error minimization"))}]>,
    Option<"klImpl", "kl-impl", "::autoquant::calib::KLImplementation",
           /*default=*/"::autoquant::calib::KLImplementation::Tvm",
           "KL search (docs/Calibrate.md)",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::calib::KLImplementation::Tvm, "tvm",
                        "bit-identical to TVM (the default)"),
             clEnumValN(::autoquant::calib::KLImplementation::Fast, "fast",
                        "corrected objective, float64, prefix sums"))}]>,
    Option<"dataset", "dataset", "std::string", /*default=*/"\"\"",
           "Calibration data: .npy or .npz, first dimension = samples">,
    Option<"maxSamples", "max-samples", "int64_t", /*default=*/"0",
           "Use at most this many samples (0 = all)">,
    Option<"globalScale", "global-scale", "double", /*default=*/"8.0",
           "Threshold of every non-weight op in global_scale mode">,
    Option<"percentile", "percentile", "double", /*default=*/"0.99999",
           "Percentile mode: p in (0, 1]">,
    Option<"klBins", "kl-bins", "unsigned", /*default=*/"8001",
           "KL: histogram bins">,
    Option<"klQuantizedBins", "kl-quantized-bins", "unsigned",
           /*default=*/"255", "KL: bins of the quantized distribution">,
    Option<"weightScale", "weight-scale", "::autoquant::calib::WeightScaleMode",
           /*default=*/"::autoquant::calib::WeightScaleMode::Power2",
           "Weights' threshold",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::calib::WeightScaleMode::Max, "max",
                        "max |w|"),
             clEnumValN(::autoquant::calib::WeightScaleMode::Power2, "power2",
                        "2^ceil(log2 max |w|) (TVM's default)"))}]>,
    Option<"weightScheme", "weight-scheme", "::autoquant::WeightScheme",
           /*default=*/"::autoquant::WeightScheme::Linear",
           "Weight codes",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::WeightScheme::Linear, "linear",
                        "scale and clip"),
             clEnumValN(::autoquant::WeightScheme::Log2, "log2",
                        "sign * 2^(k/16) codes below the largest exponent; "
                        "simulate only, TOSA has no integer form"))}]>,
    Option<"weightGranularity", "weight-granularity",
           "::autoquant::WeightGranularity",
           /*default=*/"::autoquant::WeightGranularity::PerTensor",
           "Weight scales",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::WeightGranularity::PerTensor,
                        "per-tensor", "one scale per tensor (TVM)"),
             clEnumValN(::autoquant::WeightGranularity::PerChannel,
                        "per-channel", "one scale per output channel, along "
                        "the axis the reading op names"))}]>,
    Option<"weightRounding", "weight-rounding", "::autoquant::WeightRounding",
           /*default=*/"::autoquant::WeightRounding::Nearest",
           "How weights become codes once their scales are known",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::WeightRounding::Nearest, "nearest",
                        "each weight to its nearest code (TVM, TFLite, ORT)"),
             clEnumValN(::autoquant::WeightRounding::Gptq, "gptq",
                        "conv, depthwise, transpose conv and dense weights "
                        "in GPTQ's order, each column's error moved onto "
                        "the next through the layer's input Hessian "
                        "(needs the dataset)"))}]>,
    Option<"biasCorrection", "bias-correction", "bool", /*default=*/"false",
           "Add to each conv bias the mean output shift that weight "
           "rounding causes on the calibration data (needs the dataset)">,
    Option<"gptqDamping", "gptq-damping", "double", /*default=*/"0.01",
           "GPTQ: added to the Hessian's diagonal, as a fraction of its "
           "mean">,
    Option<"gptqBlockSize", "gptq-block-size", "int64_t",
           /*default=*/"128",
           "GPTQ: columns rounded between updates of the later ones (speed "
           "only)">,
    Option<"roundingStages", "rounding-stages", "unsigned",
           /*default=*/"1",
           "GPTQ and bias correction: round the layers in this many "
           "program-order stages, each measured on the model with the "
           "earlier stages already rounded (one compile each)">,
    Option<"roundingSamples", "rounding-samples", "int64_t",
           /*default=*/"0",
           "Samples whose layer inputs feed GPTQ and bias correction (0: the "
           "calibration samples)">,
    Option<"activationRange", "activation-range",
           "::autoquant::ActivationRange",
           /*default=*/"::autoquant::ActivationRange::Symmetric",
           "Data-calibrated points' range",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::ActivationRange::Symmetric,
                        "symmetric", "zero point 0 (TVM)"),
             clEnumValN(::autoquant::ActivationRange::Asymmetric,
                        "asymmetric", "an affine quantizer with a zero point "
                        "for the observed [min, max]; calibrate-mode=minmax "
                        "or mse"))}]>,
    Option<"activationSign", "activation-sign",
           "::autoquant::ActivationSign",
           /*default=*/"::autoquant::ActivationSign::Signed",
           "Data-calibrated points' codes",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::ActivationSign::Signed, "signed",
                        "signed codes (TVM)"),
             clEnumValN(::autoquant::ActivationSign::Auto, "auto",
                        "unsigned codes over [0, T] where every calibration "
                        "value is >= 0, e.g. after a ReLU; minmax, percentile "
                        "and kl_divergence"))}]>,
    Option<"powerOfTwoScales", "power-of-two-scales", "bool",
           /*default=*/"false",
           "Round every threshold up to a power of two (weights too), so that "
           "every scale and every requantization ratio is a power of two and "
           "realize emits shifts only (needs scale-convention=tvm)">,
    Option<"scaleConvention", "scale-convention",
           "::autoquant::calib::ScaleConvention",
           /*default=*/"::autoquant::calib::ScaleConvention::Tvm",
           "How a threshold T becomes a scale",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::calib::ScaleConvention::Tvm, "tvm",
                        "T / 2^(nbit-1)"),
             clEnumValN(::autoquant::calib::ScaleConvention::Tight, "tight",
                        "T / (2^(nbit-1) - 1)"))}]>,
    Option<"threads", "threads", "unsigned", /*default=*/"0",
           "Threads for running calibration batches concurrently (at most "
           "8) and for the KL search (0 = all cores); results do not depend "
           "on it">,
    Option<"entry", "entry", "std::string", /*default=*/"\"\"",
           "Function to calibrate (default: the only function with "
           "simulated_quantize ops)">,
    Option<"statsOut", "stats-out", "std::string", /*default=*/"\"\"",
           "Write per-point thresholds and statistics to this JSON file">,
    ListOption<"statsIn", "stats-in", "std::string",
           "Apply thresholds from these JSON files instead of running">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Write a per-point HTML report to this file: histograms, every "
           "mode's threshold, the KL curve and SQNR (needs a dataset)">,
    Option<"sensitivitySamples", "sensitivity-samples", "unsigned",
           /*default=*/"32",
           "report: end-to-end sensitivity on this many samples (0 = off): "
           "the SQNR of the function's first result against the float model "
           "with only each point quantized, and with every point but it">,
    Option<"recalibrate", "recalibrate", "bool", /*default=*/"false",
           "Also recompute ops that already have params">,
    Option<"verbose", "verbose", "bool", /*default=*/"false",
           "Progress and a timing summary on stderr (the pass is silent by "
           "default)">
  ];
  let statistics = [
    Statistic<"numWeightPoints", "weight-points", "Weight points calibrated "
              "from their constants">,
    Statistic<"numObservedPoints", "observed-points", "Points calibrated on "
              "the dataset">,
    Statistic<"numFallbackPoints", "fallback-points", "Points whose data gave "
              "no usable threshold (documented fallback used)">,
    Statistic<"numSamples", "samples", "Calibration samples run">,
    Statistic<"numGptqWeights", "gptq-weights", "Weights rounded by GPTQ">,
    Statistic<"numBiasCorrections", "bias-corrections", "Biases corrected "
              "for the mean shift of weight rounding">,
    Statistic<"numCompiles", "compiles", "Copies of the model compiled by the "
              "JIT runner">,
  ];
}

def AutoQuantRealize : Pass<"autoquant-realize", "::mlir::ModuleOp"> {
  let summary = "Lower calibrated simulated_quantize ops to integer TOSA";
  let description = [{
    TVM's realize on TOSA 1.0. Walks each function in program order with the
    integer form of every quantized value (an int8/int16/int32 tensor with
    its scale and zero point):

    * a simulated_quantize of a float constant becomes an integer constant
      (weights folded at compile time); of any other float value, the
      quantization ops at the function entry; of an integer value, a
      `tosa.rescale` (multiplier and shift from the scale ratio) and a clamp
      to its clip bounds;
    * each op's QuantizableOpInterface model builds its integer form: conv
      and matmul int8 x int8 -> int32 with an int32 bias at S_in * S_w, add /
      sub / concat in int32 at a common scale (the smaller 8/16-bit scale,
      or the largest 32-bit operand's), mul in int32, clamp with the bounds
      divided by the scale, pools and data movement in integers, sigmoid /
      tanh / erf as int8 lookup tables;
    * ops without an integer form stay float and read dequantized values;
      function results are dequantized (float interface).

    With `verbose`, one line per function says how many of its ops became
    integer and names, with counts, the ops that stay float.

    `rounding` picks the requantization rounding: `upward` (TVM's UPWARD =
    TOSA SINGLE_ROUND), `tonearest` (TVM's TONEAREST, ties away from zero)
    or `double` (TFLite / gemmlowp = TOSA DOUBLE_ROUND). The exact arithmetic
    is docs/Numerics.md. With `fully-integral`, the function takes and
    returns the integer tensors themselves (no entry / exit conversion).
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
  let options = [
    Option<"rounding", "rounding", "::autoquant::RequantRoundingMode",
           /*default=*/"::autoquant::RequantRoundingMode::upward",
           "Requantization rounding",
           [{::llvm::cl::values(
             clEnumValN(::autoquant::RequantRoundingMode::upward,
                        "upward", "TVM UPWARD, TOSA SINGLE_ROUND"),
             clEnumValN(::autoquant::RequantRoundingMode::tonearest,
                        "tonearest", "TVM TONEAREST, ties away from zero"),
             clEnumValN(::autoquant::RequantRoundingMode::doubleRound,
                        "double", "TOSA DOUBLE_ROUND, TFLite / gemmlowp"))}]>,
    Option<"biasBits", "bias-bits", "unsigned", /*default=*/"32",
           "Conv biases: 32 (int32 at S_in * S_w) or 8 (TVM's 8-bit bias at "
           "a power-of-two scale, requantized to the accumulator; "
           "compatibility only)">,
    Option<"roundForShift", "round-for-shift", "bool", /*default=*/"true",
           "TVM's round_for_shift: a requantization by an exact power of two "
           "rounds like any rescale (true) or truncates, floor(x / 2^k) "
           "(false)">,
    Option<"fullyIntegral", "fully-integral", "bool", /*default=*/"false",
           "Integer function interface: quantized arguments and results "
           "become integer tensors, their scale and zero point recorded as "
           "autoquant.scale / autoquant.zero_point argument and result "
           "attributes">,
    Option<"verbose", "verbose", "bool", /*default=*/"false",
           "Print per function how many ops became integer and which stay "
           "float (by op name) on stderr">
  ];
}

def AutoQuantVerifyInteger
    : Pass<"autoquant-verify-integer", "::mlir::ModuleOp"> {
  let summary = "Report every float op left in a realized model";
  let description = [{
    Fails with one error per op (at its location) that has a float tensor
    operand or result, so a pipeline can require a fully integer model.
    Constants that nothing uses any more are ignored.
  }];
}

def AutoQuantExposePoints
    : Pass<"autoquant-expose-points", "::mlir::ModuleOp"> {
  let summary = "Return the value of every quantization point as an extra "
                "function result";
  let description = [{
    A debugging aid: appends the result of every calibrated, per-tensor,
    non-weight simulated_quantize with at most `max-nbit` bits to its
    function's results, recording its name (`autoquant.point`), scale
    (`autoquant.scale`) and zero point as result attributes. Run it before
    `--autoquant-simulate` and before `--autoquant-realize` on the same
    calibrated model, and `quant-run realized.mlir --compare simulated.mlir`
    reports, per point, how many values match exactly and the largest
    difference in quantization steps.

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %q = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
      %y = tosa.abs %q : (tensor<4xf32>) -> tensor<4xf32>
      return %y : tensor<4xf32>
    }
    ```
    becomes a function returning `(%y, %q)` with
    `{autoquant.point = "", autoquant.scale = 5.000000e-01 : f64, ...}` on
    its second result.
  }];
  let options = [
    Option<"maxNbit", "max-nbit", "unsigned", /*default=*/"16",
           "Expose points of at most this many bits (32-bit activations "
           "differ by float rounding, not by steps)">
  ];
}

def AutoQuantSearch : Pass<"autoquant-search", "::mlir::ModuleOp"> {
  let summary = "Quantize until an accuracy target holds (the pipeline's "
                "target=)";
  let description = [{
    Runs the `--autoquant` pipeline with `options` on copies of the module
    and measures each result (simulated, on `dataset`) against the float
    model: the SQNR of the first result (`target=sqnr:DB`) or the fraction
    of samples whose argmax over it agrees (`target=agreement:FRACTION`).
    Starting from `options` as given, it tries in order of cost, keeping
    what improves the measure and stopping once the target holds:
    each calibration mode (mse, percentile, kl_divergence, minmax);
    cross-layer equalization (`equalize=activations`); GPTQ rounding with
    bias correction; then raising the points whose quantization costs the
    output most (the report's end-to-end sensitivity: output SQNR with every
    point but it quantized) to 16 bits (weights below 8 bits to 8), one at
    a time, up to `max-raised`.
    Each try is printed with its measure. The chosen options then run on the
    module itself; the module's `autoquant.search_options` attribute records
    them, so that `--autoquant="OPTIONS"` replays the result without the
    search. When nothing reaches the target, the best try is kept and a
    warning says by how much it falls short.
  }];
  // Everything the pipeline it runs may create.
  let dependentDialects = ["::autoquant::AutoQuantDialect",
                           "::mlir::tosa::TosaDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "sqnr:DB or agreement:FRACTION (e.g. sqnr:30, agreement:0.99)">,
    Option<"pipelineOptions", "options", "std::string", /*default=*/"\"\"",
           "The --autoquant options to start from">,
    Option<"dataset", "dataset", "std::string", /*default=*/"\"\"",
           "Data the tries are measured on (.npy / .npz)">,
    Option<"maxSamples", "max-samples", "int64_t", /*default=*/"0",
           "Measure on the first N samples (0: all)">,
    Option<"maxRaised", "max-raised", "unsigned", /*default=*/"8",
           "Most points raised to 16 bits">,
    Option<"sensitivitySamples", "sensitivity-samples", "unsigned",
           /*default=*/"64",
           "Samples of the sensitivity ranking that picks the points to "
           "raise">,
  ];
}

def AutoQuantSimulate : Pass<"autoquant-simulate", "::mlir::ModuleOp"> {
  let summary = "Lower simulated_quantize to float arithmetic (fake quant)";
  let description = [{
    TVM's `do_simulation`: every calibrated simulated_quantize becomes a
    `linalg.generic` that computes its forward semantics in float32,
    `(round(clamp(x / s + z, lo, hi)) - z) * s` (docs/Numerics.md), so the
    fake-quantized model runs through the same JIT runner as the float and
    the realized ones. On a constant (weights) the same float32 operations
    run once at compile time and the op becomes a `tosa.const` with the
    fake-quantized values (bit-identical to the generic). `identity` ops
    disappear; uncalibrated ones are an error.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_TD
