//===- ObserverTest.cpp - Streaming observers and their protocol ----------===//

#include "autoquant/Calibration/Observer.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

/// One configuration of every method (both KL implementations, both MSE
/// searches), with small bin counts where that keeps the tests fast.
static std::vector<ObserverOptions> allMethods() {
  std::vector<ObserverOptions> all;
  ObserverOptions options;
  options.method = CalibrationMethod::GlobalScale;
  all.push_back(options);
  options.method = CalibrationMethod::MinMax;
  all.push_back(options);
  options.method = CalibrationMethod::KLDivergence;
  options.kl.implementation = KLImplementation::Fast;
  all.push_back(options);
  options.kl.implementation = KLImplementation::Tvm;
  options.kl.numBins = 801;
  options.kl.numQuantizedBins = 63;
  all.push_back(options);
  options.method = CalibrationMethod::Percentile;
  all.push_back(options);
  options.method = CalibrationMethod::Mse;
  options.mse.numBins = 256;
  all.push_back(options);
  options.mse.asymmetric = true;
  all.push_back(options);
  return all;
}

static std::string describe(const ObserverOptions &options) {
  std::string name = getCalibrationMethodName(options.method);
  if (options.method == CalibrationMethod::KLDivergence)
    name +=
        std::string("/") + getKLImplementationName(options.kl.implementation);
  if (options.method == CalibrationMethod::Mse && options.mse.asymmetric)
    name += "/asymmetric";
  return name;
}

/// Runs every pass, feeding the data in batches of the given sizes (cycled).
static Result<CalibrationResult> runInBatches(const ObserverOptions &options,
                                              const std::vector<float> &data,
                                              std::vector<size_t> batchSizes) {
  Result<std::unique_ptr<Observer>> observer = createObserver(options);
  if (!observer)
    return observer.getStatus();
  for (unsigned pass = 0; pass < (*observer)->getNumPasses(); ++pass) {
    if (Status status = (*observer)->beginPass(pass); !status)
      return status;
    size_t begin = 0, next = 0;
    while (begin < data.size()) {
      size_t size =
          std::min(batchSizes[next++ % batchSizes.size()], data.size() - begin);
      (*observer)->observe(data.data() + begin, size);
      begin += size;
    }
    if (Status status = (*observer)->endPass(); !status)
      return status;
  }
  return (*observer)->computeResult();
}

static void expectSameResult(const CalibrationResult &a,
                             const CalibrationResult &b,
                             const std::string &context) {
  EXPECT_EQ(a.threshold, b.threshold) << context;
  EXPECT_EQ(a.min, b.min) << context;
  EXPECT_EQ(a.max, b.max) << context;
  EXPECT_EQ(a.isFallback, b.isFallback) << context;
}

TEST(ObserverTest, NumberOfPasses) {
  std::vector<unsigned> expected = {0, 1, 2, 2, 2, 2, 2};
  std::vector<ObserverOptions> methods = allMethods();
  for (size_t m = 0; m < methods.size(); ++m)
    EXPECT_EQ((*createObserver(methods[m]))->getNumPasses(), expected[m])
        << describe(methods[m]);
}

TEST(ObserverTest, StreamingEqualsOneShot) {
  std::vector<float> data = generate("heavy", 31, 50000, 2.0);
  for (const ObserverOptions &options : allMethods()) {
    Result<CalibrationResult> oneShot = runInBatches(options, data, {50000});
    ASSERT_TRUE(oneShot.ok()) << describe(options) << oneShot.getMessage();
    for (std::vector<size_t> split :
         {std::vector<size_t>{1}, {7}, {1000}, {3, 4096, 1, 17}, {49999, 1}}) {
      Result<CalibrationResult> streamed = runInBatches(options, data, split);
      ASSERT_TRUE(streamed.ok()) << describe(options);
      expectSameResult(*oneShot, *streamed,
                       describe(options) + " split " +
                           std::to_string(split.front()));
    }
  }
}

TEST(ObserverTest, MergedWorkersEqualSingleObserver) {
  std::vector<float> data = generate("outlier", 32, 40000, 1.5);
  for (const ObserverOptions &options : allMethods()) {
    Result<CalibrationResult> single = runInBatches(options, data, {40000});
    ASSERT_TRUE(single.ok());
    // Three workers per pass over uneven slices, merged back.
    Result<std::unique_ptr<Observer>> observer = createObserver(options);
    ASSERT_TRUE(observer.ok());
    for (unsigned pass = 0; pass < (*observer)->getNumPasses(); ++pass) {
      ASSERT_TRUE((*observer)->beginPass(pass).ok());
      const size_t cuts[] = {0, 5, 30000, 40000};
      for (int w = 0; w < 3; ++w) {
        std::unique_ptr<Observer> worker = (*observer)->createWorker();
        worker->observe(data.data() + cuts[w], cuts[w + 1] - cuts[w]);
        ASSERT_TRUE((*observer)->merge(*worker).ok()) << describe(options);
      }
      ASSERT_TRUE((*observer)->endPass().ok()) << describe(options);
    }
    Result<CalibrationResult> merged = (*observer)->computeResult();
    ASSERT_TRUE(merged.ok());
    expectSameResult(*single, *merged, describe(options));
  }
}

TEST(ObserverTest, ThreadCountDoesNotChangeResults) {
  std::vector<float> data = generate("gauss", 33, 400000, 1.0);
  for (ObserverOptions options : allMethods()) {
    options.kl.numThreads = 1;
    Result<CalibrationResult> reference =
        calibrateTensor(options, data.data(), data.size(), 1);
    ASSERT_TRUE(reference.ok());
    for (unsigned threads : {2u, 3u, 4u}) {
      options.kl.numThreads = threads;
      Result<CalibrationResult> result =
          calibrateTensor(options, data.data(), data.size(), threads);
      ASSERT_TRUE(result.ok());
      expectSameResult(*reference, *result,
                       describe(options) + " threads " +
                           std::to_string(threads));
    }
  }
}

TEST(ObserverTest, ReportsNaNAndInfWithCounts) {
  std::vector<float> data = generate("gauss", 34, 1000, 1.0);
  data[3] = std::numeric_limits<float>::quiet_NaN();
  data[10] = std::numeric_limits<float>::infinity();
  data[11] = -std::numeric_limits<float>::infinity();
  for (const ObserverOptions &options : allMethods()) {
    if (options.method == CalibrationMethod::GlobalScale)
      continue;
    Result<CalibrationResult> result = runInBatches(options, data, {100});
    ASSERT_FALSE(result.ok()) << describe(options);
    EXPECT_NE(result.getMessage().find("1 NaN and 2 Inf values among 1000"),
              std::string::npos)
        << result.getMessage();
  }
}

TEST(ObserverTest, ReportsEmptyData) {
  for (const ObserverOptions &options : allMethods()) {
    if (options.method == CalibrationMethod::GlobalScale)
      continue;
    Result<CalibrationResult> result = runInBatches(options, {}, {1});
    ASSERT_FALSE(result.ok()) << describe(options);
    EXPECT_NE(result.getMessage().find("no data"), std::string::npos);
  }
}

TEST(ObserverTest, AllZeroAndConstantTensorsGiveValidThresholds) {
  for (const char *distribution : {"zero", "const", "negconst", "tiny"}) {
    std::vector<float> data(999, 0.0f);
    if (std::string(distribution) == "const")
      data.assign(999, 0.75f);
    else if (std::string(distribution) == "negconst")
      data.assign(999, -3.0f);
    else if (std::string(distribution) == "tiny")
      data.assign(999, 1e-42f);
    for (const ObserverOptions &options : allMethods()) {
      Result<CalibrationResult> result = runInBatches(options, data, {100});
      ASSERT_TRUE(result.ok()) << describe(options) << result.getMessage();
      EXPECT_TRUE(std::isfinite(result->threshold) && result->threshold > 0)
          << describe(options) << " " << distribution;
      EXPECT_LE(result->min, result->max);
      Result<SymmetricQuantParams> params =
          computeSymmetricParams(result->threshold, 8);
      EXPECT_TRUE(params.ok()) << describe(options) << " " << distribution;
    }
  }
}

TEST(ObserverTest, GlobalScaleAndMinMax) {
  ObserverOptions options;
  options.method = CalibrationMethod::GlobalScale;
  options.globalScale = 4.0;
  Result<CalibrationResult> global = calibrateTensor(options, nullptr, 0);
  ASSERT_TRUE(global.ok());
  EXPECT_EQ(global->threshold, 4.0);
  std::vector<float> data = {-1.5f, 0.25f, 3.0f};
  options.method = CalibrationMethod::MinMax;
  Result<CalibrationResult> minmax =
      calibrateTensor(options, data.data(), data.size());
  ASSERT_TRUE(minmax.ok());
  EXPECT_EQ(minmax->threshold, 3.0);
  EXPECT_EQ(minmax->min, -1.5);
  EXPECT_EQ(minmax->max, 3.0);
}

TEST(ObserverTest, ProtocolErrors) {
  ObserverOptions options;
  Result<std::unique_ptr<Observer>> created = createObserver(options);
  ASSERT_TRUE(created.ok());
  Observer &observer = **created;
  EXPECT_FALSE(observer.beginPass(1).ok());    // Out of order.
  EXPECT_FALSE(observer.beginPass(2).ok());    // Does not exist.
  EXPECT_FALSE(observer.endPass().ok());       // Not in a pass.
  EXPECT_FALSE(observer.computeResult().ok()); // Passes missing.
  ASSERT_TRUE(observer.beginPass(0).ok());
  EXPECT_FALSE(observer.beginPass(0).ok()); // Already in a pass.
  const float value = 1.0f;
  observer.observe(&value, 1);
  ASSERT_TRUE(observer.endPass().ok());
  Result<CalibrationResult> early = observer.computeResult();
  EXPECT_FALSE(early.ok());
  EXPECT_NE(early.getMessage().find("needs 2 passes"), std::string::npos);

  // Observing outside a pass is remembered.
  Result<std::unique_ptr<Observer>> other = createObserver(options);
  (*other)->observe(&value, 1);
  EXPECT_FALSE((*other)->beginPass(0).ok());
}

TEST(ObserverTest, MergeChecksCompatibility) {
  ObserverOptions fast, tvm;
  tvm.kl.implementation = KLImplementation::Tvm;
  auto a = createObserver(fast), b = createObserver(tvm);
  ASSERT_TRUE((*a)->beginPass(0).ok() && (*b)->beginPass(0).ok());
  EXPECT_FALSE((*a)->merge(**b).ok());
  auto c = createObserver(fast);
  EXPECT_FALSE((*a)->merge(**c).ok()); // Not in the same pass.
}

TEST(ObserverTest, DetectsDataThatChangedBetweenPasses) {
  ObserverOptions options;
  std::vector<float> data = {1, 2, 3, 4};
  auto observer = createObserver(options);
  ASSERT_TRUE((*observer)->beginPass(0).ok());
  (*observer)->observe(data.data(), 4);
  ASSERT_TRUE((*observer)->endPass().ok());
  ASSERT_TRUE((*observer)->beginPass(1).ok());
  const float larger = 5.0f;
  (*observer)->observe(&larger, 1);
  Status status = (*observer)->endPass();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.getMessage().find("outside the range"), std::string::npos);
}

TEST(ObserverTest, ValidatesOptions) {
  ObserverOptions options;
  options.kl.numBins = 8000; // Fast needs odd sizes.
  EXPECT_FALSE(createObserver(options).ok());
  options.kl.implementation = KLImplementation::Tvm; // TVM accepts it.
  EXPECT_TRUE(createObserver(options).ok());
  options.kl.numQuantizedBins = 9000;
  EXPECT_FALSE(createObserver(options).ok());
  options = ObserverOptions();
  options.method = CalibrationMethod::Percentile;
  for (double bad : {0.0, -0.5, 1.5, std::nan("")}) {
    options.percentile = bad;
    EXPECT_FALSE(createObserver(options).ok()) << bad;
  }
  options.method = CalibrationMethod::GlobalScale;
  options.globalScale = -1;
  EXPECT_FALSE(createObserver(options).ok());
  options.method = CalibrationMethod::Mse;
  options.mse.nbit = 1;
  EXPECT_FALSE(createObserver(options).ok());
}

TEST(ObserverTest, ParsesNames) {
  for (const char *name :
       {"global_scale", "minmax", "kl_divergence", "percentile", "mse"}) {
    std::optional<CalibrationMethod> method = parseCalibrationMethod(name);
    ASSERT_TRUE(method.has_value()) << name;
    EXPECT_STREQ(getCalibrationMethodName(*method), name);
  }
  EXPECT_FALSE(parseCalibrationMethod("kl").has_value());
  EXPECT_EQ(parseKLImplementation("tvm"), KLImplementation::Tvm);
  EXPECT_EQ(parseKLImplementation("fast"), KLImplementation::Fast);
  EXPECT_FALSE(parseKLImplementation("slow").has_value());
}

} // namespace
