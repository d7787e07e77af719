"""cb23 Fig. 1 (IBTask, BP or FA at the decoder) recomputed with PyTorch
autograd from the package's dump (cb23_step.c): the same weights and data,
the authors' modules (Linear -> tanh -> scale, a decoder whose backward
sends G F for FA), torch's mse_loss and torch.optim.Adam.

usage: cb23_step.py DUMP   (the output of `cb23-step FB DEC SEED REP STEPS EPOCHS`)

Checks, for every dumped step: the loss, Yhat, G = dLoss/dZo, every signal
dH, every gradient, the weights after the Adam step and Adam's moments
(float64 reference; tolerance 1e-4 normwise, float32 sums over 3277 rows);
then trains the reference for the dumped number of epochs from the same
network, in float32 and float64, and compares the per-epoch training loss
with the package's (tolerance 1e-3 relative on the final loss)."""
import sys

import numpy as np
import torch

from refdump import Report, load

STEP_TOL = 1e-4
CURVE_TOL = 1e-3


class FADecoder(torch.autograd.Function):
    """Z = H W^T + b whose backward sends G F (F: out x in) to H and the true
    gradients to W and b (the authors' FALinear)."""

    @staticmethod
    def forward(ctx, h, w, b, f):
        ctx.save_for_backward(h, f)
        return h @ w.t() + b

    @staticmethod
    def backward(ctx, g):
        h, f = ctx.saved_tensors
        return g @ f, g.t() @ h, g.sum(0), None


class Net(torch.nn.Module):
    def __init__(self, d, nenc, fb, dtype):
        super().__init__()
        t = lambda a: torch.tensor(a, dtype=dtype)
        self.enc = torch.nn.ModuleList()
        for l in range(nenc):
            W = d[f'init.enc{l}.W']
            lin = torch.nn.Linear(W.shape[0], W.shape[1]).to(dtype)
            with torch.no_grad():
                lin.weight.copy_(t(W.T))
                lin.bias.copy_(t(d[f'init.enc{l}.b'][0]))
            self.enc.append(lin)
        W = d['init.dec.W']
        self.dec = torch.nn.Linear(W.shape[0], W.shape[1]).to(dtype)
        with torch.no_grad():
            self.dec.weight.copy_(t(W.T))
            self.dec.bias.copy_(t(d['init.dec.b'][0]))
        self.F = t(d['init.F'])
        self.fb = fb
        self.scale = [1.0] * nenc   # fixed at 1 in Fig. 1

    def forward(self, x):
        hs = []
        for l, lin in enumerate(self.enc):
            x = self.scale[l] * torch.tanh(lin(x))
            x.retain_grad()
            hs.append(x)
        if self.fb == 'FA':
            zo = FADecoder.apply(x, self.dec.weight, self.dec.bias, self.F)
        else:
            zo = self.dec(x)
        zo.retain_grad()
        return zo, torch.sigmoid(zo), hs


def params(net, learn_dec):
    p = [q for lin in net.enc for q in (lin.weight, lin.bias)]
    return p + ([net.dec.weight, net.dec.bias] if learn_dec else [])


def check_steps(d, h, rep):
    nenc, fb, dec_on = int(h['nenc']), h['fb'], int(h['dec'])
    net = Net(d, nenc, fb, torch.float64)
    opt = torch.optim.Adam(params(net, dec_on), lr=float(h['lr']))
    X = torch.tensor(d['X'], dtype=torch.float64)
    Y = torch.tensor(d['Y'], dtype=torch.float64)
    s = 1
    while f's{s}.loss' in d:
        opt.zero_grad()
        net.dec.weight.grad = net.dec.bias.grad = None
        zo, yhat, hs = net(X)
        loss = torch.nn.functional.mse_loss(yhat, Y)
        loss.backward()
        P = f's{s}.'
        rep.compare(P + 'loss', d[P + 'loss'][0, 0], loss.item(), STEP_TOL)
        rep.compare(P + 'Yhat', d[P + 'Yhat'], yhat.detach(), STEP_TOL)
        rep.compare(P + 'G', d[P + 'G'], zo.grad, STEP_TOL)
        for l in range(nenc):
            rep.compare(P + f'dH{l}', d[P + f'dH{l}'], hs[l].grad, STEP_TOL)
            rep.compare(P + f'enc{l}.dW', d[P + f'enc{l}.dW'], net.enc[l].weight.grad.t(), STEP_TOL)
            rep.compare(P + f'enc{l}.db', d[P + f'enc{l}.db'], net.enc[l].bias.grad[None], STEP_TOL)
        rep.compare(P + 'dec.dW', d[P + 'dec.dW'], net.dec.weight.grad.t(), STEP_TOL)
        rep.compare(P + 'dec.db', d[P + 'dec.db'], net.dec.bias.grad[None], STEP_TOL)
        opt.step()
        mods = [(f'enc{l}', net.enc[l], True) for l in range(nenc)] + [('dec', net.dec, dec_on)]
        for name, lin, learns in mods:
            q = P + 'new.' + name
            rep.compare(q + '.W', d[q + '.W'], lin.weight.detach().t(), STEP_TOL)
            rep.compare(q + '.b', d[q + '.b'], lin.bias.detach()[None], STEP_TOL)
            if not learns:
                continue
            for pn, par in (('W', lin.weight), ('b', lin.bias)):
                st = opt.state[par]
                g = lambda k: st[k].t().reshape(-1) if pn == 'W' else st[k]
                rep.compare(q + '.m' + pn, d[q + '.m' + pn], g('exp_avg'), STEP_TOL)
                rep.compare(q + '.v' + pn, d[q + '.v' + pn], g('exp_avg_sq'), 2 * STEP_TOL)
        s += 1


def train_curve(d, h, dtype):
    """Per-epoch training loss (forward pass before the step, as logged)."""
    nenc, fb, dec_on = int(h['nenc']), h['fb'], int(h['dec'])
    net = Net(d, nenc, fb, dtype)
    opt = torch.optim.Adam(params(net, dec_on), lr=float(h['lr']))
    X, Y = torch.tensor(d['X'], dtype=dtype), torch.tensor(d['Y'], dtype=dtype)
    out = []
    for _ in range(d['train.loss'].shape[1]):
        opt.zero_grad()
        zo, yhat, hs = net(X)
        loss = torch.nn.functional.mse_loss(yhat, Y)
        loss.backward()
        opt.step()
        out.append(loss.item())
    return np.array(out)


def main():
    torch.set_num_threads(1)
    path = sys.argv[1]
    h, d = load(path)
    rep = Report(f'cb23 Fig. 1 one-step check, {h["fb"]}, dW_O {"on" if int(h["dec"]) else "off"}'
                 f' ({path})')
    check_steps(d, h, rep)
    if 'train.loss' in d:
        ours = d['train.loss'][0]
        for dtype in (torch.float64, torch.float32):
            ref = train_curve(d, h, dtype)
            name = str(dtype).replace('torch.', '')
            rep.compare(f'curve final loss ({name})', ours[-1], ref[-1], CURVE_TOL)
            worst = np.max(np.abs(ours - ref) / np.abs(ref))
            rep.note(f'{name} reference: final loss {ref[-1]:.6g} (ours {ours[-1]:.6g}), '
                     f'worst relative difference over the {len(ref)} epochs {worst:.3g}')
    rep.print()
    return 1 if rep.failed else 0


if __name__ == '__main__':
    sys.exit(main())
