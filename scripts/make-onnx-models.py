#!/usr/bin/python3
"""Exports random-weight torchvision models (and a small ViT) to ONNX for the
ONNX importer's end-to-end check (scripts/check-onnx-models.sh).

For every model NAME it writes into the output directory:
  NAME.onnx        opset 13, symbolic batch dimension, constants folded
  NAME.input.npy   batch of 2 seeded N(0, 1) float32 samples
  NAME.torch.npy   PyTorch's float32 output on that batch (eval mode)

No pretrained weights (no network): every model is randomly initialized
with a fixed seed. Batch norms get non-trivial statistics and affine
parameters (measured on random data, then perturbed), so that folding them
is actually tested; layer norms get random affine parameters.

Needs Debian's python3-torch / python3-torchvision / python3-onnx:
    /usr/bin/python3 scripts/make-onnx-models.py [OUT_DIR] [--only a,b]
"""

import argparse
import os
import sys
import time
import traceback

import numpy as np
import torch
import torch.nn as nn
import torchvision

SEED = 0


# ---------------------------------------------------------------------------
# A small ViT: patch embedding conv, class token, position embedding,
# pre-norm blocks with hand-written softmax attention and a GELU MLP.


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.heads, C // self.heads)
        qkv = qkv.permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = attn.softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(B, N, C)
        return self.proj(x)


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * mlp_ratio), nn.GELU(),
                                 nn.Linear(dim * mlp_ratio, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class TinyViT(nn.Module):
    def __init__(self, image=32, patch=4, dim=192, depth=4, heads=3,
                 classes=10, channels=3):
        super().__init__()
        self.patch_embed = nn.Conv2d(channels, dim, patch, patch)
        tokens = (image // patch) ** 2
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.1)
        self.pos_embed = nn.Parameter(torch.randn(1, tokens + 1, dim) * 0.1)
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.patch_embed(x).flatten(2).transpose(1, 2)  # B, N, C
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat((cls, x), dim=1) + self.pos_embed
        x = self.blocks(x)
        x = self.norm(x)
        return self.head(x[:, 0])


# ---------------------------------------------------------------------------

M = torchvision.models
MODELS = {
    "resnet18": (lambda: M.resnet18(weights=None), 224),
    "resnet50": (lambda: M.resnet50(weights=None), 224),
    "mobilenet_v2": (lambda: M.mobilenet_v2(weights=None), 224),
    "mobilenet_v3_small": (lambda: M.mobilenet_v3_small(weights=None), 224),
    "efficientnet_b0": (lambda: M.efficientnet_b0(weights=None), 224),
    "squeezenet1_0": (lambda: M.squeezenet1_0(weights=None), 224),
    "shufflenet_v2_x1_0": (lambda: M.shufflenet_v2_x1_0(weights=None), 224),
    "densenet121": (lambda: M.densenet121(weights=None), 224),
    "googlenet": (lambda: M.googlenet(weights=None, aux_logits=False,
                                      init_weights=True), 224),
    "mnasnet1_0": (lambda: M.mnasnet1_0(weights=None), 224),
    "regnet_y_400mf": (lambda: M.regnet_y_400mf(weights=None), 224),
    "convnext_tiny": (lambda: M.convnext_tiny(weights=None), 224),
    "vit_tiny": (lambda: TinyViT(), 32),
}


def randomize_norms(model, image, gen):
    """Batch norms get non-trivial statistics and affine parameters: in one
    eval-mode pass over random data, a pre-hook measures each batch norm's
    per-channel input mean and variance just before it runs (earlier norms
    already changed) and sets perturbed versions of them, so activations stay
    O(1) through deep networks (independently drawn statistics compound and
    make the float32 model itself ill-conditioned). Random affine parameters.
    Layer norms get random affine parameters; ConvNeXt layer scales (1e-6 at
    init, which makes every block negligible) become U(0.2, 1)."""
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    model.eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.LayerNorm) and m.elementwise_affine:
                m.weight.copy_(torch.empty(m.weight.shape).uniform_(0.5, 1.5, generator=gen))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))
        for pname, p in model.named_parameters():
            if pname.endswith("layer_scale"):
                p.copy_(torch.empty(p.shape).uniform_(0.2, 1.0, generator=gen))

    def set_stats(m, inputs):
        x = inputs[0].double()
        dims = [d for d in range(x.dim()) if d != 1]
        mean, var = x.mean(dims), x.var(dims, unbiased=False)
        c = m.num_features
        std = var.clamp_min(1e-6).sqrt()
        m.running_mean.copy_(mean + 0.2 * std * torch.randn(c, generator=gen, dtype=torch.float64))
        m.running_var.copy_(var * torch.empty(c, dtype=torch.float64).uniform_(0.6, 1.6, generator=gen))
        if m.affine:
            m.weight.copy_(torch.empty(c).uniform_(0.5, 1.5, generator=gen))
            m.bias.copy_(0.2 * torch.randn(c, generator=gen))

    if bns:
        hooks = [m.register_forward_pre_hook(set_stats) for m in bns]
        with torch.no_grad():
            model(torch.randn(4, 3, image, image, generator=gen))
        for h in hooks:
            h.remove()
    return len(bns)


def build_model(name):
    """The eval-mode model and its batch-2 input, as exported (deterministic)."""
    build, image = MODELS[name]
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED + 1)
    model = build()
    nbn = randomize_norms(model, image, gen)
    model.eval()
    rng = np.random.default_rng(SEED + 2)
    x = rng.standard_normal((2, 3, image, image)).astype(np.float32)
    return model, x, nbn


def export(name, out_dir):
    model, x, nbn = build_model(name)
    with torch.no_grad():
        y = model(torch.from_numpy(x))
    y = y.numpy().astype(np.float32)

    path = os.path.join(out_dir, name + ".onnx")
    with torch.no_grad():
        torch.onnx.export(
            model, torch.from_numpy(x[:1]), path, opset_version=13,
            input_names=["input"], output_names=["output"],
            dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
            do_constant_folding=True)
    np.save(os.path.join(out_dir, name + ".input.npy"), x)
    np.save(os.path.join(out_dir, name + ".torch.npy"), y)

    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})
    params = sum(p.numel() for p in model.parameters())
    return (f"params={params / 1e6:.2f}M bn={nbn} nodes={len(m.graph.node)} "
            f"out={list(y.shape)} max|out|={np.abs(y).max():.4g} ops={','.join(ops)}")


def parse_model_args(description, default_out_dir, known):
    """[OUT_DIR] [--only a,b] of a model-making script: the output directory
    (created) and the selected model names (all of `known` by default)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("out_dir", nargs="?", default=default_out_dir)
    ap.add_argument("--only", default="", help="comma-separated model names")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit(f"unknown model(s): {', '.join(unknown)}; known: {', '.join(known)}")
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(2)
    return args.out_dir, names


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir, names = parse_model_args(
        __doc__.split("\n")[0],
        os.path.join(here, os.pardir, "build", "onnx-models"), MODELS)

    failed = []
    for name in names:
        t0 = time.time()
        try:
            info = export(name, out_dir)
            print(f"{name:20s} ok     {time.time() - t0:6.1f}s  {info}", flush=True)
        except Exception as e:  # one model failing must not stop the others
            failed.append(name)
            print(f"{name:20s} FAILED {time.time() - t0:6.1f}s  {type(e).__name__}: {e}",
                  flush=True)
            traceback.print_exc(file=sys.stderr)
    print(f"{len(names) - len(failed)}/{len(names)} exported to "
          f"{os.path.normpath(out_dir)}" + (f"; failed: {','.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
