//===- RealizeExecutionTest.cpp - Realized IR vs the C++ reference --------===//
//
// Realizes small calibrated models, runs them through the JIT runner and
// compares every output bit for bit with a direct C++ evaluation of
// docs/Numerics.md (autoquant/Support/FixedPoint.h), for each rounding mode.
//
//===----------------------------------------------------------------------===//

#include "autoquant/InitAutoQuant.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Support/FixedPoint.h"
#include "autoquant/Support/LookupTable.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

#include <array>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace mlir;
using namespace autoquant;
namespace aq = ::autoquant;

namespace {

std::string floatList(const std::vector<float> &values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + llvm::formatv("{0:e9}", values[i]).str();
  return text;
}

/// Sum over a 3x3 window (padding 1, zero outside) of x[h, w, c] * w[o, kh,
/// kw, c] for NHWC codes `xq` (batch 1) and OHWI codes `wq`.
int64_t conv3x3Pad1(const std::vector<int32_t> &xq,
                    const std::vector<int32_t> &wq, int H, int W, int C, int h,
                    int w, int o) {
  int64_t sum = 0;
  for (int kh = 0; kh < 3; ++kh)
    for (int kw = 0; kw < 3; ++kw)
      for (int c = 0; c < C; ++c) {
        int ih = h + kh - 1, iw = w + kw - 1;
        if (ih < 0 || ih >= H || iw < 0 || iw >= W)
          continue;
        sum += int64_t(xq[(ih * W + iw) * C + c]) *
               wq[((o * 3 + kh) * 3 + kw) * C + c];
      }
  return sum;
}

/// Per-tensor int8 weight codes and int32 bias codes of a conv layer
/// (docs/Numerics.md: realized quantization, bias). Empty biases on failure.
struct LayerCodes {
  std::vector<int32_t> weights, bias;
};
LayerCodes quantizeLayer(const std::vector<float> &weights,
                         const std::vector<float> &bias, double sx, double sw) {
  LayerCodes codes;
  for (float w : weights)
    codes.weights.push_back(static_cast<int32_t>(aq::quantizeToCode(
        w, sw, 0, -127, 127, aq::RoundingMode::HalfAwayFromZero)));
  for (float b : bias) {
    auto code = aq::quantizeBias(b, sx, sw);
    if (!code) {
      llvm::consumeError(code.takeError());
      return {};
    }
    codes.bias.push_back(*code);
  }
  return codes;
}

/// conv 3x3 (pad 1) C -> O channels on a 5x5 input with a float bias and
/// relu, between simulated_quantize ops: the input at `xBits` bits (symmetric,
/// scale `sx`), int8 weights at `sw`, the output int8 at `sout`.
std::string convReluSource(int C, int O, unsigned xBits, double sx,
                           const std::vector<float> &weights, double sw,
                           const std::vector<float> &bias, double sout) {
  int64_t xMax = (int64_t(1) << (xBits - 1)) - 1;
  return llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x5x5x{0}xf32>) -> tensor<1x5x5x{1}xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = {2} sign = true rounding = half_away_from_zero params = <scale = {3:e16}, clip = [-{4}, {4}]> : tensor<1x5x5x{0}xf32>
  %w = "tosa.const"() <{{values = dense<[{5}]> : tensor<{6}xf32>}> : () -> tensor<{6}xf32>
  %shape = tosa.const_shape {{values = dense<[{1}, 3, 3, {0}]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %w4 = tosa.reshape %w, %shape : (tensor<{6}xf32>, !tosa.shape<4>) -> tensor<{1}x3x3x{0}xf32>
  %wq = autoquant.simulated_quantize %w4 kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {7:e16}, clip = [-127, 127]> : tensor<{1}x3x3x{0}xf32>
  %b = "tosa.const"() <{{values = dense<[{8}]> : tensor<{1}xf32>}> : () -> tensor<{1}xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x5x5x{0}xf32>, tensor<{1}x3x3x{0}xf32>, tensor<{1}xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x{1}xf32>
  %r = tosa.clamp %c {{max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x5x5x{1}xf32>) -> tensor<1x5x5x{1}xf32>
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {9:e16}, clip = [-127, 127]> : tensor<1x5x5x{1}xf32>
  return %rq : tensor<1x5x5x{1}xf32>
}
)mlir",
                       C, O, xBits, sx, xMax, floatList(weights),
                       weights.size(), sw, floatList(bias), sout)
      .str();
}

struct RoundingCase {
  const char *option;
  aq::RequantRounding rounding;
};

class RealizeExecutionTest : public ::testing::TestWithParam<RoundingCase> {
protected:
  RealizeExecutionTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAutoQuantDialects(registry);
    context.appendDialectRegistry(registry);
    registerAutoQuantPasses();
  }

  /// Realizes `source` and compiles function @f.
  std::unique_ptr<JitRunner>
  realizeAndCompile(const std::string &source,
                    const std::string &extraOptions = "") {
    module = parseSourceString<ModuleOp>(source, &context);
    if (!module)
      return nullptr;
    PassManager pm(&context);
    // The pass manager is anchored on the module: the pipeline text is its
    // contents.
    std::string pipeline = std::string("autoquant-realize{rounding=") +
                           GetParam().option + " " + extraOptions + "}";
    if (failed(parsePassPipeline(pipeline, pm)) || failed(pm.run(*module)))
      return nullptr;
    auto runner = JitRunner::create(*module, "f");
    return succeeded(runner) ? std::move(*runner) : nullptr;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

// conv 3x3 (pad 1) 2 -> 3 channels + bias + relu + requantization to int8,
// with scales that are not powers of two.
TEST_P(RealizeExecutionTest, ConvReluRequantizeBitExact) {
  const int H = 5, W = 5, C = 2, O = 3;
  const double sx = 0.0173, sw = 0.00731, sout = 0.0421;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uniform(-2.5f, 2.5f);
  std::vector<float> weights(O * 3 * 3 * C), bias(O);
  for (float &w : weights)
    w = uniform(rng) * 0.3f;
  for (float &b : bias)
    b = uniform(rng) * 0.2f;

  std::string source = convReluSource(C, O, 8, sx, weights, sw, bias, sout);
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);

  // The reference: docs/Numerics.md, step by step.
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  LayerCodes codes = quantizeLayer(weights, bias, sx, sw);
  ASSERT_EQ(codes.bias.size(), size_t(O));
  const std::vector<int32_t> &wq = codes.weights, &bq = codes.bias;
  auto multiplier = aq::computeFixedPointMultiplier(sx * sw / sout);
  ASSERT_TRUE(static_cast<bool>(multiplier));

  size_t compared = 0;
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> x(H * W * C);
    for (float &v : x)
      v = uniform(rng);
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    std::vector<float> y(H * W * O);
    std::memcpy(y.data(), results[0].data(), y.size() * sizeof(float));

    std::vector<int32_t> xq(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      xq[i] = aq::quantizeToCode(x[i], sx, 0, -127, 127, away);
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < W; ++w)
        for (int o = 0; o < O; ++o) {
          int64_t acc = bq[o] + conv3x3Pad1(xq, wq, H, W, C, h, w, o);
          acc = std::max<int64_t>(acc, 0); // relu on the accumulator
          int64_t q = aq::requantize(acc, 0, *multiplier, GetParam().rounding,
                                     0, -128, 127);
          q = std::clamp<int64_t>(q, -127, 127);
          float expected = aq::dequantize(q, sout, 0);
          float actual = y[(h * W + w) * O + o];
          ASSERT_EQ(std::memcmp(&expected, &actual, sizeof(float)), 0)
              << "h=" << h << " w=" << w << " o=" << o << ": expected "
              << expected << ", realized " << actual;
          ++compared;
        }
  }
  EXPECT_EQ(compared, 20u * H * W * O);
}

// int16 activations x int8 weights: conv 3x3 (pad 1) 64 -> 3 channels in
// int48 with an int48 bias, narrowed to int32 (576 products of up to 32767 x
// 127 can pass 2^31, so by one bit, rounding half up), relu, requantized to
// int8 (docs/Numerics.md, int16 data).
TEST_P(RealizeExecutionTest, Int16ConvNarrowingBitExact) {
  const int H = 5, W = 5, C = 64, O = 3;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> weights(O * 3 * 3 * C), bias(O);
  float largest = 0.0f;
  for (float &w : weights) {
    w = uniform(rng) * 0.2f;
    largest = std::max(largest, std::abs(w));
  }
  for (float &b : bias)
    b = uniform(rng) * 0.5f;
  const double sx = 3.0 / 32767, sw = largest / 127.0, sout = 0.0713;

  std::string source = convReluSource(C, O, 16, sx, weights, sw, bias, sout);
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);

  const auto away = aq::RoundingMode::HalfAwayFromZero;
  std::vector<int32_t> wq;
  int64_t largestCode = 0;
  for (float w : weights) {
    wq.push_back(
        static_cast<int32_t>(aq::quantizeToCode(w, sw, 0, -127, 127, away)));
    largestCode = std::max<int64_t>(largestCode, std::abs(wq.back()));
  }
  std::vector<int64_t> bq;
  int64_t largestBias = 0;
  for (float b : bias) {
    auto code = aq::quantizeBias(b, sx, sw, 48);
    ASSERT_TRUE(static_cast<bool>(code));
    bq.push_back(*code);
    largestBias = std::max(largestBias, std::abs(*code));
  }
  unsigned shift = aq::getAccumulatorNarrowingShift(
      int64_t(9) * C * 32767 * largestCode + largestBias);
  ASSERT_EQ(shift, 1u);
  auto multiplier =
      aq::computeFixedPointMultiplier(std::ldexp(sx * sw, shift) / sout);
  ASSERT_TRUE(static_cast<bool>(multiplier));

  for (int trial = 0; trial < 10; ++trial) {
    std::vector<float> x(H * W * C);
    for (float &v : x)
      v = uniform(rng) * 3.0f;
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    std::vector<float> y(H * W * O);
    std::memcpy(y.data(), results[0].data(), y.size() * sizeof(float));
    std::vector<int32_t> xq(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      xq[i] = aq::quantizeToCode(x[i], sx, 0, -32767, 32767, away);
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < W; ++w)
        for (int o = 0; o < O; ++o) {
          int64_t acc48 = bq[o] + conv3x3Pad1(xq, wq, H, W, C, h, w, o);
          int64_t acc = aq::narrowAccumulator48(acc48, shift);
          acc = std::max<int64_t>(acc, 0);
          int64_t q = aq::requantize(acc, 0, *multiplier, GetParam().rounding,
                                     0, -128, 127);
          q = std::clamp<int64_t>(q, -127, 127);
          float expected = aq::dequantize(q, sout, 0);
          float actual = y[(h * W + w) * O + o];
          ASSERT_EQ(std::memcmp(&expected, &actual, sizeof(float)), 0)
              << "h=" << h << " w=" << w << " o=" << o << ": expected "
              << expected << ", realized " << actual;
        }
  }
}

// add of two int8 inputs at different scales: both rescaled to int32 at the
// smaller scale, added, and the int32 sum requantized to int8.
TEST_P(RealizeExecutionTest, AddRequantizeBitExact) {
  const double sa = 0.0213, sb = 0.0377, sout = 0.0519;
  std::string source = llvm::formatv(R"mlir(
func.func @f(%a: tensor<1x64xf32>, %b: tensor<1x64xf32>) -> tensor<1x64xf32> {{
  %aq = autoquant.simulated_quantize %a kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {0:e16}, clip = [-127, 127]> : tensor<1x64xf32>
  %bq = autoquant.simulated_quantize %b kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {1:e16}, clip = [-127, 127]> : tensor<1x64xf32>
  %s = tosa.add %aq, %bq : (tensor<1x64xf32>, tensor<1x64xf32>) -> tensor<1x64xf32>
  %sq = autoquant.simulated_quantize %s kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {2:e16}, clip = [-127, 127]> : tensor<1x64xf32>
  return %sq : tensor<1x64xf32>
}
)mlir",
                                     sa, sb, sout)
                           .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);
  double common = std::min(sa, sb);
  auto toCommonA = aq::computeFixedPointMultiplier(sa / common);
  auto toCommonB = aq::computeFixedPointMultiplier(sb / common);
  auto toOut = aq::computeFixedPointMultiplier(common / sout);
  ASSERT_TRUE(toCommonA && toCommonB && toOut);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-3.0f, 3.0f);
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  aq::RequantRounding rounding = GetParam().rounding;
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<float> a(64), b(64);
    for (int i = 0; i < 64; ++i) {
      a[i] = uniform(rng);
      b[i] = uniform(rng);
    }
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({a.data(), b.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    for (int i = 0; i < 64; ++i) {
      int64_t qa = aq::quantizeToCode(a[i], sa, 0, -127, 127, away);
      int64_t qb = aq::quantizeToCode(b[i], sb, 0, -127, 127, away);
      int64_t sum =
          aq::requantize(qa, 0, *toCommonA, rounding, 0, INT32_MIN, INT32_MAX) +
          aq::requantize(qb, 0, *toCommonB, rounding, 0, INT32_MIN, INT32_MAX);
      int64_t q = std::clamp<int64_t>(
          aq::requantize(sum, 0, *toOut, rounding, 0, -128, 127), -127, 127);
      float expected = aq::dequantize(q, sout, 0);
      ASSERT_EQ(std::memcmp(&expected, &y[i], sizeof(float)), 0)
          << "element " << i << ": expected " << expected << ", realized "
          << y[i];
    }
  }
}

// dense (matmul with a constant weight) + relu6 on the int32 accumulator
// requantized to int8, then max_pool-free data movement: reshape.
TEST_P(RealizeExecutionTest, DenseRelu6BitExact) {
  const int K = 24, N = 5;
  const double sx = 0.0311, sw = 0.0127, sout = 0.0389;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> uniform(-1.6f, 1.6f);
  std::vector<float> weights(K * N);
  for (float &w : weights)
    w = uniform(rng);
  std::string source = llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x2x24xf32>) -> tensor<2x5xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {0:e16}, clip = [-127, 127]> : tensor<1x2x24xf32>
  %w = "tosa.const"() <{{values = dense<[{1}]> : tensor<120xf32>}> : () -> tensor<120xf32>
  %shape = tosa.const_shape {{values = dense<[1, 24, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %w3 = tosa.reshape %w, %shape : (tensor<120xf32>, !tosa.shape<3>) -> tensor<1x24x5xf32>
  %wq = autoquant.simulated_quantize %w3 kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {2:e16}, clip = [-127, 127]> : tensor<1x24x5xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %xq, %wq, %zp, %zp : (tensor<1x2x24xf32>, tensor<1x24x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x5xf32>
  %r = tosa.clamp %m {{max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x5xf32>) -> tensor<1x2x5xf32>
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {3:e16}, clip = [-127, 127]> : tensor<1x2x5xf32>
  %s2 = tosa.const_shape {{values = dense<[2, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %rq, %s2 : (tensor<1x2x5xf32>, !tosa.shape<2>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}
)mlir",
                                     sx, floatList(weights), sw, sout)
                           .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  double accScale = sx * sw;
  auto multiplier = aq::computeFixedPointMultiplier(accScale / sout);
  ASSERT_TRUE(static_cast<bool>(multiplier));
  // relu6 bounds as accumulator codes: [ceil(0 / s), floor(6 / s)].
  int64_t hi = static_cast<int64_t>(std::floor(6.0 / accScale));
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<float> x(2 * K);
    for (float &v : x)
      v = uniform(rng) * 2.5f;
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    for (int row = 0; row < 2; ++row)
      for (int n = 0; n < N; ++n) {
        int64_t acc = 0;
        for (int k = 0; k < K; ++k)
          acc += aq::quantizeToCode(x[row * K + k], sx, 0, -127, 127, away) *
                 aq::quantizeToCode(weights[k * N + n], sw, 0, -127, 127, away);
        acc = std::clamp<int64_t>(acc, 0, hi);
        int64_t q = std::clamp<int64_t>(aq::requantize(acc, 0, *multiplier,
                                                       GetParam().rounding, 0,
                                                       -128, 127),
                                        -127, 127);
        float expected = aq::dequantize(q, sout, 0);
        ASSERT_EQ(std::memcmp(&expected, &y[row * N + n], sizeof(float)), 0)
            << "row " << row << " n " << n << ": expected " << expected
            << ", realized " << y[row * N + n];
      }
  }
}

// mul of two int8 values (int32 product at S_a * S_b), then concat with a
// max-pooled int8 tensor: both fields rescaled to int32 at the smaller scale.
TEST_P(RealizeExecutionTest, MulMaxPoolConcatBitExact) {
  const double sa = 0.0457, sb = 0.0291, sc = 0.0613;
  std::string source = llvm::formatv(R"mlir(
func.func @f(%a: tensor<1x2x2x4xf32>, %b: tensor<1x2x2x4xf32>, %c: tensor<1x4x4x4xf32>) -> tensor<1x2x2x8xf32> {{
  %aq = autoquant.simulated_quantize %a kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {0:e16}, clip = [-127, 127]> : tensor<1x2x2x4xf32>
  %bq = autoquant.simulated_quantize %b kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {1:e16}, clip = [-127, 127]> : tensor<1x2x2x4xf32>
  %shift = "tosa.const"() <{{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %aq, %bq, %shift : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %cq = autoquant.simulated_quantize %c kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {2:e16}, clip = [-127, 127]> : tensor<1x4x4x4xf32>
  %p = tosa.max_pool2d %cq {{kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32>
  %cat = tosa.concat %m, %p {{axis = 3 : i32} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
  return %cat : tensor<1x2x2x8xf32>
}
)mlir",
                                     sa, sb, sc)
                           .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  double productScale = sa * sb;
  double common = std::min(productScale, sc);
  auto productToCommon = aq::computeFixedPointMultiplier(productScale / common);
  auto poolToCommon = aq::computeFixedPointMultiplier(sc / common);
  ASSERT_TRUE(productToCommon && poolToCommon);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> uniform(-4.0f, 4.0f);
  aq::RequantRounding rounding = GetParam().rounding;
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<float> a(16), b(16), c(64);
    for (float &v : a)
      v = uniform(rng);
    for (float &v : b)
      v = uniform(rng);
    for (float &v : c)
      v = uniform(rng) * 2;
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(
        runner->run({a.data(), b.data(), c.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    for (int h = 0; h < 2; ++h)
      for (int w = 0; w < 2; ++w)
        for (int ch = 0; ch < 8; ++ch) {
          int64_t value;
          if (ch < 4) {
            int i = (h * 2 + w) * 4 + ch;
            int64_t product = aq::quantizeToCode(a[i], sa, 0, -127, 127, away) *
                              aq::quantizeToCode(b[i], sb, 0, -127, 127, away);
            value = aq::requantize(product, 0, *productToCommon, rounding, 0,
                                   INT32_MIN, INT32_MAX);
          } else {
            int64_t best = INT64_MIN;
            for (int dh = 0; dh < 2; ++dh)
              for (int dw = 0; dw < 2; ++dw)
                best = std::max(
                    best, aq::quantizeToCode(
                              c[((2 * h + dh) * 4 + 2 * w + dw) * 4 + ch - 4],
                              sc, 0, -127, 127, away));
            value = aq::requantize(best, 0, *poolToCommon, rounding, 0,
                                   INT32_MIN, INT32_MAX);
          }
          float expected = aq::dequantize(value, common, 0);
          float actual = y[(h * 2 + w) * 8 + ch];
          ASSERT_EQ(std::memcmp(&expected, &actual, sizeof(float)), 0)
              << "h " << h << " w " << w << " c " << ch << ": expected "
              << expected << ", realized " << actual;
        }
  }
}

// pad (with a non-zero pad value, quantized with the data) followed by a
// depthwise 3x3 conv with bias and requantization.
TEST_P(RealizeExecutionTest, PadDepthwiseBitExact) {
  const int H = 4, W = 4, C = 3;
  const double sx = 0.0237, sw = 0.0113, sout = 0.0517;
  const float padValue = 0.25f;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> uniform(-2.0f, 2.0f);
  std::vector<float> weights(3 * 3 * C), bias(C);
  for (float &w : weights)
    w = uniform(rng) * 0.6f;
  for (float &b : bias)
    b = uniform(rng) * 0.1f;
  std::string source =
      llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {0:e16}, clip = [-127, 127]> : tensor<1x4x4x3xf32>
  %padding = tosa.const_shape {{values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %pv = "tosa.const"() <{{values = dense<{1:e9}> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %xq, %padding, %pv : (tensor<1x4x4x3xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x3xf32>
  %w = "tosa.const"() <{{values = dense<[{2}]> : tensor<27xf32>}> : () -> tensor<27xf32>
  %shape = tosa.const_shape {{values = dense<[3, 3, 3, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %w4 = tosa.reshape %w, %shape : (tensor<27xf32>, !tosa.shape<4>) -> tensor<3x3x3x1xf32>
  %wq = autoquant.simulated_quantize %w4 kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {3:e16}, clip = [-127, 127]> : tensor<3x3x3x1xf32>
  %b = "tosa.const"() <{{values = dense<[{4}]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %p, %wq, %b, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x3xf32>, tensor<3x3x3x1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %cq = autoquant.simulated_quantize %c kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {5:e16}, clip = [-127, 127]> : tensor<1x4x4x3xf32>
  return %cq : tensor<1x4x4x3xf32>
}
)mlir",
                    sx, padValue, floatList(weights), sw, floatList(bias), sout)
          .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  int64_t padCode = aq::quantizeToCode(padValue, sx, 0, -128, 127, away);
  std::vector<int64_t> bq(C);
  for (int c = 0; c < C; ++c) {
    auto code = aq::quantizeBias(bias[c], sx, sw);
    ASSERT_TRUE(static_cast<bool>(code));
    bq[c] = *code;
  }
  auto multiplier = aq::computeFixedPointMultiplier(sx * sw / sout);
  ASSERT_TRUE(static_cast<bool>(multiplier));
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> x(H * W * C);
    for (float &v : x)
      v = uniform(rng);
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    // The padded int8 input, then the depthwise sum ([KH, KW, C, 1]).
    auto padded = [&](int h, int w, int c) -> int64_t {
      if (h < 1 || h > H || w < 1 || w > W)
        return padCode;
      return aq::quantizeToCode(x[((h - 1) * W + (w - 1)) * C + c], sx, 0, -127,
                                127, away);
    };
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < W; ++w)
        for (int c = 0; c < C; ++c) {
          int64_t acc = bq[c];
          for (int kh = 0; kh < 3; ++kh)
            for (int kw = 0; kw < 3; ++kw)
              acc += padded(h + kh, w + kw, c) *
                     aq::quantizeToCode(weights[(kh * 3 + kw) * C + c], sw, 0,
                                        -127, 127, away);
          int64_t q = std::clamp<int64_t>(aq::requantize(acc, 0, *multiplier,
                                                         GetParam().rounding, 0,
                                                         -128, 127),
                                          -127, 127);
          float expected = aq::dequantize(q, sout, 0);
          float actual = y[(h * W + w) * C + c];
          ASSERT_EQ(std::memcmp(&expected, &actual, sizeof(float)), 0)
              << "h " << h << " w " << w << " c " << c << ": expected "
              << expected << ", realized " << actual;
        }
  }
}

// Per-channel weight scales (axis 0 of OHWI), unsigned 8-bit input and
// output codes (stored as int8 with zero point -128), relu6 whose integer
// bounds differ per channel, and a per-channel requantization.
TEST_P(RealizeExecutionTest, PerChannelUnsignedConvRelu6BitExact) {
  const int H = 4, W = 4, C = 2, O = 3;
  const double sx = 0.0119, sout = 0.0239;
  const std::vector<double> sw = {0.00731, 0.0211, 0.00157};
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> uniform(-1.0f, 3.0f);
  std::vector<float> weights(O * 3 * 3 * C), bias(O);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = uniform(rng) * 0.3f * static_cast<float>(sw[i / 18] / 0.01);
  for (float &b : bias)
    b = uniform(rng) * 0.2f;

  std::string source = llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = {0:e16}, clip = [0, 255]> : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{{values = dense<[{1}]> : tensor<54xf32>}> : () -> tensor<54xf32>
  %shape = tosa.const_shape {{values = dense<[3, 3, 3, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %w4 = tosa.reshape %w, %shape : (tensor<54xf32>, !tosa.shape<4>) -> tensor<3x3x3x2xf32>
  %wq = autoquant.simulated_quantize %w4 kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [{2:e16}, {3:e16}, {4:e16}], clip = [-127, 127]> : tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{{values = dense<[{5}]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %r = tosa.clamp %c {{max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = {6:e16}, clip = [0, 255]> : tensor<1x4x4x3xf32>
  return %rq : tensor<1x4x4x3xf32>
}
)mlir",
                                     sx, floatList(weights), sw[0], sw[1],
                                     sw[2], floatList(bias), sout)
                           .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);

  // docs/Numerics.md: unsigned codes q in [0, 255] are stored as q - 128
  // with zero point -128; the reference works with the unsigned codes.
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  std::vector<int32_t> wq(weights.size());
  for (size_t i = 0; i < weights.size(); ++i)
    wq[i] = aq::quantizeToCode(weights[i], sw[i / 18], 0, -127, 127, away);
  std::vector<int32_t> bq(O);
  std::vector<aq::FixedPointMultiplier> multipliers;
  std::vector<int64_t> relu6Max(O);
  for (int o = 0; o < O; ++o) {
    auto code = aq::quantizeBias(bias[o], sx, sw[o]);
    ASSERT_TRUE(static_cast<bool>(code));
    bq[o] = *code;
    auto multiplier = aq::computeFixedPointMultiplier(sx * sw[o] / sout);
    ASSERT_TRUE(static_cast<bool>(multiplier));
    multipliers.push_back(*multiplier);
    relu6Max[o] = static_cast<int64_t>(std::floor(6.0 / (sx * sw[o])));
  }
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> x(H * W * C);
    for (float &v : x)
      v = uniform(rng);
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    std::vector<int32_t> xq(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      xq[i] = aq::quantizeToCode(x[i], sx, 0, 0, 255, away);
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < W; ++w)
        for (int o = 0; o < O; ++o) {
          int64_t acc = bq[o] + conv3x3Pad1(xq, wq, H, W, C, h, w, o);
          acc = std::clamp<int64_t>(acc, 0, relu6Max[o]);
          int64_t stored = aq::requantize(acc, 0, multipliers[o],
                                          GetParam().rounding, -128, -128, 127);
          float expected = aq::dequantize(stored, sout, -128);
          float actual = y[(h * W + w) * O + o];
          ASSERT_EQ(std::memcmp(&expected, &actual, sizeof(float)), 0)
              << "h=" << h << " w=" << w << " o=" << o << ": expected "
              << expected << ", realized " << actual;
        }
  }
}

// avg_pool2d 3x3, stride 1, pad 1, on unsigned codes (stored with zero
// point -128) and on signed codes (negative sums, whose ties TOSA's division
// does not always round up): the window counts 4, 6 and 9 exclude padding;
// TOSA's integer division (tosaAveragePoolDivide) of the zero-point-free
// sums, then + zero point.
TEST_P(RealizeExecutionTest, AvgPoolBitExact) {
  const int H = 4, W = 5, C = 2;
  const double sx = 0.0171;
  for (bool isSigned : {false, true}) {
    int64_t lo = isSigned ? -127 : 0, hi = isSigned ? 127 : 255;
    int64_t storedZp = isSigned ? 0 : -128;
    std::string source = llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x4x5x2xf32>) -> tensor<1x4x5x2xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = {1} rounding = half_away_from_zero params = <scale = {0:e16}, clip = [{2}, {3}]> : tensor<1x4x5x2xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %a = tosa.avg_pool2d %xq, %zp, %zp {{acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x5x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x5x2xf32>
  return %a : tensor<1x4x5x2xf32>
}
)mlir",
                                       sx, isSigned ? "true" : "false", lo, hi)
                             .str();
    auto runner = realizeAndCompile(source);
    ASSERT_TRUE(runner);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> uniform(isSigned ? -2.0f : -0.5f,
                                                  isSigned ? 2.0f : 4.5f);
    const auto away = aq::RoundingMode::HalfAwayFromZero;
    for (int trial = 0; trial < 50; ++trial) {
      std::vector<float> x(H * W * C);
      for (float &v : x)
        v = uniform(rng);
      std::vector<std::vector<char>> results;
      ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
      const float *y = reinterpret_cast<const float *>(results[0].data());
      for (int h = 0; h < H; ++h)
        for (int w = 0; w < W; ++w)
          for (int c = 0; c < C; ++c) {
            int32_t sum = 0, count = 0;
            for (int ih = h - 1; ih <= h + 1; ++ih)
              for (int iw = w - 1; iw <= w + 1; ++iw) {
                if (ih < 0 || ih >= H || iw < 0 || iw >= W)
                  continue;
                // The code q (unsigned: stored q - 128, zero point -128).
                sum += aq::quantizeToCode(x[(ih * W + iw) * C + c], sx, 0, lo,
                                          hi, away);
                ++count;
              }
            int64_t stored = std::clamp<int64_t>(
                aq::tosaAveragePoolDivide(sum, count) + storedZp, -128, 127);
            float expected = aq::dequantize(stored, sx, storedZp);
            float actual = y[(h * W + w) * C + c];
            ASSERT_EQ(std::memcmp(&expected, &actual, sizeof(float)), 0)
                << (isSigned ? "signed" : "unsigned") << " h=" << h
                << " w=" << w << " c=" << c << " count=" << count
                << ": expected " << expected << ", realized " << actual;
          }
    }
  }
}

// sigmoid, tanh and erf as int8 tosa.table lookups, signed and unsigned
// input codes: every output is the C++ table's entry for the input code,
// dequantized at the function's fixed output parameters.
TEST_P(RealizeExecutionTest, LookupTablesBitExact) {
  const int N = 64;
  struct Case {
    const char *op;
    aq::TableFunction function;
  };
  for (Case tableCase : {Case{"sigmoid", aq::TableFunction::Sigmoid},
                         Case{"tanh", aq::TableFunction::Tanh},
                         Case{"erf", aq::TableFunction::Erf}})
    for (bool isSigned : {true, false}) {
      const double sx = isSigned ? 0.0473 : 0.0211;
      int64_t lo = isSigned ? -127 : 0, hi = isSigned ? 127 : 255;
      int64_t storedZp = isSigned ? 0 : -128;
      std::string source =
          llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = {1} rounding = half_away_from_zero params = <scale = {0:e16}, clip = [{2}, {3}]> : tensor<1x64xf32>
  %y = tosa.{4} %xq : (tensor<1x64xf32>) -> tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}
)mlir",
                        sx, isSigned ? "true" : "false", lo, hi, tableCase.op)
              .str();
      auto runner = realizeAndCompile(source);
      ASSERT_TRUE(runner) << tableCase.op;
      std::array<int8_t, 256> table =
          aq::buildInt8Table(tableCase.function, sx, storedZp);
      aq::TableOutput output = aq::getTableOutput(tableCase.function);
      std::mt19937 rng(11);
      std::uniform_real_distribution<float> uniform(isSigned ? -6.5f : -0.5f,
                                                    isSigned ? 6.5f : 5.5f);
      for (int trial = 0; trial < 20; ++trial) {
        std::vector<float> x(N);
        for (float &v : x)
          v = uniform(rng);
        std::vector<std::vector<char>> results;
        ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
        const float *y = reinterpret_cast<const float *>(results[0].data());
        for (int i = 0; i < N; ++i) {
          int64_t stored =
              aq::quantizeToCode(x[i], sx, 0, lo, hi,
                                 aq::RoundingMode::HalfAwayFromZero) +
              storedZp;
          float expected = aq::dequantize(table[stored + 128], output.scale,
                                          output.zeroPoint);
          ASSERT_EQ(std::memcmp(&expected, &y[i], sizeof(float)), 0)
              << tableCase.op << (isSigned ? " signed" : " unsigned")
              << " x=" << x[i] << ": expected " << expected << ", realized "
              << y[i];
        }
      }
    }
}

// transpose_conv2d, kernel 2x2, stride 2 (3x3 -> 6x6), 2 -> 2 channels, with
// bias and requantization.
TEST_P(RealizeExecutionTest, TransposeConvBitExact) {
  const int IH = 3, IW = 3, IC = 2, OC = 2, K = 2, OH = 6, OW = 6;
  const double sx = 0.0193, sw = 0.00417, sout = 0.0362;
  std::mt19937 rng(23);
  std::uniform_real_distribution<float> uniform(-2.0f, 2.0f);
  std::vector<float> weights(OC * K * K * IC), bias(OC);
  for (float &w : weights)
    w = uniform(rng) * 0.25f;
  for (float &b : bias)
    b = uniform(rng) * 0.1f;
  std::string source =
      llvm::formatv(R"mlir(
func.func @f(%x: tensor<1x3x3x2xf32>) -> tensor<1x6x6x2xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {0:e16}, clip = [-127, 127]> : tensor<1x3x3x2xf32>
  %w = "tosa.const"() <{{values = dense<[{1}]> : tensor<16xf32>}> : () -> tensor<16xf32>
  %shape = tosa.const_shape {{values = dense<[2, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %w4 = tosa.reshape %w, %shape : (tensor<16xf32>, !tosa.shape<4>) -> tensor<2x2x2x2xf32>
  %wq = autoquant.simulated_quantize %w4 kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {2:e16}, clip = [-127, 127]> : tensor<2x2x2x2xf32>
  %b = "tosa.const"() <{{values = dense<[{3}]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %xq, %wq, %b, %zp, %zp {{acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x3x3x2xf32>, tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  %yq = autoquant.simulated_quantize %y kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {4:e16}, clip = [-127, 127]> : tensor<1x6x6x2xf32>
  return %yq : tensor<1x6x6x2xf32>
}
)mlir",
                    sx, floatList(weights), sw, floatList(bias), sout)
          .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);
  const auto away = aq::RoundingMode::HalfAwayFromZero;
  LayerCodes codes = quantizeLayer(weights, bias, sx, sw);
  ASSERT_EQ(codes.bias.size(), size_t(OC));
  const std::vector<int32_t> &wq = codes.weights, &bq = codes.bias;
  auto multiplier = aq::computeFixedPointMultiplier(sx * sw / sout);
  ASSERT_TRUE(static_cast<bool>(multiplier));
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> x(IH * IW * IC);
    for (float &v : x)
      v = uniform(rng);
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    // out[ih * 2 + kh, iw * 2 + kw, o] += x[ih, iw, c] * w[o, kh, kw, c].
    std::vector<int64_t> acc(OH * OW * OC);
    for (int oh = 0; oh < OH; ++oh)
      for (int ow = 0; ow < OW; ++ow)
        for (int o = 0; o < OC; ++o)
          acc[(oh * OW + ow) * OC + o] = bq[o];
    for (int ih = 0; ih < IH; ++ih)
      for (int iw = 0; iw < IW; ++iw)
        for (int kh = 0; kh < K; ++kh)
          for (int kw = 0; kw < K; ++kw)
            for (int o = 0; o < OC; ++o)
              for (int c = 0; c < IC; ++c)
                acc[((ih * 2 + kh) * OW + iw * 2 + kw) * OC + o] +=
                    int64_t(aq::quantizeToCode(x[(ih * IW + iw) * IC + c], sx,
                                               0, -127, 127, away)) *
                    wq[((o * K + kh) * K + kw) * IC + c];
    for (size_t i = 0; i < acc.size(); ++i) {
      int64_t q =
          std::clamp<int64_t>(aq::requantize(acc[i], 0, *multiplier,
                                             GetParam().rounding, 0, -128, 127),
                              -127, 127);
      float expected = aq::dequantize(q, sout, 0);
      ASSERT_EQ(std::memcmp(&expected, &y[i], sizeof(float)), 0)
          << "element " << i << ": expected " << expected << ", realized "
          << y[i];
    }
  }
}

// slice, tile and reverse move int8 codes: the result is the moved codes,
// dequantized.
TEST_P(RealizeExecutionTest, SliceTileReverseBitExact) {
  const double sx = 0.0311;
  std::string source = llvm::formatv(R"mlir(
func.func @f(%x: tensor<2x6xf32>) -> tensor<2x8xf32> {{
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = {0:e16}, clip = [-127, 127]> : tensor<2x6xf32>
  %start = tosa.const_shape {{values = dense<[0, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {{values = dense<[2, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %s = tosa.slice %xq, %start, %size : (tensor<2x6xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x4xf32>
  %r = tosa.reverse %s {{axis = 1 : i32} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %m = tosa.const_shape {{values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t = tosa.tile %r, %m : (tensor<2x4xf32>, !tosa.shape<2>) -> tensor<2x8xf32>
  return %t : tensor<2x8xf32>
}
)mlir",
                                     sx)
                           .str();
  auto runner = realizeAndCompile(source);
  ASSERT_TRUE(runner);
  ASSERT_TRUE(module
                  ->walk([](Operation *op) {
                    if (isa<tosa::SliceOp, tosa::ReverseOp, tosa::TileOp>(op) &&
                        !cast<RankedTensorType>(op->getResult(0).getType())
                             .getElementType()
                             .isInteger(8))
                      return WalkResult::interrupt();
                    return WalkResult::advance();
                  })
                  .wasInterrupted() == false)
      << "slice / reverse / tile must run on int8";
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> uniform(-4.0f, 4.0f);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> x(12);
    for (float &v : x)
      v = uniform(rng);
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    const float *y = reinterpret_cast<const float *>(results[0].data());
    for (int row = 0; row < 2; ++row)
      for (int col = 0; col < 8; ++col) {
        // tile: col % 4; reverse: 3 - that; slice: + 1.
        int source = row * 6 + (3 - col % 4) + 1;
        float expected = aq::dequantize(
            aq::quantizeToCode(x[source], sx, 0, -127, 127,
                               aq::RoundingMode::HalfAwayFromZero),
            sx, 0);
        ASSERT_EQ(std::memcmp(&expected, &y[row * 8 + col], sizeof(float)), 0)
            << "row " << row << " col " << col;
      }
  }
}

// round-for-shift=false: a power-of-two requantization (0.25 -> 1.0, a right
// shift by 2) truncates toward -inf, as TVM's shift without round_bias.
TEST_P(RealizeExecutionTest, TruncatingShiftBitExact) {
  std::string source = R"mlir(
func.func @f(%x: tensor<64xf32>) -> tensor<64xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<64xf32>
  %yq = autoquant.simulated_quantize %xq kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<64xf32>
  return %yq : tensor<64xf32>
}
)mlir";
  auto runner = realizeAndCompile(source, "round-for-shift=false");
  ASSERT_TRUE(runner);
  std::vector<float> x(64);
  for (int i = 0; i < 64; ++i)
    x[i] = (i - 32) * 0.25f; // every code from -32 to 31
  std::vector<std::vector<char>> results;
  ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
  const float *y = reinterpret_cast<const float *>(results[0].data());
  for (int i = 0; i < 64; ++i) {
    int32_t q = aq::quantizeToCode(x[i], 0.25, 0, -127, 127,
                                   aq::RoundingMode::HalfAwayFromZero);
    float expected = aq::dequantize(
        std::clamp(aq::tvmShiftRescale(q, 2, /*roundForShift=*/false), -127,
                   127),
        1.0, 0);
    EXPECT_EQ(expected, y[i]) << "code " << q;
  }
  // -5 / 4 = -1.25 truncates to -2 (rounding would give -1).
  EXPECT_EQ(y[27], -2.0f);
}

INSTANTIATE_TEST_SUITE_P(
    Rounding, RealizeExecutionTest,
    ::testing::Values(RoundingCase{"upward", aq::RequantRounding::Upward},
                      RoundingCase{"tonearest", aq::RequantRounding::ToNearest},
                      RoundingCase{"double", aq::RequantRounding::Double}),
    [](const ::testing::TestParamInfo<RoundingCase> &info) {
      return std::string(info.param.option);
    });

} // namespace
