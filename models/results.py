"""Typed results of the model evaluations: the hotspot backtest and the dispute model's time-split
evaluation. The commands, the pages and the alert run read fields by name instead of digging in
nested dicts, and a misspelt key is a type error instead of a KeyError at a page's rerun.

``to_json()`` gives exactly the JSON written to ``<data>/models/*.json`` and printed by
``python -m models … --json`` (README, "Model results"); ``from_json()`` reads it back, so files
written by an earlier run stay readable.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

COVERAGE_KEYS = ("1%", "5%", "10%")


@dataclass(frozen=True)
class CoverageScore:
    """Hit rate, PAI and PEI at one share of area covered (DOMAIN.md §7)."""

    hit_rate: float
    pai: float
    pei: float


@dataclass(frozen=True)
class HorizonScore:
    """One method at one horizon, averaged over the origins that had events."""

    coverage: dict[str, CoverageScore]
    poisson_deviance: float
    flagged_event_share: float  # JSON "flagged_event_share_5%": flagged grids (top 5 % of area) with a case
    pai_by_origin: list[float]  # JSON "pai_5%_by_origin": PAI at 5 %, origin by origin
    curve: list[tuple[float, float]]  # (coverage, hit rate) from 0.5 % to 30 %

    def to_json(self) -> dict[str, Any]:
        return {
            "coverage": {k: asdict(v) for k, v in self.coverage.items()},
            "poisson_deviance": self.poisson_deviance,
            "flagged_event_share_5%": self.flagged_event_share,
            "pai_5%_by_origin": self.pai_by_origin,
            "curve": [{"coverage": c, "hit_rate": h} for c, h in self.curve],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> HorizonScore:
        return cls(
            coverage={k: CoverageScore(**v) for k, v in d["coverage"].items()},
            poisson_deviance=d["poisson_deviance"],
            flagged_event_share=d["flagged_event_share_5%"],
            pai_by_origin=list(d["pai_5%_by_origin"]),
            curve=[(p["coverage"], p["hit_rate"]) for p in d["curve"]],
        )


@dataclass(frozen=True)
class MethodResult:
    """One method's scores by horizon (None where no origin had events)."""

    label: str
    kind: str  # baseline | learned
    horizons: dict[str, HorizonScore | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "kind": self.kind, "horizons": {h: s and s.to_json() for h, s in self.horizons.items()}}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> MethodResult:
        return cls(d["label"], d["kind"], {h: s and HorizonScore.from_json(s) for h, s in d["horizons"].items()})


@dataclass(frozen=True)
class OriginWindow:
    """The origins one horizon was judged at (ISO dates)."""

    origins: int
    first_origin: str
    last_origin: str
    evaluated_until: str


@dataclass(frozen=True)
class Choice:
    """The method the alerts use, and the evidence for choosing it."""

    method: str | None
    horizon: int
    criterion: str
    pai: float | None
    best_baseline: str | None
    best_baseline_pai: float | None
    learned: str | None
    learned_pai: float | None
    learned_wins: int
    origins_compared: int
    learned_used: bool
    # the learned model's PAI minus the best baseline's, origin by origin: mean and 10th / 90th
    # percentiles (how much it wins by, and how steadily); None without both
    margin: float | None = None
    margin_p10: float | None = None
    margin_p90: float | None = None


@dataclass(frozen=True)
class BacktestResult:
    """The rolling-origin backtest of every hotspot method (CONTRACT.md §5)."""

    panel: dict[str, Any]  # Panel.describe(): cells, grids, step_days, steps, first_day, end_day, events
    window_steps: int
    refit_every: int
    horizons: dict[str, OriginWindow]
    methods: dict[str, MethodResult]
    chosen: Choice
    seconds: float
    version: str
    snapshot_id: int | None = None  # the snapshot it was computed on, once saved

    def to_json(self) -> dict[str, Any]:
        out = {
            "panel": self.panel,
            "window_steps": self.window_steps,
            "refit_every": self.refit_every,
            "horizons": {h: asdict(w) for h, w in self.horizons.items()},
            "methods": {m: r.to_json() for m, r in self.methods.items()},
            "chosen": asdict(self.chosen),
            "seconds": self.seconds,
            "version": self.version,
        }
        return out if self.snapshot_id is None else out | {"snapshot_id": self.snapshot_id}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BacktestResult:
        return cls(
            panel=d["panel"],
            window_steps=d["window_steps"],
            refit_every=d["refit_every"],
            horizons={h: OriginWindow(**w) for h, w in d["horizons"].items()},
            methods={m: MethodResult.from_json(r) for m, r in d["methods"].items()},
            chosen=Choice(**d["chosen"]),
            seconds=d["seconds"],
            version=d["version"],
            snapshot_id=d.get("snapshot_id"),
        )


@dataclass(frozen=True)
class CalibrationBin:
    """Predicted against observed escalation rate in one probability bin."""

    bin_low: float
    bin_high: float
    n: int
    mean_predicted: float
    observed_rate: float


@dataclass(frozen=True)
class ClassifierScores:
    """A classifier on the test split: ranking, calibration and the base rate to judge them by."""

    n: int
    positives: int
    base_rate: float
    roc_auc: float
    pr_auc: float
    brier: float
    calibration: list[CalibrationBin]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ClassifierScores:
        return cls(**{**d, "calibration": [CalibrationBin(**b) for b in d["calibration"]]})


@dataclass(frozen=True)
class SplitWindow:
    """One side of the time split: the report times it spans and its size (JSON key "from")."""

    start: str
    to: str
    n: int
    positives: int

    def to_json(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.to, "n": self.n, "positives": self.positives}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SplitWindow:
        return cls(d["from"], d["to"], d["n"], d["positives"])


@dataclass(frozen=True)
class DisputeEvaluation:
    """The dispute escalation model and its rule baseline on a time split."""

    outcome_days: int
    train: SplitWindow
    test: SplitWindow
    model: ClassifierScores
    rule_baseline: ClassifierScores
    as_of: str | None = None
    snapshot_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "outcome_days": self.outcome_days,
            "train": self.train.to_json(),
            "test": self.test.to_json(),
            "model": asdict(self.model),
            "rule_baseline": asdict(self.rule_baseline),
        }
        return out | {k: v for k, v in (("as_of", self.as_of), ("snapshot_id", self.snapshot_id)) if v is not None}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DisputeEvaluation:
        return cls(
            outcome_days=d["outcome_days"],
            train=SplitWindow.from_json(d["train"]),
            test=SplitWindow.from_json(d["test"]),
            model=ClassifierScores.from_json(d["model"]),
            rule_baseline=ClassifierScores.from_json(d["rule_baseline"]),
            as_of=d.get("as_of"),
            snapshot_id=d.get("snapshot_id"),
        )


def read_backtest(path: Path) -> BacktestResult | None:
    """A saved backtest (``backtest_week.json`` …), or None where none was run yet."""
    return BacktestResult.from_json(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None


def read_dispute_evaluation(path: Path) -> DisputeEvaluation | None:
    """A saved dispute evaluation (``dispute_evaluation.json``), or None where none was run yet."""
    return DisputeEvaluation.from_json(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None
