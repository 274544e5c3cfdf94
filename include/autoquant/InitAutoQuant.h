//===- InitAutoQuant.h - Register everything AutoQuant provides -*- C++ -*-===//
//
// What a tool or a compiler calls to use AutoQuant: the dialect, the op
// models (external interface implementations for TOSA) and the passes.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_INITAUTOQUANT_H
#define AUTOQUANT_INITAUTOQUANT_H

#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Pipeline.h"
#include "autoquant/Dialect/Tosa/TosaQuantizableModels.h"
#include "autoquant/Runtime/Passes.h"
#include "autoquant/Support/MLIR.h"

namespace autoquant {

/// The autoquant dialect and the TOSA op models.
inline void registerAutoQuantDialects(DialectRegistry &registry) {
  registerAutoQuantDialect(registry);
  registerTosaQuantizableModels(registry);
}

/// Every AutoQuant pass (the JIT runner's codegen pass too) and the
/// `autoquant` pipeline.
inline void registerAllAutoQuantPasses() {
  registerAutoQuantPasses();
  registerAutoQuantRuntimePasses();
  registerAutoQuantPipelines();
}

} // namespace autoquant

#endif // AUTOQUANT_INITAUTOQUANT_H
