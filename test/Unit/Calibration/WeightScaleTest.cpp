//===- WeightScaleTest.cpp - Weight thresholds ----------------------------===//

#include "autoquant/Calibration/WeightScale.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

TEST(WeightScaleTest, MaxAndPower2) {
  std::vector<float> weights = {0.1f, -0.3f, 0.25f};
  EXPECT_EQ(*computeWeightThreshold(weights.data(), 3, WeightScaleMode::Max),
            static_cast<double>(0.3f));
  EXPECT_EQ(*computeWeightThreshold(weights.data(), 3, WeightScaleMode::Power2),
            0.5);
  std::vector<float> exact = {0.5f, -0.125f};
  EXPECT_EQ(*computeWeightThreshold(exact.data(), 2, WeightScaleMode::Power2),
            0.5);
}

TEST(WeightScaleTest, Power2IsExactAtPowersOfTwo) {
  for (int k = -140; k <= 127; ++k) {
    double value = std::ldexp(1.0, k);
    EXPECT_EQ(roundUpToPowerOfTwo(value), value) << k;
    EXPECT_EQ(roundUpToPowerOfTwo(std::nextafter(value, 0.0)), value) << k;
    EXPECT_EQ(roundUpToPowerOfTwo(std::nextafter(value, 1e300)), 2 * value)
        << k;
  }
}

TEST(WeightScaleTest, AllZeroWeightsGiveOne) {
  std::vector<float> zeros(16, 0.0f);
  for (WeightScaleMode mode : {WeightScaleMode::Max, WeightScaleMode::Power2,
                               WeightScaleMode::Power2Tvm})
    EXPECT_EQ(*computeWeightThreshold(zeros.data(), zeros.size(), mode), 1.0);
}

TEST(WeightScaleTest, Power2MatchesPythonReference) {
  // power2(2^k) exact, and TVM's 2**ceil(math.log(v, 2)) (which doubles
  // 2^29, 2^31, 2^39, ...), computed by Python.
  auto rows = readDataFile("power2.txt");
  ASSERT_EQ(rows.size(), 121u);
  int doubled = 0;
  for (const auto &row : rows) {
    int k = std::atoi(row[0].c_str());
    float value = static_cast<float>(std::ldexp(1.0, k));
    EXPECT_EQ(weightThresholdFromAbsMax(value, WeightScaleMode::Power2),
              parseDouble(row[1]))
        << k;
    double tvm = weightThresholdFromAbsMax(value, WeightScaleMode::Power2Tvm);
    EXPECT_EQ(tvm, parseDouble(row[2])) << k;
    doubled += tvm != value;
  }
  EXPECT_GT(doubled, 0);
}

TEST(WeightScaleTest, PerChannelMatchesNumpy) {
  std::vector<float> weights = generate("gauss", 21, 270, 0.2);
  auto at = [&](int a, int b, int c, int d) -> float & {
    return weights[((a * 3 + b) * 3 + c) * 5 + d];
  };
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 3; ++c)
      for (int d = 0; d < 5; ++d) {
        at(2, b, c, d) = 0.0f;
        at(4, b, c, d) = std::clamp(at(4, b, c, d), -0.25f, 0.25f);
      }
  at(4, 1, 1, 1) = -0.5f;
  const std::vector<int64_t> shape = {6, 3, 3, 5};
  auto rows = readDataFile("weights.txt");
  ASSERT_EQ(rows.size(), 11u);
  for (int64_t axis : {0, 3}) {
    Result<std::vector<double>> maxima = computePerChannelWeightThresholds(
        weights.data(), shape, axis, WeightScaleMode::Max);
    Result<std::vector<double>> power2 = computePerChannelWeightThresholds(
        weights.data(), shape, axis, WeightScaleMode::Power2);
    Result<std::vector<double>> power2Tvm = computePerChannelWeightThresholds(
        weights.data(), shape, axis, WeightScaleMode::Power2Tvm);
    ASSERT_TRUE(maxima.ok() && power2.ok() && power2Tvm.ok());
    for (const auto &row : rows) {
      if (parseUnsigned(row[0]) != static_cast<uint64_t>(axis))
        continue;
      size_t channel = parseUnsigned(row[1]);
      float expectedMax = parseFloatBits(row[2]);
      // All-zero channels fall back to 1 in every mode.
      double expectedThreshold = expectedMax > 0 ? expectedMax : 1.0;
      EXPECT_EQ((*maxima)[channel], expectedThreshold) << axis << channel;
      EXPECT_EQ((*power2)[channel], parseDouble(row[3])) << axis << channel;
      EXPECT_EQ((*power2Tvm)[channel], parseDouble(row[4])) << axis << channel;
    }
  }
  // Negative axes count from the end.
  EXPECT_EQ(*computePerChannelWeightThresholds(weights.data(), shape, -1,
                                               WeightScaleMode::Max),
            *computePerChannelWeightThresholds(weights.data(), shape, 3,
                                               WeightScaleMode::Max));
}

TEST(WeightScaleTest, PerChannelOfEveryAxis) {
  // w[a][b] = (a + 1) * 10 + b on a 2 x 3 tensor.
  std::vector<float> weights = {10, -11, 12, 20, 21, -22};
  EXPECT_EQ(*computePerChannelWeightThresholds(weights.data(), {2, 3}, 0,
                                               WeightScaleMode::Max),
            (std::vector<double>{12, 22}));
  EXPECT_EQ(*computePerChannelWeightThresholds(weights.data(), {2, 3}, 1,
                                               WeightScaleMode::Max),
            (std::vector<double>{20, 21, 22}));
  EXPECT_EQ(*computePerChannelWeightThresholds(weights.data(), {2, 3}, 1,
                                               WeightScaleMode::Power2),
            (std::vector<double>{32, 32, 32}));
}

TEST(WeightScaleTest, Errors) {
  std::vector<float> weights = {1, NAN, INFINITY, -INFINITY, NAN, 2};
  Result<double> perTensor = computeWeightThreshold(
      weights.data(), weights.size(), WeightScaleMode::Max);
  ASSERT_FALSE(perTensor.ok());
  EXPECT_NE(perTensor.getMessage().find("2 NaN and 2 Inf"), std::string::npos)
      << perTensor.getMessage();
  Result<std::vector<double>> perChannel = computePerChannelWeightThresholds(
      weights.data(), {2, 3}, 0, WeightScaleMode::Max);
  ASSERT_FALSE(perChannel.ok());
  EXPECT_NE(perChannel.getMessage().find("2 NaN and 2 Inf"), std::string::npos);
  EXPECT_FALSE(
      computeWeightThreshold(weights.data(), 0, WeightScaleMode::Max).ok());
  EXPECT_FALSE(computePerChannelWeightThresholds(weights.data(), {2, 3}, 2,
                                                 WeightScaleMode::Max)
                   .ok());
  EXPECT_FALSE(computePerChannelWeightThresholds(weights.data(), {2, 0}, 0,
                                                 WeightScaleMode::Max)
                   .ok());
}

} // namespace
