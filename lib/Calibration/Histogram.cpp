//===- Histogram.cpp - Fixed-range streaming histograms -------------------===//

#include "autoquant/Calibration/Histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

// The numpy-compatible binning must round exactly like numpy: never contract
// a * b + c into a fused multiply-add.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

using namespace autoquant::calib;

std::vector<float>
autoquant::calib::computeNumpyHistogramEdges(float absMax, unsigned numBins) {
  // numpy 1.x: np.linspace(first, last, N + 1) computes in float64 because
  // the float32 scalars are promoted (`asanyarray(start) * 1.0`), then
  // `astype(float32)`; the last element is set to `stop` exactly.
  double start = -static_cast<double>(absMax);
  double stop = static_cast<double>(absMax);
  double delta = stop - start;
  double step = delta / numBins;
  std::vector<float> edges(numBins + 1);
  for (unsigned k = 0; k <= numBins; ++k) {
    double position;
    if (step == 0) {
      // numpy's special case for denormal steps (gh-5437).
      double fraction = static_cast<double>(k) / numBins;
      position = fraction * delta;
    } else {
      position = static_cast<double>(k) * step;
    }
    double value = position + start;
    edges[k] = static_cast<float>(value);
  }
  edges[numBins] = static_cast<float>(stop);
  return edges;
}

Histogram::Histogram(Binning binning, double lowerBound, double upperBound,
                     unsigned numBins)
    : binning(binning), lowerBound(lowerBound), upperBound(upperBound),
      counts(numBins, 0) {}

Histogram Histogram::numpyCompatible(float absMax, unsigned numBins) {
  assert(std::isfinite(absMax) && absMax > 0 && numBins > 0);
  Histogram histogram(Binning::NumpyCompatible, -static_cast<double>(absMax),
                      absMax, numBins);
  histogram.numpyEdges = computeNumpyHistogramEdges(absMax, numBins);
  // numpy: norm = N / _unsigned_subtract(last, first); the subtraction is in
  // float32, the division of a Python int by a float32 scalar in float64, and
  // the product with the float32 data array rounds norm to float32.
  float first = -absMax;
  float width = absMax - first;
  double norm = static_cast<double>(numBins) / static_cast<double>(width);
  histogram.numpyNorm = static_cast<float>(norm);
  // For |x| < ~1.2e-35 the float32 norm overflows and for |x| > FLT_MAX / 2
  // the width does: numpy then produces garbage indices (and TVM fails); bin
  // in float64 instead in those two cases.
  histogram.numpyNormIsUsable = std::isfinite(width) &&
                                std::isfinite(histogram.numpyNorm) &&
                                histogram.numpyNorm > 0;
  return histogram;
}

Histogram Histogram::symmetricCentered(double absMax, unsigned numBins) {
  assert(std::isfinite(absMax) && absMax > 0 && numBins % 2 == 1);
  return Histogram(Binning::SymmetricCentered, -absMax, absMax, numBins);
}

Histogram Histogram::magnitude(double absMax, unsigned numBins) {
  assert(std::isfinite(absMax) && absMax > 0 && numBins > 0);
  return Histogram(Binning::Magnitude, 0.0, absMax, numBins);
}

Histogram Histogram::linear(double lo, double hi, unsigned numBins) {
  assert(std::isfinite(lo) && std::isfinite(hi) && lo < hi && numBins > 0);
  return Histogram(Binning::Linear, lo, hi, numBins);
}

uint64_t Histogram::getTotalCount() const {
  return std::accumulate(counts.begin(), counts.end(), uint64_t(0));
}

void Histogram::observe(const float *data, size_t size) {
  switch (binning) {
  case Binning::NumpyCompatible:
    return observeNumpy(data, size);
  case Binning::SymmetricCentered:
    return observeSymmetric(data, size);
  case Binning::Magnitude:
    return observeMagnitude(data, size);
  case Binning::Linear:
    return observeLinear(data, size);
  }
}

Status Histogram::merge(const Histogram &other) {
  if (binning != other.binning || counts.size() != other.counts.size() ||
      lowerBound != other.lowerBound || upperBound != other.upperBound)
    return Status::error("cannot merge histograms with different binnings");
  for (size_t i = 0; i < counts.size(); ++i)
    counts[i] += other.counts[i];
  numOutOfRange += other.numOutOfRange;
  return Status::success();
}

void Histogram::observeNumpy(const float *data, size_t size) {
  // Mirrors numpy 1.x `histogram` for uniform bins:
  //   keep = (a >= first) & (a <= last)
  //   f = float32(a - first) * float32(norm); i = intp(f); i[i == N] -= 1
  //   i[a < edges[i]] -= 1
  //   i[(a >= edges[i + 1]) & (i != N - 1)] += 1
  const float first = static_cast<float>(lowerBound);
  const float last = static_cast<float>(upperBound);
  const int64_t numBins = static_cast<int64_t>(counts.size());
  const float *edges = numpyEdges.data();
  const double wideNorm =
      static_cast<double>(numBins) / (static_cast<double>(last) - first);
  uint64_t *bins = counts.data();
  for (size_t i = 0; i < size; ++i) {
    float value = data[i];
    if (!(value >= first && value <= last)) {
      ++numOutOfRange;
      continue;
    }
    int64_t index;
    if (numpyNormIsUsable) {
      float offset = value - first;
      float position = offset * numpyNorm;
      // position >= 0 and < N + 1 here, so truncation is numpy's astype.
      index = static_cast<int64_t>(position);
    } else {
      double offset = static_cast<double>(value) - first;
      index = static_cast<int64_t>(offset * wideNorm);
    }
    if (index >= numBins)
      index = numBins - 1;
    if (value < edges[index])
      --index;
    if (value >= edges[index + 1] && index != numBins - 1)
      ++index;
    ++bins[index];
  }
}

void Histogram::observeSymmetric(const float *data, size_t size) {
  const int64_t center = static_cast<int64_t>(counts.size() / 2);
  const double absMax = upperBound;
  const double factor = static_cast<double>(counts.size()) / (2 * absMax);
  uint64_t *bins = counts.data();
  for (size_t i = 0; i < size; ++i) {
    float value = data[i];
    double magnitude = std::fabs(static_cast<double>(value));
    if (!(magnitude <= absMax)) {
      ++numOutOfRange;
      continue;
    }
    // Round |x| / width to the nearest bin offset from the centre; |x| == t
    // lands at offset center + 1 and is folded into the outermost bin.
    int64_t offset = static_cast<int64_t>(magnitude * factor + 0.5);
    offset = std::min(offset, center);
    ++bins[std::signbit(value) ? center - offset : center + offset];
  }
}

void Histogram::observeMagnitude(const float *data, size_t size) {
  const int64_t lastBin = static_cast<int64_t>(counts.size()) - 1;
  const double absMax = upperBound;
  const double factor = static_cast<double>(counts.size()) / absMax;
  uint64_t *bins = counts.data();
  for (size_t i = 0; i < size; ++i) {
    double magnitude = std::fabs(static_cast<double>(data[i]));
    if (!(magnitude <= absMax)) {
      ++numOutOfRange;
      continue;
    }
    int64_t index = static_cast<int64_t>(magnitude * factor);
    ++bins[std::min(index, lastBin)];
  }
}

void Histogram::observeLinear(const float *data, size_t size) {
  const int64_t lastBin = static_cast<int64_t>(counts.size()) - 1;
  const double factor =
      static_cast<double>(counts.size()) / (upperBound - lowerBound);
  uint64_t *bins = counts.data();
  for (size_t i = 0; i < size; ++i) {
    double value = data[i];
    if (!(value >= lowerBound && value <= upperBound)) {
      ++numOutOfRange;
      continue;
    }
    int64_t index = static_cast<int64_t>((value - lowerBound) * factor);
    ++bins[std::min(index, lastBin)];
  }
}
