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


def line_panel(counts: np.ndarray, spacing: float = 100.0, step_days: int = 7, first_day: dt.date = dt.date(2026, 1, 5)) -> Panel:
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
        first_day=first_day,
        step_days=step_days,
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


def test_sparse_neighbourhoods_equal_the_dense_kernels():
    """Prospective hotspotting and kernel density on a KD-tree neighbourhood give the dense
    matrices' forecasts (prospective exactly; kernel density within the cut-off's 0.03 %)."""
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 3000, size=(300, 2))
    area = rng.uniform(5e4, 7e4, size=300)
    X = rng.poisson(0.4, size=(300, 30)).astype(float)
    d = cdist(xy, xy)
    spacing = np.median(np.sort(d, axis=1)[:, 1])
    pro = hotspot.ProspectiveHotspot(xy=xy, horizon=1, bandwidth_m=400.0, window=8).fit(X)
    dense = np.where(d <= 400.0, 1.0 / (1.0 + d / spacing), 0.0)
    age = 1.0 / (1.0 + np.arange(8)[::-1])
    expected = dense @ (X[:, -8:] @ age)
    got = pro.predict(X)
    assert np.allclose(got / got.sum(), expected / expected.sum(), rtol=1e-12)
    kde = hotspot.KernelDensity(xy=xy, area=area, horizon=1, bandwidth_m=300.0, window=8).fit(X)
    gauss = np.exp(-(d**2) / (2 * 300.0**2)) / (2 * np.pi * 300.0**2)
    dense_density = (gauss @ X[:, -8:].sum(axis=1)) * area
    got = kde.predict(X)
    assert np.allclose(got / got.sum(), dense_density / dense_density.sum(), rtol=5e-3)
    assert pro.kernel_.nnz < 0.2 * 300**2  # sparse: only pairs within reach are stored


def test_the_learned_model_stays_bounded_on_sparse_daily_series():
    """Daily counts of a rare event (most grid-days zero, a few spikes): the regularised model's
    forecasts are finite, capped at twice the largest training target, and its Poisson deviance
    is of the order of the moving average's, not astronomically larger."""
    rng = np.random.default_rng(11)
    counts = rng.poisson(0.02, size=(120, 200)).astype(float)
    counts[rng.integers(0, 120, 15), rng.integers(0, 200, 15)] += rng.integers(5, 30, 15)  # bursts
    panel = line_panel(counts)
    X, t = panel.by_category_with_total(), 180
    model = hotspot.make("poisson_gbm", panel, 7).fit(X[:, :t])
    pred = model.predict(X[:, :t])
    actual = counts[:, t : t + 7].sum(axis=1)
    assert np.isfinite(pred).all() and pred.min() >= 0 and pred.max() <= model.cap_
    baseline = hotspot.make("moving_average", panel, 7).fit(X[:, :t]).predict(X[:, :t])
    from models import evaluation

    assert evaluation.poisson_deviance(pred, actual) < 3 * evaluation.poisson_deviance(baseline, actual) + 1


def test_the_learned_model_stays_bounded_on_a_city_year_of_rare_daily_crime():
    """The failure the issue measured on a year of real crime (10,000 events over 22,000 cells,
    daily steps: Poisson deviance 1.2 × 10¹⁴), at a tenth of its size with the same density and
    a concentrated, heavy-tailed spread over the grids. Unregularised, a leaf of a few rows whose
    rate the boosting had already driven near zero took one event and learned a log-rate in the
    tens: on this panel the old settings (no L2 penalty, leaves of 20 rows, no cap) forecast
    5 × 10¹⁴ events for one grid-day.
    The regularised, capped model stays below one event a grid-day and below the moving
    average's deviance."""
    from models import evaluation

    rng = np.random.default_rng(0)
    n, days, events = 3000, 365, 1400
    weight = rng.pareto(1.2, n) + 1e-3
    counts = np.zeros((n, days))
    np.add.at(counts, (rng.choice(n, events, p=weight / weight.sum()), rng.integers(0, days, events)), 1)
    panel = line_panel(counts, step_days=1, first_day=dt.date(2016, 1, 1))
    X, t = panel.by_category_with_total(), 260
    pred = hotspot.make("poisson_gbm", panel, 1).fit(X[:, :t]).predict(X[:, :t])
    baseline = hotspot.make("moving_average", panel, 1, window=28).fit(X[:, :t]).predict(X[:, :t])
    actual = counts[:, t]
    assert np.isfinite(pred).all() and pred.max() < 1.0
    assert evaluation.poisson_deviance(pred, actual) < evaluation.poisson_deviance(baseline, actual)


def test_the_choice_uses_the_horizon_asked_and_prints_valid_json():
    """--horizon 7 alone chose by horizon 1, which was not run: PAI -Infinity, invalid JSON."""
    import json

    from orchestration.cli.models import _table

    rng = np.random.default_rng(3)
    counts = rng.poisson(1.0, size=(40, 60)).astype(float)
    result = backtest.run(line_panel(counts), horizons=(7,), n_origins=4, methods=("last_period", "moving_average"))
    assert result.chosen.horizon == 7 and result.chosen.pai is not None and result.chosen.pai > 0
    text = json.dumps(result.to_json(), allow_nan=False)  # strict JSON: no -Infinity, no NaN
    assert json.loads(text)["chosen"]["method"] in ("last_period", "moving_average")
    table = _table(result)  # no learned model among the methods: the table still prints
    assert "chosen at horizon 7" in table and "no learned model" in table


def test_weeks_start_on_any_day_and_the_evaluation_ends_when_asked():
    from models.panel import _steps

    # data from Wednesday 18 May 2016 to 31 May; weeks on Sunday, evaluated until 29 May:
    # two complete weeks, 15–21 and 22–28 May
    assert _steps(dt.date(2016, 5, 18), dt.date(2016, 5, 31), 7, week_start=6, until=dt.date(2016, 5, 29)) == (dt.date(2016, 5, 15), 2)
    assert _steps(dt.date(2016, 5, 18), dt.date(2016, 5, 31), 7) == (dt.date(2016, 5, 16), 2)  # Mondays, to the data's end


def test_backtest_until_a_chosen_week_on_a_real_export(data, tmp_path, capsys):
    """The Chicago excerpt on 500 m cells, weeks from Sunday, evaluated up to the week of
    22–28 May 2016 (the week the naive count was compared on)."""
    import json
    from pathlib import Path

    from orchestration.cli import models as models_cli
    from pipelines import profiles
    from pipelines.load import load

    fixture = Path(__file__).with_name("fixtures") / "chicago_southside_excerpt.csv"
    load(data, profiles.resolve("chicago-crimes"), [fixture])
    args = ["--data", str(data), "backtest", "--cell", "500", "--week-start", "sun", "--until", "2016-05-29"]
    args += ["--horizon", "1", "--origins", "4", "--method", "moving_average", "--method", "last_period", "--json"]
    assert models_cli.main(args) == 0
    result = json.loads(capsys.readouterr().out)
    window = result["horizons"]["1"]
    assert (window["last_origin"], window["evaluated_until"]) == ("2016-05-22", "2016-05-29")
    assert result["chosen"]["horizon"] == 1 and result["chosen"]["pai"] is not None


def _hawkes(n_grids: int, n_steps: int, mu: float, theta: float, omega: float, seed: int) -> np.ndarray:
    """A discrete self-exciting process on a line of grids: background mu per grid and step; each
    event has Poisson(theta) offspring, each in its own grid or a neighbour, k ≥ 1 steps later
    with probability (1 - e^-ω) e^-ω(k-1)."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(mu, size=(n_grids, n_steps)).astype(float)
    for t in range(n_steps):
        for g in np.nonzero(counts[:, t])[0]:
            for _ in range(int(counts[g, t])):
                for _ in range(rng.poisson(theta)):
                    lag = 1 + rng.geometric(1 - np.exp(-omega)) - 1
                    where = int(np.clip(g + rng.integers(-1, 2), 0, n_grids - 1))
                    if t + lag < n_steps:
                        counts[where, t + lag] += 1
    return counts


def test_the_self_exciting_model_finds_excitation_only_where_there_is_some():
    excited = _hawkes(80, 90, mu=0.05, theta=0.6, omega=0.5, seed=1)
    calm = np.random.default_rng(2).poisson(excited.mean(), size=excited.shape).astype(float)
    fitted = hotspot.make("self_exciting", line_panel(excited), 1).fit(excited)
    assert fitted.theta_ >= 0.25  # it sees the bursts …
    assert hotspot.make("self_exciting", line_panel(calm), 1).fit(calm).theta_ <= 0.1  # … and no bursts where there are none
    # one step ahead over the last 10 steps, it forecasts the excited series better than the
    # 8-step moving average (Poisson deviance, summed over origins)
    from models import evaluation

    ours = base = 0.0
    for t in range(80, 90):
        model = hotspot.make("self_exciting", line_panel(excited), 1).fit(excited[:, :t])
        ours += evaluation.poisson_deviance(model.predict(excited[:, :t]), excited[:, t])
        base += evaluation.poisson_deviance(
            hotspot.make("moving_average", line_panel(excited), 1).fit(excited[:, :t]).predict(excited[:, :t]), excited[:, t]
        )
    assert ours < base
