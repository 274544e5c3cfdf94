//===- Pipeline.h - The whole AutoQuant flow as one pipeline ----*- C++ -*-===//
//
// prepare -> [equalize ->] annotate -> calibrate -> realize (or simulate). The passes'
// options are declared once, in Passes.td: the C++ form takes the generated
// option structs, and the textual form (`quant-opt --autoquant="..."`) hands
// each option to every pass of the pipeline that declares it. Only the
// options that shape the pipeline itself are declared here.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Support/MLIR.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <optional>

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

/// Adds the passes `options` asks for to `pm`, a module pass manager.
void buildQuantizePipeline(OpPassManager &pm, const QuantizeOptions &options);

/// The textual form: `options` is what `--autoquant="..."` takes. The
/// pipeline's own options (`prepare`, `equalize`, `equalize-alpha`,
/// `simulate`) choose
/// the passes; every other `key=value` goes to each chosen pass that
/// declares `key` (so `dataset=` reaches both equalize and calibrate). An
/// option no chosen pass declares is an error naming the pass it belongs
/// to, reported through `errorHandler`.
LogicalResult
buildQuantizePipeline(OpPassManager &pm, StringRef options,
                      function_ref<LogicalResult(const Twine &)> errorHandler);

/// Registers `--autoquant` with quant-opt style tools.
void registerAutoQuantPipelines();

} // namespace autoquant

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PIPELINE_H
