//===- HtmlReportTest.cpp - The calibration report's rendering ------------===//

#include "autoquant/Support/HtmlReport.h"

#include "gtest/gtest.h"

#include <limits>

using namespace autoquant;

TEST(HtmlReportTest, MergeBins) {
  // 7 bins into at most 3: groups of ceil(7 / 3) = 3, the last one short.
  EXPECT_EQ(mergeBins({1, 2, 3, 4, 5, 6, 7}, 3),
            (std::vector<uint64_t>{6, 15, 7}));
  EXPECT_EQ(mergeBins({1, 2}, 5), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(mergeBins({}, 5), std::vector<uint64_t>{});
}

TEST(HtmlReportTest, SummarySortedBySqnrAndEscaped) {
  PointReport good, bad, exact;
  good.name = "conv1/input";
  good.sqnrDb = 40.0;
  bad.name = "relu<1>&/input";
  bad.sqnrDb = 12.5;
  exact.name = "w";
  exact.sqnrDb = std::numeric_limits<double>::infinity();
  for (PointReport *p : {&good, &bad, &exact}) {
    p->method = "kl_divergence";
    p->threshold = 2.0;
    p->candidates = {{"minmax", 3.0}, {"kl_divergence", 2.0}};
    p->histogram = {0, 5, 100, 5, 0};
    p->histogramLo = -3.0;
    p->histogramHi = 3.0;
  }
  good.klCurve = {{1.0, 0.5}, {2.0, 0.1}, {3.0, 0.2}};
  std::string html;
  llvm::raw_string_ostream os(html);
  writeHtmlReport(os, "model <test>", {good, bad, exact});
  // Worst first, names escaped, infinity printed as such.
  size_t worst = html.find("relu&lt;1&gt;&amp;/input</a>");
  size_t middle = html.find("conv1/input</a>");
  size_t best = html.find(">w</a>");
  ASSERT_NE(worst, std::string::npos);
  ASSERT_NE(middle, std::string::npos);
  ASSERT_NE(best, std::string::npos);
  EXPECT_LT(worst, middle);
  EXPECT_LT(middle, best);
  EXPECT_NE(html.find("<td>inf</td>"), std::string::npos);
  EXPECT_NE(html.find("model &lt;test&gt;"), std::string::npos);
  // Three histograms, one KL curve; the chosen threshold drawn thick, at
  // +T and -T, the others dashed.
  auto count = [&](const std::string &needle) {
    size_t n = 0;
    for (size_t at = html.find(needle); at != std::string::npos;
         at = html.find(needle, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count("<svg class=\"hist\""), 3u);
  EXPECT_EQ(count("<svg class=\"kl\""), 1u);
  EXPECT_EQ(count("stroke-width=\"3\""), 6u);
  EXPECT_EQ(count("stroke-dasharray"), 6u);
  // Self-contained: no scripts, no external resources.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://www.w3.org/2000/svg"), html.find("http://"));
}

// With end-to-end sensitivity, the summary sorts by the output SQNR with
// only the point quantized (unmeasured points last, shown as a dash), not by
// the point's own SQNR.
TEST(HtmlReportTest, SummarySortedBySensitivity) {
  PointReport noisyButHarmless, quietButHarmful, unmeasured;
  noisyButHarmless.name = "a";
  noisyButHarmless.sqnrDb = 10.0;
  noisyButHarmless.outputSqnrOnlyDb = 45.0;
  noisyButHarmless.outputSqnrAllButDb = 20.0;
  quietButHarmful.name = "b";
  quietButHarmful.sqnrDb = 30.0;
  quietButHarmful.outputSqnrOnlyDb = 19.5;
  quietButHarmful.outputSqnrAllButDb = 31.0;
  unmeasured.name = "c";
  unmeasured.sqnrDb = 5.0;
  std::string html;
  llvm::raw_string_ostream os(html);
  writeHtmlReport(os, "m", {noisyButHarmless, unmeasured, quietButHarmful});
  EXPECT_NE(html.find("sorted by output SQNR with only this point quantized"),
            std::string::npos);
  size_t b = html.find(">b</a>"), a = html.find(">a</a>"),
         c = html.find(">c</a>");
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(b, a);
  EXPECT_LT(a, c);
  EXPECT_NE(html.find("<td>19.5</td><td>31</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<td>&ndash;</td><td>&ndash;</td></tr>"),
            std::string::npos);
}

// Weight rounding's layer SQNRs get two summary columns (empty for the
// points it did not measure) and a sentence on the point's section.
TEST(HtmlReportTest, LayerSqnrOfWeightRounding) {
  PointReport rounded, other;
  rounded.name = "conv/weight";
  rounded.kind = "weight";
  rounded.layerSqnrNearestDb = 19.5;
  rounded.layerSqnrRoundedDb = 27.25;
  rounded.rounding = "gptq";
  other.name = "conv/input";
  std::string html;
  llvm::raw_string_ostream os(html);
  writeHtmlReport(os, "m", {rounded, other});
  EXPECT_NE(html.find("layer output, nearest (dB)</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>19.5</td><td>27.25 (gptq)</td>"), std::string::npos);
  EXPECT_NE(html.find("<td></td><td></td></tr>"), std::string::npos);
  EXPECT_NE(html.find("19.5 dB with nearest codes, 27.25 dB with gptq."),
            std::string::npos);
  std::string plain;
  llvm::raw_string_ostream plainOs(plain);
  writeHtmlReport(plainOs, "m", {other});
  EXPECT_EQ(plain.find("layer output"), std::string::npos);
}
