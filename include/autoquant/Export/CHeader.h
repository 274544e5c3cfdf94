//===- CHeader.h - A model export as a C header -----------------*- C++ -*-===//
//
// Renders the JSON document of exportModelJson (docs/Export.md) as a
// self-contained C99 header. No MLIR: the header is a view of the JSON.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_EXPORT_CHEADER_H
#define AUTOQUANT_EXPORT_CHEADER_H

#include "autoquant/Support/MLIR.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace autoquant {

/// Writes `model` as a C header: static const arrays of every constant and
/// scale, a tensor table, a layer table, one struct per accumulating layer
/// (conv, depthwise, transpose conv, matmul) with its hardware parameters,
/// and the entry / exit parameters. `prefix` (a C identifier) prefixes
/// every symbol and names the include guard. Fails on a document that is not
/// an autoquant-model or a prefix that is not an identifier.
llvm::Error printModelCHeader(const llvm::json::Value &model,
                              llvm::StringRef prefix, llvm::raw_ostream &os);

} // namespace autoquant

#endif // AUTOQUANT_EXPORT_CHEADER_H
