"""How forecasts and classifiers are judged (DOMAIN.md §7): pure functions shared by the backtest
command, the model-quality page and the tests.

Coverage is a share of the *area*: grids are ranked by predicted risk per square metre and taken
until their area reaches the coverage; the grid at the boundary counts with the fraction of its
area that fits (events assumed spread evenly inside it), so every method is judged on exactly the
same area, whatever its grid sizes.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, mean_poisson_deviance, roc_auc_score

from models.results import CalibrationBin, ClassifierScores

COVERAGES = (0.01, 0.05, 0.10)


def ranking(scores: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Grids by predicted risk density, highest first; ties keep grid order (stable), so a
    method cannot gain by the order of equal scores."""
    density = scores / np.where(area > 0, area, np.inf)
    return np.argsort(-density, kind="stable")


def hit_curve(scores: np.ndarray, actual: np.ndarray, area: np.ndarray, coverages) -> np.ndarray:
    """Share of the period's events inside the top share of area ranked by ``scores``, for each
    coverage; the boundary grid counts with the fraction of its area that fits."""
    total = actual.sum()
    if total == 0:
        return np.full(len(coverages), np.nan)
    order = ranking(scores, area)
    cum_area = np.concatenate([[0.0], np.cumsum(area[order])])
    cum_events = np.concatenate([[0.0], np.cumsum(actual[order])])
    return np.interp(np.asarray(coverages) * area.sum(), cum_area, cum_events) / total


def hit_rate(scores: np.ndarray, actual: np.ndarray, area: np.ndarray, coverage: float) -> float:
    """Share of the period's events inside the top ``coverage`` of area ranked by ``scores``."""
    return float(hit_curve(scores, actual, area, [coverage])[0])


def best_hit_rate(actual: np.ndarray, area: np.ndarray, coverage: float) -> float:
    """What a perfect forecast of the period gets on the same area (the PEI denominator)."""
    return hit_rate(actual.astype(float), actual, area, coverage)


def coverage_scores(scores: np.ndarray, actual: np.ndarray, area: np.ndarray, coverages=COVERAGES) -> dict[str, dict[str, float]]:
    """Hit rate, PAI (= hit rate ÷ area share) and PEI (= hit rate ÷ best hit rate) per coverage."""
    out = {}
    for c in coverages:
        h = hit_rate(scores, actual, area, c)
        best = best_hit_rate(actual, area, c)
        out[f"{c:.0%}"] = {"hit_rate": h, "pai": h / c, "pei": h / best if best > 0 else float("nan")}
    return out


def poisson_deviance(expected: np.ndarray, actual: np.ndarray) -> float:
    """Mean Poisson deviance of expected counts (floored at 1e-6: a zero forecast of a grid
    that then has an event is infinitely wrong otherwise)."""
    return float(mean_poisson_deviance(actual, np.maximum(expected, 1e-6)))


def flagged_grids(scores: np.ndarray, area: np.ndarray, coverage: float) -> np.ndarray:
    """The grids an alert list at this coverage would name: those wholly inside the top
    ``coverage`` of area (at least the top one)."""
    order = ranking(scores, area)
    inside = np.cumsum(area[order]) <= coverage * area.sum()
    inside[0] = True
    out = np.zeros(len(area), dtype=bool)
    out[order[inside]] = True
    return out


def flagged_hit_share(flagged: np.ndarray, actual: np.ndarray) -> float:
    """How often a flagged grid really had an event: the number reviewers can check by hand."""
    n = int(flagged.sum())
    return float((actual[flagged] > 0).sum() / n) if n else float("nan")


def calibration_table(prob: np.ndarray, label: np.ndarray, bins: int = 10) -> list[CalibrationBin]:
    """Predicted vs observed escalation rate in equal-width probability bins (empty bins left out)."""
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(prob, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        if m.any():
            rows.append(
                CalibrationBin(
                    bin_low=round(float(edges[b]), 3),
                    bin_high=round(float(edges[b + 1]), 3),
                    n=int(m.sum()),
                    mean_predicted=float(prob[m].mean()),
                    observed_rate=float(label[m].mean()),
                )
            )
    return rows


def classifier_scores(prob: np.ndarray, label: np.ndarray) -> ClassifierScores:
    """ROC-AUC, PR-AUC (average precision), Brier score, base rate and the calibration table."""
    label = label.astype(int)
    both = 0 < label.sum() < len(label)
    return ClassifierScores(
        n=int(len(label)),
        positives=int(label.sum()),
        base_rate=float(label.mean()) if len(label) else float("nan"),
        roc_auc=float(roc_auc_score(label, prob)) if both else float("nan"),
        pr_auc=float(average_precision_score(label, prob)) if both else float("nan"),
        brier=float(brier_score_loss(label, prob)) if len(label) else float("nan"),
        calibration=calibration_table(prob, label),
    )
