//===- DatasetExecutor.h - Run compiled models over a dataset ---*- C++ -*-===//
//
// The one loop every data-driven step uses (calibration, equalization, the
// report's sensitivity, quant-run): read batches, run them concurrently on
// the MLIRContext's thread pool, hand them to the caller in dataset order.
// Because the caller sees batches in order on its own thread, what it
// computes never depends on the parallelism.
//
// Partial last batch (the one rule): Dataset zero-pads it and reports the
// number of real samples. A result whose dimension 0 is the batch keeps the
// rows of the real samples; any other result cannot tell real samples from
// padding, so it is not available for that batch (Batch::realElements).
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_RUNTIME_DATASETEXECUTOR_H
#define AUTOQUANT_RUNTIME_DATASETEXECUTOR_H

#include "autoquant/Support/MLIR.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace autoquant {

class Dataset;
class JitRunner;

/// One batch of a dataset run.
struct Batch {
  /// Position of the batch's first sample in the dataset.
  int64_t firstSample = 0;
  /// Real samples in the batch (the rest is zero padding).
  int64_t count = 0;
  /// The batch size the model was compiled for.
  int64_t batchSize = 1;
  /// One buffer per dataset argument.
  std::vector<std::vector<char>> inputs;
  /// outputs[r][i]: result i of runner r.
  std::vector<std::vector<std::vector<char>>> outputs;

  bool isPartial() const { return count < batchSize; }
  /// How many leading elements of a result of `type` belong to real samples:
  /// all of them in a full batch; in a partial batch the first `count` rows
  /// when dimension 0 is the batch, otherwise none (std::nullopt).
  std::optional<size_t> realElements(RankedTensorType type) const;
  /// Result `index` of runner `runner` as floats (f32 results only).
  const float *floatResult(unsigned index, unsigned runner = 0) const {
    return reinterpret_cast<const float *>(outputs[runner][index].data());
  }
};

/// Where a run's time went.
struct DatasetRunTiming {
  double readSeconds = 0, runSeconds = 0, consumeSeconds = 0;
};

class DatasetExecutor {
public:
  /// Runs `runners` (compiled by the caller, once; each takes the dataset's
  /// arguments followed by the `extraArgs` of run()) on every batch. Up to
  /// `parallelBatches` batches run at once (0: one per thread of the
  /// context's pool), at most `maxParallelBatches`; each parallel task runs
  /// `batchesPerTask` batches per round, so that small models do not pay a
  /// dispatch per batch. With the context's multithreading disabled
  /// (--mlir-disable-threading) everything runs on the calling thread.
  DatasetExecutor(MLIRContext *ctx, ArrayRef<const JitRunner *> runners,
                  unsigned parallelBatches = 0, unsigned maxParallelBatches = 8,
                  unsigned batchesPerTask = 1);

  /// How many batches run at once.
  unsigned getParallelism() const { return parallelism; }

  /// Runs every batch of `data`, from its first sample, and calls `consume`
  /// for each in dataset order on the calling thread. Stops at the first
  /// error (reading, running or from `consume`).
  llvm::Error run(Dataset &data,
                  function_ref<llvm::Error(const Batch &)> consume,
                  ArrayRef<const void *> extraArgs = {},
                  DatasetRunTiming *timing = nullptr) const;

private:
  MLIRContext *ctx;
  SmallVector<const JitRunner *> runners;
  unsigned parallelism, batchesPerTask;
};

/// The calibration-style thread count of an option (`threads`, 0 = all
/// cores) under the context: 1 when its multithreading is disabled.
unsigned resolveThreads(MLIRContext *ctx, unsigned requested);

} // namespace autoquant

#endif // AUTOQUANT_RUNTIME_DATASETEXECUTOR_H
