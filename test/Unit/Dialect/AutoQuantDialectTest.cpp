//===- AutoQuantDialectTest.cpp - C++ API of the autoquant dialect --------===//

#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Support/IntegerRange.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir;
using namespace autoquant;

namespace {

class AutoQuantDialectTest : public ::testing::Test {
protected:
  AutoQuantDialectTest() {
    context.loadDialect<AutoQuantDialect, func::FuncDialect>();
  }

  /// Builds `func @f(%x: type) { %q = simulated_quantize %x ...; return %q }`
  /// and returns the op.
  SimulatedQuantizeOp buildOp(ArrayRef<int64_t> shape, QuantKind kind,
                              unsigned nbit, bool sign,
                              QuantParamsAttr params) {
    OpBuilder builder(&context);
    Location loc = builder.getUnknownLoc();
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    auto func = func::FuncOp::create(builder, loc, "f",
                                     builder.getFunctionType(type, type));
    Block *body = func.addEntryBlock();
    builder.setInsertionPointToEnd(body);
    auto op = SimulatedQuantizeOp::create(
        builder, loc, body->getArgument(0), kind, nbit, sign,
        Rounding::half_away_from_zero, params);
    func::ReturnOp::create(builder, loc, op.getResult());
    return op;
  }

  /// Verifies the module and returns the first diagnostic ("" when valid).
  std::string verifyMessage() {
    std::string message;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (succeeded(verify(*module)))
      return "";
    return message;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST(IntegerRangeTest, SignedAndUnsigned) {
  EXPECT_EQ(::autoquant::integerRange(8, true),
            std::make_pair(int64_t(-128), int64_t(127)));
  EXPECT_EQ(::autoquant::integerRange(8, false),
            std::make_pair(int64_t(0), int64_t(255)));
  EXPECT_EQ(::autoquant::integerRange(1, true),
            std::make_pair(int64_t(-1), int64_t(0)));
  EXPECT_EQ(::autoquant::integerRange(32, true),
            std::make_pair(int64_t(-2147483648LL), int64_t(2147483647LL)));
  EXPECT_EQ(::autoquant::integerRange(32, false),
            std::make_pair(int64_t(0), int64_t(4294967295LL)));
}

TEST(EnumTest, StringifyAndSymbolize) {
  EXPECT_EQ(stringifyQuantKind(QuantKind::weight), "weight");
  EXPECT_EQ(symbolizeQuantKind("activation"), QuantKind::activation);
  EXPECT_EQ(symbolizeQuantKind("bias"), std::nullopt);
  EXPECT_EQ(stringifyRounding(Rounding::half_to_even), "half_to_even");
  EXPECT_EQ(symbolizeRounding("half_away_from_zero"),
            Rounding::half_away_from_zero);
}

TEST_F(AutoQuantDialectTest, ParamsAccessors) {
  auto perTensor = QuantParamsAttr::get(&context, 0.5, -127, 127);
  EXPECT_FALSE(perTensor.isPerAxis());
  EXPECT_FALSE(perTensor.isAsymmetric());
  EXPECT_EQ(perTensor.getZeroPointAt(0), 0);
  ASSERT_EQ(perTensor.getScales().size(), 1u);
  EXPECT_EQ(perTensor.getScales()[0], 0.5);

  SmallVector<double> scales = {0.5, 0.25};
  SmallVector<int64_t> zeroPoints = {3, 0};
  auto perAxis =
      QuantParamsAttr::get(&context, scales, zeroPoints, 0, 255, int64_t(1));
  EXPECT_TRUE(perAxis.isPerAxis());
  EXPECT_TRUE(perAxis.isAsymmetric());
  EXPECT_EQ(perAxis.getZeroPointAt(0), 3);
  EXPECT_EQ(perAxis.getAxis(), 1);
  // Attributes are uniqued: equal parameters give the same attribute.
  EXPECT_EQ(perAxis, QuantParamsAttr::get(&context, scales, zeroPoints, 0, 255,
                                          int64_t(1)));
}

TEST_F(AutoQuantDialectTest, ParamsVerifierRejectsBadScale) {
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  auto loc = UnknownLoc::get(&context);
  SmallVector<double> scales = {0.5, -1.0};
  auto attr = QuantParamsAttr::getChecked(
      [&] { return emitError(loc); }, &context,
      DenseF64ArrayAttr::get(&context, scales), ArrayRef<int64_t>(),
      int64_t(-127), int64_t(127), int64_t(0));
  EXPECT_FALSE(attr);
  EXPECT_EQ(message,
            "scale must be positive and finite, got -1.000000e+00 at index 1");
}

TEST_F(AutoQuantDialectTest, BuildUncalibratedOp) {
  SimulatedQuantizeOp op =
      buildOp({2, 3}, QuantKind::input, 8, true, QuantParamsAttr());
  EXPECT_EQ(verifyMessage(), "");
  EXPECT_FALSE(op.isCalibrated());
  EXPECT_EQ(op.getKind(), QuantKind::input);
  EXPECT_EQ(op.getNbit(), 8u);
  EXPECT_EQ(op.getRounding(), Rounding::half_away_from_zero);
  EXPECT_EQ(op.getCodeRange(), std::make_pair(int64_t(-128), int64_t(127)));
}

TEST_F(AutoQuantDialectTest, BuildCalibratedPerAxisOp) {
  SmallVector<double> scales = {0.5, 0.25, 0.125};
  auto params = QuantParamsAttr::get(&context, scales, ArrayRef<int64_t>(),
                                     -127, 127, int64_t(1));
  SimulatedQuantizeOp op = buildOp({2, 3}, QuantKind::weight, 8, true, params);
  EXPECT_EQ(verifyMessage(), "");
  EXPECT_TRUE(op.isCalibrated());
  EXPECT_EQ(op.getParamsAttr(), params);
}

TEST_F(AutoQuantDialectTest, VerifierRejectsWrongScaleCount) {
  SmallVector<double> scales = {0.5, 0.25};
  auto params = QuantParamsAttr::get(&context, scales, ArrayRef<int64_t>(),
                                     -127, 127, int64_t(1));
  buildOp({2, 3}, QuantKind::weight, 8, true, params);
  EXPECT_EQ(verifyMessage(), "'autoquant.simulated_quantize' op expected 3 "
                             "scales (the size of dimension 1), got 2");
}

TEST_F(AutoQuantDialectTest, VerifierRejectsClipOutsideCodeRange) {
  auto params = QuantParamsAttr::get(&context, 0.5, -127, 127);
  buildOp({4}, QuantKind::activation, 8, false, params);
  EXPECT_EQ(verifyMessage(),
            "'autoquant.simulated_quantize' op clip [-127, 127] lies outside "
            "the range of an unsigned 8-bit code [0, 255]");
}

TEST_F(AutoQuantDialectTest, PrintParseRoundTrip) {
  const char *source = R"mlir(
func.func @f(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %q = autoquant.simulated_quantize %x kind = weight nbit = 8 sign = false rounding = half_to_even params = <axis = 0, scale = [0.1, 3.0e-05, 1.0], zero_point = [0, 7, 255], clip = [0, 255]> : tensor<3x2xf32>
  return %q : tensor<3x2xf32>
}
)mlir";
  auto parsed = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(parsed);
  std::string first, second;
  llvm::raw_string_ostream(first) << *parsed;
  auto reparsed = parseSourceString<ModuleOp>(first, &context);
  ASSERT_TRUE(reparsed);
  llvm::raw_string_ostream(second) << *reparsed;
  EXPECT_EQ(first, second);
  // The shortest exact decimal form is printed.
  EXPECT_NE(first.find("scale = [0.1, 3.0e-05, 1.0]"), std::string::npos)
      << first;
}

} // namespace
