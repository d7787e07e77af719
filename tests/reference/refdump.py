"""Reading the dumps of the C programs beside this file (dump.h) and
comparing them with a reference computed here."""
import sys

import numpy as np


def read_dump(stream):
    """{name: float64 array of shape (rows, cols)} from a dump."""
    out, lines = {}, iter(stream)
    for line in lines:
        if line.startswith('#') or not line.strip():
            continue
        name, rows, cols = line.split()
        rows, cols = int(rows), int(cols)
        a = np.empty((rows, cols))
        for i in range(rows):
            a[i] = np.array(next(lines).split(), dtype=np.float64)
        out[name] = a
    return out


def load(path):
    """(header, dump): the header line "# program key value ..." as a dict,
    and read_dump of the file."""
    with open(path) as f:
        w = f.readline().split()
        f.seek(0)
        return dict(zip(w[2::2], w[3::2])), read_dump(f)


class Report:
    """Normwise comparisons: the error is max |ours - ref| / max |ref| (so a
    near-zero element of a large gradient does not count as a large relative
    error), or the absolute difference; a quantity fails when the error
    exceeds its tolerance."""

    def __init__(self, title):
        self.title, self.rows, self.failed = title, [], 0

    def compare(self, name, ours, ref, tol, absolute=False):
        """absolute: the error is max |ours - ref| itself (angles in degrees)."""
        ours, ref = np.asarray(ours, np.float64), np.asarray(ref, np.float64)
        if ours.shape != ref.shape:
            ours = ours.reshape(ref.shape)
        absd = float(np.max(np.abs(ours - ref))) if ref.size else 0.0
        scale = float(np.max(np.abs(ref))) if ref.size else 0.0
        rel = absd / scale if scale > 0 and not absolute else absd
        ok = rel <= tol
        self.failed += not ok
        self.rows.append((name, absd, rel, tol, ok))
        return rel

    def note(self, text):
        self.rows.append((text,))

    def print(self, out=sys.stdout):
        print(f'== {self.title}', file=out)
        for r in self.rows:
            if len(r) == 1:
                print(f'   {r[0]}', file=out)
            else:
                name, absd, rel, tol, ok = r
                print(f'   {name:30s} max abs {absd:9.3g}  err {rel:9.3g}  (tol {tol:g})'
                      f'  {"ok" if ok else "DIFFERS"}', file=out)
        n = sum(len(r) > 1 for r in self.rows)
        print(f'   {n - self.failed} passed, {self.failed} failed', file=out)
