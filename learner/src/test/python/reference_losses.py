"""Reference values of the losses of SwAV, Barlow Twins, VICReg, SimSiam and NNCLR, computed with
PyTorch as the official repositories (and solo-learn for NNCLR) write them, on fixed inputs.
NewLossesTest pins the Java losses to the numbers this prints:

    python3 learner/src/test/python/reference_losses.py
"""
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def matrix(rows, cols, f, offset):
    return torch.tensor([[f(0.37 * (i * cols + j) + offset) for j in range(cols)] for i in range(rows)])


N, D, K = 6, 4, 5
z1 = matrix(N, D, math.sin, 0.1)
z2 = matrix(N, D, math.cos, 0.3)
p1 = matrix(N, D, math.sin, 1.7)
p2 = matrix(N, D, math.cos, 2.9)


def off_diagonal(x):  # facebookresearch/barlowtwins main.py
    n, m = x.shape
    return x.flatten()[:-1].view(n - 1, n + 1)[:, 1:].flatten()


# Barlow Twins, main.py: bn = BatchNorm1d(affine=False) in training mode
bn = torch.nn.BatchNorm1d(D, affine=False)
c = bn(z1).T @ bn(z2) / N
on_diag = torch.diagonal(c).add(-1).pow(2).sum()
off_diag = off_diagonal(c).pow(2).sum()
print("barlowtwins lambda=0.0051", (on_diag + 0.0051 * off_diag).item())

# VICReg, main_vicreg.py
x, y = z1, z2
repr_loss = F.mse_loss(x, y)
x = x - x.mean(dim=0)
y = y - y.mean(dim=0)
std_x = torch.sqrt(x.var(dim=0) + 0.0001)
std_y = torch.sqrt(y.var(dim=0) + 0.0001)
std_loss = torch.mean(F.relu(1 - std_x)) / 2 + torch.mean(F.relu(1 - std_y)) / 2
cov_x = (x.T @ x) / (N - 1)
cov_y = (y.T @ y) / (N - 1)
cov_loss = off_diagonal(cov_x).pow(2).sum().div(D) + off_diagonal(cov_y).pow(2).sum().div(D)
print("vicreg invariance", repr_loss.item(), "variance", std_loss.item(), "covariance", cov_loss.item())
print("vicreg 25/25/1", (25 * repr_loss + 25 * std_loss + cov_loss).item())

# SimSiam, simsiam/builder.py + main_simsiam.py: criterion = CosineSimilarity
cos = torch.nn.CosineSimilarity(dim=1)
print("simsiam", (-(cos(p1, z2.detach()).mean() + cos(p2, z1.detach()).mean()) * 0.5).item())

# NNCLR, solo-learn nnclr_loss_func and find_nn
queue = F.normalize(matrix(7, D, math.sin, 4.2), dim=1)


def find_nn(z):
    idx = (z @ queue.T).max(dim=1)[1]
    return queue[idx], idx


def nnclr_loss(nn, p, temperature=0.1):
    nn = F.normalize(nn, dim=-1)
    p = F.normalize(p, dim=-1)
    logits = nn @ p.T / temperature
    return F.cross_entropy(logits, torch.arange(nn.size(0)))


n1, i1 = find_nn(F.normalize(z1, dim=1))
n2, i2 = find_nn(F.normalize(z2, dim=1))
print("nnclr neighbours", i1.tolist(), i2.tolist())
print("nnclr tau=0.1", (nnclr_loss(n1, p2) / 2 + nnclr_loss(n2, p1) / 2).item())


# SwAV, main_swav.py distributed_sinkhorn (one process) and the swapped loss, 2 + 1 crops
@torch.no_grad()
def sinkhorn(out, epsilon=0.05, iterations=3):
    Q = torch.exp(out / epsilon).t()
    B = Q.shape[1]
    K_ = Q.shape[0]
    Q /= torch.sum(Q)
    for _ in range(iterations):
        Q /= torch.sum(Q, dim=1, keepdim=True)
        Q /= K_
        Q /= torch.sum(Q, dim=0, keepdim=True)
        Q /= B
    Q *= B
    return Q.t()


prototypes = F.normalize(matrix(K, D, math.cos, 0.7), dim=1)
crops = [F.normalize(z1, dim=1), F.normalize(z2, dim=1), F.normalize(p1, dim=1)]
output = torch.cat(crops) @ prototypes.T
queue_scores = F.normalize(matrix(8, D, math.sin, 5.5), dim=1) @ prototypes.T
loss = 0
for crop_id in [0, 1]:
    out = output[N * crop_id: N * (crop_id + 1)].detach()
    if crop_id == 0:  # the first crop's codes over its queue too
        out = torch.cat((queue_scores, out))
    q = sinkhorn(out)[-N:]
    if crop_id == 0:
        print("swav codes[0] row 0", q[0].tolist())
    subloss = 0
    for v in [v for v in range(3) if v != crop_id]:
        x = output[N * v: N * (v + 1)] / 0.1
        subloss -= torch.mean(torch.sum(q * F.log_softmax(x, dim=1), dim=1))
    loss += subloss / 2
print("swav", (loss / 2).item())
