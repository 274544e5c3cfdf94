//===- Progress.cpp - Progress of a long run on stderr --------------------===//

#include "autoquant/Runtime/Progress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
using namespace autoquant;

static double nowSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

ProgressReporter::ProgressReporter(StringRef task, int64_t total, bool enabled,
                                   StringRef unit)
    : task(task.str()), unit(unit.str()), total(total), enabled(enabled),
      isTerminal(llvm::sys::Process::StandardErrIsDisplayed()),
      start(nowSeconds()) {}

void ProgressReporter::update(int64_t done) {
  if (!enabled || total <= 0)
    return;
  int64_t tenth = done * 10 / total;
  if (!isTerminal && (tenth == lastReportedTenth || done == total))
    return;
  lastReportedTenth = tenth;
  double elapsed = nowSeconds() - start;
  double rate = elapsed > 0 ? done / elapsed : 0.0;
  double eta = rate > 0 ? (total - done) / rate : 0.0;
  llvm::errs() << (isTerminal ? "\r" : "") << task << ": " << done << "/"
               << total << " " << unit << ", " << llvm::format("%.0f", rate)
               << " " << unit << "/s, ETA " << llvm::format("%.1f", eta) << " s"
               << (isTerminal ? "   " : "\n");
}

void ProgressReporter::finish() {
  if (!enabled || total <= 0)
    return;
  double elapsed = nowSeconds() - start;
  llvm::errs() << (isTerminal ? "\r" : "") << task << ": " << total << " "
               << unit << " in " << llvm::format("%.2f", elapsed) << " s"
               << (isTerminal ? "            \n" : "\n");
}
