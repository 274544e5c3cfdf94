#!/usr/bin/env python3
"""Writes the calibration lit tests' data and their expected thresholds.

The model (model.mlir): y = reshape(matmul(reshape(x), W)), W = W_VALUES,
quantization points: x (input), W (weight), y (activation, 32 bit).
The expected values are computed here with NumPy, independently of the C++:
  python3 make_testdata.py   (needs NumPy; writes x.npy, x.npz, bad inputs
                              and expected.txt next to this script)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "..", "scripts"))
import calibration_reference as ref  # noqa: E402  (TVM's KL, fast KL, MSE)

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
# 9 samples: batches of 2 leave a partial last batch.
# Multiples of 1/16: every product and sum below is exact in float32, so
# the model computes y bit-exactly whatever its summation order.
x = (np.round(rng.normal(0.0, 1.0, size=(9, 4)) * 16) / 16).astype(np.float32)
x[4, 2] = -3.5  # a clear maximum magnitude
W = np.array([[0.5, -0.25, 0.125], [0.75, 0.0, -0.5],
              [-0.125, 0.25, 0.5], [0.0625, -0.75, 0.25]], dtype=np.float32)
y = (x @ W).astype(np.float32)
# 201 heavy-tailed samples (odd: a partial last batch), for the searching
# methods, which pick thresholds below the maximum on them.
wide = (np.round(rng.laplace(0.0, 0.5, size=(201, 4)) * 16) / 16).astype(np.float32)
wide_y = (wide @ W).astype(np.float32)

np.save(os.path.join(HERE, "x.npy"), x)
np.savez(os.path.join(HERE, "x_named.npz"), arg0=x)
np.save(os.path.join(HERE, "wide.npy"), wide)
np.save(os.path.join(HERE, "x_f64.npy"), x.astype(np.float64))
np.save(os.path.join(HERE, "wrong_shape.npy"), x.reshape(9, 2, 2))
nan = x.copy()
nan[3, 1] = np.nan
np.save(os.path.join(HERE, "nan.npy"), nan)
np.save(os.path.join(HERE, "empty.npy"), np.zeros((0, 4), np.float32))
inf = x.copy()
inf[7, 0] = -np.inf
np.save(os.path.join(HERE, "inf.npy"), inf)
np.save(os.path.join(HERE, "complex.npy"), x.astype(np.complex64))
np.save(os.path.join(HERE, "int_values.npy"), (x * 16).astype(np.int32))
with open(os.path.join(HERE, "not_npy.npy"), "w") as f:
    f.write("this is not a numpy file\n")
# Weight rounding (gptq.mlir): NHWC [1, 1, 3] samples whose three channels
# are equal, a in {0.25, 0.5, 0.75} (mean 0.5), so that every patch points
# along (1, 1, 1).
a = np.array([0.25, 0.5, 0.75, 0.5, 0.25, 0.75], dtype=np.float32)
np.save(os.path.join(HERE, "equal_channels.npy"),
        np.repeat(a[:, None], 3, axis=1).reshape(6, 1, 1, 3))
raw = open(os.path.join(HERE, "x.npy"), "rb").read()
open(os.path.join(HERE, "truncated.npy"), "wb").write(raw[:-20])


def scale(threshold, nbit):
    # TVM convention: dom_scale = T / 2^(nbit-1), in double.
    return float(threshold) / 2 ** (nbit - 1)


def percentile(values, p):
    a = np.sort(np.abs(values.ravel()))
    k = min(int(a.size * p), a.size - 1)
    return a[k]


lines = []
w_max = float(np.abs(W).max())
lines.append(f"weight max:    T={w_max!r} scale={scale(w_max, 8)!r}")
w_pow2 = 2.0 ** np.ceil(np.log2(w_max))
lines.append(f"weight power2: T={w_pow2!r} scale={scale(w_pow2, 8)!r}")
for name, data in (("x", x), ("y", y), ("wide x", wide), ("wide y", wide_y)):
    nbit = 8 if name.endswith("x") else 32
    t = float(np.abs(data).max())
    lines.append(f"{name} minmax:     T={t!r} scale={scale(t, nbit)!r}")
    t = float(percentile(data, 0.9))
    lines.append(f"{name} percentile 0.9: T={t!r} scale={scale(t, nbit)!r}")
    # x limited to its first 4 samples (max-samples=4).
    t = float(np.abs(data[:4]).max())
    lines.append(f"{name} minmax, 4 samples: T={t!r} scale={scale(t, nbit)!r}")
    t = float(ref.tvm_kl(data.ravel())[0])
    lines.append(f"{name} kl tvm: T={t!r} scale={scale(t, nbit)!r}")
    t = float(ref.fast_kl(data.ravel())[0])
    lines.append(f"{name} kl fast: T={t!r} scale={scale(t, nbit)!r}")
    t = float(ref.mse_symmetric(data.ravel(), 2048, nbit, False)[0])
    lines.append(f"{name} mse: T={t!r} scale={scale(t, nbit)!r}")
# activation-sign=auto on |wide x| (all >= 0): unsigned codes, T / 256, and
# KL with 2 * 255 + 1 quantized bins.
magnitude = np.abs(wide).astype(np.float32)
t = float(magnitude.max())
lines.append(f"|wide x| minmax unsigned: T={t!r} scale={t / 256!r}")
t = float(percentile(magnitude, 0.9))
lines.append(f"|wide x| percentile 0.9 unsigned: T={t!r} scale={t / 256!r}")
t = float(ref.tvm_kl(magnitude.ravel(), num_quantized_bins=511)[0])
lines.append(f"|wide x| kl tvm unsigned: T={t!r} scale={t / 256!r}")
lines.append(f"global_scale 8: input scale={scale(8.0, 8)!r} "
             f"activation scale={scale(8.0, 32)!r}")
open(os.path.join(HERE, "expected.txt"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
