//===- JitRunnerTest.cpp - The JIT runner against C++ references ----------===//

#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <cstring>
#include <vector>

using namespace mlir;
using namespace autoquant;

namespace {

class JitRunnerTest : public ::testing::Test {
protected:
  JitRunnerTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
  }

  std::unique_ptr<JitRunner> compile(const char *source, StringRef name) {
    module = parseSourceString<ModuleOp>(source, &context);
    if (!module)
      return nullptr;
    auto runner = JitRunner::create(*module, name);
    return succeeded(runner) ? std::move(*runner) : nullptr;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

template <typename T> std::vector<T> asVector(const std::vector<char> &bytes) {
  std::vector<T> values(bytes.size() / sizeof(T));
  std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

// Results that are views of one allocation (a value and its reshape, as
// calibration's truncated models and imported ONNX models return) are all
// copied before anything is freed: reading the second after freeing the
// first returned allocator garbage (found on densenet121's calibration).
TEST_F(JitRunnerTest, AliasingResultsAreCopiedBeforeFreeing) {
  const char *source = R"mlir(
func.func @views(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<16xf32>, tensor<2x8xf32>) {
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %y = tosa.add %x, %one : (tensor<2x8xf32>, tensor<1x1xf32>) -> tensor<2x8xf32>
  %s = tosa.const_shape {values = dense<16> : tensor<1xindex>} : () -> !tosa.shape<1>
  %flat = tosa.reshape %y, %s : (tensor<2x8xf32>, !tosa.shape<1>) -> tensor<16xf32>
  return %y, %flat, %y : tensor<2x8xf32>, tensor<16xf32>, tensor<2x8xf32>
}
)mlir";
  auto runner = compile(source, "views");
  ASSERT_TRUE(runner);
  std::vector<float> x(16);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(i) * 0.5f;
  for (int repeat = 0; repeat < 3; ++repeat) {
    std::vector<std::vector<char>> results;
    ASSERT_FALSE(llvm::errorToBool(runner->run({x.data()}, results)));
    ASSERT_EQ(results.size(), 3u);
    for (const std::vector<char> &result : results) {
      std::vector<float> y = asVector<float>(result);
      ASSERT_EQ(y.size(), 16u);
      for (size_t i = 0; i < y.size(); ++i)
        EXPECT_EQ(y[i], x[i] + 1.0f) << "element " << i;
    }
  }
}

// A 3x3 conv (pad 1) + relu on a 1x5x5x2 input against a direct loop nest.
TEST_F(JitRunnerTest, FloatConvMatchesReference) {
  const char *source = R"mlir(
func.func @net(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x5x5x3xf32> {
  %b = "tosa.const"() <{values = dense<[0.5, -1.0, 0.25]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x3xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32>
  return %r : tensor<1x5x5x3xf32>
}
)mlir";
  auto runner = compile(source, "net");
  ASSERT_TRUE(runner);
  std::vector<float> x(50), w(54);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>((i * 7) % 11) / 4.0f - 1.0f;
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = static_cast<float>((i * 5) % 13) / 8.0f - 0.75f;
  const float bias[3] = {0.5f, -1.0f, 0.25f};

  std::vector<std::vector<char>> results;
  ASSERT_FALSE(llvm::errorToBool(runner->run({x.data(), w.data()}, results)));
  std::vector<float> y = asVector<float>(results[0]);
  ASSERT_EQ(y.size(), 75u);
  for (int h = 0; h < 5; ++h)
    for (int wi = 0; wi < 5; ++wi)
      for (int o = 0; o < 3; ++o) {
        float acc = bias[o];
        for (int kh = 0; kh < 3; ++kh)
          for (int kw = 0; kw < 3; ++kw)
            for (int c = 0; c < 2; ++c) {
              int ih = h + kh - 1, iw = wi + kw - 1;
              if (ih < 0 || ih >= 5 || iw < 0 || iw >= 5)
                continue;
              acc +=
                  x[(ih * 5 + iw) * 2 + c] * w[((o * 3 + kh) * 3 + kw) * 2 + c];
            }
        float expected = acc > 0.0f ? acc : 0.0f;
        EXPECT_NEAR(y[(h * 5 + wi) * 3 + o], expected,
                    1e-5f * (1 + std::abs(expected)));
      }
}

// Integer ops, several results, a constant result and a returned argument.
TEST_F(JitRunnerTest, IntegerAndSeveralResults) {
  const char *source = R"mlir(
func.func @f(%a: tensor<4xi32>, %b: tensor<2x2xi8>) -> (tensor<4xi32>, tensor<2xi64>, tensor<2x2xi8>, tensor<4xi8>) {
  %s = tosa.add %a, %a : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %c = "tosa.const"() <{values = dense<[7, -9]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %mult = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %shift = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %r = tosa.rescale %a, %mult, %shift, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %s, %c, %b, %r : tensor<4xi32>, tensor<2xi64>, tensor<2x2xi8>, tensor<4xi8>
}
)mlir";
  auto runner = compile(source, "f");
  ASSERT_TRUE(runner);
  int32_t a[4] = {1, -3, 5, 100};
  int8_t b[4] = {1, 2, -3, 4};
  std::vector<std::vector<char>> results;
  for (int repeat = 0; repeat < 3; ++repeat) {
    ASSERT_FALSE(llvm::errorToBool(runner->run({a, b}, results)));
    EXPECT_EQ(asVector<int32_t>(results[0]),
              (std::vector<int32_t>{2, -6, 10, 200}));
    EXPECT_EQ(asVector<int64_t>(results[1]), (std::vector<int64_t>{7, -9}));
    EXPECT_EQ(asVector<int8_t>(results[2]), (std::vector<int8_t>{1, 2, -3, 4}));
    // x * 2^30 / 2^31 = x / 2, SINGLE_ROUND rounds half up: 1 -> 1, -3 -> -1.
    EXPECT_EQ(asVector<int8_t>(results[3]),
              (std::vector<int8_t>{1, -1, 3, 50}));
  }
}

TEST_F(JitRunnerTest, RejectsDynamicShapes) {
  const char *source = R"mlir(
func.func @f(%a: tensor<?xf32>) -> tensor<?xf32> {
  return %a : tensor<?xf32>
}
)mlir";
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  EXPECT_FALSE(compile(source, "f"));
  EXPECT_EQ(message, "JIT runner needs statically shaped tensors of integers "
                     "or floats; argument 0 has type 'tensor<?xf32>'");
}

TEST_F(JitRunnerTest, RejectsMissingFunction) {
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  EXPECT_FALSE(compile("func.func @g() { return }", "f"));
  EXPECT_EQ(message, "JIT runner: no function 'f' with a body in the module");
}

} // namespace
