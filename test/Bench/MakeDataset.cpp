//===- MakeDataset.cpp - Write a seeded random float32 .npy dataset -------===//
//
// autoquant-make-dataset OUT.npy N D1 [D2 ...]: N samples of shape D1xD2x...
// of normal(0, 1) float32 values, seed 1. Benchmarks use it to build
// calibration sets of any size without Python.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 4) {
    llvm::errs() << "usage: autoquant-make-dataset OUT.npy N D1 [D2 ...]\n";
    return 1;
  }
  std::vector<int64_t> shape;
  for (int i = 2; i < argc; ++i) {
    char *end = nullptr;
    long long value = std::strtoll(argv[i], &end, 10);
    if (*end != '\0' || value <= 0) {
      llvm::errs() << "autoquant-make-dataset: bad dimension '" << argv[i]
                   << "'\n";
      return 1;
    }
    shape.push_back(value);
  }
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  std::mt19937_64 rng(1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float &v : values)
    v = normal(rng);
  if (llvm::Error error = autoquant::writeNpy(
          argv[1], autoquant::ElementType::f32, shape, values.data())) {
    llvm::errs() << "autoquant-make-dataset: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  return 0;
}
