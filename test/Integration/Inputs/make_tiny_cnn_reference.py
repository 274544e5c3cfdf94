#!/usr/bin/env python3
"""Inputs and independently computed outputs of examples/tiny_cnn/model.mlir.

Reads the weights from the .mlir text, evaluates the network with NumPy
(conv 3x3 pad 1 + bias, relu, 2x2 max pool, flatten, dense) in float64 and
writes tiny_cnn_x.npy (5 samples) and tiny_cnn_y.npy. Run with NumPy:
  python3 make_tiny_cnn_reference.py
"""
import ast
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "..", "examples", "tiny_cnn", "model.mlir")
text = open(MODEL).read()


def constant(name):
    match = re.search(r'dense<(\[.*?\])> : tensor<[0-9x]+xf32>}> : \(\) -> '
                      r'tensor<[0-9x]+xf32> loc\("' + re.escape(name) + '"\)', text)
    return np.array(ast.literal_eval(match.group(1)), dtype=np.float32)


w0 = constant("conv1.weight").astype(np.float64)   # OHWI 4x3x3x1
b0 = constant("conv1.bias").astype(np.float64)     # 4
w1 = constant("fc.weight").astype(np.float64)[0]   # 64x10

rng = np.random.default_rng(11)
x = rng.uniform(0.0, 1.0, size=(5, 8, 8, 1)).astype(np.float32)

ys = []
for sample in x.astype(np.float64):
    padded = np.pad(sample, ((1, 1), (1, 1), (0, 0)))
    conv = np.zeros((8, 8, 4))
    for h in range(8):
        for w in range(8):
            window = padded[h:h + 3, w:w + 3, :]
            conv[h, w, :] = np.tensordot(w0, window, axes=([1, 2, 3], [0, 1, 2])) + b0
    relu = np.maximum(conv, 0.0)
    pool = relu.reshape(4, 2, 4, 2, 4).max(axis=(1, 3))
    ys.append(pool.reshape(64) @ w1)
np.save(os.path.join(HERE, "tiny_cnn_x.npy"), x)
np.save(os.path.join(HERE, "tiny_cnn_y.npy"), np.array(ys, dtype=np.float32).reshape(5, 10))
print("wrote tiny_cnn_x.npy, tiny_cnn_y.npy")
