//===- StatsFile.cpp - autoquant-stats calibration files ------------------===//
//
// Writing goes through llvm::json, whose printer sorts object keys, so the
// text depends only on the records. Reading validates only what applying a
// threshold needs, so files written by older or newer versions that keep
// those keys still apply.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/StatsFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace autoquant {

namespace {

Error makeError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

json::Value optionalNumber(std::optional<double> value) {
  return value ? json::Value(*value) : json::Value(nullptr);
}

/// JSON has no infinity; an exact output (infinite SQNR) is written as null.
json::Value finiteOrNull(double db) {
  return std::isfinite(db) ? json::Value(db) : json::Value(nullptr);
}

} // namespace

std::string getPointKey(StringRef name, int64_t id) {
  return name.empty() ? "#" + std::to_string(id) : name.str();
}

std::string formatStatsFile(ArrayRef<PointStats> points) {
  json::Array records;
  for (const PointStats &point : points) {
    json::Object record{{"id", point.id},
                        {"name", point.name},
                        {"kind", point.kind},
                        {"nbit", point.nbit},
                        {"method", point.method},
                        {"threshold", point.threshold},
                        {"fallback", point.fallback},
                        {"unsigned", point.isUnsigned},
                        {"min", optionalNumber(point.min)},
                        {"max", optionalNumber(point.max)},
                        {"scale", point.scale}};
    if (point.outputSqnrOnlyDb) {
      record["output_sqnr_only_db"] = finiteOrNull(*point.outputSqnrOnlyDb);
      // Both come from one sensitivity run, so both keys are written.
      record["output_sqnr_all_but_db"] =
          point.outputSqnrAllButDb ? finiteOrNull(*point.outputSqnrAllButDb)
                                   : json::Value(nullptr);
    }
    records.push_back(std::move(record));
  }
  json::Object root{{"format", "autoquant-stats"},
                    {"version", 1},
                    {"points", std::move(records)}};
  std::string text;
  raw_string_ostream os(text);
  os << formatv("{0:2}", json::Value(std::move(root))) << "\n";
  return text;
}

Error writeStatsFile(StringRef path, ArrayRef<PointStats> points) {
  std::error_code error;
  raw_fd_ostream os(path, error, sys::fs::OF_Text);
  if (error)
    return createStringError(error, "cannot write stats-out '" + path +
                                        "': " + error.message());
  os << formatStatsFile(points);
  os.close();
  if (os.has_error()) {
    std::error_code writeError = os.error();
    os.clear_error();
    return createStringError(writeError, "cannot write stats-out '" + path +
                                             "': " + writeError.message());
  }
  return Error::success();
}

Error StatsMerger::addFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read stats-in '" + path +
                                 "': " + buffer.getError().message());
  return addText((*buffer)->getBuffer(), path);
}

Error StatsMerger::addText(StringRef text, StringRef file) {
  Expected<json::Value> json = json::parse(text);
  if (!json)
    return makeError("stats-in '" + file +
                     "' is not valid JSON: " + toString(json.takeError()));
  const json::Object *root = json->getAsObject();
  const json::Array *list = root ? root->getArray("points") : nullptr;
  if (!root || root->getString("format") != "autoquant-stats" || !list)
    return makeError("stats-in '" + file +
                     "' is not an autoquant-stats file (expected "
                     "{\"format\": \"autoquant-stats\", \"points\": [...]})");
  for (auto [index, item] : enumerate(*list)) {
    const json::Object *record = item.getAsObject();
    std::optional<double> threshold =
        record ? record->getNumber("threshold") : std::nullopt;
    std::optional<StringRef> name =
        record ? record->getString("name") : std::nullopt;
    std::optional<int64_t> id =
        record ? record->getInteger("id") : std::nullopt;
    // An empty name counts as none: the key is then "#<id>", so an id is
    // needed.
    if (!threshold || !std::isfinite(*threshold) || *threshold <= 0 ||
        ((!name || name->empty()) && !id))
      return makeError("stats-in '" + file + "' point " + Twine(index) +
                       " needs a positive finite \"threshold\" and a "
                       "\"name\" or \"id\"");
    std::string key = getPointKey(name.value_or(""), id.value_or(-1));
    std::string method = record->getString("method").value_or("unknown").str();
    bool isUnsigned = record->getBoolean("unsigned").value_or(false);
    std::optional<double> min = record->getNumber("min");
    std::optional<double> max = record->getNumber("max");

    auto [it, inserted] = indexByKey.try_emplace(key, entries.size());
    if (inserted) {
      entries.push_back(
          Entry{key, *threshold, method, file.str(), isUnsigned, min, max});
      used.push_back(false);
      continue;
    }
    Entry &entry = entries[it->second];
    // Shards of one calibration set: max|x| merges exactly (the max), and
    // so do identical thresholds (weights, global_scale); other statistics
    // were reduced to a threshold and cannot be merged exactly.
    if (entry.threshold == *threshold)
      continue;
    if (method != "minmax" || entry.method != "minmax")
      return makeError(Twine("point '") + key + "' is in both '" + entry.file +
                       "' and '" + file +
                       "' with different thresholds; only minmax thresholds "
                       "merge exactly (as the max), not " +
                       method);
    entry.threshold = std::max(entry.threshold, *threshold);
    if (entry.min && min)
      entry.min = std::min(*entry.min, *min);
    if (entry.max && max)
      entry.max = std::max(*entry.max, *max);
    entry.isUnsigned = entry.isUnsigned && isUnsigned;
  }
  return Error::success();
}

const StatsMerger::Entry *StatsMerger::lookup(StringRef key) const {
  auto it = indexByKey.find(key);
  return it == indexByKey.end() ? nullptr : &entries[it->second];
}

void StatsMerger::markUsed(StringRef key) {
  auto it = indexByKey.find(key);
  if (it != indexByKey.end())
    used[it->second] = true;
}

std::vector<const StatsMerger::Entry *> StatsMerger::getUnusedEntries() const {
  std::vector<const Entry *> unused;
  for (auto [entry, isUsed] : zip_equal(entries, used))
    if (!isUsed)
      unused.push_back(&entry);
  return unused;
}

} // namespace autoquant
