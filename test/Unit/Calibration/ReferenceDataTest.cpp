//===- ReferenceDataTest.cpp - Against the NumPy reference ----------------===//
//
// Expected values written by scripts/calibration_reference.py, an
// independent NumPy implementation (TVM's own np.histogram and MinimizeKL
// emulated in float32 with C logf), on inputs both sides generate
// identically.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/Histogram.h"
#include "autoquant/Calibration/KLDivergence.h"
#include "autoquant/Calibration/Observer.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

static std::vector<float> generateFromRow(const std::vector<std::string> &row) {
  return generate(row[1], parseUnsigned(row[2]), parseUnsigned(row[3]),
                  parseDouble(row[4]));
}

TEST(ReferenceDataTest, GeneratorMatchesNumpy) {
  auto rows = readDataFile("minmax.txt");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto &row : rows) {
    std::vector<float> data = generateFromRow(row);
    ObserverOptions options;
    options.method = CalibrationMethod::MinMax;
    Result<CalibrationResult> result =
        calibrateTensor(options, data.data(), data.size());
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(floatBits(static_cast<float>(result->min)),
              floatBits(parseFloatBits(row[5])))
        << row[0];
    EXPECT_EQ(floatBits(static_cast<float>(result->max)),
              floatBits(parseFloatBits(row[6])))
        << row[0];
  }
}

TEST(ReferenceDataTest, KLTvmThresholdsAreBitIdentical) {
  auto rows = readDataFile("kl_tvm.txt");
  ASSERT_EQ(rows.size(), 13u);
  for (const auto &row : rows) {
    std::vector<float> data = generateFromRow(row);
    ObserverOptions options;
    options.kl.implementation = KLImplementation::Tvm;
    Result<CalibrationResult> result =
        calibrateTensor(options, data.data(), data.size(), 2);
    ASSERT_TRUE(result.ok()) << row[0] << ": " << result.getMessage();
    EXPECT_EQ(floatBits(static_cast<float>(result->threshold)),
              floatBits(parseFloatBits(row[5])))
        << row[0] << ": got " << result->threshold << ", NumPy " << row[6];
    EXPECT_FALSE(result->isFallback);
  }
}

TEST(ReferenceDataTest, KLTvmCurvesAreBitIdentical) {
  for (const char *name : {"gauss", "heavy"}) {
    std::vector<std::string> spec;
    for (const auto &row : readDataFile("kl_tvm.txt"))
      if (row[0] == name)
        spec = row;
    ASSERT_FALSE(spec.empty());
    std::vector<float> data = generateFromRow(spec);
    float absMax = 0;
    for (float value : data)
      absMax = std::max(absMax, std::fabs(value));
    Histogram histogram = Histogram::numpyCompatible(absMax, kTvmKLNumBins);
    histogram.observe(data.data(), data.size());
    Result<std::vector<float>> curve = computeKLDivergencesTvm(
        toTvmCounts(histogram.getCounts()), kTvmKLNumQuantizedBins);
    ASSERT_TRUE(curve.ok());
    auto expected = readDataFile(std::string("kl_tvm_curve_") + name + ".txt");
    ASSERT_EQ(curve->size(), expected.size());
    size_t mismatches = 0;
    for (size_t c = 0; c < expected.size(); ++c)
      mismatches +=
          floatBits((*curve)[c]) != floatBits(parseFloatBits(expected[c][0]));
    EXPECT_EQ(mismatches, 0u) << name;
  }
}

TEST(ReferenceDataTest, KLFastThresholds) {
  auto rows = readDataFile("kl_fast.txt");
  ASSERT_EQ(rows.size(), 9u);
  for (const auto &row : rows) {
    std::vector<float> data = generateFromRow(row);
    float absMax = 0;
    for (float value : data)
      absMax = std::max(absMax, std::fabs(value));
    Histogram histogram = Histogram::symmetricCentered(
        absMax, static_cast<unsigned>(parseUnsigned(row[5])));
    histogram.observe(data.data(), data.size());
    Result<KLSearchResult> search =
        minimizeKLFast(histogram.getCounts(), absMax,
                       static_cast<unsigned>(parseUnsigned(row[6])));
    ASSERT_TRUE(search.ok()) << row[0];
    EXPECT_EQ(search->threshold, parseDouble(row[7])) << row[0];
    double expectedDivergence = parseDouble(row[8]);
    EXPECT_NEAR(search->divergence, expectedDivergence,
                1e-9 * std::max(1e-3, std::fabs(expectedDivergence)))
        << row[0];
  }
}

TEST(ReferenceDataTest, PercentileIsTheExactOrderStatistic) {
  auto rows = readDataFile("percentile.txt");
  ASSERT_EQ(rows.size(), 8u);
  for (const auto &row : rows) {
    std::vector<float> data = generateFromRow(row);
    ObserverOptions options;
    options.method = CalibrationMethod::Percentile;
    options.percentile = parseDouble(row[5]);
    Result<std::unique_ptr<Observer>> observer = createObserver(options);
    ASSERT_TRUE(observer.ok());
    Result<CalibrationResult> result =
        calibrateTensor(**observer, data.data(), data.size(), 2);
    ASSERT_TRUE(result.ok()) << row[0];
    float expected = parseFloatBits(row[7]);
    const auto &percentile =
        static_cast<const PercentileObserver &>(**observer);
    EXPECT_EQ(floatBits(percentile.getOrderStatistic()), floatBits(expected))
        << row[0];
    if (expected > 0) {
      EXPECT_EQ(result->threshold, expected) << row[0];
      EXPECT_FALSE(result->isFallback);
    } else {
      EXPECT_TRUE(result->isFallback) << row[0];
    }
  }
}

TEST(ReferenceDataTest, MseSearches) {
  auto rows = readDataFile("mse.txt");
  ASSERT_EQ(rows.size(), 6u);
  for (const auto &row : rows) {
    std::vector<float> data = generateFromRow(row);
    ObserverOptions options;
    options.method = CalibrationMethod::Mse;
    options.mse.asymmetric = row[5] == "asymmetric";
    options.mse.numBins = static_cast<unsigned>(parseUnsigned(row[6]));
    options.mse.nbit = static_cast<unsigned>(parseUnsigned(row[7]));
    options.mse.isSigned = row[8] == "1";
    options.mse.convention =
        row[9] == "tight" ? ScaleConvention::Tight : ScaleConvention::Tvm;
    options.mse.search =
        row[9] == "brute" ? MseSearch::BruteForce : MseSearch::ExpandFromZero;
    Result<CalibrationResult> result =
        calibrateTensor(options, data.data(), data.size());
    ASSERT_TRUE(result.ok()) << row[0] << result.getMessage();
    EXPECT_EQ(result->min, parseDouble(row[10])) << row[0];
    EXPECT_EQ(result->max, parseDouble(row[11])) << row[0];
  }
}

} // namespace
