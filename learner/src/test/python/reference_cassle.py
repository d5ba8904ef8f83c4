"""Reference values of CaSSLe's distillation terms (Fini et al., CVPR 2022), computed with PyTorch
as the official code (DonkeyShot21/cassle, cassle/distillers and cassle/losses, with solo-learn's
BYOL and Barlow Twins losses) writes them, on the fixed inputs of NewLossesTest. CassleLossTest
pins the Java terms to the numbers this prints:

    /usr/bin/python3 learner/src/test/python/reference_cassle.py
"""
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def matrix(rows, cols, f, offset):
    return torch.tensor([[f(0.37 * (i * cols + j) + offset) for j in range(cols)] for i in range(rows)])


N, D = 6, 4
z1 = matrix(N, D, math.sin, 0.1)   # frozen projections, view 1
z2 = matrix(N, D, math.cos, 0.3)   # frozen projections, view 2
p1 = matrix(N, D, math.sin, 1.7)   # predictions, view 1
p2 = matrix(N, D, math.cos, 2.9)   # predictions, view 2


def simclr_distill(p1, p2, z1, z2, temperature):  # cassle/losses/simclr.py
    b = z1.size(0)
    p = F.normalize(torch.cat([p1, p2]), dim=-1)
    z = F.normalize(torch.cat([z1, z2]), dim=-1)
    logits = torch.einsum("if, jf -> ij", p, z) / temperature
    logits_max, _ = torch.max(logits, dim=1, keepdim=True)
    logits = logits - logits_max.detach()
    pos_mask = torch.zeros((2 * b, 2 * b), dtype=torch.bool)
    pos_mask.fill_diagonal_(True)
    logit_mask = torch.ones_like(pos_mask)
    logit_mask.fill_diagonal_(True)
    logit_mask[:, b:].fill_diagonal_(True)
    logit_mask[b:, :].fill_diagonal_(True)
    exp_logits = torch.exp(logits) * logit_mask
    log_prob = logits - torch.log(exp_logits.sum(1, keepdim=True))
    mean_log_prob_pos = (pos_mask * log_prob).sum(1) / pos_mask.sum(1)
    return -mean_log_prob_pos.mean()


def byol(p, z):  # solo-learn byol_loss_func, simplified
    return 2 - 2 * F.cosine_similarity(p, z.detach(), dim=-1).mean()


def barlow(z1, z2, lamb, scale_loss):  # solo-learn barlow_loss_func, one device
    n, d = z1.size()
    bn = torch.nn.BatchNorm1d(d, affine=False)
    z1, z2 = bn(z1), bn(z2)
    corr = torch.einsum("bi, bj -> ij", z1, z2) / n
    diag = torch.eye(d)
    cdif = (corr - diag).pow(2)
    cdif[~diag.bool()] *= lamb
    return scale_loss * cdif.sum()


print("contrastive tau=0.2",
      ((simclr_distill(p1, p2, z1, z2, 0.2) + simclr_distill(z1, z2, p1, p2, 0.2)) / 2).item())
print("predictive", ((byol(p1, z1) + byol(p2, z2)) / 2).item())
print("predictive_mse", ((F.mse_loss(p1, z1) + F.mse_loss(p2, z2)) / 2).item())
print("decorrelative", ((barlow(p1, z1, 5e-3, 0.1) + barlow(p2, z2, 5e-3, 0.1)) / 2).item())
