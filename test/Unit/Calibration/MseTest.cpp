//===- MseTest.cpp - Histogram MSE search ---------------------------------===//

#include "autoquant/Calibration/Mse.h"
#include "autoquant/Calibration/Observer.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace autoquant::calib;

namespace {

TEST(MseTest, SymmetricHandComputed) {
  // 4 bins of |x| over [0, 4], mids 0.5 1.5 2.5 3.5 with counts 10 0 0 1,
  // 2-bit signed quantizer (codes -1..1), TVM scale T / 2:
  //   T = 1: s = 0.5, codes min(round(m / s), 1): 0.5 -> 1 -> 0.5 (err 0),
  //          3.5 -> 1 -> 0.5 (err 9): total 9.
  //   T = 2: s = 1: 0.5 -> round(0.5) = 1 -> 1 (err 0.25 * 10 = 2.5),
  //          3.5 -> 1 (err 6.25): total 8.75.
  //   T = 3: s = 1.5: 0.5 -> round(1/3) = 0 (err 2.5), 3.5 -> 1.5 (err 4):
  //          total 6.5.
  //   T = 4: s = 2: 0.5 -> 0 (2.5), 3.5 -> 2 (2.25): total 4.75.
  std::vector<uint64_t> counts = {10, 0, 0, 1};
  Result<MseThreshold> result = findMseThreshold(counts, 4.0, 2);
  ASSERT_TRUE(result.ok()) << result.getMessage();
  EXPECT_EQ(result->threshold, 4.0);
  EXPECT_DOUBLE_EQ(result->error, 4.75);
  // Tight convention (s = T / 1): T = 1: 0.5 -> 1 (2.5), 3.5 -> 1 (6.25) =
  // 8.75; T = 2: 0.5 -> 0 (2.5), 3.5 -> 1 -> 2 (2.25) = 4.75; T = 3: 0.5 ->
  // 0 (2.5), 3.5 -> 1 -> 3 (0.25) = 2.75; T = 4: 0.5 -> 0 (2.5), 3.5 -> 4
  // (0.25) = 2.75.
  Result<MseThreshold> tight =
      findMseThreshold(counts, 4.0, 2, ScaleConvention::Tight);
  ASSERT_TRUE(tight.ok());
  EXPECT_EQ(tight->threshold, 3.0); // First of the two minima.
  EXPECT_DOUBLE_EQ(tight->error, 2.75);
}

TEST(MseTest, AsymmetricHandComputed) {
  // 4 bins over [-1, 3] (zero in bin 1), mids -0.5 0.5 1.5 2.5, counts
  // 1 4 0 1; 1-bit unsigned codes {0, 1}. Expanding from bin 1:
  //   [0, 1] (window bin 1): scale 1, zp 0 -> -0.5 -> 0 (0.25), 0.5 -> 1
  //   (0.25 * 4), 2.5 -> 1 (2.25): 3.5.
  //   [-1, 1] (bins 0-1): scale 2, zp round(0.5) = 1: -0.5 -> code
  //   round(0.75) = 1 -> 0 (0.25); 0.5 -> round(1.25) clip 1 -> 0 (1);
  //   2.5 -> 0 (6.25): 7.5.
  //   [-1, 2] (0-2): scale 3, zp round(1/3) = 0: -0.5 -> 0 (0.25); 0.5 ->
  //   round(1/6) = 0 (1); 2.5 -> 1 -> 3 (0.25): 1.5.
  //   [-1, 3] (0-3): scale 4, zp round(0.25) = 0: -0.5 -> 0 (0.25); 0.5 ->
  //   0 (1); 2.5 -> round(0.625) = 1 -> 4 (2.25): 3.5.
  std::vector<uint64_t> counts = {1, 4, 0, 1};
  Result<MseRange> result = findMseRange(counts, -1.0, 3.0, 1, false);
  ASSERT_TRUE(result.ok()) << result.getMessage();
  EXPECT_EQ(result->min, -1.0);
  EXPECT_EQ(result->max, 2.0);
  EXPECT_DOUBLE_EQ(result->error, 1.5);
  // Brute force visits [0, 2] first (left from the zero bin outwards), which
  // ties with [-1, 2].
  Result<MseRange> brute =
      findMseRange(counts, -1.0, 3.0, 1, false, MseSearch::BruteForce);
  ASSERT_TRUE(brute.ok());
  EXPECT_EQ(brute->min, 0.0);
  EXPECT_EQ(brute->max, 2.0);
  EXPECT_DOUBLE_EQ(brute->error, 1.5);
}

TEST(MseTest, RejectsBadRanges) {
  EXPECT_FALSE(findMseThreshold({}, 1.0, 8).ok());
  EXPECT_FALSE(findMseThreshold({1}, 0.0, 8).ok());
  EXPECT_FALSE(findMseThreshold({1}, 1.0, 40).ok());
  EXPECT_FALSE(findMseRange({1}, 1.0, 2.0, 8, false).ok());
  EXPECT_FALSE(findMseRange({1}, 0.0, 0.0, 8, false).ok());
}

TEST(MseTest, ObserverFindsUnclippedThresholdForUniformData) {
  // Uniform data: the error only grows when clipping, so the best threshold
  // sits near max|x| (within the last few bins).
  std::vector<float> data(100000);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = -1.0f + 2.0f * static_cast<float>(i) / data.size();
  ObserverOptions options;
  options.method = CalibrationMethod::Mse;
  options.mse.numBins = 256;
  Result<CalibrationResult> result =
      calibrateTensor(options, data.data(), data.size());
  ASSERT_TRUE(result.ok()) << result.getMessage();
  EXPECT_GT(result->threshold, 0.97);
  EXPECT_LE(result->threshold, 1.0);
}

} // namespace
