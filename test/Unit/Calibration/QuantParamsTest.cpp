//===- QuantParamsTest.cpp - Thresholds to quantization parameters --------===//

#include "autoquant/Calibration/QuantParams.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <cfloat>
#include <cmath>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

TEST(QuantParamsTest, TvmConvention) {
  // TVM: dom_scale = T / 128, clip +-127.
  Result<SymmetricQuantParams> params = computeSymmetricParams(4.0, 8);
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->scale, 4.0 / 128);
  EXPECT_EQ(params->clipMin, -127);
  EXPECT_EQ(params->clipMax, 127);
  // The largest representable value is one step short of T.
  EXPECT_EQ(fakeQuantize(4.0, *params), 127 * 4.0 / 128);
  EXPECT_EQ(fakeQuantize(-100.0, *params), -127 * 4.0 / 128);
}

TEST(QuantParamsTest, TightConventionAndUnsigned) {
  Result<SymmetricQuantParams> tight =
      computeSymmetricParams(4.0, 8, true, ScaleConvention::Tight);
  ASSERT_TRUE(tight.ok());
  EXPECT_EQ(tight->scale, 4.0 / 127);
  EXPECT_EQ(fakeQuantize(4.0, *tight), 4.0);
  Result<SymmetricQuantParams> unsignedParams =
      computeSymmetricParams(6.0, 8, false);
  ASSERT_TRUE(unsignedParams.ok());
  EXPECT_EQ(unsignedParams->scale, 6.0 / 256);
  EXPECT_EQ(unsignedParams->clipMin, 0);
  EXPECT_EQ(unsignedParams->clipMax, 255);
  EXPECT_EQ(fakeQuantize(-1.0, *unsignedParams), 0.0);
}

TEST(QuantParamsTest, RoundsHalfAwayFromZero) {
  SymmetricQuantParams params;
  params.scale = 1.0;
  params.clipMin = -127;
  params.clipMax = 127;
  EXPECT_EQ(fakeQuantize(2.5, params), 3.0);
  EXPECT_EQ(fakeQuantize(-2.5, params), -3.0);
  EXPECT_EQ(fakeQuantize(0.49999999999999994, params), 0.0);
  EXPECT_EQ(roundHalfAwayFromZero(-0.5), -1.0);
}

TEST(QuantParamsTest, SymmetricErrors) {
  for (double bad : {0.0, -1.0, std::nan(""), HUGE_VAL})
    EXPECT_FALSE(computeSymmetricParams(bad, 8).ok()) << bad;
  EXPECT_FALSE(computeSymmetricParams(1.0, 0).ok());
  EXPECT_FALSE(computeSymmetricParams(1.0, 33).ok());
  EXPECT_FALSE(
      computeSymmetricParams(1.0, 1, true, ScaleConvention::Tight).ok());
  Result<SymmetricQuantParams> bad = computeSymmetricParams(-2.0, 8);
  EXPECT_NE(bad.getMessage().find("threshold"), std::string::npos);
}

TEST(QuantParamsTest, TinyThresholdKeepsANormalScale) {
  Result<SymmetricQuantParams> params = computeSymmetricParams(1e-40, 8);
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->scale, static_cast<double>(FLT_MIN));
}

TEST(QuantParamsTest, AffineZeroPoints) {
  // uint8 over [-1, 3]: scale 4 / 255, zero point round(255 / 4) = 64.
  Result<AffineQuantParams> params = computeAffineParams(-1.0, 3.0, 8, false);
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->scale, 4.0 / 255);
  EXPECT_EQ(params->zeroPoint, 64);
  EXPECT_EQ(fakeQuantize(0.0, *params), 0.0); // Zero is exact.
  // int8 over the same range: zero point -128 + 64 = -64.
  EXPECT_EQ(computeAffineParams(-1.0, 3.0, 8, true)->zeroPoint, -64);
  // A positive range is widened to include 0: zero point qmin.
  Result<AffineQuantParams> positive = computeAffineParams(0.5, 6.0, 8, false);
  EXPECT_EQ(positive->scale, 6.0 / 255);
  EXPECT_EQ(positive->zeroPoint, 0);
  // A negative range: zero point qmax.
  EXPECT_EQ(computeAffineParams(-6.0, -0.5, 8, false)->zeroPoint, 255);
  EXPECT_EQ(computeAffineParams(-6.0, -0.5, 8, true)->zeroPoint, 127);
  // All zeros: scale 1, zero point 0.
  Result<AffineQuantParams> zero = computeAffineParams(0.0, 0.0, 8, false);
  EXPECT_EQ(zero->scale, 1.0);
  EXPECT_EQ(zero->zeroPoint, 0);
}

TEST(QuantParamsTest, AffineErrors) {
  EXPECT_FALSE(computeAffineParams(2.0, 1.0, 8, false).ok());
  EXPECT_FALSE(computeAffineParams(NAN, 1.0, 8, false).ok());
  EXPECT_FALSE(computeAffineParams(0.0, INFINITY, 8, false).ok());
  EXPECT_FALSE(computeAffineParams(0.0, 1.0, 0, false).ok());
}

TEST(QuantParamsTest, MatchPythonReference) {
  auto rows = readDataFile("quant_params.txt");
  int symmetric = 0, affine = 0;
  for (const auto &row : rows) {
    if (row[0] == "symmetric") {
      ++symmetric;
      Result<SymmetricQuantParams> params = computeSymmetricParams(
          parseDouble(row[1]), std::atoi(row[2].c_str()), row[3] == "1",
          row[4] == "1" ? ScaleConvention::Tight : ScaleConvention::Tvm);
      ASSERT_TRUE(params.ok()) << params.getMessage();
      EXPECT_EQ(params->scale, parseDouble(row[5])) << row[1];
      EXPECT_EQ(params->clipMin, std::atoll(row[6].c_str()));
      EXPECT_EQ(params->clipMax, std::atoll(row[7].c_str()));
    } else {
      ++affine;
      Result<AffineQuantParams> params =
          computeAffineParams(parseDouble(row[1]), parseDouble(row[2]),
                              std::atoi(row[3].c_str()), row[4] == "1");
      ASSERT_TRUE(params.ok()) << params.getMessage();
      EXPECT_EQ(params->scale, parseDouble(row[5])) << row[1] << " " << row[2];
      EXPECT_EQ(params->zeroPoint, std::atoll(row[6].c_str()))
          << row[1] << " " << row[2];
      EXPECT_EQ(params->qmin, std::atoll(row[7].c_str()));
      EXPECT_EQ(params->qmax, std::atoll(row[8].c_str()));
      // The zero point is always representable.
      EXPECT_GE(params->zeroPoint, params->qmin);
      EXPECT_LE(params->zeroPoint, params->qmax);
    }
  }
  EXPECT_EQ(symmetric, 9);
  EXPECT_EQ(affine, 11);
}

} // namespace
