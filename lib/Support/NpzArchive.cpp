//===- NpzArchive.cpp - .npz archives and .npy byte streams ---------------===//
//
// Where the bytes of a .npy file come from: File (positioned reads through
// fixed-size buffers, so memory stays bounded whatever the file size), the
// central directory of a .npz (zip) archive, zip64 included, and NpyStream,
// which yields the bytes of a plain .npy file or of a stored or deflated
// archive member (inflated on the fly, CRC-32 checked). Also
// NpyReader::listNpzMembers and NpyReader::openNpzMember.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include "NpyInternal.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace autoquant {

using namespace npy_detail;

//===----------------------------------------------------------------------===//
// File
//===----------------------------------------------------------------------===//

namespace npy_detail {

File::File(File &&other) : fd(other.fd), fileSize(other.fileSize) {
  other.fd = sys::fs::kInvalidFile;
}

File::~File() {
  if (fd != sys::fs::kInvalidFile)
    sys::fs::closeFile(fd);
}

Expected<File> File::open(StringRef path) {
  Expected<sys::fs::file_t> fdOrErr = sys::fs::openNativeFileForRead(path);
  if (!fdOrErr)
    return makeError(path + ": cannot open: " + toString(fdOrErr.takeError()));
  File f;
  f.fd = *fdOrErr;
  sys::fs::file_status st;
  if (std::error_code ec = sys::fs::status(f.fd, st))
    return makeError(path + ": cannot stat: " + ec.message());
  if (st.type() == sys::fs::file_type::directory_file)
    return makeError(path + ": is a directory");
  f.fileSize = st.getSize();
  return std::move(f);
}

Error File::readAt(uint64_t offset, MutableArrayRef<char> buf,
                   StringRef who) const {
  size_t done = 0;
  while (done < buf.size()) {
    Expected<size_t> n =
        sys::fs::readNativeFileSlice(fd, buf.drop_front(done), offset + done);
    if (!n)
      return makeError(who + ": read error: " + toString(n.takeError()));
    if (*n == 0)
      return makeError(who + ": unexpected end of file at offset " +
                       Twine(offset + done) +
                       " (was the file changed while reading?)");
    done += *n;
  }
  return Error::success();
}

} // namespace npy_detail

//===----------------------------------------------------------------------===//
// Zip directory
//===----------------------------------------------------------------------===//

namespace {

/// One central-directory entry of a zip archive.
struct ZipEntry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t compressedSize = 0;
  uint64_t size = 0;
  uint64_t localHeaderOffset = 0;
};

/// numpy.load's member name: without the ".npy" suffix.
StringRef memberShortName(StringRef name) {
  name.consume_back(".npy");
  return name;
}

/// Reads the central directory (the end-of-central-directory record at the
/// end of the file, zip64 records when present).
Expected<std::vector<ZipEntry>> readZipDirectory(const File &file,
                                                 StringRef path) {
  constexpr uint32_t kEocdSig = 0x06054b50, kLocatorSig = 0x07064b50,
                     kEocd64Sig = 0x06064b50, kCentralSig = 0x02014b50;
  constexpr size_t kEocdSize = 22, kLocatorSize = 20, kEocd64Size = 56;
  auto notZip = [&](const Twine &why) {
    return makeError(path + ": not a zip archive (" + why + ")");
  };
  auto corrupt = [&](const Twine &why) {
    return makeError(path + ": corrupt zip archive: " + why);
  };

  // The record sits before a comment of at most 65535 bytes.
  uint64_t tailSize =
      std::min<uint64_t>(file.size(), kEocdSize + 0xffff + kLocatorSize);
  if (tailSize < kEocdSize)
    return notZip("file too short");
  std::vector<char> tail(tailSize);
  uint64_t tailStart = file.size() - tailSize;
  if (Error e = file.readAt(tailStart, tail, path))
    return std::move(e);
  size_t eocd = std::string::npos;
  for (size_t i = tailSize - kEocdSize + 1; i-- > 0;) {
    if (loadLE<uint32_t>(&tail[i]) == kEocdSig &&
        i + kEocdSize + loadLE<uint16_t>(&tail[i + 20]) <= tailSize) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string::npos)
    return notZip("no end-of-central-directory record; truncated?");
  uint64_t numEntries = loadLE<uint16_t>(&tail[eocd + 10]);
  uint64_t cdSize = loadLE<uint32_t>(&tail[eocd + 12]);
  uint64_t cdOffset = loadLE<uint32_t>(&tail[eocd + 16]);

  // Zip64: the locator right before the record points at the 64-bit record.
  if (eocd >= kLocatorSize &&
      loadLE<uint32_t>(&tail[eocd - kLocatorSize]) == kLocatorSig) {
    uint64_t eocd64 = loadLE<uint64_t>(&tail[eocd - kLocatorSize + 8]);
    if (eocd64 > file.size() || file.size() - eocd64 < kEocd64Size)
      return corrupt("zip64 end-of-central-directory record out of bounds");
    char rec[kEocd64Size];
    if (Error e = file.readAt(eocd64, rec, path))
      return std::move(e);
    if (loadLE<uint32_t>(rec) != kEocd64Sig)
      return corrupt("bad zip64 end-of-central-directory signature");
    numEntries = loadLE<uint64_t>(rec + 32);
    cdSize = loadLE<uint64_t>(rec + 40);
    cdOffset = loadLE<uint64_t>(rec + 48);
  }
  if (cdOffset > file.size() || file.size() - cdOffset < cdSize)
    return corrupt("central directory extends past the end of the file; "
                   "truncated?");

  // The directory grows with the member count, not with the data.
  std::vector<char> cd(cdSize);
  if (Error e = file.readAt(cdOffset, cd, path))
    return std::move(e);
  std::vector<ZipEntry> entries;
  size_t pos = 0;
  for (uint64_t i = 0; i < numEntries; ++i) {
    if (cdSize - pos < 46 || loadLE<uint32_t>(&cd[pos]) != kCentralSig)
      return corrupt("bad central directory entry " + Twine(i));
    const char *p = &cd[pos];
    ZipEntry entry;
    entry.flags = loadLE<uint16_t>(p + 8);
    entry.method = loadLE<uint16_t>(p + 10);
    entry.crc = loadLE<uint32_t>(p + 16);
    entry.compressedSize = loadLE<uint32_t>(p + 20);
    entry.size = loadLE<uint32_t>(p + 24);
    size_t nameLen = loadLE<uint16_t>(p + 28);
    size_t extraLen = loadLE<uint16_t>(p + 30);
    size_t commentLen = loadLE<uint16_t>(p + 32);
    entry.localHeaderOffset = loadLE<uint32_t>(p + 42);
    if (cdSize - pos - 46 < nameLen + extraLen + commentLen)
      return corrupt("bad central directory entry " + Twine(i));
    entry.name.assign(p + 46, nameLen);

    // Zip64 extended information: only the fields saturated above follow,
    // in this order.
    const char *extra = p + 46 + nameLen;
    for (size_t e = 0; e + 4 <= extraLen;) {
      uint16_t id = loadLE<uint16_t>(extra + e);
      size_t len = loadLE<uint16_t>(extra + e + 2);
      if (e + 4 + len > extraLen)
        return corrupt("bad extra field in entry '" + entry.name + "'");
      if (id == 1) {
        const char *f = extra + e + 4;
        size_t left = len;
        for (uint64_t *field :
             {&entry.size, &entry.compressedSize, &entry.localHeaderOffset}) {
          if (*field != 0xffffffff)
            continue;
          if (left < 8)
            return corrupt("short zip64 field in entry '" + entry.name + "'");
          *field = loadLE<uint64_t>(f);
          f += 8;
          left -= 8;
        }
      }
      e += 4 + len;
    }
    entries.push_back(std::move(entry));
    pos += 46 + nameLen + extraLen + commentLen;
  }
  return std::move(entries);
}

} // namespace

//===----------------------------------------------------------------------===//
// NpyStream
//===----------------------------------------------------------------------===//

NpyStream::NpyStream(std::string name, File file, uint64_t start, uint64_t size)
    : name(std::move(name)), file(std::move(file)), start(start), rawSize(size),
      streamSize(size) {}

NpyStream::~NpyStream() {
  if (inflating)
    inflateEnd(&zs);
}

Error NpyStream::setMember(bool deflated, uint64_t compressedSize,
                           uint32_t crc) {
  hasCrc = true;
  expectedCrc = crc;
  rawSize = compressedSize;
  if (!deflated)
    return Error::success();
  std::memset(&zs, 0, sizeof(zs));
  // Negative window bits: raw deflate data, as zip stores it.
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
    return makeError(name + ": cannot initialize zlib");
  inflating = true;
  input.resize(kChunkBytes);
  return Error::success();
}

Error NpyStream::read(MutableArrayRef<char> buf) {
  assert(buf.size() <= streamSize - pos && "read past the end");
  if (inflating) {
    if (Error e = inflateInto(buf))
      return e;
  } else if (Error e = file.readAt(start + pos, buf, name)) {
    return e;
  }
  if (hasCrc)
    crc = crc32_z(crc, reinterpret_cast<const Bytef *>(buf.data()), buf.size());
  pos += buf.size();
  if (hasCrc && pos == streamSize && crc != expectedCrc)
    return makeError(name + ": CRC-32 mismatch (archive says 0x" +
                     utohexstr(expectedCrc) + ", data has 0x" + utohexstr(crc) +
                     "): the member is corrupt");
  return Error::success();
}

Error NpyStream::seek(uint64_t target) {
  if (!hasCrc) {
    pos = target;
    return Error::success();
  }
  if (target < pos) {
    pos = 0;
    crc = 0;
    rawPos = 0;
    if (inflating) {
      inflateReset(&zs);
      zs.avail_in = 0;
    }
  }
  char scratch[4096];
  while (pos < target) {
    size_t n = std::min<uint64_t>(sizeof(scratch), target - pos);
    if (Error e = read(MutableArrayRef<char>(scratch, n)))
      return e;
  }
  return Error::success();
}

Error NpyStream::inflateInto(MutableArrayRef<char> buf) {
  zs.next_out = reinterpret_cast<Bytef *>(buf.data());
  zs.avail_out = buf.size();
  auto done = [&] { return pos + (buf.size() - zs.avail_out); };
  while (zs.avail_out > 0) {
    if (zs.avail_in == 0) {
      if (rawPos == rawSize)
        return makeError(name +
                         ": truncated: the compressed data ends "
                         "after " +
                         Twine(done()) + " of " + Twine(streamSize) + " bytes");
      size_t n = std::min<uint64_t>(input.size(), rawSize - rawPos);
      if (Error e = file.readAt(start + rawPos,
                                MutableArrayRef<char>(input.data(), n), name))
        return e;
      rawPos += n;
      zs.next_in = reinterpret_cast<Bytef *>(input.data());
      zs.avail_in = n;
    }
    int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END && zs.avail_out > 0)
      return makeError(name + ": truncated: the deflate stream ends after " +
                       Twine(done()) + " of " + Twine(streamSize) + " bytes");
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      return makeError(
          name + ": corrupt deflate data after " + Twine(done()) +
          " bytes: " + (zs.msg ? zs.msg : "zlib error " + std::to_string(rc)));
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// .npz members
//===----------------------------------------------------------------------===//

Expected<std::vector<std::string>> NpyReader::listNpzMembers(StringRef path) {
  Expected<File> file = File::open(path);
  if (!file)
    return file.takeError();
  Expected<std::vector<ZipEntry>> entries = readZipDirectory(*file, path);
  if (!entries)
    return entries.takeError();
  std::vector<std::string> names;
  for (const ZipEntry &e : *entries)
    if (!StringRef(e.name).ends_with("/")) // directories
      names.push_back(memberShortName(e.name).str());
  return std::move(names);
}

Expected<std::unique_ptr<NpyReader>>
NpyReader::openNpzMember(StringRef path, StringRef member) {
  Expected<File> file = File::open(path);
  if (!file)
    return file.takeError();
  Expected<std::vector<ZipEntry>> entries = readZipDirectory(*file, path);
  if (!entries)
    return entries.takeError();
  const ZipEntry *entry = nullptr;
  for (const ZipEntry &e : *entries)
    if (e.name == member || e.name == (member + ".npy").str()) {
      entry = &e;
      break;
    }
  if (!entry) {
    std::string list;
    for (const ZipEntry &e : *entries)
      if (!StringRef(e.name).ends_with("/"))
        list += (list.empty() ? "" : ", ") + memberShortName(e.name).str();
    return makeError(path + ": no member '" + member +
                     "'; members: " + (list.empty() ? "(none)" : list));
  }

  std::string name =
      (path + ": member '" + memberShortName(entry->name) + "'").str();
  if (entry->flags & 1)
    return makeError(name + ": encrypted members are not supported");
  if (entry->method != 0 && entry->method != 8)
    return makeError(name + ": unsupported compression method " +
                     Twine(entry->method) +
                     " (only stored and deflated members are supported)");
  if (entry->method == 0 && entry->compressedSize != entry->size)
    return makeError(name + ": corrupt zip archive: stored member with "
                            "different compressed and uncompressed sizes");

  // The local header repeats name and extra fields with its own lengths.
  char local[30];
  if (entry->localHeaderOffset > file->size() ||
      file->size() - entry->localHeaderOffset < sizeof(local))
    return makeError(name + ": truncated archive: the local header lies past "
                            "the end of the file");
  if (Error e = file->readAt(entry->localHeaderOffset, local, name))
    return std::move(e);
  if (loadLE<uint32_t>(local) != 0x04034b50)
    return makeError(name + ": corrupt zip archive: bad local header "
                            "signature");
  uint64_t start = entry->localHeaderOffset + sizeof(local) +
                   loadLE<uint16_t>(local + 26) + loadLE<uint16_t>(local + 28);
  if (start > file->size() || file->size() - start < entry->compressedSize)
    return makeError(name + ": truncated archive: the member's data extends "
                            "past the end of the file");

  auto stream =
      std::make_unique<NpyStream>(name, std::move(*file), start, entry->size);
  if (Error e = stream->setMember(entry->method == 8, entry->compressedSize,
                                  entry->crc))
    return std::move(e);
  return create(std::move(name), std::move(stream));
}

} // namespace autoquant
