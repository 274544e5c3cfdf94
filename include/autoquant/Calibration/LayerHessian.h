//===- LayerHessian.h - Input statistics of a weight layer ------*- C++ -*-===//
//
// Every output of a conv, depthwise conv, transpose conv or dense layer is a
// dot product of one row of its weights with one "patch" of its input: the
// input window under the kernel (zeros where the window leaves the input).
// Error-compensating rounding (GPTQ) needs the Hessian of the layer's squared
// output error, H = sum of p pᵀ over the patches p seen on calibration data,
// and bias correction needs the mean patch. This header describes a layer's
// patches (PatchGeometry, filled by the op's QuantizableOpInterface model),
// views its weights as such rows (weight groups), and accumulates H and the
// mean from the layer's input tensors. docs/Numerics.md ("GPTQ rounding")
// is the specification.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_LAYERHESSIAN_H
#define AUTOQUANT_CALIBRATION_LAYERHESSIAN_H

#include "autoquant/Calibration/Status.h"

#include <cstdint>
#include <vector>

namespace autoquant::calib {

enum class PatchKind {
  /// Data [..., C], weights [1, C, W] (tosa.matmul's b): rows W, columns C.
  Dense,
  /// Data NHWC, weights OHWI: rows O, columns (kh, kw, c).
  Conv2d,
  /// Data NHWC, weights [KH, KW, C, M]: one group per channel c with rows M
  /// (outputs c * M + m) and columns (kh, kw).
  DepthwiseConv2d,
  /// Data NHWC, weights OHWI; output (oy, ox) reads input (iy, ix) through
  /// kernel tap (ky, kx) when oy = iy * strideH + padTop + ky (TOSA's
  /// transpose_conv2d, pads possibly negative): rows O, columns (kh, kw, c).
  TransposeConv2d,
};

/// How a layer's outputs are dot products of weight rows with input patches.
struct PatchGeometry {
  PatchKind kind = PatchKind::Dense;
  /// The operand holding the layer's data input.
  unsigned dataOperand = 0;
  /// The input's spatial size and channels (Dense: inputH = outputH = the
  /// rows of a per sample, inputW = outputW = 1).
  int64_t inputH = 1, inputW = 1, channels = 0;
  /// The output's spatial size.
  int64_t outputH = 1, outputW = 1;
  int64_t kernelH = 1, kernelW = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1;
  /// Conv: input padding; transpose conv: TOSA's out_pad.
  int64_t padTop = 0, padLeft = 0;
  /// Output channels (Dense: W, conv: O, depthwise: C * M).
  int64_t outputChannels = 0;
  /// Depthwise: the channel multiplier M.
  int64_t multiplier = 1;
};

/// The weights of a layer seen as groups of row x column matrices.
class WeightLayout {
public:
  explicit WeightLayout(const PatchGeometry &geometry) : geometry(geometry) {}

  int64_t getNumGroups() const;
  int64_t getRows() const;
  int64_t getCols() const;
  /// Index into the weight tensor (row-major, the op's own layout).
  int64_t getWeightIndex(int64_t group, int64_t row, int64_t col) const;
  /// The output channel (last axis of the result) the row computes.
  int64_t getOutputChannel(int64_t group, int64_t row) const;
  /// The weight's per-channel scale index of the row (along the axis that
  /// QuantizableOpInterface::getWeightChannelAxis names).
  int64_t getScaleChannel(int64_t group, int64_t row) const;

  /// Group `group` of `weights` as a row-major rows x cols matrix.
  std::vector<float> extract(const std::vector<float> &weights,
                             int64_t group) const;

private:
  PatchGeometry geometry;
};

/// Sums p pᵀ and p over the patches of a layer's inputs, per weight group.
class LayerHessian {
public:
  /// Errors: a geometry whose sizes are not positive.
  static Result<LayerHessian> create(const PatchGeometry &geometry);

  /// Adds the patches of `count` inputs (each of the data operand's shape
  /// without the leading dimension; Dense: `count` rows of `channels`).
  void accumulate(const float *data, int64_t count);

  int64_t getNumPatches() const { return numPatches; }
  int64_t getNumGroups() const { return static_cast<int64_t>(sums.size()); }
  /// The cols x cols sum of p pᵀ of group `group` (row-major, symmetric).
  std::vector<double> getHessian(int64_t group) const;
  /// The mean patch of group `group` (zeros before any input).
  std::vector<double> getMeanPatch(int64_t group) const;

private:
  explicit LayerHessian(const PatchGeometry &geometry);
  /// The patches of one input position batch: rows x (kh, kw, c), in
  /// `patches`; returns the number of rows written.
  int64_t gatherPatches(const float *image, int64_t firstPosition,
                        int64_t numPositions,
                        std::vector<float> &patches) const;

  PatchGeometry geometry;
  /// Per group: the lower triangle of sum p pᵀ (float; full matrix storage)
  /// and sum p (double).
  std::vector<std::vector<float>> sums;
  std::vector<std::vector<double>> patchSums;
  int64_t numPatches = 0;
};

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_LAYERHESSIAN_H
