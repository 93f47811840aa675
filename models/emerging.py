"""Space-time hotspot classes per grid (the "emerging hot spot" vocabulary, DOMAIN.md §7).

Each grid gets a Gi* z-score per time step (``models.gistar``, FDR-corrected per step) and a
Mann-Kendall trend test on that z series. The rules, for hot spots (cold spots mirror them with
"hot" and "cold" swapped and the trend reversed), in the order they are tried:

- **intensifying** (加剧): hot in ≥ 90 % of steps including the last; z rises significantly.
- **diminishing** (减弱): hot in ≥ 90 % of steps including the last; z falls significantly.
- **persistent** (持续): hot in ≥ 90 % of steps including the last; no significant trend.
- **new** (新增): hot in the last step only.
- **consecutive** (连续): one uninterrupted run of ≥ 2 hot steps ending at the last step, never
  hot before the run, < 90 % of steps hot.
- **oscillating** (振荡): hot in the last step, cold in some earlier step, < 90 % hot.
- **sporadic** (零星): hot on and off, < 90 % of steps, never cold (the last step need not be hot).
- **historical** (历史): not hot in the last step, but hot in ≥ 90 % of steps.
- no pattern: none of the above.

Significance is p < 0.05 for the trend and FDR q = 0.05 for each step's hot/cold labels.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.stats import norm

from models.gistar import hot_cold

CLASSES = ("intensifying", "diminishing", "persistent", "new", "consecutive", "oscillating", "sporadic", "historical")


def mann_kendall(series: np.ndarray) -> tuple[float, float]:
    """(z, two-sided p) of the Mann-Kendall trend test, with the tie correction of the variance."""
    x = np.asarray(series, dtype=float)
    n = len(x)
    if n < 3:
        return 0.0, 1.0
    s = float(np.sign(x[None, :] - x[:, None])[np.triu_indices(n, 1)].sum())
    _, ties = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - (ties * (ties - 1) * (2 * ties + 5)).sum()) / 18.0
    if var <= 0 or s == 0:
        return 0.0, 1.0
    z = (s - np.sign(s)) / np.sqrt(var)
    return float(z), float(2 * norm.sf(abs(z)))


def classify(labels: np.ndarray, z: np.ndarray, alpha: float = 0.05) -> str | None:
    """The class of one grid from its per-step labels (+1 hot, -1 cold, 0) and z series, e.g.
    ``"intensifying hot"``; None when there is no pattern."""
    for sign, name in ((1, "hot"), (-1, "cold")):
        found = _classify_side(labels * sign, z * sign, alpha)
        if found:
            return f"{found} {name}"
    return None


def _classify_side(labels: np.ndarray, z: np.ndarray, alpha: float) -> str | None:
    hot, cold = labels == 1, labels == -1
    n = len(labels)
    if not hot.any():
        return None
    share = hot.sum() / n
    if hot[-1] and share >= 0.9:
        trend_z, trend_p = mann_kendall(z)
        if trend_p < alpha:
            return "intensifying" if trend_z > 0 else "diminishing"
        return "persistent"
    if not hot[-1]:
        if share >= 0.9:
            return "historical"
        return "sporadic" if not cold.any() else None
    if not hot[:-1].any():
        return "new"
    run = n - np.nonzero(~hot)[0].max() - 1
    if run >= 2 and not hot[: n - run].any():
        return "consecutive"
    if cold[:-1].any():
        return "oscillating"
    return "sporadic"


def space_time_classes(counts: np.ndarray, neighbours: sparse.spmatrix, q: float = 0.05) -> list[dict]:
    """Per grid (rows of ``counts``: grids × steps): its class, its last step's Gi* z and label,
    and the Mann-Kendall trend of its z series."""
    steps = counts.shape[1]
    z = np.zeros(counts.shape)
    labels = np.zeros(counts.shape, dtype=int)
    for t in range(steps):
        z[:, t], _, labels[:, t] = hot_cold(counts[:, t], neighbours, q)
    out = []
    for g in range(counts.shape[0]):
        trend_z, trend_p = mann_kendall(z[g])
        out.append(
            {
                "class": classify(labels[g], z[g]),
                "last_z": float(z[g, -1]),
                "last_label": int(labels[g, -1]),
                "hot_steps": int((labels[g] == 1).sum()),
                "cold_steps": int((labels[g] == -1).sum()),
                "trend_z": trend_z,
                "trend_p": trend_p,
            }
        )
    return out
