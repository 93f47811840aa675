"""Hit rate, PAI and PEI on hand-placed events (DOMAIN.md §7): answers worked out on paper."""

from __future__ import annotations

import numpy as np
import pytest

from models import evaluation

# four grids: areas 1, 1, 2, 4 (total 8); events next period 3, 0, 1, 4 (total 8)
AREA = np.array([1.0, 1.0, 2.0, 4.0])
ACTUAL = np.array([3.0, 0.0, 1.0, 4.0])
# predicted risk densities 1, 5, 0, 2 → ranked grid 1, grid 3, grid 0, grid 2
SCORES = np.array([1.0, 5.0, 0.0, 8.0])


def test_ranking_is_by_density_and_stable_on_ties():
    assert evaluation.ranking(SCORES, AREA).tolist() == [1, 3, 0, 2]
    assert evaluation.ranking(np.zeros(4), AREA).tolist() == [0, 1, 2, 3]


def test_hit_rate_counts_the_boundary_grid_by_area_share():
    # 12.5 % of 8 = area 1: grid 1 only, no events
    assert evaluation.hit_rate(SCORES, ACTUAL, AREA, 0.125) == 0.0
    # 50 % = area 4: grid 1 (area 1, 0 events) + 3/4 of grid 3 (4 events → 3) = 3 of 8
    assert evaluation.hit_rate(SCORES, ACTUAL, AREA, 0.5) == pytest.approx(0.375)
    # perfect ranking by actual density 3, 0, 0.5, 1: grid 0 (3) + 3/4 of grid 3 (3) = 6 of 8
    assert evaluation.best_hit_rate(ACTUAL, AREA, 0.5) == pytest.approx(0.75)


def test_pai_and_pei():
    out = evaluation.coverage_scores(SCORES, ACTUAL, AREA, coverages=(0.5,))["50%"]
    assert out["hit_rate"] == pytest.approx(0.375)
    assert out["pai"] == pytest.approx(0.75)  # 0.375 / 0.5
    assert out["pei"] == pytest.approx(0.5)  # 0.375 / 0.75


def test_no_events_gives_nan_not_a_flattering_number():
    assert np.isnan(evaluation.hit_rate(SCORES, np.zeros(4), AREA, 0.05))


def test_flagged_grids_and_how_often_they_had_an_event():
    flagged = evaluation.flagged_grids(SCORES, AREA, 0.5)  # grid 1 (area 1) fits; grid 3 (area 4) does not
    assert flagged.tolist() == [False, True, False, False]
    assert evaluation.flagged_hit_share(np.array([True, True, False, False]), ACTUAL) == 0.5


def test_poisson_deviance_of_a_perfect_forecast_is_zero():
    # the grid with no events is forecast 1e-6 (the floor), not 0: deviance 2e-6 / 4
    assert evaluation.poisson_deviance(ACTUAL, ACTUAL) == pytest.approx(5e-7, rel=1e-3)
    # one grid, expected 2, observed 1: 2 × (1·ln(1/2) − 1 + 2) = 2 × (1 − ln 2)
    assert evaluation.poisson_deviance(np.array([2.0]), np.array([1.0])) == pytest.approx(2 * (1 - np.log(2)))


def test_calibration_table_and_classifier_scores():
    prob = np.array([0.05, 0.05, 0.15, 0.95])
    label = np.array([0, 0, 1, 1])
    table = evaluation.calibration_table(prob, label, bins=10)
    assert [(r.bin_low, r.n, r.observed_rate) for r in table] == [(0.0, 2, 0.0), (0.1, 1, 1.0), (0.9, 1, 1.0)]
    scores = evaluation.classifier_scores(prob, label)
    assert scores.roc_auc == 1.0
    assert scores.pr_auc == 1.0
    assert scores.brier == pytest.approx((0.05**2 * 2 + 0.85**2 + 0.05**2) / 4)
