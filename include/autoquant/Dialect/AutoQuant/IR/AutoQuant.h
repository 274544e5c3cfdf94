//===- AutoQuant.h - AutoQuant dialect, attributes and ops ------*- C++ -*-===//
//
// The one header a user includes for the autoquant dialect.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANT_H
#define AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANT_H

#include "autoquant/Support/MLIR.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

#include "autoquant/Dialect/AutoQuant/IR/AutoQuantDialect.h.inc"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantAttrs.h.inc"

#define GET_OP_CLASSES
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantOps.h.inc"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace autoquant {
/// Adds the autoquant dialect to `registry`.
/// The name of the first `loc("name")` inside `loc`, if any: what names
/// quantization points, selects layers by location and labels the export.
std::optional<StringRef> getLocationName(Location loc);

inline void registerAutoQuantDialect(DialectRegistry &registry) {
  registry.insert<AutoQuantDialect>();
}
} // namespace autoquant

#endif // AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANT_H
