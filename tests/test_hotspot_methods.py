"""Hotspot methods and the backtest on hand-made panels with known answers."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from models import backtest, hotspot
from models.panel import Panel, square_queen
from models.results import BacktestResult, CoverageScore, HorizonScore, MethodResult


def line_panel(counts: np.ndarray, spacing: float = 100.0) -> Panel:
    n = counts.shape[0]
    return Panel(
        grid_codes=[f"G{i}" for i in range(n)],
        street_codes=[None] * n,
        community_codes=[None] * n,
        area_m2=np.full(n, 10_000.0),
        xy_m=np.column_stack([np.arange(n) * spacing, np.zeros(n)]),
        neighbours=square_queen(n, 1),
        counts=counts.astype(float),
        by_category=counts[:, :, None].astype(float),
        categories=["A"],
        first_day=dt.date(2026, 1, 5),
        step_days=7,
        cell="test",
    )


X = np.array([[1, 2, 3, 4], [0, 0, 0, 8], [5, 5, 5, 5.0]])


def test_last_period_and_moving_average():
    assert hotspot.LastPeriod(horizon=2).fit(X).predict(X).tolist() == [8.0, 16.0, 10.0]
    assert hotspot.MovingAverage(horizon=1, window=2).fit(X).predict(X).tolist() == [3.5, 4.0, 5.0]


def test_methods_refuse_to_predict_unfitted_and_bad_counts():
    with pytest.raises(NotFittedError):
        hotspot.MovingAverage().predict(X)
    with pytest.raises(ValueError, match="non-negative"):
        hotspot.LastPeriod().fit(-X)


def test_prospective_hotspot_decays_by_distance_and_time():
    # three grids 100 m apart, bandwidth 150 m: a grid feels itself (weight 1) and its direct
    # neighbours (1/(1+1) = 0.5); last step's events weigh 1, the step before 1/2
    counts = np.array([[0, 0], [2, 0], [0, 4.0]])
    p = line_panel(counts)
    est = hotspot.ProspectiveHotspot(xy=p.xy_m, bandwidth_m=150.0, window=2).fit(counts)
    # raw scores: g0 = 0.5·(2·0.5) = 0.5; g1 = 2·0.5 + 0.5·(4·1) = 3; g2 = 0.5·(2·0.5) + 4 = 4.5
    # rescaled to the recent mean total per step (6 / 2 = 3): × 3 / 8
    assert est.predict(counts) == pytest.approx([0.5 * 3 / 8, 3 * 3 / 8, 4.5 * 3 / 8])


def test_kernel_density_keeps_the_recent_total():
    p = line_panel(X)
    est = hotspot.KernelDensity(xy=p.xy_m, area=p.area_m2, bandwidth_m=100.0, window=4).fit(X)
    assert est.predict(X).sum() == pytest.approx(X.sum() / 4)


def test_learned_model_never_reads_the_future():
    rng = np.random.default_rng(0)
    counts = rng.poisson(lam=np.linspace(0.5, 6, 12)[:, None], size=(12, 40)).astype(float)
    p = line_panel(counts)
    t = 30
    model = hotspot.make("poisson_gbm", p, horizon=1).set_params(max_iter=20, train_origins=10)
    before = model.fit(counts[:, :t]).predict(counts[:, :t])
    changed = counts.copy()
    changed[:, t:] = 99  # rewrite the future: a strict time split cannot notice
    after = hotspot.make("poisson_gbm", p, horizon=1).set_params(max_iter=20, train_origins=10).fit(changed[:, :t]).predict(changed[:, :t])
    assert after.tolist() == before.tolist()
    assert model.trained_origins_ == (t - 1 - 9, t - 1)


def test_backtest_scores_a_perfectly_predictable_panel_exactly():
    # ten equal grids; grid 3 has all 5 events every week: every method ranks it first
    counts = np.zeros((10, 30))
    counts[3] = 5
    result = backtest.run(line_panel(counts), horizons=(1,), n_origins=4, methods=("last_period", "moving_average"))
    assert result.horizons["1"].origins == 4
    assert result.horizons["1"].first_origin == "2026-07-06"  # step 26 = 5 Jan + 182 days
    for method in ("last_period", "moving_average"):
        score = result.methods[method].horizons["1"]
        assert score is not None
        assert score.coverage["10%"] == CoverageScore(hit_rate=1.0, pai=10.0, pei=1.0)  # grid 3 is 10 % of the area
        assert score.coverage["1%"].hit_rate == pytest.approx(0.1)  # a tenth of grid 3's area
        assert score.coverage["1%"].pei == pytest.approx(1.0)
    assert result.chosen.method == "last_period"  # tie: the first (simplest) baseline
    saved = result.to_json()  # the file's shape, as documented (README, "Model results")
    assert set(saved) == {"panel", "window_steps", "refit_every", "horizons", "methods", "chosen", "seconds", "version"}
    assert set(saved["methods"]["last_period"]["horizons"]["1"]) == {
        "coverage",
        "poisson_deviance",
        "flagged_event_share_5%",
        "pai_5%_by_origin",
        "curve",
    }
    assert saved["methods"]["last_period"]["horizons"]["1"]["coverage"]["10%"] == {"hit_rate": 1.0, "pai": 10.0, "pei": 1.0}
    assert BacktestResult.from_json(json.loads(json.dumps(saved))) == result


def test_learned_model_is_used_only_when_it_beats_the_best_baseline():
    def result(learned_by_origin: list[float]) -> dict[str, MethodResult]:
        def entry(by_origin: list[float]) -> MethodResult:
            pai = sum(by_origin) / len(by_origin)
            score = HorizonScore({"5%": CoverageScore(0.0, pai, 0.0)}, 0.0, 0.0, by_origin, [])
            return MethodResult("", "", {"1": score})

        return {"moving_average": entry([8, 8, 8]), "last_period": entry([7, 7, 7]), "poisson_gbm": entry(learned_by_origin)}

    assert backtest.choose(result([8, 8, 8])).method == "moving_average"  # a tie is not a win
    assert backtest.choose(result([7.9, 7.9, 8.6])).method == "moving_average"  # higher mean, one lucky origin
    won = backtest.choose(result([8.1, 8.2, 7.9]))
    assert (won.method, won.best_baseline, won.learned_wins, won.origins_compared) == ("poisson_gbm", "moving_average", 2, 3)
