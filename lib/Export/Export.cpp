//===- Export.cpp - Hardware parameters of a realized model ---------------===//
//
// Walks a realized function once: every SSA value becomes a numbered tensor
// (shape, type, scale and zero point from the autoquant.* attributes realize
// records, data when constant), every op but constants a layer with its
// attributes. Conv, depthwise, transpose conv and matmul layers also get the
// derived parameters hardware needs (docs/Export.md).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Export/Export.h"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Support/FixedPoint.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace autoquant;
namespace json = llvm::json;

namespace {

std::string dtypeName(Type type) {
  if (auto integer = dyn_cast<IntegerType>(type))
    return integer.getWidth() == 1 ? "bool"
                                   : "int" + std::to_string(integer.getWidth());
  if (type.isF32())
    return "float32";
  if (isa<tosa::shapeType>(type))
    return "shape";
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string locationName(Location loc) {
  return autoquant::getLocationName(loc).value_or("").str();
}

/// An attribute as JSON: numbers, booleans, arrays, TOSA enums by name,
/// anything else as its printed form.
json::Value attributeToJson(Attribute attr) {
  if (auto boolAttr = dyn_cast<BoolAttr>(attr))
    return boolAttr.getValue();
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    return integer.getType().isInteger(1)
               ? json::Value(integer.getValue().getBoolValue())
               : json::Value(integer.getValue().getSExtValue());
  if (auto number = dyn_cast<FloatAttr>(attr))
    return number.getValueAsDouble();
  if (auto array = dyn_cast<DenseI64ArrayAttr>(attr))
    return json::Array(array.asArrayRef());
  if (auto array = dyn_cast<DenseI32ArrayAttr>(attr))
    return json::Array(array.asArrayRef());
  if (auto array = dyn_cast<DenseF64ArrayAttr>(attr))
    return json::Array(array.asArrayRef());
  if (auto string = dyn_cast<StringAttr>(attr))
    return string.getValue();
  if (auto type = dyn_cast<TypeAttr>(attr))
    return dtypeName(type.getValue());
  if (auto rounding = dyn_cast<tosa::RoundingModeAttr>(attr))
    return tosa::stringifyRoundingMode(rounding.getValue());
  if (auto nan = dyn_cast<tosa::NanPropagationModeAttr>(attr))
    return tosa::stringifyNanPropagationMode(nan.getValue());
  std::string text;
  llvm::raw_string_ostream os(text);
  attr.print(os);
  return text;
}

/// The values of a constant, as JSON numbers.
json::Array constantData(DenseElementsAttr attr) {
  json::Array data;
  if (isa<FloatType>(attr.getElementType())) {
    for (const APFloat &value : attr.getValues<APFloat>())
      data.push_back(value.convertToDouble());
  } else if (attr.getElementType().isInteger(1)) {
    for (bool value : attr.getValues<bool>())
      data.push_back(value);
  } else if (isa<IntegerType>(attr.getElementType())) {
    for (const APInt &value : attr.getValues<APInt>())
      data.push_back(value.getSExtValue());
  } else {
    for (const APInt &value : attr.getValues<APInt>()) // index (shapes)
      data.push_back(value.getSExtValue());
  }
  return data;
}

std::vector<int64_t> integerValues(DenseElementsAttr attr) {
  std::vector<int64_t> values;
  for (const APInt &value : attr.getValues<APInt>())
    values.push_back(value.getSExtValue());
  return values;
}

DenseElementsAttr constantOf(Value value) {
  DenseElementsAttr attr;
  if (matchPattern(value, m_Constant(&attr)))
    return attr;
  if (auto shape = value.getDefiningOp<tosa::ConstShapeOp>())
    return dyn_cast<DenseElementsAttr>(shape.getValues());
  return {};
}

/// Scale(s) and zero point realize recorded for `value` (on its defining op,
/// or on the function for an argument).
struct RecordedQuant {
  ArrayRef<double> scales;
  double argumentScale = 0.0;
  std::optional<int64_t> axis;
  int64_t zeroPoint = 0;
  bool present = false;
};

RecordedQuant recordedQuant(Value value) {
  RecordedQuant quant;
  if (Operation *def = value.getDefiningOp()) {
    if (auto scale = def->getAttrOfType<DenseF64ArrayAttr>(
            AutoQuantDialect::kScaleAttrName)) {
      quant.scales = scale.asArrayRef();
      quant.present = true;
    }
    if (auto axis =
            def->getAttrOfType<IntegerAttr>(AutoQuantDialect::kAxisAttrName))
      quant.axis = axis.getInt();
    if (auto zp = def->getAttrOfType<IntegerAttr>(
            AutoQuantDialect::kZeroPointAttrName))
      quant.zeroPoint = zp.getInt();
    return quant;
  }
  auto arg = cast<BlockArgument>(value);
  auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
  if (!func)
    return quant;
  unsigned index = arg.getArgNumber();
  if (auto scale = func.getArgAttrOfType<FloatAttr>(
          index, AutoQuantDialect::kScaleAttrName)) {
    quant.argumentScale = scale.getValueAsDouble();
    quant.scales = ArrayRef<double>(quant.argumentScale);
    quant.present = true;
  }
  if (auto zp = func.getArgAttrOfType<IntegerAttr>(
          index, AutoQuantDialect::kZeroPointAttrName))
    quant.zeroPoint = zp.getInt();
  return quant;
}

/// Adds scale / axis / zero_point fields for `value` to `object`.
void addRecordedQuant(json::Object &object, Value value, StringRef scaleKey) {
  RecordedQuant quant = recordedQuant(value);
  if (!quant.present)
    return;
  object[scaleKey] = json::Array(quant.scales);
  if (quant.axis)
    object["axis"] = *quant.axis;
  if (quant.zeroPoint != 0)
    object["zero_point"] = quant.zeroPoint;
}

class Exporter {
public:
  FailureOr<json::Value> run(func::FuncOp func);

private:
  int64_t tensorId(Value value);
  LogicalResult addLayer(Operation *op);
  LogicalResult addLog2Layer(Log2QuantizeOp op);
  json::Object accumulatingParameters(Operation *op);
  json::Object entryOf(BlockArgument arg);
  json::Object exitOf(func::FuncOp func, unsigned index, Value value);

  DenseMap<Value, int64_t> ids;
  DenseMap<Operation *, int64_t> layerIndex;
  json::Array tensors, layers;
};

int64_t Exporter::tensorId(Value value) {
  auto [it, inserted] = ids.try_emplace(value, ids.size());
  if (!inserted)
    return it->second;
  json::Object tensor{{"id", it->second}};
  Type type = value.getType();
  if (auto shaped = dyn_cast<ShapedType>(type)) {
    tensor["shape"] = json::Array(shaped.getShape());
    tensor["dtype"] = dtypeName(shaped.getElementType());
  } else if (auto shape = dyn_cast<tosa::shapeType>(type)) {
    tensor["shape"] = json::Array{shape.getRank()};
    tensor["dtype"] = "shape";
  }
  addRecordedQuant(tensor, value, "scale");
  if (Operation *def = value.getDefiningOp()) {
    if (DenseElementsAttr data = constantOf(value))
      tensor["data"] = constantData(data);
    std::string name = locationName(def->getLoc());
    if (!name.empty())
      tensor["name"] = name;
  } else {
    tensor["name"] =
        "arg" + std::to_string(cast<BlockArgument>(value).getArgNumber());
  }
  tensors.push_back(std::move(tensor));
  return it->second;
}

/// Sum of the int8 weight codes per output channel and what hardware
/// precomputes from it (docs/Export.md, "Accumulating layers").
json::Object Exporter::accumulatingParameters(Operation *op) {
  json::Object quant;
  Value input = op->getOperand(0), weight = op->getOperand(1);
  bool isMatMul = isa<tosa::MatMulOp>(op);
  DenseElementsAttr inputZp = constantOf(op->getOperand(isMatMul ? 2 : 3));
  DenseElementsAttr weightZp = constantOf(op->getOperand(isMatMul ? 3 : 4));
  int64_t zIn = inputZp ? integerValues(inputZp).front() : 0;
  int64_t zW = weightZp ? integerValues(weightZp).front() : 0;
  quant["input_zero_point"] = zIn;
  quant["weight_zero_point"] = zW;
  if (RecordedQuant scale = recordedQuant(input); scale.present)
    quant["input_scale"] = json::Array(scale.scales);
  if (RecordedQuant scale = recordedQuant(weight); scale.present)
    quant["weight_scales"] = json::Array(scale.scales);
  if (auto scale = op->getAttrOfType<DenseF64ArrayAttr>(
          AutoQuantDialect::kScaleAttrName))
    quant["accumulator_scales"] = json::Array(scale.asArrayRef());

  DenseElementsAttr weights = constantOf(weight);
  auto weightType = cast<RankedTensorType>(weight.getType());
  if (weights && weightType.hasStaticShape() && weightType.getRank() >= 3) {
    ArrayRef<int64_t> shape = weightType.getShape();
    std::vector<int64_t> codes = integerValues(weights);
    // Output channel of element i, and the number of output channels.
    std::function<int64_t(int64_t)> channelOf;
    int64_t channels;
    std::string layout;
    if (isa<tosa::DepthwiseConv2DOp>(op)) { // [KH, KW, C, M] -> c * M + m
      channels = shape[2] * shape[3];
      channelOf = [&](int64_t i) { return i % channels; };
      layout = "HWCM";
    } else if (isMatMul) { // [N, C, W] -> w (per batch n: n * W + w)
      channels = shape[0] * shape[2];
      channelOf = [&](int64_t i) {
        return (i / (shape[1] * shape[2])) * shape[2] + i % shape[2];
      };
      layout = "NCW";
    } else { // OHWI
      channels = shape[0];
      int64_t perChannel = weightType.getNumElements() / channels;
      channelOf = [=](int64_t i) { return i / perChannel; };
      layout = "OHWI";
    }
    std::vector<int64_t> sums(channels, 0);
    for (size_t i = 0; i < codes.size(); ++i)
      sums[channelOf(i)] += codes[i] - zW;
    json::Array weightSum, correction;
    for (int64_t sum : sums) {
      weightSum.push_back(sum);
      correction.push_back(-zIn * sum);
    }
    quant["weight_layout"] = layout;
    quant["weight_sum"] = std::move(weightSum);
    quant["zero_point_correction"] = std::move(correction);
  }

  // The requantization that consumes the accumulator, through the integer
  // clamps (relu, relu6) in between.
  Value value = op->getResult(0);
  json::Array clampMin, clampMax;
  while (value.hasOneUse()) {
    Operation *user = *value.getUsers().begin();
    if (auto rescale = dyn_cast<tosa::RescaleOp>(user)) {
      json::Object requantize{{"layer", layerIndex.lookup(user)}};
      if (DenseElementsAttr m = constantOf(rescale.getMultiplier()))
        requantize["multiplier"] = constantData(m);
      if (DenseElementsAttr n = constantOf(rescale.getShift()))
        requantize["shift"] = constantData(n);
      requantize["rounding_mode"] =
          tosa::stringifyRoundingMode(rescale.getRoundingMode());
      if (DenseElementsAttr zp = constantOf(rescale.getOutputZp()))
        requantize["output_zero_point"] = integerValues(zp).front();
      if (auto scale = user->getAttrOfType<DenseF64ArrayAttr>(
              AutoQuantDialect::kScaleAttrName))
        requantize["output_scale"] = json::Array(scale.asArrayRef());
      quant["requantize"] = std::move(requantize);
      break;
    }
    if (auto clamp = dyn_cast<tosa::ClampOp>(user)) {
      if (auto lo = dyn_cast<IntegerAttr>(clamp.getMinValAttr()))
        clampMin = json::Array{lo.getInt()};
      if (auto hi = dyn_cast<IntegerAttr>(clamp.getMaxValAttr()))
        clampMax = json::Array{hi.getInt()};
    } else if (isa<tosa::MaximumOp, tosa::MinimumOp>(user)) {
      DenseElementsAttr bound = constantOf(user->getOperand(1));
      if (!bound)
        break;
      (isa<tosa::MaximumOp>(user) ? clampMin : clampMax) = constantData(bound);
    } else {
      break;
    }
    value = user->getResult(0);
  }
  if (!clampMin.empty() || !clampMax.empty())
    quant["activation_clamp"] = json::Object{{"min", std::move(clampMin)},
                                             {"max", std::move(clampMax)}};
  return quant;
}

/// log2 weights: their codes (docs/Numerics.md, "log2 weights") and what
/// decodes them; the op's result stays a float tensor.
LogicalResult Exporter::addLog2Layer(Log2QuantizeOp op) {
  DenseElementsAttr constant = constantOf(op.getInput());
  if (!constant || !constant.getElementType().isF32())
    return op.emitError() << "quant-export: log2 weights must be f32 "
                             "constants";
  unsigned nbit = op.getNbit();
  int64_t maxExponent = op.getMaxExponent();
  json::Array codes;
  for (float w : constant.getValues<float>())
    codes.push_back(::autoquant::log2QuantizeCode(w, maxExponent, nbit));
  json::Object layer{
      {"index", layerIndex.lookup(op)},
      {"name", locationName(op.getLoc())},
      {"op", "log2_quantize"},
      {"inputs", json::Array{tensorId(op.getInput())}},
      {"outputs", json::Array{tensorId(op.getResult())}},
      {"attributes", json::Object{{"nbit", static_cast<int64_t>(nbit)},
                                  {"max_exponent", maxExponent}}},
      {"log2", json::Object{{"codes", std::move(codes)},
                            {"levels", (int64_t(1) << (nbit - 1)) - 1},
                            {"decode", "sign(c) * 2^((max_exponent - levels "
                                       "+ |c|) / 16), 0 for c = 0"}}}};
  layers.push_back(std::move(layer));
  return success();
}

LogicalResult Exporter::addLayer(Operation *op) {
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
    if (auto shaped = dyn_cast<ShapedType>(type);
        shaped && !shaped.hasStaticShape())
      return op->emitError()
             << "quant-export needs static shapes, got " << type;
  json::Array inputs, outputs;
  for (Value operand : op->getOperands())
    inputs.push_back(tensorId(operand));
  for (Value result : op->getResults())
    outputs.push_back(tensorId(result));
  json::Object attributes;
  for (NamedAttribute attr : op->getAttrs())
    if (!attr.getName().getValue().starts_with("autoquant."))
      attributes[attr.getName().getValue()] = attributeToJson(attr.getValue());
  StringRef opName = op->getName().getStringRef();
  opName.consume_front("tosa.");
  json::Object layer{{"index", layerIndex.lookup(op)},
                     {"name", locationName(op->getLoc())},
                     {"op", opName},
                     {"inputs", std::move(inputs)},
                     {"outputs", std::move(outputs)},
                     {"attributes", std::move(attributes)}};
  if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
          tosa::MatMulOp>(op) &&
      isa<IntegerType>(
          cast<ShapedType>(op->getOperand(0).getType()).getElementType()))
    layer["quantization"] = accumulatingParameters(op);
  layers.push_back(std::move(layer));
  return success();
}

/// The quantization of argument `arg`: recorded on the function for an
/// integer argument, else found on the first integer value computed from it.
json::Object Exporter::entryOf(BlockArgument arg) {
  json::Object entry{
      {"tensor", tensorId(arg)},
      {"dtype", dtypeName(cast<ShapedType>(arg.getType()).getElementType())}};
  auto func = cast<func::FuncOp>(arg.getOwner()->getParentOp());
  unsigned index = arg.getArgNumber();
  if (auto scale = func.getArgAttrOfType<FloatAttr>(
          index, AutoQuantDialect::kScaleAttrName)) {
    entry["scale"] = scale.getValueAsDouble();
    auto zp = func.getArgAttrOfType<IntegerAttr>(
        index, AutoQuantDialect::kZeroPointAttrName);
    entry["zero_point"] = zp ? zp.getInt() : 0;
    return entry;
  }
  // A float argument: the entry quantization chain ends at the integer
  // tensor realize recorded a scale on.
  SmallVector<Value> frontier = {arg};
  for (unsigned depth = 0; depth < 16 && !frontier.empty(); ++depth) {
    SmallVector<Value> next;
    for (Value value : frontier)
      for (Operation *user : value.getUsers()) {
        auto scale = user->getAttrOfType<DenseF64ArrayAttr>(
            AutoQuantDialect::kScaleAttrName);
        if (scale && user->getNumResults() == 1 &&
            isa<IntegerType>(cast<ShapedType>(user->getResult(0).getType())
                                 .getElementType())) {
          entry["quantized_tensor"] = tensorId(user->getResult(0));
          entry["scale"] = scale.asArrayRef().front();
          auto zp = user->getAttrOfType<IntegerAttr>(
              AutoQuantDialect::kZeroPointAttrName);
          entry["zero_point"] = zp ? zp.getInt() : 0;
          return entry;
        }
        llvm::append_range(next, user->getResults());
      }
    frontier = std::move(next);
  }
  return entry;
}

/// The dequantization of result `index`: recorded on the function for an
/// integer result, else read from the integer tensor the float result is
/// computed from.
json::Object Exporter::exitOf(func::FuncOp func, unsigned index, Value value) {
  json::Object exit{
      {"tensor", tensorId(value)},
      {"dtype", dtypeName(cast<ShapedType>(value.getType()).getElementType())}};
  if (auto scale = func.getResultAttrOfType<FloatAttr>(
          index, AutoQuantDialect::kScaleAttrName)) {
    exit["scale"] = scale.getValueAsDouble();
    auto zp = func.getResultAttrOfType<IntegerAttr>(
        index, AutoQuantDialect::kZeroPointAttrName);
    exit["zero_point"] = zp ? zp.getInt() : 0;
    return exit;
  }
  for (unsigned depth = 0; depth < 16; ++depth) {
    Operation *def = value.getDefiningOp();
    if (!def || def->getNumOperands() == 0)
      break;
    Value source = def->getOperand(0);
    Operation *sourceDef = source.getDefiningOp();
    if (auto cast = dyn_cast<tosa::CastOp>(def);
        cast && sourceDef &&
        isa<IntegerType>(cast.getInput().getType().getElementType())) {
      if (auto scale = sourceDef->getAttrOfType<DenseF64ArrayAttr>(
              AutoQuantDialect::kScaleAttrName)) {
        exit["dequantized_tensor"] = tensorId(source);
        exit["scale"] = json::Array(scale.asArrayRef());
        auto zp = sourceDef->getAttrOfType<IntegerAttr>(
            AutoQuantDialect::kZeroPointAttrName);
        exit["zero_point"] = zp ? zp.getInt() : 0;
      }
      break;
    }
    value = source;
  }
  return exit;
}

FailureOr<json::Value> Exporter::run(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "quant-export handles single-block functions";
  Block &body = func.getBody().front();
  for (Operation &op : body.without_terminator())
    if (!isa<tosa::ConstOp, tosa::ConstShapeOp>(op))
      layerIndex.try_emplace(&op, layerIndex.size());
  json::Array inputs, outputs;
  for (BlockArgument arg : body.getArguments()) {
    if (!isa<RankedTensorType>(arg.getType()))
      return func.emitError() << "quant-export needs tensor arguments";
    inputs.push_back(entryOf(arg));
  }
  for (Operation &op : body.without_terminator()) {
    if (auto log2 = dyn_cast<Log2QuantizeOp>(op)) {
      if (failed(addLog2Layer(log2)))
        return failure();
      continue;
    }
    if (op.getDialect() && op.getDialect()->getNamespace() !=
                               tosa::TosaDialect::getDialectNamespace())
      return op.emitError() << "quant-export describes TOSA ops only; '"
                            << op.getName() << "' is not one";
    if (!isa<tosa::ConstOp, tosa::ConstShapeOp>(op) && failed(addLayer(&op)))
      return failure();
  }
  for (auto [index, value] :
       llvm::enumerate(body.getTerminator()->getOperands()))
    outputs.push_back(exitOf(func, index, value));
  return json::Value(json::Object{{"format", "autoquant-model"},
                                  {"version", 1},
                                  {"function", func.getSymName()},
                                  {"inputs", std::move(inputs)},
                                  {"outputs", std::move(outputs)},
                                  {"tensors", std::move(tensors)},
                                  {"layers", std::move(layers)}});
}

} // namespace

FailureOr<json::Value> autoquant::exportModelJson(func::FuncOp func) {
  Exporter exporter;
  return exporter.run(func);
}
