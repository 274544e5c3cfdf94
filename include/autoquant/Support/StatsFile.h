//===- StatsFile.h - autoquant-stats calibration files ----------*- C++ -*-===//
//
// The JSON file autoquant-calibrate writes with stats-out= and reads back with
// stats-in=: one record per quantization point, so a model can be calibrated
// once (or in shards, one per part of the calibration set) and the thresholds
// applied later without the data. No MLIR: the pass fills PointStats and asks
// StatsMerger for thresholds, which keeps the parser fuzzable on its own.
//
// Format (version 1):
//   {"format": "autoquant-stats", "version": 1, "points": [
//     {"id": 0, "name": "x/input", "kind": "input", "nbit": 8,
//      "method": "minmax", "threshold": 2.5, "fallback": false,
//      "unsigned": false, "min": null, "max": null, "scale": 0.0196...}, ...]}
// Reading needs only "format", "points" and, per point, a positive finite
// "threshold" and a "name" or "id"; everything else is optional.
//
// Matching: a point is identified by its name, or by "#<id>" when it has none
// (ids are positions in the function, names survive edits of the model).
//
// Merging: every file given is a shard of one calibration set. A point in
// several files merges when its thresholds are identical (weights,
// global_scale) or when all are minmax (max|x| of the union is the max of
// the shards'); other methods reduced their statistics to a threshold and
// cannot be merged exactly, so differing thresholds are an error.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_STATSFILE_H
#define AUTOQUANT_SUPPORT_STATSFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autoquant {

/// One quantization point's record in an autoquant-stats file.
struct PointStats {
  /// Position among the function's simulated_quantize ops.
  int64_t id = -1;
  /// May be empty; the point is then matched by id.
  std::string name;
  /// "input", "weight" or "activation".
  std::string kind;
  int64_t nbit = 0;
  /// Calibration mode that chose the threshold ("minmax", "kl", ...).
  std::string method;
  double threshold = 0;
  bool fallback = false;
  bool isUnsigned = false;
  /// The range asymmetric codes cover; written as null when absent.
  std::optional<double> min, max;
  /// First scale of the point's params (0 when it has none).
  double scale = 0;
  /// Output SQNR (dB) with only this point quantized / with all but this
  /// point quantized. Only with a sensitivity report: the two keys are
  /// written when outputSqnrOnlyDb is set. Infinite values (exact output)
  /// are written as null, which JSON can represent.
  std::optional<double> outputSqnrOnlyDb, outputSqnrAllButDb;
};

/// The key a point is matched by across files: its name, or "#<id>" for an
/// unnamed point.
std::string getPointKey(llvm::StringRef name, int64_t id);

/// The text of an autoquant-stats file holding `points`, in order: JSON
/// indented by 2 with sorted keys, then a newline.
std::string formatStatsFile(llvm::ArrayRef<PointStats> points);

/// Writes formatStatsFile(points) to `path`. The error message is "cannot
/// write stats-out '<path>': <reason>".
llvm::Error writeStatsFile(llvm::StringRef path,
                           llvm::ArrayRef<PointStats> points);

/// Thresholds of several autoquant-stats files (shards of one calibration
/// set) merged by point key, with a record of which keys the caller used so
/// that entries naming no point of the function can be reported.
///
/// Errors name the file; their messages are those of autoquant-calibrate
/// without its "autoquant-calibrate: " prefix. After an error the merger may
/// hold part of the failing file and should be discarded.
class StatsMerger {
public:
  struct Entry {
    /// getPointKey of the record.
    std::string key;
    double threshold;
    /// "unknown" when the record has no "method".
    std::string method;
    /// The first file that named the key.
    std::string file;
    bool isUnsigned;
    std::optional<double> min, max;
  };

  /// Reads `path` and merges it as addText does.
  llvm::Error addFile(llvm::StringRef path);
  /// Parses `text`, the contents of `file` (used in messages only), and
  /// merges its points into the entries.
  llvm::Error addText(llvm::StringRef text, llvm::StringRef file);

  /// The merged entry for `key`, or null. Valid until the next add.
  const Entry *lookup(llvm::StringRef key) const;
  /// Records that a point of the function took (or deliberately ignored)
  /// the entry for `key`; keys without an entry are ignored.
  void markUsed(llvm::StringRef key);
  /// Entries no markUsed named, in the order their keys first appeared
  /// (file order, then point order), so reports are deterministic.
  std::vector<const Entry *> getUnusedEntries() const;

  /// All entries, in the order their keys first appeared.
  llvm::ArrayRef<Entry> getEntries() const { return entries; }

private:
  std::vector<Entry> entries;
  std::vector<bool> used;
  /// key -> index into entries.
  llvm::StringMap<size_t> indexByKey;
};

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_STATSFILE_H
