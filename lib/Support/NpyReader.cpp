//===- NpyReader.cpp - .npy header parsing and row reads ------------------===//
//
// NpyReader: parses and validates the header of a .npy file (a Python
// literal dictionary: dtype, order, shape) and streams rows, converting
// every element to the requested type under the rules of Npy.h. The bytes
// come from an NpyStream (NpzArchive.cpp), a plain file or a .npz member.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include "NpyInternal.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/bit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace llvm;

namespace autoquant {

using namespace npy_detail;

namespace {

/// NumPy itself refuses headers over 10000 bytes by default; a larger limit
/// still bounds memory against a corrupt length field.
constexpr uint64_t kMaxHeaderBytes = 1 << 20;

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  if (exp == 0) {
    // Zero or subnormal: mant * 2^-24, exact in float.
    float mag = std::ldexp(float(mant), -24);
    return sign ? -mag : mag;
  }
  uint32_t bits = exp == 31 ? sign | 0x7f800000 | (mant << 13)
                            : sign | ((exp + 112) << 23) | (mant << 13);
  return llvm::bit_cast<float>(bits);
}

/// Multi-index of flat element `flat` in a C-order array: "[3, 0]".
std::string formatIndex(ArrayRef<int64_t> shape, int64_t flat) {
  SmallVector<int64_t> idx(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    int64_t d = shape[i] ? shape[i] : 1;
    idx[i] = flat % d;
    flat /= d;
  }
  std::string s = "[";
  for (auto [i, v] : llvm::enumerate(idx))
    s += (i ? ", " : "") + std::to_string(v);
  return s + "]";
}

/// Shortest decimal form that reads back as the same value at the source
/// precision (float16 and float32 values compare as float).
std::string formatFloat(double v, bool asFloat) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v < 0 ? "-inf" : "inf";
  char buf[64];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof(buf), "%.*g", p, v);
    double back = std::strtod(buf, nullptr);
    if (asFloat ? float(back) == float(v) : back == v)
      break;
  }
  return buf;
}

} // namespace

//===----------------------------------------------------------------------===//
// Header parsing
//===----------------------------------------------------------------------===//

namespace {

/// The subset of Python literals a .npy header holds.
struct PyValue {
  enum Kind { Str, Int, Bool, None, Tuple, List, Dict } kind = None;
  std::string str;
  int64_t integer = 0;
  bool boolean = false;
  /// Tuple/list items; for a dict: key, value, key, value, ...
  std::vector<PyValue> items;
  /// Source text, for messages.
  StringRef text;
};

class PyLiteralParser {
public:
  explicit PyLiteralParser(StringRef src) : src(src) {}

  /// Parses the whole input as one literal, trailing whitespace allowed.
  Expected<PyValue> parse() {
    Expected<PyValue> v = value(0);
    if (!v)
      return v.takeError();
    skipSpace();
    if (pos != src.size())
      return fail("unexpected text after the dictionary");
    return v;
  }

private:
  Error fail(const Twine &why) {
    return makeError(why + " at column " + Twine(pos + 1));
  }
  void skipSpace() {
    while (pos < src.size() && isSpace(src[pos]))
      ++pos;
  }

  Expected<PyValue> value(int depth) {
    // A corrupt header must not overflow the stack.
    if (depth > 32)
      return fail("nesting too deep");
    skipSpace();
    if (pos == src.size())
      return fail("unexpected end of header");
    size_t begin = pos;
    PyValue v;
    char c = src[pos];
    if (c == '\'' || c == '"') {
      v.kind = PyValue::Str;
      ++pos;
      while (pos < src.size() && src[pos] != c) {
        if (src[pos] == '\\' && pos + 1 < src.size())
          ++pos;
        v.str += src[pos++];
      }
      if (pos == src.size())
        return fail("unterminated string");
      ++pos;
    } else if (c == '(' || c == '[' || c == '{') {
      char close = c == '(' ? ')' : c == '[' ? ']' : '}';
      v.kind = c == '('   ? PyValue::Tuple
               : c == '[' ? PyValue::List
                          : PyValue::Dict;
      ++pos;
      bool sawComma = false;
      while (true) {
        skipSpace();
        if (pos < src.size() && src[pos] == close) {
          ++pos;
          break;
        }
        if (!v.items.empty() && !sawComma)
          return fail(Twine("expected ',' or '") + Twine(close) + "'");
        Expected<PyValue> item = value(depth + 1);
        if (!item)
          return item.takeError();
        v.items.push_back(std::move(*item));
        skipSpace();
        if (v.kind == PyValue::Dict) {
          if (pos == src.size() || src[pos] != ':')
            return fail("expected ':'");
          ++pos;
          Expected<PyValue> val = value(depth + 1);
          if (!val)
            return val.takeError();
          v.items.push_back(std::move(*val));
          skipSpace();
        }
        sawComma = pos < src.size() && src[pos] == ',';
        if (sawComma)
          ++pos;
      }
      // "(3)" is just 3 in Python; NumPy never writes it, so reject.
      if (v.kind == PyValue::Tuple && v.items.size() == 1 && !sawComma)
        return fail("a one-element tuple needs a trailing comma");
    } else if (c == '-' || isDigit(c)) {
      v.kind = PyValue::Int;
      bool negative = c == '-';
      if (negative)
        ++pos;
      if (pos == src.size() || !isDigit(src[pos]))
        return fail("expected a digit");
      uint64_t mag = 0;
      while (pos < src.size() && isDigit(src[pos])) {
        if (mag > (uint64_t(INT64_MAX) - (src[pos] - '0')) / 10)
          return fail("integer too large");
        mag = mag * 10 + (src[pos++] - '0');
      }
      // Python 2 wrote long integers as "3L".
      if (pos < src.size() && (src[pos] == 'L' || src[pos] == 'l'))
        ++pos;
      v.integer = negative ? -int64_t(mag) : int64_t(mag);
    } else if (isAlpha(c)) {
      while (pos < src.size() && (isAlnum(src[pos]) || src[pos] == '_'))
        ++pos;
      StringRef word = src.slice(begin, pos);
      if (word == "True" || word == "False") {
        v.kind = PyValue::Bool;
        v.boolean = word == "True";
      } else if (word == "None") {
        v.kind = PyValue::None;
      } else {
        pos = begin;
        return fail("unexpected '" + word + "'");
      }
    } else {
      return fail(Twine("unexpected character '") + Twine(c) + "'");
    }
    v.text = src.slice(begin, pos);
    return std::move(v);
  }

  StringRef src;
  size_t pos = 0;
};

struct DtypeEntry {
  StringRef code; // kind and size, as in the descr after the byte order
  ElementType type;
};
constexpr DtypeEntry kDtypes[] = {
    {"b1", ElementType::boolean}, {"i1", ElementType::i8},
    {"u1", ElementType::u8},      {"i2", ElementType::i16},
    {"u2", ElementType::u16},     {"i4", ElementType::i32},
    {"u4", ElementType::u32},     {"i8", ElementType::i64},
    {"u8", ElementType::u64},     {"f2", ElementType::f16},
    {"f4", ElementType::f32},     {"f8", ElementType::f64},
};

Expected<ElementType> parseDescr(const PyValue &descr, StringRef name) {
  if (descr.kind == PyValue::List)
    return makeError(name + ": unsupported dtype " + descr.text +
                     ": structured arrays are not supported");
  if (descr.kind != PyValue::Str)
    return makeError(name + ": malformed header: 'descr' is " + descr.text +
                     ", expected a string");
  StringRef d = descr.str;
  char order = d.empty() ? 0 : d.front();
  StringRef code = StringRef("<>|=").contains(order) ? d.drop_front() : d;
  if (code == "?")
    code = "b1";
  for (const DtypeEntry &e : kDtypes) {
    if (e.code != code)
      continue;
    bool bigEndian = order == '>' || (order == '=' && !sys::IsLittleEndianHost);
    if (bigEndian && elementTypeSize(e.type) > 1)
      return makeError(name + ": big-endian data is not supported (dtype '" +
                       d + "'); convert with a.astype('<" + code + "')");
    return e.type;
  }
  return makeError(name + ": unsupported dtype '" + d +
                   "' (supported: bool, int8, uint8, int16, uint16, int32, "
                   "uint32, int64, uint64, float16, float32, float64)");
}

} // namespace

//===----------------------------------------------------------------------===//
// NpyReader
//===----------------------------------------------------------------------===//

StringRef elementTypeName(ElementType type) {
  switch (type) {
  case ElementType::boolean:
    return "bool";
  case ElementType::i8:
    return "int8";
  case ElementType::u8:
    return "uint8";
  case ElementType::i16:
    return "int16";
  case ElementType::u16:
    return "uint16";
  case ElementType::i32:
    return "int32";
  case ElementType::u32:
    return "uint32";
  case ElementType::i64:
    return "int64";
  case ElementType::u64:
    return "uint64";
  case ElementType::f16:
    return "float16";
  case ElementType::f32:
    return "float32";
  case ElementType::f64:
    return "float64";
  }
  llvm_unreachable("unknown element type");
}

unsigned elementTypeSize(ElementType type) {
  switch (type) {
  case ElementType::boolean:
  case ElementType::i8:
  case ElementType::u8:
    return 1;
  case ElementType::i16:
  case ElementType::u16:
  case ElementType::f16:
    return 2;
  case ElementType::i32:
  case ElementType::u32:
  case ElementType::f32:
    return 4;
  case ElementType::i64:
  case ElementType::u64:
  case ElementType::f64:
    return 8;
  }
  llvm_unreachable("unknown element type");
}

int64_t ArrayInfo::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

NpyReader::NpyReader(std::string name, std::unique_ptr<NpyStream> stream,
                     ArrayInfo info, uint64_t dataOffset)
    : name(std::move(name)), stream(std::move(stream)),
      arrayInfo(std::move(info)), dataOffset(dataOffset) {
  for (int64_t d : ArrayRef<int64_t>(arrayInfo.shape).drop_front())
    elementsPerRow *= d;
}

NpyReader::~NpyReader() = default;

Expected<std::unique_ptr<NpyReader>>
NpyReader::create(std::string name, std::unique_ptr<NpyStream> stream) {
  // What the data bytes are called in size messages.
  StringRef container =
      StringRef(name).contains(": member '") ? "member" : "file";
  uint64_t size = stream->size();

  // Preamble: magic, version, header length (2 bytes in 1.0, 4 after).
  static const char kMagic[] = "\x93NUMPY";
  char pre[12];
  size_t preLen = std::min<uint64_t>(size, 10);
  if (Error e = stream->read(MutableArrayRef<char>(pre, preLen)))
    return std::move(e);
  if (std::memcmp(pre, kMagic, std::min<size_t>(preLen, 6)) != 0)
    return makeError(name + ": not a .npy file (bad magic string)");
  auto tooShort = [&] {
    return makeError(name + ": truncated: the " + container + " has only " +
                     Twine(size) + " bytes, less than a .npy preamble");
  };
  if (preLen < 10)
    return tooShort();
  unsigned major = uint8_t(pre[6]), minor = uint8_t(pre[7]);
  if (major < 1 || major > 3)
    return makeError(name + ": unsupported .npy format version " +
                     Twine(major) + "." + Twine(minor) +
                     " (supported: 1.0, 2.0, 3.0)");
  uint64_t preSize = major == 1 ? 10 : 12;
  if (size < preSize)
    return tooShort();
  if (preSize > 10)
    if (Error e = stream->read(MutableArrayRef<char>(pre + 10, 2)))
      return std::move(e);
  uint64_t headerLen =
      major == 1 ? loadLE<uint16_t>(pre + 8) : loadLE<uint32_t>(pre + 8);
  if (headerLen > kMaxHeaderBytes)
    return makeError(name + ": header length " + Twine(headerLen) +
                     " exceeds the limit of " + Twine(kMaxHeaderBytes) +
                     " bytes");
  if (size - preSize < headerLen)
    return makeError(name + ": truncated header: it needs " + Twine(headerLen) +
                     " bytes but the " + container + " has " +
                     Twine(size - preSize) + " after the preamble");
  std::string header(headerLen, '\0');
  if (Error e = stream->read(MutableArrayRef<char>(header)))
    return std::move(e);

  // The header dict; 3.0 headers are UTF-8, which only matters inside
  // strings.
  Expected<PyValue> dict = PyLiteralParser(header).parse();
  if (!dict)
    return makeError(name +
                     ": malformed header: " + toString(dict.takeError()));
  if (dict->kind != PyValue::Dict)
    return makeError(name + ": malformed header: not a dictionary");
  const PyValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (size_t i = 0; i < dict->items.size(); i += 2) {
    const PyValue &key = dict->items[i];
    if (key.kind != PyValue::Str)
      continue;
    if (key.str == "descr")
      descr = &dict->items[i + 1];
    else if (key.str == "fortran_order")
      fortran = &dict->items[i + 1];
    else if (key.str == "shape")
      shape = &dict->items[i + 1];
  }
  for (auto [ptr, key] :
       {std::pair(descr, "descr"), std::pair(fortran, "fortran_order"),
        std::pair(shape, "shape")})
    if (!ptr)
      return makeError(name + ": malformed header: no '" + key + "' key");

  ArrayInfo info;
  Expected<ElementType> type = parseDescr(*descr, name);
  if (!type)
    return type.takeError();
  info.type = *type;
  if (fortran->kind != PyValue::Bool)
    return makeError(name + ": malformed header: 'fortran_order' is " +
                     fortran->text + ", expected True or False");
  if (fortran->boolean)
    return makeError(name + ": Fortran-order arrays are not supported; save "
                            "np.ascontiguousarray(a) instead");
  if (shape->kind != PyValue::Tuple)
    return makeError(name + ": malformed header: 'shape' is " + shape->text +
                     ", expected a tuple");
  for (const PyValue &d : shape->items) {
    if (d.kind != PyValue::Int || d.integer < 0)
      return makeError(name + ": malformed header: bad dimension " + d.text +
                       " in shape " + shape->text);
    info.shape.push_back(d.integer);
  }
  if (info.shape.empty())
    return makeError(name + ": 0-d array: needs a leading sample dimension");

  // Data size, with overflow checks against corrupt shapes.
  uint64_t dataBytes = elementTypeSize(info.type);
  for (int64_t d : info.shape) {
    if (d && dataBytes > uint64_t(INT64_MAX) / uint64_t(d))
      return makeError(name + ": shape " + shape->text + " is too large");
    dataBytes *= d;
  }
  uint64_t dataOffset = preSize + headerLen;
  uint64_t available = size - dataOffset;
  if (available != dataBytes)
    return makeError(name + ": " +
                     (available < dataBytes ? "truncated" : "size mismatch") +
                     ": header says " + formatShape(info.shape) + " " +
                     elementTypeName(info.type) + " (" + Twine(dataBytes) +
                     " bytes of data) but the " + container + " has " +
                     Twine(available) + " bytes after the header");
  return std::unique_ptr<NpyReader>(new NpyReader(
      std::move(name), std::move(stream), std::move(info), dataOffset));
}

Expected<std::unique_ptr<NpyReader>> NpyReader::open(StringRef path) {
  Expected<File> file = File::open(path);
  if (!file)
    return file.takeError();
  uint64_t size = file->size();
  return create(path.str(), std::make_unique<NpyStream>(
                                path.str(), std::move(*file), 0, size));
}

Error NpyReader::rewind() {
  nextRow = 0;
  failed = true; // until the seek succeeds
  if (Error e = stream->seek(dataOffset))
    return e;
  failed = false;
  return Error::success();
}

namespace {

/// out[i] = widen(element i), for `n` little-endian elements stored as
/// `Stored`.
template <typename Stored, typename Widen>
void widenAll(const char *raw, size_t n, float *out, Widen widen) {
  for (size_t i = 0; i < n; ++i)
    out[i] = widen(loadLE<Stored>(raw + sizeof(Stored) * i));
}

/// Converts `n` raw little-endian elements of `type` to float; never fails.
void convertToFloat(ElementType type, const char *raw, size_t n, float *out) {
  auto toFloat = [](auto value) { return float(value); };
  switch (type) {
  case ElementType::boolean:
    return widenAll<uint8_t>(raw, n, out,
                             [](uint8_t v) { return v != 0 ? 1.0f : 0.0f; });
  case ElementType::i8:
    return widenAll<int8_t>(raw, n, out, toFloat);
  case ElementType::u8:
    return widenAll<uint8_t>(raw, n, out, toFloat);
  case ElementType::i16:
    return widenAll<int16_t>(raw, n, out, toFloat);
  case ElementType::u16:
    return widenAll<uint16_t>(raw, n, out, toFloat);
  case ElementType::i32:
    return widenAll<int32_t>(raw, n, out, toFloat);
  case ElementType::u32:
    return widenAll<uint32_t>(raw, n, out, toFloat);
  case ElementType::i64:
    return widenAll<int64_t>(raw, n, out, toFloat);
  case ElementType::u64:
    return widenAll<uint64_t>(raw, n, out, toFloat);
  case ElementType::f16:
    return widenAll<uint16_t>(raw, n, out, halfToFloat);
  case ElementType::f32:
    return widenAll<uint32_t>(
        raw, n, out, [](uint32_t bits) { return llvm::bit_cast<float>(bits); });
  case ElementType::f64:
    return widenAll<uint64_t>(raw, n, out, [](uint64_t bits) {
      return float(llvm::bit_cast<double>(bits));
    });
  }
}

/// Checked conversion of `n` raw elements to the signed integer type T.
/// `first` is the flat index of raw[0] in the array, for messages.
template <typename T>
Error convertToInt(ElementType type, const char *raw, size_t n, T *out,
                   int64_t first, StringRef name, ArrayRef<int64_t> shape) {
  constexpr int64_t lo = std::numeric_limits<T>::min();
  constexpr int64_t hi = std::numeric_limits<T>::max();
  constexpr ElementType dstType = sizeof(T) == 1   ? ElementType::i8
                                  : sizeof(T) == 4 ? ElementType::i32
                                                   : ElementType::i64;
  auto fail = [&](size_t i, const std::string &value, StringRef why) {
    return makeError(name + ": cannot convert " + elementTypeName(type) +
                     " value " + value + " at index " +
                     formatIndex(shape, first + i) + " to " +
                     elementTypeName(dstType) + ": " + why);
  };
  auto range = [&] {
    return ("out of range [" + Twine(lo) + ", " + Twine(hi) + "]").str();
  };
  auto fromSigned = [&](auto load, unsigned size) -> Error {
    for (size_t i = 0; i < n; ++i) {
      int64_t v = load(raw + size * i);
      if (v < lo || v > hi)
        return fail(i, std::to_string(v), range());
      out[i] = T(v);
    }
    return Error::success();
  };
  auto fromFloat = [&](auto load, unsigned size, bool isFloat) -> Error {
    for (size_t i = 0; i < n; ++i) {
      double v = load(raw + size * i);
      if (!(v == std::trunc(v))) // also NaN
        return fail(i, formatFloat(v, isFloat), "not an integer");
      // -lo is 2^(bits-1), exact in double, unlike hi for int64.
      if (!(v >= double(lo) && v < -double(lo)))
        return fail(i, formatFloat(v, isFloat), range());
      out[i] = T(v);
    }
    return Error::success();
  };
  switch (type) {
  case ElementType::boolean:
    for (size_t i = 0; i < n; ++i)
      out[i] = raw[i] != 0 ? 1 : 0;
    return Error::success();
  case ElementType::i8:
    return fromSigned([](const char *p) { return int64_t(int8_t(*p)); }, 1);
  case ElementType::u8:
    return fromSigned([](const char *p) { return int64_t(uint8_t(*p)); }, 1);
  case ElementType::i16:
    return fromSigned([](const char *p) { return loadLE<int16_t>(p); }, 2);
  case ElementType::u16:
    return fromSigned([](const char *p) { return loadLE<uint16_t>(p); }, 2);
  case ElementType::i32:
    return fromSigned([](const char *p) { return loadLE<int32_t>(p); }, 4);
  case ElementType::u32:
    return fromSigned(
        [](const char *p) { return int64_t(loadLE<uint32_t>(p)); }, 4);
  case ElementType::i64:
    return fromSigned([](const char *p) { return loadLE<int64_t>(p); }, 8);
  case ElementType::u64:
    for (size_t i = 0; i < n; ++i) {
      uint64_t v = loadLE<uint64_t>(raw + 8 * i);
      if (v > uint64_t(hi))
        return fail(i, std::to_string(v), range());
      out[i] = T(v);
    }
    return Error::success();
  case ElementType::f16:
    return fromFloat(
        [](const char *p) { return double(halfToFloat(loadLE<uint16_t>(p))); },
        2, true);
  case ElementType::f32:
    return fromFloat(
        [](const char *p) {
          return double(llvm::bit_cast<float>(loadLE<uint32_t>(p)));
        },
        4, true);
  case ElementType::f64:
    return fromFloat(
        [](const char *p) {
          return llvm::bit_cast<double>(loadLE<uint64_t>(p));
        },
        8, false);
  }
  llvm_unreachable("unknown element type");
}

} // namespace

template <typename T> Error NpyReader::readRows(int64_t count, T *out) {
  if (failed)
    return makeError(name + ": a previous read failed; rewind() before "
                            "reading again");
  if (count < 0)
    return makeError(name + ": cannot read a negative number of rows (" +
                     Twine(count) + ")");
  if (count > numRows() - nextRow)
    return makeError(name + ": cannot read " + Twine(count) +
                     (count == 1 ? " row" : " rows") + " at row " +
                     Twine(nextRow) + ": only " + Twine(numRows() - nextRow) +
                     " of " + Twine(numRows()) + " rows remain");
  unsigned elemSize = elementTypeSize(arrayInfo.type);
  uint64_t total = uint64_t(count) * elementsPerRow;
  uint64_t first = uint64_t(nextRow) * elementsPerRow;
  if (total && chunk.empty())
    chunk.resize(kChunkBytes);
  size_t chunkElems = kChunkBytes / elemSize;
  for (uint64_t done = 0; done < total;) {
    size_t n = std::min<uint64_t>(chunkElems, total - done);
    Error e = stream->read(MutableArrayRef<char>(chunk.data(), n * elemSize));
    if (!e) {
      if constexpr (std::is_same_v<T, float>)
        convertToFloat(arrayInfo.type, chunk.data(), n, out + done);
      else
        e = convertToInt(arrayInfo.type, chunk.data(), n, out + done,
                         first + done, name, arrayInfo.shape);
    }
    if (e) {
      // The stream stopped mid-batch; only rewind() restores a known state.
      failed = true;
      return e;
    }
    done += n;
  }
  nextRow += count;
  return Error::success();
}

Error NpyReader::readRowsAsFloat(int64_t count, float *out) {
  return readRows(count, out);
}
Error NpyReader::readRowsAsInt8(int64_t count, int8_t *out) {
  return readRows(count, out);
}
Error NpyReader::readRowsAsInt32(int64_t count, int32_t *out) {
  return readRows(count, out);
}
Error NpyReader::readRowsAsInt64(int64_t count, int64_t *out) {
  return readRows(count, out);
}

} // namespace autoquant
