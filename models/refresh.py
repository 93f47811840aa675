"""The model runs behind the commands, each reading the current snapshot and saving its result
where the pages read it (``<data>/models/*.json``): backtest, dispute training, and all three in
order (what the demo's first run does, so that a new user sees alerts with their evidence)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl

from models import alerts, backtest, disputes, hot_issues, hotspot, incidents, text
from models.panel import load_grid_panel, load_square_panel
from models.results import BacktestResult, DisputeEvaluation
from models.review_store import LinkReviewStore
from models.text import TextEvaluation
from warehouse import sql
from warehouse.db import Change, Store
from warehouse.operational import default_url
from warehouse.settings import settings


def _save(data: Path, name: str, result: BacktestResult | DisputeEvaluation) -> None:
    (alerts.models_dir(data) / name).write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")


def run_backtest(
    data: Path,
    step: str = "week",
    cell: float | None = None,
    horizons: tuple[int, ...] = (1, 4),
    origins: int = 52,
    window: int = 8,
    methods: tuple[str, ...] = hotspot.BASELINES + hotspot.LEARNED,
    week_start: int = 0,
    until: dt.date | None = None,
) -> BacktestResult:
    """Backtest on the loaded grids (or square cells of ``cell`` metres) and save the result;
    weeks start on ``week_start`` and the evaluation ends the day before ``until``."""
    with Store(data).reader() as con:
        panel = load_square_panel(con, cell, step, week_start, until) if cell else load_grid_panel(con, step, week_start, until)
        snapshot_id = sql.scalar(con, "status/snapshot_id")
    result = dataclasses.replace(backtest.run(panel, horizons, origins, window, methods), snapshot_id=snapshot_id)
    _save(data, f"backtest_{step}" + (f"_cell{cell:g}" if cell else "") + ".json", result)
    return result


def run_train(data: Path) -> DisputeEvaluation:
    """Evaluate the dispute model and its rule baseline on a time split; save the result."""
    with Store(data).reader() as con:
        as_of = sql.scalar(con, "model_inputs/as_of")
        features = sql.query(con, "model_inputs/dispute_features", as_of=as_of)
        snapshot_id = sql.scalar(con, "status/snapshot_id")
    result = dataclasses.replace(disputes.evaluate(features, as_of), snapshot_id=snapshot_id)
    _save(data, "dispute_evaluation.json", result)
    return result


def run_text(data: Path, targets: tuple[str, ...] = text.TARGETS) -> dict[str, TextEvaluation]:
    """Evaluate the text models (category, major class, department) on a time split over the
    loaded cases' descriptions; save all of them as one result (``text_evaluation.json``)."""
    with Store(data).reader() as con:
        frame = sql.query(con, "model_inputs/text_labelled")
        names = sql.query(con, "model_inputs/text_label_names")
        snapshot_id = sql.scalar(con, "status/snapshot_id")
    results = {}
    for target in targets:
        named = names.filter(pl.col("target") == target)
        label_names = dict(zip(named["label"].to_list(), named["name"].to_list(), strict=True))
        results[target] = text.evaluate(
            frame.select("reported_at", "text", "street", "returned", pl.col(target).alias("label")), target, label_names
        )
    path = alerts.models_dir(data) / "text_evaluation.json"
    # a run for some targets keeps the others' last evaluation (each says which snapshot it read)
    kept = json.loads(path.read_text(encoding="utf-8"))["targets"] if path.exists() else {}
    fresh = {k: v.to_json() | {"snapshot_id": snapshot_id} for k, v in results.items()}
    payload = {"snapshot_id": snapshot_id, "targets": {k: fresh.get(k, kept.get(k)) for k in text.TARGETS if k in fresh or k in kept}}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


def run_suggest(data: Path, days: int = 30, threshold: float = text.CONFIDENT) -> dict:
    """Suggest a category and a department for every case without one and for every case of the
    last ``days`` days (from models fitted on the cases before them), and publish them as
    ``text_suggestions``: one change, replacing the last run's."""
    store = Store(data, settings(data).warehouse.keep_snapshots)
    with store.reader() as con:
        as_of = sql.scalar(con, "model_inputs/as_of")
        since = as_of - dt.timedelta(days=days)
        labelled = sql.query(con, "model_inputs/text_labelled")
        cases = sql.query(con, "model_inputs/text_to_suggest", since=since)
    frame, summary = text.suggestions(labelled, cases, since, threshold)
    snapshot_id, _ = store.apply(Change("text_suggestions", {}, {"suggestions": frame}))
    return {"since": str(since), "threshold": threshold, "targets": summary, "snapshot_id": snapshot_id}


def run_hot(data: Path, days: int = 30) -> dict:
    """Group the last ``days`` days' reports into hot issues and publish them (``hot_issues``,
    ``hot_issue_cases``): one change, replacing the last run's."""
    store = Store(data, settings(data).warehouse.keep_snapshots)
    with store.reader() as con:
        as_of = sql.scalar(con, "model_inputs/as_of")
        end = as_of + dt.timedelta(microseconds=1)  # the window includes the newest report
        start = as_of - dt.timedelta(days=days)
        cases = sql.query(con, "model_inputs/hot_issue_cases", start=start, end=end)
    issues, members = hot_issues.group(cases)
    params = {"window_start": start.isoformat(), "window_end": end.isoformat()}
    snapshot_id, _ = store.apply(Change("hot_issues", params, {"issues": issues, "members": members}))
    return {
        "window_start": str(start),
        "window_end": str(as_of),
        "reports": cases.height,
        "hot_issues": issues.height,
        "grouped_reports": members.height,
        "top": issues.head(10).with_columns(pl.col("first_at", "last_at").cast(pl.Utf8)).to_dicts(),
        "snapshot_id": snapshot_id,
    }


def run_incidents(data: Path, days: int = 30, store_url: str | None = None) -> dict:
    """Link the last ``days`` days' reports of one incident (一事多报) with the reviewers'
    decisions so far, and publish the links and incidents: one change, replacing the last run's."""
    store = Store(data, settings(data).warehouse.keep_snapshots)
    with store.reader() as con:
        as_of = sql.scalar(con, "model_inputs/as_of")
        start, end = as_of - dt.timedelta(days=days), as_of + dt.timedelta(microseconds=1)
        learn_from = min(start, as_of - dt.timedelta(days=incidents.LEARN_DAYS))
        history = sql.query(con, "model_inputs/incident_cases", start=learn_from, end=end)
    cases = history.filter(pl.col("reported_at") >= start)
    reviews = LinkReviewStore(store_url or default_url(data))
    reviewed = reviews.latest()
    reviews.dispose()
    # weights from the source's own repeat marks where there are enough, judged first on a time
    # split; the rule otherwise
    recent = history.filter(pl.col("reported_at") >= as_of - dt.timedelta(days=incidents.LEARN_DAYS))
    learning = incidents.pairs(recent.tail(incidents.LEARN_MAX_REPORTS))  # history is in report-time order
    evaluation = incidents.evaluate(learning, reviewed)
    learned = incidents.learn(learning, reviewed) if evaluation["status"] == "ok" else None
    links = incidents.candidate_links(cases, reviewed, learned)
    members = incidents.incidents(cases, links)
    snapshot_id, _ = store.apply(Change("incidents", {}, {"links": links, "members": members}))
    counts = links["status"].value_counts()
    summary_eval = {"confidence": "learned" if learned else "rule", **evaluation}
    (alerts.models_dir(data) / "incident_evaluation.json").write_text(
        json.dumps(summary_eval | {"snapshot_id": snapshot_id}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return {
        "window_start": str(start),
        "window_end": str(as_of),
        "evaluation": summary_eval,
        "reports": cases.height,
        "links": dict(zip(counts["status"].to_list(), counts["count"].to_list(), strict=True)),
        "incidents": members["incident_id"].n_unique(),
        "reports_in_incidents": members.height,
        "snapshot_id": snapshot_id,
    }


def run_all(data: Path, progress: Callable[[str], None] = lambda m: None) -> dict:
    """Backtest, dispute evaluation, scoring and alerts, then the last 30 days' hot issues and
    incident links (a few seconds each, so a new install shows them). A dispute register too
    small to evaluate does not stop the hotspot side (its reason is returned instead). The text
    models are not run here: fitting them takes longer than the first run may (``models text``,
    ``models suggest``)."""
    progress("risk models: backtest")
    chosen = run_backtest(data).chosen
    progress("risk models: dispute model")
    try:
        dispute: float | str = run_train(data).model.roc_auc
    except ValueError as exc:
        dispute = str(exc)
    progress("risk models: alerts")
    summary = {"chosen": chosen.method, "dispute_roc_auc": dispute, **alerts.run(data)}
    progress("hot issues")
    summary["hot_issues"] = run_hot(data)["hot_issues"]
    progress("incidents (一事多报)")
    summary["incidents"] = run_incidents(data)["incidents"]
    return summary
