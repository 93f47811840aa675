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
from sklearn.feature_extraction.text import TfidfVectorizer

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


def _vectors(texts: list[str]) -> Any:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, dtype=np.float32).fit_transform(texts)


def heat(reporters: int, channels: int, growth: float) -> float:
    """The heat index of a group (module docstring)."""
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
    x = _vectors(cases["text"].to_list())
    seconds = cases["reported_at"].dt.epoch("s").to_numpy().astype(np.float64)
    grids = cases["grid_code"].to_numpy()
    starts = np.flatnonzero(np.r_[True, grids[1:] != grids[:-1]])
    ends = np.r_[starts[1:], len(grids)]
    groups, members = [], []
    for a, b in zip(starts, ends, strict=True):
        if b - a < min_reports:
            continue
        block = x[a:b]
        sim = (block @ block.T).toarray()
        near = np.abs(seconds[a:b, None] - seconds[None, a:b]) <= gap_days * 86_400
        n, label = connected_components((sim >= similar) & near, directed=False)
        for k in range(n):
            idx = np.flatnonzero(label == k)
            if len(idx) < min_reports:
                continue
            inner = sim[np.ix_(idx, idx)]
            medoid = idx[int(np.argmax(inner.sum(axis=1)))]
            rows = cases[a + idx]
            groups.append(_summary(rows, cases["text"][int(a + medoid)]))
            members.append(
                rows.select("source", "case_id").with_columns(
                    pl.lit(groups[-1]["issue_id"]).alias("issue_id"), pl.Series("similarity", sim[idx, medoid].astype(float))
                )
            )
    if not groups:
        return pl.DataFrame(schema=GROUP_SCHEMA), pl.DataFrame(schema=MEMBER_SCHEMA)
    out = pl.DataFrame(groups, schema=GROUP_SCHEMA).sort(["heat", "reports", "issue_id"], descending=[True, True, False])
    return out, pl.concat(members).select(list(MEMBER_SCHEMA))


def _summary(rows: pl.DataFrame, text: str) -> dict[str, Any]:
    """One group's figures (module docstring); its id is its grid and its first report."""
    times = rows["reported_at"]
    first, last = times.min(), times.max()
    middle = first + (last - first) / 2  # type: ignore[operator]
    early, late = int((times <= middle).sum()), int((times > middle).sum())
    growth = float(np.clip((late + 1) / (early + 1), 0.5, 2.0))
    reporters = rows["reporter_ref"].n_unique() - int(rows["reporter_ref"].null_count() > 0) + rows["reporter_ref"].null_count()
    channels = rows["channel"].n_unique()
    first_case = rows.sort("reported_at", "source", "case_id").row(0, named=True)
    return {
        "issue_id": f"{rows['grid_code'][0]}-{first_case['source']}-{first_case['case_id']}",
        "grid_code": rows["grid_code"][0],
        "reports": rows.height,
        "reporters": reporters,
        "channels": channels,
        "growth": growth,
        "heat": heat(reporters, channels, growth),
        "first_at": first,
        "last_at": last,
        "text": text,
        "category_code": rows["category_code"].mode().sort()[0] if rows["category_code"].drop_nulls().len() else None,
    }


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
