//===- Pipeline.h - The whole AutoQuant flow as one pipeline ----*- C++ -*-===//
//
// prepare -> [equalize ->] annotate -> calibrate -> realize (or simulate). The
// passes' options are declared once, in Passes.td: the C++ form takes the
// generated option structs, and the textual form (`quant-opt
// --autoquant="..."`) hands each option to every pass of the pipeline that
// declares it. Only the options that shape the pipeline itself are declared
// here.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Support/MLIR.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <optional>
#include <string>
#include <vector>

namespace autoquant {

/// What buildQuantizePipeline runs, with each pass's own options.
struct QuantizeOptions {
  /// TOSA as frontends emit it brought into the rules' forms, first of all
  /// (constant sub-expressions computed, max/min against constants as
  /// clamps); none when absent.
  std::optional<AutoQuantPrepareOptions> prepare = AutoQuantPrepareOptions();
  /// Cross-layer equalization (docs/Numerics.md); none when absent.
  std::optional<AutoQuantEqualizeOptions> equalize;
  AutoQuantAnnotateOptions annotate;
  AutoQuantCalibrateOptions calibrate;
  AutoQuantRealizeOptions realize;
  /// Stop at a float fake-quantized model (TVM's do_simulation) instead of
  /// realizing.
  bool simulate = false;
};

/// The options of a preset: `Tvm` is QuantizeOptions() (the passes' own
/// defaults, TVM's qconfig); `Accurate`, the pipeline's default, calibrates
/// with percentile on the data, takes max |w| per output channel, unsigned
/// codes where the data are non-negative, and quantizes every conv and dense
/// layer up to a global average pool (docs/UserGuide.md, "Presets", has the
/// measurements).
QuantizeOptions getQuantizePreset(QuantizePreset preset);

/// Adds the passes `options` asks for to `pm`, a module pass manager.
void buildQuantizePipeline(OpPassManager &pm, const QuantizeOptions &options);

/// The textual form: `options` is what `--autoquant="..."` takes. The
/// pipeline's own options (`preset`, `prepare`, `equalize`, `equalize-alpha`,
/// `simulate`) choose
/// the passes; every other `key=value` goes to each chosen pass that
/// declares `key` (so `dataset=` reaches both equalize and calibrate). An
/// option no chosen pass declares is an error naming the pass it belongs
/// to, reported through `errorHandler`. Options not given take the preset's
/// values (`preset=accurate` unless told); the accurate preset without
/// `dataset=` (or `stats-in=`, or a data-free `calibrate-mode`) is an error
/// saying what to pass.
LogicalResult
buildQuantizePipeline(OpPassManager &pm, StringRef options,
                      function_ref<LogicalResult(const Twine &)> errorHandler);

/// Registers `--autoquant` with quant-opt style tools.
/// The tokens (`key=value` or `key`) of a textual option list, split at
/// top-level whitespace (braces and quotes group).
std::vector<std::string> splitPipelineOptions(StringRef options);

void registerAutoQuantPipelines();

} // namespace autoquant

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H
