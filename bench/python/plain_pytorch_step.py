#!/usr/bin/env python3
"""The default model's training step as a plain PyTorch loop, to set beside
`./streamssl bench train-step` on the same machine.

Same as the Java step: SimCLR on the small CNN (three 3x3 conv-BN-ReLU layers of 32, 64 and 128
filters, 2x2 max-pooling after the first two, global average pooling), 28x28 grey random images,
two views of every image made on the batch (random resized crop with area 0.08-1 and ratio 3/4-4/3
plus a horizontal flip as one affine resample per image, brightness and contrast jitter of 0.4
with probability 0.8, normalisation), both views through the encoder as one batch of 2N, the
projection head Linear(128, 512, no bias)-BN-ReLU-Linear(512, 128), NT-Xent at temperature 0.2,
and SGD with momentum 0.9 and LARS (trust coefficient 0.001, weight decay 1e-6, neither for
biases and BatchNorm) at learning rate 0.3.

One difference: the crop is resampled bilinearly (grid_sample) where the Java step applies an
antialiasing filter (two matrix products per image); at 28 pixels the crops are mostly enlarged,
where the two filters are the same.

Debian: apt-get install python3-torch. Run:
  python3 bench/python/plain_pytorch_step.py --batch 256 --steps 50 --threads 2
Prints the time per step and images/s as the Java benchmark does.
"""
import argparse
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def small_cnn():
    layers, channels = [], 1
    for i, filters in enumerate([32, 64, 128]):
        layers += [nn.Conv2d(channels, filters, 3, padding=1, bias=False),
                   nn.BatchNorm2d(filters), nn.ReLU()]
        if i < 2:
            layers.append(nn.MaxPool2d(2))
        channels = filters
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


def projection_head():
    return nn.Sequential(nn.Linear(128, 512, bias=False), nn.BatchNorm1d(512), nn.ReLU(),
                         nn.Linear(512, 128))


def view(x, mean=0.2860, std=0.3530):
    """One SimCLR view of every image of x (B, 1, H, W) in [0, 1]."""
    b = x.shape[0]
    area = torch.empty(b).uniform_(0.08, 1.0)
    ratio = torch.empty(b).uniform_(math.log(3 / 4), math.log(4 / 3)).exp()
    w = (area * ratio).sqrt().clamp(max=1.0)
    h = (area / ratio).sqrt().clamp(max=1.0)
    cx = (torch.rand(b) * (1 - w) + w / 2) * 2 - 1
    cy = (torch.rand(b) * (1 - h) + h / 2) * 2 - 1
    flip = torch.where(torch.rand(b) < 0.5, -1.0, 1.0)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = w * flip
    theta[:, 0, 2] = cx
    theta[:, 1, 1] = h
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    v = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    jitter = (torch.rand(b) < 0.8).float().view(b, 1, 1, 1)
    brightness = torch.empty(b, 1, 1, 1).uniform_(0.6, 1.4)
    contrast = torch.empty(b, 1, 1, 1).uniform_(0.6, 1.4)
    jittered = (v * brightness).clamp(0, 1)
    means = jittered.mean(dim=(1, 2, 3), keepdim=True)
    jittered = ((jittered - means) * contrast + means).clamp(0, 1)
    v = jitter * jittered + (1 - jitter) * v
    return (v - mean) / std


def nt_xent(z1, z2, temperature=0.2):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = z @ z.t() / temperature
    logits = logits - torch.eye(2 * n) * 1e9
    positive = torch.arange(2 * n).add(n).remainder(2 * n)
    return F.cross_entropy(logits, positive)


class Lars:
    """SGD with momentum; LARS scaling and weight decay for weights, not biases or BN."""

    def __init__(self, params, lr=0.3, momentum=0.9, weight_decay=1e-6, trust=0.001):
        self.params = [(p, p.ndim > 1) for p in params]
        self.lr, self.momentum, self.weight_decay, self.trust = lr, momentum, weight_decay, trust
        self.buffers = {}

    @torch.no_grad()
    def step(self):
        for p, scaled in self.params:
            g = p.grad
            if scaled:
                g = g + self.weight_decay * p
                w_norm, g_norm = p.norm(), g.norm()
                if w_norm > 0 and g_norm > 0:
                    g = g * (self.trust * w_norm / g_norm)
            buf = self.buffers.get(p)
            if buf is None:
                buf = self.buffers[p] = g.clone()
            else:
                buf.mul_(self.momentum).add_(g)
            p.sub_(self.lr * buf)
            p.grad = None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(11)
    torch.set_num_threads(args.threads)
    encoder, head = small_cnn(), projection_head()
    optimizer = Lars(list(encoder.parameters()) + list(head.parameters()))
    images = torch.randint(0, 256, (args.batch, 1, 28, 28), dtype=torch.uint8)

    def step():
        x = images.float().div(255)
        both = torch.cat([view(x), view(x)])
        z = head(encoder(both))
        loss = nt_xent(z[: args.batch], z[args.batch:])
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for i in range(1, args.steps + 1):
        loss = step()
        if i % max(1, args.steps // 10) == 0:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            print(f"step {i}/{args.steps} loss {loss:.4f} max rss {rss} MB")
    seconds = time.perf_counter() - start
    print(f"torch {torch.__version__} threads {torch.get_num_threads()}")
    print(f"ms_per_step={seconds * 1000 / args.steps:.1f} "
          f"images_per_second={args.batch * args.steps / seconds:.1f}")


if __name__ == "__main__":
    main()
