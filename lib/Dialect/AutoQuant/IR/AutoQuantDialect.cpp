//===- AutoQuantDialect.cpp - AutoQuant dialect, attributes, ops ----------===//
//
// Dialect registration, the custom syntax and verifier of #autoquant.params,
// and the verifier of autoquant.simulated_quantize.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Support/IntegerRange.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace autoquant;

#include "autoquant/Dialect/AutoQuant/IR/AutoQuantDialect.cpp.inc"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantAttrs.cpp.inc"

#define GET_OP_CLASSES
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantOps.cpp.inc"

void AutoQuantDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "autoquant/Dialect/AutoQuant/IR/AutoQuantOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// QuantParamsAttr
//===----------------------------------------------------------------------===//

/// Prints the shortest decimal form of `value` that parses back to the same
/// double, so that print -> parse -> print is the identity.
static void printExactDouble(raw_ostream &os, double value) {
  char buffer[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  // MLIR float literals need a '.': "1" -> "1.0", "3e-05" -> "3.0e-05".
  StringRef text(buffer);
  size_t exponent = text.find('e');
  StringRef mantissa = text.take_front(exponent);
  os << mantissa;
  if (!mantissa.contains('.'))
    os << ".0";
  os << text.drop_front(mantissa.size());
}

template <typename T, typename PrintFn>
static void printScalarOrList(raw_ostream &os, ArrayRef<T> values, bool asList,
                              PrintFn printOne) {
  if (!asList) {
    printOne(values.front());
    return;
  }
  os << '[';
  llvm::interleave(values, os, printOne, ", ");
  os << ']';
}

void QuantParamsAttr::print(AsmPrinter &printer) const {
  raw_ostream &os = printer.getStream();
  bool perAxis = isPerAxis();
  os << '<';
  if (perAxis)
    os << "axis = " << getAxis() << ", ";
  os << "scale = ";
  printScalarOrList<double>(os, getScales(), perAxis,
                            [&](double s) { printExactDouble(os, s); });
  if (!getZeroPoint().empty()) {
    os << ", zero_point = ";
    printScalarOrList<int64_t>(os, getZeroPoint(), perAxis,
                               [&](int64_t z) { os << z; });
  }
  os << ", clip = [" << getClipMin() << ", " << getClipMax() << "]>";
}

/// Parses `value` or `[value, value, ...]`.
template <typename T>
static ParseResult parseScalarOrList(AsmParser &parser,
                                     SmallVectorImpl<T> &values,
                                     function_ref<ParseResult(T &)> parseOne) {
  auto parseElement = [&]() -> ParseResult {
    T value;
    if (parseOne(value))
      return failure();
    values.push_back(value);
    return success();
  };
  // An empty list parses, so that the verifier can name the problem.
  if (succeeded(parser.parseOptionalLSquare())) {
    if (succeeded(parser.parseOptionalRSquare()))
      return success();
    if (parser.parseCommaSeparatedList(parseElement) || parser.parseRSquare())
      return failure();
    return success();
  }
  return parseElement();
}

Attribute QuantParamsAttr::parse(AsmParser &parser, Type) {
  MLIRContext *ctx = parser.getContext();
  int64_t axis = QuantParamsAttr::kPerTensor;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  int64_t clipMin = 0, clipMax = 0;
  auto parseDouble = [&](double &v) { return parser.parseFloat(v); };
  auto parseInt = [&](int64_t &v) { return parser.parseInteger(v); };

  if (parser.parseLess())
    return {};
  if (succeeded(parser.parseOptionalKeyword("axis"))) {
    SMLoc axisLoc = parser.getCurrentLocation();
    if (parser.parseEqual() || parser.parseInteger(axis) || parser.parseComma())
      return {};
    if (axis < 0) {
      parser.emitError(axisLoc) << "axis must be non-negative, got " << axis;
      return {};
    }
  }
  if (parser.parseKeyword("scale") || parser.parseEqual() ||
      parseScalarOrList<double>(parser, scales, parseDouble))
    return {};
  auto expectClipNext = [&]() -> ParseResult {
    if (succeeded(parser.parseOptionalComma()))
      return success();
    return parser.emitError(parser.getCurrentLocation(),
                            "expected ', clip = [min, max]'");
  };
  if (expectClipNext())
    return {};
  if (succeeded(parser.parseOptionalKeyword("zero_point"))) {
    if (parser.parseEqual() ||
        parseScalarOrList<int64_t>(parser, zeroPoints, parseInt) ||
        expectClipNext())
      return {};
  }
  if (parser.parseKeyword("clip") || parser.parseEqual() ||
      parser.parseLSquare() || parser.parseInteger(clipMin) ||
      parser.parseComma() || parser.parseInteger(clipMax) ||
      parser.parseRSquare() || parser.parseGreater())
    return {};
  return QuantParamsAttr::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); }, ctx,
      DenseF64ArrayAttr::get(ctx, scales), zeroPoints, clipMin, clipMax, axis);
}

LogicalResult
QuantParamsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        DenseF64ArrayAttr scaleAttr,
                        ArrayRef<int64_t> zeroPoint, int64_t clipMin,
                        int64_t clipMax, int64_t axis) {
  if (!scaleAttr || scaleAttr.empty())
    return emitError() << "scale must not be empty";
  ArrayRef<double> scale = scaleAttr.asArrayRef();
  for (auto [index, s] : llvm::enumerate(scale))
    if (!std::isfinite(s) || s <= 0.0)
      return emitError() << "scale must be positive and finite, got " << s
                         << " at index " << index;
  if (axis < kPerTensor)
    return emitError() << "axis must be non-negative, got " << axis;
  if (axis == kPerTensor && scale.size() != 1)
    return emitError() << "a list of " << scale.size()
                       << " scales needs an axis";
  if (!zeroPoint.empty() && zeroPoint.size() != scale.size())
    return emitError() << "expected " << scale.size()
                       << " zero points (one per scale), got "
                       << zeroPoint.size();
  if (clipMin > clipMax)
    return emitError() << "clip_min (" << clipMin
                       << ") must not exceed clip_max (" << clipMax << ")";
  return success();
}

QuantParamsAttr QuantParamsAttr::get(MLIRContext *context,
                                     ArrayRef<double> scales,
                                     ArrayRef<int64_t> zeroPoints,
                                     int64_t clipMin, int64_t clipMax,
                                     int64_t axis) {
  return get(context, DenseF64ArrayAttr::get(context, scales), zeroPoints,
             clipMin, clipMax, axis);
}

QuantParamsAttr QuantParamsAttr::get(MLIRContext *context, double scale,
                                     int64_t clipMin, int64_t clipMax) {
  return get(context, ArrayRef<double>(scale), ArrayRef<int64_t>(), clipMin,
             clipMax, kPerTensor);
}

bool QuantParamsAttr::isAsymmetric() const {
  return llvm::any_of(getZeroPoint(), [](int64_t z) { return z != 0; });
}

int64_t QuantParamsAttr::getZeroPointAt(size_t i) const {
  ArrayRef<int64_t> zeroPoint = getZeroPoint();
  return zeroPoint.empty() ? 0 : zeroPoint[i];
}

//===----------------------------------------------------------------------===//
// SimulatedQuantizeOp
//===----------------------------------------------------------------------===//

std::pair<int64_t, int64_t> SimulatedQuantizeOp::getCodeRange() {
  return ::autoquant::integerRange(getNbit(), getSign());
}

std::optional<StringRef> autoquant::getLocationName(Location loc) {
  std::optional<StringRef> name;
  LocationAttr(loc).walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      name = named.getName().strref();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

std::string SimulatedQuantizeOp::getPointName() {
  return getLocationName(getLoc()).value_or("").str();
}

LogicalResult Log2QuantizeOp::verify() {
  int64_t nbit = getNbitAttr().getValue().getSExtValue();
  if (nbit < 2 || nbit > 16)
    return emitOpError() << "nbit must be in [2, 16], got " << nbit;
  return success();
}

LogicalResult SimulatedQuantizeOp::verify() {
  // Read the attribute signed: getNbit() would turn -8 into 4294967288.
  int64_t nbit = getNbitAttr().getValue().getSExtValue();
  if (nbit < ::autoquant::kMinBits || nbit > ::autoquant::kMaxBits)
    return emitOpError() << "nbit must be in [" << ::autoquant::kMinBits << ", "
                         << ::autoquant::kMaxBits << "], got " << nbit;
  QuantParamsAttr params = getParamsAttr();
  if (!params)
    return success();
  if (getKind() == QuantKind::identity)
    return emitOpError() << "an identity op carries no params";

  int64_t lo = getCodeRange().first, hi = getCodeRange().second;
  auto describeCode = [&](InFlightDiagnostic diag) -> InFlightDiagnostic {
    diag << " of " << (getSign() ? "a signed " : "an unsigned ") << nbit
         << "-bit code [" << lo << ", " << hi << "]";
    return diag;
  };
  if (params.getClipMin() < lo || params.getClipMax() > hi)
    return describeCode(emitOpError()
                        << "clip [" << params.getClipMin() << ", "
                        << params.getClipMax() << "] lies outside the range");
  for (int64_t zeroPoint : params.getZeroPoint())
    if (zeroPoint < params.getClipMin() || zeroPoint > params.getClipMax())
      return emitOpError() << "zero_point " << zeroPoint
                           << " lies outside clip [" << params.getClipMin()
                           << ", " << params.getClipMax() << "]";

  if (!params.isPerAxis())
    return success();
  auto type = dyn_cast<RankedTensorType>(getInput().getType());
  if (!type)
    return emitOpError() << "per-axis params need a ranked tensor";
  int64_t axis = params.getAxis();
  if (axis >= type.getRank())
    return emitOpError() << "axis " << axis
                         << " is out of range for a tensor of rank "
                         << type.getRank();
  int64_t numScales = params.getScales().size();
  if (!type.isDynamicDim(axis) && type.getDimSize(axis) != numScales)
    return emitOpError() << "expected " << type.getDimSize(axis)
                         << " scales (the size of dimension " << axis
                         << "), got " << numScales;
  return success();
}
