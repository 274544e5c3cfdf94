//===- KLDivergenceTest.cpp - KL threshold searches -----------------------===//

#include "autoquant/Calibration/KLDivergence.h"
#include "autoquant/Calibration/Histogram.h"
#include "autoquant/Calibration/Observer.h"

#include "CalibrationTestUtils.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace autoquant::calib;
using namespace autoquant::calib::test;

namespace {

TEST(KLDivergenceTest, Seed001MergeAndExpand) {
  // P = [1, 0, 2, 3, 5, 3, 1, 7] merged into 2 bins: [6, 16]; expanded back
  // over the nonzero bins of P.
  std::vector<double> p = {1, 0, 2, 3, 5, 3, 1, 7};
  EXPECT_EQ(mergeAndExpand(p, 2),
            (std::vector<double>{2, 0, 2, 2, 4, 4, 4, 4}));
}

TEST(KLDivergenceTest, Seed001Divergence) {
  std::vector<double> p = {1, 0, 2, 3, 5, 3, 1, 7};
  std::vector<double> q = mergeAndExpand(p, 2);
  // Normalized: p / 22, q / 22; KL = sum p_k / 22 * ln(p_k / q_k).
  double expected =
      (1 * std::log(1.0 / 2) + 2 * std::log(2.0 / 2) + 3 * std::log(3.0 / 2) +
       5 * std::log(5.0 / 4) + 3 * std::log(3.0 / 4) + 1 * std::log(1.0 / 4) +
       7 * std::log(7.0 / 4)) /
      22;
  EXPECT_NEAR(computeKLDivergence(p, q), expected, 1e-15);
  EXPECT_NEAR(expected, 0.150315, 1e-6);
  // Q without mass where P has some: infinite divergence.
  EXPECT_TRUE(std::isinf(computeKLDivergence({1, 1}, {1, 0})));
  EXPECT_EQ(computeKLDivergence(p, p), 0.0);
}

TEST(KLDivergenceTest, MergeBoundariesAreBalancedAndSymmetric) {
  for (unsigned groups : {1u, 3u, 7u, 255u}) {
    for (unsigned width = groups; width < groups * 40; width += 2) {
      std::vector<unsigned> offsets = computeMergeBoundaries(width, groups);
      ASSERT_EQ(offsets.front(), 0u);
      ASSERT_EQ(offsets.back(), width);
      for (unsigned j = 0; j < groups; ++j) {
        unsigned size = offsets[j + 1] - offsets[j];
        EXPECT_TRUE(size == width / groups || size == width / groups + 1)
            << width << " " << groups << " " << j;
        EXPECT_EQ(size, offsets[groups - j] - offsets[groups - j - 1]);
      }
    }
  }
  // TVM would use groups of 8 / 3 = 2 and put 4 bins in the last group.
  EXPECT_EQ(computeMergeBoundaries(8, 3), (std::vector<unsigned>{0, 3, 5, 8}));
}

TEST(KLDivergenceTest, TvmHandComputedDivergences) {
  // hist = [1, 2, 3, 0, 4], 3 quantized bins: candidates i = 1, 2.
  // i = 1: window [1, 3], p = [1+2, 3, 0+4]; TVM drops hist[1] from the
  // sliced histogram, so q = [0, 3, 0] smoothed to [1e-4, 3-2e-4, 1e-4].
  // i = 2: p = [1, 2, 3, 0, 4] (smoothed with eps1 = 2.5e-5), sliced =
  // [0, 2, 3, 0, 4], groups [0] [1] [2..4] -> q = [0, 2, 3.5, 0, 3.5].
  std::vector<int32_t> hist = {1, 2, 3, 0, 4};
  Result<std::vector<float>> curve = computeKLDivergencesTvm(hist, 3, 1);
  ASSERT_TRUE(curve.ok()) << curve.getMessage();
  ASSERT_EQ(curve->size(), 2u);
  EXPECT_NEAR((*curve)[0], 6.127386887772477, 1e-5);
  EXPECT_NEAR((*curve)[1], 0.8228279004633416, 1e-5);
  std::vector<float> edges = {-5, -3, -1, 1, 3, 5};
  Result<float> threshold = minimizeKLTvm(hist, edges, 3, 1);
  ASSERT_TRUE(threshold.ok());
  EXPECT_EQ(*threshold, 5.0f); // edges[2 + 2 + 1]
}

TEST(KLDivergenceTest, TvmFirstMinimumWinsAndAllInfiniteGivesFirst) {
  // One spike in the centre: every candidate has divergence 0.
  std::vector<int32_t> spike(9, 0);
  spike[4] = 10;
  std::vector<float> edges = computeNumpyHistogramEdges(4.5f, 9);
  Result<float> threshold = minimizeKLTvm(spike, edges, 3, 2);
  ASSERT_TRUE(threshold.ok());
  EXPECT_EQ(*threshold, edges[4 + 1 + 1]);
  // All mass in bin 0 (a negative constant): q is always empty, every
  // divergence is +inf, TVM returns the first candidate.
  std::vector<int32_t> left(9, 0);
  left[0] = 10;
  Result<std::vector<float>> curve = computeKLDivergencesTvm(left, 3, 1);
  ASSERT_TRUE(curve.ok());
  for (float value : *curve)
    EXPECT_TRUE(std::isinf(value));
  EXPECT_EQ(*minimizeKLTvm(left, edges, 3, 1), edges[6]);
}

TEST(KLDivergenceTest, TvmRejectsBadArguments) {
  std::vector<int32_t> hist(9, 1);
  EXPECT_FALSE(minimizeKLTvm(hist, std::vector<float>(5), 3).ok());
  EXPECT_FALSE(computeKLDivergencesTvm(hist, 0).ok());
  EXPECT_FALSE(computeKLDivergencesTvm(hist, 11).ok());
  EXPECT_FALSE(computeKLDivergencesTvm({}, 3).ok());
  EXPECT_EQ(getNumTvmKLCandidates(kTvmKLNumBins, kTvmKLNumQuantizedBins),
            3874u);
}

TEST(KLDivergenceTest, TvmCurveIndependentOfThreadCount) {
  std::vector<float> data = generate("heavy", 4, 20000, 1.0);
  float absMax = 0;
  for (float value : data)
    absMax = std::max(absMax, std::fabs(value));
  Histogram histogram = Histogram::numpyCompatible(absMax, 8001);
  histogram.observe(data.data(), data.size());
  std::vector<int32_t> counts = toTvmCounts(histogram.getCounts());
  Result<std::vector<float>> one = computeKLDivergencesTvm(counts, 255, 1);
  ASSERT_TRUE(one.ok());
  for (unsigned threads : {2u, 3u, 8u}) {
    Result<std::vector<float>> many =
        computeKLDivergencesTvm(counts, 255, threads);
    ASSERT_TRUE(many.ok());
    ASSERT_EQ(one->size(), many->size());
    for (size_t c = 0; c < one->size(); ++c)
      ASSERT_EQ(floatBits((*one)[c]), floatBits((*many)[c])) << c;
  }
}

TEST(KLDivergenceTest, TvmCountsWrapLikeNumpyAstype) {
  EXPECT_EQ(toTvmCounts({0, 5, (uint64_t(1) << 31) + 3, uint64_t(1) << 32}),
            (std::vector<int32_t>{0, 5, INT32_MIN + 3, 0}));
}

TEST(KLDivergenceTest, FastHandComputedDivergences) {
  // hist = [1, 2, 3, 0, 4], 3 quantized bins.
  // i = 1: P = [3, 3, 4] but the window holds nothing in its last group while
  // P does (the folded outliers): +inf.
  // i = 2: groups [0, 2) [2, 3) [3, 5); Q = [1.5, 1.5, 3, 0, 4];
  // KL = 0.1 ln(2/3) + 0.2 ln(4/3).
  std::vector<uint64_t> hist = {1, 2, 3, 0, 4};
  Result<std::vector<double>> curve = computeKLDivergencesFast(hist, 3, 1);
  ASSERT_TRUE(curve.ok()) << curve.getMessage();
  ASSERT_EQ(curve->size(), 2u);
  EXPECT_TRUE(std::isinf((*curve)[0]));
  EXPECT_NEAR((*curve)[1], 0.1 * std::log(2.0 / 3) + 0.2 * std::log(4.0 / 3),
              1e-15);
  Result<KLSearchResult> result = minimizeKLFast(hist, 2.5, 3, 1);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->threshold, 2.5);
  EXPECT_EQ(result->candidate, 1u);
}

/// Direct O(N^2) evaluation of the fast objective, from its definition.
static std::vector<double> directFastCurve(const std::vector<uint64_t> &hist,
                                           unsigned groups) {
  const int center = static_cast<int>(hist.size() / 2);
  std::vector<double> curve;
  for (int i = static_cast<int>(groups / 2); i <= center; ++i) {
    const int first = center - i, last = center + i;
    std::vector<double> window(hist.begin() + first, hist.begin() + last + 1);
    std::vector<double> p = window;
    for (int k = 0; k < first; ++k)
      p.front() += hist[k];
    for (size_t k = last + 1; k < hist.size(); ++k)
      p.back() += hist[k];
    // Groups: the centre bin alone; each side's i bins split into groups / 2
    // groups at round(k * i / (groups / 2)) bins from the centre (ties
    // outwards), mirrored. One group: the whole window.
    std::vector<unsigned> offsets;
    if (groups == 1) {
      offsets = {0, static_cast<unsigned>(window.size())};
    } else {
      const unsigned half = groups / 2;
      std::vector<unsigned> right(half + 1);
      for (unsigned k = 0; k <= half; ++k)
        right[k] = (2 * k * unsigned(i) + half) / (2 * half);
      for (unsigned k = half + 1; k-- > 0;)
        offsets.push_back(unsigned(i) - right[k]);
      for (unsigned k = 0; k <= half; ++k)
        offsets.push_back(unsigned(i) + 1 + right[k]);
    }
    std::vector<double> q(p.size(), 0.0);
    for (unsigned j = 0; j < groups; ++j) {
      double sum = 0;
      unsigned nonzeros = 0;
      for (unsigned k = offsets[j]; k < offsets[j + 1]; ++k) {
        sum += window[k];
        nonzeros += p[k] != 0;
      }
      for (unsigned k = offsets[j]; k < offsets[j + 1]; ++k)
        if (p[k] != 0)
          q[k] = sum / nonzeros;
    }
    curve.push_back(computeKLDivergence(p, q));
  }
  return curve;
}

TEST(KLDivergenceTest, FastMatchesDirectDefinition) {
  SplitMix64 random(99);
  for (int trial = 0; trial < 12; ++trial) {
    const unsigned numBins = 2 * (20 + random.next() % 200) + 1;
    const unsigned groups = 2 * (random.next() % 12) + 1;
    std::vector<uint64_t> hist(numBins, 0);
    const double spread = numBins / (2.0 + random.next() % 8);
    const double shift = trial % 3 == 0 ? numBins / 3.0 : 0.0;
    for (unsigned k = 0; k < numBins; ++k) {
      if (random.uniform() < 0.3)
        continue;
      double z = (k - numBins / 2.0 - shift) / spread;
      hist[k] =
          static_cast<uint64_t>(std::exp(-z * z) * 5000 * random.uniform());
    }
    hist[random.next() % numBins] += 7;
    hist.back() += 1;
    Result<std::vector<double>> fast = computeKLDivergencesFast(hist, groups);
    ASSERT_TRUE(fast.ok());
    std::vector<double> direct = directFastCurve(hist, groups);
    ASSERT_EQ(fast->size(), direct.size());
    for (size_t c = 0; c < direct.size(); ++c) {
      if (std::isinf(direct[c])) {
        EXPECT_TRUE(std::isinf((*fast)[c])) << trial << " " << c;
        continue;
      }
      EXPECT_NEAR((*fast)[c], direct[c], 1e-11 * std::max(1.0, direct[c]))
          << trial << " " << c;
    }
  }
}

/// Post-ReLU activations: `zeroFraction` exact zeros, the rest |N(0, 1)|
/// (exponent 0) or a long-tailed exp(2 N(0, 1)) - 1 clipped at 0 (exponent
/// 1), from splitmix64.
static std::vector<float> postRelu(uint64_t seed, size_t size,
                                   double zeroFraction, int shape) {
  SplitMix64 random(seed);
  std::vector<float> values(size);
  for (float &value : values) {
    double u[4] = {random.uniform(), random.uniform(), random.uniform(),
                   random.uniform()};
    double g = approximateGaussian(u);
    if (random.uniform() < zeroFraction)
      value = 0.0f;
    else if (shape == 0)
      value = static_cast<float>(std::fabs(g));
    else
      value = static_cast<float>(std::max(0.0, std::exp(2.0 * g) - 1.0));
  }
  return values;
}

TEST(KLDivergenceTest, FastFollowsTvmOnPostReluData) {
  // One-sided data with a spike of exact zeros: the zero bin is a level of
  // its own, so the spike never shares a group with positive bins. Before,
  // the centre group of ~m/2 + 1 bins spread the spike over its positive
  // half, a penalty ~ P(0) ln(m/2 + 1) that grows with the window and
  // picked windows of m = 1 (e.g. 0.23 vs TVM's 3.69 for 90% zeros).
  // TVM's candidates whose merge groups happen to isolate the zero bin
  // dominate its minimum, so the two now agree.
  struct Case {
    uint64_t seed;
    double zeroFraction;
    int shape;
  };
  for (Case c : {Case{11, 0.3, 0}, Case{12, 0.6, 0}, Case{13, 0.9, 0},
                 Case{14, 0.6, 1}, Case{15, 0.0, 1}}) {
    std::vector<float> data = postRelu(c.seed, 50000, c.zeroFraction, c.shape);
    ObserverOptions fast, tvm;
    tvm.kl.implementation = KLImplementation::Tvm;
    Result<CalibrationResult> fastResult =
        calibrateTensor(fast, data.data(), data.size());
    Result<CalibrationResult> tvmResult =
        calibrateTensor(tvm, data.data(), data.size());
    ASSERT_TRUE(fastResult.ok() && tvmResult.ok());
    EXPECT_NEAR(fastResult->threshold / tvmResult->threshold, 1.0, 0.15)
        << "seed " << c.seed << ": fast " << fastResult->threshold << " tvm "
        << tvmResult->threshold;
  }
  // The generator's relu distribution; negrelu (its exact negation) gets the
  // same threshold.
  ObserverOptions fast, tvm;
  tvm.kl.implementation = KLImplementation::Tvm;
  std::vector<float> relu = generate("relu", 21, 40000, 2.0);
  std::vector<float> negrelu = generate("negrelu", 21, 40000, 2.0);
  Result<CalibrationResult> fastRelu =
      calibrateTensor(fast, relu.data(), relu.size());
  Result<CalibrationResult> fastNegrelu =
      calibrateTensor(fast, negrelu.data(), negrelu.size());
  Result<CalibrationResult> tvmRelu =
      calibrateTensor(tvm, relu.data(), relu.size());
  ASSERT_TRUE(fastRelu.ok() && fastNegrelu.ok() && tvmRelu.ok());
  EXPECT_NEAR(fastRelu->threshold / tvmRelu->threshold, 1.0, 0.15)
      << "relu: fast " << fastRelu->threshold << " tvm " << tvmRelu->threshold;
  EXPECT_EQ(fastNegrelu->threshold, fastRelu->threshold);
}

TEST(KLDivergenceTest, FastIgnoresAZeroSpikeOnTwoSidedData) {
  // sparse: 90% exact zeros, the rest N(0, 1). A spike at zero no longer
  // shrinks the window: the threshold stays within 15% of that of the
  // nonzero values alone. (TVM's zero bin always shares its merge group
  // with nonzero negative bins here unless groups are one bin wide, so TVM
  // returns a window of m = 1 bins per level, ~0.06 max|x|.)
  std::vector<float> sparse = generate("sparse", 21, 40000, 2.0);
  std::vector<float> nonzeros;
  for (float value : sparse)
    if (value != 0.0f)
      nonzeros.push_back(value);
  ObserverOptions fast, tvm;
  tvm.kl.implementation = KLImplementation::Tvm;
  Result<CalibrationResult> withZeros =
      calibrateTensor(fast, sparse.data(), sparse.size());
  Result<CalibrationResult> withoutZeros =
      calibrateTensor(fast, nonzeros.data(), nonzeros.size());
  Result<CalibrationResult> tvmResult =
      calibrateTensor(tvm, sparse.data(), sparse.size());
  ASSERT_TRUE(withZeros.ok() && withoutZeros.ok() && tvmResult.ok());
  EXPECT_NEAR(withZeros->threshold / withoutZeros->threshold, 1.0, 0.15)
      << withZeros->threshold << " " << withoutZeros->threshold;
  EXPECT_LT(tvmResult->threshold, 0.1 * withZeros->threshold);
}

TEST(KLDivergenceTest, FastIsSymmetricAndThreadIndependent) {
  std::vector<float> data = generate("relu", 2, 30000, 3.0);
  float absMax = 0;
  for (float value : data)
    absMax = std::max(absMax, std::fabs(value));
  Histogram histogram = Histogram::symmetricCentered(absMax, 8001);
  histogram.observe(data.data(), data.size());
  std::vector<uint64_t> mirrored(histogram.getCounts().rbegin(),
                                 histogram.getCounts().rend());
  Result<std::vector<double>> curve =
      computeKLDivergencesFast(histogram.getCounts(), 255, 1);
  ASSERT_TRUE(curve.ok());
  for (unsigned threads : {1u, 2u, 5u}) {
    Result<std::vector<double>> other =
        computeKLDivergencesFast(mirrored, 255, threads);
    ASSERT_TRUE(other.ok());
    for (size_t c = 0; c < curve->size(); ++c)
      ASSERT_EQ((*curve)[c], (*other)[c]) << c << " threads " << threads;
  }
}

TEST(KLDivergenceTest, FastRejectsEvenSizes) {
  EXPECT_FALSE(computeKLDivergencesFast(std::vector<uint64_t>(10, 1), 3).ok());
  EXPECT_FALSE(computeKLDivergencesFast(std::vector<uint64_t>(11, 1), 4).ok());
  EXPECT_FALSE(computeKLDivergencesFast(std::vector<uint64_t>(11, 1), 13).ok());
  EXPECT_FALSE(computeKLDivergencesFast(std::vector<uint64_t>(11, 0), 3).ok());
  EXPECT_FALSE(minimizeKLFast(std::vector<uint64_t>(11, 1), 0.0, 3).ok());
}

TEST(KLDivergenceTest, TvmAsymmetryFastSymmetry) {
  // TVM's dropped left bin: a tensor and its negation get different
  // thresholds (gauss: 3.1012 vs 3.0805); the fast search gives equal ones.
  std::vector<float> data = generate("gauss", 1, 20000, 1.0);
  std::vector<float> negated = generate("gauss", 1, 20000, -1.0);
  ObserverOptions tvm;
  tvm.kl.implementation = KLImplementation::Tvm;
  ObserverOptions fast;
  Result<CalibrationResult> tvmPlain =
      calibrateTensor(tvm, data.data(), data.size());
  Result<CalibrationResult> tvmNegated =
      calibrateTensor(tvm, negated.data(), negated.size());
  Result<CalibrationResult> fastPlain =
      calibrateTensor(fast, data.data(), data.size());
  Result<CalibrationResult> fastNegated =
      calibrateTensor(fast, negated.data(), negated.size());
  ASSERT_TRUE(tvmPlain.ok() && tvmNegated.ok() && fastPlain.ok() &&
              fastNegated.ok());
  EXPECT_NE(tvmPlain->threshold, tvmNegated->threshold);
  EXPECT_EQ(fastPlain->threshold, fastNegated->threshold);
}

TEST(KLDivergenceTest, ConstantsOfEitherSign) {
  // TVM: a positive constant c gives c, a negative one edges[4128] (~0.032
  // |c|). Fast: |c| for both.
  for (double scale : {2.5, -2.5}) {
    std::vector<float> data = generate("const", 0, 1000, scale);
    ObserverOptions tvm;
    tvm.kl.implementation = KLImplementation::Tvm;
    Result<CalibrationResult> tvmResult =
        calibrateTensor(tvm, data.data(), data.size());
    Result<CalibrationResult> fastResult =
        calibrateTensor(ObserverOptions(), data.data(), data.size());
    ASSERT_TRUE(tvmResult.ok() && fastResult.ok());
    EXPECT_EQ(fastResult->threshold, 2.5);
    if (scale > 0)
      EXPECT_EQ(tvmResult->threshold, 2.5);
    else
      EXPECT_EQ(tvmResult->threshold,
                computeNumpyHistogramEdges(2.5f, 8001)[4128]);
  }
}

} // namespace
