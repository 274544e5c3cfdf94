//===- Gptq.cpp - Error-compensating weight rounding (GPTQ) ---------------===//

#include "autoquant/Calibration/Gptq.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string>

using namespace autoquant::calib;

namespace {

using RowMajorMatrixXd =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

int64_t roundToCode(double value, const RowQuantizer &q) {
  double code = std::round(value / q.scale) + static_cast<double>(q.zeroPoint);
  return static_cast<int64_t>(
      std::clamp(code, static_cast<double>(q.lo), static_cast<double>(q.hi)));
}

const RowQuantizer &quantizerOf(const std::vector<RowQuantizer> &quantizers,
                                int64_t row) {
  return quantizers.size() == 1 ? quantizers.front() : quantizers[row];
}

/// The upper triangular U with H⁻¹ = Uᵀ U, without forming H⁻¹: with J the
/// order-reversing permutation and J H J = L Lᵀ (Cholesky),
/// H⁻¹ = J L⁻ᵀ L⁻¹ J = (J L⁻¹ J)ᵀ (J L⁻¹ J), and J L⁻¹ J is upper
/// triangular. False if H is not positive definite.
bool upperFactorOfInverse(const Eigen::MatrixXd &hessian,
                          RowMajorMatrixXd &upper) {
  int64_t n = hessian.rows();
  Eigen::MatrixXd reversed = hessian.reverse();
  Eigen::LLT<Eigen::MatrixXd> llt(reversed);
  if (llt.info() != Eigen::Success)
    return false;
  Eigen::MatrixXd lowerInverse =
      llt.matrixL().solve(Eigen::MatrixXd::Identity(n, n));
  upper = lowerInverse.reverse();
  return upper.allFinite();
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

  if (options.blockSize <= 0)
    return Result<std::vector<int64_t>>::error(
        "GPTQ: the block size must be positive, got " +
        std::to_string(options.blockSize));

  RowMajorMatrixXd w(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      w(r, c) = weights[r * cols + c];
  Eigen::Map<Eigen::MatrixXd> h(hessian.data(), cols, cols);
  // Inputs that were always zero: any weight works; take 0 and keep the
  // Hessian invertible.
  double diagonalSum = 0.0;
  for (int64_t c = 0; c < cols; ++c) {
    if (h(c, c) == 0.0) {
      h(c, c) = 1.0;
      w.col(c).setZero();
    }
    diagonalSum += h(c, c);
  }
  double damp = options.damping * diagonalSum / static_cast<double>(cols);
  h.diagonal().array() += damp;
  RowMajorMatrixXd upper;
  if (!upperFactorOfInverse(h, upper))
    return Result<std::vector<int64_t>>::error(
        "GPTQ: the Hessian is not positive definite (damping " +
        std::to_string(options.damping) + ")");

  // Columns are rounded block by block: inside a block each column's error
  // moves onto the block's later columns at once; the columns after the
  // block receive the block's errors in one matrix product (the "lazy batch"
  // update, equal to the column-by-column one up to floating-point order).
  std::vector<int64_t> codes(rows * cols);
  for (int64_t first = 0; first < cols; first += options.blockSize) {
    int64_t last = std::min(cols, first + options.blockSize);
    RowMajorMatrixXd errors(rows, last - first);
    for (int64_t i = first; i < last; ++i) {
      double uii = upper(i, i);
      for (int64_t r = 0; r < rows; ++r) {
        const RowQuantizer &q = quantizerOf(quantizers, r);
        int64_t code = roundToCode(w(r, i), q);
        codes[r * cols + i] = code;
        double error =
            (w(r, i) - q.scale * static_cast<double>(code - q.zeroPoint)) / uii;
        errors(r, i - first) = error;
        for (int64_t j = i + 1; j < last; ++j)
          w(r, j) -= error * upper(i, j);
      }
    }
    if (last < cols)
      w.rightCols(cols - last).noalias() -=
          errors * upper.block(first, last, last - first, cols - last);
  }
  return codes;
}

double
autoquant::calib::sumOfQuadraticForms(const std::vector<double> &d,
                                      int64_t rows, int64_t cols,
                                      const std::vector<double> &hessian) {
  Eigen::Map<const RowMajorMatrixXd> dm(d.data(), rows, cols);
  Eigen::Map<const RowMajorMatrixXd> h(hessian.data(), cols, cols);
  return (dm * h).cwiseProduct(dm).sum();
}
