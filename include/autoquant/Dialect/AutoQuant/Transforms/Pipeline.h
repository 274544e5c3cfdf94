//===- Pipeline.h - The whole AutoQuant flow as one pipeline ----*- C++ -*-===//
//
// [equalize ->] annotate -> calibrate -> realize (or simulate), with the union
// of the passes' options: `quant-opt --autoquant="..."` or
// buildQuantizePipeline().
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
namespace autoquant {

struct QuantizeOptions : public PassPipelineOptions<QuantizeOptions> {
  // Equalize (docs/Numerics.md, "Cross-layer equalization"); off by default.
  PassOptions::Option<std::string> equalize{
      *this, "equalize",
      llvm::cl::desc("Cross-layer equalization first: none (default), "
                     "activations (needs the dataset) or weights"),
      llvm::cl::init("none")};
  PassOptions::Option<double> equalizeAlpha{
      *this, "equalize-alpha",
      llvm::cl::desc("Equalization strength in [0, 1] (default: 1 for "
                     "activations, 0.5 for weights)"),
      llvm::cl::init(-1)};
  // Annotate (docs/Annotate.md).
  PassOptions::Option<unsigned> nbitInput{
      *this, "nbit-input", llvm::cl::desc("Bits of inputs"), llvm::cl::init(8)};
  PassOptions::Option<unsigned> nbitWeight{*this, "nbit-weight",
                                           llvm::cl::desc("Bits of weights"),
                                           llvm::cl::init(8)};
  PassOptions::Option<unsigned> nbitActivation{
      *this, "nbit-activation", llvm::cl::desc("Bits of activations"),
      llvm::cl::init(32)};
  PassOptions::Option<std::string> skipConvLayers{
      *this, "skip-conv-layers",
      llvm::cl::desc("Conv layer indices left float (TVM default: 0)"),
      llvm::cl::init("0")};
  PassOptions::Option<bool> skipDenseLayer{
      *this, "skip-dense-layer",
      llvm::cl::desc("Leave dense layers float (TVM default: true)"),
      llvm::cl::init(true)};
  PassOptions::ListOption<std::string> debugEnabledOps{
      *this, "debug-enabled-ops", llvm::cl::desc("Only annotate these ops")};
  PassOptions::ListOption<std::string> skipLocs{
      *this, "skip-locs", llvm::cl::desc("Location globs left float")};
  PassOptions::ListOption<std::string> onlyLocs{
      *this, "only-locs", llvm::cl::desc("Only these location globs")};
  PassOptions::ListOption<std::string> pointNbit{
      *this, "point-nbit",
      llvm::cl::desc("Per-point bit widths, NAME-PATTERN:BITS")};
  PassOptions::Option<bool> stopAtGlobalPool{
      *this, "stop-at-global-pool",
      llvm::cl::desc("A global average pool ends the quantized region"),
      llvm::cl::init(true)};
  // Calibrate (docs/Calibrate.md).
  PassOptions::Option<std::string> calibrateMode{
      *this, "calibrate-mode",
      llvm::cl::desc(
          "global_scale | kl_divergence | percentile | minmax | mse"),
      llvm::cl::init("global_scale")};
  PassOptions::Option<std::string> klImpl{
      *this, "kl-impl", llvm::cl::desc("tvm (default) or fast"),
      llvm::cl::init("tvm")};
  PassOptions::Option<std::string> dataset{
      *this, "dataset", llvm::cl::desc("Calibration data (.npy / .npz)")};
  PassOptions::Option<int64_t> maxSamples{
      *this, "max-samples", llvm::cl::desc("At most this many samples"),
      llvm::cl::init(0)};
  PassOptions::Option<double> globalScale{
      *this, "global-scale", llvm::cl::desc("global_scale threshold"),
      llvm::cl::init(8.0)};
  PassOptions::Option<double> percentile{
      *this, "percentile", llvm::cl::desc("Percentile p in (0, 1]"),
      llvm::cl::init(0.99999)};
  PassOptions::Option<unsigned> klBins{*this, "kl-bins",
                                       llvm::cl::desc("KL histogram bins"),
                                       llvm::cl::init(8001)};
  PassOptions::Option<unsigned> klQuantizedBins{
      *this, "kl-quantized-bins", llvm::cl::desc("KL quantized bins"),
      llvm::cl::init(255)};
  PassOptions::Option<std::string> weightScale{*this, "weight-scale",
                                               llvm::cl::desc("max or power2"),
                                               llvm::cl::init("power2")};
  PassOptions::Option<std::string> weightScheme{
      *this, "weight-scheme", llvm::cl::desc("linear or log2"),
      llvm::cl::init("linear")};
  PassOptions::Option<std::string> weightGranularity{
      *this, "weight-granularity",
      llvm::cl::desc("per-tensor (TVM) or per-channel"),
      llvm::cl::init("per-tensor")};
  PassOptions::Option<std::string> activationRange{
      *this, "activation-range",
      llvm::cl::desc("symmetric (TVM) or asymmetric (zero points)"),
      llvm::cl::init("symmetric")};
  PassOptions::Option<std::string> activationSign{
      *this, "activation-sign",
      llvm::cl::desc("signed (TVM) or auto (unsigned where data >= 0)"),
      llvm::cl::init("signed")};
  PassOptions::Option<bool> powerOfTwoScales{
      *this, "power-of-two-scales",
      llvm::cl::desc("Every scale a power of two (shift-only hardware)"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> scaleConvention{
      *this, "scale-convention", llvm::cl::desc("tvm or tight"),
      llvm::cl::init("tvm")};
  PassOptions::Option<unsigned> threads{
      *this, "threads", llvm::cl::desc("KL search threads (0 = all)"),
      llvm::cl::init(0)};
  PassOptions::Option<std::string> entry{
      *this, "entry", llvm::cl::desc("Function to calibrate")};
  PassOptions::Option<std::string> statsOut{
      *this, "stats-out", llvm::cl::desc("Write thresholds as JSON")};
  PassOptions::ListOption<std::string> statsIn{
      *this, "stats-in", llvm::cl::desc("Apply thresholds from JSON")};
  PassOptions::Option<std::string> report{
      *this, "report", llvm::cl::desc("Per-point HTML calibration report")};
  PassOptions::Option<unsigned> sensitivitySamples{
      *this, "sensitivity-samples",
      llvm::cl::desc("report: samples for the end-to-end sensitivity (0 = "
                     "off)"),
      llvm::cl::init(32)};
  PassOptions::Option<bool> quiet{*this, "quiet",
                                  llvm::cl::desc("No progress output"),
                                  llvm::cl::init(false)};
  // Realize.
  PassOptions::Option<std::string> rounding{
      *this, "rounding", llvm::cl::desc("upward, tonearest or double"),
      llvm::cl::init("upward")};
  PassOptions::Option<unsigned> biasBits{
      *this, "bias-bits",
      llvm::cl::desc("Conv biases: 32 (default) or TVM's 8"),
      llvm::cl::init(32)};
  PassOptions::Option<bool> roundForShift{
      *this, "round-for-shift",
      llvm::cl::desc("Power-of-two requantizations round (true) or "
                     "truncate (false)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> fullyIntegral{
      *this, "fully-integral",
      llvm::cl::desc("Integer function arguments and results"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> simulate{
      *this, "simulate",
      llvm::cl::desc("Stop at a float fake-quantized model (TVM's "
                     "do_simulation) instead of realizing"),
      llvm::cl::init(false)};
};

/// Adds equalize (when asked), annotate, calibrate and realize (or simulate)
/// to `pm`, a module pass manager.
void buildQuantizePipeline(OpPassManager &pm, const QuantizeOptions &options);

/// Registers `--autoquant` with quant-opt style tools.
void registerAutoQuantPipelines();

} // namespace autoquant
} // namespace mlir

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H
