//===- Gptq.cpp - Error-compensating weight rounding (GPTQ) ---------------===//

#include "autoquant/Calibration/Gptq.h"

#include <algorithm>
#include <cmath>
#include <string>

using namespace autoquant::calib;

namespace {

int64_t roundToCode(double value, const RowQuantizer &q) {
  double code = std::round(value / q.scale) + static_cast<double>(q.zeroPoint);
  return static_cast<int64_t>(
      std::clamp(code, static_cast<double>(q.lo), static_cast<double>(q.hi)));
}

const RowQuantizer &quantizerOf(const std::vector<RowQuantizer> &quantizers,
                                int64_t row) {
  return quantizers.size() == 1 ? quantizers.front() : quantizers[row];
}

/// In-place lower Cholesky factor of the n x n symmetric matrix `a`
/// (row-major; the upper triangle is zeroed). False if `a` is not positive
/// definite.
bool choleskyLower(std::vector<double> &a, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    double diagonal = a[j * n + j];
    for (int64_t k = 0; k < j; ++k)
      diagonal -= a[j * n + k] * a[j * n + k];
    if (!(diagonal > 0.0) || !std::isfinite(diagonal))
      return false;
    double root = std::sqrt(diagonal);
    a[j * n + j] = root;
    for (int64_t i = j + 1; i < n; ++i) {
      double sum = a[i * n + j];
      for (int64_t k = 0; k < j; ++k)
        sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / root;
    }
    for (int64_t k = j + 1; k < n; ++k)
      a[j * n + k] = 0.0;
  }
  return true;
}

/// H⁻¹ from H's lower Cholesky factor L (H = L Lᵀ): H⁻¹ = L⁻ᵀ L⁻¹.
std::vector<double> inverseFromCholesky(const std::vector<double> &l,
                                        int64_t n) {
  // Columns of L⁻¹ by forward substitution.
  std::vector<double> linv(n * n, 0.0);
  for (int64_t c = 0; c < n; ++c) {
    linv[c * n + c] = 1.0 / l[c * n + c];
    for (int64_t i = c + 1; i < n; ++i) {
      double sum = 0.0;
      for (int64_t k = c; k < i; ++k)
        sum += l[i * n + k] * linv[k * n + c];
      linv[i * n + c] = -sum / l[i * n + i];
    }
  }
  std::vector<double> inverse(n * n, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j <= i; ++j) {
      double sum = 0.0;
      for (int64_t k = i; k < n; ++k) // L⁻¹ is lower: rows k >= max(i, j)
        sum += linv[k * n + i] * linv[k * n + j];
      inverse[i * n + j] = inverse[j * n + i] = sum;
    }
  return inverse;
}

} // namespace

std::vector<int64_t>
autoquant::calib::nearestQuantize(const std::vector<float> &weights,
                                  int64_t rows, int64_t cols,
                                  const std::vector<RowQuantizer> &quantizers) {
  std::vector<int64_t> codes(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      codes[r * cols + c] =
          roundToCode(weights[r * cols + c], quantizerOf(quantizers, r));
  return codes;
}

Result<std::vector<int64_t>>
autoquant::calib::gptqQuantize(const std::vector<float> &weights, int64_t rows,
                               int64_t cols, std::vector<double> hessian,
                               const std::vector<RowQuantizer> &quantizers,
                               const GptqOptions &options) {
  if (rows <= 0 || cols <= 0 ||
      weights.size() != static_cast<size_t>(rows * cols))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: " + std::to_string(weights.size()) + " weights for a " +
        std::to_string(rows) + " x " + std::to_string(cols) + " matrix");
  if (hessian.size() != static_cast<size_t>(cols * cols))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: the Hessian has " + std::to_string(hessian.size()) +
        " entries, expected " + std::to_string(cols) + " x " +
        std::to_string(cols));
  if (quantizers.size() != 1 && quantizers.size() != static_cast<size_t>(rows))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: " + std::to_string(quantizers.size()) + " quantizers for " +
        std::to_string(rows) + " rows");
  for (const RowQuantizer &q : quantizers)
    if (!(q.scale > 0.0) || !std::isfinite(q.scale) || q.lo > q.hi)
      return Result<std::vector<int64_t>>::error(
          "GPTQ: a row quantizer has a scale that is not finite and positive "
          "or empty code bounds");
  if (!std::all_of(weights.begin(), weights.end(),
                   [](float w) { return std::isfinite(w); }) ||
      !std::all_of(hessian.begin(), hessian.end(),
                   [](double h) { return std::isfinite(h); }))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: NaN or Inf among the weights or the Hessian");

  std::vector<double> w(weights.begin(), weights.end());
  // Inputs that were always zero: any weight works; take 0 and keep the
  // Hessian invertible.
  double diagonalSum = 0.0;
  for (int64_t c = 0; c < cols; ++c) {
    double &h = hessian[c * cols + c];
    if (h == 0.0) {
      h = 1.0;
      for (int64_t r = 0; r < rows; ++r)
        w[r * cols + c] = 0.0;
    }
    diagonalSum += h;
  }
  double damp = options.damping * diagonalSum / static_cast<double>(cols);
  for (int64_t c = 0; c < cols; ++c)
    hessian[c * cols + c] += damp;
  if (!choleskyLower(hessian, cols))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: the Hessian is not positive definite (damping " +
        std::to_string(options.damping) + ")");
  std::vector<double> u = inverseFromCholesky(hessian, cols);
  if (!choleskyLower(u, cols))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: the inverse Hessian is not positive definite");
  // u holds L2 with H⁻¹ = L2 L2ᵀ; U = L2ᵀ, stored row-major so that the
  // update below runs along contiguous rows of both W and U.
  std::vector<double> upper(cols * cols, 0.0);
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t j = i; j < cols; ++j)
      upper[i * cols + j] = u[j * cols + i];

  std::vector<int64_t> codes(rows * cols);
  for (int64_t i = 0; i < cols; ++i) {
    const double *uRow = &upper[i * cols];
    double uii = uRow[i];
    for (int64_t r = 0; r < rows; ++r) {
      const RowQuantizer &q = quantizerOf(quantizers, r);
      double *row = &w[r * cols];
      int64_t code = roundToCode(row[i], q);
      codes[r * cols + i] = code;
      double error =
          (row[i] - q.scale * static_cast<double>(code - q.zeroPoint)) / uii;
      for (int64_t j = i + 1; j < cols; ++j)
        row[j] -= error * uRow[j];
    }
  }
  return codes;
}
