//===- PercentileTest.cpp - Exact streaming percentile --------------------===//

#include "autoquant/Calibration/Observer.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

/// TVM: x = |data|; k = int(x.size * p); np.partition(x, k)[k] (k clamped).
static float referencePercentile(std::vector<float> data, double percentile) {
  for (float &value : data)
    value = std::fabs(value);
  size_t rank = std::min(
      static_cast<size_t>(static_cast<double>(data.size()) * percentile),
      data.size() - 1);
  std::nth_element(data.begin(), data.begin() + rank, data.end());
  return data[rank];
}

static Result<CalibrationResult> runPercentile(const std::vector<float> &data,
                                               double percentile,
                                               size_t batch = 0,
                                               unsigned threads = 1) {
  ObserverOptions options;
  options.method = CalibrationMethod::Percentile;
  options.percentile = percentile;
  Result<std::unique_ptr<Observer>> observer = createObserver(options);
  if (!observer)
    return observer.getStatus();
  for (unsigned pass = 0; pass < 2; ++pass) {
    if (Status status = (*observer)->beginPass(pass); !status)
      return status;
    if (batch == 0) {
      if (Status status =
              observeParallel(**observer, data.data(), data.size(), threads);
          !status)
        return status;
    } else {
      for (size_t begin = 0; begin < data.size(); begin += batch)
        (*observer)->observe(data.data() + begin,
                             std::min(batch, data.size() - begin));
    }
    if (Status status = (*observer)->endPass(); !status)
      return status;
  }
  return (*observer)->computeResult();
}

TEST(PercentileTest, HandComputedRanks) {
  // |x| sorted: 0.5 1 1 2 3 4 5 6 7 9 (n = 10).
  std::vector<float> data = {-3, 1, 9, -1, 0.5f, 7, -6, 4, 2, -5};
  // k = int(10 * p): p = 0.5 -> 5 -> 4; p = 0.95 -> 9 -> 9; p = 1 -> 10,
  // clamped to 9; p = 0.1 -> 1 -> 1; p = 0.01 -> 0 -> 0.5.
  EXPECT_EQ(runPercentile(data, 0.5)->threshold, 4.0);
  EXPECT_EQ(runPercentile(data, 0.95)->threshold, 9.0);
  EXPECT_EQ(runPercentile(data, 1.0)->threshold, 9.0);
  EXPECT_EQ(runPercentile(data, 0.1)->threshold, 1.0);
  EXPECT_EQ(runPercentile(data, 0.01)->threshold, 0.5);
}

TEST(PercentileTest, DistinguishesValuesInTheSameCoarseBucket) {
  // Values that share their upper 16 bits are told apart by pass 1.
  std::vector<float> data;
  for (int k = 0; k < 1000; ++k)
    data.push_back(1.0f + k * 0x1p-23f);
  std::reverse(data.begin(), data.end());
  for (double p : {0.0001, 0.25, 0.5, 0.999, 1.0})
    EXPECT_EQ(runPercentile(data, p)->threshold, referencePercentile(data, p))
        << p;
}

TEST(PercentileTest, ExactOnRandomDataAndAnyBatching) {
  for (const char *distribution : {"gauss", "heavy", "peaked", "relu"}) {
    std::vector<float> data = generate(distribution, 77, 30011, 3.0);
    for (double p : {0.99999, 0.999, 0.9, 0.5, 1.0}) {
      float expected = referencePercentile(data, p);
      for (size_t batch : {size_t(0), size_t(1), size_t(97), size_t(4096)}) {
        Result<CalibrationResult> result = runPercentile(data, p, batch);
        ASSERT_TRUE(result.ok()) << result.getMessage();
        EXPECT_EQ(result->threshold, expected)
            << distribution << " p=" << p << " batch=" << batch;
      }
    }
  }
}

TEST(PercentileTest, ThreadCountDoesNotMatter) {
  std::vector<float> data = generate("outlier", 5, 300000, 2.0);
  float expected = referencePercentile(data, 0.99999);
  for (unsigned threads : {1u, 2u, 3u, 4u})
    EXPECT_EQ(runPercentile(data, 0.99999, 0, threads)->threshold, expected);
}

TEST(PercentileTest, ZeroStatisticFallsBackToMaximum) {
  // 90% zeros: the median of |x| is 0, unusable as a threshold.
  std::vector<float> data = generate("sparse", 10, 6000, 5.0);
  Result<CalibrationResult> result = runPercentile(data, 0.5);
  ASSERT_TRUE(result.ok());
  float absMax = 0;
  for (float value : data)
    absMax = std::max(absMax, std::fabs(value));
  EXPECT_TRUE(result->isFallback);
  EXPECT_EQ(result->threshold, absMax);
  std::vector<float> zeros(100, 0.0f);
  Result<CalibrationResult> allZero = runPercentile(zeros, 0.99999);
  ASSERT_TRUE(allZero.ok());
  EXPECT_TRUE(allZero->isFallback);
  EXPECT_EQ(allZero->threshold, 1.0);
}

TEST(PercentileTest, SubnormalsAndSignedZeros) {
  // |x| sorted: 0, 0, 1e-45, 2e-45, 1e-40, 3e-39 (subnormals order by bits).
  std::vector<float> data = {-0.0f, 1e-45f, -2e-45f, 1e-40f, 0.0f, -3e-39f};
  for (double p : {0.4, 0.6, 0.8, 1.0})
    EXPECT_EQ(runPercentile(data, p)->threshold, referencePercentile(data, p))
        << p;
  // Rank 1 is a zero: the threshold falls back to max|x|.
  Result<CalibrationResult> zero = runPercentile(data, 0.2);
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->isFallback);
  EXPECT_EQ(zero->threshold, 3e-39f);
}

TEST(PercentileTest, DetectsDataThatChangedBetweenPasses) {
  ObserverOptions options;
  options.method = CalibrationMethod::Percentile;
  Result<std::unique_ptr<Observer>> observer = createObserver(options);
  ASSERT_TRUE(observer.ok());
  std::vector<float> data = {1, 2, 3, 4};
  ASSERT_TRUE((*observer)->beginPass(0).ok());
  (*observer)->observe(data.data(), data.size());
  ASSERT_TRUE((*observer)->endPass().ok());
  ASSERT_TRUE((*observer)->beginPass(1).ok());
  (*observer)->observe(data.data(), 3);
  Status status = (*observer)->endPass();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.getMessage().find("same data"), std::string::npos);
}

} // namespace
