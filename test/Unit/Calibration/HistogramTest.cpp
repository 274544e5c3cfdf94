//===- HistogramTest.cpp - Fixed-range histograms -------------------------===//

#include "autoquant/Calibration/Histogram.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

TEST(HistogramTest, NumpyEdgesMatchNumpy) {
  // Expected: np.histogram(..., bins=101, range=(-3.3f, 3.3f))[1].
  auto rows = readDataFile("numpy_edges_101.txt");
  ASSERT_EQ(rows.size(), 102u);
  std::vector<float> edges = computeNumpyHistogramEdges(3.3f, 101);
  for (size_t k = 0; k < rows.size(); ++k)
    EXPECT_EQ(floatBits(edges[k]), floatBits(parseFloatBits(rows[k][0])))
        << "edge " << k;
  EXPECT_EQ(edges.back(), 3.3f);
  EXPECT_EQ(edges.front(), -3.3f);
}

TEST(HistogramTest, NumpyBinningOfValuesOnEdges) {
  // Values exactly on the edges, their negatives and the float32 midpoints:
  // every index correction of numpy's binning is exercised.
  std::vector<float> edges = computeNumpyHistogramEdges(3.3f, 101);
  std::vector<float> data(edges.begin(), edges.end());
  for (float edge : edges)
    data.push_back(-edge);
  for (size_t k = 0; k + 1 < edges.size(); ++k)
    data.push_back((edges[k] + edges[k + 1]) / 2.0f);
  Histogram histogram = Histogram::numpyCompatible(3.3f, 101);
  histogram.observe(data.data(), data.size());
  EXPECT_EQ(histogram.getNumOutOfRange(), 0u);

  std::vector<uint64_t> expected(101, 0);
  for (const auto &row : readDataFile("numpy_histogram_edges.txt"))
    expected[parseUnsigned(row[0])] = parseUnsigned(row[1]);
  EXPECT_EQ(histogram.getCounts(), expected);
}

TEST(HistogramTest, NumpyHistogramOfTvmSizeMatchesNumpy) {
  std::vector<float> data = generate("heavy", 4, 40000, 100.0);
  float absMax = 0;
  for (float value : data)
    absMax = std::max(absMax, std::fabs(value));
  Histogram histogram = Histogram::numpyCompatible(absMax, 8001);
  histogram.observe(data.data(), data.size());

  std::vector<uint64_t> expected(8001, 0);
  uint64_t expectedHash = 0;
  for (const auto &row : readDataFile("numpy_histogram_heavy.txt")) {
    if (row[0] == "edges_fnv1a")
      expectedHash = parseUnsigned(row[1]);
    else
      expected[parseUnsigned(row[0])] = parseUnsigned(row[1]);
  }
  EXPECT_EQ(histogram.getCounts(), expected);
  uint64_t hash = 0xcbf29ce484222325ull;
  for (float edge : histogram.getNumpyEdges())
    hash = (hash ^ floatBits(edge)) * 0x100000001b3ull;
  EXPECT_EQ(hash, expectedHash);
}

TEST(HistogramTest, NumpyLastBinIsClosed) {
  Histogram histogram = Histogram::numpyCompatible(2.0f, 4);
  const float data[] = {-2.0f, 2.0f, 0.0f, -0.0f, 1.0f, -1.0f};
  histogram.observe(data, 6);
  // Bins [-2,-1) [-1,0) [0,1) [1,2].
  EXPECT_EQ(histogram.getCounts(), (std::vector<uint64_t>{1, 1, 2, 2}));
}

TEST(HistogramTest, SymmetricBinningMirrorsNegatedData) {
  std::vector<float> data = generate("peaked", 3, 5000, 1.0);
  std::vector<float> negated(data.size());
  for (size_t i = 0; i < data.size(); ++i)
    negated[i] = -data[i];
  float absMax = 0;
  for (float value : data)
    absMax = std::max(absMax, std::fabs(value));
  Histogram histogram = Histogram::symmetricCentered(absMax, 101);
  Histogram mirrored = Histogram::symmetricCentered(absMax, 101);
  histogram.observe(data.data(), data.size());
  mirrored.observe(negated.data(), negated.size());
  for (size_t k = 0; k < 101; ++k)
    EXPECT_EQ(histogram.getCounts()[k], mirrored.getCounts()[100 - k]);
}

TEST(HistogramTest, SymmetricBinsAreCentredOnZero) {
  // 5 bins of width 2 over [-5, 5]: centre bin [-1, 1].
  Histogram histogram = Histogram::symmetricCentered(5.0, 5);
  const float data[] = {0.0f, 0.99f, -0.99f, 1.01f, -2.9f, 5.0f, -5.0f, 3.2f};
  histogram.observe(data, 8);
  EXPECT_EQ(histogram.getCounts(), (std::vector<uint64_t>{1, 1, 3, 1, 2}));
}

TEST(HistogramTest, MagnitudeAndLinearBinning) {
  Histogram magnitude = Histogram::magnitude(4.0, 4);
  const float data[] = {0.0f, -0.5f, 1.0f, -3.99f, 4.0f};
  magnitude.observe(data, 5);
  EXPECT_EQ(magnitude.getCounts(), (std::vector<uint64_t>{2, 1, 0, 2}));

  Histogram linear = Histogram::linear(-1.0, 3.0, 4);
  const float more[] = {-1.0f, -0.5f, 0.0f, 2.5f, 3.0f};
  linear.observe(more, 5);
  EXPECT_EQ(linear.getCounts(), (std::vector<uint64_t>{2, 1, 0, 2}));
}

TEST(HistogramTest, CountsValuesOutsideTheRange) {
  Histogram histogram = Histogram::numpyCompatible(1.0f, 10);
  const float data[] = {0.5f, 1.5f, -2.0f, NAN};
  histogram.observe(data, 4);
  EXPECT_EQ(histogram.getNumOutOfRange(), 3u);
  EXPECT_EQ(histogram.getTotalCount(), 1u);
}

TEST(HistogramTest, MergeAddsCountsAndRejectsOtherBinnings) {
  Histogram a = Histogram::magnitude(1.0, 8);
  Histogram b = Histogram::magnitude(1.0, 8);
  const float data[] = {0.1f, 0.9f};
  a.observe(data, 1);
  b.observe(data + 1, 1);
  ASSERT_TRUE(a.merge(b).ok());
  EXPECT_EQ(a.getTotalCount(), 2u);
  Histogram c = Histogram::magnitude(2.0, 8);
  Status status = a.merge(c);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.getMessage().find("different binnings"), std::string::npos);
}

TEST(HistogramTest, TinyAndHugeRangesStayInRange) {
  // numpy's float32 index arithmetic overflows here; we bin in float64.
  for (float absMax : {1e-38f, 1e-44f, 3e38f}) {
    Histogram histogram = Histogram::numpyCompatible(absMax, 8001);
    const float data[] = {absMax, -absMax, 0.0f, absMax / 2};
    histogram.observe(data, 4);
    EXPECT_EQ(histogram.getNumOutOfRange(), 0u) << absMax;
    EXPECT_EQ(histogram.getTotalCount(), 4u) << absMax;
    EXPECT_EQ(histogram.getCounts().back(), 1u) << absMax;
    // Below ~1e-42 the float32 edges themselves collapse (numpy's too).
    if (absMax > 1e-40f) {
      EXPECT_EQ(histogram.getCounts().front(), 1u) << absMax;
    }
  }
}

} // namespace
