"""rs21 Fig. 6, FA without WN: ΔW_FA ∠ ΔW_BP per layer in the first epochs,
from an independent PyTorch implementation of the authors' setup with its
own random networks (torch's generator), to set beside the package's
(paper/rs21.md, Fig. 6).

usage: rs21_independent.py DATA_DIR ORDERS REPS EPOCHS
  ORDERS  natural (MNIST's own order, as the package) and/or shuffled (one
          fixed permutation, then that order every epoch: FACTS' reading of
          the authors' later notebook)
Network, init (W, B, b ~ N(0, 0.1^2)), 5-hot codes, batch 1000, eta 5e-4,
1/2 sum E^2 and the FA / BP updates as in rs21_step.py; float32. Prints per
repetition and order the epoch means of the per-iteration angle for W_0 and
W_1, then mean +- SEM over repetitions for W_0..W_3. Repetition r seeds
torch's generator with r; both orders of a repetition start from the same
network. Our results are in rs21_independent.out."""
import math
import sys

import numpy as np
import torch

from rs21_step import DEPTH, FALayer, angle, mnist_images

ETA = 5e-4


def updates(W, b, B, x, y, rule):
    Wr = [w.clone().requires_grad_() for w in W]
    br = [v.clone().requires_grad_() for v in b]
    h = x
    for l in range(DEPTH):
        z = FALayer.apply(h, Wr[l], br[l], B[l]) if rule == 'FA' and l > 0 else h @ Wr[l] + br[l]
        h = torch.tanh(torch.relu(z))
    (0.5 * ((y - h) ** 2).sum()).backward()
    return [-ETA * w.grad for w in Wr], [-ETA * v.grad for v in br]


def run(X, lab, rep, order, epochs, dt=torch.float32):
    g = torch.Generator().manual_seed(rep)
    n = [225, 50, 50, 50, 50, 50]
    W = [torch.randn(n[l], n[l + 1], generator=g, dtype=dt) * 0.1 for l in range(DEPTH)]
    B = [None] + [torch.randn(n[l + 1], n[l], generator=g, dtype=dt) * 0.1
                  for l in range(1, DEPTH)]
    b = [torch.randn(n[l + 1], generator=g, dtype=dt) * 0.1 for l in range(DEPTH)]
    perm = torch.randperm(50, generator=g)
    codes = torch.zeros(10, 50, dtype=dt)
    for c in range(10):
        codes[c, perm[5 * c:5 * c + 5]] = 1
    idx = torch.randperm(60000, generator=g) if order == 'shuffled' else torch.arange(60000)
    Xo, Lo = X[idx], lab[idx]
    out = np.zeros((epochs, DEPTH))
    for e in range(epochs):
        for k in range(60):
            x, y = Xo[k * 1000:(k + 1) * 1000], codes[Lo[k * 1000:(k + 1) * 1000]]
            (dWf, dbf), (dWb, _) = updates(W, b, B, x, y, 'FA'), updates(W, b, B, x, y, 'BP')
            out[e] += [angle(dWf[l], dWb[l]) / 60 for l in range(DEPTH)]
            for l in range(DEPTH):
                W[l] += dWf[l]
                b[l] += dbf[l]
    return out


def main():
    torch.set_num_threads(1)
    data, orders = sys.argv[1], sys.argv[2].split(',')
    reps, epochs = int(sys.argv[3]), int(sys.argv[4])
    X = torch.tensor(mnist_images(data, 60000), dtype=torch.float32)
    with open(f'{data}/train-labels-idx1-ubyte', 'rb') as f:
        lab = torch.tensor(np.frombuffer(f.read(), np.uint8)[8:].astype(np.int64))
    res = {}
    for r in range(reps):
        for o in orders:
            a = run(X, lab, r, o, epochs)
            res.setdefault(o, []).append(a)
            print(r, o, ' '.join(f'{a[e, 0]:.2f}/{a[e, 1]:.2f}' for e in range(epochs)), flush=True)
    for o, a in res.items():
        a = np.array(a)
        m, s = a.mean(0), a.std(0, ddof=1) / math.sqrt(len(a))
        for l in range(4):
            print(o, f'W_{l}', ' '.join(f'{m[e, l]:.2f}±{s[e, l]:.2f}' for e in range(epochs)))


if __name__ == '__main__':
    main()
