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

#include "autoquant/Support/MLIR.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace autoquant {
class NpyReader;
}

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

} // namespace autoquant

#endif // AUTOQUANT_RUNTIME_DATASET_H
