#!/usr/bin/python3
"""torch_epoch.py -- the bench's training epoch in PyTorch (`make bench`, bench/README.md).

The same work as one epoch of bench.c's training table: the net 225-w-w-w-w-w
(tanh(relu) on every layer, bias), 60 iterations of batch 1000, each with
forward, error E = Y - L5, FA backward (applied), BP backward on the same
forward pass (compared), the 5 angles dW_FA/dW_BP and the 4 angles W_l/B_l^T
(sums in float64, as the package's angles), and the update W += dW, b += db.
Every GEMM is a BLAS call of the same shape and form as the package's: the
forward X W (nn), the FA delta d B (nn), the BP delta d W^T (nt), the weight
gradient L^T d (tn). No autograd: FA is not the gradient, and autograd would
not compute the FA and BP passes the experiment compares.

Usage: torch_epoch.py DIR W [EPOCHS]
DIR holds what bench.c wrote for width W (raw little-endian float32):
X.f32 (60000 x 225), Y-W.f32 (60000 x W) and init-W.f32 (W_0..W_4, B_1..B_4,
b_1..b_5, each row-major, in that order: the bench's initial network).
Prints the OpenBLAS core, then one line per timed epoch (thread CPU seconds),
then writes DIR/final-W.f32: the weights W_0..W_4 after one more epoch from
the initial network, which bench.c compares with its own to show the work is
the same. One thread (torch and OpenBLAS); OPENBLAS_CORETYPE picks the BLAS
kernels, as for bench.c's OpenBLAS rows.
"""
import ctypes
import math
import sys
import time

import numpy as np
import torch

N_IN, BATCH, ITERS, DEPTH, ETA = 225, 1000, 60, 5, 1e-4


def load(path, shape):
    return torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(shape).copy())


def angle(a, b):
    a, b = a.double(), b.double()
    d, na, nb = (a * b).sum(), (a * a).sum(), (b * b).sum()
    return math.degrees(math.acos(max(-1.0, min(1.0, float(d / torch.sqrt(na * nb))))))


class Net:
    def __init__(self, init, w):
        n = [N_IN] + [w] * DEPTH
        sizes = ([(n[l], n[l + 1]) for l in range(DEPTH)] +
                 [(n[l + 1], n[l]) for l in range(1, DEPTH)] + [(1, n[l]) for l in range(1, DEPTH + 1)])
        parts, at = [], 0
        for r, c in sizes:
            parts.append(init[at:at + r * c].reshape(r, c).clone())
            at += r * c
        assert at == init.numel(), "init file does not match the width"
        self.W = parts[:DEPTH]
        self.B = [None] + parts[DEPTH:2 * DEPTH - 1]   # B_l: n_{l+1} x n_l, l = 1..4
        self.b = [None] + parts[2 * DEPTH - 1:]        # b_l: 1 x n_l, l = 1..5


def backward(net, L, E, fa):
    """deltas and eta-scaled gradients, as net_backward: delta_5 = E (.) f'(Z_5),
    G = delta_{l+1} B_l (FA) or delta_{l+1} W_l^T (BP), delta_l = G (.) f'(Z_l)."""
    delta = [None] * (DEPTH + 1)
    delta[DEPTH] = E * torch.where(L[DEPTH] > 0, 1 - L[DEPTH] * L[DEPTH], 0.0)
    for l in range(DEPTH - 1, 0, -1):
        G = delta[l + 1] @ (net.B[l] if fa else net.W[l].t())
        delta[l] = G * torch.where(L[l] > 0, 1 - L[l] * L[l], 0.0)
    dW = [ETA * (L[l].t() @ delta[l + 1]) for l in range(DEPTH)]
    db = [None] + [ETA * delta[l].sum(0, keepdim=True) for l in range(1, DEPTH + 1)]
    return dW, db


def iteration(net, X, Y, k):
    L = [X[k * BATCH:(k + 1) * BATCH]]
    for l in range(DEPTH):
        L.append(torch.tanh(torch.relu(torch.addmm(net.b[l + 1], L[l], net.W[l]))))
    E = Y[k * BATCH:(k + 1) * BATCH] - L[DEPTH]
    dW, db = backward(net, L, E, True)
    dWbp, _ = backward(net, L, E, False)
    s = sum(angle(dW[l], dWbp[l]) for l in range(DEPTH))
    s += sum(angle(net.W[l], net.B[l].t()) for l in range(1, DEPTH))
    for l in range(DEPTH):
        net.W[l] += dW[l]
        net.b[l + 1] += db[l + 1]
    return s


def epoch(net, X, Y):
    for k in range(ITERS):
        iteration(net, X, Y, k)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    d, w = sys.argv[1], int(sys.argv[2])
    epochs = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    torch.set_num_threads(1)
    ob = ctypes.CDLL("libopenblas.so.0")   # the instance torch's libblas.so.3 loaded
    ob.openblas_set_num_threads(1)
    ob.openblas_get_corename.restype = ctypes.c_char_p
    print("torch %s, OpenBLAS core %s" % (torch.__version__, ob.openblas_get_corename().decode()))
    X = load("%s/X.f32" % d, (ITERS * BATCH, N_IN))
    Y = load("%s/Y-%d.f32" % (d, w), (ITERS * BATCH, w))
    init = torch.from_numpy(np.fromfile("%s/init-%d.f32" % (d, w), dtype="<f4"))
    with torch.inference_mode():
        net = Net(init, w)
        iteration(net, X, Y, 0)   # warm-up
        for _ in range(epochs):
            t0 = time.thread_time()
            epoch(net, X, Y)
            print("%.6f" % (time.thread_time() - t0))
            sys.stdout.flush()
        net = Net(init, w)        # the check: one epoch from the bench's start
        epoch(net, X, Y)
        np.concatenate([W.numpy().ravel() for W in net.W]).astype("<f4").tofile(
            "%s/final-%d.f32" % (d, w))


if __name__ == "__main__":
    main()
