//===- GptqTest.cpp - GPTQ rounding against independent references --------===//
//
// Checked against (1) nearest rounding where GPTQ must agree with it
// (uncorrelated inputs), (2) the exact case where the inputs span one
// direction (only the last column's rounding error can remain), and (3) a
// direct implementation of the Optimal Brain Quantization update that
// re-inverts the Hessian of the remaining columns after every step, with no
// Cholesky factor.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/Gptq.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace autoquant::calib;

namespace {

/// H = sum over samples of x xᵀ for row-major samples x of length n.
std::vector<double> hessianOf(const std::vector<std::vector<double>> &xs,
                              int64_t n) {
  std::vector<double> h(n * n, 0.0);
  for (const std::vector<double> &x : xs)
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j)
        h[i * n + j] += x[i] * x[j];
  return h;
}

/// Gauss-Jordan inverse of an n x n matrix (small, well conditioned).
std::vector<double> invert(std::vector<double> a, int64_t n) {
  std::vector<double> inv(n * n, 0.0);
  for (int64_t i = 0; i < n; ++i)
    inv[i * n + i] = 1.0;
  for (int64_t c = 0; c < n; ++c) {
    int64_t pivot = c;
    for (int64_t r = c + 1; r < n; ++r)
      if (std::abs(a[r * n + c]) > std::abs(a[pivot * n + c]))
        pivot = r;
    for (int64_t k = 0; k < n; ++k) {
      std::swap(a[c * n + k], a[pivot * n + k]);
      std::swap(inv[c * n + k], inv[pivot * n + k]);
    }
    double d = a[c * n + c];
    for (int64_t k = 0; k < n; ++k) {
      a[c * n + k] /= d;
      inv[c * n + k] /= d;
    }
    for (int64_t r = 0; r < n; ++r)
      if (r != c) {
        double f = a[r * n + c];
        for (int64_t k = 0; k < n; ++k) {
          a[r * n + k] -= f * a[c * n + k];
          inv[r * n + k] -= f * inv[c * n + k];
        }
      }
  }
  return inv;
}

/// OBQ in a fixed column order, one row at a time: quantize w_i, then
/// w_F -= (w_i - ŵ_i) / [H_F⁻¹]_ii * [H_F⁻¹]_{F,i} over the remaining
/// columns F (i included), with H_F⁻¹ recomputed from scratch each step.
std::vector<int64_t> obqReference(const std::vector<float> &weights,
                                  int64_t rows, int64_t cols,
                                  std::vector<double> h, const RowQuantizer &q,
                                  double damping) {
  double mean = 0.0;
  for (int64_t i = 0; i < cols; ++i)
    mean += h[i * cols + i];
  mean /= static_cast<double>(cols);
  for (int64_t i = 0; i < cols; ++i)
    h[i * cols + i] += damping * mean;
  std::vector<int64_t> codes(rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<double> w(weights.begin() + r * cols,
                          weights.begin() + (r + 1) * cols);
    for (int64_t i = 0; i < cols; ++i) {
      int64_t m = cols - i; // remaining columns i..cols-1
      std::vector<double> sub(m * m);
      for (int64_t a = 0; a < m; ++a)
        for (int64_t b = 0; b < m; ++b)
          sub[a * m + b] = h[(i + a) * cols + (i + b)];
      std::vector<double> inv = invert(sub, m);
      double code = std::clamp(std::round(w[i] / q.scale) + q.zeroPoint,
                               double(q.lo), double(q.hi));
      codes[r * cols + i] = static_cast<int64_t>(code);
      double error = w[i] - q.scale * (code - q.zeroPoint);
      for (int64_t a = 1; a < m; ++a)
        w[i + a] -= error / inv[0] * inv[a * m];
    }
  }
  return codes;
}

std::vector<float> randomWeights(int64_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> w(n);
  for (float &v : w)
    v = normal(rng);
  return w;
}

TEST(GptqTest, UncorrelatedInputsGiveNearestRounding) {
  const int64_t rows = 4, cols = 6;
  std::vector<float> w = randomWeights(rows * cols, 1);
  std::vector<double> h(cols * cols, 0.0);
  for (int64_t i = 0; i < cols; ++i)
    h[i * cols + i] = 1.0 + i; // diagonal: no column informs another
  std::vector<RowQuantizer> q = {{0.25, 0, -7, 7}};
  Result<std::vector<int64_t>> codes = gptqQuantize(w, rows, cols, h, q);
  ASSERT_TRUE(codes) << codes.getMessage();
  EXPECT_EQ(*codes, nearestQuantize(w, rows, cols, q));
}

TEST(GptqTest, OneInputDirectionLeavesOnlyTheLastColumnsError) {
  // Every input is a multiple of v: the layer only ever computes w · v, and
  // GPTQ can push each column's error into the next, so |(w - ŵ) · v| is
  // at most half a step times |v_last| (plus what the damping costs).
  const int64_t rows = 3, cols = 8;
  std::vector<double> v = {0.9, -1.3, 0.4, 2.0, -0.7, 1.1, 0.3, 0.8};
  std::vector<std::vector<double>> xs;
  for (double t : {1.0, -0.5, 2.0, 0.25})
    xs.push_back({t * v[0], t * v[1], t * v[2], t * v[3], t * v[4], t * v[5],
                  t * v[6], t * v[7]});
  std::vector<float> w = randomWeights(rows * cols, 2);
  const double scale = 0.3;
  std::vector<RowQuantizer> q = {{scale, 0, -127, 127}};
  GptqOptions options;
  options.damping = 1e-9;
  Result<std::vector<int64_t>> codes =
      gptqQuantize(w, rows, cols, hessianOf(xs, cols), q, options);
  ASSERT_TRUE(codes) << codes.getMessage();
  std::vector<int64_t> nearest = nearestQuantize(w, rows, cols, q);
  double gptqWorst = 0.0, nearestWorst = 0.0;
  for (int64_t r = 0; r < rows; ++r) {
    double gptqError = 0.0, nearestError = 0.0;
    for (int64_t c = 0; c < cols; ++c) {
      gptqError += (w[r * cols + c] - scale * (*codes)[r * cols + c]) * v[c];
      nearestError += (w[r * cols + c] - scale * nearest[r * cols + c]) * v[c];
    }
    EXPECT_LE(std::abs(gptqError), 0.5 * scale * std::abs(v[cols - 1]) + 1e-6)
        << "row " << r;
    gptqWorst = std::max(gptqWorst, std::abs(gptqError));
    nearestWorst = std::max(nearestWorst, std::abs(nearestError));
  }
  EXPECT_LT(gptqWorst, nearestWorst);
}

TEST(GptqTest, MatchesTheDirectObqUpdate) {
  const int64_t rows = 5, cols = 7;
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> xs(40, std::vector<double>(cols));
  for (std::vector<double> &x : xs) {
    double shared = normal(rng); // correlated inputs
    for (double &value : x)
      value = 0.6 * shared + normal(rng);
  }
  std::vector<double> h = hessianOf(xs, cols);
  std::vector<float> w = randomWeights(rows * cols, 4);
  RowQuantizer q = {0.2, 3, -8, 7}; // 4-bit codes with a zero point
  GptqOptions options;
  options.damping = 0.01;
  Result<std::vector<int64_t>> codes =
      gptqQuantize(w, rows, cols, h, {q}, options);
  ASSERT_TRUE(codes) << codes.getMessage();
  EXPECT_EQ(*codes, obqReference(w, rows, cols, h, q, options.damping));
  for (int64_t code : *codes) {
    EXPECT_GE(code, q.lo);
    EXPECT_LE(code, q.hi);
  }
}

TEST(GptqTest, BlockSizeDoesNotChangeTheCodes) {
  // 37 columns: blocks of 1, 5 (a partial last block) and one block.
  const int64_t rows = 6, cols = 37;
  std::mt19937 rng(9);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> xs(100, std::vector<double>(cols));
  for (std::vector<double> &x : xs) {
    double shared = normal(rng);
    for (double &value : x)
      value = 0.8 * shared + normal(rng);
  }
  std::vector<double> h = hessianOf(xs, cols);
  std::vector<float> w = randomWeights(rows * cols, 5);
  RowQuantizer q = {0.3, 0, -8, 7};
  GptqOptions options;
  options.blockSize = 1;
  Result<std::vector<int64_t>> reference =
      gptqQuantize(w, rows, cols, h, {q}, options);
  ASSERT_TRUE(reference) << reference.getMessage();
  for (int64_t blockSize : {5, 37, 128}) {
    options.blockSize = blockSize;
    Result<std::vector<int64_t>> codes =
        gptqQuantize(w, rows, cols, h, {q}, options);
    ASSERT_TRUE(codes) << codes.getMessage();
    EXPECT_EQ(*codes, *reference) << "block size " << blockSize;
  }
  options.blockSize = 0;
  Result<std::vector<int64_t>> bad =
      gptqQuantize(w, rows, cols, h, {q}, options);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.getMessage().find("block size"), std::string::npos);
}

TEST(GptqTest, PerRowQuantizersAndDeadInputs) {
  const int64_t rows = 2, cols = 3;
  std::vector<float> w = {0.5f, 9.0f, -0.26f, 1.0f, -4.0f, 0.74f};
  // Input 1 was always zero: its weights become the code of 0.
  std::vector<double> h = {2.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.5, 0.0, 1.0};
  std::vector<RowQuantizer> q = {{0.1, 0, -127, 127}, {0.5, -2, -8, 7}};
  Result<std::vector<int64_t>> codes = gptqQuantize(w, rows, cols, h, q);
  ASSERT_TRUE(codes) << codes.getMessage();
  EXPECT_EQ((*codes)[1], 0);
  EXPECT_EQ((*codes)[4], -2);
  EXPECT_EQ((*codes)[0], 5); // first column: plain rounding, 0.5 / 0.1
  EXPECT_EQ((*codes)[3], 0); // 1.0 / 0.5 - 2
}

TEST(GptqTest, SumOfQuadraticFormsIsTheOutputEnergy) {
  // Rows d = [1, 2], [0, -1]; inputs x = (1, 0), (1, 1), (0, 3):
  // outputs d·x: 1, 3, 6 and 0, -1, -3: squares sum to 46 + 10 = 56.
  std::vector<std::vector<double>> xs = {{1, 0}, {1, 1}, {0, 3}};
  std::vector<double> h = hessianOf(xs, 2);
  EXPECT_DOUBLE_EQ(sumOfQuadraticForms({1, 2, 0, -1}, 2, 2, h), 56.0);
}

TEST(GptqTest, Errors) {
  std::vector<RowQuantizer> q = {{0.1, 0, -127, 127}};
  EXPECT_FALSE(
      gptqQuantize({1.0f, 2.0f}, 1, 3, std::vector<double>(9, 1.0), q));
  EXPECT_FALSE(
      gptqQuantize({1.0f, 2.0f}, 1, 2, std::vector<double>(3, 1.0), q));
  Result<std::vector<int64_t>> nan =
      gptqQuantize({NAN, 2.0f}, 1, 2, {1.0, 0.0, 0.0, 1.0}, q);
  ASSERT_FALSE(nan);
  EXPECT_NE(nan.getMessage().find("NaN"), std::string::npos);
  // Not positive semidefinite and not rescued by the damping.
  Result<std::vector<int64_t>> indefinite =
      gptqQuantize({1.0f, 2.0f}, 1, 2, {1.0, 5.0, 5.0, 1.0}, q);
  ASSERT_FALSE(indefinite);
  EXPECT_NE(indefinite.getMessage().find("positive definite"),
            std::string::npos);
}

} // namespace
