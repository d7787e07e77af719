"""cb23 Fig. 1, BP and FA with ΔW_O on: final training loss (epoch 1000) of
an independent PyTorch implementation under protocol variants, to explain
why an independent implementation can end lower than this package for BP
(paper/cb23.md, Fig. 1, "An independent check").

usage: cb23_variants.py VARIANTS FBS FIRST-LAST DUMPDIR
  VARIANTS  comma-separated: pkg (the package's initial network, from the
            dump), same (the package's init distributions, drawn by torch),
            dec-default (as same, but the decoder initialised as torch's
            nn.Linear: weights and biases U(+-1/sqrt(4))), learn-scale (as
            same, with the activation scales learned)
  FBS       BP, FA or BP,FA
  DUMPDIR   holds cb23_r<rep>.txt = `cb23-step BP 1 1 <rep> 0 0` (the
            repetition's IBTask split and the package's initial network)
Prints "rep fb variant loss" per run; torch's generator is seeded 1000 + rep,
so `same` and `dec-default` share the encoder and F of a repetition. Float32,
one thread; about a minute of CPU per run. Our results are in
cb23_variants.out."""
import math
import sys

import torch

from cb23_step import FADecoder
from refdump import load


def init_weights(d, variant, g, dtype):
    t = lambda a: torch.tensor(a, dtype=dtype)
    if variant == 'pkg':
        return ([t(d['init.enc0.W'].T), t(d['init.enc1.W'].T)],
                [t(d['init.enc0.b'][0]), t(d['init.enc1.b'][0])],
                t(d['init.dec.W'].T), t(d['init.dec.b'][0]), t(d['init.F']))
    U = lambda shape, a: (torch.rand(shape, generator=g, dtype=dtype) * 2 - 1) * a
    Ws = [U((8, 12), 1 / math.sqrt(12)), U((4, 8), 1 / math.sqrt(8))]
    bs = [U((8,), 1 / math.sqrt(12)), U((4,), 1 / math.sqrt(8))]
    Wo = torch.randn((2, 4), generator=g, dtype=dtype) * math.sqrt(2 / 4)
    bo = U((2,), 0.1)
    F = torch.randn((2, 4), generator=g, dtype=dtype) * math.sqrt(2 / 4)
    if variant == 'dec-default':
        Wo, bo = U((2, 4), 0.5), U((2,), 0.5)
    return Ws, bs, Wo, bo, F


def run(d, fb, variant, seed, epochs=1000, dtype=torch.float32):
    X, Y = torch.tensor(d['X'], dtype=dtype), torch.tensor(d['Y'], dtype=dtype)
    g = torch.Generator().manual_seed(seed)
    Ws, bs, Wo, bo, F = init_weights(d, variant, g, dtype)
    W0, W1, b0, b1, Wo, bo = [p.clone().requires_grad_(True) for p in Ws + bs + [Wo, bo]]
    params = [W0, b0, W1, b1, Wo, bo]
    if variant == 'learn-scale':
        sc = [torch.ones((), dtype=dtype, requires_grad=True) for _ in range(2)]
        params += sc
    else:
        sc = [1.0, 1.0]
    opt = torch.optim.Adam(params, lr=1e-3)
    for _ in range(epochs):
        opt.zero_grad()
        h = sc[0] * torch.tanh(X @ W0.t() + b0)
        h = sc[1] * torch.tanh(h @ W1.t() + b1)
        zo = h @ Wo.t() + bo if fb == 'BP' else FADecoder.apply(h, Wo, bo, F)
        loss = torch.nn.functional.mse_loss(torch.sigmoid(zo), Y)
        loss.backward()
        opt.step()
    return loss.item()   # the last epoch's loss, before its step (as logged)


def main():
    torch.set_num_threads(1)
    variants, fbs = sys.argv[1].split(','), sys.argv[2].split(',')
    first, last = map(int, sys.argv[3].split('-'))
    for r in range(first, last + 1):
        _, d = load(f'{sys.argv[4]}/cb23_r{r}.txt')
        for fb in fbs:
            for v in variants:
                print(r, fb, v, f'{run(d, fb, v, 1000 + r):.5f}', flush=True)


if __name__ == '__main__':
    main()
