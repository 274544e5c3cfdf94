//===- TosaQuantizableModels.h - Quantization rules of TOSA ops -*- C++ -*-===//

#ifndef AUTOQUANT_DIALECT_TOSA_TOSAQUANTIZABLEMODELS_H
#define AUTOQUANT_DIALECT_TOSA_TOSAQUANTIZABLEMODELS_H

#include "autoquant/Support/MLIR.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace autoquant {
/// Attaches QuantizableOpInterface models to the TOSA ops AutoQuant knows
/// (docs/Annotate.md lists them with their rules).
void registerTosaQuantizableModels(DialectRegistry &registry);
} // namespace autoquant

#endif // AUTOQUANT_DIALECT_TOSA_TOSAQUANTIZABLEMODELS_H
