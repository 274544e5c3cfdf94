//===- StatsFileTest.cpp - autoquant-stats files --------------------------===//
//
// The exact text of a written file (autoquant-calibrate's stats-out= must not
// change under users' scripts), write -> read round trips, every validation
// error of stats-in=, the merge rules for shards, and the order in which
// unused entries are reported.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/StatsFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace autoquant;
using llvm::Error;
using llvm::StringRef;

#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    if (Error err_ = (expr))                                                   \
      FAIL() << llvm::toString(std::move(err_));                               \
  } while (0)

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The message of an Error that should be a failure.
std::string errorMessage(Error err) {
  if (!err)
    return "<success>";
  return llvm::toString(std::move(err));
}

/// The message of merging `text`, named "f.json", into a fresh merger.
std::string parseError(StringRef text) {
  StatsMerger merger;
  return errorMessage(merger.addText(text, "f.json"));
}

/// A fresh directory, removed with its files at the end of the test.
class TempDir {
public:
  TempDir() {
    std::error_code ec =
        llvm::sys::fs::createUniqueDirectory("autoquant-stats", path);
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

/// A named input point and an unnamed activation point, with values that
/// print exactly (binary fractions).
std::vector<PointStats> samplePoints() {
  PointStats input;
  input.id = 0;
  input.name = "x/input";
  input.kind = "input";
  input.nbit = 8;
  input.method = "minmax";
  input.threshold = 2.5;
  input.min = -1.5;
  input.max = 2.5;
  input.scale = 0.015625;
  PointStats activation;
  activation.id = 2;
  activation.kind = "activation";
  activation.nbit = 32;
  activation.method = "kl";
  activation.threshold = 4;
  activation.fallback = true;
  activation.isUnsigned = true;
  return {input, activation};
}

/// One record of an autoquant-stats file with the fields merging reads.
std::string record(StringRef name, double threshold, StringRef method,
                   StringRef extra = "") {
  return (llvm::Twine("{\"name\": \"") + name +
          "\", \"threshold\": " + std::to_string(threshold) +
          ", \"method\": \"" + method + "\"" + extra + "}")
      .str();
}

std::string file(llvm::ArrayRef<std::string> records) {
  std::string text = R"({"format": "autoquant-stats", "points": [)";
  for (size_t i = 0; i < records.size(); ++i)
    text += (i ? ", " : "") + records[i];
  return text + "]}";
}

std::vector<std::string>
keys(const std::vector<const StatsMerger::Entry *> &e) {
  std::vector<std::string> result;
  for (const StatsMerger::Entry *entry : e)
    result.push_back(entry->key);
  return result;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

TEST(StatsFileTest, PointKey) {
  EXPECT_EQ(getPointKey("conv1/input", 3), "conv1/input");
  EXPECT_EQ(getPointKey("", 3), "#3");
  EXPECT_EQ(getPointKey("", 0), "#0");
}

TEST(StatsFileTest, ExactText) {
  // Keys sorted (llvm::json's printer), 2-space indent, trailing newline;
  // this is the stats-out= format users' scripts read.
  const char *expected = R"({
  "format": "autoquant-stats",
  "points": [
    {
      "fallback": false,
      "id": 0,
      "kind": "input",
      "max": 2.5,
      "method": "minmax",
      "min": -1.5,
      "name": "x/input",
      "nbit": 8,
      "scale": 0.015625,
      "threshold": 2.5,
      "unsigned": false
    },
    {
      "fallback": true,
      "id": 2,
      "kind": "activation",
      "max": null,
      "method": "kl",
      "min": null,
      "name": "",
      "nbit": 32,
      "scale": 0,
      "threshold": 4,
      "unsigned": true
    }
  ],
  "version": 1
}
)";
  EXPECT_EQ(formatStatsFile(samplePoints()), expected);
  EXPECT_EQ(formatStatsFile({}), "{\n  \"format\": \"autoquant-stats\",\n"
                                 "  \"points\": [],\n  \"version\": 1\n}\n");
}

TEST(StatsFileTest, SensitivityInfinitiesAsNull) {
  std::vector<PointStats> points = samplePoints();
  points[0].outputSqnrOnlyDb = kInf;
  points[0].outputSqnrAllButDb = 12.5;
  points[1].outputSqnrOnlyDb = 30.25;
  points[1].outputSqnrAllButDb = -kInf;
  std::string text = formatStatsFile(points);
  EXPECT_NE(text.find(R"("nbit": 8,
      "output_sqnr_all_but_db": 12.5,
      "output_sqnr_only_db": null,
      "scale")"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("output_sqnr_all_but_db": null,
      "output_sqnr_only_db": 30.25,)"),
            std::string::npos)
      << text;
  // Without a sensitivity report neither key is written.
  EXPECT_EQ(formatStatsFile(samplePoints()).find("output_sqnr"),
            std::string::npos);
}

TEST(StatsFileTest, WriteAndReadBack) {
  TempDir dir;
  std::string path = dir.file("stats.json");
  std::vector<PointStats> points = samplePoints();
  points[0].outputSqnrOnlyDb = kInf;
  points[0].outputSqnrAllButDb = 12.5;
  ASSERT_OK(writeStatsFile(path, points));
  EXPECT_EQ(readBytes(path), formatStatsFile(points));

  StatsMerger merger;
  ASSERT_OK(merger.addFile(path));
  ASSERT_EQ(merger.getEntries().size(), 2u);
  const StatsMerger::Entry *input = merger.lookup("x/input");
  ASSERT_TRUE(input);
  EXPECT_EQ(input->key, "x/input");
  EXPECT_EQ(input->threshold, 2.5);
  EXPECT_EQ(input->method, "minmax");
  EXPECT_EQ(input->file, path);
  EXPECT_FALSE(input->isUnsigned);
  EXPECT_EQ(input->min, -1.5);
  EXPECT_EQ(input->max, 2.5);
  // The unnamed point is found by id.
  const StatsMerger::Entry *activation = merger.lookup("#2");
  ASSERT_TRUE(activation);
  EXPECT_EQ(activation->threshold, 4);
  EXPECT_EQ(activation->method, "kl");
  EXPECT_TRUE(activation->isUnsigned);
  EXPECT_FALSE(activation->min);
  EXPECT_FALSE(activation->max);
  EXPECT_FALSE(merger.lookup("#0"));
  EXPECT_FALSE(merger.lookup(""));
}

TEST(StatsFileTest, WriteError) {
  TempDir dir;
  std::string path = dir.file("missing/stats.json");
  EXPECT_EQ(errorMessage(writeStatsFile(path, samplePoints())),
            "cannot write stats-out '" + path + "': No such file or directory");
}

//===----------------------------------------------------------------------===//
// Reading and validation
//===----------------------------------------------------------------------===//

TEST(StatsFileTest, MinimalRecordsAndDefaults) {
  StatsMerger merger;
  ASSERT_OK(merger.addText(
      R"({"format": "autoquant-stats", "points": [{"id": 5, "threshold": 1}]})",
      "f.json"));
  const StatsMerger::Entry *entry = merger.lookup("#5");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->method, "unknown");
  EXPECT_FALSE(entry->isUnsigned);
  EXPECT_FALSE(entry->min);
  // A name wins over the id; an empty name falls back to it.
  ASSERT_OK(merger.addText(file({record("a", 1, "kl", ", \"id\": 7"),
                                 record("", 2, "kl", ", \"id\": 8")}),
                           "g.json"));
  EXPECT_TRUE(merger.lookup("a"));
  EXPECT_FALSE(merger.lookup("#7"));
  EXPECT_TRUE(merger.lookup("#8"));
}

TEST(StatsFileTest, ReadError) {
  TempDir dir;
  std::string path = dir.file("absent.json");
  StatsMerger merger;
  EXPECT_EQ(errorMessage(merger.addFile(path)),
            "cannot read stats-in '" + path + "': No such file or directory");
}

TEST(StatsFileTest, InvalidJson) {
  std::string message = parseError("{\"format\": ");
  EXPECT_EQ(message.rfind("stats-in 'f.json' is not valid JSON: ", 0), 0u)
      << message;
  EXPECT_GT(message.size(), strlen("stats-in 'f.json' is not valid JSON: "));
  EXPECT_EQ(parseError("").rfind("stats-in 'f.json' is not valid JSON: ", 0),
            0u);
}

TEST(StatsFileTest, NotAStatsFile) {
  const std::string expected =
      "stats-in 'f.json' is not an autoquant-stats file (expected "
      "{\"format\": \"autoquant-stats\", \"points\": [...]})";
  for (const char *text : {
           R"([])",
           R"(3)",
           R"({"points": []})",
           R"({"format": "other", "points": []})",
           R"({"format": 1, "points": []})",
           R"({"format": "autoquant-stats"})",
           R"({"format": "autoquant-stats", "points": {}})",
       })
    EXPECT_EQ(parseError(text), expected) << text;
  StatsMerger merger;
  ASSERT_OK(merger.addText(R"({"format": "autoquant-stats", "points": []})",
                           "f.json"));
  EXPECT_TRUE(merger.getEntries().empty());
}

TEST(StatsFileTest, BadPoint) {
  auto expected = [](int index) {
    return "stats-in 'f.json' point " + std::to_string(index) +
           " needs a positive finite \"threshold\" and a \"name\" or \"id\"";
  };
  for (const char *point : {
           R"(3)",
           R"({"name": "a"})",
           R"({"name": "a", "threshold": 0})",
           R"({"name": "a", "threshold": -1})",
           R"({"name": "a", "threshold": "1"})",
           R"({"name": "a", "threshold": null})",
           R"({"name": "a", "threshold": 1e999})",
           R"({"threshold": 1})",
           R"({"threshold": 1, "name": 3})",
           R"({"threshold": 1, "id": 1.5})",
           R"({"threshold": 1, "name": ""})",
       })
    EXPECT_EQ(parseError(file({point})), expected(0)) << point;
  // The index counts from 0 over the list; earlier points were fine.
  EXPECT_EQ(parseError(file({record("a", 1, "kl"), record("b", 1, "kl"),
                             R"({"name": "c"})"})),
            expected(2));
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

TEST(StatsFileTest, MergeMinmaxShards) {
  StatsMerger merger;
  ASSERT_OK(merger.addText(
      file({record("a", 3, "minmax",
                   R"(, "min": -1, "max": 3, "unsigned": false)"),
            record("b", 2, "minmax",
                   R"(, "min": 0, "max": 2, "unsigned": true)"),
            record("c", 1, "minmax", R"(, "min": null, "max": 1)")}),
      "shard0.json"));
  ASSERT_OK(merger.addText(
      file({record("a", 2, "minmax",
                   R"(, "min": -2, "max": 1.5, "unsigned": true)"),
            record("b", 5, "minmax",
                   R"(, "min": 0.5, "max": 5, "unsigned": true)"),
            record("c", 4, "minmax", R"(, "min": -4, "max": 4)")}),
      "shard1.json"));
  ASSERT_EQ(merger.getEntries().size(), 3u);

  // Threshold: the max; min: the min; max: the max; unsigned: all shards.
  const StatsMerger::Entry *a = merger.lookup("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->threshold, 3);
  EXPECT_EQ(a->min, -2);
  EXPECT_EQ(a->max, 3);
  EXPECT_FALSE(a->isUnsigned);
  EXPECT_EQ(a->file, "shard0.json");
  const StatsMerger::Entry *b = merger.lookup("b");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->threshold, 5);
  EXPECT_EQ(b->min, 0);
  EXPECT_EQ(b->max, 5);
  EXPECT_TRUE(b->isUnsigned);
  // A range missing in one shard stays missing.
  const StatsMerger::Entry *c = merger.lookup("c");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->threshold, 4);
  EXPECT_FALSE(c->min);
  EXPECT_EQ(c->max, 4);
}

TEST(StatsFileTest, MergeIdenticalThresholds) {
  // Any method merges when the thresholds agree (weights, global_scale, or
  // the same file twice); the first file's entry is kept as is.
  StatsMerger merger;
  ASSERT_OK(merger.addText(
      file({record("w", 0.5, "kl", R"(, "unsigned": true, "min": 0)")}),
      "a.json"));
  ASSERT_OK(merger.addText(
      file({record("w", 0.5, "percentile", R"(, "unsigned": false)")}),
      "b.json"));
  const StatsMerger::Entry *w = merger.lookup("w");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->threshold, 0.5);
  EXPECT_EQ(w->method, "kl");
  EXPECT_EQ(w->file, "a.json");
  EXPECT_TRUE(w->isUnsigned);
  EXPECT_EQ(w->min, 0);
  EXPECT_EQ(merger.getEntries().size(), 1u);
}

TEST(StatsFileTest, ConflictingThresholds) {
  StatsMerger merger;
  ASSERT_OK(merger.addText(file({record("a", 1, "kl")}), "a.json"));
  EXPECT_EQ(
      errorMessage(merger.addText(file({record("a", 2, "kl")}), "b.json")),
      "point 'a' is in both 'a.json' and 'b.json' with different "
      "thresholds; only minmax thresholds merge exactly (as the max), "
      "not kl");

  // One minmax side is not enough; the message names the later file's
  // method.
  StatsMerger mixed;
  ASSERT_OK(mixed.addText(file({record("a", 1, "kl")}), "a.json"));
  EXPECT_EQ(
      errorMessage(mixed.addText(file({record("a", 2, "minmax")}), "b.json")),
      "point 'a' is in both 'a.json' and 'b.json' with different "
      "thresholds; only minmax thresholds merge exactly (as the max), "
      "not minmax");

  // Within one file too, and by id.
  EXPECT_EQ(parseError(file({R"({"id": 3, "threshold": 1})",
                             R"({"id": 3, "threshold": 2})"})),
            "point '#3' is in both 'f.json' and 'f.json' with different "
            "thresholds; only minmax thresholds merge exactly (as the max), "
            "not unknown");
}

//===----------------------------------------------------------------------===//
// Unused entries
//===----------------------------------------------------------------------===//

TEST(StatsFileTest, UnusedEntriesInFirstSeenOrder) {
  StatsMerger merger;
  ASSERT_OK(merger.addText(
      file({record("zeta", 1, "minmax"), record("alpha", 1, "minmax"),
            R"({"id": 4, "threshold": 1})"}),
      "a.json"));
  ASSERT_OK(merger.addText(
      file({record("mid", 1, "minmax"), record("alpha", 2, "minmax"),
            record("beta", 1, "minmax")}),
      "b.json"));
  EXPECT_EQ(keys(merger.getUnusedEntries()),
            (std::vector<std::string>{"zeta", "alpha", "#4", "mid", "beta"}));

  merger.markUsed("alpha");
  merger.markUsed("mid");
  merger.markUsed("not-a-key"); // ignored
  std::vector<const StatsMerger::Entry *> unused = merger.getUnusedEntries();
  EXPECT_EQ(keys(unused), (std::vector<std::string>{"zeta", "#4", "beta"}));
  ASSERT_EQ(unused.size(), 3u);
  EXPECT_EQ(unused[0]->file, "a.json");
  EXPECT_EQ(unused[2]->file, "b.json");

  for (const char *key : {"zeta", "#4", "beta"})
    merger.markUsed(key);
  EXPECT_TRUE(merger.getUnusedEntries().empty());
}

} // namespace
