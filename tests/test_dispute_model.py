"""Dispute escalation risk: features, the rule baseline, the time split and the explanations."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import polars as pl
import pytest

from models import disputes
from models.results import DisputeEvaluation

AS_OF = dt.datetime(2026, 6, 30)


def features(n: int = 400, seed: int = 1) -> pl.DataFrame:
    """Synthetic register rows: wage-arrears disputes with repeat parties escalate more."""
    rng = np.random.default_rng(seed)
    types = rng.choice(["邻里", "拖欠农民工工资", "物业"], n)
    repeat = rng.uniform(size=n) < 0.3
    logit = -2.5 + 1.5 * (types == "拖欠农民工工资") + 1.2 * repeat
    escalated = rng.uniform(size=n) < 1 / (1 + np.exp(-logit))
    reported = [dt.datetime(2025, 1, 1) + dt.timedelta(hours=int(h)) for h in np.sort(rng.integers(0, 365 * 24, n))]
    return pl.DataFrame(
        {
            "source": "t",
            "dispute_id": [f"D{i:04d}" for i in range(n)],
            "reported_at": reported,
            "grid_code": "G1",
            "community_code": "C1",
            "street_code": "S1",
            "status": "resolved",
            "escalated": escalated,
            "escalated_at": [r + dt.timedelta(days=10) if e else None for r, e in zip(reported, escalated, strict=True)],
            "dispute_type": types,
            "scale": "一般",
            "people_involved": 3,
            "prior_disputes": repeat.astype(int),
            "mediation_attempts": 1,
            "days_to_mediation": 2.0,
            "mediated": True,
            "days_open": 100.0,
            "grid_disputes_90d": 2,
            "grid_unresolved_90d": 1,
            "grid_cases_90d": 20,
        }
    )


def test_prepare_derives_bounded_columns():
    x = disputes.prepare(features(3).with_columns(pl.Series("prior_disputes", [0, 2, 9]), pl.Series("people_involved", [3, 3, 1000])))
    assert x["repeat_party"].tolist() == [0.0, 1.0, 1.0]
    assert x["prior_disputes"].tolist() == [0, 2, 5]
    assert x["log_people"].tolist()[2] == pytest.approx(np.log1p(500))
    assert x["grid_unresolved_share"].tolist() == [0.5, 0.5, 0.5]
    assert x["mediated_within_3d"].tolist() == [1.0, 1.0, 1.0]


def test_outcome_window_and_time_split():
    f = features()
    data = disputes.labelled(f, dt.datetime(2025, 12, 1))
    assert data["reported_at"].max() <= dt.datetime(2025, 12, 1) - dt.timedelta(days=90)
    train, test = disputes.time_split(data, 0.25)
    assert train["reported_at"].max() <= test["reported_at"].min()
    assert train.height == round(data.height * 0.75)


def test_rule_baseline_rates_per_point_total():
    x = disputes.prepare(
        features(4).with_columns(
            pl.Series("dispute_type", ["拖欠农民工工资", "邻里", "邻里", "邻里"]), pl.Series("prior_disputes", [1, 0, 0, 0])
        )
    )
    rule = disputes.RuleBaseline().fit(x, [1, 0, 1, 0])
    # points: 2, 0, 0, 0 → rate(0) = (1 + 1)/(3 + 2) = 0.4, rate(2) = (1 + 1)/(1 + 2) = 2/3, others (0 + 1)/(0 + 2)
    assert rule.rate_.tolist() == pytest.approx([0.4, 0.5, 2 / 3, 0.5, 0.5])
    assert rule.predict_proba(x)[:, 1].tolist() == pytest.approx([2 / 3, 0.4, 0.4, 0.4])


def test_model_learns_the_drivers_and_explains_exactly():
    f = features(1200)
    model = disputes.EscalationModel().fit(disputes.prepare(f), f["escalated"].to_numpy())
    x = disputes.prepare(f.head(5))
    contrib = model.contributions(x)
    # the logit is intercept + coef · columns: contributions against the mean add up to it
    pipe = model.pipeline_
    logit = pipe.decision_function(x)
    at_mean = pipe.named_steps["logit"].intercept_[0] + model.reference_ @ pipe.named_steps["logit"].coef_[0]
    assert contrib.sum(axis=1).to_numpy() == pytest.approx(logit - at_mean)
    risky = f.filter((pl.col("dispute_type") == "拖欠农民工工资") & (pl.col("prior_disputes") > 0)).head(1)
    row = risky.row(0, named=True)
    words = disputes.explain(row, model.contributions(disputes.prepare(risky)).iloc[0].to_dict())
    assert "纠纷类型为拖欠农民工工资" in words
    assert "当事人" in words


def test_evaluation_beats_the_base_rate_and_reports_every_metric():
    result = disputes.evaluate(features(1500), AS_OF)
    for scores in (result.model, result.rule_baseline):
        assert scores.roc_auc > 0.6 and 0 < scores.pr_auc <= 1 and 0 < scores.brier < 0.25 and scores.calibration
        assert scores.base_rate == scores.positives / scores.n
    assert result.test.n + result.train.n == disputes.labelled(features(1500), AS_OF).height
    saved = result.to_json()  # the file's shape, as documented (README, "Model results")
    assert set(saved) == {"outcome_days", "train", "test", "model", "rule_baseline", "as_of"}
    assert set(saved["train"]) == {"from", "to", "n", "positives"}
    assert set(saved["model"]) == {"n", "positives", "base_rate", "roc_auc", "pr_auc", "brier", "calibration"}
    assert set(saved["model"]["calibration"][0]) == {"bin_low", "bin_high", "n", "mean_predicted", "observed_rate"}
    assert DisputeEvaluation.from_json(json.loads(json.dumps(saved))) == result


def test_too_few_escalations_is_a_clear_error():
    with pytest.raises(ValueError, match="escalated disputes"):
        disputes.fit_final(features(50).with_columns(pl.lit(False).alias("escalated")), AS_OF)
