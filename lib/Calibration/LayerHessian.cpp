//===- LayerHessian.cpp - Input statistics of a weight layer --------------===//
//
// Patches are gathered in chunks of output positions into a row-major
// matrix and added to H with Eigen's blocked symmetric rank update, which
// keeps the FMA units busy where a per-patch outer product would be bound
// by memory traffic on H.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/LayerHessian.h"

#include <Eigen/Core>

#include <algorithm>
#include <cstring>
#include <string>

using namespace autoquant::calib;

namespace {

using RowMajorMatrix =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Output positions gathered per chunk: bounds the patch buffer while
/// keeping each rank update large enough to run at GEMM speed.
constexpr int64_t kPositionsPerChunk = 256;

int64_t patchWidth(const PatchGeometry &g) {
  return g.kind == PatchKind::Dense ? g.channels
                                    : g.kernelH * g.kernelW * g.channels;
}

} // namespace

int64_t WeightLayout::getNumGroups() const {
  return geometry.kind == PatchKind::DepthwiseConv2d ? geometry.channels : 1;
}

int64_t WeightLayout::getRows() const {
  return geometry.kind == PatchKind::DepthwiseConv2d ? geometry.multiplier
                                                     : geometry.outputChannels;
}

int64_t WeightLayout::getCols() const {
  switch (geometry.kind) {
  case PatchKind::Dense:
    return geometry.channels;
  case PatchKind::DepthwiseConv2d:
    return geometry.kernelH * geometry.kernelW;
  case PatchKind::Conv2d:
  case PatchKind::TransposeConv2d:
    return geometry.kernelH * geometry.kernelW * geometry.channels;
  }
  return 0;
}

int64_t WeightLayout::getWeightIndex(int64_t group, int64_t row,
                                     int64_t col) const {
  switch (geometry.kind) {
  case PatchKind::Dense: // [1, C, W]
    return col * geometry.outputChannels + row;
  case PatchKind::DepthwiseConv2d: // [KH, KW, C, M], col = kh * KW + kw
    return (col * geometry.channels + group) * geometry.multiplier + row;
  case PatchKind::Conv2d: // OHWI, col = (kh * KW + kw) * I + i
  case PatchKind::TransposeConv2d:
    return row * getCols() + col;
  }
  return 0;
}

int64_t WeightLayout::getOutputChannel(int64_t group, int64_t row) const {
  return geometry.kind == PatchKind::DepthwiseConv2d
             ? group * geometry.multiplier + row
             : row;
}

int64_t WeightLayout::getScaleChannel(int64_t group, int64_t row) const {
  return geometry.kind == PatchKind::DepthwiseConv2d ? group : row;
}

std::vector<float> WeightLayout::extract(const std::vector<float> &weights,
                                         int64_t group) const {
  int64_t rows = getRows(), cols = getCols();
  std::vector<float> matrix(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      matrix[r * cols + c] = weights[getWeightIndex(group, r, c)];
  return matrix;
}

LayerHessian::LayerHessian(const PatchGeometry &geometry) : geometry(geometry) {
  WeightLayout layout(geometry);
  int64_t cols = layout.getCols();
  sums.assign(layout.getNumGroups(), std::vector<float>(cols * cols, 0.0f));
  patchSums.assign(layout.getNumGroups(), std::vector<double>(cols, 0.0));
}

Result<LayerHessian> LayerHessian::create(const PatchGeometry &geometry) {
  const PatchGeometry &g = geometry;
  bool positive = g.channels > 0 && g.inputH > 0 && g.inputW > 0 &&
                  g.outputH > 0 && g.outputW > 0 && g.kernelH > 0 &&
                  g.kernelW > 0 && g.strideH > 0 && g.strideW > 0 &&
                  g.dilationH > 0 && g.dilationW > 0 && g.outputChannels > 0 &&
                  g.multiplier > 0;
  if (!positive)
    return Result<LayerHessian>::error(
        "layer Hessian: a size, stride or dilation is not positive");
  if (g.kind == PatchKind::DepthwiseConv2d &&
      g.outputChannels != g.channels * g.multiplier)
    return Result<LayerHessian>::error(
        "layer Hessian: depthwise output channels " +
        std::to_string(g.outputChannels) + " are not channels x multiplier");
  return LayerHessian(geometry);
}

int64_t LayerHessian::gatherPatches(const float *image, int64_t firstPosition,
                                    int64_t numPositions,
                                    std::vector<float> &patches) const {
  const PatchGeometry &g = geometry;
  int64_t width = patchWidth(g);
  int64_t channels = g.channels;
  patches.resize(numPositions * width);
  for (int64_t p = 0; p < numPositions; ++p) {
    int64_t position = firstPosition + p;
    int64_t oy = position / g.outputW, ox = position % g.outputW;
    float *row = patches.data() + p * width;
    for (int64_t ky = 0; ky < g.kernelH; ++ky) {
      int64_t iy, ix;
      bool rowInside;
      if (g.kind == PatchKind::TransposeConv2d) {
        int64_t t = oy - g.padTop - ky;
        rowInside = t >= 0 && t % g.strideH == 0 && t / g.strideH < g.inputH;
        iy = rowInside ? t / g.strideH : 0;
      } else {
        iy = oy * g.strideH - g.padTop + ky * g.dilationH;
        rowInside = iy >= 0 && iy < g.inputH;
      }
      for (int64_t kx = 0; kx < g.kernelW; ++kx) {
        bool inside = rowInside;
        if (g.kind == PatchKind::TransposeConv2d) {
          int64_t t = ox - g.padLeft - kx;
          inside &= t >= 0 && t % g.strideW == 0 && t / g.strideW < g.inputW;
          ix = inside ? t / g.strideW : 0;
        } else {
          ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
          inside &= ix >= 0 && ix < g.inputW;
        }
        float *dst = row + (ky * g.kernelW + kx) * channels;
        if (inside)
          std::memcpy(dst, image + (iy * g.inputW + ix) * channels,
                      channels * sizeof(float));
        else
          std::fill(dst, dst + channels, 0.0f);
      }
    }
  }
  return numPositions;
}

void LayerHessian::accumulate(const float *data, int64_t count) {
  const PatchGeometry &g = geometry;
  int64_t width = patchWidth(g);
  auto addRows = [&](const float *rows, int64_t numRows, int64_t group) {
    Eigen::Map<const RowMajorMatrix> p(rows, numRows, width);
    Eigen::Map<Eigen::MatrixXf> h(sums[group].data(), width, width);
    h.selfadjointView<Eigen::Lower>().rankUpdate(p.transpose());
    Eigen::VectorXf columnSums = p.colwise().sum().transpose();
    for (int64_t k = 0; k < width; ++k)
      patchSums[group][k] += columnSums[k];
  };

  if (g.kind == PatchKind::Dense) {
    int64_t rows = count * g.inputH * g.inputW;
    for (int64_t first = 0; first < rows; first += kPositionsPerChunk)
      addRows(data + first * width, std::min(kPositionsPerChunk, rows - first),
              0);
    numPatches += rows;
    return;
  }

  int64_t imageSize = g.inputH * g.inputW * g.channels;
  int64_t positions = g.outputH * g.outputW;
  std::vector<float> patches;
  // Depthwise: per (ky kx, ky' kx') pair, the products of every channel,
  // contiguous in the channel so that the inner loop vectorizes.
  int64_t taps = g.kernelH * g.kernelW;
  std::vector<float> depthwise;
  if (g.kind == PatchKind::DepthwiseConv2d)
    depthwise.assign(taps * taps * g.channels, 0.0f);
  for (int64_t n = 0; n < count; ++n) {
    const float *image = data + n * imageSize;
    for (int64_t first = 0; first < positions; first += kPositionsPerChunk) {
      int64_t rows = gatherPatches(
          image, first, std::min(kPositionsPerChunk, positions - first),
          patches);
      if (g.kind != PatchKind::DepthwiseConv2d) {
        addRows(patches.data(), rows, 0);
        continue;
      }
      for (int64_t r = 0; r < rows; ++r) {
        const float *row = patches.data() + r * width;
        for (int64_t a = 0; a < taps; ++a)
          for (int64_t b = 0; b <= a; ++b) {
            const float *x = row + a * g.channels, *y = row + b * g.channels;
            float *dst = depthwise.data() + (a * taps + b) * g.channels;
            for (int64_t c = 0; c < g.channels; ++c)
              dst[c] += x[c] * y[c];
          }
        for (int64_t a = 0; a < taps; ++a)
          for (int64_t c = 0; c < g.channels; ++c)
            patchSums[c][a] += row[a * g.channels + c];
      }
    }
  }
  numPatches += count * positions;
  if (g.kind == PatchKind::DepthwiseConv2d)
    for (int64_t c = 0; c < g.channels; ++c)
      for (int64_t a = 0; a < taps; ++a)
        for (int64_t b = 0; b <= a; ++b)
          sums[c][b * taps + a] += depthwise[(a * taps + b) * g.channels + c];
}

std::vector<double> LayerHessian::getHessian(int64_t group) const {
  int64_t width = static_cast<int64_t>(patchSums[group].size());
  const std::vector<float> &sum = sums[group];
  std::vector<double> hessian(width * width);
  // Column-major lower triangle: entry (i, j), i >= j, at j * width + i.
  for (int64_t j = 0; j < width; ++j)
    for (int64_t i = j; i < width; ++i)
      hessian[i * width + j] = hessian[j * width + i] = sum[j * width + i];
  return hessian;
}

std::vector<double> LayerHessian::getMeanPatch(int64_t group) const {
  std::vector<double> mean = patchSums[group];
  if (numPatches > 0)
    for (double &value : mean)
      value /= static_cast<double>(numPatches);
  return mean;
}
