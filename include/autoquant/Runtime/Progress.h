//===- Progress.h - Progress of a long run on stderr ------------*- C++ -*-===//
//
// The passes are silent unless asked (`verbose`); the tools report progress
// by default. Both go through this one reporter.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_RUNTIME_PROGRESS_H
#define AUTOQUANT_RUNTIME_PROGRESS_H

#include "autoquant/Support/MLIR.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace autoquant {

/// A live line on a terminal, a plain line every tenth otherwise, nothing
/// when disabled.
class ProgressReporter {
public:
  /// `total` things counted in `unit` (samples unless told).
  ProgressReporter(StringRef task, int64_t total, bool enabled,
                   StringRef unit = "samples");
  void update(int64_t done);
  void finish();

private:
  std::string task, unit;
  int64_t total, lastReportedTenth = -1;
  bool enabled, isTerminal;
  double start;
};

} // namespace autoquant

#endif // AUTOQUANT_RUNTIME_PROGRESS_H
