//===- FastPathTest.cpp - Vectorized runner code == scalar loops ----------===//
//
// Every op kind the fast path (autoquant-cpu-codegen) tiles or vectorizes,
// float and integer, compiled twice: with the fast path and with upstream's
// plain scalar loops. Integer results must be bit-identical; float results
// may differ only by the order of additions (relative 1e-5).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <regex>
#include <string>
#include <vector>

using namespace mlir;
using namespace autoquant;

namespace {

struct FastPathCase {
  const char *name;
  /// One function @f. `@F32:SHAPE@`, `@I8:SHAPE@` and `@I32:SHAPE@`
  /// stand for pseudo-random constants of that type and shape.
  const char *source;
};

/// `count` pseudo-random constants of `type` nested as a literal of
/// `shape`.
void appendLiteral(std::string &out, const std::string &type,
                   ArrayRef<int64_t> shape, std::mt19937 &rng) {
  if (shape.empty()) {
    if (type == "F32")
      out += std::to_string(
          std::uniform_real_distribution<float>(-1.0f, 1.0f)(rng));
    else if (type == "I8")
      out += std::to_string(std::uniform_int_distribution<int>(-127, 127)(rng));
    else
      out +=
          std::to_string(std::uniform_int_distribution<int>(-5000, 5000)(rng));
    return;
  }
  out += "[";
  for (int64_t i = 0; i < shape.front(); ++i) {
    if (i)
      out += ", ";
    appendLiteral(out, type, shape.drop_front(), rng);
  }
  out += "]";
}

/// Replaces every `@TYPE:SHAPE@` (e.g. `@F32:24x3x3x8@`) of `source` by a
/// literal of pseudo-random values of that shape.
std::string fillConstants(const std::string &source, std::mt19937 &rng) {
  std::regex placeholder("@(F32|I8|I32):([0-9x]+)@");
  std::string out;
  auto begin = std::sregex_iterator(source.begin(), source.end(), placeholder);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += source.substr(last, it->position() - last);
    SmallVector<int64_t> shape;
    std::string dims = (*it)[2];
    for (size_t start = 0; start <= dims.size();) {
      size_t end = dims.find('x', start);
      if (end == std::string::npos)
        end = dims.size();
      shape.push_back(std::stoll(dims.substr(start, end - start)));
      start = end + 1;
    }
    appendLiteral(out, (*it)[1], shape, rng);
    last = it->position() + it->length();
  }
  return out + source.substr(last);
}

/// Pseudo-random bytes for an argument of `type`.
std::vector<char> randomArgument(RankedTensorType type, std::mt19937 &rng) {
  int64_t count = type.getNumElements();
  Type element = type.getElementType();
  std::vector<char> bytes(count * getElementByteSize(element));
  for (int64_t i = 0; i < count; ++i) {
    if (element.isF32()) {
      float v = std::uniform_real_distribution<float>(-2.0f, 2.0f)(rng);
      std::memcpy(bytes.data() + 4 * i, &v, 4);
    } else if (element.isInteger(8)) {
      bytes[i] =
          static_cast<char>(std::uniform_int_distribution<int>(-128, 127)(rng));
    } else if (element.isInteger(32)) {
      int32_t v = std::uniform_int_distribution<int32_t>(-100000, 100000)(rng);
      std::memcpy(bytes.data() + 4 * i, &v, 4);
    } else {
      ADD_FAILURE() << "no generator for this element type";
    }
  }
  return bytes;
}

class FastPathTest : public ::testing::TestWithParam<FastPathCase> {};

TEST_P(FastPathTest, MatchesScalarLoops) {
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  std::mt19937 rng(7);
  std::string source = fillConstants(GetParam().source, rng);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  JitRunnerOptions scalarOptions;
  scalarOptions.vectorize = false;
  auto fast = JitRunner::create(*module, "f");
  auto scalar = JitRunner::create(*module, "f", scalarOptions);
  ASSERT_TRUE(succeeded(fast) && succeeded(scalar));

  std::vector<std::vector<char>> args;
  SmallVector<const void *> pointers;
  for (RankedTensorType type : (*fast)->getArgumentTypes())
    args.push_back(randomArgument(type, rng));
  for (auto &arg : args)
    pointers.push_back(arg.data());
  std::vector<std::vector<char>> fastResults, scalarResults;
  ASSERT_FALSE(llvm::errorToBool((*fast)->run(pointers, fastResults)));
  ASSERT_FALSE(llvm::errorToBool((*scalar)->run(pointers, scalarResults)));

  RankedTensorType resultType = (*fast)->getResultTypes().front();
  if (!resultType.getElementType().isF32()) {
    EXPECT_EQ(fastResults[0], scalarResults[0]) << "integer results differ";
    return;
  }
  std::vector<float> a(resultType.getNumElements()), b(a.size());
  std::memcpy(a.data(), fastResults[0].data(), 4 * a.size());
  std::memcpy(b.data(), scalarResults[0].data(), 4 * b.size());
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_NEAR(a[i], b[i], 1e-5 * std::max(1.0f, std::abs(b[i])))
        << "element " << i;
}

const FastPathCase cases[] = {
    {"conv_f32", R"mlir(
func.func @f(%x: tensor<1x10x12x8xf32>) -> tensor<1x10x12x24xf32> {
  %w = "tosa.const"() <{values = dense<@F32:24x3x3x8@> : tensor<24x3x3x8xf32>}> : () -> tensor<24x3x3x8xf32>
  %b = "tosa.const"() <{values = dense<@F32:24@> : tensor<24xf32>}> : () -> tensor<24xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x10x12x8xf32>, tensor<24x3x3x8xf32>, tensor<24xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x12x24xf32>
  return %c : tensor<1x10x12x24xf32>
})mlir"},
    {"conv_f32_stride2_wide", R"mlir(
func.func @f(%x: tensor<1x15x15x3xf32>) -> tensor<1x8x8x40xf32> {
  %w = "tosa.const"() <{values = dense<@F32:40x5x5x3@> : tensor<40x5x5x3xf32>}> : () -> tensor<40x5x5x3xf32>
  %b = "tosa.const"() <{values = dense<@F32:40@> : tensor<40xf32>}> : () -> tensor<40xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 2, 2, 2, 2>, stride = array<i64: 2, 2>} : (tensor<1x15x15x3xf32>, tensor<40x5x5x3xf32>, tensor<40xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x40xf32>
  return %c : tensor<1x8x8x40xf32>
})mlir"},
    {"conv_f32_dilated_weight_argument", R"mlir(
func.func @f(%x: tensor<1x9x9x4xf32>, %w: tensor<6x3x3x4xf32>) -> tensor<1x5x5x6xf32> {
  %b = "tosa.const"() <{values = dense<0.5> : tensor<6xf32>}> : () -> tensor<6xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x9x9x4xf32>, tensor<6x3x3x4xf32>, tensor<6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x6xf32>
  return %c : tensor<1x5x5x6xf32>
})mlir"},
    {"conv_i8", R"mlir(
func.func @f(%x: tensor<1x9x9x16xi8>) -> tensor<1x9x9x32xi32> {
  %w = "tosa.const"() <{values = dense<@I8:32x3x3x16@> : tensor<32x3x3x16xi8>}> : () -> tensor<32x3x3x16xi8>
  %b = "tosa.const"() <{values = dense<@I32:32@> : tensor<32xi32>}> : () -> tensor<32xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x9x9x16xi8>, tensor<32x3x3x16xi8>, tensor<32xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x9x9x32xi32>
  return %c : tensor<1x9x9x32xi32>
})mlir"},
    {"conv_i8_stride2", R"mlir(
func.func @f(%x: tensor<1x13x13x8xi8>) -> tensor<1x6x6x16xi32> {
  %w = "tosa.const"() <{values = dense<@I8:16x3x3x8@> : tensor<16x3x3x8xi8>}> : () -> tensor<16x3x3x8xi8>
  %b = "tosa.const"() <{values = dense<@I32:16@> : tensor<16xi32>}> : () -> tensor<16xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x13x13x8xi8>, tensor<16x3x3x8xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x6x6x16xi32>
  return %c : tensor<1x6x6x16xi32>
})mlir"},
    {"conv_i8_input_zero_point", R"mlir(
func.func @f(%x: tensor<1x8x8x8xi8>) -> tensor<1x8x8x16xi32> {
  %w = "tosa.const"() <{values = dense<@I8:16x1x1x8@> : tensor<16x1x1x8xi8>}> : () -> tensor<16x1x1x8xi8>
  %b = "tosa.const"() <{values = dense<@I32:16@> : tensor<16xi32>}> : () -> tensor<16xi32>
  %izp = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x8xi8>, tensor<16x1x1x8xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x16xi32>
  return %c : tensor<1x8x8x16xi32>
})mlir"},
    {"conv_i16_i8_to_i48_rescaled", R"mlir(
func.func @f(%xf: tensor<1x6x6x8xf32>) -> tensor<1x6x6x16xi16> {
  %scale = "tosa.const"() <{values = dense<10000.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %xs = tosa.mul %xf, %scale, %shift0 : (tensor<1x6x6x8xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x6x6x8xf32>
  %x = tosa.cast %xs : (tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xi16>
  %w = "tosa.const"() <{values = dense<@I8:16x3x3x8@> : tensor<16x3x3x8xi8>}> : () -> tensor<16x3x3x8xi8>
  %b = "tosa.const"() <{values = dense<[100000000000, 0, -5, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12]> : tensor<16xi48>}> : () -> tensor<16xi48>
  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi16>}> : () -> tensor<1xi16>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i48, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x8xi16>, tensor<16x3x3x8xi8>, tensor<16xi48>, tensor<1xi16>, tensor<1xi8>) -> tensor<1x6x6x16xi48>
  %m = "tosa.const"() <{values = dense<16384> : tensor<1xi16>}> : () -> tensor<1xi16>
  %s = "tosa.const"() <{values = dense<20> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z48 = "tosa.const"() <{values = dense<0> : tensor<1xi48>}> : () -> tensor<1xi48>
  %z16 = "tosa.const"() <{values = dense<0> : tensor<1xi16>}> : () -> tensor<1xi16>
  %r = tosa.rescale %c, %m, %s, %z48, %z16 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = false} : (tensor<1x6x6x16xi48>, tensor<1xi16>, tensor<1xi8>, tensor<1xi48>, tensor<1xi16>) -> tensor<1x6x6x16xi16>
  return %r : tensor<1x6x6x16xi16>
})mlir"},
    {"conv_i8_zero_point_padded", R"mlir(
func.func @f(%x: tensor<1x9x9x16xi8>) -> tensor<1x9x9x32xi32> {
  %w = "tosa.const"() <{values = dense<@I8:32x3x3x16@> : tensor<32x3x3x16xi8>}> : () -> tensor<32x3x3x16xi8>
  %b = "tosa.const"() <{values = dense<@I32:32@> : tensor<32xi32>}> : () -> tensor<32xi32>
  %izp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x9x9x16xi8>, tensor<32x3x3x16xi8>, tensor<32xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x9x9x32xi32>
  return %c : tensor<1x9x9x32xi32>
})mlir"},
    {"depthwise_i8_zero_point", R"mlir(
func.func @f(%x: tensor<1x10x10x16xi8>) -> tensor<1x10x10x16xi32> {
  %w = "tosa.const"() <{values = dense<@I8:3x3x16x1@> : tensor<3x3x16x1xi8>}> : () -> tensor<3x3x16x1xi8>
  %b = "tosa.const"() <{values = dense<@I32:16@> : tensor<16xi32>}> : () -> tensor<16xi32>
  %izp = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.depthwise_conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x10x10x16xi8>, tensor<3x3x16x1xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x10x10x16xi32>
  return %c : tensor<1x10x10x16xi32>
})mlir"},
    {"depthwise_f32", R"mlir(
func.func @f(%x: tensor<1x10x10x16xf32>) -> tensor<1x10x10x16xf32> {
  %w = "tosa.const"() <{values = dense<@F32:3x3x16x1@> : tensor<3x3x16x1xf32>}> : () -> tensor<3x3x16x1xf32>
  %b = "tosa.const"() <{values = dense<@F32:16@> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x10x10x16xf32>, tensor<3x3x16x1xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x10x16xf32>
  return %c : tensor<1x10x10x16xf32>
})mlir"},
    {"depthwise_i8", R"mlir(
func.func @f(%x: tensor<1x10x10x16xi8>) -> tensor<1x10x10x16xi32> {
  %w = "tosa.const"() <{values = dense<@I8:3x3x16x1@> : tensor<3x3x16x1xi8>}> : () -> tensor<3x3x16x1xi8>
  %b = "tosa.const"() <{values = dense<@I32:16@> : tensor<16xi32>}> : () -> tensor<16xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x10x10x16xi8>, tensor<3x3x16x1xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x10x10x16xi32>
  return %c : tensor<1x10x10x16xi32>
})mlir"},
    {"transpose_conv_f32", R"mlir(
func.func @f(%x: tensor<1x6x6x8xf32>) -> tensor<1x12x12x16xf32> {
  %w = "tosa.const"() <{values = dense<@F32:16x2x2x8@> : tensor<16x2x2x8xf32>}> : () -> tensor<16x2x2x8xf32>
  %b = "tosa.const"() <{values = dense<@F32:16@> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x6x8xf32>, tensor<16x2x2x8xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x12x12x16xf32>
  return %c : tensor<1x12x12x16xf32>
})mlir"},
    {"max_pool_f32", R"mlir(
func.func @f(%x: tensor<1x12x12x48xf32>) -> tensor<1x6x6x48xf32> {
  %p = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x12x12x48xf32>) -> tensor<1x6x6x48xf32>
  return %p : tensor<1x6x6x48xf32>
})mlir"},
    {"max_pool_i8_padded", R"mlir(
func.func @f(%x: tensor<1x11x11x16xi8>) -> tensor<1x6x6x16xi8> {
  %p = tosa.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x11x11x16xi8>) -> tensor<1x6x6x16xi8>
  return %p : tensor<1x6x6x16xi8>
})mlir"},
    {"avg_pool_f32", R"mlir(
func.func @f(%x: tensor<1x7x7x32xf32>) -> tensor<1x1x1x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 7, 7>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x7x7x32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x32xf32>
  return %p : tensor<1x1x1x32xf32>
})mlir"},
    {"avg_pool_i8", R"mlir(
func.func @f(%x: tensor<1x8x8x16xi8>) -> tensor<1x4x4x16xi8> {
  %izp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %ozp = "tosa.const"() <{values = dense<-2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %p = tosa.avg_pool2d %x, %izp, %ozp {acc_type = i32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x16xi8>
  return %p : tensor<1x4x4x16xi8>
})mlir"},
    {"matmul_f32", R"mlir(
func.func @f(%x: tensor<1x6x40xf32>) -> tensor<1x6x20xf32> {
  %w = "tosa.const"() <{values = dense<@F32:1x40x20@> : tensor<1x40x20xf32>}> : () -> tensor<1x40x20xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x, %w, %zp, %zp : (tensor<1x6x40xf32>, tensor<1x40x20xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x20xf32>
  return %m : tensor<1x6x20xf32>
})mlir"},
    {"matmul_i8", R"mlir(
func.func @f(%x: tensor<1x3x64xi8>) -> tensor<1x3x10xi32> {
  %w = "tosa.const"() <{values = dense<@I8:1x64x10@> : tensor<1x64x10xi8>}> : () -> tensor<1x64x10xi8>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.matmul %x, %w, %zp, %zp : (tensor<1x3x64xi8>, tensor<1x64x10xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x3x10xi32>
  return %m : tensor<1x3x10xi32>
})mlir"},
    {"elementwise_f32", R"mlir(
func.func @f(%x: tensor<1x10x12x24xf32>, %y: tensor<1x10x12x24xf32>) -> tensor<1x10x12x24xf32> {
  %b = "tosa.const"() <{values = dense<@F32:1x1x1x24@> : tensor<1x1x1x24xf32>}> : () -> tensor<1x1x1x24xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %a = tosa.add %x, %b : (tensor<1x10x12x24xf32>, tensor<1x1x1x24xf32>) -> tensor<1x10x12x24xf32>
  %m = tosa.mul %a, %y, %shift : (tensor<1x10x12x24xf32>, tensor<1x10x12x24xf32>, tensor<1xi8>) -> tensor<1x10x12x24xf32>
  %c = tosa.clamp %m {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x10x12x24xf32>) -> tensor<1x10x12x24xf32>
  return %c : tensor<1x10x12x24xf32>
})mlir"},
    {"rescale_per_channel_i32_to_i8", R"mlir(
func.func @f(%x: tensor<1x5x6x24xi32>) -> tensor<1x5x6x24xi8> {
  %mult = "tosa.const"() <{values = dense<@I32:24@> : tensor<24xi32>}> : () -> tensor<24xi32>
  %shift = "tosa.const"() <{values = dense<[3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]> : tensor<24xi8>}> : () -> tensor<24xi8>
  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %ozp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %r = tosa.rescale %x, %mult, %shift, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x5x6x24xi32>, tensor<24xi32>, tensor<24xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x5x6x24xi8>
  return %r : tensor<1x5x6x24xi8>
})mlir"},
    {"cast_f32_to_i8", R"mlir(
func.func @f(%x: tensor<1x7x9x32xf32>) -> tensor<1x7x9x32xi8> {
  %s = "tosa.const"() <{values = dense<40.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %x, %s, %shift : (tensor<1x7x9x32xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x7x9x32xf32>
  %c = tosa.clamp %m {max_val = 127.0 : f32, min_val = -128.0 : f32} : (tensor<1x7x9x32xf32>) -> tensor<1x7x9x32xf32>
  %q = tosa.cast %c : (tensor<1x7x9x32xf32>) -> tensor<1x7x9x32xi8>
  return %q : tensor<1x7x9x32xi8>
})mlir"},
};

INSTANTIATE_TEST_SUITE_P(
    Ops, FastPathTest, ::testing::ValuesIn(cases),
    [](const ::testing::TestParamInfo<FastPathCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
