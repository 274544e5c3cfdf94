//===- NpyTest.cpp - Streaming .npy/.npz reader and writer ----------------===//
//
// The files under data/ come from scripts/make_npy_testdata.py; the values
// expected here are the ones that script writes.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

using namespace autoquant;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    if (Error err_ = (expr))                                                   \
      FAIL() << llvm::toString(std::move(err_));                               \
  } while (0)

namespace {

std::string dataPath(StringRef name) {
  return (StringRef(AUTOQUANT_NPY_TESTDATA) + "/" + name).str();
}

/// The message of an Error that should be a failure.
std::string errorMessage(Error err) {
  if (!err)
    return "<success>";
  return llvm::toString(std::move(err));
}

template <typename T> std::string errorMessage(Expected<T> value) {
  if (value)
    return "<success>";
  return llvm::toString(value.takeError());
}

std::unique_ptr<NpyReader> openNpy(StringRef name) {
  Expected<std::unique_ptr<NpyReader>> reader = NpyReader::open(dataPath(name));
  if (!reader) {
    ADD_FAILURE() << llvm::toString(reader.takeError());
    return nullptr;
  }
  return std::move(*reader);
}

std::unique_ptr<NpyReader> openMember(StringRef name, StringRef member) {
  Expected<std::unique_ptr<NpyReader>> reader =
      NpyReader::openNpzMember(dataPath(name), member);
  if (!reader) {
    ADD_FAILURE() << llvm::toString(reader.takeError());
    return nullptr;
  }
  return std::move(*reader);
}

std::string openError(StringRef name) {
  return errorMessage(NpyReader::open(dataPath(name)));
}

std::string memberError(StringRef name, StringRef member) {
  return errorMessage(NpyReader::openNpzMember(dataPath(name), member));
}

/// All rows of `reader` as T, through the matching readRowsAs*.
template <typename T>
Error readAll(NpyReader &reader, std::vector<T> &out, int64_t rows = -1) {
  if (rows < 0)
    rows = reader.numRows() - reader.currentRow();
  out.assign(rows * reader.rowElements(), T());
  if constexpr (std::is_same_v<T, float>)
    return reader.readRowsAsFloat(rows, out.data());
  else if constexpr (std::is_same_v<T, int8_t>)
    return reader.readRowsAsInt8(rows, out.data());
  else if constexpr (std::is_same_v<T, int32_t>)
    return reader.readRowsAsInt32(rows, out.data());
  else
    return reader.readRowsAsInt64(rows, out.data());
}

/// Reads every row of data file `name` as T, expecting success.
template <typename T> std::vector<T> readFile(StringRef name) {
  std::vector<T> out;
  std::unique_ptr<NpyReader> reader = openNpy(name);
  if (!reader)
    return out;
  if (Error err = readAll(*reader, out))
    ADD_FAILURE() << name.str() << ": " << llvm::toString(std::move(err));
  return out;
}

/// The error of reading every row of data file `name` as T.
template <typename T> std::string readFileError(StringRef name) {
  std::unique_ptr<NpyReader> reader = openNpy(name);
  if (!reader)
    return "<open failed>";
  std::vector<T> out;
  return errorMessage(readAll(*reader, out));
}

/// Expected values 4x3 of the v*_f32.npy files: i * 0.5 - 2.
std::vector<float> versionValues() {
  std::vector<float> v;
  for (int i = 0; i < 12; ++i)
    v.push_back(i * 0.5f - 2.0f);
  return v;
}

/// x of the .npz files: arange(20).reshape(5, 4) / 4.
std::vector<float> npzX() {
  std::vector<float> v;
  for (int i = 0; i < 20; ++i)
    v.push_back(i / 4.0f);
  return v;
}

constexpr float kInf = std::numeric_limits<float>::infinity();

/// A fresh directory, removed with its files at the end of the test.
class TempDir {
public:
  TempDir() {
    std::error_code ec =
        llvm::sys::fs::createUniqueDirectory("autoquant-npy", path);
    EXPECT_FALSE(ec) << ec.message();
  }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
  std::string file(StringRef name) const {
    return (path.str() + "/" + name).str();
  }

private:
  llvm::SmallString<128> path;
};

std::string readBytes(StringRef path) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    ADD_FAILURE() << path.str() << ": " << buf.getError().message();
    return "";
  }
  return (*buf)->getBuffer().str();
}

//===----------------------------------------------------------------------===//
// .npy versions, dtypes and conversions
//===----------------------------------------------------------------------===//

TEST(NpyReader, Versions) {
  for (StringRef name : {"v1_f32.npy", "v2_f32.npy", "v3_f32.npy"}) {
    SCOPED_TRACE(name.str());
    std::unique_ptr<NpyReader> reader = openNpy(name);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->info().type, ElementType::f32);
    EXPECT_EQ(reader->info().shape, (std::vector<int64_t>{4, 3}));
    EXPECT_EQ(reader->info().numElements(), 12);
    EXPECT_EQ(reader->numRows(), 4);
    EXPECT_EQ(reader->rowElements(), 3);
    EXPECT_EQ(reader->displayName(), dataPath(name));
    std::vector<float> values;
    ASSERT_OK(readAll(*reader, values));
    EXPECT_EQ(values, versionValues());
  }
}

TEST(NpyReader, ElementTypeNamesAndSizes) {
  EXPECT_EQ(elementTypeName(ElementType::boolean), "bool");
  EXPECT_EQ(elementTypeName(ElementType::u16), "uint16");
  EXPECT_EQ(elementTypeName(ElementType::f16), "float16");
  EXPECT_EQ(elementTypeSize(ElementType::boolean), 1u);
  EXPECT_EQ(elementTypeSize(ElementType::f16), 2u);
  EXPECT_EQ(elementTypeSize(ElementType::u32), 4u);
  EXPECT_EQ(elementTypeSize(ElementType::f64), 8u);
}

TEST(NpyReader, DtypeTypes) {
  struct Case {
    const char *file;
    ElementType type;
  } cases[] = {
      {"dtype_bool.npy", ElementType::boolean},
      {"dtype_int8.npy", ElementType::i8},
      {"dtype_uint8.npy", ElementType::u8},
      {"dtype_int16.npy", ElementType::i16},
      {"dtype_uint16.npy", ElementType::u16},
      {"dtype_int32.npy", ElementType::i32},
      {"dtype_uint32.npy", ElementType::u32},
      {"dtype_int64.npy", ElementType::i64},
      {"dtype_uint64.npy", ElementType::u64},
      {"dtype_float16.npy", ElementType::f16},
      {"dtype_float32.npy", ElementType::f32},
      {"dtype_float64.npy", ElementType::f64},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.file);
    std::unique_ptr<NpyReader> reader = openNpy(c.file);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->info().type, c.type);
    EXPECT_EQ(reader->info().shape, (std::vector<int64_t>{2, 3}));
  }
}

TEST(NpyReader, Bool) {
  EXPECT_EQ(readFile<float>("dtype_bool.npy"),
            (std::vector<float>{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(readFile<int8_t>("dtype_bool.npy"),
            (std::vector<int8_t>{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(readFile<int32_t>("dtype_bool.npy"),
            (std::vector<int32_t>{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(readFile<int64_t>("dtype_bool.npy"),
            (std::vector<int64_t>{1, 0, 1, 0, 0, 1}));
}

TEST(NpyReader, Int8AndUInt8) {
  EXPECT_EQ(readFile<float>("dtype_int8.npy"),
            (std::vector<float>{-128, -1, 0, 1, 2, 127}));
  EXPECT_EQ(readFile<int8_t>("dtype_int8.npy"),
            (std::vector<int8_t>{-128, -1, 0, 1, 2, 127}));
  EXPECT_EQ(readFile<int64_t>("dtype_int8.npy"),
            (std::vector<int64_t>{-128, -1, 0, 1, 2, 127}));
  EXPECT_EQ(readFile<float>("dtype_uint8.npy"),
            (std::vector<float>{0, 1, 2, 128, 254, 255}));
  EXPECT_EQ(readFile<int32_t>("dtype_uint8.npy"),
            (std::vector<int32_t>{0, 1, 2, 128, 254, 255}));
  EXPECT_EQ(readFileError<int8_t>("dtype_uint8.npy"),
            dataPath("dtype_uint8.npy") +
                ": cannot convert uint8 value 128 at index [1, 0] to int8: "
                "out of range [-128, 127]");
}

TEST(NpyReader, Int16AndUInt16) {
  EXPECT_EQ(readFile<float>("dtype_int16.npy"),
            (std::vector<float>{-32768, -1, 0, 1, 1000, 32767}));
  EXPECT_EQ(readFile<int32_t>("dtype_int16.npy"),
            (std::vector<int32_t>{-32768, -1, 0, 1, 1000, 32767}));
  EXPECT_EQ(readFileError<int8_t>("dtype_int16.npy"),
            dataPath("dtype_int16.npy") +
                ": cannot convert int16 value -32768 at index [0, 0] to int8: "
                "out of range [-128, 127]");
  EXPECT_EQ(readFile<float>("dtype_uint16.npy"),
            (std::vector<float>{0, 1, 2, 1000, 40000, 65535}));
  EXPECT_EQ(readFile<int64_t>("dtype_uint16.npy"),
            (std::vector<int64_t>{0, 1, 2, 1000, 40000, 65535}));
}

TEST(NpyReader, Int32AndUInt32) {
  // 2^24 + 1 and 2^31 - 1 are not floats: round to nearest.
  EXPECT_EQ(readFile<float>("dtype_int32.npy"),
            (std::vector<float>{-2147483648.0f, -1, 0, 1, 16777216.0f,
                                2147483648.0f}));
  EXPECT_EQ(readFile<int32_t>("dtype_int32.npy"),
            (std::vector<int32_t>{INT32_MIN, -1, 0, 1, 16777217, INT32_MAX}));
  EXPECT_EQ(readFile<int64_t>("dtype_int32.npy"),
            (std::vector<int64_t>{INT32_MIN, -1, 0, 1, 16777217, INT32_MAX}));
  EXPECT_EQ(readFileError<int8_t>("dtype_int32.npy"),
            dataPath("dtype_int32.npy") +
                ": cannot convert int32 value -2147483648 at index [0, 0] to "
                "int8: out of range [-128, 127]");
  EXPECT_EQ(readFile<int64_t>("dtype_uint32.npy"),
            (std::vector<int64_t>{0, 1, 2, 3, 4000000000, 4294967295}));
  EXPECT_EQ(readFile<float>("dtype_uint32.npy"),
            (std::vector<float>{0, 1, 2, 3, 4e9f, 4294967296.0f}));
  EXPECT_EQ(readFileError<int32_t>("dtype_uint32.npy"),
            dataPath("dtype_uint32.npy") +
                ": cannot convert uint32 value 4000000000 at index [1, 1] to "
                "int32: out of range [-2147483648, 2147483647]");
}

TEST(NpyReader, Int64AndUInt64) {
  EXPECT_EQ(
      readFile<int64_t>("dtype_int64.npy"),
      (std::vector<int64_t>{INT64_MIN, -1, 0, 1, int64_t(1) << 40, INT64_MAX}));
  EXPECT_EQ(readFile<float>("dtype_int64.npy"),
            (std::vector<float>{-9223372036854775808.0f, -1, 0, 1,
                                1099511627776.0f, 9223372036854775808.0f}));
  EXPECT_EQ(readFileError<int32_t>("dtype_int64.npy"),
            dataPath("dtype_int64.npy") +
                ": cannot convert int64 value -9223372036854775808 at index "
                "[0, 0] to int32: out of range [-2147483648, 2147483647]");
  EXPECT_EQ(readFile<float>("dtype_uint64.npy"),
            (std::vector<float>{0, 1, 2, 3, 1099511627776.0f,
                                18446744073709551616.0f}));
  EXPECT_EQ(readFileError<int64_t>("dtype_uint64.npy"),
            dataPath("dtype_uint64.npy") +
                ": cannot convert uint64 value 18446744073709551615 at index "
                "[1, 2] to int64: out of range [-9223372036854775808, "
                "9223372036854775807]");
  // The rows before the offending value convert.
  std::unique_ptr<NpyReader> reader = openNpy("dtype_uint64.npy");
  ASSERT_TRUE(reader);
  std::vector<int64_t> row;
  ASSERT_OK(readAll(*reader, row, 1));
  EXPECT_EQ(row, (std::vector<int64_t>{0, 1, 2}));
}

TEST(NpyReader, Float16) {
  std::vector<float> values = readFile<float>("dtype_float16.npy");
  EXPECT_EQ(values,
            (std::vector<float>{-2.5f, -0.0f, std::ldexp(1.0f, -24), 1.0f,
                                65504.0f, std::ldexp(1.0f, -14)}));
  ASSERT_EQ(values.size(), 6u);
  EXPECT_TRUE(std::signbit(values[1]));
  EXPECT_EQ(readFileError<int32_t>("dtype_float16.npy"),
            dataPath("dtype_float16.npy") +
                ": cannot convert float16 value -2.5 at index [0, 0] to "
                "int32: not an integer");
}

TEST(NpyReader, Float32) {
  EXPECT_EQ(readFile<float>("dtype_float32.npy"),
            (std::vector<float>{-1.5f, 0.25f, 3.0f, 100.0f, -7.0f, 1e30f}));
  EXPECT_EQ(readFileError<int64_t>("dtype_float32.npy"),
            dataPath("dtype_float32.npy") +
                ": cannot convert float32 value -1.5 at index [0, 0] to "
                "int64: not an integer");
  EXPECT_EQ(readFile<int8_t>("integral_float32.npy"),
            (std::vector<int8_t>{-128, 0, 127, 1, 2, 3}));
  EXPECT_EQ(readFile<int32_t>("integral_float32.npy"),
            (std::vector<int32_t>{-128, 0, 127, 1, 2, 3}));
}

TEST(NpyReader, Float64) {
  // Rounds to nearest; beyond the float range becomes inf.
  EXPECT_EQ(readFile<float>("dtype_float64.npy"),
            (std::vector<float>{0.1f, -2.0f, 3.0f, kInf, 127.0f, -128.0f}));
  EXPECT_EQ(readFileError<int8_t>("dtype_float64.npy"),
            dataPath("dtype_float64.npy") +
                ": cannot convert float64 value 0.1 at index [0, 0] to int8: "
                "not an integer");
  EXPECT_EQ(readFile<int64_t>("integral_float64.npy"),
            (std::vector<int64_t>{-128, 0, 127, 128, int64_t(1) << 40, -1}));
  EXPECT_EQ(readFileError<int8_t>("integral_float64.npy"),
            dataPath("integral_float64.npy") +
                ": cannot convert float64 value 128 at index [1, 0] to int8: "
                "out of range [-128, 127]");
  EXPECT_EQ(readFileError<int32_t>("integral_float64.npy"),
            dataPath("integral_float64.npy") +
                ": cannot convert float64 value 1099511627776 at index [1, 1] "
                "to int32: out of range [-2147483648, 2147483647]");
}

TEST(NpyReader, Shapes) {
  std::unique_ptr<NpyReader> rows3d = openNpy("rows_3d.npy");
  ASSERT_TRUE(rows3d);
  EXPECT_EQ(rows3d->numRows(), 4);
  EXPECT_EQ(rows3d->rowElements(), 6);
  std::vector<int32_t> batch;
  ASSERT_OK(readAll(*rows3d, batch, 3));
  for (int i = 0; i < 18; ++i)
    EXPECT_EQ(batch[i], i);
  ASSERT_OK(readAll(*rows3d, batch, 1));
  EXPECT_EQ(batch, (std::vector<int32_t>{18, 19, 20, 21, 22, 23}));

  std::unique_ptr<NpyReader> vector = openNpy("vector_int64.npy");
  ASSERT_TRUE(vector);
  EXPECT_EQ(vector->numRows(), 3);
  EXPECT_EQ(vector->rowElements(), 1);
  std::vector<int64_t> values;
  ASSERT_OK(readAll(*vector, values));
  EXPECT_EQ(values, (std::vector<int64_t>{5, -6, 7}));

  std::unique_ptr<NpyReader> empty = openNpy("empty_rows.npy");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->numRows(), 0);
  EXPECT_EQ(empty->rowElements(), 3);
  EXPECT_EQ(empty->info().numElements(), 0);
  ASSERT_OK(empty->readRowsAsFloat(0, nullptr));
  float dummy[3];
  EXPECT_EQ(errorMessage(empty->readRowsAsFloat(1, dummy)),
            dataPath("empty_rows.npy") +
                ": cannot read 1 row at row 0: only 0 of 0 rows remain");
}

TEST(NpyReader, LenientHeaders) {
  // Double quotes, odd spacing, trailing commas, key order; Python 2 'L'.
  for (StringRef name : {"odd_header.npy", "long_suffix.npy"}) {
    SCOPED_TRACE(name.str());
    std::unique_ptr<NpyReader> reader = openNpy(name);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->info().type, ElementType::i32);
    EXPECT_EQ(reader->info().shape, (std::vector<int64_t>{2, 3}));
    std::vector<int32_t> values;
    ASSERT_OK(readAll(*reader, values));
    EXPECT_EQ(values, (std::vector<int32_t>{0, 1, 2, 3, 4, 5}));
  }
}

//===----------------------------------------------------------------------===//
// Sequential reads and rewind
//===----------------------------------------------------------------------===//

TEST(NpyReader, PartialLastRead) {
  std::unique_ptr<NpyReader> reader = openNpy("v1_f32.npy");
  ASSERT_TRUE(reader);
  std::vector<float> all = versionValues();
  std::vector<float> batch;
  ASSERT_OK(readAll(*reader, batch, 3));
  EXPECT_EQ(batch, std::vector<float>(all.begin(), all.begin() + 9));
  EXPECT_EQ(reader->currentRow(), 3);

  // More rows than remain: an error that leaves the position alone.
  float out[6];
  EXPECT_EQ(errorMessage(reader->readRowsAsFloat(2, out)),
            dataPath("v1_f32.npy") +
                ": cannot read 2 rows at row 3: only 1 of 4 rows remain");
  EXPECT_EQ(reader->currentRow(), 3);
  // Exactly the remaining rows.
  ASSERT_OK(readAll(*reader, batch, 1));
  EXPECT_EQ(batch, std::vector<float>(all.begin() + 9, all.end()));
  EXPECT_EQ(reader->currentRow(), 4);
  EXPECT_EQ(errorMessage(reader->readRowsAsFloat(1, out)),
            dataPath("v1_f32.npy") +
                ": cannot read 1 row at row 4: only 0 of 4 rows remain");
  ASSERT_OK(reader->readRowsAsFloat(0, out));
  EXPECT_EQ(errorMessage(reader->readRowsAsFloat(-1, out)),
            dataPath("v1_f32.npy") +
                ": cannot read a negative number of rows (-1)");
}

TEST(NpyReader, Rewind) {
  std::unique_ptr<NpyReader> reader = openNpy("v2_f32.npy");
  ASSERT_TRUE(reader);
  std::vector<float> first, second;
  ASSERT_OK(readAll(*reader, first, 2));
  ASSERT_OK(reader->rewind());
  EXPECT_EQ(reader->currentRow(), 0);
  ASSERT_OK(readAll(*reader, second));
  EXPECT_EQ(second, versionValues());
  ASSERT_OK(reader->rewind());
  ASSERT_OK(readAll(*reader, second));
  EXPECT_EQ(second, versionValues());
}

TEST(NpyReader, FailedReadNeedsRewind) {
  std::unique_ptr<NpyReader> reader = openNpy("dtype_uint8.npy");
  ASSERT_TRUE(reader);
  std::vector<int8_t> bytes;
  EXPECT_NE(errorMessage(readAll(*reader, bytes)), "<success>");
  std::vector<int32_t> ints;
  EXPECT_EQ(errorMessage(readAll(*reader, ints, 1)),
            dataPath("dtype_uint8.npy") +
                ": a previous read failed; rewind() before reading again");
  ASSERT_OK(reader->rewind());
  ASSERT_OK(readAll(*reader, ints));
  EXPECT_EQ(ints, (std::vector<int32_t>{0, 1, 2, 128, 254, 255}));
}

//===----------------------------------------------------------------------===//
// .npy errors
//===----------------------------------------------------------------------===//

TEST(NpyReader, UnsupportedLayoutsAndDtypes) {
  EXPECT_EQ(openError("fortran.npy"),
            dataPath("fortran.npy") +
                ": Fortran-order arrays are not supported; save "
                "np.ascontiguousarray(a) instead");
  EXPECT_EQ(openError("bigendian.npy"),
            dataPath("bigendian.npy") +
                ": big-endian data is not supported (dtype '>f4'); convert "
                "with a.astype('<f4')");
  const char *supported = " (supported: bool, int8, uint8, int16, uint16, "
                          "int32, uint32, int64, uint64, float16, float32, "
                          "float64)";
  EXPECT_EQ(openError("complex64.npy"), dataPath("complex64.npy") +
                                            ": unsupported dtype '<c8'" +
                                            supported);
  EXPECT_EQ(openError("object.npy"),
            dataPath("object.npy") + ": unsupported dtype '|O'" + supported);
  EXPECT_EQ(openError("structured.npy"),
            dataPath("structured.npy") +
                ": unsupported dtype [('a', '<f4'), ('b', '<i4')]: structured "
                "arrays are not supported");
  EXPECT_EQ(openError("scalar.npy"),
            dataPath("scalar.npy") +
                ": 0-d array: needs a leading sample dimension");
}

TEST(NpyReader, MalformedFiles) {
  EXPECT_EQ(openError("missing_key.npy"),
            dataPath("missing_key.npy") +
                ": malformed header: no 'fortran_order' key");
  EXPECT_EQ(openError("bad_syntax.npy"),
            dataPath("bad_syntax.npy") +
                ": malformed header: expected ',' or ')' at column 56");
  EXPECT_EQ(openError("negative_dim.npy"),
            dataPath("negative_dim.npy") +
                ": malformed header: bad dimension -2 in shape (-2, 3)");
  EXPECT_EQ(openError("version4.npy"),
            dataPath("version4.npy") +
                ": unsupported .npy format version 4.0 (supported: 1.0, 2.0, "
                "3.0)");
  EXPECT_EQ(openError("bad_magic.npy"),
            dataPath("bad_magic.npy") + ": not a .npy file (bad magic string)");
  EXPECT_EQ(openError("missing.npy"),
            dataPath("missing.npy") +
                ": cannot open: No such file or directory");
  EXPECT_EQ(errorMessage(NpyReader::open(AUTOQUANT_NPY_TESTDATA)),
            std::string(AUTOQUANT_NPY_TESTDATA) + ": is a directory");
}

TEST(NpyReader, Truncated) {
  EXPECT_EQ(openError("truncated_data.npy"),
            dataPath("truncated_data.npy") +
                ": truncated: header says 512x28x28x1 float32 (1605632 bytes "
                "of data) but the file has 1000 bytes after the header");
  EXPECT_EQ(openError("truncated_header.npy"),
            dataPath("truncated_header.npy") +
                ": truncated header: it needs 118 bytes but the file has 30 "
                "after the preamble");
  EXPECT_EQ(openError("trailing_bytes.npy"),
            dataPath("trailing_bytes.npy") +
                ": size mismatch: header says 4x3 float32 (48 bytes of data) "
                "but the file has 56 bytes after the header");
  TempDir dir;
  std::string tiny = dir.file("tiny.npy");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tiny, ec);
    ASSERT_FALSE(ec);
    os << "\x93NUMPY\x01";
  }
  EXPECT_EQ(errorMessage(NpyReader::open(tiny)),
            tiny + ": truncated: the file has only 7 bytes, less than a .npy "
                   "preamble");
}

//===----------------------------------------------------------------------===//
// .npz
//===----------------------------------------------------------------------===//

TEST(NpzReader, ListMembers) {
  using Names = std::vector<std::string>;
  auto list = [](StringRef name) {
    Expected<Names> names = NpyReader::listNpzMembers(dataPath(name));
    if (!names) {
      ADD_FAILURE() << llvm::toString(names.takeError());
      return Names();
    }
    return *names;
  };
  EXPECT_EQ(list("stored.npz"), (Names{"x", "y", "mask"}));
  EXPECT_EQ(list("deflated.npz"), (Names{"x", "y", "mask"}));
  EXPECT_EQ(list("positional.npz"), (Names{"arr_0", "arr_1"}));
  EXPECT_EQ(list("zip64.npz"), (Names{"x", "y"}));
  EXPECT_EQ(list("mixed.npz"), (Names{"readme.txt", "c", "ok"}));
}

TEST(NpzReader, StoredAndDeflatedMembers) {
  for (StringRef archive : {"stored.npz", "deflated.npz", "zip64.npz"}) {
    SCOPED_TRACE(archive.str());
    std::unique_ptr<NpyReader> x = openMember(archive, "x");
    ASSERT_TRUE(x);
    EXPECT_EQ(x->displayName(), dataPath(archive) + ": member 'x'");
    EXPECT_EQ(x->info().type, ElementType::f32);
    EXPECT_EQ(x->info().shape, (std::vector<int64_t>{5, 4}));
    std::vector<float> xs;
    ASSERT_OK(readAll(*x, xs));
    EXPECT_EQ(xs, npzX());

    // The ".npy" suffix is optional.
    std::unique_ptr<NpyReader> y = openMember(archive, "y.npy");
    ASSERT_TRUE(y);
    EXPECT_EQ(y->info().type, ElementType::i64);
    std::vector<int64_t> ys;
    ASSERT_OK(readAll(*y, ys));
    EXPECT_EQ(ys, (std::vector<int64_t>{3, 1, 4, 1, 5}));
  }
  for (StringRef archive : {"stored.npz", "deflated.npz"}) {
    std::unique_ptr<NpyReader> mask = openMember(archive, "mask");
    ASSERT_TRUE(mask);
    EXPECT_EQ(mask->info().type, ElementType::boolean);
    std::vector<float> values;
    ASSERT_OK(readAll(*mask, values));
    EXPECT_EQ(values, (std::vector<float>{1, 0, 0, 1, 1, 1, 0, 0, 1, 0}));
  }
  std::unique_ptr<NpyReader> arr1 = openMember("positional.npz", "arr_1");
  ASSERT_TRUE(arr1);
  std::vector<int32_t> ys;
  ASSERT_OK(readAll(*arr1, ys));
  EXPECT_EQ(ys, (std::vector<int32_t>{3, 1, 4, 1, 5}));
}

TEST(NpzReader, InterleavedMembersAndRewind) {
  for (StringRef archive : {"stored.npz", "deflated.npz"}) {
    SCOPED_TRACE(archive.str());
    std::unique_ptr<NpyReader> x = openMember(archive, "x");
    std::unique_ptr<NpyReader> y = openMember(archive, "y");
    ASSERT_TRUE(x && y);
    std::vector<float> expectX = npzX();
    std::vector<int64_t> expectY = {3, 1, 4, 1, 5};
    for (int pass = 0; pass < 2; ++pass) {
      // Batches of 2, 2, 1 rows, alternating between the members.
      for (int64_t row = 0; row < 5; row += 2) {
        int64_t n = std::min<int64_t>(2, 5 - row);
        std::vector<float> xs;
        std::vector<int64_t> yv;
        ASSERT_OK(readAll(*x, xs, n));
        ASSERT_OK(readAll(*y, yv, n));
        EXPECT_EQ(xs, std::vector<float>(expectX.begin() + row * 4,
                                         expectX.begin() + (row + n) * 4));
        EXPECT_EQ(yv, std::vector<int64_t>(expectY.begin() + row,
                                           expectY.begin() + row + n));
      }
      ASSERT_OK(x->rewind());
      ASSERT_OK(y->rewind());
    }
    // Rewind from the middle of a deflated stream.
    std::vector<float> xs;
    ASSERT_OK(readAll(*x, xs, 3));
    ASSERT_OK(x->rewind());
    ASSERT_OK(readAll(*x, xs));
    EXPECT_EQ(xs, expectX);
  }
}

TEST(NpzReader, Errors) {
  EXPECT_EQ(memberError("stored.npz", "input"),
            dataPath("stored.npz") +
                ": no member 'input'; members: x, y, mask");
  EXPECT_EQ(memberError("bzip2.npz", "x"),
            dataPath("bzip2.npz") +
                ": member 'x': unsupported compression method 12 (only stored "
                "and deflated members are supported)");
  std::string notZip = ": not a zip archive (no end-of-central-directory "
                       "record; truncated?)";
  EXPECT_EQ(
      errorMessage(NpyReader::listNpzMembers(dataPath("cut_archive.npz"))),
      dataPath("cut_archive.npz") + notZip);
  EXPECT_EQ(memberError("cut_archive.npz", "x"),
            dataPath("cut_archive.npz") + notZip);
  EXPECT_EQ(memberError("v1_f32.npy", "x"), dataPath("v1_f32.npy") + notZip);
  EXPECT_EQ(memberError("missing.npz", "x"),
            dataPath("missing.npz") +
                ": cannot open: No such file or directory");
  EXPECT_EQ(memberError("mixed.npz", "c"),
            dataPath("mixed.npz") +
                ": member 'c': unsupported dtype '<c8' (supported: bool, int8, "
                "uint8, int16, uint16, int32, uint32, int64, uint64, float16, "
                "float32, float64)");
  EXPECT_EQ(memberError("mixed.npz", "readme.txt"),
            dataPath("mixed.npz") +
                ": member 'readme.txt': not a .npy file (bad magic string)");
  EXPECT_TRUE(openMember("mixed.npz", "ok"));
}

TEST(NpzReader, Truncated) {
  // Stored: detected at open from the sizes.
  EXPECT_EQ(memberError("truncated_stored.npz", "x"),
            dataPath("truncated_stored.npz") +
                ": member 'x': truncated: header says 5x4 float32 (80 bytes "
                "of data) but the member has 70 bytes after the header");
  EXPECT_TRUE(openMember("truncated_stored.npz", "y"));
  // Deflated, the directory's size already short: detected at open.
  EXPECT_EQ(memberError("truncated_deflated_size.npz", "x"),
            dataPath("truncated_deflated_size.npz") +
                ": member 'x': truncated: header says 5x4 float32 (80 bytes "
                "of data) but the member has 70 bytes after the header");

  // Deflated, the stream itself cut: detected by the read that needs the
  // missing bytes.
  std::unique_ptr<NpyReader> x =
      openMember("truncated_deflated_stream.npz", "x");
  ASSERT_TRUE(x);
  std::vector<float> xs;
  ASSERT_OK(readAll(*x, xs, 2));
  std::vector<float> expectX = npzX();
  EXPECT_EQ(xs, std::vector<float>(expectX.begin(), expectX.begin() + 8));
  std::string prefix = dataPath("truncated_deflated_stream.npz") +
                       ": member 'x': truncated: the compressed data ends "
                       "after ";
  std::string message = errorMessage(readAll(*x, xs, 3));
  EXPECT_EQ(message.substr(0, prefix.size()), prefix) << message;
  EXPECT_NE(message.find(" of 208 bytes"), std::string::npos) << message;

  std::unique_ptr<NpyReader> corrupt = openMember("corrupt_deflated.npz", "x");
  ASSERT_TRUE(corrupt);
  EXPECT_EQ(errorMessage(readAll(*corrupt, xs)),
            dataPath("corrupt_deflated.npz") +
                ": member 'x': corrupt deflate data after 150 bytes: invalid "
                "block type");
}

TEST(NpzReader, CrcMismatch) {
  std::unique_ptr<NpyReader> x = openMember("bad_crc.npz", "x");
  ASSERT_TRUE(x);
  std::vector<float> xs;
  // The CRC is known once the last byte has been read.
  ASSERT_OK(readAll(*x, xs, 4));
  std::string message = errorMessage(readAll(*x, xs, 1));
  std::string prefix = dataPath("bad_crc.npz") +
                       ": member 'x': CRC-32 mismatch (archive says 0x";
  EXPECT_EQ(message.substr(0, prefix.size()), prefix) << message;
  EXPECT_NE(message.find("): the member is corrupt"), std::string::npos)
      << message;
}

//===----------------------------------------------------------------------===//
// writeNpy
//===----------------------------------------------------------------------===//

TEST(WriteNpy, MatchesNumPyBytes) {
  TempDir dir;
  std::vector<float> f32 = versionValues();
  std::string path = dir.file("v1.npy");
  ASSERT_OK(writeNpy(path, ElementType::f32, {4, 3}, f32.data()));
  EXPECT_EQ(readBytes(path), readBytes(dataPath("v1_f32.npy")));

  int64_t i64[] = {5, -6, 7};
  path = dir.file("vector.npy");
  ASSERT_OK(writeNpy(path, ElementType::i64, {3}, i64));
  EXPECT_EQ(readBytes(path), readBytes(dataPath("vector_int64.npy")));

  uint8_t b[] = {1, 0, 1, 0, 0, 1};
  path = dir.file("bool.npy");
  ASSERT_OK(writeNpy(path, ElementType::boolean, {2, 3}, b));
  EXPECT_EQ(readBytes(path), readBytes(dataPath("dtype_bool.npy")));
}

TEST(WriteNpy, RoundTrip) {
  TempDir dir;
  auto roundTrip = [&](ElementType type, const void *data,
                       std::vector<int64_t> shape) {
    std::string path = dir.file(elementTypeName(type).str() + ".npy");
    if (Error err = writeNpy(path, type, shape, data)) {
      ADD_FAILURE() << llvm::toString(std::move(err));
      return std::vector<float>();
    }
    Expected<std::unique_ptr<NpyReader>> reader = NpyReader::open(path);
    if (!reader) {
      ADD_FAILURE() << llvm::toString(reader.takeError());
      return std::vector<float>();
    }
    EXPECT_EQ((*reader)->info().type, type);
    EXPECT_EQ((*reader)->info().shape, shape);
    std::vector<float> out;
    if (Error err = readAll(**reader, out))
      ADD_FAILURE() << llvm::toString(std::move(err));
    return out;
  };
  std::vector<float> expect = {-3, 0, 1, 2, 100, 7};
  int8_t i8[] = {-3, 0, 1, 2, 100, 7};
  uint8_t u8[] = {253, 0, 1, 2, 100, 7};
  int16_t i16[] = {-3, 0, 1, 2, 100, 7};
  uint16_t u16[] = {65533, 0, 1, 2, 100, 7};
  int32_t i32[] = {-3, 0, 1, 2, 100, 7};
  uint32_t u32[] = {3, 0, 1, 2, 100, 7};
  int64_t i64[] = {-3, 0, 1, 2, 100, 7};
  uint64_t u64[] = {3, 0, 1, 2, 100, 7};
  // float16 bit patterns of -3, 0, 1, 2, 100, 7.
  uint16_t f16[] = {0xc200, 0x0000, 0x3c00, 0x4000, 0x5640, 0x4700};
  float f32[] = {-3, 0, 1, 2, 100, 7};
  double f64[] = {-3, 0, 1, 2, 100, 7};
  EXPECT_EQ(roundTrip(ElementType::i8, i8, {2, 3}), expect);
  EXPECT_EQ(roundTrip(ElementType::u8, u8, {3, 2}),
            (std::vector<float>{253, 0, 1, 2, 100, 7}));
  EXPECT_EQ(roundTrip(ElementType::i16, i16, {6}), expect);
  EXPECT_EQ(roundTrip(ElementType::u16, u16, {1, 2, 3}),
            (std::vector<float>{65533, 0, 1, 2, 100, 7}));
  EXPECT_EQ(roundTrip(ElementType::i32, i32, {2, 3}), expect);
  EXPECT_EQ(roundTrip(ElementType::u32, u32, {2, 3}),
            (std::vector<float>{3, 0, 1, 2, 100, 7}));
  EXPECT_EQ(roundTrip(ElementType::i64, i64, {2, 3}), expect);
  EXPECT_EQ(roundTrip(ElementType::u64, u64, {2, 3}),
            (std::vector<float>{3, 0, 1, 2, 100, 7}));
  EXPECT_EQ(roundTrip(ElementType::f16, f16, {2, 3}), expect);
  EXPECT_EQ(roundTrip(ElementType::f32, f32, {2, 3}), expect);
  EXPECT_EQ(roundTrip(ElementType::f64, f64, {2, 1, 3}), expect);
  EXPECT_EQ(roundTrip(ElementType::f32, f32, {0, 3}), std::vector<float>());
}

TEST(WriteNpy, Errors) {
  TempDir dir;
  float f = 1;
  std::string path = dir.file("neg.npy");
  EXPECT_EQ(errorMessage(writeNpy(path, ElementType::f32, {2, -1}, &f)),
            path + ": cannot write shape 2x-1: negative dimension");
  path = dir.file("no/such/dir.npy");
  EXPECT_EQ(errorMessage(writeNpy(path, ElementType::f32, {1}, &f)),
            path + ": cannot create: No such file or directory");
  // A 0-d array is valid .npy, but not a dataset.
  path = dir.file("scalar.npy");
  ASSERT_OK(writeNpy(path, ElementType::f32, {}, &f));
  EXPECT_EQ(errorMessage(NpyReader::open(path)),
            path + ": 0-d array: needs a leading sample dimension");
}

//===----------------------------------------------------------------------===//
// Large files, read in small batches
//===----------------------------------------------------------------------===//

int32_t largeValue(int64_t i) { return int32_t((i * 2654435761u) >> 7); }

TEST(NpyReader, LargeFileInSmallBatches) {
  TempDir dir;
  std::string path = dir.file("large.npy");
  // 64 MiB of float32: 16384 rows of 1024.
  constexpr int64_t rows = 16384, cols = 1024;
  {
    std::vector<float> data(rows * cols);
    for (int64_t i = 0; i < rows * cols; ++i)
      data[i] = float(i % 1000003) * 0.5f;
    ASSERT_OK(writeNpy(path, ElementType::f32, {rows, cols}, data.data()));
  }
  std::unique_ptr<NpyReader> reader;
  {
    Expected<std::unique_ptr<NpyReader>> opened = NpyReader::open(path);
    ASSERT_TRUE(bool(opened)) << llvm::toString(opened.takeError());
    reader = std::move(*opened);
  }
  ASSERT_EQ(reader->numRows(), rows);
  // 100 does not divide 16384: the last batch reads exactly what remains.
  std::vector<float> batch(100 * cols);
  int64_t mismatches = 0;
  for (int64_t row = 0; row < rows;) {
    int64_t n = std::min<int64_t>(100, rows - row);
    ASSERT_OK(reader->readRowsAsFloat(n, batch.data()));
    for (int64_t i = 0; i < n * cols; ++i)
      mismatches += batch[i] != float((row * cols + i) % 1000003) * 0.5f;
    row += n;
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_NE(errorMessage(reader->readRowsAsFloat(1, batch.data())),
            "<success>");
}

/// Appends a little-endian integer.
template <typename T> void put(std::string &out, T value) {
  char buf[sizeof(T)];
  llvm::support::endian::write<T, llvm::endianness::little>(buf, value);
  out.append(buf, sizeof(T));
}

/// Writes a one-member zip archive with the member deflated, sizes in zip64
/// extra fields when `zip64`.
void writeDeflatedZip(const std::string &path, const std::string &name,
                      const std::string &content, bool zip64) {
  std::string compressed(compressBound(content.size()) + 64, '\0');
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  ASSERT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(content.data()));
  zs.avail_in = content.size();
  zs.next_out = reinterpret_cast<Bytef *>(compressed.data());
  zs.avail_out = compressed.size();
  ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  compressed.resize(zs.total_out);
  deflateEnd(&zs);
  uint32_t crc =
      crc32(0, reinterpret_cast<const Bytef *>(content.data()), content.size());

  std::string zip;
  put<uint32_t>(zip, 0x04034b50);
  put<uint16_t>(zip, 45);
  put<uint16_t>(zip, 0);
  put<uint16_t>(zip, 8);
  put<uint32_t>(zip, 0);
  put<uint32_t>(zip, crc);
  put<uint32_t>(zip, compressed.size());
  put<uint32_t>(zip, content.size());
  put<uint16_t>(zip, name.size());
  put<uint16_t>(zip, 0);
  zip += name;
  zip += compressed;
  uint64_t cdOffset = zip.size();
  put<uint32_t>(zip, 0x02014b50);
  put<uint16_t>(zip, 45);
  put<uint16_t>(zip, 45);
  put<uint16_t>(zip, 0);
  put<uint16_t>(zip, 8);
  put<uint32_t>(zip, 0);
  put<uint32_t>(zip, crc);
  put<uint32_t>(zip, zip64 ? 0xffffffff : compressed.size());
  put<uint32_t>(zip, zip64 ? 0xffffffff : content.size());
  put<uint16_t>(zip, name.size());
  put<uint16_t>(zip, zip64 ? 28 : 0);
  put<uint16_t>(zip, 0);
  put<uint16_t>(zip, 0);
  put<uint16_t>(zip, 0);
  put<uint32_t>(zip, 0);
  put<uint32_t>(zip, zip64 ? 0xffffffff : 0);
  zip += name;
  if (zip64) {
    put<uint16_t>(zip, 1);
    put<uint16_t>(zip, 24);
    put<uint64_t>(zip, content.size());
    put<uint64_t>(zip, compressed.size());
    put<uint64_t>(zip, 0);
  }
  uint64_t cdSize = zip.size() - cdOffset;
  if (zip64) {
    uint64_t eocd64 = zip.size();
    put<uint32_t>(zip, 0x06064b50);
    put<uint64_t>(zip, 44);
    put<uint16_t>(zip, 45);
    put<uint16_t>(zip, 45);
    put<uint32_t>(zip, 0);
    put<uint32_t>(zip, 0);
    put<uint64_t>(zip, 1);
    put<uint64_t>(zip, 1);
    put<uint64_t>(zip, cdSize);
    put<uint64_t>(zip, cdOffset);
    put<uint32_t>(zip, 0x07064b50);
    put<uint32_t>(zip, 0);
    put<uint64_t>(zip, eocd64);
    put<uint32_t>(zip, 1);
  }
  put<uint32_t>(zip, 0x06054b50);
  put<uint16_t>(zip, 0);
  put<uint16_t>(zip, 0);
  put<uint16_t>(zip, zip64 ? 0xffff : 1);
  put<uint16_t>(zip, zip64 ? 0xffff : 1);
  put<uint32_t>(zip, zip64 ? 0xffffffff : cdSize);
  put<uint32_t>(zip, zip64 ? 0xffffffff : cdOffset);
  put<uint16_t>(zip, 0);

  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  ASSERT_FALSE(ec) << ec.message();
  os << zip;
}

TEST(NpzReader, LargeDeflatedMemberInSmallBatches) {
  TempDir dir;
  // 8 MiB of int32 (65536 rows of 32), many inflate buffer refills.
  constexpr int64_t rows = 65536, cols = 32;
  std::string npy;
  {
    std::vector<int32_t> data(rows * cols);
    for (int64_t i = 0; i < rows * cols; ++i)
      data[i] = largeValue(i);
    std::string tmp = dir.file("data.npy");
    ASSERT_OK(writeNpy(tmp, ElementType::i32, {rows, cols}, data.data()));
    npy = readBytes(tmp);
  }
  for (bool zip64 : {false, true}) {
    SCOPED_TRACE(zip64 ? "zip64" : "zip");
    std::string path = dir.file(zip64 ? "large64.npz" : "large.npz");
    writeDeflatedZip(path, "data.npy", npy, zip64);
    Expected<std::unique_ptr<NpyReader>> opened =
        NpyReader::openNpzMember(path, "data");
    ASSERT_TRUE(bool(opened)) << llvm::toString(opened.takeError());
    NpyReader &reader = **opened;
    for (int pass = 0; pass < 2; ++pass) {
      std::vector<int64_t> batch(37 * cols);
      int64_t mismatches = 0;
      for (int64_t row = 0; row < rows;) {
        int64_t n = std::min<int64_t>(37, rows - row);
        ASSERT_OK(reader.readRowsAsInt64(n, batch.data()));
        for (int64_t i = 0; i < n * cols; ++i)
          mismatches += batch[i] != largeValue(row * cols + i);
        row += n;
      }
      EXPECT_EQ(mismatches, 0);
      ASSERT_OK(reader.rewind());
    }
  }
}

} // namespace
