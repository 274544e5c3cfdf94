//===- KLDivergenceTvm.cpp - TVM's MinimizeKL, bit for bit ----------------===//
//
// An independent re-implementation of TVM's MinimizeKL that performs, for
// every candidate, exactly the float32 operations TVM performs, in the same
// order, so the divergences (and hence the chosen threshold) are identical.
// What is restructured is only work whose result is exact or order-free:
// integer sums come from prefix sums, the left outlier sum from a prefix of
// sequential float sums (TVM's own order), and logf of the value shared by
// all empty bins is computed once per candidate.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Calibration/KLDivergence.h"

#include "Parallel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

// Every float operation below must round exactly like TVM's build (x86-64,
// no FMA): never contract a * b + c.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

using namespace autoquant::calib;

namespace {

/// Per-histogram data shared by all candidates.
struct TvmHistogramContext {
  const int32_t *hist;
  int numBins;
  int numQuantizedBins;
  /// leftSums[s] = ((0.f + hist[0]) + hist[1]) + ... + hist[s], in float.
  std::vector<float> leftSums;
  /// prefix[k] = hist[0] + ... + hist[k - 1], exact.
  std::vector<int64_t> prefix;
  /// nonzeroPrefix[k] = number of nonzero hist[j], j < k.
  std::vector<int32_t> nonzeroPrefix;
  /// When every partial float sum of the histogram is an exactly
  /// representable integer, the right outlier sum equals the exact sum.
  bool floatSumsAreExact;
};

/// Scratch buffers of one worker.
struct TvmScratch {
  std::vector<float> p;
  std::vector<float> q;
  std::vector<float> quantizedBins;
};

} // namespace

/// TVM's int accumulate over the sliced histogram (whose first entry is 0)
/// on [begin, end), wrapping like two's complement int.
static int32_t slicedSum(const TvmHistogramContext &context, int start,
                         int begin, int end) {
  begin = std::max(begin, 1);
  if (end <= begin)
    return 0;
  int64_t sum = context.prefix[start + end] - context.prefix[start + begin];
  return static_cast<int32_t>(static_cast<uint32_t>(sum));
}

/// std::count_if(!= 0) over the sliced histogram on [begin, end).
static int slicedNonzeros(const TvmHistogramContext &context, int start,
                          int begin, int end) {
  begin = std::max(begin, 1);
  if (end <= begin)
    return 0;
  return context.nonzeroPrefix[start + end] -
         context.nonzeroPrefix[start + begin];
}

/// TVM's divergence for candidate i (window [zero - i, zero + i]).
static float computeTvmCandidate(const TvmHistogramContext &context, int i,
                                 TvmScratch &scratch) {
  const int32_t *hist = context.hist;
  const int numBins = context.numBins;
  const int numQuantizedBins = context.numQuantizedBins;
  const int zeroBin = numBins / 2;
  const int start = zeroBin - i;
  const int stop = zeroBin + i + 1;
  const int width = stop - start;
  float *p = scratch.p.data();
  float *q = scratch.q.data();

  // Reference distribution: hist[0..start] summed into p[0] (hist[start] is
  // an "outlier" too), hist[stop-1] plus hist[stop..] summed into p.back().
  if (width == 1) {
    p[0] = context.leftSums[numBins - 1];
  } else {
    p[0] = context.leftSums[start];
    for (int k = 1; k < width - 1; ++k)
      p[k] = static_cast<float>(hist[start + k]);
    float right;
    if (context.floatSumsAreExact) {
      right = static_cast<float>(context.prefix[numBins] -
                                 context.prefix[stop - 1]);
    } else {
      right = static_cast<float>(hist[stop - 1]);
      for (int j = stop; j < numBins; ++j)
        right += hist[j];
    }
    p[width - 1] = right;
  }

  // Quantized distribution: groups of `mergedBins` sliced bins, remainder
  // added (in float) to the last group.
  const int mergedBins = width / numQuantizedBins;
  float *quantizedBins = scratch.quantizedBins.data();
  for (int j = 0; j < numQuantizedBins; ++j)
    quantizedBins[j] = static_cast<float>(
        slicedSum(context, start, j * mergedBins, (j + 1) * mergedBins));
  quantizedBins[numQuantizedBins - 1] +=
      slicedSum(context, start, numQuantizedBins * mergedBins, width);

  std::fill(q, q + width, 0.f);
  for (int j = 0; j < numQuantizedBins; ++j) {
    const int groupStart = j * mergedBins;
    const int groupStop =
        j == numQuantizedBins - 1 ? width : (j + 1) * mergedBins;
    int norm = slicedNonzeros(context, start, groupStart, groupStop);
    if (!norm)
      continue;
    for (int k = groupStart; k < groupStop; ++k)
      if (p[k] != 0.f)
        q[k] = quantizedBins[j] / norm;
  }

  // SmoothDistribution: zeros become eps, nonzeros lose eps1 = eps * zeros /
  // nonzeros; an all-zero or over-smoothed distribution is "empty".
  const float eps = 0.0001f;
  int pZeros = 0, qZeros = 0;
  for (int k = 0; k < width; ++k) {
    pZeros += p[k] == 0.f;
    qZeros += q[k] == 0.f;
  }
  const int pNonzeros = width - pZeros, qNonzeros = width - qZeros;
  if (!qNonzeros)
    return std::numeric_limits<float>::infinity();
  const float qEps1 =
      eps * static_cast<float>(qZeros) / static_cast<float>(qNonzeros);
  if (qEps1 >= 1.0)
    return std::numeric_limits<float>::infinity();
  // q nonzero implies p nonzero, so p has at most as many zeros as q and is
  // never empty when q is not.
  const float pEps1 =
      eps * static_cast<float>(pZeros) / static_cast<float>(pNonzeros);

  // ComputeEntropy: sequential float sums, then sequential sum of
  // p * logf(p / q) over the normalized distributions.
  float pSum = 0.f, qSum = 0.f;
  for (int k = 0; k < width; ++k) {
    pSum += p[k] == 0.f ? eps : p[k] - pEps1;
    qSum += q[k] == 0.f ? eps : q[k] - qEps1;
  }
  // Every empty bin of p is also empty in q: one shared term.
  const float emptyP = eps / pSum, emptyQ = eps / qSum;
  const bool emptyTermCounts = emptyP != 0.f && emptyQ != 0.f;
  const float emptyTerm =
      emptyTermCounts ? emptyP * std::log(emptyP / emptyQ) : 0.f;
  float divergence = 0.f;
  for (int k = 0; k < width; ++k) {
    if (p[k] == 0.f) {
      if (emptyTermCounts)
        divergence += emptyTerm;
      continue;
    }
    float pk = (p[k] - pEps1) / pSum;
    float qk = (q[k] == 0.f ? eps : q[k] - qEps1) / qSum;
    if (pk != 0.f && qk != 0.f)
      divergence += pk * std::log(pk / qk);
  }
  return divergence;
}

unsigned autoquant::calib::getNumTvmKLCandidates(unsigned numBins,
                                                 unsigned numQuantizedBins) {
  if (numQuantizedBins / 2 > numBins / 2)
    return 0;
  return numBins / 2 + 1 - numQuantizedBins / 2;
}

std::vector<int32_t>
autoquant::calib::toTvmCounts(const std::vector<uint64_t> &counts) {
  std::vector<int32_t> result(counts.size());
  for (size_t i = 0; i < counts.size(); ++i)
    result[i] = static_cast<int32_t>(static_cast<uint32_t>(counts[i]));
  return result;
}

Result<std::vector<float>>
autoquant::calib::computeKLDivergencesTvm(const std::vector<int32_t> &hist,
                                          unsigned numQuantizedBins,
                                          unsigned numThreads) {
  if (hist.empty() || hist.size() > (1u << 30))
    return Result<std::vector<float>>::error(
        "KL histogram must have between 1 and 2^30 bins");
  if (numQuantizedBins == 0)
    return Result<std::vector<float>>::error(
        "KL needs at least one quantized bin");
  const unsigned numBins = static_cast<unsigned>(hist.size());
  const unsigned numCandidates =
      getNumTvmKLCandidates(numBins, numQuantizedBins);
  if (numCandidates == 0)
    return Result<std::vector<float>>::error(
        "KL: " + std::to_string(numQuantizedBins) +
        " quantized bins do not fit in " + std::to_string(numBins) + " bins");

  TvmHistogramContext context;
  context.hist = hist.data();
  context.numBins = static_cast<int>(numBins);
  context.numQuantizedBins = static_cast<int>(numQuantizedBins);
  context.leftSums.resize(numBins);
  context.prefix.assign(numBins + 1, 0);
  context.nonzeroPrefix.assign(numBins + 1, 0);
  float leftSum = 0.f;
  int64_t absoluteSum = 0;
  for (unsigned j = 0; j < numBins; ++j) {
    leftSum += hist[j];
    context.leftSums[j] = leftSum;
    context.prefix[j + 1] = context.prefix[j] + hist[j];
    context.nonzeroPrefix[j + 1] = context.nonzeroPrefix[j] + (hist[j] != 0);
    absoluteSum += std::llabs(static_cast<long long>(hist[j]));
  }
  context.floatSumsAreExact = absoluteSum <= (int64_t(1) << 24);

  std::vector<float> divergences(numCandidates);
  const int firstHalfWidth = static_cast<int>(numQuantizedBins / 2);
  const unsigned workers = detail::resolveNumThreads(numThreads);
  std::vector<TvmScratch> scratch(workers);
  detail::parallelForChunks(
      numCandidates, workers, /*chunkSize=*/16,
      [&](unsigned worker, size_t begin, size_t end) {
        TvmScratch &buffers = scratch[worker];
        if (buffers.p.empty()) {
          buffers.p.resize(numBins);
          buffers.q.resize(numBins);
          buffers.quantizedBins.resize(numQuantizedBins);
        }
        for (size_t c = begin; c < end; ++c)
          divergences[c] = computeTvmCandidate(
              context, firstHalfWidth + static_cast<int>(c), buffers);
      });
  return divergences;
}

Result<float> autoquant::calib::minimizeKLTvm(const std::vector<int32_t> &hist,
                                              const std::vector<float> &edges,
                                              unsigned numQuantizedBins,
                                              unsigned numThreads) {
  if (edges.size() != hist.size() + 1)
    return Result<float>::error(
        "KL: expected " + std::to_string(hist.size() + 1) +
        " histogram edges, got " + std::to_string(edges.size()));
  Result<std::vector<float>> divergences =
      computeKLDivergencesTvm(hist, numQuantizedBins, numThreads);
  if (!divergences)
    return divergences.getStatus();
  // std::min_element: the first minimum wins; all +inf selects candidate 0.
  size_t best = static_cast<size_t>(
      std::min_element(divergences->begin(), divergences->end()) -
      divergences->begin());
  const size_t zeroBin = hist.size() / 2;
  return edges[zeroBin + numQuantizedBins / 2 + best + 1];
}
