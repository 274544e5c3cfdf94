//===- Gptq.h - Error-compensating weight rounding (GPTQ) -------*- C++ -*-===//
//
// Rounding each weight to the nearest code ignores how the layer's inputs
// mix the weights' errors. GPTQ (Frantar et al., after Optimal Brain
// Quantization) rounds the columns of a weight matrix in order and, after
// each, moves the column's rounding error onto the columns not yet rounded,
// weighted by the inverse Hessian of the layer's squared output error,
// H = sum over calibration inputs x of x xᵀ. With the upper Cholesky factor
// U of H⁻¹ (H⁻¹ = Uᵀ U) the update of column i is
//   e_r = (w_ri − ŵ_ri) / U_ii,   w_rj −= e_r · U_ij  for j > i,
// for every row r. docs/Numerics.md ("GPTQ rounding") is the specification.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_GPTQ_H
#define AUTOQUANT_CALIBRATION_GPTQ_H

#include "autoquant/Calibration/Status.h"

#include <cstdint>
#include <vector>

namespace autoquant::calib {

struct GptqOptions {
  /// Added to H's diagonal, as a fraction of its mean diagonal, so that H
  /// is invertible when the inputs do not span every direction.
  double damping = 0.01;
  /// Columns rounded between two updates of the later columns; any positive
  /// value gives the same codes up to floating-point summation order.
  int64_t blockSize = 128;
};

/// The quantizer of one row (output channel): real = scale * (q - zeroPoint)
/// with codes q in [lo, hi], rounded half away from zero.
struct RowQuantizer {
  double scale;
  int64_t zeroPoint;
  int64_t lo, hi;
};

/// The codes GPTQ picks for the `rows` x `cols` weight matrix `weights`
/// (row-major; a row is an output channel, a column an input of the layer's
/// dot products) given the `cols` x `cols` Hessian `hessian` (row-major,
/// symmetric positive semidefinite; any positive multiple gives the same
/// codes). `quantizers` has one entry per row, or one for all rows.
/// Columns whose input was always zero (H_ii = 0) get the code of 0.
/// Errors: sizes that do not match, non-finite values, a Hessian that is
/// not positive definite after damping.
Result<std::vector<int64_t>>
gptqQuantize(const std::vector<float> &weights, int64_t rows, int64_t cols,
             std::vector<double> hessian,
             const std::vector<RowQuantizer> &quantizers,
             const GptqOptions &options = {});

/// Nearest rounding with the same quantizers: the baseline GPTQ improves on.
std::vector<int64_t>
nearestQuantize(const std::vector<float> &weights, int64_t rows, int64_t cols,
                const std::vector<RowQuantizer> &quantizers);

/// sum over rows d of dᵀ H d for the row-major rows x cols matrix `d`: the
/// sum of squared outputs (d·p)² over the inputs p that H sums.
double sumOfQuadraticForms(const std::vector<double> &d, int64_t rows,
                           int64_t cols, const std::vector<double> &hessian);

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_GPTQ_H
