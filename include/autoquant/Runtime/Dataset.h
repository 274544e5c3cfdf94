//===- Dataset.h - Feed .npy / .npz data to a function in batches -*- C++
//-*-===//
//
// One array per function argument, first dimension = samples, read in the
// function's static batch size. Memory holds one batch, whatever the file
// size. A last partial batch is zero-padded and reported as such.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_RUNTIME_DATASET_H
#define AUTOQUANT_RUNTIME_DATASET_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace autoquant {
class NpyReader;
}

namespace mlir {
namespace autoquant {

class Dataset {
public:
  ~Dataset();

  /// Opens `path` (.npy for one argument; .npz with members `arg0`, `arg1`,
  /// ... or, failing that, one member per argument in archive order) for a
  /// function with arguments `argTypes`, whose dimension 0 is the batch.
  /// Uses at most `maxSamples` samples (0 = all).
  static llvm::Expected<std::unique_ptr<Dataset>>
  open(StringRef path, ArrayRef<RankedTensorType> argTypes,
       int64_t maxSamples = 0);

  int64_t getNumSamples() const { return numSamples; }
  int64_t getBatchSize() const { return batchSize; }
  int64_t getNumBatches() const {
    return (numSamples + batchSize - 1) / batchSize;
  }

  /// Fills `buffers` (one per argument) with the next batch and returns the
  /// number of real samples in it (the rest is zero padding); 0 at the end.
  /// Float data holding NaN or Inf is an error naming file and sample.
  llvm::Expected<int64_t> next(std::vector<std::vector<char>> &buffers);
  /// Starts again from the first sample.
  llvm::Error rewind();

private:
  Dataset() = default;

  std::string path;
  SmallVector<RankedTensorType> argTypes;
  std::vector<std::unique_ptr<::autoquant::NpyReader>> readers;
  std::vector<std::string> sourceNames;
  int64_t numSamples = 0, batchSize = 1, position = 0;
};

class JitRunner;

/// One batch in flight: its inputs, the model's outputs, the number of real
/// samples in it.
struct BatchSlot {
  std::vector<std::vector<char>> inputs, outputs;
  int64_t count = 0;
};

/// Reads up to `slots.size()` batches of `data` and runs `runner` on them
/// concurrently (JitRunner::run is thread-safe; callers consume the results
/// afterwards in slot order, so what they compute does not depend on the
/// number of slots). Returns how many slots hold a batch (0 at the end) and
/// adds the reading time to `loadSeconds` when given. `extraArgs` follow the
/// dataset's arguments in every run (e.g. a mask the caller varies).
llvm::Expected<size_t> runNextBatches(Dataset &data, const JitRunner &runner,
                                      MutableArrayRef<BatchSlot> slots,
                                      double *loadSeconds = nullptr,
                                      ArrayRef<const void *> extraArgs = {});

/// Progress of a long run on stderr: a live line on a terminal, a plain line
/// every tenth otherwise, nothing when quiet.
class ProgressReporter {
public:
  /// `total` things counted in `unit` (samples unless told).
  ProgressReporter(StringRef task, int64_t total, bool quiet,
                   StringRef unit = "samples");
  void update(int64_t done);
  void finish();

private:
  std::string task, unit;
  int64_t total, lastReportedTenth = -1;
  bool quiet, isTerminal;
  double start;
};

} // namespace autoquant
} // namespace mlir

#endif // AUTOQUANT_RUNTIME_DATASET_H
