//===- TosaQuantizableModels.h - Quantization rules of TOSA ops -*- C++ -*-===//

#ifndef AUTOQUANT_DIALECT_TOSA_TOSAQUANTIZABLEMODELS_H
#define AUTOQUANT_DIALECT_TOSA_TOSAQUANTIZABLEMODELS_H

namespace mlir {
class DialectRegistry;
namespace autoquant {
/// Attaches QuantizableOpInterface models to the TOSA ops AutoQuant knows
/// (docs/Annotate.md lists them with their rules).
void registerTosaQuantizableModels(DialectRegistry &registry);
} // namespace autoquant
} // namespace mlir

#endif // AUTOQUANT_DIALECT_TOSA_TOSAQUANTIZABLEMODELS_H
