//===- KLDivergenceFast.cpp - Corrected KL search, far below O(N^2) -------===//
//
// KL(P || Q) of a candidate decomposes into sums over bins and over merge
// groups (docs/Numerics.md):
//
//   KL = (sum_k P_k ln P_k - sum_j PG_j ln(QB_j / NZ_j)) / n - ln n + ln SQ
//
// with n the total count, SQ the count inside the window, QB_j the count of
// group j inside the window, PG_j the same plus the outliers folded into the
// end bins, NZ_j the number of nonzero P bins in group j. The groups are the
// centre bin alone (zero is exactly representable, and a ReLU's spike of
// exact zeros must not be spread over the positive bins next to it) and, on
// each side, the window's i bins split into nq / 2 groups. The first sum is
// a prefix sum over the histogram folded around its centre. An interior
// side group's term QB ln(QB / NZ) depends only on its bins, and all
// candidates with the same m = floor(i / (nq / 2)) use side groups of m or
// m + 1 bins: such a block of candidates tabulates the terms of every
// possible group once (2 * width logarithms) and then costs nq lookups per
// candidate. For 8001 bins and 255 quantized bins that is ~0.27M logarithms
// and ~1M lookups instead of TVM's 3874 * 8001 bin visits. Sums are paired
// around the centre so that mirrored data (x -> -x) give bit-identical
// divergences, and every candidate is computed the same way whatever the
// thread count.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/KLDivergence.h"

#include "Parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

using namespace autoquant::calib;

namespace {

/// ln(x) for finite x >= 1 (counts), within a few 1e-16 absolute, without
/// branches, divisions or calls: x = 2^e * m, m in [1, 2), m = c * (1 + r)
/// with c the centre of one of 256 cells, so |r| <= 1/512 and ln(1 + r) is
/// its degree-5 series (truncation error below 1e-17).
class CountLogarithm {
public:
  CountLogarithm() {
    for (unsigned cell = 0; cell < kNumCells; ++cell) {
      double centre = 1.0 + (cell + 0.5) / kNumCells;
      inverseCentre[cell] = 1.0 / centre;
      logCentre[cell] = std::log(centre);
    }
  }

  double operator()(double x) const {
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof(bits));
    const int64_t exponent = static_cast<int64_t>(bits >> 52) - 1023;
    const uint64_t mantissa = bits & ((uint64_t(1) << 52) - 1);
    const unsigned cell = static_cast<unsigned>(mantissa >> (52 - kCellBits));
    const uint64_t unitBits = mantissa | (uint64_t(1023) << 52);
    double unit;
    std::memcpy(&unit, &unitBits, sizeof(unit));
    const double r = unit * inverseCentre[cell] - 1.0;
    // r - r^2/2 + r^3/3 - r^4/4 + r^5/5, evaluated as Estrin's scheme.
    const double r2 = r * r;
    const double low = r - 0.5 * r2;
    const double high = kThird - 0.25 * r + 0.2 * r2;
    const double series = low + (r2 * r) * high;
    return static_cast<double>(exponent) * kLn2 + logCentre[cell] + series;
  }

private:
  static constexpr unsigned kCellBits = 8;
  static constexpr unsigned kNumCells = 1u << kCellBits;
  static constexpr double kLn2 = 0.693147180559945309417232121458176568;
  static constexpr double kThird = 1.0 / 3.0;
  double inverseCentre[kNumCells];
  double logCentre[kNumCells];
};

const CountLogarithm &getCountLogarithm() {
  static const CountLogarithm logarithm;
  return logarithm;
}

double xLogX(uint64_t count) {
  if (!count)
    return 0.0;
  double value = static_cast<double>(static_cast<int64_t>(count));
  return value * std::log(value);
}

struct FastHistogramContext {
  const uint64_t *hist;
  int64_t numBins;
  int64_t center;
  unsigned numQuantizedBins;
  uint64_t total;
  double logTotal;
  std::vector<uint64_t> prefix;
  std::vector<uint32_t> nonzeroPrefix;
  /// foldedSelf[m] = sum over offsets m' < m from the centre of
  /// P ln P of the (one or two) bins at that offset.
  std::vector<double> foldedSelf;
  /// logOf[k] = ln k for counts of nonzero bins in a group (logOf[0] = 0).
  std::vector<double> logOf;
  /// QB ln(QB / NZ) of the centre group (the centre bin alone).
  double centerTerm;
  /// Group boundaries may be computed in float64 (centre * (nq / 2) small).
  bool exactFloatBoundaries;

  const CountLogarithm *logarithm;

  /// QB ln(QB / NZ) of the interior group [lo, hi); an empty group has no
  /// nonzero bin and gives 0 * (ln 1 - ln 0 := 0) = 0, without a branch.
  double groupTerm(int64_t lo, int64_t hi) const {
    const int64_t count = static_cast<int64_t>(prefix[hi] - prefix[lo]);
    const double value = static_cast<double>(count);
    const double safeValue = count ? value : 1.0;
    return value * ((*logarithm)(
                       safeValue)-logOf[nonzeroPrefix[hi] - nonzeroPrefix[lo]]);
  }
};

/// Scratch buffers of one worker.
struct FastScratch {
  /// Group boundaries relative to the window start (nq + 1 values).
  std::vector<int32_t> offsets;
  /// Index of every group's term in termTable.
  std::vector<int32_t> termIndices;
  /// Group terms of one block: [(size - minSize) * span + lo - firstLo].
  /// Not value-initialized: every entry read is written first.
  std::unique_ptr<double[]> termTable;
  size_t termTableCapacity = 0;
};

/// Buffers of a search, kept per calling thread and reused by the next
/// search: fresh allocations of this size cost page faults on every call,
/// a sizeable part of a 2 ms search.
struct FastWorkspace {
  FastHistogramContext context;
  std::vector<FastScratch> scratch;
};

FastWorkspace &getFastWorkspace() {
  thread_local FastWorkspace workspace;
  return workspace;
}

} // namespace

std::vector<unsigned>
autoquant::calib::computeMergeBoundaries(unsigned width,
                                         unsigned numQuantizedBins) {
  // offsets[j] = round(j * width / nq) (ties up) for the first half, mirrored
  // for the second half so that group j and group nq - 1 - j have equal size.
  std::vector<unsigned> offsets(numQuantizedBins + 1);
  const uint64_t denominator = 2 * uint64_t(numQuantizedBins);
  for (unsigned j = 0; j <= numQuantizedBins / 2; ++j)
    offsets[j] = static_cast<unsigned>(
        (2 * uint64_t(j) * width + numQuantizedBins) / denominator);
  for (unsigned j = numQuantizedBins / 2 + 1; j <= numQuantizedBins; ++j)
    offsets[j] = width - offsets[numQuantizedBins - j];
  return offsets;
}

std::vector<double>
autoquant::calib::mergeAndExpand(const std::vector<double> &p,
                                 unsigned numQuantizedBins) {
  std::vector<double> q(p.size(), 0.0);
  if (numQuantizedBins == 0 || p.empty())
    return q;
  std::vector<unsigned> offsets =
      computeMergeBoundaries(static_cast<unsigned>(p.size()), numQuantizedBins);
  for (unsigned j = 0; j < numQuantizedBins; ++j) {
    double sum = 0;
    unsigned nonzeros = 0;
    for (unsigned k = offsets[j]; k < offsets[j + 1]; ++k) {
      sum += p[k];
      nonzeros += p[k] != 0;
    }
    if (!nonzeros)
      continue;
    for (unsigned k = offsets[j]; k < offsets[j + 1]; ++k)
      if (p[k] != 0)
        q[k] = sum / nonzeros;
  }
  return q;
}

double autoquant::calib::computeKLDivergence(const std::vector<double> &p,
                                             const std::vector<double> &q) {
  double pSum = 0, qSum = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    pSum += p[k];
    qSum += q[k];
  }
  double divergence = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    if (p[k] == 0)
      continue;
    if (q[k] == 0)
      return std::numeric_limits<double>::infinity();
    double pk = p[k] / pSum, qk = q[k] / qSum;
    divergence += pk * std::log(pk / qk);
  }
  return divergence;
}

/// Where the group terms of a block come from: a table of every group of
/// `minSize` or `minSize + 1` bins starting in [firstLo, firstLo + span), or
/// (table == nullptr) direct computation.
struct GroupTermTable {
  const double *table = nullptr;
  int32_t minSize = 0;
  int64_t firstLo = 0;
  int32_t span = 0;
};

/// KL(P || Q) of the window of half-width i.
static double computeFastCandidate(const FastHistogramContext &context,
                                   int64_t i, const GroupTermTable &terms,
                                   FastScratch &scratch) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  const uint64_t *hist = context.hist;
  const uint64_t *prefix = context.prefix.data();
  const uint32_t *nonzeroPrefix = context.nonzeroPrefix.data();
  const int64_t first = context.center - i, last = context.center + i;
  const int32_t width = static_cast<int32_t>(2 * i + 1);
  const unsigned numGroups = context.numQuantizedBins;
  const uint64_t leftOutliers = prefix[first];
  const uint64_t rightOutliers = context.total - prefix[last + 1];
  const uint64_t windowCount = prefix[last + 1] - prefix[first];
  if (windowCount == 0)
    return kInfinity;
  if (first == last) // One bin holds everything: P = Q.
    return 0.0;

  const double selfTerm =
      context.foldedSelf[i] +
      (xLogX(hist[first] + leftOutliers) + xLogX(hist[last] + rightOutliers));

  // Group boundaries relative to `first`. The centre bin is a group of its
  // own ([i, i + 1)); each side's i bins form h = nq / 2 groups, boundary k
  // of the right side (counted outwards from the centre) at
  // r_k = floor((2 k i + h) / (2 h)) = round(k i / h), ties away from the
  // centre, the left side mirrored: offsets[j] = i - r_(h - j) for j <= h,
  // mirrored after.
  int32_t *offsets = scratch.offsets.data();
  if (numGroups > 1) {
    const int32_t half = static_cast<int32_t>(numGroups / 2);
    const int32_t halfWidth = static_cast<int32_t>(i);
    if (context.exactFloatBoundaries) {
      // (2 k i + h + 1/2) / (2 h) is at least 1 / (4 h) away from an
      // integer, far more than the float64 error when i * h < 2^44, so the
      // truncation is exact (and the loop vectorizes).
      const double inverseDenominator = 1.0 / (2.0 * half);
      const double twiceHalfWidth = 2.0 * halfWidth;
      const double offset = half + 0.5;
      for (int32_t j = 0; j <= half; ++j) {
        const double numerator =
            static_cast<double>(half - j) * twiceHalfWidth + offset;
        offsets[j] =
            halfWidth - static_cast<int32_t>(numerator * inverseDenominator);
      }
    } else {
      // Step r_k exactly in integers (quotient and remainder of 2i / 2h).
      const int64_t denominator = 2 * int64_t(half);
      const int64_t step = 2 * int64_t(halfWidth);
      const int64_t stepQuotient = step / denominator;
      const int64_t stepRemainder = step % denominator;
      int64_t quotient = 0, remainder = half; // r_0 = floor(h / 2h) = 0
      for (int32_t k = 0; k <= half; ++k) {
        offsets[half - k] = halfWidth - static_cast<int32_t>(quotient);
        remainder += stepRemainder;
        const int64_t carry = remainder >= denominator;
        quotient += stepQuotient + carry;
        remainder -= carry * denominator;
      }
    }
    for (unsigned j = numGroups / 2 + 1; j <= numGroups; ++j)
      offsets[j] = width - offsets[numGroups - j];
  } else {
    offsets[0] = 0;
    offsets[1] = width;
  }

  // Terms QB ln(QB / NZ) of the groups: from the block's table (positions
  // computed first, in a loop that vectorizes) or computed directly.
  auto groupTerm = [&](unsigned j) {
    return context.groupTerm(first + offsets[j], first + offsets[j + 1]);
  };
  if (terms.table) {
    int32_t *indices = scratch.termIndices.data();
    const int32_t base = static_cast<int32_t>(first - terms.firstLo);
    // Sizes are minSize or minSize + 1: select the row with a mask rather
    // than a multiplication (SSE2 has no packed 32-bit multiply). The entry
    // of the one-bin centre group (j = nq / 2) is computed but never read.
    for (unsigned j = 0; j < numGroups; ++j) {
      const int32_t longer = offsets[j + 1] - offsets[j] - terms.minSize;
      indices[j] = (-longer & terms.span) + base + offsets[j];
    }
  }
  auto termOf = [&](unsigned j) {
    return terms.table ? terms.table[scratch.termIndices[j]] : groupTerm(j);
  };

  const CountLogarithm &logarithm = *context.logarithm;
  double crossTerm;
  if (numGroups == 1) {
    // One group holds the whole window and both outlier sides.
    const uint32_t nonzeros = nonzeroPrefix[last + 1] - nonzeroPrefix[first] +
                              (hist[first] == 0 && leftOutliers != 0) +
                              (hist[last] == 0 && rightOutliers != 0);
    crossTerm =
        static_cast<double>(static_cast<int64_t>(context.total)) *
        (logarithm(static_cast<double>(static_cast<int64_t>(windowCount))) -
         context.logOf[nonzeros]);
  } else {
    // The end groups also carry the outliers folded into the end bins of P;
    // outliers with no count inside their group make Q zero where P is not.
    auto endGroupTerm = [&](unsigned j, uint64_t outliers, uint64_t endBinCount,
                            double &term) {
      if (!outliers) {
        term = termOf(j);
        return true;
      }
      const int64_t lo = first + offsets[j], hi = first + offsets[j + 1];
      const uint64_t groupCount = prefix[hi] - prefix[lo];
      if (!groupCount)
        return false;
      const uint32_t nonzeros =
          nonzeroPrefix[hi] - nonzeroPrefix[lo] + (endBinCount == 0);
      term = static_cast<double>(static_cast<int64_t>(groupCount + outliers)) *
             (logarithm(static_cast<double>(static_cast<int64_t>(groupCount))) -
              context.logOf[nonzeros]);
      return true;
    };
    double firstTerm, lastTerm;
    if (!endGroupTerm(0, leftOutliers, hist[first], firstTerm) ||
        !endGroupTerm(numGroups - 1, rightOutliers, hist[last], lastTerm))
      return kInfinity;
    // Pairs (j, nq - 1 - j) so that mirrored data sum identically; two
    // accumulators shorten the dependency chain.
    double evenPairs = firstTerm + lastTerm, oddPairs = 0;
    const unsigned numPairs = numGroups / 2;
    if (terms.table) {
      const int32_t *indices = scratch.termIndices.data();
      const double *table = terms.table;
      unsigned j = 1;
      for (; j + 1 < numPairs; j += 2) {
        oddPairs += table[indices[j]] + table[indices[numGroups - 1 - j]];
        evenPairs += table[indices[j + 1]] + table[indices[numGroups - 2 - j]];
      }
      for (; j < numPairs; ++j)
        oddPairs += table[indices[j]] + table[indices[numGroups - 1 - j]];
    } else {
      for (unsigned j = 1; j < numPairs; ++j)
        oddPairs += groupTerm(j) + groupTerm(numGroups - 1 - j);
    }
    // The centre group is the centre bin alone (never an end bin, as
    // i >= nq / 2 >= 1): Q equals P there.
    crossTerm = evenPairs + oddPairs + context.centerTerm;
  }

  const double total = static_cast<double>(static_cast<int64_t>(context.total));
  return (selfTerm - crossTerm) / total - context.logTotal +
         std::log(static_cast<double>(static_cast<int64_t>(windowCount)));
}

static Status validateFastInputs(const std::vector<uint64_t> &hist,
                                 unsigned numQuantizedBins) {
  if (hist.empty() || hist.size() % 2 == 0 || hist.size() > (1u << 30))
    return Status::error("fast KL needs an odd number of histogram bins "
                         "(got " +
                         std::to_string(hist.size()) + ")");
  if (numQuantizedBins % 2 == 0 || numQuantizedBins > hist.size())
    return Status::error("fast KL needs an odd number of quantized bins no "
                         "larger than the histogram (got " +
                         std::to_string(numQuantizedBins) + " for " +
                         std::to_string(hist.size()) + " bins)");
  return Status::success();
}

Result<std::vector<double>>
autoquant::calib::computeKLDivergencesFast(const std::vector<uint64_t> &hist,
                                           unsigned numQuantizedBins,
                                           unsigned numThreads) {
  if (Status status = validateFastInputs(hist, numQuantizedBins); !status)
    return status;
  const int64_t numBins = static_cast<int64_t>(hist.size());
  FastWorkspace &workspace = getFastWorkspace();
  FastHistogramContext &context = workspace.context;
  context.hist = hist.data();
  context.numBins = numBins;
  context.center = numBins / 2;
  context.numQuantizedBins = numQuantizedBins;
  context.prefix.resize(numBins + 1);
  context.nonzeroPrefix.resize(numBins + 1);
  context.prefix[0] = 0;
  context.nonzeroPrefix[0] = 0;
  for (int64_t k = 0; k < numBins; ++k) {
    context.prefix[k + 1] = context.prefix[k] + hist[k];
    context.nonzeroPrefix[k + 1] = context.nonzeroPrefix[k] + (hist[k] != 0);
  }
  context.total = context.prefix[numBins];
  context.logarithm = &getCountLogarithm();
  if (context.total == 0)
    return Result<std::vector<double>>::error("fast KL: empty histogram");
  context.logTotal = std::log(static_cast<double>(context.total));
  const int64_t center = context.center;
  context.centerTerm = xLogX(hist[center]);
  context.exactFloatBoundaries =
      uint64_t(center) * (numQuantizedBins / 2) < (uint64_t(1) << 44);
  context.foldedSelf.resize(center + 2);
  context.foldedSelf[0] = 0.0;
  for (int64_t m = 0; m <= center; ++m) {
    double atOffset = m == 0
                          ? xLogX(hist[center])
                          : xLogX(hist[center - m]) + xLogX(hist[center + m]);
    context.foldedSelf[m + 1] = context.foldedSelf[m] + atOffset;
  }
  // A side group has at most ceil(c / (nq / 2)) bins, plus one for a folded
  // end bin; a single group covers the whole window.
  const int64_t halfGroups = numQuantizedBins / 2;
  const int64_t maxNonzeros =
      numQuantizedBins == 1 ? numBins + 2 : center / halfGroups + 3;
  context.logOf.assign(maxNonzeros + 1, 0.0);
  for (int64_t k = 1; k <= maxNonzeros; ++k)
    context.logOf[k] = std::log(static_cast<double>(k));

  // Candidates with the same m = floor(i / (nq / 2)) form a block: their
  // side groups have m or m + 1 bins, so the terms of all such groups inside
  // the widest window of the block can be tabulated once (2 * width terms)
  // and then looked up (nq lookups per candidate). Blocks whose table would
  // cost more than direct evaluation compute the terms directly; both give
  // the same doubles.
  const int64_t firstHalfWidth = numQuantizedBins / 2;
  const size_t numCandidates = static_cast<size_t>(center - firstHalfWidth + 1);
  struct Block {
    int64_t firstHalfWidth, lastHalfWidth;
  };
  std::vector<Block> blocks;
  for (int64_t i = firstHalfWidth; i <= center; ++i) {
    // (nq = 1: one group, no table, a single block.)
    auto sizeOf = [&](int64_t halfWidth) {
      return halfGroups ? halfWidth / halfGroups : 0;
    };
    if (blocks.empty() || sizeOf(blocks.back().firstHalfWidth) != sizeOf(i))
      blocks.push_back({i, i});
    else
      blocks.back().lastHalfWidth = i;
  }
  // Wider blocks cost more (their tables span more bins): hand them out
  // first so that the threads finish together.
  std::reverse(blocks.begin(), blocks.end());

  std::vector<double> divergences(numCandidates);
  const unsigned workers = detail::resolveNumThreads(numThreads);
  std::vector<FastScratch> &scratch = workspace.scratch;
  if (scratch.size() < workers)
    scratch.resize(workers);
  detail::parallelForChunks(
      blocks.size(), workers, /*chunkSize=*/1,
      [&](unsigned worker, size_t begin, size_t end) {
        FastScratch &buffers = scratch[worker];
        buffers.offsets.resize(numQuantizedBins + 1);
        buffers.termIndices.resize(numQuantizedBins);
        // Sized once for the widest block: regrowing a large vector per block
        // costs fresh pages (page faults) every time.
        const size_t tableSize = 2 * static_cast<size_t>(numBins);
        if (buffers.termTableCapacity < tableSize) {
          buffers.termTable.reset(new double[tableSize]);
          buffers.termTableCapacity = tableSize;
        }
        for (size_t b = begin; b < end; ++b) {
          const Block &block = blocks[b];
          GroupTermTable terms;
          const int64_t minSize =
              halfGroups ? block.firstHalfWidth / halfGroups : 0;
          const int64_t firstLo = center - block.lastHalfWidth;
          const int64_t span = 2 * block.lastHalfWidth + 1;
          const int64_t numBlockCandidates =
              block.lastHalfWidth - block.firstHalfWidth + 1;
          if (halfGroups &&
              2 * span < numBlockCandidates * int64_t(numQuantizedBins)) {
            double *table = buffers.termTable.get();
            for (int64_t extra = 0; extra < 2; ++extra) {
              // Groups reaching past the widest window are never looked up.
              const int64_t size = minSize + extra;
              const int64_t numStarts = std::max<int64_t>(span - size + 1, 0);
              double *row = table + extra * span;
              for (int64_t k = 0; k < numStarts; ++k)
                row[k] = context.groupTerm(firstLo + k, firstLo + k + size);
              std::fill(row + numStarts, row + span, 0.0);
            }
            terms.table = table;
            terms.minSize = static_cast<int32_t>(minSize);
            terms.firstLo = firstLo;
            terms.span = static_cast<int32_t>(span);
          }
          for (int64_t i = block.firstHalfWidth; i <= block.lastHalfWidth; ++i)
            divergences[i - firstHalfWidth] =
                computeFastCandidate(context, i, terms, buffers);
        }
      });
  return divergences;
}

Result<KLSearchResult>
autoquant::calib::minimizeKLFast(const std::vector<uint64_t> &hist,
                                 double absMax, unsigned numQuantizedBins,
                                 unsigned numThreads) {
  if (!(std::isfinite(absMax) && absMax > 0))
    return Result<KLSearchResult>::error(
        "fast KL needs a finite positive range");
  Result<std::vector<double>> divergences =
      computeKLDivergencesFast(hist, numQuantizedBins, numThreads);
  if (!divergences)
    return divergences.getStatus();
  // The full window always has a finite divergence, so a minimum exists.
  size_t best = 0;
  for (size_t c = 1; c < divergences->size(); ++c)
    if ((*divergences)[c] < (*divergences)[best])
      best = c;
  KLSearchResult result;
  const int64_t halfWidth = numQuantizedBins / 2 + static_cast<int64_t>(best);
  result.threshold =
      static_cast<double>(2 * halfWidth + 1) * absMax / hist.size();
  result.divergence = (*divergences)[best];
  result.candidate = static_cast<unsigned>(best);
  return result;
}
