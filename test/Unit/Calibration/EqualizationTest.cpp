//===- EqualizationTest.cpp - Cross-layer equalization factors ------------===//

#include "autoquant/Calibration/Equalization.h"
#include "autoquant/Calibration/WeightScale.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace autoquant::calib;

namespace {

// alpha = 1: s = x / geomean(x); every activation channel ends at the same
// range x_c / s_c = geomean(x) = 2 (x = [1, 4]).
TEST(EqualizationTest, AlphaOneEqualizesActivationRanges) {
  auto factors = computeEqualizationFactors({1.0, 4.0}, {3.0, 0.5}, 1.0);
  ASSERT_TRUE(factors);
  EXPECT_DOUBLE_EQ((*factors)[0], 0.5);
  EXPECT_DOUBLE_EQ((*factors)[1], 2.0);
  EXPECT_DOUBLE_EQ(1.0 / (*factors)[0], 4.0 / (*factors)[1]);
}

// alpha = 0.5 (Nagel et al.): s ~ sqrt(x / w) = [sqrt(8), sqrt(1/8)] whose
// geometric mean is 1; afterwards x_c / s_c and w_c * s_c have the same
// ratio in every channel.
TEST(EqualizationTest, AlphaHalfBalancesSourceAndConsumer) {
  auto factors = computeEqualizationFactors({2.0, 0.5}, {0.25, 4.0}, 0.5);
  ASSERT_TRUE(factors);
  EXPECT_NEAR((*factors)[0], std::sqrt(8.0), 1e-12);
  EXPECT_NEAR((*factors)[1], std::sqrt(1.0 / 8.0), 1e-12);
  for (int c = 0; c < 2; ++c) {
    double x = c ? 0.5 : 2.0, w = c ? 4.0 : 0.25;
    EXPECT_NEAR(x / (*factors)[c], w * (*factors)[c], 1e-12) << c;
  }
}

// alpha = 0: s = 1 / w, the consumer weights all end at the same range.
TEST(EqualizationTest, AlphaZeroEqualizesConsumerRanges) {
  auto factors =
      computeEqualizationFactors({7.0, 7.0, 7.0}, {1.0, 2.0, 4.0}, 0.0);
  ASSERT_TRUE(factors);
  EXPECT_DOUBLE_EQ((*factors)[0], 2.0);
  EXPECT_DOUBLE_EQ((*factors)[1], 1.0);
  EXPECT_DOUBLE_EQ((*factors)[2], 0.5);
}

// Dead channels keep factor 1 and do not enter the geometric mean.
TEST(EqualizationTest, DeadChannelsKeepOne) {
  auto factors = computeEqualizationFactors({0.0, 1.0, 9.0, 5.0},
                                            {1.0, 1.0, 1.0, 0.0}, 1.0);
  ASSERT_TRUE(factors);
  EXPECT_EQ((*factors)[0], 1.0);
  EXPECT_NEAR((*factors)[1], 1.0 / 3.0, 1e-15);
  EXPECT_NEAR((*factors)[2], 3.0, 1e-14);
  EXPECT_EQ((*factors)[3], 1.0);
}

// Ranges far beyond double's exponent range of a product still work (the
// factors are computed in logs).
TEST(EqualizationTest, ExtremeRanges) {
  auto factors =
      computeEqualizationFactors({1e-300, 1e300}, {1e300, 1e-300}, 0.5);
  ASSERT_TRUE(factors);
  EXPECT_NEAR(std::log10((*factors)[0]), -300.0, 1e-9);
  EXPECT_NEAR(std::log10((*factors)[1]), 300.0, 1e-9);
}

TEST(EqualizationTest, Errors) {
  EXPECT_FALSE(computeEqualizationFactors({1.0}, {1.0, 2.0}, 1.0));
  EXPECT_FALSE(computeEqualizationFactors({1.0}, {1.0}, 1.5));
  EXPECT_FALSE(computeEqualizationFactors({1.0}, {1.0}, -0.1));
  EXPECT_FALSE(computeEqualizationFactors({-1.0}, {1.0}, 1.0));
  EXPECT_FALSE(computeEqualizationFactors(
      {std::numeric_limits<double>::infinity()}, {1.0}, 1.0));
  auto nan = computeEqualizationFactors(
      {1.0}, {std::numeric_limits<double>::quiet_NaN()}, 1.0);
  ASSERT_FALSE(nan);
  EXPECT_NE(nan.getMessage().find("channel 0"), std::string::npos);
}

TEST(EqualizationTest, ChannelRangeObserver) {
  ChannelRangeObserver observer(3);
  const float first[] = {1.0f, -2.0f, 0.0f, -4.0f, 0.5f, 0.25f};
  const float second[] = {3.0f, 1.0f, -0.5f};
  observer.observe(first, 6);
  observer.observe(second, 3);
  EXPECT_TRUE(observer.check());
  EXPECT_EQ(observer.getAbsMax(), (std::vector<double>{4.0, 2.0, 0.5}));
  const float bad[] = {std::numeric_limits<float>::quiet_NaN(), 1.0f,
                       std::numeric_limits<float>::infinity()};
  observer.observe(bad, 3);
  Status status = observer.check();
  EXPECT_FALSE(status);
  EXPECT_NE(status.getMessage().find("2 NaN or Inf"), std::string::npos);
  EXPECT_EQ(observer.getAbsMax(), (std::vector<double>{4.0, 2.0, 0.5}));
}

// OHWI [2, 1, 2, 3]: axis 0 (output channels) and axis 3 (input channels).
TEST(EqualizationTest, AbsMaxAlongAxis) {
  std::vector<float> weights = {1, -2, 3, 0.5f, 0,     -6, //
                                0, 0,  0, -1,   0.25f, 0};
  std::vector<int64_t> shape = {2, 1, 2, 3};
  auto outputs = computeAbsMaxAlongAxis(weights.data(), shape, 0);
  ASSERT_TRUE(outputs);
  EXPECT_EQ(*outputs, (std::vector<double>{6.0, 1.0}));
  auto inputs = computeAbsMaxAlongAxis(weights.data(), shape, 3);
  ASSERT_TRUE(inputs);
  EXPECT_EQ(*inputs, (std::vector<double>{1.0, 2.0, 6.0}));
  EXPECT_FALSE(computeAbsMaxAlongAxis(weights.data(), shape, 4));
  weights[4] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(computeAbsMaxAlongAxis(weights.data(), shape, 0));
}

} // namespace
