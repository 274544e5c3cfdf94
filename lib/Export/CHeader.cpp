//===- CHeader.cpp - A model export as a C header -------------------------===//
//
// Everything in the header comes from the JSON export, so the two formats
// cannot disagree. Types are defined once per translation unit
// (AUTOQUANT_EXPORT_TYPES), so headers of several models can be included
// together.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Export/CHeader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <string>

using namespace llvm;

namespace {

constexpr const char *kTypes = R"c(#ifndef AUTOQUANT_EXPORT_TYPES
#define AUTOQUANT_EXPORT_TYPES
#if defined(__GNUC__) || defined(__clang__)
#define AQ_MAYBE_UNUSED __attribute__((unused))
#else
#define AQ_MAYBE_UNUSED
#endif

/* A tensor of the graph: shape, element type, quantization and, for a
   constant, its values (the C type follows dtype). */
typedef struct {
  int32_t id;
  const char *name;
  const char *dtype; /* "int8", "int16", "int32", "int64", "bool",
                        "float32", "shape" */
  int32_t rank;
  int64_t shape[8];
  int32_t num_scales; /* 0: not quantized; 1: per tensor; else per channel */
  const double *scales;
  int32_t axis; /* channel axis of per-channel scales, else -1 */
  int64_t zero_point;
  const void *data; /* constant values, or NULL */
} aq_tensor;

/* One op of the graph, in execution order. */
typedef struct {
  int32_t index;
  const char *name; /* location name in the model, may be "" */
  const char *op;   /* TOSA op name without "tosa." */
  int32_t num_inputs;
  const int32_t *inputs; /* tensor ids */
  int32_t output;        /* tensor id */
  const char *attributes; /* every attribute, as JSON */
} aq_layer;

/* conv2d, depthwise_conv2d, transpose_conv2d, matmul: int8 x int8 -> int32
   and the requantization that follows (docs/Export.md). */
typedef struct {
  int32_t layer; /* index into the layer table */
  const char *name;
  const char *op;
  const char *weight_layout; /* "OHWI", "HWCM" or "NCW" */
  int32_t input, weight, bias, output; /* tensor ids (bias -1: none) */
  int32_t channels;
  double input_scale;
  int64_t input_zero_point, weight_zero_point;
  int32_t num_weight_scales;
  const double *weight_scales;
  int32_t num_accumulator_scales;
  const double *accumulator_scales;
  const int64_t *weight_sum;            /* per output channel */
  const int64_t *zero_point_correction; /* -input_zero_point * weight_sum */
  int32_t num_clamp; /* integer clamp of the accumulator (relu): 0, 1 or C */
  const int64_t *clamp_min, *clamp_max;
  int32_t requantize_layer; /* the rescale, or -1 */
  int32_t num_multipliers;
  const int64_t *multiplier, *shift;
  const char *rounding_mode;
  double output_scale;
  int64_t output_zero_point;
} aq_accumulating_layer;

/* A function argument or result: its integer tensor and parameters. */
typedef struct {
  int32_t tensor;
  int32_t integer_tensor; /* the quantized (argument) or dequantized
                             (result) integer tensor; == tensor when the
                             function is fully integral */
  double scale;
  int64_t zero_point;
} aq_io;
#endif /* AUTOQUANT_EXPORT_TYPES */
)c";

std::string cType(StringRef dtype) {
  if (dtype == "int8")
    return "int8_t";
  if (dtype == "int16")
    return "int16_t";
  if (dtype == "int32")
    return "int32_t";
  if (dtype == "float32")
    return "float";
  if (dtype == "bool")
    return "uint8_t";
  return "int64_t"; // int64, shape
}

/// A C string literal.
std::string quote(StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// Elements of a JSON number array as C initializers, 12 per line.
void printArray(raw_ostream &os, const json::Array &values, bool asDouble) {
  os << "{";
  size_t i = 0;
  for (const json::Value &value : values) {
    if (i)
      os << ",";
    os << (i % 12 == 0 ? "\n  " : " ");
    if (asDouble) {
      double number = value.getAsNumber().value_or(0.0);
      os << format("%.17g", number);
    } else if (std::optional<bool> flag = value.getAsBoolean()) {
      os << (*flag ? 1 : 0);
    } else if (std::optional<int64_t> integer = value.getAsInteger()) {
      if (*integer == INT64_MIN)
        os << "INT64_MIN";
      else
        os << *integer;
    } else {
      os << format("%.9g", value.getAsNumber().value_or(0.0));
    }
    ++i;
  }
  os << "\n}";
}

/// The first number of an array, or `fallback`.
double first(const json::Array *values, double fallback) {
  return values && !values->empty()
             ? values->front().getAsNumber().value_or(fallback)
             : fallback;
}

class HeaderPrinter {
public:
  HeaderPrinter(const json::Object &model, StringRef prefix, raw_ostream &os)
      : model(model), prefix(prefix.str()), os(os) {}
  Error print();

private:
  /// Emits `values` as `static const <type> <name>[]` and returns the name
  /// (or "0" for an absent / empty array).
  std::string emitArray(const Twine &name, StringRef type,
                        const json::Array *values, bool asDouble = false);

  const json::Object &model;
  std::string prefix;
  raw_ostream &os;
};

std::string HeaderPrinter::emitArray(const Twine &name, StringRef type,
                                     const json::Array *values, bool asDouble) {
  if (!values || values->empty())
    return "0";
  std::string symbol = prefix + "_" + name.str();
  os << "static const " << type << " " << symbol << "[" << values->size()
     << "] = ";
  printArray(os, *values, asDouble);
  os << ";\n";
  return symbol;
}

Error HeaderPrinter::print() {
  const json::Array *tensors = model.getArray("tensors");
  const json::Array *layers = model.getArray("layers");
  const json::Array *inputs = model.getArray("inputs");
  const json::Array *outputs = model.getArray("outputs");
  if (model.getString("format") != "autoquant-model" || !tensors || !layers ||
      !inputs || !outputs)
    return createStringError(inconvertibleErrorCode(),
                             "not an autoquant-model document");
  std::string guard = StringRef(prefix).upper() + "_H";
  os << "/* " << prefix << ": function \""
     << model.getString("function").value_or("") << "\" exported by "
     << "quant-export (autoquant-model version "
     << model.getInteger("version").value_or(0)
     << ").\n   Every field is described in docs/Export.md. */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n"
     << kTypes << "\n";

  // Constant data and scales of every tensor, then the tensor table.
  std::vector<std::string> dataNames, scaleNames;
  for (const json::Value &item : *tensors) {
    const json::Object &tensor = *item.getAsObject();
    int64_t id = tensor.getInteger("id").value_or(-1);
    StringRef dtype = tensor.getString("dtype").value_or("int64");
    dataNames.push_back(emitArray("t" + Twine(id) + "_data", cType(dtype),
                                  tensor.getArray("data")));
    scaleNames.push_back(emitArray("t" + Twine(id) + "_scales", "double",
                                   tensor.getArray("scale"), true));
  }
  os << "\nAQ_MAYBE_UNUSED static const aq_tensor " << prefix << "_tensors["
     << tensors->size() << "] = {\n";
  for (auto [index, item] : llvm::enumerate(*tensors)) {
    const json::Object &tensor = *item.getAsObject();
    const json::Array *shape = tensor.getArray("shape");
    const json::Array *scales = tensor.getArray("scale");
    os << "  {" << tensor.getInteger("id").value_or(-1) << ", "
       << quote(tensor.getString("name").value_or("")) << ", "
       << quote(tensor.getString("dtype").value_or("")) << ", "
       << (shape ? shape->size() : 0) << ", {";
    if (shape)
      llvm::interleaveComma(*shape, os, [&](const json::Value &dim) {
        os << dim.getAsInteger().value_or(0);
      });
    os << "}, " << (scales ? scales->size() : 0) << ", " << scaleNames[index]
       << ", " << tensor.getInteger("axis").value_or(-1) << ", "
       << tensor.getInteger("zero_point").value_or(0) << ", "
       << dataNames[index] << "},\n";
  }
  os << "};\n\n";

  // Layers and the accumulating layers' parameters.
  std::vector<std::string> inputNames;
  for (const json::Value &item : *layers) {
    const json::Object &layer = *item.getAsObject();
    inputNames.push_back(emitArray(
        "l" + Twine(layer.getInteger("index").value_or(-1)) + "_inputs",
        "int32_t", layer.getArray("inputs")));
  }
  os << "\nAQ_MAYBE_UNUSED static const aq_layer " << prefix << "_layers["
     << layers->size() << "] = {\n";
  for (auto [index, item] : llvm::enumerate(*layers)) {
    const json::Object &layer = *item.getAsObject();
    const json::Array *in = layer.getArray("inputs");
    const json::Array *out = layer.getArray("outputs");
    std::string attributes;
    raw_string_ostream attributeStream(attributes);
    if (const json::Object *attrs = layer.getObject("attributes"))
      attributeStream << json::Value(json::Object(*attrs));
    os << "  {" << layer.getInteger("index").value_or(-1) << ", "
       << quote(layer.getString("name").value_or("")) << ", "
       << quote(layer.getString("op").value_or("")) << ", "
       << (in ? in->size() : 0) << ", " << inputNames[index] << ", "
       << (out && !out->empty() ? out->front().getAsInteger().value_or(-1) : -1)
       << ", " << quote(attributes) << "},\n";
  }
  os << "};\n\n";

  struct Accumulating {
    const json::Object *layer, *quant;
    std::string weightScales, accScales, weightSum, correction, clampMin,
        clampMax, multiplier, shift;
  };
  std::vector<Accumulating> accumulating;
  for (const json::Value &item : *layers) {
    const json::Object &layer = *item.getAsObject();
    const json::Object *quant = layer.getObject("quantization");
    if (!quant)
      continue;
    std::string base =
        "l" + std::to_string(layer.getInteger("index").value_or(-1));
    Accumulating entry;
    entry.layer = &layer;
    entry.quant = quant;
    entry.weightScales = emitArray(base + "_weight_scales", "double",
                                   quant->getArray("weight_scales"), true);
    entry.accScales = emitArray(base + "_accumulator_scales", "double",
                                quant->getArray("accumulator_scales"), true);
    entry.weightSum = emitArray(base + "_weight_sum", "int64_t",
                                quant->getArray("weight_sum"));
    entry.correction = emitArray(base + "_zero_point_correction", "int64_t",
                                 quant->getArray("zero_point_correction"));
    if (const json::Object *clamp = quant->getObject("activation_clamp")) {
      entry.clampMin =
          emitArray(base + "_clamp_min", "int64_t", clamp->getArray("min"));
      entry.clampMax =
          emitArray(base + "_clamp_max", "int64_t", clamp->getArray("max"));
    }
    if (const json::Object *requantize = quant->getObject("requantize")) {
      entry.multiplier = emitArray(base + "_multiplier", "int64_t",
                                   requantize->getArray("multiplier"));
      entry.shift =
          emitArray(base + "_shift", "int64_t", requantize->getArray("shift"));
    }
    accumulating.push_back(std::move(entry));
  }
  os << "\n#define " << StringRef(prefix).upper() << "_NUM_ACCUMULATING_LAYERS "
     << accumulating.size() << "\n";
  if (!accumulating.empty()) {
    os << "AQ_MAYBE_UNUSED static const aq_accumulating_layer " << prefix
       << "_accumulating_layers[" << accumulating.size() << "] = {\n";
    for (const Accumulating &entry : accumulating) {
      const json::Object &layer = *entry.layer, &quant = *entry.quant;
      const json::Array *in = layer.getArray("inputs");
      const json::Array *out = layer.getArray("outputs");
      auto input = [&](size_t i) -> int64_t {
        return in && in->size() > i ? (*in)[i].getAsInteger().value_or(-1) : -1;
      };
      bool isMatMul = layer.getString("op") == "matmul";
      const json::Array *sums = quant.getArray("weight_sum");
      const json::Object *clamp = quant.getObject("activation_clamp");
      const json::Array *clampMin = clamp ? clamp->getArray("min") : nullptr;
      const json::Object *requantize = quant.getObject("requantize");
      const json::Array *multipliers =
          requantize ? requantize->getArray("multiplier") : nullptr;
      os << "  {" << layer.getInteger("index").value_or(-1) << ", "
         << quote(layer.getString("name").value_or("")) << ", "
         << quote(layer.getString("op").value_or("")) << ", "
         << quote(quant.getString("weight_layout").value_or("")) << ", "
         << input(0) << ", " << input(1) << ", " << (isMatMul ? -1 : input(2))
         << ", "
         << (out && !out->empty() ? out->front().getAsInteger().value_or(-1)
                                  : -1)
         << ", " << (sums ? sums->size() : 0) << ", "
         << format("%.17g", first(quant.getArray("input_scale"), 0.0)) << ", "
         << quant.getInteger("input_zero_point").value_or(0) << ", "
         << quant.getInteger("weight_zero_point").value_or(0) << ", "
         << (quant.getArray("weight_scales")
                 ? quant.getArray("weight_scales")->size()
                 : 0)
         << ", " << entry.weightScales << ", "
         << (quant.getArray("accumulator_scales")
                 ? quant.getArray("accumulator_scales")->size()
                 : 0)
         << ", " << entry.accScales << ", " << entry.weightSum << ", "
         << entry.correction << ", " << (clampMin ? clampMin->size() : 0)
         << ", " << (entry.clampMin.empty() ? "0" : entry.clampMin) << ", "
         << (entry.clampMax.empty() ? "0" : entry.clampMax) << ", "
         << (requantize ? requantize->getInteger("layer").value_or(-1) : -1)
         << ", " << (multipliers ? multipliers->size() : 0) << ", "
         << (entry.multiplier.empty() ? "0" : entry.multiplier) << ", "
         << (entry.shift.empty() ? "0" : entry.shift) << ", "
         << quote(requantize
                      ? requantize->getString("rounding_mode").value_or("")
                      : "")
         << ", "
         << format("%.17g",
                   requantize ? first(requantize->getArray("output_scale"), 0.0)
                              : 0.0)
         << ", "
         << (requantize
                 ? requantize->getInteger("output_zero_point").value_or(0)
                 : 0)
         << "},\n";
    }
    os << "};\n";
  }

  // Entry and exit.
  auto printIo = [&](StringRef name, const json::Array &items,
                     StringRef integerKey) {
    os << "\n#define " << StringRef(prefix).upper() << "_NUM_"
       << StringRef(name).upper() << " " << items.size() << "\n"
       << "AQ_MAYBE_UNUSED static const aq_io " << prefix << "_" << name << "["
       << items.size() << "] = {\n";
    for (const json::Value &item : items) {
      const json::Object &io = *item.getAsObject();
      int64_t tensor = io.getInteger("tensor").value_or(-1);
      double scale =
          io.getNumber("scale").value_or(first(io.getArray("scale"), 0.0));
      os << "  {" << tensor << ", "
         << io.getInteger(integerKey).value_or(tensor) << ", "
         << format("%.17g", scale) << ", "
         << io.getInteger("zero_point").value_or(0) << "},\n";
    }
    os << "};\n";
  };
  printIo("inputs", *inputs, "quantized_tensor");
  printIo("outputs", *outputs, "dequantized_tensor");
  os << "\n#endif /* " << guard << " */\n";
  return Error::success();
}

} // namespace

Error autoquant::printModelCHeader(const json::Value &model, StringRef prefix,
                                   raw_ostream &os) {
  bool isIdentifier =
      !prefix.empty() && !isDigit(prefix.front()) &&
      llvm::all_of(prefix, [](char c) { return isAlnum(c) || c == '_'; });
  if (!isIdentifier)
    return createStringError(inconvertibleErrorCode(),
                             "the prefix '" + prefix +
                                 "' is not a C identifier");
  const json::Object *object = model.getAsObject();
  if (!object)
    return createStringError(inconvertibleErrorCode(),
                             "not an autoquant-model document");
  return HeaderPrinter(*object, prefix, os).print();
}
