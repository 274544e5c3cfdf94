//===- Npy.h - Streaming reader and writer for .npy/.npz --------*- C++ -*-===//
//
// Dataset I/O for calibration and quant-run: one NumPy array per function
// argument, first dimension = samples, read a batch of rows at a time. Memory
// use is bounded by the batch (plus fixed buffers), never by the file size:
// the reader never maps or loads the whole file.
//
// Formats:
//  - .npy versions 1.0, 2.0 and 3.0, C order, little-endian (or byte-order
//    free) dtypes: bool, int8/16/32/64, uint8/16/32/64, float16/32/64.
//  - .npz: a zip archive of .npy members (np.savez, np.savez_compressed),
//    members stored (method 0) or deflated (method 8), zip64 included.
//
// Conversion rules (readRowsAs*):
//  - To float: bool is 0/1; int8/16, uint8/16 and float16 convert exactly;
//    wider integers are exact up to 2^24 and round to nearest beyond; float64
//    rounds to nearest and overflows to +-inf. NaN and Inf pass through:
//    checking them is the caller's job.
//  - To an integer type: bool is 0/1; integers must lie in the target range;
//    floating-point values must be integral and in range (NaN and Inf never
//    are). Any other value fails the read with an error naming the file, the
//    element's index and the value.
//
// Error rules: every error names the file (and the .npz member) and the
// problem. open() rejects unsupported dtypes (naming them), big-endian data,
// Fortran order, 0-d arrays, malformed headers, and data whose size differs
// from what the header implies (truncated, or trailing bytes); for deflated
// members it can only compare with the zip directory's size, so a cut deflate
// stream is reported by the read that reaches the missing bytes, and a wrong
// CRC-32 by the read of a member's last byte. Asking for more rows than remain
// is an error that changes nothing; after a read that fails in conversion or
// I/O the position is lost and the reader must be rewound before reading
// again.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_NPY_H
#define AUTOQUANT_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace autoquant {

/// Element types of the supported .npy dtypes.
enum class ElementType {
  boolean, // '|b1', one byte, 0 or 1
  i8,      // '|i1'
  u8,      // '|u1'
  i16,     // '<i2'
  u16,     // '<u2'
  i32,     // '<i4'
  u32,     // '<u4'
  i64,     // '<i8'
  u64,     // '<u8'
  f16,     // '<f2', IEEE half
  f32,     // '<f4'
  f64,     // '<f8'
};

/// NumPy's name of `type`: "bool", "int8", ..., "float64".
llvm::StringRef elementTypeName(ElementType type);

/// Bytes per element of `type` in a .npy file.
unsigned elementTypeSize(ElementType type);

/// Type and shape of a C-order array.
struct ArrayInfo {
  ElementType type = ElementType::f32;
  std::vector<int64_t> shape;

  /// Product of the dimensions (1 for a 0-d array).
  int64_t numElements() const;
};

class NpyStream;

/// Streams rows (first-dimension slices) of one array stored in a .npy file or
/// in a member of a .npz archive. Each reader owns its own file handle, so
/// several readers (e.g. two members of one archive) can be interleaved.
class NpyReader {
public:
  /// Opens a .npy file and validates its header and size.
  static llvm::Expected<std::unique_ptr<NpyReader>> open(llvm::StringRef path);

  /// Opens member `member` of the .npz archive `path`; `member` may be given
  /// with or without the ".npy" suffix.
  static llvm::Expected<std::unique_ptr<NpyReader>>
  openNpzMember(llvm::StringRef path, llvm::StringRef member);

  /// Names of the members of a .npz archive, in archive order, without the
  /// ".npy" suffix (as numpy.load(...).files).
  static llvm::Expected<std::vector<std::string>>
  listNpzMembers(llvm::StringRef path);

  ~NpyReader();

  const ArrayInfo &info() const { return arrayInfo; }
  /// shape[0]; the reader rejects 0-d arrays at open.
  int64_t numRows() const { return arrayInfo.shape[0]; }
  /// Product of shape[1:] (1 for a 1-d array).
  int64_t rowElements() const { return elementsPerRow; }
  /// Index of the next row a read returns.
  int64_t currentRow() const { return nextRow; }
  /// "calib.npy" or "x.npz: member 'input'", as used in error messages.
  llvm::StringRef displayName() const { return name; }

  /// Reads `count` rows from the current position into `out`, which must hold
  /// count * rowElements() elements, converting every element (see the rules
  /// at the top of this file). Reads are sequential; reading more rows than
  /// remain is an error, reading exactly the remaining rows is not.
  llvm::Error readRowsAsFloat(int64_t count, float *out);
  llvm::Error readRowsAsInt8(int64_t count, int8_t *out);
  llvm::Error readRowsAsInt32(int64_t count, int32_t *out);
  llvm::Error readRowsAsInt64(int64_t count, int64_t *out);

  /// Restarts at row 0 (also clears the state of a failed read).
  llvm::Error rewind();

private:
  NpyReader(std::string name, std::unique_ptr<NpyStream> stream, ArrayInfo info,
            uint64_t dataOffset);
  static llvm::Expected<std::unique_ptr<NpyReader>>
  create(std::string name, std::unique_ptr<NpyStream> stream);

  template <typename T> llvm::Error readRows(int64_t count, T *out);

  std::string name;
  std::unique_ptr<NpyStream> stream;
  ArrayInfo arrayInfo;
  int64_t elementsPerRow = 1;
  /// Offset of the first data byte within the .npy stream.
  uint64_t dataOffset = 0;
  int64_t nextRow = 0;
  bool failed = false;
  /// Raw bytes of one chunk; fixed size, reused across reads.
  std::vector<char> chunk;
};

/// Writes `data` (C order, host layout; bool as one byte 0/1 per element) as a
/// little-endian .npy version 1.0 file, header formatted as numpy.save does.
llvm::Error writeNpy(llvm::StringRef path, ElementType type,
                     llvm::ArrayRef<int64_t> shape, const void *data);

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_NPY_H
