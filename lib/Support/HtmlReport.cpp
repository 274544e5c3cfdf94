//===- HtmlReport.cpp - Per-layer calibration report ----------------------===//

#include "autoquant/Support/HtmlReport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace llvm;
using namespace autoquant;

std::vector<uint64_t> autoquant::mergeBins(const std::vector<uint64_t> &bins,
                                           size_t maxBins) {
  if (bins.size() <= maxBins || maxBins == 0)
    return bins;
  size_t group = (bins.size() + maxBins - 1) / maxBins;
  std::vector<uint64_t> merged((bins.size() + group - 1) / group, 0);
  for (size_t i = 0; i < bins.size(); ++i)
    merged[i / group] += bins[i];
  return merged;
}

namespace {

std::string escape(StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  if (std::isnan(value))
    return "&ndash;";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  std::string text;
  raw_string_ostream os(text);
  os << format("%.4g", value);
  return text;
}

/// Colour of each mode's threshold line.
const char *modeColour(StringRef mode) {
  if (mode.starts_with("kl"))
    return "#d62728";
  if (mode.starts_with("percentile"))
    return "#2ca02c";
  if (mode.starts_with("mse"))
    return "#9467bd";
  if (mode.starts_with("global"))
    return "#8c564b";
  if (mode.starts_with("power2"))
    return "#17becf";
  return "#ff7f0e"; // minmax
}

constexpr double kWidth = 560, kHeight = 180, kLeft = 50, kBottom = 24;

/// Histogram with log-scale counts and one vertical line per candidate
/// threshold (and its negative for signed points); the chosen one is thick.
void writeHistogram(raw_ostream &os, const PointReport &point) {
  std::vector<uint64_t> bins = mergeBins(point.histogram, 200);
  double lo = point.histogramLo, hi = point.histogramHi;
  uint64_t largest = bins.empty() ? 1 : *llvm::max_element(bins);
  double logMax =
      std::log10(static_cast<double>(std::max<uint64_t>(largest, 1))) + 0.1;
  double plotW = kWidth - kLeft - 10, plotH = kHeight - kBottom - 10;
  auto xOf = [&](double v) {
    return kLeft + (hi > lo ? (v - lo) / (hi - lo) : 0.5) * plotW;
  };
  os << formatv("<svg class=\"hist\" width=\"{0}\" height=\"{1}\" "
                "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                "aria-label=\"histogram of {2}\">\n",
                kWidth, kHeight, escape(point.name));
  os << formatv("<rect x=\"{0}\" y=\"10\" width=\"{1}\" height=\"{2}\" "
                "fill=\"#fafafa\" stroke=\"#ccc\"/>\n",
                kLeft, plotW, plotH);
  double barW = bins.empty() ? 0 : plotW / bins.size();
  for (size_t i = 0; i < bins.size(); ++i) {
    if (!bins[i])
      continue;
    // log10(count + 1) so that a single value is still visible.
    double h = std::log10(static_cast<double>(bins[i]) + 1) / logMax * plotH;
    os << formatv("<rect x=\"{0:f2}\" y=\"{1:f2}\" width=\"{2:f2}\" "
                  "height=\"{3:f2}\" fill=\"#1f77b4\"/>\n",
                  kLeft + i * barW, 10 + plotH - h, std::max(barW, 0.5), h);
  }
  // Axes labels: range and count scale.
  os << formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"10\">{2}</text>\n",
                kLeft, kHeight - 8, number(lo));
  os << formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"10\" "
                "text-anchor=\"end\">{2}</text>\n",
                kLeft + plotW, kHeight - 8, number(hi));
  os << formatv("<text x=\"4\" y=\"20\" font-size=\"10\">10^{0:f1}</text>\n",
                logMax - 0.1);
  os << "<text x=\"4\" y=\"" << 10 + plotH << "\" font-size=\"10\">1</text>\n";
  for (const auto &[mode, threshold] : point.candidates) {
    bool chosen = mode == point.method;
    for (double t : {threshold, -threshold}) {
      if (t < lo || t > hi || (t < 0 && !point.isSigned && lo >= 0))
        continue;
      os << formatv("<line x1=\"{0:f2}\" x2=\"{0:f2}\" y1=\"10\" y2=\"{1}\" "
                    "stroke=\"{2}\" stroke-width=\"{3}\"{4}><title>{5}: "
                    "{6}</title></line>\n",
                    xOf(t), 10 + plotH, modeColour(mode), chosen ? "3" : "1.2",
                    chosen ? "" : " stroke-dasharray=\"4 3\"", escape(mode),
                    number(threshold));
    }
  }
  os << "</svg>\n";
}

/// KL(P || Q) against the candidate threshold.
void writeKLCurve(raw_ostream &os, const PointReport &point) {
  std::vector<std::pair<double, double>> curve;
  for (const auto &[t, kl] : point.klCurve)
    if (std::isfinite(kl))
      curve.push_back({t, kl});
  if (curve.size() < 2)
    return;
  double tMin = curve.front().first, tMax = curve.back().first;
  double kMin = std::numeric_limits<double>::infinity(), kMax = -kMin;
  for (const auto &[t, kl] : curve) {
    kMin = std::min(kMin, kl);
    kMax = std::max(kMax, kl);
  }
  if (kMax <= kMin)
    kMax = kMin + 1;
  double plotW = kWidth - kLeft - 10, plotH = kHeight - kBottom - 10;
  os << formatv("<svg class=\"kl\" width=\"{0}\" height=\"{1}\" "
                "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                "aria-label=\"KL curve of {2}\">\n",
                kWidth, kHeight, escape(point.name));
  os << formatv("<rect x=\"{0}\" y=\"10\" width=\"{1}\" height=\"{2}\" "
                "fill=\"#fafafa\" stroke=\"#ccc\"/>\n<polyline "
                "fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" "
                "points=\"",
                kLeft, plotW, plotH);
  size_t step = std::max<size_t>(1, curve.size() / 400);
  for (size_t i = 0; i < curve.size(); i += step) {
    double x = kLeft + (curve[i].first - tMin) / (tMax - tMin) * plotW;
    double y = 10 + plotH - (curve[i].second - kMin) / (kMax - kMin) * plotH;
    os << formatv("{0:f1},{1:f1} ", x, y);
  }
  os << "\"/>\n";
  os << formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"10\">T = {2}</text>\n",
                kLeft, kHeight - 8, number(tMin));
  os << formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"10\" "
                "text-anchor=\"end\">{2}</text>\n",
                kLeft + plotW, kHeight - 8, number(tMax));
  os << formatv("<text x=\"4\" y=\"20\" font-size=\"10\">{0}</text>\n",
                number(kMax));
  os << formatv("<text x=\"4\" y=\"{0}\" font-size=\"10\">{1}</text>\n",
                10 + plotH, number(kMin));
  os << "</svg>\n";
}

std::string anchor(size_t index) { return "p" + std::to_string(index); }

} // namespace

void autoquant::writeHtmlReport(raw_ostream &os, StringRef title,
                                const std::vector<PointReport> &points,
                                const ReportText &text) {
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n<title>AutoQuant "
     << escape(StringRef(text.heading).lower()) << ": " << escape(title)
     << "</title>\n<style>\n"
     << "body{font-family:sans-serif;margin:24px;color:#222}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:3px 8px;text-align:right}th{background:#eee}"
        "td.name{text-align:left}.point{margin:18px 0;padding:8px;"
        "border-top:2px solid #ddd}.legend span{margin-right:14px}"
        ".bad{background:#fdd}\n</style>\n</head>\n<body>\n";
  os << "<h1>" << escape(text.heading) << "</h1>\n<p>" << escape(title)
     << " &mdash; " << points.size() << " quantization points. "
     << text.description << "</p>\n";
  bool anyCandidates = llvm::any_of(
      points, [](const PointReport &p) { return !p.candidates.empty(); });
  if (anyCandidates)
    os << "<p class=\"legend\">Thresholds: ";
  for (const char *mode :
       {"minmax", "percentile", "kl_divergence", "mse", "global_scale"})
    if (anyCandidates)
      os << "<span style=\"color:" << modeColour(mode) << "\">&#9473; " << mode
         << "</span>";
  if (anyCandidates)
    os << " (thick: chosen; histogram counts on a log scale)</p>\n";

  // Summary, worst first: by the end-to-end effect when it was measured,
  // otherwise by the point's own SQNR.
  bool hasSensitivity = llvm::any_of(points, [](const PointReport &p) {
    return !std::isnan(p.outputSqnrOnlyDb);
  });
  auto sortKey = [&](const PointReport &p) {
    double key = hasSensitivity ? p.outputSqnrOnlyDb : p.sqnrDb;
    return std::isnan(key) ? std::numeric_limits<double>::infinity() : key;
  };
  std::vector<size_t> order(points.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return sortKey(points[a]) < sortKey(points[b]);
  });
  os << "<h2>Summary (sorted by "
     << (hasSensitivity ? "output SQNR with only this point quantized" : "SQNR")
     << ", worst first)</h2>\n<table "
        "id=\"summary\">\n<tr><th>#</th><th>point</th><th>kind</th>"
        "<th>bits</th><th>method</th><th>threshold</th><th>scale</th>"
        "<th>min</th><th>max</th><th>SQNR (dB)</th>";
  if (hasSensitivity)
    os << "<th title=\"output SQNR with only this point quantized\">"
          "only it (dB)</th><th title=\"output SQNR with every point but "
          "this one quantized\">all but it (dB)</th>";
  bool hasLayerSqnr = llvm::any_of(points, [](const PointReport &p) {
    return !std::isnan(p.layerSqnrNearestDb);
  });
  if (hasLayerSqnr)
    os << "<th title=\"SQNR of the layer's output from its weights' rounding "
          "alone, on the rounding data\">layer output, nearest (dB)</th>"
          "<th title=\"the same with the codes chosen\">layer output, "
          "rounded (dB)</th>";
  os << "</tr>\n";
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const PointReport &p = points[order[rank]];
    os << "<tr" << (rank == 0 ? " class=\"bad\"" : "") << "><td>" << rank + 1
       << "</td><td class=\"name\"><a href=\"#" << anchor(order[rank]) << "\">"
       << escape(p.name) << "</a></td><td>" << escape(p.kind) << "</td><td>"
       << p.nbit << (p.isSigned ? "" : "u") << "</td><td>" << escape(p.method)
       << "</td><td>" << number(p.threshold) << "</td><td>" << number(p.scale)
       << "</td><td>" << number(p.min) << "</td><td>" << number(p.max)
       << "</td><td>" << number(p.sqnrDb) << "</td>";
    if (hasSensitivity)
      os << "<td>" << number(p.outputSqnrOnlyDb) << "</td><td>"
         << number(p.outputSqnrAllButDb) << "</td>";
    if (hasLayerSqnr) {
      if (std::isnan(p.layerSqnrNearestDb))
        os << "<td></td><td></td>";
      else
        os << "<td>" << number(p.layerSqnrNearestDb) << "</td><td>"
           << number(p.layerSqnrRoundedDb) << " (" << escape(p.rounding)
           << ")</td>";
    }
    os << "</tr>\n";
  }
  os << "</table>\n";

  os << "<h2>Quantization points</h2>\n";
  for (size_t i = 0; i < points.size(); ++i) {
    const PointReport &p = points[i];
    os << "<div class=\"point\" id=\"" << anchor(i) << "\">\n<h3>"
       << escape(p.name) << "</h3>\n<p>" << escape(p.kind) << ", " << p.nbit
       << " bits " << (p.isSigned ? "signed" : "unsigned") << ", "
       << p.numValues << " values in [" << number(p.min) << ", "
       << number(p.max) << "]; chosen: <b>" << escape(p.method)
       << "</b> T = " << number(p.threshold) << ", scale " << number(p.scale)
       << ", SQNR " << number(p.sqnrDb) << " dB.";
    if (!std::isnan(p.layerSqnrNearestDb))
      os << " Layer output SQNR from the weights' rounding: "
         << number(p.layerSqnrNearestDb) << " dB with nearest codes, "
         << number(p.layerSqnrRoundedDb) << " dB with " << escape(p.rounding)
         << ".";
    os << "</p>\n<table><tr>";
    for (const auto &[mode, threshold] : p.candidates)
      os << "<th style=\"color:" << modeColour(mode) << "\">" << escape(mode)
         << "</th>";
    os << "</tr><tr>";
    for (const auto &[mode, threshold] : p.candidates)
      os << "<td>" << (mode == p.method ? "<b>" : "") << number(threshold)
         << (mode == p.method ? "</b>" : "") << "</td>";
    os << "</tr></table>\n";
    writeHistogram(os, p);
    writeKLCurve(os, p);
    os << "</div>\n";
  }
  os << "</body>\n</html>\n";
}

Error autoquant::writeHtmlReportFile(StringRef path, StringRef title,
                                     const std::vector<PointReport> &points,
                                     const ReportText &text) {
  std::error_code error;
  raw_fd_ostream os(path, error, sys::fs::OF_Text);
  if (error)
    return createStringError(error, "cannot write the report '" + path +
                                        "': " + error.message());
  writeHtmlReport(os, title, points, text);
  return Error::success();
}
