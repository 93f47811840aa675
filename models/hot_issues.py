"""热点诉求 (hot issues): many people reporting the same thing in the same place at the same time.

Forty residents complaining about one building site's night work are one issue, not forty; the
command centre wants to see it as one, with how hot it is, before reading the fortieth order.
Reports are grouped when they are in the same unit grid, within ``GAP_DAYS`` of each other and
say similar things (cosine similarity of their character 1–3 grams at least ``SIMILAR``, the
address taken out first: two different problems on the same road must not look alike). Groups
are the connected components of those links; one with at least ``MIN_REPORTS`` reports is a hot
issue.

Its **heat** is what a duty officer weighs, as one number:
``heat = reporters × (1 + 0.5 × (channels − 1)) × growth``, where *reporters* is the number of
distinct reporters (a report without a reporter reference counts as its own), *channels* the
number of distinct channels it came through (inspector, 12345, public, video …), and *growth* the
reports in the later half of the group's span over those in the earlier half, each plus one,
bounded to 0.5–2 (a group still growing counts up to double). Its representative text is the
report most like the others (the medoid).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import numpy as np
import polars as pl
from scipy.sparse.csgraph import connected_components

from models.text import similarity_vectors
from warehouse import sql
from warehouse.db import Change, applier, arrow_of

SIMILAR = 0.5
GAP_DAYS = 7
MIN_REPORTS = 3
GROUP_SCHEMA: dict[str, Any] = {
    "issue_id": pl.Utf8,
    "grid_code": pl.Utf8,
    "reports": pl.Int64,
    "reporters": pl.Int64,
    "channels": pl.Int64,
    "growth": pl.Float64,
    "heat": pl.Float64,
    "first_at": pl.Datetime("us"),
    "last_at": pl.Datetime("us"),
    "text": pl.Utf8,
    "category_code": pl.Utf8,
}
MEMBER_SCHEMA: dict[str, Any] = {"issue_id": pl.Utf8, "source": pl.Utf8, "case_id": pl.Utf8, "similarity": pl.Float64}


def heat(reporters: Any, channels: Any, growth: Any) -> Any:
    """The heat index of a group (module docstring); numbers or polars expressions alike."""
    return reporters * (1 + 0.5 * (channels - 1)) * growth


def group(
    cases: pl.DataFrame, similar: float = SIMILAR, gap_days: float = GAP_DAYS, min_reports: int = MIN_REPORTS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Hot issues among ``cases`` (``source``, ``case_id``, ``reported_at``, ``grid_code``,
    ``channel``, ``reporter_ref``, ``category_code``, ``text`` without the address): the groups,
    hottest first, and their member cases with each one's similarity to the group's medoid."""
    cases = cases.filter(pl.col("grid_code").is_not_null(), pl.col("text").str.strip_chars().str.len_chars() > 0)
    if cases.height == 0:
        return pl.DataFrame(schema=GROUP_SCHEMA), pl.DataFrame(schema=MEMBER_SCHEMA)
    cases = cases.sort("grid_code", "reported_at", "source", "case_id")
    x = similarity_vectors(cases["text"].to_list())
    seconds = cases["reported_at"].dt.epoch("s").to_numpy().astype(np.float64)
    grids = cases["grid_code"].to_numpy()
    starts = np.flatnonzero(np.r_[True, grids[1:] != grids[:-1]])
    ends = np.r_[starts[1:], len(grids)]
    group_of = np.full(cases.height, -1, dtype=np.int64)  # each report's group (-1: none)
    similarity = np.zeros(cases.height)
    medoid_of: list[int] = []  # each group's representative report
    for a, b in zip(starts, ends, strict=True):
        if b - a < min_reports:
            continue
        block = x[a:b]
        sim = (block @ block.T).toarray()
        near = np.abs(seconds[a:b, None] - seconds[None, a:b]) <= gap_days * 86_400
        n, label = connected_components((sim >= similar) & near, directed=False)
        sizes = np.bincount(label, minlength=n)
        for k in np.flatnonzero(sizes >= min_reports):
            idx = np.flatnonzero(label == k)
            medoid = idx[int(np.argmax(sim[np.ix_(idx, idx)].sum(axis=1)))]
            group_of[a + idx] = len(medoid_of)
            similarity[a + idx] = sim[idx, medoid]
            medoid_of.append(int(a + medoid))
    if not medoid_of:
        return pl.DataFrame(schema=GROUP_SCHEMA), pl.DataFrame(schema=MEMBER_SCHEMA)
    grouped = cases.with_columns(pl.Series("group", group_of), pl.Series("similarity", similarity)).filter(pl.col("group") >= 0)
    summary = _summaries(grouped, cases["text"].gather(medoid_of))
    members = grouped.join(summary.select("group", "issue_id"), on="group").select(list(MEMBER_SCHEMA))
    out = summary.select(list(GROUP_SCHEMA)).sort(["heat", "reports", "issue_id"], descending=[True, True, False])
    return out, members


def _summaries(grouped: pl.DataFrame, medoid_text: pl.Series) -> pl.DataFrame:
    """Every group's figures at once (module docstring); its id is its grid and its first report.
    ``grouped``: the reports in groups, in time order within each grid, with ``group``."""
    middle = pl.col("reported_at").min() + (pl.col("reported_at").max() - pl.col("reported_at").min()) / 2
    ref = pl.col("reporter_ref")
    figures = grouped.group_by("group").agg(
        pl.col("grid_code").first(),
        pl.len().alias("reports"),
        (ref.drop_nulls().n_unique() + ref.null_count()).cast(pl.Int64).alias("reporters"),
        pl.col("channel").n_unique().cast(pl.Int64).alias("channels"),
        (pl.col("reported_at") <= middle).sum().alias("early"),
        (pl.col("reported_at") > middle).sum().alias("late"),
        pl.col("reported_at").min().alias("first_at"),
        pl.col("reported_at").max().alias("last_at"),
        pl.col("source").first().alias("first_source"),
        pl.col("case_id").first().alias("first_case"),
        pl.col("category_code").drop_nulls().mode().sort().first().alias("category_code"),
    )
    texts = pl.DataFrame({"group": np.arange(medoid_text.len(), dtype=np.int64), "text": medoid_text})
    return (
        figures.join(texts, on="group")
        .with_columns(
            pl.col("reports").cast(pl.Int64),
            ((pl.col("late") + 1) / (pl.col("early") + 1)).clip(0.5, 2.0).alias("growth"),
            pl.concat_str([pl.col("grid_code"), pl.col("first_source"), pl.col("first_case")], separator="-").alias("issue_id"),
        )
        .with_columns(heat(pl.col("reporters"), pl.col("channels"), pl.col("growth")).alias("heat"))
    )


@applier("hot_issues")
def _write_hot_issues(con: duckdb.DuckDBPyConnection, snapshot_id: int, change: Change) -> int:
    con.register("new_hot_issues", arrow_of(change.frames["issues"]))
    con.register("new_hot_issue_cases", arrow_of(change.frames["members"]))
    sql.run_file(
        con,
        "model_outputs/hot_issues_replace",
        snapshot_id=snapshot_id,
        window_start=dt.datetime.fromisoformat(change.params["window_start"]),
        window_end=dt.datetime.fromisoformat(change.params["window_end"]),
    )
    con.unregister("new_hot_issues")
    con.unregister("new_hot_issue_cases")
    return change.frames["issues"].height
