#!/usr/bin/python3
"""Writes model.onnx: the Fashion-MNIST CNN of model.mlir as an ONNX model.

No training: the weights are read back from the tosa.const values in
model.mlir (printed there as shortest round-trip decimals, so they parse back
to the identical float32), put into the same PyTorch module as
make_fmnist.py's and exported with torch.onnx.export (opset 13). The ONNX
model takes the same data files as model.mlir: input "x" is NHWC [N, 28, 28, 1]
(dynamic batch N) and the forward begins with x.permute(0, 3, 1, 2), which
with one channel is a pure reshape; output "logits" is [N, 10].

Then checks with the AutoQuant tools that model.onnx computes model.mlir's
function: quant-run --compare must give argmax agreement 1 and a tiny largest
absolute difference, and the same accuracy on the 2000 test samples.

Needs Debian's packages (no pip):
  apt-get install python3-torch python3-onnx python3-numpy
Run from anywhere, after make_fmnist.py (or with the committed model.mlir):
  /usr/bin/python3 examples/fmnist/make_onnx.py
Environment: AUTOQUANT_BUILD (default <repo>/build).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("AUTOQUANT_BUILD", os.path.join(REPO, "build"))
QUANT_RUN = os.path.join(BUILD, "bin", "quant-run")
MLIR = os.path.join(HERE, "model.mlir")
ONNX = os.path.join(HERE, "model.onnx")

CONST_RE = re.compile(
    r'"tosa\.const"\(\) <\{values = dense<(.*)> : tensor<([0-9x]+)xf32>\}> '
    r': \(\) -> tensor<[0-9x]+xf32> loc\("([\w.]+)"\)')


def read_constants(path):
    """loc name (e.g. conv1.weight) -> float32 array, from tosa.const ops."""
    consts = {}
    with open(path) as f:
        for line in f:
            m = CONST_RE.search(line)
            if not m:
                continue
            body, dims, loc = m.groups()
            shape = [int(d) for d in dims.split("x")]
            if body.startswith('"0x'):  # hex: raw little-endian float32 bytes
                arr = np.frombuffer(bytes.fromhex(body[3:-1]), dtype="<f4")
            else:  # decimal literals, nested like the shape
                arr = np.array(json.loads(body), dtype=np.float32)
            consts[loc] = arr.astype(np.float32).reshape(shape)
    return consts


class Add(nn.Module):
    def forward(self, a, b):
        return a + b


class GlobalAvgPool(nn.Module):
    """make_fmnist.py's x.mean(dim=(2, 3)), written so that it exports as
    GlobalAveragePool (+ Flatten), which quant-import turns into model.mlir's
    tosa.avg_pool2d 7x7. (A ReduceMean would become two tosa.reduce_sum and a
    tosa.mul by 1/49: not recognized as a global pool, not quantizable.)"""

    def forward(self, x):
        return F.adaptive_avg_pool2d(x, 1).flatten(1)


class MaxPool(nn.Module):
    def forward(self, x):
        return F.max_pool2d(x, 2)


class FashionNet(nn.Module):
    """make_fmnist.py's FashionNet, with an NHWC input. Every op is a named
    submodule, so the ONNX node names (/<module>/<op>, e.g. /relu1/Relu) carry
    the op locations of model.mlir."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool1 = MaxPool()
        self.dwconv = nn.Conv2d(16, 16, 3, padding=1, groups=16)
        self.relu3 = nn.ReLU()
        self.res_conv = nn.Conv2d(16, 16, 1)
        self.res_relu = nn.ReLU()
        self.res_add = Add()
        self.pool2 = MaxPool()
        self.conv3 = nn.Conv2d(16, 32, 3, padding=1)
        self.relu4 = nn.ReLU()
        self.gap = GlobalAvgPool()
        self.fc = nn.Linear(32, 10)

    def forward(self, x):                         # N x 28 x 28 x 1 (NHWC)
        x = x.permute(0, 3, 1, 2)                 # NCHW (one channel: a reshape)
        x = self.relu1(self.conv1(x))             # 28x28x16
        x = self.relu2(self.conv2(x))             # 28x28x16
        x = self.pool1(x)                         # 14x14x16
        x = self.relu3(self.dwconv(x))            # 14x14x16
        x = self.res_add(x, self.res_relu(self.res_conv(x)))
        x = self.pool2(x)                         # 7x7x16
        x = self.relu4(self.conv3(x))             # 7x7x32
        x = self.gap(x)                           # 32
        return self.fc(x)                         # 10 logits


def state_dict_from_mlir(consts):
    """Undoes make_fmnist.py's layout changes."""
    sd = {}
    for name in ["conv1", "conv2", "res_conv", "conv3"]:
        sd[name + ".weight"] = consts[name + ".weight"].transpose(0, 3, 1, 2)  # OHWI -> OIHW
        sd[name + ".bias"] = consts[name + ".bias"]
    # Depthwise [KH, KW, C, M] -> [C * M, 1, KH, KW] (channel c, multiplier m at c * M + m).
    kh, kw, c, mult = consts["dwconv.weight"].shape
    sd["dwconv.weight"] = (consts["dwconv.weight"].transpose(2, 3, 0, 1)
                           .reshape(c * mult, 1, kh, kw))
    sd["dwconv.bias"] = consts["dwconv.bias"]
    sd["fc.weight"] = consts["fc.weight"][0].T           # [1, 32, 10] -> [10, 32]
    sd["fc.bias"] = consts["fc.bias"].reshape(-1)        # [1, 1, 10] -> [10]
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}


def run(cmd):
    print("+ " + " ".join(os.path.relpath(c, REPO) if c.startswith(REPO) else c
                          for c in cmd), flush=True)
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit(f"command failed ({res.returncode})")
    return res.stdout


def main():
    torch.set_num_threads(2)
    consts = read_constants(MLIR)
    model = FashionNet()
    model.load_state_dict(state_dict_from_mlir(consts))  # strict: every tensor
    model.eval()
    used = {k for k in consts}
    expected = {f"{m}.{p}" for m in ["conv1", "conv2", "dwconv", "res_conv",
                                     "conv3", "fc"] for p in ["weight", "bias"]}
    assert used == expected, f"unexpected constants in model.mlir: {used ^ expected}"

    torch.onnx.export(
        model, torch.zeros(1, 28, 28, 1), ONNX, opset_version=13,
        input_names=["x"], output_names=["logits"],
        dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}},
        do_constant_folding=True)
    m = onnx.load(ONNX)
    onnx.checker.check_model(m)
    print(f"model.onnx: {os.path.getsize(ONNX)} bytes, nodes: "
          + ", ".join(f"{n.name} ({n.op_type})" for n in m.graph.node))

    # The exported weights are bit-identical to model.mlir's.
    inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    for k, v in model.state_dict().items():
        assert np.array_equal(inits[k], v.numpy()), k

    # quant-run --compare needs equal batch sizes (model.mlir's is 1), so
    # batch 1 for the comparison, then batch 100 against model.mlir's logits.
    test_x, test_y = (os.path.join(HERE, n) for n in ["test_x.npy", "test_y.npy"])
    cmp = json.loads(run([QUANT_RUN, ONNX, "--batch-size", "1", "--input", test_x,
                          "--labels", test_y, "--compare", MLIR, "--json",
                          "--quiet"]))
    print(f"model.onnx (batch 1) vs model.mlir: argmax agreement "
          f"{cmp['argmax_agreement']}, max abs diff {cmp['max_abs_diff']:.3g}; "
          f"accuracy {cmp['accuracy'] * 100:.2f}% vs "
          f"{cmp['reference_accuracy'] * 100:.2f}%")
    with tempfile.TemporaryDirectory() as tmp:
        ref, out = os.path.join(tmp, "mlir.npy"), os.path.join(tmp, "onnx.npy")
        run([QUANT_RUN, MLIR, "--input", test_x, "--output", ref, "--quiet"])
        b100 = json.loads(run([QUANT_RUN, ONNX, "--batch-size", "100", "--input",
                               test_x, "--labels", test_y, "--output", out,
                               "--json", "--quiet"]))
        ref, out = np.load(ref).reshape(-1, 10), np.load(out).reshape(-1, 10)
    agree100 = float((ref.argmax(1) == out.argmax(1)).mean())
    diff100 = float(np.abs(ref - out).max())
    print(f"model.onnx (batch 100) vs model.mlir: argmax agreement {agree100}, "
          f"max abs diff {diff100:.3g}; accuracy {b100['accuracy'] * 100:.2f}%")
    if (cmp["argmax_agreement"] != 1 or agree100 != 1
            or max(cmp["max_abs_diff"], diff100) > 1e-5
            or not cmp["accuracy"] == b100["accuracy"] == cmp["reference_accuracy"]):
        raise SystemExit("model.onnx disagrees with model.mlir")

if __name__ == "__main__":
    main()
