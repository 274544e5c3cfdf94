#!/usr/bin/python3
"""Trains the real-architecture Fashion-MNIST models and exports them as ONNX.

Two models a user would bring, trained once on Fashion-MNIST with Debian's
PyTorch (CPU, fixed seeds) and exported with torch.onnx.export (opset 13):

  mobilenet_v2.onnx  torchvision's MobileNetV2 (inverted residuals, ReLU6,
                     batch norm, folded at export), first conv with 1 input
                     channel, 10 classes
  vit.onnx           a small ViT (7x7 patch embedding conv, class token,
                     position embedding, 4 pre-norm blocks with softmax
                     attention and an exact-GELU MLP, layer norms), the
                     TinyViT of scripts/make-onnx-models.py with 1 channel

Both take the bundled example's data layout: input "x" is NHWC [N, 28, 28, 1]
(the forward begins with a permute, which with one channel is a reshape),
pixel k becomes k / 256 - 0.5; output "logits" is [N, 10]. The data files
are written beside the models so that one command line quantizes any of them
and examples/fmnist/model.onnx:

  calib_x.npy   512 training images (the example's calibration images)
  test_x.npy    the full 10,000-image test set, float16 [10000, 28, 28, 1]
  test_y.npy    its labels, int64
  float.json    PyTorch's float accuracy of each model on the test set

Nothing here is committed (the test set alone is 15 MB): run this once, then
scripts/bench-fmnist-models.sh. Needs Debian's python3-torch,
python3-torchvision, python3-onnx and dataset-fashion-mnist (no pip):
    /usr/bin/python3 scripts/make-fmnist-models.py [OUT_DIR] [--only a,b]
Environment (experiments only): FMNIST_MODEL_EPOCHS overrides the epochs.
"""

import importlib.util
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SEED = 2026


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The example's data helpers (IDX reading, the exact k/256 - 0.5 float16
# normalization) and the ViT definition are shared, not copied.
fmnist = load_module("make_fmnist", os.path.join(REPO, "examples", "fmnist", "make_fmnist.py"))
onnx_models = load_module("make_onnx_models", os.path.join(HERE, "make-onnx-models.py"))


class NhwcInput(nn.Module):
    """Takes the example's NHWC images; the network itself is NCHW."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x.permute(0, 3, 1, 2))


def make_mobilenet_v2():
    net = torchvision.models.mobilenet_v2(weights=None, num_classes=10)
    first = net.features[0][0]
    net.features[0][0] = nn.Conv2d(1, first.out_channels, first.kernel_size,
                                   first.stride, first.padding, bias=False)
    return NhwcInput(net)


def make_vit():
    return NhwcInput(onnx_models.TinyViT(image=28, patch=7, dim=64, depth=4,
                                         heads=4, channels=1))


# name -> (constructor, epochs, optimizer factory, peak learning rate)
MODELS = {
    "mobilenet_v2": (make_mobilenet_v2, 5,
                     lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9,
                                                   weight_decay=4e-5, nesterov=True), 0.1),
    "vit": (make_vit, 15,
            lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.05), 2e-3),
}
BATCH = 128


def train(name, model, x, y):
    build, epochs, make_opt, lr = MODELS[name]
    epochs = int(os.environ.get("FMNIST_MODEL_EPOCHS", epochs))
    gen = torch.Generator().manual_seed(SEED)
    opt = make_opt(model.parameters(), lr)
    steps = (len(x) + BATCH - 1) // BATCH
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, epochs=epochs,
                                                steps_per_epoch=steps)
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(x), generator=gen)
        correct, loss_sum = 0, 0.0
        for i in range(steps):
            idx = perm[i * BATCH:(i + 1) * BATCH]
            xb, yb = x[idx], y[idx]
            # Random horizontal flips: the classes are mirror-symmetric.
            flip = torch.rand(len(idx), generator=gen) < 0.5
            xb = torch.where(flip[:, None, None, None], xb.flip(2), xb)
            opt.zero_grad()
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
        print(f"{name} epoch {epoch + 1}/{epochs}: loss {loss_sum / len(x):.4f} "
              f"train acc {correct / len(x):.4f} ({time.time() - t0:.0f} s)", flush=True)


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    logits = torch.cat([model(x[i:i + 500]) for i in range(0, len(x), 500)])
    return (logits.argmax(1) == y).double().mean().item()


def export(model, path, sample):
    import onnx
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, sample, path, opset_version=13,
                          input_names=["x"], output_names=["logits"],
                          dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}},
                          do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def main():
    out_dir, names = onnx_models.parse_model_args(
        __doc__.split("\n")[0], os.path.join(REPO, "build", "fmnist-models"), MODELS)

    train_u8, train_y = fmnist.load_split("train")
    test_u8, test_y = fmnist.load_split("t10k")
    train_x16, test_x16 = fmnist.normalize(train_u8), fmnist.normalize(test_u8)
    # The example's calibration images: the first 512 of a seeded permutation
    # would differ from make_fmnist.py's choice, so take its file when present.
    calib = os.path.join(REPO, "examples", "fmnist", "calib_x.npy")
    np.save(os.path.join(out_dir, "calib_x.npy"), np.load(calib))
    np.save(os.path.join(out_dir, "test_x.npy"), test_x16)
    np.save(os.path.join(out_dir, "test_y.npy"), test_y)

    x = torch.from_numpy(train_x16.astype(np.float32))
    y = torch.from_numpy(train_y)
    tx = torch.from_numpy(test_x16.astype(np.float32))
    ty = torch.from_numpy(test_y)

    float_path = os.path.join(out_dir, "float.json")
    results = json.load(open(float_path)) if os.path.exists(float_path) else {}
    for name in names:
        torch.manual_seed(SEED)
        model = MODELS[name][0]()
        t0 = time.time()
        train(name, model, x, y)
        acc = accuracy(model, tx, ty)
        export(model, os.path.join(out_dir, name + ".onnx"), tx[:1])
        results[name] = {"accuracy": acc, "train_seconds": round(time.time() - t0),
                         "params": sum(p.numel() for p in model.parameters())}
        print(f"{name}: float test accuracy {acc:.4f} "
              f"({results[name]['params'] / 1e6:.2f}M parameters)", flush=True)
        with open(float_path, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
