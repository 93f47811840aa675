"""Getis-Ord Gi* on grid counts with contiguity weights, and the false discovery rate correction
PySAL's ``esda`` leaves to its caller (DOMAIN.md §7).

Gi* (Ord & Getis 1995, the "star" form: a grid is its own neighbour) for grid i with binary
weights w_ij (w_ii = 1), n grids, mean x̄ and S = sqrt(Σx²/n − x̄²):

    Gi* = (Σ_j w_ij x_j − x̄ W_i) / (S · sqrt((n · S1_i − W_i²) / (n − 1))),
    W_i = Σ_j w_ij,  S1_i = Σ_j w_ij²

It is a z-score: p-values are two-sided normal. Row-standardised weights give the same z (the
statistic is invariant to scaling a row), so these values match ``esda.G_Local(star=True)``.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.stats import norm


def gi_star(x: np.ndarray, neighbours: sparse.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    """(z, two-sided p) per grid; a constant x gives z = 0, p = 1 (no hotspot anywhere)."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    w = (sparse.csr_matrix(neighbours, dtype=float) + sparse.identity(n, format="csr")).tocsr()
    w_sum = np.asarray(w.sum(axis=1)).ravel()
    s1 = np.asarray(w.multiply(w).sum(axis=1)).ravel()
    mean = x.mean()
    s = np.sqrt(max((x**2).mean() - mean**2, 0.0))
    denom = s * np.sqrt(np.maximum(n * s1 - w_sum**2, 0.0) / (n - 1))
    z = np.divide(w @ x - mean * w_sum, denom, out=np.zeros(n), where=denom > 0)
    return z, 2 * norm.sf(np.abs(z))


def fdr_significant(p: np.ndarray, q: float = 0.05) -> np.ndarray:
    """Benjamini–Hochberg: which tests stay significant with the false discovery rate at ``q``."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    passed = p[order] <= q * np.arange(1, m + 1) / m
    out = np.zeros(m, dtype=bool)
    if passed.any():
        out[order[: np.nonzero(passed)[0].max() + 1]] = True
    return out


def hot_cold(x: np.ndarray, neighbours: sparse.spmatrix, q: float = 0.05) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z, p, label) with label +1 hot, -1 cold, 0 not significant after FDR correction."""
    z, p = gi_star(x, neighbours)
    sig = fdr_significant(p, q)
    return z, p, np.where(sig, np.sign(z), 0).astype(int)
