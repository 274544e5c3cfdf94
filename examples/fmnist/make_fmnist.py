#!/usr/bin/python3
"""Regenerates the Fashion-MNIST example: a small CNN, its float TOSA MLIR and data.

Trains a small float32 CNN on Fashion-MNIST with PyTorch (CPU, 2 threads, fixed
seeds), writes it as float TOSA MLIR text (no torch-mlir: the MLIR is printed
by this script), writes calibration and test sets as .npy, checks the MLIR with
quant-opt and runs it with quant-run, and writes README.md.

Needs Debian's packages (no pip):
  apt-get install dataset-fashion-mnist python3-torch python3-numpy
Run from anywhere:
  /usr/bin/python3 examples/fmnist/make_fmnist.py

Outputs (next to this script):
  model.mlir   func.func @fmnist(tensor<1x28x28x1xf32>) -> tensor<1x10xf32>
  calib_x.npy  512 training images, float16, 512x28x28x1
  test_x.npy   the first 2000 test images, float16, 2000x28x28x1
  test_y.npy   their labels, int64, 2000
  README.md

Input normalization (done in the data, not in the model): pixel k in 0..255
becomes k / 256 - 0.5, in [-0.5, 0.49609375]. Every such value is exact in
float16, so the .npy files are stored as float16 (half the size of float32)
and the loaders' float16 -> float32 conversion reproduces exactly what the
network was trained and evaluated on.

Environment variables (for experiments only; the committed files use the
defaults): FMNIST_EPOCHS, AUTOQUANT_BUILD (default <repo>/build).
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("AUTOQUANT_BUILD", os.path.join(REPO, "build"))
QUANT_OPT = os.path.join(BUILD, "bin", "quant-opt")
QUANT_RUN = os.path.join(BUILD, "bin", "quant-run")
DATA_DIR = "/usr/share/datasets/fashion-mnist"  # Debian: dataset-fashion-mnist

SEED = 2026
EPOCHS = int(os.environ.get("FMNIST_EPOCHS", "15"))
BATCH = 128
LR = 1e-2
NUM_CALIB = 512
NUM_TEST = 2000
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
           "Shirt", "Sneaker", "Bag", "Ankle boot"]


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------
def read_idx(path):
    """Reads a gzipped IDX file (ubyte images or labels) into a uint8 array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    assert magic >> 8 == 0x08, f"{path}: not an unsigned-byte IDX file"
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims)


def load_split(kind):
    images = read_idx(os.path.join(DATA_DIR, f"{kind}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DATA_DIR, f"{kind}-labels-idx1-ubyte.gz"))
    assert images.shape[1:] == (28, 28) and len(images) == len(labels)
    return images, labels.astype(np.int64)


def normalize(images_u8):
    """uint8 Nx28x28 -> float16 Nx28x28x1 (NHWC), k / 256 - 0.5 (exact)."""
    x = images_u8.astype(np.float32) / 256.0 - 0.5
    x16 = x.astype(np.float16)
    assert np.array_equal(x16.astype(np.float32), x), "normalization not exact"
    return x16.reshape(-1, 28, 28, 1)


def to_nchw(x_nhwc):
    """float16/32 NHWC numpy -> float32 NCHW torch tensor."""
    return torch.from_numpy(
        np.ascontiguousarray(x_nhwc.astype(np.float32).transpose(0, 3, 1, 2)))


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------
class FashionNet(nn.Module):
    """conv-relu, conv-relu, pool, dwconv-relu, x + relu(conv1x1(x)), pool,
    conv-relu, global average pool, dense. No batch norm."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.dwconv = nn.Conv2d(16, 16, 3, padding=1, groups=16)
        self.res_conv = nn.Conv2d(16, 16, 1)
        self.conv3 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))                 # 28x28x16
        x = F.relu(self.conv2(x))                 # 28x28x16
        x = F.max_pool2d(x, 2)                    # 14x14x16
        x = F.relu(self.dwconv(x))                # 14x14x16
        x = x + F.relu(self.res_conv(x))          # residual, 14x14x16
        x = F.max_pool2d(x, 2)                    # 7x7x16
        x = F.relu(self.conv3(x))                 # 7x7x32
        x = x.mean(dim=(2, 3))                    # global average pool, 32
        return self.fc(x)                         # 10 logits


def train(model, x_train, y_train):
    gen = torch.Generator().manual_seed(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    steps_per_epoch = (len(x_train) + BATCH - 1) // BATCH
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=LR, epochs=EPOCHS, steps_per_epoch=steps_per_epoch)
    epoch_seconds = []
    for epoch in range(EPOCHS):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(x_train), generator=gen)
        total, correct, loss_sum = 0, 0, 0.0
        for i in range(steps_per_epoch):
            idx = perm[i * BATCH:(i + 1) * BATCH]
            xb, yb = x_train[idx], y_train[idx]
            opt.zero_grad()
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            total += len(idx)
        epoch_seconds.append(time.time() - t0)
        print(f"epoch {epoch + 1}/{EPOCHS}: loss {loss_sum / total:.4f} "
              f"train acc {correct / total:.4f} ({epoch_seconds[-1]:.1f} s)",
              flush=True)
    return epoch_seconds


@torch.no_grad()
def predict(model, x):
    model.eval()
    return torch.cat([model(x[i:i + 1000]) for i in range(0, len(x), 1000)])


# --------------------------------------------------------------------------
# TOSA export
# --------------------------------------------------------------------------
def fmt(v):
    """Shortest float32 literal that MLIR parses (via double) back to v."""
    v = np.float32(v)
    s = repr(v)  # numpy: shortest round-trip repr for float32
    if not np.isfinite(v):
        raise ValueError("non-finite weight")
    mant, _, exp = s.partition("e")
    if "." not in mant:          # MLIR float literals need a '.': 1e-05 -> 1.0e-05
        mant += ".0"
    s = mant + ("e" + exp if exp else "")
    if np.float32(float(s)) != v:  # double parse + round to f32 must give v
        s = repr(float(v))
        if "." not in s.partition("e")[0]:
            s = s.replace("e", ".0e")
    assert np.float32(float(s)) == v
    return s


def dense_literal(arr):
    arr = np.asarray(arr, dtype=np.float32)

    def nest(a):
        if a.ndim == 1:
            return "[" + ", ".join(fmt(v) for v in a) + "]"
        return "[" + ", ".join(nest(sub) for sub in a) + "]"
    return nest(arr)


def ttype(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Emitter:
    def __init__(self):
        self.lines = []

    def const(self, name, arr, loc):
        arr = np.asarray(arr, dtype=np.float32)
        t = ttype(arr.shape)
        self.lines.append(
            f'  %{name} = "tosa.const"() <{{values = dense<{dense_literal(arr)}> '
            f': {t}}}> : () -> {t} loc("{loc}")')
        return arr.shape

    def op(self, text):
        self.lines.append("  " + text)


def export_mlir(model):
    sd = {k: v.detach().numpy().astype(np.float32)
          for k, v in model.state_dict().items()}
    e = Emitter()
    S1, S2, S3 = (1, 28, 28, 16), (1, 14, 14, 16), (1, 7, 7, 16)
    S4 = (1, 7, 7, 32)
    conv_attrs = ("{acc_type = f32, dilation = array<i64: 1, 1>, "
                  "pad = array<i64: %d, %d, %d, %d>, stride = array<i64: 1, 1>}")
    zp = "tensor<1xf32>"

    e.op('%zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> '
         ': () -> tensor<1xf32>')

    def conv(name, inp, in_shape, out_shape, module, pad):
        w = sd[module + ".weight"].transpose(0, 2, 3, 1)  # OIHW -> OHWI
        ws = e.const(f"{name}_w", w, module + ".weight")
        bs = e.const(f"{name}_b", sd[module + ".bias"], module + ".bias")
        e.op(f"%{name} = tosa.conv2d %{inp}, %{name}_w, %{name}_b, %zp, %zp "
             f"{conv_attrs % (pad, pad, pad, pad)} : ({ttype(in_shape)}, "
             f"{ttype(ws)}, {ttype(bs)}, {zp}, {zp}) -> {ttype(out_shape)} "
             f'loc("{module}")')

    def relu(name, inp, shape, loc):
        e.op(f"%{name} = tosa.clamp %{inp} {{max_val = 3.40282347E+38 : f32, "
             f"min_val = 0.0 : f32}} : ({ttype(shape)}) -> {ttype(shape)} "
             f'loc("{loc}")')

    def maxpool(name, inp, in_shape, out_shape, loc):
        e.op(f"%{name} = tosa.max_pool2d %{inp} {{kernel = array<i64: 2, 2>, "
             f"pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}} : "
             f"({ttype(in_shape)}) -> {ttype(out_shape)} loc(\"{loc}\")")

    conv("conv1", "x", (1, 28, 28, 1), S1, "conv1", 1)
    relu("relu1", "conv1", S1, "relu1")
    conv("conv2", "relu1", S1, S1, "conv2", 1)
    relu("relu2", "conv2", S1, "relu2")
    maxpool("pool1", "relu2", S1, S2, "pool1")

    # Depthwise: PyTorch [C, 1, KH, KW] -> TOSA [KH, KW, C, M=1].
    dw = sd["dwconv.weight"].transpose(2, 3, 0, 1)
    dws = e.const("dwconv_w", dw, "dwconv.weight")
    dbs = e.const("dwconv_b", sd["dwconv.bias"], "dwconv.bias")
    e.op(f"%dwconv = tosa.depthwise_conv2d %pool1, %dwconv_w, %dwconv_b, %zp, "
         f"%zp {conv_attrs % (1, 1, 1, 1)} : ({ttype(S2)}, {ttype(dws)}, "
         f"{ttype(dbs)}, {zp}, {zp}) -> {ttype(S2)} loc(\"dwconv\")")
    relu("relu3", "dwconv", S2, "relu3")
    conv("res_conv", "relu3", S2, S2, "res_conv", 0)
    relu("res_relu", "res_conv", S2, "res_relu")
    e.op(f"%res_add = tosa.add %relu3, %res_relu : ({ttype(S2)}, {ttype(S2)}) "
         f"-> {ttype(S2)} loc(\"res_add\")")
    maxpool("pool2", "res_add", S2, S3, "pool2")
    conv("conv3", "pool2", S3, S4, "conv3", 1)
    relu("relu4", "conv3", S4, "relu4")
    e.op(f"%gap = tosa.avg_pool2d %relu4, %zp, %zp {{acc_type = f32, "
         f"kernel = array<i64: 7, 7>, pad = array<i64: 0, 0, 0, 0>, "
         f"stride = array<i64: 1, 1>}} : ({ttype(S4)}, {zp}, {zp}) -> "
         f"{ttype((1, 1, 1, 32))} loc(\"gap\")")
    e.op("%flat_shape = tosa.const_shape {values = dense<[1, 1, 32]> : "
         "tensor<3xindex>} : () -> !tosa.shape<3>")
    e.op(f"%flat = tosa.reshape %gap, %flat_shape : ({ttype((1, 1, 1, 32))}, "
         f"!tosa.shape<3>) -> {ttype((1, 1, 32))} loc(\"flatten\")")
    fcw = sd["fc.weight"].T[None]  # [1, in, out]
    e.const("fc_w", fcw, "fc.weight")
    e.const("fc_b", sd["fc.bias"].reshape(1, 1, 10), "fc.bias")
    e.op(f"%fc_mm = tosa.matmul %flat, %fc_w, %zp, %zp : ({ttype((1, 1, 32))}, "
         f"{ttype((1, 32, 10))}, {zp}, {zp}) -> {ttype((1, 1, 10))} loc(\"fc\")")
    e.op(f"%fc = tosa.add %fc_mm, %fc_b : ({ttype((1, 1, 10))}, "
         f"{ttype((1, 1, 10))}) -> {ttype((1, 1, 10))} loc(\"fc.bias_add\")")
    e.op("%out_shape = tosa.const_shape {values = dense<[1, 10]> : "
         "tensor<2xindex>} : () -> !tosa.shape<2>")
    e.op(f"%logits = tosa.reshape %fc, %out_shape : ({ttype((1, 1, 10))}, "
         f"!tosa.shape<2>) -> {ttype((1, 10))} loc(\"logits\")")
    e.op("return %logits : tensor<1x10xf32>")

    header = [
        "// Fashion-MNIST CNN, float32 TOSA (generated by make_fmnist.py; do not edit).",
        "// Input: NHWC 1x28x28x1, pixel k -> k / 256 - 0.5. Output: 10 logits.",
        "// conv1 3x3 1->16 + relu, conv2 3x3 16->16 + relu, max_pool 2x2,",
        "// dwconv 3x3 (16, multiplier 1) + relu, x + relu(res_conv 1x1 16->16),",
        "// max_pool 2x2, conv3 3x3 16->32 + relu, avg_pool 7x7, fc 32->10.",
        "func.func @fmnist(%x: tensor<1x28x28x1xf32>) -> tensor<1x10xf32> {",
    ]
    return "\n".join(header + e.lines + ["}", ""])


# --------------------------------------------------------------------------
# Checks with the AutoQuant tools
# --------------------------------------------------------------------------
def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit(f"command failed ({res.returncode}): {' '.join(cmd)}")
    return res.stdout


def size_str(path):
    n = os.path.getsize(path)
    return f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 2**20:.2f} MiB"


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)

    train_u8, train_y = load_split("train")
    test_u8, test_y = load_split("t10k")
    train_x16 = normalize(train_u8)
    test_x16 = normalize(test_u8)
    print(f"train {train_x16.shape}, test {test_x16.shape}", flush=True)

    model = FashionNet()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}")
    t0, c0 = time.time(), time.process_time()
    epoch_seconds = train(model, to_nchw(train_x16), torch.from_numpy(train_y))
    timing = {"wall": time.time() - t0, "cpu": time.process_time() - c0,
              "fastest_epoch": min(epoch_seconds)}
    print(f"training: {timing['wall']:.0f} s wall-clock, {timing['cpu']:.0f} s "
          f"CPU, fastest epoch {timing['fastest_epoch']:.1f} s", flush=True)

    # Data files. Calibration: 512 seeded-random training images; test: the
    # first 2000 images of the test split.
    rng = np.random.default_rng(SEED)
    calib_idx = np.sort(rng.choice(len(train_x16), NUM_CALIB, replace=False))
    calib_x = train_x16[calib_idx]
    test_x = test_x16[:NUM_TEST]
    test_y_small = test_y[:NUM_TEST].astype(np.int64)
    paths = {n: os.path.join(HERE, n) for n in
             ["model.mlir", "calib_x.npy", "test_x.npy", "test_y.npy", "README.md"]}
    np.save(paths["calib_x.npy"], calib_x)
    np.save(paths["test_x.npy"], test_x)
    np.save(paths["test_y.npy"], test_y_small)

    # PyTorch accuracy on exactly the stored test samples (float16 -> float32).
    logits = predict(model, to_nchw(test_x)).numpy()
    torch_acc = float((logits.argmax(1) == test_y_small).mean())
    full_logits = predict(model, to_nchw(test_x16)).numpy()
    torch_acc_full = float((full_logits.argmax(1) == test_y).mean())
    print(f"PyTorch accuracy: {torch_acc:.4f} on the {NUM_TEST} stored test "
          f"samples, {torch_acc_full:.4f} on all {len(test_y)}", flush=True)

    with open(paths["model.mlir"], "w") as f:
        f.write(export_mlir(model))

    # The MLIR must parse and verify, and produce PyTorch's logits.
    run([QUANT_OPT, paths["model.mlir"], "-o", os.devnull])
    with tempfile.TemporaryDirectory() as tmp:
        ref = os.path.join(tmp, "torch_logits.npy")
        np.save(ref, logits.astype(np.float32))
        out = run([QUANT_RUN, paths["model.mlir"], "--input", paths["test_x.npy"],
                   "--labels", paths["test_y.npy"], "--expect", ref,
                   "--tolerance", "1e-4", "--quiet"])
        print(out.strip())
    metrics = json.loads(run([QUANT_RUN, paths["model.mlir"], "--input",
                              paths["test_x.npy"], "--labels",
                              paths["test_y.npy"], "--json", "--quiet"]))
    mlir_acc = metrics["accuracy"]
    print(f"PyTorch accuracy:   {torch_acc:.4f}")
    print(f"quant-run accuracy: {mlir_acc:.4f}")
    if abs(mlir_acc - torch_acc) > 0.001:
        raise SystemExit("the exported MLIR disagrees with PyTorch")

    write_readme(paths, timing, torch_acc, torch_acc_full, mlir_acc,
                 sum(p.numel() for p in model.parameters()))
    total = sum(os.path.getsize(os.path.join(HERE, n)) for n in os.listdir(HERE)
                if os.path.isfile(os.path.join(HERE, n)))
    print(f"examples/fmnist: {total / 2**20:.2f} MiB in total")


def write_readme(paths, timing, torch_acc, torch_acc_full, mlir_acc,
                 num_params):
    files = [
        ("model.mlir", "the float32 TOSA model, `func.func @fmnist(tensor<1x28x28x1xf32>) -> tensor<1x10xf32>`"),
        ("calib_x.npy", f"{NUM_CALIB} calibration images from the training split (seeded random choice), float16, {NUM_CALIB}x28x28x1"),
        ("test_x.npy", f"the first {NUM_TEST} images of the test split, float16, {NUM_TEST}x28x28x1"),
        ("test_y.npy", f"their labels 0..9, int64, {NUM_TEST}"),
        ("make_fmnist.py", "the script that produced everything here"),
    ]
    rows = "\n".join(f"| `{n}` | {size_str(paths.get(n, os.path.join(HERE, n)))} | {d} |"
                     for n, d in files)
    text = f"""# Fashion-MNIST example

A small CNN trained on [Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist)
(28x28 grey clothing images, 10 classes: {", ".join(CLASSES)}), exported as
float32 TOSA MLIR, with calibration and test sets. It is the bundled
real-model example for AutoQuant: a real trained network (rather than random
weights) with conv2d, depthwise conv2d, a residual add, max and average
pooling and a dense layer.

Nothing at run time needs Python: `model.mlir` and the `.npy` files are
committed, and `quant-opt` / `quant-run` read them directly. Python (PyTorch)
is only needed to regenerate them.

## The model

Input NHWC `1x28x28x1` (batch 1), output `1x10` logits. {num_params} parameters, no batch norm.

| PyTorch module | TOSA op(s) | output |
|---|---|---|
| `conv1` 3x3, 1->16, pad 1, + `relu1` | `tosa.conv2d`, `tosa.clamp` | 1x28x28x16 |
| `conv2` 3x3, 16->16, pad 1, + `relu2` | `tosa.conv2d`, `tosa.clamp` | 1x28x28x16 |
| `pool1` max 2x2 | `tosa.max_pool2d` | 1x14x14x16 |
| `dwconv` depthwise 3x3, 16 channels, multiplier 1, pad 1, + `relu3` | `tosa.depthwise_conv2d`, `tosa.clamp` | 1x14x14x16 |
| residual: `res_add` = x + `res_relu`(`res_conv` 1x1, 16->16) | `tosa.conv2d`, `tosa.clamp`, `tosa.add` | 1x14x14x16 |
| `pool2` max 2x2 | `tosa.max_pool2d` | 1x7x7x16 |
| `conv3` 3x3, 16->32, pad 1, + `relu4` | `tosa.conv2d`, `tosa.clamp` | 1x7x7x32 |
| `gap` global average pool | `tosa.avg_pool2d` 7x7 | 1x1x1x32 |
| `flatten` | `tosa.reshape` | 1x1x32 |
| `fc` 32->10 | `tosa.matmul` + `tosa.add` (`fc.bias_add`), `tosa.reshape` (`logits`) | 1x10 |

Every op carries `loc("<PyTorch module name>")`; weight and bias constants
carry `loc("<module>.weight")` / `loc("<module>.bias")`. Weights are printed
as the shortest decimal that parses back to the identical float32, so the MLIR
holds exactly the trained weights. Layouts: conv2d weights OHWI (PyTorch OIHW
permuted 0,2,3,1), depthwise weights `[KH, KW, C, 1]` (PyTorch `[C, 1, KH, KW]`
permuted 2,3,0,1), matmul weight `[1, 32, 10]` = `fc.weight.T`.

## Input normalization

Done in the data, not in the model: pixel value k (0..255) becomes
**k / 256 - 0.5**, in [-0.5, 0.49609375]. (Not k / 255: k / 256 - 0.5 =
(k - 128) / 256 is exact in float16.) The `.npy` inputs are therefore stored
as float16, half the size of float32, and the float16 -> float32 conversion
the AutoQuant loaders do yields exactly the values the network was trained
and evaluated on.

## Training

PyTorch {torch.__version__} on CPU, `torch.set_num_threads(2)`, seed {SEED},
deterministic algorithms: all 60000 training images, {EPOCHS} epochs, batch
{BATCH}, Adam with a one-cycle learning rate (max {LR}), cross entropy, no
augmentation. Training took {timing['wall']:.0f} s wall-clock and
{timing['cpu']:.0f} s of CPU time; the fastest epoch took
{timing['fastest_epoch']:.1f} s. Wall-clock time depends on the machine's load:
on an idle 2-core machine every epoch takes about as long as the fastest one,
i.e. about {timing['fastest_epoch'] * EPOCHS / 60:.0f} minutes in all.

## Accuracy (top-1, float32)

| | accuracy |
|---|---|
| PyTorch, the {NUM_TEST} samples in `test_x.npy` | {torch_acc * 100:.2f}% |
| `quant-run` on `model.mlir`, same samples | {mlir_acc * 100:.2f}% |
| PyTorch, the whole 10000-image test split | {torch_acc_full * 100:.2f}% |

`make_fmnist.py` also checks that quant-run's logits match PyTorch's
(`--expect`, relative tolerance 1e-4). To reproduce the quant-run number
from the repository root:

```sh
build/bin/quant-run examples/fmnist/model.mlir --input examples/fmnist/test_x.npy \\
    --labels examples/fmnist/test_y.npy --json --quiet
```

## Files

| file | size | contents |
|---|---|---|
{rows}
| `README.md` | | this file (written by `make_fmnist.py`) |

## Regenerating

On Debian 12 with the Debian packages (no pip, no network beyond apt), from
the repository root, after building `build/bin/quant-opt` and `quant-run`:

```sh
apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \\
    dataset-fashion-mnist python3-torch python3-numpy
/usr/bin/python3 examples/fmnist/make_fmnist.py
```

The dataset is read from `{DATA_DIR}` (gzipped IDX files from
`dataset-fashion-mnist`). Use Debian's `/usr/bin/python3`, which sees the
Debian `python3-torch` and `python3-numpy` modules. With the same PyTorch
build and thread count the run is deterministic; the training time in this
file naturally varies.
"""
    with open(paths["README.md"], "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
