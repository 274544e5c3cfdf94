//===- DatasetExecutorTest.cpp - The one dataset loop
//----------------------===//
//
// Batches reach the caller in dataset order whatever the parallelism, the
// partial last batch follows the documented rule, and with the context's
// multithreading disabled nothing runs on another thread.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Runtime/DatasetExecutor.h"
#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Support/Npy.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"

#include "gtest/gtest.h"

#include <dirent.h>
#include <thread>
#include <vector>

using namespace mlir;
using namespace autoquant;

namespace {

// Row i of the data holds i, i + 0.5, i + 0.25; the model returns 2x (batch
// major) and the sum over the batch (no batch dimension).
const char *kModel = R"mlir(
func.func @f(%x: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<1x3xf32>) {
  %y = tosa.add %x, %x : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %s = tosa.reduce_sum %x {axis = 0 : i32} : (tensor<4x3xf32>) -> tensor<1x3xf32>
  return %y, %s : tensor<4x3xf32>, tensor<1x3xf32>
}
)mlir";

/// Threads of this process (Linux).
int countThreads() {
  int count = 0;
  if (DIR *dir = opendir("/proc/self/task")) {
    while (dirent *entry = readdir(dir))
      count += entry->d_name[0] != '.';
    closedir(dir);
  }
  return count;
}

class DatasetExecutorTest : public ::testing::Test {
protected:
  void SetUp() override {
    SmallString<128> path;
    ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("executor", "npy", path));
    dataPath = path.str().str();
    std::vector<float> rows;
    for (int i = 0; i < kSamples; ++i)
      for (float offset : {0.0f, 0.5f, 0.25f})
        rows.push_back(i + offset);
    ASSERT_FALSE(llvm::errorToBool(::autoquant::writeNpy(
        dataPath, ::autoquant::ElementType::f32, {kSamples, 3}, rows.data())));
  }
  void TearDown() override { llvm::sys::fs::remove(dataPath); }

  void compileIn(MLIRContext &ctx) {
    DialectRegistry registry;
    registerAllDialects(registry);
    ctx.appendDialectRegistry(registry);
    module = parseSourceString<ModuleOp>(kModel, &ctx);
    ASSERT_TRUE(module);
    auto compiled = JitRunner::create(*module, "f");
    ASSERT_TRUE(succeeded(compiled));
    runner = std::move(*compiled);
  }

  std::unique_ptr<Dataset> open() {
    auto data = Dataset::open(dataPath, runner->getArgumentTypes());
    EXPECT_TRUE(bool(data));
    return data ? std::move(*data) : nullptr;
  }

  static constexpr int kSamples = 10;
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<JitRunner> runner;
  std::string dataPath;
};

TEST_F(DatasetExecutorTest, BatchesArriveInOrderWithThePartialBatchRule) {
  compileIn(context);
  for (unsigned parallel : {1u, 2u, 3u}) {
    std::unique_ptr<Dataset> data = open();
    DatasetExecutor executor(&context, {runner.get()}, parallel);
    std::vector<int64_t> firsts, counts;
    std::vector<float> doubled;
    std::vector<bool> sumAvailable;
    // Twice: run() starts again from the first sample.
    for (int round = 0; round < 2; ++round) {
      firsts.clear();
      counts.clear();
      doubled.clear();
      sumAvailable.clear();
      llvm::Error error = executor.run(*data, [&](const Batch &batch) {
        firsts.push_back(batch.firstSample);
        counts.push_back(batch.count);
        std::optional<size_t> rows =
            batch.realElements(runner->getResultTypes()[0]);
        EXPECT_TRUE(rows.has_value());
        doubled.insert(doubled.end(), batch.floatResult(0),
                       batch.floatResult(0) + *rows);
        sumAvailable.push_back(
            batch.realElements(runner->getResultTypes()[1]).has_value());
        return llvm::Error::success();
      });
      ASSERT_FALSE(llvm::errorToBool(std::move(error)));
      EXPECT_EQ(firsts, (std::vector<int64_t>{0, 4, 8})) << parallel;
      EXPECT_EQ(counts, (std::vector<int64_t>{4, 4, 2})) << parallel;
      // A result without a batch dimension is not available in the partial
      // batch (its padding rows cannot be told apart).
      EXPECT_EQ(sumAvailable, (std::vector<bool>{true, true, false}));
      ASSERT_EQ(doubled.size(), size_t(kSamples * 3));
      for (int i = 0; i < kSamples; ++i)
        EXPECT_EQ(doubled[3 * i + 1], 2 * (i + 0.5f));
    }
  }
}

TEST_F(DatasetExecutorTest, ConsumerErrorsStopTheRun) {
  compileIn(context);
  std::unique_ptr<Dataset> data = open();
  DatasetExecutor executor(&context, {runner.get()}, 2);
  int seen = 0;
  llvm::Error error = executor.run(*data, [&](const Batch &) -> llvm::Error {
    if (++seen == 2)
      return llvm::createStringError("stop here");
    return llvm::Error::success();
  });
  EXPECT_EQ(llvm::toString(std::move(error)), "stop here");
  EXPECT_EQ(seen, 2);
}

// What --mlir-disable-threading gives the passes: one thread, also while
// the model is compiled and run (ctest runs each test in its own process).
TEST_F(DatasetExecutorTest, DisabledMultithreadingRunsOnTheCallingThread) {
  MLIRContext serial(MLIRContext::Threading::DISABLED);
  compileIn(serial);
  EXPECT_EQ(resolveThreads(&serial, 0), 1u);
  EXPECT_EQ(resolveThreads(&serial, 4), 1u);
  std::unique_ptr<Dataset> data = open();
  DatasetExecutor executor(&serial, {runner.get()}, /*parallelBatches=*/4);
  EXPECT_EQ(executor.getParallelism(), 1u);
  int threads = 0;
  llvm::Error error = executor.run(*data, [&](const Batch &) {
    threads = std::max(threads, countThreads());
    return llvm::Error::success();
  });
  EXPECT_FALSE(llvm::errorToBool(std::move(error)));
  EXPECT_EQ(threads, 1);
  // The module and the runner belong to `serial`.
  runner.reset();
  module = nullptr;
}

TEST_F(DatasetExecutorTest, ParallelismFollowsTheRequestAndTheCap) {
  compileIn(context);
  EXPECT_EQ(DatasetExecutor(&context, {runner.get()}, 3).getParallelism(), 3u);
  EXPECT_EQ(DatasetExecutor(&context, {runner.get()}, 32).getParallelism(), 8u);
  EXPECT_EQ(DatasetExecutor(&context, {runner.get()}, 32, 16).getParallelism(),
            16u);
}

} // namespace
