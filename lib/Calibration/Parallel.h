//===- Parallel.h - Deterministic parallel loops (internal) -----*- C++ -*-===//
//
// Work distribution for the calibration searches. Each task writes only its
// own output slot, so results never depend on the number of threads.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_LIB_CALIBRATION_PARALLEL_H
#define AUTOQUANT_LIB_CALIBRATION_PARALLEL_H

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace autoquant::calib::detail {

/// `requested`, or the number of hardware threads when it is 0.
inline unsigned resolveNumThreads(unsigned requested) {
  if (requested)
    return requested;
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware ? hardware : 1;
}

/// Calls `body(worker, begin, end)` on chunks of [0, numTasks), handed out
/// dynamically to `numThreads` workers (the calling thread is worker 0).
template <typename Body>
void parallelForChunks(size_t numTasks, unsigned numThreads, size_t chunkSize,
                       Body body) {
  numThreads = static_cast<unsigned>(std::min<size_t>(
      std::max(1u, numThreads), (numTasks + chunkSize - 1) / chunkSize));
  if (numThreads <= 1) {
    if (numTasks)
      body(0u, size_t(0), numTasks);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&](unsigned workerIndex) {
    for (;;) {
      size_t begin = next.fetch_add(chunkSize);
      if (begin >= numTasks)
        return;
      body(workerIndex, begin, std::min(numTasks, begin + chunkSize));
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(numThreads - 1);
  for (unsigned t = 1; t < numThreads; ++t)
    threads.emplace_back(worker, t);
  worker(0);
  for (std::thread &thread : threads)
    thread.join();
}

} // namespace autoquant::calib::detail

#endif // AUTOQUANT_LIB_CALIBRATION_PARALLEL_H
