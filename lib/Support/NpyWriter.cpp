//===- NpyWriter.cpp - Writing .npy files ---------------------------------===//
//
// writeNpy: one array as a little-endian .npy version 1.0 file, header
// formatted as numpy.save does, data byte-swapped a chunk at a time on
// big-endian hosts.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include "NpyInternal.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace autoquant {

using namespace npy_detail;

Error writeNpy(StringRef path, ElementType type, ArrayRef<int64_t> shape,
               const void *data) {
  unsigned elemSize = elementTypeSize(type);
  uint64_t bytes = elemSize;
  for (int64_t d : shape) {
    if (d < 0)
      return makeError(path + ": cannot write shape " + formatShape(shape) +
                       ": negative dimension");
    if (d && bytes > uint64_t(INT64_MAX) / uint64_t(d))
      return makeError(path + ": cannot write shape " + formatShape(shape) +
                       ": too large");
    bytes *= d;
  }

  // Same text as numpy.save, padded so that the data starts 64-byte aligned.
  std::string descr = elemSize == 1 ? "|" : "<";
  StringRef typeName = elementTypeName(type);
  descr += type == ElementType::boolean ? 'b'
           : typeName.starts_with("f")  ? 'f'
           : typeName.starts_with("u")  ? 'u'
                                        : 'i';
  descr += std::to_string(elemSize);
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (auto [i, d] : llvm::enumerate(shape))
    header += (i ? ", " : "") + std::to_string(d);
  header += shape.size() == 1 ? ",), }" : "), }";
  size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  if (header.size() > 0xffff)
    return makeError(path + ": cannot write shape " + formatShape(shape) +
                     ": header too long for .npy version 1.0");

  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return makeError(path + ": cannot create: " + ec.message());
  char pre[10] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  support::endian::write<uint16_t, llvm::endianness::little>(pre + 8,
                                                             header.size());
  os.write(pre, sizeof(pre));
  os << header;
  const char *src = static_cast<const char *>(data);
  if (sys::IsLittleEndianHost || elemSize == 1) {
    os.write(src, bytes);
  } else {
    // Byte-swap a chunk at a time on big-endian hosts.
    std::vector<char> buf(kChunkBytes);
    for (uint64_t off = 0; off < bytes;) {
      size_t n = std::min<uint64_t>(kChunkBytes, bytes - off);
      std::memcpy(buf.data(), src + off, n);
      for (size_t i = 0; i < n; i += elemSize)
        std::reverse(buf.data() + i, buf.data() + i + elemSize);
      os.write(buf.data(), n);
      off += n;
    }
  }
  os.close();
  if (os.has_error()) {
    std::string msg = os.error().message();
    os.clear_error();
    sys::fs::remove(path);
    return makeError(path + ": write failed: " + msg);
  }
  return Error::success();
}

} // namespace autoquant
