//===- LayerHessianTest.cpp - Layer Hessians against direct layer outputs -===//
//
// The patches are checked through what they are for: for every weight row w,
// the layer's outputs y = w · p over all positions satisfy
//   sum y² = wᵀ H w   and   sum y = w · mean · patches,
// with y computed here by a direct loop over TOSA's definition of each op
// (conv2d with padding, stride and dilation; depthwise_conv2d; the scatter
// form of transpose_conv2d; matmul), independent of the patch gathering.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/LayerHessian.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace autoquant::calib;

namespace {

std::vector<float> randomValues(size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float &v : values)
    v = normal(rng);
  return values;
}

/// Direct outputs [N, OH, OW, OC] of the layer for `input` and `weights`.
std::vector<double> directOutputs(const PatchGeometry &g, int64_t batch,
                                  const std::vector<float> &input,
                                  const std::vector<float> &weights) {
  int64_t oc = g.outputChannels;
  std::vector<double> out(batch * g.outputH * g.outputW * oc, 0.0);
  auto in = [&](int64_t n, int64_t y, int64_t x, int64_t c) -> double {
    return input[((n * g.inputH + y) * g.inputW + x) * g.channels + c];
  };
  auto at = [&](int64_t n, int64_t y, int64_t x, int64_t o) -> double & {
    return out[((n * g.outputH + y) * g.outputW + x) * oc + o];
  };
  for (int64_t n = 0; n < batch; ++n) {
    if (g.kind == PatchKind::Dense) {
      for (int64_t h = 0; h < g.inputH; ++h)
        for (int64_t w = 0; w < oc; ++w)
          for (int64_t c = 0; c < g.channels; ++c)
            at(n, h, 0, w) += in(n, h, 0, c) * weights[c * oc + w];
      continue;
    }
    if (g.kind == PatchKind::TransposeConv2d) {
      for (int64_t iy = 0; iy < g.inputH; ++iy)
        for (int64_t ix = 0; ix < g.inputW; ++ix)
          for (int64_t ky = 0; ky < g.kernelH; ++ky)
            for (int64_t kx = 0; kx < g.kernelW; ++kx) {
              int64_t oy = iy * g.strideH + g.padTop + ky;
              int64_t ox = ix * g.strideW + g.padLeft + kx;
              if (oy < 0 || oy >= g.outputH || ox < 0 || ox >= g.outputW)
                continue;
              for (int64_t o = 0; o < oc; ++o)
                for (int64_t c = 0; c < g.channels; ++c)
                  at(n, oy, ox, o) +=
                      in(n, iy, ix, c) *
                      weights[((o * g.kernelH + ky) * g.kernelW + kx) *
                                  g.channels +
                              c];
            }
      continue;
    }
    for (int64_t oy = 0; oy < g.outputH; ++oy)
      for (int64_t ox = 0; ox < g.outputW; ++ox)
        for (int64_t ky = 0; ky < g.kernelH; ++ky)
          for (int64_t kx = 0; kx < g.kernelW; ++kx) {
            int64_t iy = oy * g.strideH - g.padTop + ky * g.dilationH;
            int64_t ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
            if (iy < 0 || iy >= g.inputH || ix < 0 || ix >= g.inputW)
              continue;
            if (g.kind == PatchKind::Conv2d) {
              for (int64_t o = 0; o < oc; ++o)
                for (int64_t c = 0; c < g.channels; ++c)
                  at(n, oy, ox, o) +=
                      in(n, iy, ix, c) *
                      weights[((o * g.kernelH + ky) * g.kernelW + kx) *
                                  g.channels +
                              c];
            } else { // depthwise [KH, KW, C, M]
              for (int64_t c = 0; c < g.channels; ++c)
                for (int64_t m = 0; m < g.multiplier; ++m)
                  at(n, oy, ox, c * g.multiplier + m) +=
                      in(n, iy, ix, c) *
                      weights[((ky * g.kernelW + kx) * g.channels + c) *
                                  g.multiplier +
                              m];
            }
          }
  }
  return out;
}

/// Checks sum y² and sum y of every output channel against H and the mean.
void checkAgainstDirectOutputs(const PatchGeometry &g, int64_t batch) {
  int64_t inputSize = g.inputH * g.inputW * g.channels;
  std::vector<float> input = randomValues(batch * inputSize, 1);
  WeightLayout layout(g);
  int64_t weightCount =
      layout.getNumGroups() * layout.getRows() * layout.getCols();
  std::vector<float> weights = randomValues(weightCount, 2);
  std::vector<double> out = directOutputs(g, batch, input, weights);

  Result<LayerHessian> hessian = LayerHessian::create(g);
  ASSERT_TRUE(hessian) << hessian.getMessage();
  // Two calls: accumulation across batches.
  hessian->accumulate(input.data(), 1);
  hessian->accumulate(input.data() + inputSize, batch - 1);
  int64_t positions =
      g.kind == PatchKind::Dense ? g.inputH : g.outputH * g.outputW;
  EXPECT_EQ(hessian->getNumPatches(), batch * positions);

  int64_t cols = layout.getCols();
  for (int64_t group = 0; group < layout.getNumGroups(); ++group) {
    std::vector<double> h = hessian->getHessian(group);
    std::vector<double> mean = hessian->getMeanPatch(group);
    std::vector<float> matrix = layout.extract(weights, group);
    for (int64_t row = 0; row < layout.getRows(); ++row) {
      int64_t o = layout.getOutputChannel(group, row);
      double squares = 0.0, sum = 0.0;
      for (size_t i = o; i < out.size(); i += g.outputChannels) {
        squares += out[i] * out[i];
        sum += out[i];
      }
      const float *w = &matrix[row * cols];
      double quadratic = 0.0, linear = 0.0;
      for (int64_t i = 0; i < cols; ++i) {
        linear += w[i] * mean[i];
        for (int64_t j = 0; j < cols; ++j)
          quadratic += w[i] * h[i * cols + j] * w[j];
      }
      EXPECT_NEAR(quadratic, squares, 1e-4 * squares)
          << "group " << group << " row " << row;
      EXPECT_NEAR(linear * hessian->getNumPatches(), sum,
                  1e-4 * std::sqrt(squares))
          << "group " << group << " row " << row;
    }
  }
}

TEST(LayerHessianTest, Conv2dWithPaddingStrideAndDilation) {
  PatchGeometry g;
  g.kind = PatchKind::Conv2d;
  g.dataOperand = 0;
  g.inputH = 7, g.inputW = 6, g.channels = 3;
  g.kernelH = 3, g.kernelW = 2;
  g.strideH = 2, g.strideW = 1;
  g.dilationH = 1, g.dilationW = 2;
  g.padTop = 1, g.padLeft = 1; // bottom 1, right 0
  g.outputH = (7 + 1 + 1 - 3) / 2 + 1;
  g.outputW = (6 + 1 + 0 - 3) / 1 + 1;
  g.outputChannels = 4;
  checkAgainstDirectOutputs(g, 3);
}

TEST(LayerHessianTest, DepthwiseConv2dGroupsPerChannel) {
  PatchGeometry g;
  g.kind = PatchKind::DepthwiseConv2d;
  g.inputH = 5, g.inputW = 5, g.channels = 3;
  g.kernelH = 3, g.kernelW = 3;
  g.padTop = 1, g.padLeft = 1;
  g.outputH = 5, g.outputW = 5;
  g.multiplier = 2;
  g.outputChannels = 6;
  WeightLayout layout(g);
  EXPECT_EQ(layout.getNumGroups(), 3);
  EXPECT_EQ(layout.getRows(), 2);
  EXPECT_EQ(layout.getCols(), 9);
  EXPECT_EQ(layout.getScaleChannel(2, 1), 2);
  checkAgainstDirectOutputs(g, 2);
}

TEST(LayerHessianTest, TransposeConv2dScatterForm) {
  PatchGeometry g;
  g.kind = PatchKind::TransposeConv2d;
  g.inputH = 4, g.inputW = 3, g.channels = 2;
  g.kernelH = 3, g.kernelW = 3;
  g.strideH = 2, g.strideW = 2;
  g.padTop = -1, g.padLeft = 0; // out_pad: a negative pad crops
  g.outputH = (4 - 1) * 2 - 1 + 0 + 3;
  g.outputW = (3 - 1) * 2 + 0 + 1 + 3;
  g.outputChannels = 3;
  checkAgainstDirectOutputs(g, 2);
}

TEST(LayerHessianTest, DenseRowsPerSample) {
  PatchGeometry g;
  g.kind = PatchKind::Dense;
  g.inputH = 4, g.channels = 5;
  g.outputH = 4; // matmul [N, H, C] x [1, C, W]: H rows per sample
  g.outputChannels = 3;
  checkAgainstDirectOutputs(g, 3);
}

TEST(LayerHessianTest, RejectsBadGeometry) {
  PatchGeometry g;
  g.kind = PatchKind::DepthwiseConv2d;
  g.channels = 3, g.multiplier = 2, g.outputChannels = 5;
  Result<LayerHessian> hessian = LayerHessian::create(g);
  ASSERT_FALSE(hessian);
  EXPECT_NE(hessian.getMessage().find("channels x multiplier"),
            std::string::npos);
  g.outputChannels = 6;
  g.strideH = 0;
  EXPECT_FALSE(LayerHessian::create(g));
}

} // namespace
