//===- JitRunner.h - Run a TOSA function through upstream MLIR --*- C++ -*-===//
//
// Compiles one function of a module (float or integer TOSA) with upstream
// MLIR's TOSA -> linalg -> bufferization -> LLVM lowering and
// mlir::ExecutionEngine, once, then runs it on host buffers as often as
// needed. Calibration, quant-run and the integration tests all use it, so
// every number AutoQuant reports comes from the same compiled code.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_RUNTIME_JITRUNNER_H
#define AUTOQUANT_RUNTIME_JITRUNNER_H

#include "autoquant/Support/MLIR.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <memory>

#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace autoquant {

struct JitRunnerOptions {
  /// LLVM optimization level of the generated code (0-3).
  unsigned optLevel = 2;
  /// Tile and vectorize (autoquant-cpu-codegen); false gives upstream's
  /// plain scalar loops, the reference the fast path is tested against.
  bool vectorize = true;
};

/// The textual upstream pipeline that lowers TOSA to the LLVM dialect (one
/// place, so that quant-opt users can run the same lowering by hand).
std::string getTosaToLLVMPipeline(bool vectorize = true);

/// Tunes the process's allocator (glibc) to keep freed memory for reuse
/// instead of returning it to the kernel: model runs allocate the same
/// buffers again and again. The tools call it at startup; embedders may.
void keepFreedMemoryForModelRuns();

/// A module holding a copy of `func` (same name) that returns `values`,
/// values of `func`, instead of its results: the model truncated where the
/// caller wants to look (calibration, equalization).
OwningOpRef<ModuleOp> cloneFunctionReturning(func::FuncOp func,
                                             ArrayRef<Value> values);

/// Bytes one element of `type` takes in a buffer (i1 takes a byte).
unsigned getElementByteSize(Type type);

class JitRunner {
public:
  ~JitRunner();

  /// Compiles function `funcName` of `module`; the module is cloned, the
  /// original is not changed. Every argument and result must be a statically
  /// shaped tensor of float or integer elements. Diagnostics go to the
  /// module's context.
  static FailureOr<std::unique_ptr<JitRunner>>
  create(ModuleOp module, StringRef funcName,
         const JitRunnerOptions &options = {});

  ArrayRef<RankedTensorType> getArgumentTypes() const { return argTypes; }
  ArrayRef<RankedTensorType> getResultTypes() const { return resultTypes; }
  /// Bytes of argument / result `i`.
  size_t getArgumentBytes(unsigned i) const;
  size_t getResultBytes(unsigned i) const;

  /// Runs the function once. `args[i]` points to argument i in C order with
  /// exactly its type and shape; `results[i]` receives result i (resized to
  /// getResultBytes(i)). Thread-safe: several threads may run at once.
  llvm::Error run(ArrayRef<const void *> args,
                  std::vector<std::vector<char>> &results) const;

private:
  JitRunner() = default;

  std::unique_ptr<ExecutionEngine> engine;
  std::string entryName;
  SmallVector<RankedTensorType> argTypes, resultTypes;
};

} // namespace autoquant

#endif // AUTOQUANT_RUNTIME_JITRUNNER_H
