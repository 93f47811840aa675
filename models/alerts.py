"""Scoring and alerts: the published ``hotspot_forecast`` and ``risk_alerts``.

Hotspot alerts name the top-k grids by the risk density the backtest's winning method forecasts
for the next step, and grids whose space-time class is emerging (intensifying, new or consecutive hot
spots). Dispute alerts name open disputes whose calibrated escalation probability is above the
configured threshold. Each carries its score, a sentence saying why, the method and model
version, and the snapshot it was computed on. Everything is written as one warehouse change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from models import disputes, emerging, evaluation, hotspot
from models.panel import Panel, load_grid_panel
from models.results import read_backtest
from models.review_store import ReviewStore
from warehouse import labels, sql
from warehouse.db import Change, Store, applier, arrow_of
from warehouse.operational import default_url
from warehouse.settings import settings

ALERT_CLASSES = ("intensifying hot", "new hot", "consecutive hot")
DEFAULT_METHOD = "moving_average"


def models_dir(data: Path) -> Path:
    folder = data / "models"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chosen_method(data: Path, step: str = "week") -> tuple[str, str, dict[str, str]]:
    """(method, model version, why in Chinese and English) from the latest backtest; the moving
    average until one ran."""
    result = read_backtest(models_dir(data) / f"backtest_{step}.json")
    method = result.chosen.method if result else None
    if result is None or method is None:
        return (
            DEFAULT_METHOD,
            f"{DEFAULT_METHOD}@unevaluated",
            {
                "zh": "尚未回测：暂用移动平均（运行 python -m models backtest）",
                "en": "not backtested yet: moving average (run python -m models backtest)",
            },
        )
    c = result.chosen
    zh, en = labels.label("method", method, "zh"), labels.label("method", method, "en")
    if c.learned_used:
        why = {
            "zh": f"方法{zh}回测5%覆盖率PAI {c.pai:.2f}，优于最佳基线{c.best_baseline_pai:.2f}",
            "en": f"method {en}: backtest PAI {c.pai:.2f} at 5% of area, above the best baseline's {c.best_baseline_pai:.2f}",
        }
    else:
        why = {
            "zh": f"方法{zh}回测5%覆盖率PAI {c.pai:.2f}，为各方法最佳",
            "en": f"method {en}: backtest PAI {c.pai:.2f} at 5% of area, the best of all",
        }
    return method, result.version, why


def forecast(panel: Panel, method: str, version: str, classes_steps: int = 13, step_group: int = 4) -> pl.DataFrame:
    """Next step's expected cases per grid, its density rank, Gi* now and the space-time class
    over the last ``classes_steps`` periods of ``step_group`` steps (a year of 4-week periods)."""
    X = panel.by_category_with_total()
    est = hotspot.make(method, panel, horizon=1).fit(X)
    expected = est.predict(X)
    order = evaluation.ranking(expected, panel.area_m2)
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(1, len(order) + 1)
    top = evaluation.flagged_grids(expected, panel.area_m2, 0.05)
    usable = min(classes_steps, panel.n_steps // step_group)
    periods = panel.counts[:, panel.n_steps - usable * step_group :].reshape(len(panel.grid_codes), usable, step_group).sum(axis=2)
    classes = emerging.space_time_classes(periods, panel.neighbours) if usable >= 2 else [{}] * len(panel.grid_codes)
    start = panel.step_start(panel.n_steps)
    return pl.DataFrame(
        {
            "grid_code": panel.grid_codes,
            "street_code": panel.street_codes,
            "community_code": panel.community_codes,
            "method": method,
            "model_version": version,
            "step_days": panel.step_days,
            "valid_from": start,
            "valid_to": start + dt.timedelta(days=panel.step_days),
            "expected": expected.astype(float),
            "density_rank": rank,
            "in_top_5pct": top,
            "recent_cases": panel.counts[:, -4:].sum(axis=1).astype(int),
            "previous_cases": panel.counts[:, -8:-4].sum(axis=1).astype(int),
            "gi_z": [c.get("last_z") for c in classes],
            "gi_label": [c.get("last_label") for c in classes],
            "space_time_class": [c.get("class") for c in classes],
        },
        schema_overrides={"street_code": pl.String, "community_code": pl.String, "space_time_class": pl.String},
    )


def hotspot_alerts(fc: pl.DataFrame, why: dict[str, str], top_k: int) -> pl.DataFrame:
    """Alerts for the ``top_k`` grids by forecast risk density and grids in an emerging class,
    each explained in Chinese and in English."""
    flagged = fc.filter((pl.col("density_rank") <= top_k) | pl.col("space_time_class").is_in(ALERT_CLASSES))

    def sentence(r: dict, lang: str = "zh") -> str:
        change = r["recent_cases"] - r["previous_cases"]
        if lang == "zh":
            parts = [
                f"预测下一周期{r['expected']:.1f}件（风险密度排名第{r['density_rank']}）",
                f"近4周{r['recent_cases']}件，较前4周{change:+d}件",
            ]
        else:
            parts = [
                f"{r['expected']:.1f} cases expected next period (risk density rank {r['density_rank']})",
                f"{r['recent_cases']} cases in the last 4 weeks, {change:+d} on the 4 before",
            ]
        if r["space_time_class"]:
            pattern = labels.space_time_label(r["space_time_class"], lang)
            parts.append(
                f"时空模式：{pattern}（Gi* z={r['gi_z']:.1f}）"
                if lang == "zh"
                else f"space-time pattern: {pattern} (Gi* z={r['gi_z']:.1f})"
            )
        return ("；".join(parts) + f"。{why['zh']}") if lang == "zh" else ("; ".join(parts) + f". {why['en']}.")

    return flagged.select(
        pl.concat_str([pl.lit("hotspot:"), pl.col("grid_code")]).alias("alert_key"),
        pl.lit("hotspot").alias("kind"),
        pl.col("grid_code").alias("subject_id"),
        "grid_code",
        "community_code",
        "street_code",
        pl.col("expected").alias("score"),
        pl.col("density_rank").cast(pl.Int32).alias("rank"),
        pl.Series("explanation", [sentence(r) for r in flagged.iter_rows(named=True)], dtype=pl.String),
        pl.Series("explanation_en", [sentence(r, "en") for r in flagged.iter_rows(named=True)], dtype=pl.String),
        "method",
        "model_version",
        "valid_from",
        "valid_to",
    )


def dispute_alerts(features: pl.DataFrame, as_of: dt.datetime, threshold: float) -> tuple[pl.DataFrame, str]:
    """Alerts for open disputes above the probability threshold, with the model version."""
    model = disputes.fit_final(features, as_of)
    coef = model.pipeline_.named_steps["logit"].coef_[0]
    version = f"logit-calibrated@{as_of.date()}#{hashlib.sha1(np.round(coef, 6).tobytes()).hexdigest()[:8]}"
    open_ = features.filter(pl.col("status").is_in(["pending", "mediating"]))
    if open_.height == 0:
        return _empty_alerts(), version
    X = disputes.prepare(open_)
    prob = model.predict_proba(X)[:, 1]
    contrib = model.contributions(X)
    rows = []
    for i, r in enumerate(open_.iter_rows(named=True)):
        if prob[i] < threshold:
            continue
        factors = contrib.iloc[i].to_dict()
        why, why_en = disputes.explain(r, factors), disputes.explain(r, factors, lang="en")
        rows.append(
            {
                "alert_key": f"dispute:{r['dispute_id']}",
                "kind": "dispute",
                "subject_id": r["dispute_id"],
                "grid_code": r["grid_code"],
                "community_code": r["community_code"],
                "street_code": r["street_code"],
                "score": float(prob[i]),
                "explanation": f"升级概率{prob[i]:.0%}：{why}",
                "explanation_en": f"escalation probability {prob[i]:.0%}: {why_en}",
                "method": "calibrated logistic regression",
                "model_version": version,
                "valid_from": as_of.date(),
                "valid_to": (r["reported_at"] + dt.timedelta(days=disputes.OUTCOME_DAYS)).date(),
            }
        )
    frame = pl.DataFrame(rows, schema=_empty_alerts().drop("rank").schema) if rows else _empty_alerts().drop("rank")
    frame = frame.with_columns(pl.col("score").rank("ordinal", descending=True).cast(pl.Int32).alias("rank"))
    return frame.select(_empty_alerts().columns), version


def _empty_alerts() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "alert_key": pl.String,
            "kind": pl.String,
            "subject_id": pl.String,
            "grid_code": pl.String,
            "community_code": pl.String,
            "street_code": pl.String,
            "score": pl.Float64,
            "rank": pl.Int32,
            "explanation": pl.String,
            "explanation_en": pl.String,
            "method": pl.String,
            "model_version": pl.String,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
        }
    )


@applier("alerts")
def _write_alerts(con: duckdb.DuckDBPyConnection, snapshot_id: int, change: Change) -> int:
    con.register("new_forecast", arrow_of(change.frames["forecast"]))
    sql.run_file(con, "model_outputs/forecast_replace", snapshot_id=snapshot_id)
    con.unregister("new_forecast")
    if change.params.get("forecast_only"):
        return 0
    con.register("new_alerts", arrow_of(change.frames["alerts"]))
    con.register("reviewed", arrow_of(change.frames["reviewed"]))
    sql.run_file(
        con,
        "model_outputs/alerts_upsert",
        generated_at=change.params["generated_at"],
        snapshot_id=snapshot_id,
        cooldown_days=change.params["cooldown_days"],
    )
    con.unregister("new_alerts")
    con.unregister("reviewed")
    return change.frames["alerts"].height


def reviewed_frame(store: ReviewStore) -> pl.DataFrame:
    """The latest decision per alert, as the alerts change carries it."""
    latest = store.latest()
    return pl.DataFrame(
        {
            "alert_id": list(latest),
            "status": [d["status"] for d in latest.values()],
            "decided_at": [d["decided_at"] for d in latest.values()],
        },
        schema={"alert_id": pl.String, "status": pl.String, "decided_at": pl.Datetime("us")},
    )


def run(data: Path, forecast_only: bool = False, store_url: str | None = None) -> dict:
    """Score the grids and, unless ``forecast_only``, refresh the alerts; one published change."""
    config = settings(data)
    cfg = config.models
    store = Store(data, config.warehouse.keep_snapshots)
    method, version, why = chosen_method(data)
    with store.reader() as con:
        panel = load_grid_panel(con)
        as_of = sql.scalar(con, "model_inputs/as_of")
        features = sql.query(con, "model_inputs/dispute_features", as_of=as_of) if not forecast_only else None
    fc = forecast(panel, method, version)
    frames = {"forecast": fc}
    summary = {"method": method, "model_version": version, "grids": fc.height, "as_of": str(as_of)}
    if not forecast_only:
        hot = hotspot_alerts(fc, why, cfg.hotspot_alert_top_k)
        assert features is not None  # read above whenever alerts (not only the forecast) are wanted
        try:
            disp, disp_version = dispute_alerts(features, as_of, cfg.dispute_alert_threshold)
        except ValueError as exc:  # too few escalations to learn from: hotspot alerts still go out
            disp, disp_version = _empty_alerts(), f"not trained: {exc}"
        review = ReviewStore(store_url or default_url(data))
        frames |= {"alerts": pl.concat([hot, disp]), "reviewed": reviewed_frame(review)}
        review.dispose()
        summary |= {"hotspot_alerts": hot.height, "dispute_alerts": disp.height, "dispute_model_version": disp_version}
    params = {
        "generated_at": as_of.replace(microsecond=0).isoformat(sep=" "),
        "cooldown_days": cfg.alert_cooldown_days,
        "forecast_only": forecast_only,
    }
    snapshot_id, _ = store.apply(Change("alerts", params, frames))
    summary["snapshot_id"] = snapshot_id
    return summary
