"""Golden values for HistogramKlTest: the seed notebook's KL estimator, computed with numpy.

Re-run with `python3 pipeline/src/test/resources/golden/histogram_kl.py` (numpy only). The inputs
are deterministic float32 grids (the same formula as HistogramKlTest.grid), so no random number
generator has to match between Java and Python. Some points fall outside [-2.5, 2.5]^2 and are
dropped, as numpy's histogram2d does.

The estimator (docs/method.md "Evaluation"): histogram2d with `bins` bins per axis on [-2.5, 2.5]^2,
P = counts / in-range count (a probability, not a density), Q likewise, add 1e-8 to both,
KL = sum P log(P / Q), p = the first sample (the target).
"""
import numpy as np


def grid(n, a, b):
    k = np.arange(n, dtype=np.int64)
    x = ((k * a) % 1000) / 1000.0 * 5.4 - 2.7
    y = ((k * b) % 997) / 997.0 * 5.2 - 2.6
    return np.stack([x, y], axis=1).astype(np.float32)


def notebook_kl(p, q, bins):
    rng = [[-2.5, 2.5], [-2.5, 2.5]]
    hp, _, _ = np.histogram2d(p[:, 0], p[:, 1], bins=bins, range=rng)
    hq, _, _ = np.histogram2d(q[:, 0], q[:, 1], bins=bins, range=rng)
    P = hp / hp.sum() + 1e-8
    Q = hq / hq.sum() + 1e-8
    return float(np.sum(P * np.log(P / Q)))


def density_kl(p, q, bins):
    """The seed's src/utils.py variant (density=True), for the documented 1 / bin area relation."""
    rng = [[-2.5, 2.5], [-2.5, 2.5]]
    hp, _, _ = np.histogram2d(p[:, 0], p[:, 1], bins=bins, range=rng, density=True)
    hq, _, _ = np.histogram2d(q[:, 0], q[:, 1], bins=bins, range=rng, density=True)
    P = hp + 1e-8
    Q = hq + 1e-8
    return float(np.sum(P * np.log(P / Q)))


if __name__ == "__main__":
    print("numpy", np.__version__)
    p, q = grid(5000, 37, 91), grid(5000, 53, 17)
    print("60 bins, n = 5000 / 5000:", repr(notebook_kl(p, q, 60)))
    print("60 bins, reversed (KL(q || p)):", repr(notebook_kl(q, p, 60)))
    print("50 bins, n = 5000 / 5000:", repr(notebook_kl(p, q, 50)))
    print("60 bins, n = 5000 / 3000:", repr(notebook_kl(p, grid(3000, 53, 17), 60)))
    print("60 bins, density form:", repr(density_kl(p, q, 60)))
