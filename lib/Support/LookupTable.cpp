//===- LookupTable.cpp - int8 lookup tables of unary functions ------------===//

#include "autoquant/Support/LookupTable.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace autoquant;

double autoquant::evaluateTableFunction(TableFunction function, double x) {
  switch (function) {
  case TableFunction::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case TableFunction::Tanh:
    return std::tanh(x);
  case TableFunction::Erf:
    return std::erf(x);
  }
  assert(false && "unknown table function");
  return 0.0;
}

TableOutput autoquant::getTableOutput(TableFunction function) {
  // Sigmoid's (0, 1) uses all 256 codes; tanh's and erf's (-1, 1) as well,
  // symmetric around code 0 (TFLite's fixed output parameters).
  if (function == TableFunction::Sigmoid)
    return {1.0 / 256.0, -128};
  return {1.0 / 128.0, 0};
}

std::array<int8_t, 256> autoquant::buildInt8Table(TableFunction function,
                                                  double inputScale,
                                                  int64_t inputZeroPoint) {
  assert(std::isfinite(inputScale) && inputScale > 0.0);
  TableOutput output = getTableOutput(function);
  std::array<int8_t, 256> table;
  for (int index = 0; index < 256; ++index) {
    double x = inputScale * static_cast<double>(index - 128 - inputZeroPoint);
    double code =
        std::round(evaluateTableFunction(function, x) / output.scale) +
        static_cast<double>(output.zeroPoint);
    table[index] = static_cast<int8_t>(std::clamp(code, -128.0, 127.0));
  }
  return table;
}
