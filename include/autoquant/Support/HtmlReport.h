//===- HtmlReport.h - Per-layer calibration report --------------*- C++ -*-===//
//
// A single self-contained HTML file (inline SVG and CSS, no scripts, no
// network) that shows, for every quantization point, why it got its scale:
// the histogram of the values it saw (log-scale counts), the threshold every
// calibration mode would choose with the chosen one marked, the KL
// divergence curve where computed, and the SQNR of its quantizer on the
// calibration data; a summary table sorted by SQNR puts the worst point
// first. No MLIR: the calibrate pass fills PointReport and calls this.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_HTMLREPORT_H
#define AUTOQUANT_SUPPORT_HTMLREPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace autoquant {

struct PointReport {
  std::string name;
  std::string kind;
  unsigned nbit = 8;
  bool isSigned = true;
  /// The mode that chose the threshold, and the threshold.
  std::string method;
  double threshold = 0.0;
  double scale = 0.0;
  /// What every mode would choose, e.g. {"minmax", 3.5}.
  std::vector<std::pair<std::string, double>> candidates;
  /// Histogram of the observed values: counts of equal bins over [lo, hi].
  std::vector<uint64_t> histogram;
  double histogramLo = 0.0, histogramHi = 0.0;
  /// KL divergence per candidate threshold (empty when not computed).
  std::vector<std::pair<double, double>> klCurve;
  /// 10 log10(sum x^2 / sum (x - q(x))^2) over the calibration data; +inf
  /// when the quantizer is exact.
  double sqnrDb = 0.0;
  uint64_t numValues = 0;
  double min = 0.0, max = 0.0;
  /// End-to-end sensitivity (NaN when not measured): SQNR of the model's
  /// first result against the float model with only this point quantized,
  /// and with every point but this one quantized.
  double outputSqnrOnlyDb = std::numeric_limits<double>::quiet_NaN();
  double outputSqnrAllButDb = std::numeric_limits<double>::quiet_NaN();
  /// Weights of a layer that weight rounding measured (NaN otherwise): the
  /// SQNR of the layer's output on the rounding data with every weight at
  /// its nearest code and with the codes chosen (`rounding`, e.g. "gptq").
  double layerSqnrNearestDb = std::numeric_limits<double>::quiet_NaN();
  double layerSqnrRoundedDb = std::numeric_limits<double>::quiet_NaN();
  std::string rounding;
};

/// `bins` counts merged into at most `maxBins` equal groups (the last group
/// may be narrower); for drawing.
std::vector<uint64_t> mergeBins(const std::vector<uint64_t> &bins,
                                size_t maxBins);

/// What the page is: its heading and the sentence that says what the
/// histograms and SQNR measure.
struct ReportText {
  std::string heading = "Calibration report";
  std::string description =
      "SQNR: 10&middot;log<sub>10</sub>(&Sigma;x&sup2; / &Sigma;(x &minus; "
      "q(x))&sup2;) of each point's own quantizer on the calibration data (its "
      "input values, before quantization).";
};

/// Writes the report to `os`. `title` names the model (e.g. its file).
void writeHtmlReport(llvm::raw_ostream &os, llvm::StringRef title,
                     const std::vector<PointReport> &points,
                     const ReportText &text = ReportText());

/// writeHtmlReport into the file `path`; an error names the path.
llvm::Error writeHtmlReportFile(llvm::StringRef path, llvm::StringRef title,
                                const std::vector<PointReport> &points,
                                const ReportText &text = ReportText());

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_HTMLREPORT_H
