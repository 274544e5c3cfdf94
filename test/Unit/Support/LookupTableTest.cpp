//===- LookupTableTest.cpp - int8 tables of sigmoid, tanh, erf ------------===//
//
// Entries checked against values computed by hand (python3's math module):
// sigmoid(1) * 256 = 187.15, tanh(1) * 128 = 97.48, erf(1) * 128 = 107.87.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/LookupTable.h"

#include "gtest/gtest.h"

using namespace autoquant;

namespace {

/// The entry of input code `code` (tables are indexed by code + 128).
int entry(const std::array<int8_t, 256> &table, int code) {
  return table[code + 128];
}

TEST(LookupTableTest, FixedOutputQuantization) {
  EXPECT_EQ(getTableOutput(TableFunction::Sigmoid).scale, 1.0 / 256.0);
  EXPECT_EQ(getTableOutput(TableFunction::Sigmoid).zeroPoint, -128);
  EXPECT_EQ(getTableOutput(TableFunction::Tanh).scale, 1.0 / 128.0);
  EXPECT_EQ(getTableOutput(TableFunction::Erf).zeroPoint, 0);
}

TEST(LookupTableTest, SigmoidEntries) {
  // Input scale 1/16: code 16 is 1.0, code 0 is 0, code -16 is -1.
  std::array<int8_t, 256> table =
      buildInt8Table(TableFunction::Sigmoid, 1.0 / 16.0, 0);
  EXPECT_EQ(entry(table, 0), 0);     // 0.5 * 256 - 128
  EXPECT_EQ(entry(table, 16), 59);   // round(187.15) - 128
  EXPECT_EQ(entry(table, -16), -59); // round(68.85) - 128
  EXPECT_EQ(entry(table, 8), 31);    // sigmoid(0.5) * 256 = 159.35
  // 7.9375: 255.91 rounds to 256, one past the largest code.
  EXPECT_EQ(entry(table, 127), 127);
  EXPECT_EQ(entry(table, -128), -128); // -8: 0.086 rounds to 0
}

TEST(LookupTableTest, InputZeroPointShiftsTheTable) {
  // Unsigned-style codes: zero point -128 moves real 0 to code -128.
  std::array<int8_t, 256> shifted =
      buildInt8Table(TableFunction::Tanh, 1.0 / 32.0, -128);
  std::array<int8_t, 256> centered =
      buildInt8Table(TableFunction::Tanh, 1.0 / 32.0, 0);
  // x = s * (c + 128) with zero point -128 is x = s * c' at c' = c + 128.
  for (int code = -128; code + 128 <= 127; ++code)
    EXPECT_EQ(entry(shifted, code), entry(centered, code + 128)) << code;
  EXPECT_EQ(entry(shifted, -128), 0);
  EXPECT_EQ(entry(shifted, -96), 97); // x = 1: tanh(1) * 128 = 97.48
  EXPECT_EQ(entry(centered, 32), 97);
  EXPECT_EQ(entry(centered, -32), -97);
  EXPECT_EQ(entry(centered, 0), 0);
}

TEST(LookupTableTest, ErfEntries) {
  std::array<int8_t, 256> table = buildInt8Table(TableFunction::Erf, 0.05, 10);
  EXPECT_EQ(entry(table, 10), 0);
  EXPECT_EQ(entry(table, 30), 108);   // erf(1) * 128 = 107.87
  EXPECT_EQ(entry(table, -10), -108); // erf(-1)
  EXPECT_EQ(entry(table, 127), 127);  // erf(5.85) * 128 = 128.0 -> clamp
}

TEST(LookupTableTest, MonotoneFunctionsGiveMonotoneTables) {
  for (TableFunction function :
       {TableFunction::Sigmoid, TableFunction::Tanh, TableFunction::Erf}) {
    std::array<int8_t, 256> table = buildInt8Table(function, 0.037, 3);
    for (int i = 1; i < 256; ++i)
      EXPECT_LE(table[i - 1], table[i]) << i;
  }
}

} // namespace
