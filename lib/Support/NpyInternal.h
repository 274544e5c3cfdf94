//===- NpyInternal.h - Internals shared by the .npy/.npz files --*- C++ -*-===//
//
// What NpyReader.cpp, NpzArchive.cpp and NpyWriter.cpp share: the chunk size,
// error and little-endian helpers, File (positioned reads of a native file)
// and NpyStream (the bytes of one .npy file, plain or an archive member).
// File and NpyStream are implemented in NpzArchive.cpp. Not installed.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_LIB_SUPPORT_NPYINTERNAL_H
#define AUTOQUANT_LIB_SUPPORT_NPYINTERNAL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace autoquant {
namespace npy_detail {

/// Raw bytes converted per step; also the inflate input buffer size.
constexpr size_t kChunkBytes = 64 * 1024;

inline llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

template <typename T> T loadLE(const char *p) {
  return llvm::support::endian::read<T, llvm::endianness::little>(p);
}

/// "512x28x28x1".
inline std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") + std::to_string(d);
  return s.empty() ? "scalar" : s;
}

/// An open native file, closed on destruction.
class File {
public:
  File() = default;
  File(const File &) = delete;
  File &operator=(const File &) = delete;
  File(File &&other);
  ~File();

  static llvm::Expected<File> open(llvm::StringRef path);

  uint64_t size() const { return fileSize; }

  /// Reads buf.size() bytes at `offset`; a short read is an error.
  llvm::Error readAt(uint64_t offset, llvm::MutableArrayRef<char> buf,
                     llvm::StringRef who) const;

private:
  llvm::sys::fs::file_t fd = llvm::sys::fs::kInvalidFile;
  uint64_t fileSize = 0;
};

} // namespace npy_detail

/// The bytes of one .npy file: a plain file, or a stored or deflated member of
/// a zip archive. Sequential reads, with restart.
class NpyStream {
public:
  NpyStream(std::string name, npy_detail::File file, uint64_t start,
            uint64_t size);
  ~NpyStream();

  /// Makes this an archive member: checks the CRC once every byte has been
  /// read, and inflates if `deflated` (the compressed bytes are
  /// [start, start + compressedSize)).
  llvm::Error setMember(bool deflated, uint64_t compressedSize, uint32_t crc);

  uint64_t size() const { return streamSize; }
  uint64_t position() const { return pos; }

  /// Reads exactly buf.size() bytes (the caller stays within size()).
  llvm::Error read(llvm::MutableArrayRef<char> buf);

  /// Moves to byte `target`. Plain files jump; members re-read from the start
  /// so that the CRC covers every byte and the inflater sees the whole stream.
  llvm::Error seek(uint64_t target);

private:
  llvm::Error inflateInto(llvm::MutableArrayRef<char> buf);

  std::string name;
  npy_detail::File file;
  /// Offset of the first (stored or compressed) byte in the file.
  uint64_t start;
  /// Stored or compressed bytes available from `start`.
  uint64_t rawSize;
  /// Size of the .npy stream.
  uint64_t streamSize;
  uint64_t pos = 0;
  bool hasCrc = false;
  uint32_t expectedCrc = 0;
  uint32_t crc = 0;
  bool inflating = false;
  z_stream zs;
  uint64_t rawPos = 0;
  std::vector<char> input;
};

} // namespace autoquant

#endif // AUTOQUANT_LIB_SUPPORT_NPYINTERNAL_H
