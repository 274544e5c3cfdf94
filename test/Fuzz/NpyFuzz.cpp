//===- NpyFuzz.cpp - Fuzz the .npy / .npz reader --------------------------===//
//
// Any byte string, as a .npy file and as a .npz archive, must give either a
// clean error or readable rows; never a crash, hang or oversized allocation.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using autoquant::NpyReader;

static std::string tempPath(const char *extension) {
  return "/tmp/autoquant-fuzz-" + std::to_string(getpid()) + extension;
}

static void writeFile(const std::string &path, const uint8_t *data,
                      size_t size) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(data), size);
}

/// Reads every row (in small batches) as float and as int8, twice.
static void drain(NpyReader &reader) {
  int64_t rowElements = reader.rowElements();
  if (rowElements <= 0 || rowElements > (1 << 20))
    return;
  std::vector<float> floats(3 * rowElements);
  std::vector<int8_t> bytes(3 * rowElements);
  for (int pass = 0; pass < 2; ++pass) {
    for (int64_t row = 0; row < reader.numRows() && row < 4096; row += 3) {
      int64_t count = std::min<int64_t>(3, reader.numRows() - row);
      llvm::Error error = pass == 0
                              ? reader.readRowsAsFloat(count, floats.data())
                              : reader.readRowsAsInt8(count, bytes.data());
      if (error) {
        llvm::consumeError(std::move(error));
        break;
      }
    }
    llvm::consumeError(reader.rewind());
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string npy = tempPath(".npy"), npz = tempPath(".npz");
  writeFile(npy, data, size);
  if (auto reader = NpyReader::open(npy))
    drain(**reader);
  else
    llvm::consumeError(reader.takeError());

  writeFile(npz, data, size);
  auto members = NpyReader::listNpzMembers(npz);
  if (!members) {
    llvm::consumeError(members.takeError());
    return 0;
  }
  for (const std::string &member : *members) {
    if (auto reader = NpyReader::openNpzMember(npz, member))
      drain(**reader);
    else
      llvm::consumeError(reader.takeError());
  }
  return 0;
}
