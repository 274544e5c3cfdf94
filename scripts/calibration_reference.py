#!/usr/bin/python3
"""Independent NumPy reference for AutoQuant's calibration numerics.

Writes the expected values that test/Unit/Calibration compares the C++ library
against. Nothing here is shared with the C++ code: every method is implemented
again from its definition (docs/Numerics.md, "Calibration"), in the plainest
NumPy form, on inputs that the C++ tests regenerate bit for bit:

  * inputs: splitmix64 uniforms turned into values with only +, -, *, / and
    comparisons in float64, then cast to float32 (CalibrationTestUtils.h
    mirrors `generate` operation for operation);
  * kl_divergence "tvm": TVM's `_find_scale_by_kl` -- `np.histogram` itself
    (NumPy 1.x, as TVM ran it) and TVM's C++ MinimizeKL emulated in float32
    with sequential sums (np.cumsum) and the C library's logf (ctypes), one
    candidate at a time;
  * kl_divergence "fast": the corrected objective evaluated directly per
    candidate in float64 (P, Q and KL(P || Q) built explicitly, O(N^2));
  * percentile: TVM's `np.partition(np.abs(x), k)[k]`;
  * mse: brute-force error sums over the histogram bins;
  * weights, threshold -> parameters, zero points.

Usage (NumPy 1.x is required for TVM's histogram edges):
  apt-get install -y python3-numpy
  /usr/bin/python3 scripts/calibration_reference.py [output-dir]
The default output directory is test/Unit/Calibration/data.
"""

import ctypes
import math
import os
import sys

import numpy as np

if int(np.__version__.split(".")[0]) >= 2:
    sys.exit("NumPy 1.x is required (TVM's histogram edges follow NumPy 1.x "
             "type promotion); found " + np.__version__)

F32 = np.float32
MIN_SCALE = 1.17549435082228750797e-38  # smallest normal float32

# --------------------------------------------------------------------------
# Input generator (mirrored by CalibrationTestUtils.h)
# --------------------------------------------------------------------------

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)

UNIFORMS_PER_VALUE = {
    "const": 0, "uniform": 1, "gauss": 4, "relu": 4, "negrelu": 4,
    "shifted": 4, "peaked": 5, "heavy": 5, "outlier": 5, "sparse": 5,
}


def uniforms(seed, count):
    """splitmix64 outputs k = 1..count as doubles in [0, 1)."""
    k = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + k * GOLDEN
        z = (z ^ (z >> np.uint64(30))) * MIX1
        z = (z ^ (z >> np.uint64(27))) * MIX2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def approximate_gaussian(u):
    total = u[:, 0] + u[:, 1]
    total = total + u[:, 2]
    total = total + u[:, 3]
    return (total - 2.0) * 1.7320508075688772


def generate(dist, seed, size, scale):
    per_value = UNIFORMS_PER_VALUE[dist]
    u = uniforms(seed, size * per_value).reshape(size, per_value)
    if dist == "const":
        value = np.ones(size)
    elif dist == "uniform":
        value = 2.0 * u[:, 0] - 1.0
    elif dist == "gauss":
        value = approximate_gaussian(u)
    elif dist == "relu":
        g = approximate_gaussian(u)
        value = np.where(g > 0, g, 0.0)
    elif dist == "negrelu":
        g = approximate_gaussian(u)
        value = np.where(g > 0, -g, 0.0)
    elif dist == "shifted":
        value = approximate_gaussian(u) + 3.0
    elif dist == "peaked":
        product = u[:, 1] * u[:, 2]
        product = product * u[:, 3]
        product = product * u[:, 4]
        magnitude = product * 16.0
        value = np.where(u[:, 0] < 0.5, -magnitude, magnitude)
    elif dist == "heavy":
        value = approximate_gaussian(u) / (u[:, 4] + 0.05)
    elif dist == "outlier":
        value = approximate_gaussian(u) * np.where(u[:, 4] < 0.001, 40.0, 1.0)
    elif dist == "sparse":
        value = np.where(u[:, 0] < 0.9, 0.0, approximate_gaussian(u[:, 1:]))
    else:
        raise ValueError(dist)
    return (value * scale).astype(F32)


def float_bits(value):
    return "0x%08x" % int(np.array(value, dtype=F32).view(np.uint32))


# --------------------------------------------------------------------------
# TVM's KL: _find_scale_by_kl + MinimizeKL in float32
# --------------------------------------------------------------------------

_libm = ctypes.CDLL("libm.so.6")
_libm.logf.restype = ctypes.c_float
_libm.logf.argtypes = [ctypes.c_float]
_logf = np.frompyfunc(_libm.logf, 1, 1)


def c_logf(values):
    """The C library's logf (what TVM's std::log(float) calls), elementwise."""
    values = np.asarray(values, dtype=F32)
    unique, inverse = np.unique(values, return_inverse=True)
    logs = _logf(unique.astype(np.float64)).astype(F32)
    return logs[inverse]


def wrap_int32(value):
    """C++ int accumulation (two's complement wrap)."""
    return np.int64(((int(value) + 2 ** 31) % 2 ** 32) - 2 ** 31)


def sequential_sum(values):
    """std::accumulate(first, last, 0.f): float32, left to right."""
    if len(values) == 0:
        return F32(0)
    return np.cumsum(np.asarray(values, dtype=F32), dtype=F32)[-1]


def smooth(distribution):
    """TVM's SmoothDistribution; None stands for its empty vector."""
    eps = F32(0.0001)
    zeros = int(np.count_nonzero(distribution == 0))
    nonzeros = distribution.size - zeros
    if nonzeros == 0:
        return None
    eps1 = (eps * F32(zeros)) / F32(nonzeros)
    if eps1 >= 1.0:
        return None
    return np.where(distribution == 0, eps, distribution - eps1).astype(F32)


def tvm_divergences(hist, num_quantized_bins=255):
    hist = hist.astype(np.int32)
    hist_f = hist.astype(F32)
    num_bins = hist.size
    zero = num_bins // 2
    divergences = []
    for i in range(num_quantized_bins // 2, zero + 1):
        start, stop = zero - i, zero + i + 1
        width = stop - start
        p = np.empty(width, dtype=F32)
        p[1:width - 1] = hist_f[start + 1:stop - 1]
        p[0] = sequential_sum(hist_f[:start + 1])
        p[width - 1] = sequential_sum(hist_f[stop - 1:])
        sliced = hist[start:stop].astype(np.int64)
        sliced[0] = 0
        merged = width // num_quantized_bins
        body = sliced[:num_quantized_bins * merged].reshape(
            num_quantized_bins, merged)
        quantized = np.array([F32(wrap_int32(s)) for s in body.sum(axis=1)],
                             dtype=F32)
        quantized[-1] = quantized[-1] + F32(
            wrap_int32(sliced[num_quantized_bins * merged:].sum()))
        norms = np.count_nonzero(body, axis=1)
        norms[-1] += np.count_nonzero(sliced[num_quantized_bins * merged:])
        group = np.minimum(np.arange(width) // merged, num_quantized_bins - 1)
        use = (p != 0) & (norms[group] != 0)
        q = np.zeros(width, dtype=F32)
        q[use] = quantized[group[use]] / norms[group[use]].astype(F32)
        p_smooth, q_smooth = smooth(p), smooth(q)
        if q_smooth is None:
            divergences.append(F32(np.inf))
            continue
        p_norm = p_smooth / sequential_sum(p_smooth)
        q_norm = q_smooth / sequential_sum(q_smooth)
        terms = np.zeros(width, dtype=F32)
        keep = (p_norm != 0) & (q_norm != 0)
        terms[keep] = p_norm[keep] * c_logf(p_norm[keep] / q_norm[keep])
        divergences.append(sequential_sum(terms))
    return np.array(divergences, dtype=F32)


def tvm_kl(x, want_curve=False, num_quantized_bins=255):
    """TVM's _find_scale_by_kl(x) on float32 data: (threshold, curve)."""
    thres = max(abs(np.min(x)), abs(np.max(x)))
    hist, edges = np.histogram(x, bins=8001, range=(-thres, thres))
    assert edges.dtype == F32, "float32 data must give float32 edges"
    curve = tvm_divergences(hist, num_quantized_bins)
    best = int(np.argmin(curve))  # first minimum
    threshold = edges[8001 // 2 + num_quantized_bins // 2 + best + 1]
    return threshold, (curve if want_curve else None), hist, edges


# --------------------------------------------------------------------------
# Fast KL: the corrected objective, evaluated directly
# --------------------------------------------------------------------------

def symmetric_histogram(x, num_bins):
    t = float(np.max(np.abs(x)))
    center = num_bins // 2
    factor = num_bins / (2.0 * t)
    magnitude = np.abs(x.astype(np.float64))
    offset = np.minimum(np.floor(magnitude * factor + 0.5).astype(np.int64),
                        center)
    index = np.where(np.signbit(x), center - offset, center + offset)
    return np.bincount(index, minlength=num_bins), t


def fast_groups(half_width, groups):
    """Boundaries (window coordinates) of the fast search's merge groups: the
    centre bin alone, each side's half_width bins split into groups // 2
    groups at round(k * half_width / (groups // 2)) bins from the centre
    (ties outwards), mirrored; a single group is the whole window."""
    width = 2 * half_width + 1
    if groups == 1:
        return [0, width]
    half = groups // 2
    right = [(2 * k * half_width + half) // (2 * half) for k in range(half + 1)]
    return ([half_width - r for r in reversed(right)] +
            [half_width + 1 + r for r in right])


def fast_divergence(hist, i, groups):
    center = hist.size // 2
    first, last = center - i, center + i
    window = hist[first:last + 1].astype(np.float64)
    p = window.copy()
    p[0] += hist[:first].sum()
    p[-1] += hist[last + 1:].sum()
    offsets = fast_groups(i, groups)
    assert len(offsets) == groups + 1 and offsets[-1] == window.size
    q = np.zeros_like(p)
    for j in range(groups):
        lo, hi = offsets[j], offsets[j + 1]
        nonzero = p[lo:hi] != 0
        count = nonzero.sum()
        if count:
            q[lo:hi][nonzero] = window[lo:hi].sum() / count
    support = p > 0
    if np.any(q[support] == 0):
        return np.inf
    p_norm = p[support] / p.sum()
    q_norm = q[support] / q.sum()
    return float(np.sum(p_norm * np.log(p_norm / q_norm)))


def fast_kl(x, num_bins=8001, groups=255):
    hist, t = symmetric_histogram(x, num_bins)
    center = num_bins // 2
    curve = np.array([fast_divergence(hist, i, groups)
                      for i in range(groups // 2, center + 1)])
    best = int(np.argmin(curve))
    order = np.sort(curve)
    gap = (order[1] - order[0]) / max(abs(order[0]), 1e-300)
    half_width = groups // 2 + best
    threshold = (2 * half_width + 1) * t / num_bins
    return threshold, curve[best], gap


# --------------------------------------------------------------------------
# Percentile, min/max
# --------------------------------------------------------------------------

def tvm_percentile(x, percentile):
    magnitude = np.abs(x)
    k = min(int(magnitude.size * percentile), magnitude.size - 1)
    return np.partition(magnitude, k)[k], k


# --------------------------------------------------------------------------
# MSE
# --------------------------------------------------------------------------

def round_away(values):
    truncated = np.trunc(values)
    fraction = values - truncated
    return truncated + (fraction >= 0.5) - (fraction <= -0.5)


def symmetric_error(mids, counts, threshold, nbit, tight):
    clip = 2 ** (nbit - 1) - 1
    scale = max(threshold / (clip if tight else 2 ** (nbit - 1)), MIN_SCALE)
    code = np.minimum(mids / scale, float(clip))
    difference = mids - round_away(code) * scale
    return np.cumsum(counts * (difference * difference))[-1]


def mse_symmetric(x, num_bins, nbit, tight):
    t = float(np.max(np.abs(x)))
    factor = num_bins / t
    index = np.minimum((np.abs(x.astype(np.float64)) * factor).astype(np.int64),
                       num_bins - 1)
    counts = np.bincount(index, minlength=num_bins)
    width = t / num_bins
    occupied = np.nonzero(counts)[0]
    mids = 0.0 + (occupied + 0.5) * width
    weights = counts[occupied].astype(np.float64)
    errors = [symmetric_error(mids, weights, (j + 1) * width, nbit, tight)
              for j in range(num_bins)]
    best = int(np.argmin(errors))
    return (best + 1) * width, errors[best]


def affine_params(lo, hi, nbit, signed):
    qmin, qmax = ((-2 ** (nbit - 1), 2 ** (nbit - 1) - 1) if signed
                  else (0, 2 ** nbit - 1))
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if lo == hi:
        return 1.0, 0, qmin, qmax
    scale = max((hi - lo) / float(qmax - qmin), MIN_SCALE)
    zero_point = round_away(np.float64(qmin - lo / scale))
    zero_point = int(min(max(zero_point, qmin), qmax))
    return scale, zero_point, qmin, qmax


def affine_error(mids, counts, lo, hi, nbit, signed):
    scale, zero_point, qmin, qmax = affine_params(lo, hi, nbit, signed)
    code = np.clip(mids / scale + float(zero_point), float(qmin), float(qmax))
    difference = mids - (round_away(code) - zero_point) * scale
    return np.cumsum(counts * (difference * difference))[-1]


def mse_asymmetric(x, num_bins, nbit, signed, brute_force):
    lo = min(float(np.min(x)), 0.0)
    hi = max(float(np.max(x)), 0.0)
    factor = num_bins / (hi - lo)
    index = np.minimum(((x.astype(np.float64) - lo) * factor).astype(np.int64),
                       num_bins - 1)
    counts = np.bincount(index, minlength=num_bins)
    width = (hi - lo) / num_bins
    occupied = np.nonzero(counts)[0]
    mids = lo + (occupied + 0.5) * width
    weights = counts[occupied].astype(np.float64)

    def edge(k):
        return hi if k == num_bins else lo + k * width

    zero_bin = min(int((0.0 - lo) * factor), num_bins - 1)
    windows = []
    if brute_force:
        for left in range(zero_bin, -1, -1):
            for right in range(zero_bin, num_bins):
                windows.append((left, right))
    else:
        left = right = zero_bin
        move_left = True
        windows.append((left, right))
        while not (left == 0 and right == num_bins - 1):
            if (move_left and left > 0) or right == num_bins - 1:
                left -= 1
            else:
                right += 1
            move_left = not move_left
            windows.append((left, right))
    best = None
    for left, right in windows:
        range_min = min(edge(left), 0.0)
        range_max = max(edge(right + 1), 0.0)
        error = affine_error(mids, weights, range_min, range_max, nbit, signed)
        if best is None or error < best[2]:
            best = (range_min, range_max, error)
    return best


# --------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------

def power2_exact(value):
    if value <= 0:
        return 1.0
    mantissa, exponent = math.frexp(value)
    return math.ldexp(1.0, exponent - 1 if mantissa == 0.5 else exponent)


def power2_tvm(value):
    return 2.0 ** math.ceil(math.log(value, 2)) if value > 0 else 1.0


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

KL_TVM_CASES = [
    # name, distribution, seed, size, scale
    ("gauss", "gauss", 1, 20000, 1.0),
    ("gauss_mirrored", "gauss", 1, 20000, -1.0),
    ("relu", "relu", 2, 30000, 3.0),
    ("peaked", "peaked", 3, 50000, 0.01),
    ("heavy", "heavy", 4, 40000, 100.0),
    ("outlier", "outlier", 5, 25000, 2.0),
    ("negrelu", "negrelu", 6, 20000, 1.0),
    ("const_positive", "const", 0, 1000, 2.5),
    ("const_negative", "const", 0, 1000, -2.5),
    ("uniform", "uniform", 9, 100000, 1.0),
    ("sparse", "sparse", 10, 60000, 5.0),
    ("tiny", "gauss", 11, 7, 1.0),
    ("dense", "gauss", 12, 400000, 0.5),
]
KL_TVM_CURVES = ["gauss", "heavy"]

KL_FAST_CASES = [
    # name, distribution, seed, size, scale, bins, quantized bins
    ("gauss", "gauss", 1, 20000, 1.0, 8001, 255),
    ("gauss_mirrored", "gauss", 1, 20000, -1.0, 8001, 255),
    ("relu", "relu", 2, 30000, 3.0, 8001, 255),
    ("negrelu", "negrelu", 6, 20000, 1.0, 8001, 255),
    ("heavy", "heavy", 4, 40000, 100.0, 8001, 255),
    ("outlier", "outlier", 5, 25000, 2.0, 2047, 127),
    ("peaked", "peaked", 3, 50000, 0.01, 1001, 31),
    ("uniform", "uniform", 9, 100000, 1.0, 101, 7),
    ("sparse", "sparse", 10, 60000, 5.0, 8001, 255),
]

PERCENTILE_CASES = [
    # name, distribution, seed, size, scale, percentile
    ("gauss_tvm", "gauss", 1, 20000, 1.0, 0.99999),
    ("heavy_tvm", "heavy", 4, 40000, 100.0, 0.99999),
    ("relu_median", "relu", 2, 30001, 3.0, 0.5),
    ("peaked_999", "peaked", 3, 50000, 0.01, 0.999),
    ("outlier_99", "outlier", 5, 25000, 2.0, 0.99),
    ("uniform_max", "uniform", 9, 100000, 1.0, 1.0),
    ("sparse_50", "sparse", 10, 60000, 5.0, 0.5),
    ("negrelu_tiny_p", "negrelu", 6, 20000, 1.0, 1e-4),
]

MSE_CASES = [
    # name, distribution, seed, size, scale, mode, bins, nbit, signed, search
    ("gauss_sym8", "gauss", 1, 20000, 1.0, "symmetric", 2048, 8, 1, "tvm"),
    ("heavy_sym8", "heavy", 4, 40000, 100.0, "symmetric", 2048, 8, 1, "tvm"),
    ("gauss_sym4_tight", "gauss", 1, 20000, 1.0, "symmetric", 512, 4, 1,
     "tight"),
    ("relu_asym_u8", "relu", 2, 30000, 3.0, "asymmetric", 512, 8, 0,
     "expand"),
    ("shifted_asym_i8", "shifted", 13, 30000, 1.0, "asymmetric", 512, 8, 1,
     "expand"),
    ("outlier_asym_u4_brute", "outlier", 5, 25000, 2.0, "asymmetric", 64, 4,
     0, "brute"),
]

MINMAX_CASES = [
    ("gauss", "gauss", 1, 20000, 1.0),
    ("relu", "relu", 2, 30000, 3.0),
    ("heavy", "heavy", 4, 40000, 100.0),
    ("shifted", "shifted", 13, 30000, 1.0),
]


def write(path, lines):
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    output = (sys.argv[1] if len(sys.argv) > 1 else
              os.path.join(here, "..", "test", "Unit", "Calibration", "data"))
    os.makedirs(output, exist_ok=True)
    header = ("# Generated by scripts/calibration_reference.py (NumPy %s); "
              "do not edit." % np.__version__)

    # KL, TVM implementation.
    lines = [header,
             "# name distribution seed size scale threshold_bits threshold"]
    for name, dist, seed, size, scale in KL_TVM_CASES:
        x = generate(dist, seed, size, scale)
        want_curve = name in KL_TVM_CURVES
        threshold, curve, _, _ = tvm_kl(x, want_curve)
        lines.append("%s %s %d %d %r %s %.9g" % (
            name, dist, seed, size, scale, float_bits(threshold),
            threshold))
        if want_curve:
            write(os.path.join(output, "kl_tvm_curve_%s.txt" % name),
                  [header, "# TVM divergence of each candidate, float32 bits"]
                  + [float_bits(v) for v in curve])
        print("kl tvm", name, threshold, flush=True)
    write(os.path.join(output, "kl_tvm.txt"), lines)

    # numpy histogram on values lying exactly on the bin edges.
    edges101 = np.histogram(np.zeros(1, F32), bins=101,
                            range=(-F32(3.3), F32(3.3)))[1]
    assert edges101.dtype == F32
    lines = [header, "# float32 bits of np.histogram(bins=101, "
             "range=(-3.3f, 3.3f)) edges"]
    lines += [float_bits(e) for e in edges101]
    write(os.path.join(output, "numpy_edges_101.txt"), lines)
    edge_data = np.concatenate([edges101, -edges101,
                                (edges101[:-1] + edges101[1:]) / F32(2)])
    hist = np.histogram(edge_data, bins=101, range=(-F32(3.3), F32(3.3)))[0]
    lines = [header, "# np.histogram of [edges, -edges, midpoints] (101 bins "
             "over +-3.3f): bin count, nonzero bins"]
    lines += ["%d %d" % (k, c) for k, c in enumerate(hist) if c]
    write(os.path.join(output, "numpy_histogram_edges.txt"), lines)
    x = generate("heavy", 4, 40000, 100.0)
    thres = max(abs(np.min(x)), abs(np.max(x)))
    hist, edges = np.histogram(x, bins=8001, range=(-thres, thres))
    lines = [header, "# np.histogram(heavy 4 40000 100.0, bins=8001): "
             "bin count, nonzero bins; then the FNV-1a 64 hash of the edge "
             "bits"]
    lines += ["%d %d" % (k, c) for k, c in enumerate(hist) if c]
    digest = 0xcbf29ce484222325
    for bits in edges.view(np.uint32).tolist():
        digest = ((digest ^ bits) * 0x100000001b3) % 2 ** 64
    lines.append("edges_fnv1a 0x%016x" % digest)
    write(os.path.join(output, "numpy_histogram_heavy.txt"), lines)

    # KL, fast implementation.
    lines = [header, "# name distribution seed size scale bins quantized_bins "
             "threshold divergence relative_gap_to_second_best"]
    for name, dist, seed, size, scale, bins, groups in KL_FAST_CASES:
        x = generate(dist, seed, size, scale)
        threshold, divergence, gap = fast_kl(x, bins, groups)
        assert gap > 1e-9, "near tie in %s; pick another input" % name
        lines.append("%s %s %d %d %r %d %d %.17g %.17g %.3g" % (
            name, dist, seed, size, scale, bins, groups, threshold,
            divergence, gap))
        print("kl fast", name, threshold, flush=True)
    write(os.path.join(output, "kl_fast.txt"), lines)

    # Percentile.
    lines = [header, "# name distribution seed size scale percentile rank "
             "value_bits value"]
    for name, dist, seed, size, scale, percentile in PERCENTILE_CASES:
        x = generate(dist, seed, size, scale)
        value, rank = tvm_percentile(x, percentile)
        lines.append("%s %s %d %d %r %r %d %s %.9g" % (
            name, dist, seed, size, scale, percentile, rank,
            float_bits(value), value))
    write(os.path.join(output, "percentile.txt"), lines)

    # MSE.
    lines = [header, "# name distribution seed size scale mode bins nbit "
             "signed search result_min result_max error"]
    for (name, dist, seed, size, scale, mode, bins, nbit, signed,
         search) in MSE_CASES:
        x = generate(dist, seed, size, scale)
        if mode == "symmetric":
            threshold, error = mse_symmetric(x, bins, nbit, search == "tight")
            low, high = -threshold, threshold
        else:
            low, high, error = mse_asymmetric(x, bins, nbit, bool(signed),
                                              search == "brute")
        lines.append("%s %s %d %d %r %s %d %d %d %s %.17g %.17g %.17g" % (
            name, dist, seed, size, scale, mode, bins, nbit, signed, search,
            low, high, error))
        print("mse", name, low, high, flush=True)
    write(os.path.join(output, "mse.txt"), lines)

    # Min / max.
    lines = [header, "# name distribution seed size scale min_bits max_bits"]
    for name, dist, seed, size, scale in MINMAX_CASES:
        x = generate(dist, seed, size, scale)
        lines.append("%s %s %d %d %r %s %s" % (
            name, dist, seed, size, scale, float_bits(np.min(x)),
            float_bits(np.max(x))))
    write(os.path.join(output, "minmax.txt"), lines)

    # Weights: per channel along axis 0 and axis 3 of a (6, 3, 3, 5) tensor
    # in which channel 2 (axis 0) is all zero and channel 4 has max |w| 0.5.
    w = generate("gauss", 21, 6 * 3 * 3 * 5, 0.2).reshape(6, 3, 3, 5)
    w[2] = 0
    w[4] = np.clip(w[4], F32(-0.25), F32(0.25))
    w[4, 1, 1, 1] = F32(-0.5)
    lines = [header, "# generated as gauss 21 270 0.2 reshaped (6,3,3,5); "
             "w[2] = 0; w[4] clipped to +-0.25; w[4,1,1,1] = -0.5",
             "# axis channel max_bits power2 power2_tvm"]
    for axis in (0, 3):
        reduce_axes = tuple(a for a in range(4) if a != axis)
        maxima = np.max(np.abs(w), axis=reduce_axes)
        for channel, value in enumerate(maxima):
            lines.append("%d %d %s %r %r" % (
                axis, channel, float_bits(value), power2_exact(float(value)),
                power2_tvm(float(value))))
    write(os.path.join(output, "weights.txt"), lines)
    lines = [header, "# k power2(2^k) power2_tvm(2^k), k in [-60, 60]"]
    for k in range(-60, 61):
        value = float(F32(2.0 ** k))
        lines.append("%d %r %r" % (k, power2_exact(value), power2_tvm(value)))
    write(os.path.join(output, "power2.txt"), lines)

    # Threshold -> parameters and zero points.
    lines = [header, "# symmetric threshold nbit signed tight scale clip_min "
             "clip_max"]
    for threshold, nbit, signed, tight in [
            (4.0605, 8, 1, 0), (4.0605, 8, 1, 1), (1.0, 16, 1, 0),
            (0.75, 4, 1, 1), (6.0, 8, 0, 0), (6.0, 8, 0, 1), (1e-40, 8, 1, 0),
            (3.0, 1, 1, 0), (1.0, 32, 1, 1)]:
        magnitude_bits = nbit - 1 if signed else nbit
        clip_max = 2 ** magnitude_bits - 1
        clip_min = -clip_max if signed else 0
        divisor = clip_max if tight else 2 ** magnitude_bits
        scale = max(threshold / divisor, MIN_SCALE)
        lines.append("symmetric %r %d %d %d %r %d %d" % (
            threshold, nbit, signed, tight, scale, clip_min, clip_max))
    lines.append("# affine min max nbit signed scale zero_point qmin qmax")
    for low, high, nbit, signed in [
            (-1.0, 3.0, 8, 0), (-1.0, 3.0, 8, 1), (0.5, 6.0, 8, 0),
            (-6.0, -0.5, 8, 0), (-6.0, -0.5, 8, 1), (0.0, 0.0, 8, 0),
            (-0.1, 25.5, 8, 0), (-1e-3, 1e-3, 4, 1), (-2.0, 2.0, 1, 0),
            (-2.0, 2.0, 1, 1), (-3.0, 5.0, 16, 1)]:
        scale, zero_point, qmin, qmax = affine_params(low, high, nbit, signed)
        lines.append("affine %r %r %d %d %r %d %d %d" % (
            low, high, nbit, signed, scale, zero_point, qmin, qmax))
    write(os.path.join(output, "quant_params.txt"), lines)


if __name__ == "__main__":
    main()
