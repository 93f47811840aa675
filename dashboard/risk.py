"""Pure logic behind the risk-alert pages: the status a reviewer sees, the queue filter, and the
evidence of how often alerts were right. Frames in, frames out; no Streamlit, no I/O."""

from __future__ import annotations

import polars as pl

# A reviewer who escalates agrees the risk is real: it counts as confirmed for precision.
AGREED = ("confirmed", "escalated")


def with_live_status(alerts: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """Alerts with the status of their latest review decision (the published status lags until
    the next ``models alerts`` run; the store is the truth for decisions)."""
    if decisions.height == 0:
        return alerts
    latest = decisions.sort("review_id").group_by("alert_id").agg(pl.col("status").last().alias("live_status"))
    return (
        alerts.join(latest, on="alert_id", how="left")
        .with_columns(pl.coalesce("live_status", "status").alias("status"))
        .drop("live_status")
    )


def readable(alerts: pl.DataFrame, kind_names: dict[str, str]) -> pl.DataFrame:
    """Each alert with a name a reviewer reads (``name``: the kind, the grid's name or the
    dispute's number, and the first day it covers) instead of its id, and its score in the
    column of what it measures: ``expected`` cases for a hotspot, escalation ``probability``
    for a dispute (one column of both was read as one scale)."""
    place = pl.coalesce(pl.col("grid_name"), pl.col("grid_code"), pl.lit(""))
    subject = pl.when(pl.col("kind") == "dispute").then(pl.col("subject_id")).otherwise(place)
    return alerts.with_columns(
        pl.concat_str(
            pl.col("kind").replace_strict(kind_names, default=pl.col("kind")),
            pl.lit(" · "),
            subject,
            pl.lit(" · "),
            pl.col("valid_from").cast(pl.Date).dt.strftime("%m-%d"),
        ).alias("name"),
        pl.when(pl.col("kind") == "hotspot").then(pl.col("score")).alias("expected"),
        pl.when(pl.col("kind") == "dispute").then(pl.col("score")).alias("probability"),
    )


def open_count(alerts: pl.DataFrame, decisions: pl.DataFrame) -> int:
    """Alerts still awaiting review once the decisions are applied (the wall and the queue)."""
    return with_live_status(alerts, decisions).filter(pl.col("status") == "open").height


def filter_queue(
    alerts: pl.DataFrame, kinds: list[str], statuses: list[str], street: str | None, community: str | None, min_score: float
) -> pl.DataFrame:
    """The review queue: chosen kinds and statuses, in a region, at or above a score."""
    q = alerts.filter(pl.col("kind").is_in(kinds) & pl.col("status").is_in(statuses) & (pl.col("score") >= min_score))
    if street:
        q = q.filter(pl.col("street_code") == street)
    if community:
        q = q.filter(pl.col("community_code") == community)
    return q.sort(["kind", "score", "alert_id"], descending=[False, True, False])  # ties in a stable order


def precision_by_month(decisions: pl.DataFrame, alerts: pl.DataFrame) -> pl.DataFrame:
    """Per month of decision and alert kind: alerts reviewed, agreed (confirmed or escalated) and
    precision = agreed ÷ reviewed. Each alert counts once, by its latest decision."""
    if decisions.height == 0 or alerts.height == 0:
        return pl.DataFrame(
            schema={"month": pl.String, "kind": pl.String, "reviewed": pl.UInt32, "agreed": pl.UInt32, "precision": pl.Float64}
        )
    latest = decisions.sort("review_id").group_by("alert_id").agg(pl.col("status").last(), pl.col("decided_at").last())
    return (
        latest.join(alerts.select("alert_id", "kind"), on="alert_id", how="inner")
        .with_columns(pl.col("decided_at").dt.strftime("%Y-%m").alias("month"))
        .group_by("month", "kind")
        .agg(pl.len().alias("reviewed"), pl.col("status").is_in(AGREED).sum().alias("agreed"))
        .with_columns((pl.col("agreed") / pl.col("reviewed")).alias("precision"))
        .sort("month", "kind")
    )


def realised(outcomes: pl.DataFrame) -> dict[str, float | int | None]:
    """How often a flagged grid really had a case in its window (closed windows only), and how
    often a flagged dispute escalated."""
    if outcomes.height == 0:
        return {"hotspot_closed": 0, "hotspot_hit_share": None, "dispute_flagged": 0, "dispute_escalated_share": None}
    hot = outcomes.filter((pl.col("kind") == "hotspot") & pl.col("cases_in_window").is_not_null())
    disp = outcomes.filter((pl.col("kind") == "dispute") & pl.col("dispute_escalated").is_not_null())
    return {
        "hotspot_closed": hot.height,
        "hotspot_hit_share": float((hot["cases_in_window"] > 0).sum()) / hot.height if hot.height else None,
        "dispute_flagged": disp.height,
        "dispute_escalated_share": float(disp["dispute_escalated"].sum()) / disp.height if disp.height else None,
    }
