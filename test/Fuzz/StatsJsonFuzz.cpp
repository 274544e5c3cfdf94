//===- StatsJsonFuzz.cpp - Fuzz the autoquant-stats reader ----------------===//
//
// Any byte string given as a stats-in file must merge or give a clean error;
// never a crash. What merged must survive a round trip: written back as a
// stats file (one record per key) and read again, it gives the same entries
// in the same order. The reader is MLIR-free, so this runs it directly
// instead of through the calibrate pass.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/StatsFile.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using autoquant::PointStats;
using autoquant::StatsMerger;

/// JSON has no infinity: a min or max that overflowed to one when parsed
/// (1e999) would not be written as valid JSON, so the round trip drops it.
static std::optional<double> finiteOnly(std::optional<double> value) {
  return value && std::isfinite(*value) ? value : std::nullopt;
}

static bool sameEntry(const StatsMerger::Entry &a,
                      const StatsMerger::Entry &b) {
  return a.key == b.key && a.threshold == b.threshold && a.method == b.method &&
         a.isUnsigned == b.isUnsigned && finiteOnly(a.min) == b.min &&
         finiteOnly(a.max) == b.max;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  StatsMerger merger;
  if (llvm::Error error = merger.addText(text, "fuzz.json")) {
    llvm::consumeError(std::move(error));
    return 0;
  }

  llvm::ArrayRef<StatsMerger::Entry> entries = merger.getEntries();
  std::vector<PointStats> points;
  for (auto [index, entry] : llvm::enumerate(entries)) {
    if (merger.lookup(entry.key) != &entry)
      abort(); // every entry is found by its key
    if (!(entry.threshold > 0) || !std::isfinite(entry.threshold))
      abort(); // validation let a bad threshold through
    PointStats point;
    point.id = static_cast<int64_t>(index);
    // A key is never empty, and "#<id>" read back as a name is the same key.
    point.name = entry.key;
    point.method = entry.method;
    point.threshold = entry.threshold;
    point.isUnsigned = entry.isUnsigned;
    point.min = finiteOnly(entry.min);
    point.max = finiteOnly(entry.max);
    points.push_back(std::move(point));
  }

  StatsMerger reread;
  if (llvm::Error error =
          reread.addText(autoquant::formatStatsFile(points), "out.json")) {
    llvm::consumeError(std::move(error));
    abort(); // what we write must read back
  }
  if (reread.getEntries().size() != entries.size())
    abort();
  for (auto [a, b] : llvm::zip_equal(entries, reread.getEntries()))
    if (!sameEntry(a, b))
      abort();

  // Unused entries: exactly the unmarked ones, in entry order.
  for (size_t i = 0; i < entries.size(); i += 2)
    merger.markUsed(entries[i].key);
  std::vector<const StatsMerger::Entry *> unused = merger.getUnusedEntries();
  if (unused.size() != entries.size() / 2)
    abort();
  for (size_t i = 0; i < unused.size(); ++i)
    if (unused[i] != &entries[2 * i + 1])
      abort();
  return 0;
}
