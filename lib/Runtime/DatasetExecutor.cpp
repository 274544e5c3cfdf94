//===- DatasetExecutor.cpp - Run compiled models over a dataset -----------===//

#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/ThreadPool.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace autoquant;

std::optional<size_t> Batch::realElements(RankedTensorType type) const {
  size_t elements = type.getNumElements();
  if (!isPartial())
    return elements;
  if (type.getRank() == 0 || type.getDimSize(0) != batchSize)
    return std::nullopt;
  return elements / batchSize * count;
}

unsigned autoquant::resolveThreads(MLIRContext *ctx, unsigned requested) {
  if (!ctx->isMultithreadingEnabled())
    return 1;
  if (requested)
    return requested;
  return std::max(1u, ctx->getThreadPool().getMaxConcurrency());
}

DatasetExecutor::DatasetExecutor(MLIRContext *ctx,
                                 ArrayRef<const JitRunner *> runners,
                                 unsigned parallelBatches,
                                 unsigned maxParallelBatches,
                                 unsigned batchesPerTask)
    : ctx(ctx), runners(runners.begin(), runners.end()),
      parallelism(std::clamp(resolveThreads(ctx, parallelBatches), 1u,
                             std::max(1u, maxParallelBatches))),
      batchesPerTask(std::max(1u, batchesPerTask)) {}

static double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

llvm::Error DatasetExecutor::run(
    Dataset &data, function_ref<llvm::Error(const Batch &)> consume,
    ArrayRef<const void *> extraArgs, DatasetRunTiming *timing) const {
  if (llvm::Error error = data.rewind())
    return error;
  DatasetRunTiming local;
  DatasetRunTiming &time = timing ? *timing : local;
  std::vector<Batch> slots(size_t(parallelism) * batchesPerTask);
  std::vector<std::string> errors(slots.size());
  int64_t position = 0;
  while (true) {
    auto readStart = std::chrono::steady_clock::now();
    size_t filled = 0;
    for (Batch &batch : slots) {
      llvm::Expected<int64_t> count = data.next(batch.inputs);
      if (!count)
        return count.takeError();
      if (*count == 0)
        break;
      batch.firstSample = position;
      batch.count = *count;
      batch.batchSize = data.getBatchSize();
      batch.outputs.resize(runners.size());
      position += *count;
      ++filled;
    }
    time.readSeconds += secondsSince(readStart);
    if (filled == 0)
      return llvm::Error::success();

    auto runStart = std::chrono::steady_clock::now();
    auto runBatch = [&](size_t index) {
      Batch &batch = slots[index];
      SmallVector<const void *> args;
      for (const std::vector<char> &input : batch.inputs)
        args.push_back(input.data());
      llvm::append_range(args, extraArgs);
      for (auto [runner, outputs] : llvm::zip(runners, batch.outputs))
        if (llvm::Error error = runner->run(args, outputs)) {
          errors[index] = llvm::toString(std::move(error));
          return;
        }
    };
    // Task t runs batches t, t + parallelism, ...: every task gets work even
    // when the last round is short.
    auto runShare = [&](size_t task) {
      for (size_t index = task; index < filled; index += parallelism)
        runBatch(index);
    };
    size_t tasks = std::min<size_t>(parallelism, filled);
    if (tasks > 1) {
      llvm::ThreadPoolTaskGroup group(ctx->getThreadPool());
      for (size_t task = 1; task < tasks; ++task)
        group.async(runShare, task);
      runShare(0);
      group.wait();
    } else {
      runShare(0);
    }
    time.runSeconds += secondsSince(runStart);
    for (size_t index = 0; index < filled; ++index)
      if (!errors[index].empty())
        return llvm::createStringError("model run failed: " + errors[index]);

    auto consumeStart = std::chrono::steady_clock::now();
    for (const Batch &batch : ArrayRef(slots).take_front(filled))
      if (llvm::Error error = consume(batch))
        return error;
    time.consumeSeconds += secondsSince(consumeStart);
  }
}
