#!/usr/bin/env python3
"""Writes fold_values.npy for simulate-fold.mlir (development only; the tests
read the committed file): 56 x 2 normal values and, per column, odd multiples
of half the column's step (0.37, 0.21) -- the ties the roundings disagree on."""
import numpy as np

rng = np.random.default_rng(7)
ties = (np.arange(-4, 4)[:, None] + 0.5) * np.array([[0.37, 0.21]])
values = np.concatenate([rng.normal(0, 1.5, (56, 2)), ties]).astype(np.float32)
np.save("fold_values.npy", values)
