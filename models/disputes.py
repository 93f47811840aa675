"""Dispute escalation risk (矛盾纠纷升级风险): a calibrated classifier beside a rule baseline.

Features come from the register and the grid's context (``sql/model_inputs/dispute_features.sql``):
type, scale, people involved, whether a party had earlier disputes, mediation attempts, time to
first mediation, and the grid's recent disputes, unresolved share and case load. Never names,
party identifiers or protected attributes (DOMAIN.md §6).

The classifier is a logistic regression inside a Platt-calibrated wrapper: its logit is a sum of
per-feature terms, so the explanation of one dispute ("why this one") is exact, not a post-hoc
approximation. Evaluation splits by time only: the model is fitted on the earlier disputes whose
outcome window has closed and judged on the later ones.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from models import evaluation
from models.results import DisputeEvaluation, SplitWindow
from warehouse import labels

CATEGORICAL = ["dispute_type", "scale"]
NUMERIC = [
    "log_people",
    "prior_disputes",
    "repeat_party",
    "mediation_attempts",
    "days_to_mediation",
    "mediated_within_3d",
    "grid_disputes_90d",
    "grid_unresolved_share",
    "log_grid_cases_90d",
]
# An escalation counts when it happens within this many days of the report; disputes younger than
# this have no known outcome yet and are neither trained on nor judged.
OUTCOME_DAYS = 90
# Fewer escalations than this cannot fit (and calibrate, in 5 folds) a model worth alerting on.
MIN_POSITIVES = 20
# Types practitioners treat as high risk (GB/T 31000 practice); used only by the rule baseline.
RULE_HIGH_RISK_TYPES = ("拖欠农民工工资", "征地拆迁", "房屋宅基地", "山林土地")


def prepare(features: pl.DataFrame) -> pd.DataFrame:
    """Model columns from ``dispute_features`` rows (pure; bounded so outliers don't dominate)."""
    f = features.with_columns(
        pl.col("people_involved").clip(1, 500).log1p().alias("log_people"),
        pl.col("prior_disputes").clip(0, 5),
        (pl.col("prior_disputes") > 0).cast(pl.Float64).alias("repeat_party"),
        pl.col("mediation_attempts").clip(0, 10),
        pl.col("days_to_mediation").clip(0, 30),
        (pl.col("mediated") & (pl.col("days_to_mediation") <= 3)).cast(pl.Float64).alias("mediated_within_3d"),
        pl.col("grid_disputes_90d").clip(0, 30),
        (pl.col("grid_unresolved_90d") / pl.col("grid_disputes_90d").clip(1, None)).alias("grid_unresolved_share"),
        pl.col("grid_cases_90d").clip(0, None).log1p().alias("log_grid_cases_90d"),
    )
    return f.select(CATEGORICAL + NUMERIC).to_pandas()


def labelled(features: pl.DataFrame, as_of: dt.datetime) -> pl.DataFrame:
    """Disputes whose outcome window has closed, with the label: escalated within OUTCOME_DAYS."""
    cutoff = as_of - dt.timedelta(days=OUTCOME_DAYS)
    return features.filter(pl.col("reported_at") <= cutoff).with_columns(
        (pl.col("escalated") & (pl.col("escalated_at") <= pl.col("reported_at") + pl.duration(days=OUTCOME_DAYS)))
        .fill_null(False)
        .alias("label")
    )


class EscalationModel(ClassifierMixin, BaseEstimator):
    """Calibrated logistic regression on the dispute features, with per-dispute explanations."""

    def __init__(self, C: float = 1.0, cv: int = 5) -> None:
        self.C = C
        self.cv = cv

    def _pipeline(self) -> Pipeline:
        columns = ColumnTransformer(
            [
                ("categorical", OneHotEncoder(handle_unknown="ignore", min_frequency=10), CATEGORICAL),
                ("numeric", StandardScaler(), NUMERIC),
            ]
        )
        return Pipeline([("columns", columns), ("logit", LogisticRegression(C=self.C, max_iter=2000))])

    def fit(self, X: pd.DataFrame, y) -> EscalationModel:
        check_classification_targets(y)  # a missing or continuous y must fail, not be cast to 0/1
        y = np.asarray(y).astype(int)
        self.calibrated_ = CalibratedClassifierCV(self._pipeline(), method="sigmoid", cv=self.cv, ensemble=False).fit(X, y)
        self.pipeline_ = self.calibrated_.calibrated_classifiers_[0].estimator
        self.classes_ = self.calibrated_.classes_
        self.reference_ = self.pipeline_.named_steps["columns"].transform(X).mean(axis=0)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self)
        return self.calibrated_.predict_proba(X)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Each feature's push on the logit against an average dispute (one-hot columns summed
        back into their feature): positive raises the risk."""
        check_is_fitted(self)
        columns = self.pipeline_.named_steps["columns"]
        coef = self.pipeline_.named_steps["logit"].coef_[0]
        z = np.asarray(columns.transform(X)) - self.reference_
        names = columns.get_feature_names_out()
        per_column = z * coef
        out = {}
        for feature in CATEGORICAL + NUMERIC:
            idx = [i for i, n in enumerate(names) if n.split("__", 1)[1] == feature or n.split("__", 1)[1].startswith(feature + "_")]
            out[feature] = per_column[:, idx].sum(axis=1)
        return pd.DataFrame(out, index=X.index)


class RuleBaseline(ClassifierMixin, BaseEstimator):
    """The rule a mediation office might use: one point each for a high-risk type, a larger
    scale, a repeat party and two or more failed mediations; the probability of each point total
    is its escalation rate in training (Laplace-smoothed)."""

    def fit(self, X: pd.DataFrame, y) -> RuleBaseline:
        check_classification_targets(y)  # a missing or continuous y must fail, not be cast to 0/1
        y = np.asarray(y).astype(int)
        points = self._points(X)
        self.rate_ = np.array([(y[points == k].sum() + 1) / ((points == k).sum() + 2) for k in range(5)])
        self.classes_ = np.array([0, 1])
        return self

    @staticmethod
    def _points(X: pd.DataFrame) -> np.ndarray:
        return (
            X["dispute_type"].isin(RULE_HIGH_RISK_TYPES).to_numpy().astype(int)
            + X["scale"].isin(["较大", "重大"]).to_numpy().astype(int)
            + (X["repeat_party"].to_numpy() > 0).astype(int)
            + (X["mediation_attempts"].to_numpy() >= 2).astype(int)
        )

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self)
        p = self.rate_[self._points(X)]
        return np.column_stack([1 - p, p])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def time_split(data: pl.DataFrame, test_share: float = 0.25) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Earlier disputes train, later ones test (sorted by report time; never shuffled)."""
    data = data.sort("reported_at", "dispute_id")
    cut = int(round(data.height * (1 - test_share)))
    return data.head(cut), data.slice(cut)


def evaluate(features: pl.DataFrame, as_of: dt.datetime, test_share: float = 0.25) -> DisputeEvaluation:
    """Model and rule baseline on a time split: ROC-AUC, PR-AUC, Brier, calibration table."""
    data = labelled(features, as_of)
    if data.height < 100 or data["label"].sum() < 10:
        raise ValueError(f"too few disputes with a known outcome to evaluate ({data.height}, {data['label'].sum()} escalated)")
    train, test = time_split(data, test_share)
    x_train, x_test = prepare(train), prepare(test)
    y_train, y_test = train["label"].to_numpy(), test["label"].to_numpy()
    model = EscalationModel().fit(x_train, y_train)
    rule = RuleBaseline().fit(x_train, y_train)
    return DisputeEvaluation(
        outcome_days=OUTCOME_DAYS,
        train=SplitWindow(str(train["reported_at"].min()), str(train["reported_at"].max()), train.height, int(y_train.sum())),
        test=SplitWindow(str(test["reported_at"].min()), str(test["reported_at"].max()), test.height, int(y_test.sum())),
        model=evaluation.classifier_scores(model.predict_proba(x_test)[:, 1], y_test),
        rule_baseline=evaluation.classifier_scores(rule.predict_proba(x_test)[:, 1], y_test),
        as_of=str(as_of),
    )


def fit_final(features: pl.DataFrame, as_of: dt.datetime) -> EscalationModel:
    """The model used for alerts: fitted on every dispute whose outcome is known."""
    data = labelled(features, as_of)
    if data["label"].sum() < MIN_POSITIVES:
        raise ValueError(f"only {data['label'].sum()} escalated disputes with a known outcome: at least {MIN_POSITIVES} are needed to fit")
    return EscalationModel().fit(prepare(data), data["label"].to_numpy())


def explain(row: dict, contribution: dict[str, float], top: int = 3, lang: str = "zh") -> str:
    """The top factors raising this dispute's risk, in words, in Chinese or English (the values
    themselves, a dispute type, stay as the register wrote them; a scale of the registers' three
    words is named in English)."""
    zh = lang == "zh"
    days = f"{row['days_to_mediation']:.0f}" if row["mediated"] else f"{row['days_open']:.0f}"
    words = {
        "dispute_type": f"纠纷类型为{row['dispute_type']}" if zh else f"dispute type {row['dispute_type']}",
        "scale": f"规模{row['scale']}" if zh else f"scale: {labels.label('dispute_scale', row['scale'], 'en')}",
        "log_people": f"涉及{row['people_involved']}人" if zh else f"{row['people_involved']} people involved",
        "prior_disputes": f"当事人此前有{row['prior_disputes']}起纠纷"
        if zh
        else f"the parties had {row['prior_disputes']} disputes before",
        "repeat_party": "当事人曾有纠纷记录" if zh else "a party with earlier disputes",
        "mediation_attempts": f"已调解{row['mediation_attempts']}次" if zh else f"{row['mediation_attempts']} mediation attempts",
        "days_to_mediation": (f"登记后{days}天才首次调解" if zh else f"first mediated {days} days after registration")
        if row["mediated"]
        else (f"已{days}天未调解" if zh else f"not mediated for {days} days"),
        "mediated_within_3d": "未在3天内首次调解" if zh else "not mediated within 3 days",
        "grid_disputes_90d": f"所在网格近90天有{row['grid_disputes_90d']}起纠纷"
        if zh
        else f"{row['grid_disputes_90d']} disputes in its grid in 90 days",
        "grid_unresolved_share": f"所在网格近90天纠纷中{row['grid_unresolved_90d']}起未化解"
        if zh
        else f"{row['grid_unresolved_90d']} of its grid's disputes in 90 days unresolved",
        "log_grid_cases_90d": f"所在网格近90天案件{row['grid_cases_90d']}件"
        if zh
        else f"{row['grid_cases_90d']} cases in its grid in 90 days",
    }
    ranked = sorted(((v, k) for k, v in contribution.items() if v > 0.05), reverse=True)[:top]
    joined = ("；" if zh else "; ").join(words[k] for _, k in ranked)
    return joined or ("无突出风险因素" if zh else "no stand-out risk factor")
