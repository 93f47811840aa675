"""The dashboard's one data-access module: every query and all Streamlit caching live here.

Cached functions take the snapshot id as their first argument, so a newly published snapshot is
a cache miss and no page ever mixes two snapshots. Queries run on a read-only connection to the
current snapshot, opened once per snapshot (opening and loading spatial costs ~0.1 s; a filter
change runs ten queries) and closed as soon as a newer snapshot is published, so the loader can
recycle the file. Each call takes its own cursor: DuckDB cursors may run in parallel threads.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from dashboard.filters import Filters
from warehouse import sql
from warehouse.db import Store, connect
from warehouse.settings import data_dir, load_config

_POOL: dict[tuple[str, int], duckdb.DuckDBPyConnection] = {}
_POOL_LOCK = threading.Lock()


def data_path() -> Path:
    return data_dir(os.environ.get("GRIDPULSE_DATA"))


def current_snapshot() -> int | None:
    """The published snapshot id (not cached: it is one small file read)."""
    snap = Store(data_path()).current()
    return snap.snapshot_id if snap else None


def _connection(snapshot_id: int) -> duckdb.DuckDBPyConnection:
    root = str(data_path())
    with _POOL_LOCK:
        key = (root, snapshot_id)
        if key not in _POOL:
            for old_key in [k for k in _POOL if k[0] == root]:
                _POOL.pop(old_key).close()
            snap = Store(data_path()).current()
            if snap is None or snap.snapshot_id != snapshot_id:
                raise RuntimeError(f"snapshot {snapshot_id} is no longer current")
            _POOL[key] = connect(snap.path, read_only=True)
        return _POOL[key]


def _query(snapshot_id: int, name: str, **params: Any) -> pl.DataFrame:
    try:
        cursor = _connection(snapshot_id).cursor()
    except (duckdb.IOException, RuntimeError):  # the snapshot was replaced meanwhile: fall back
        with Store(data_path()).reader() as con:
            return sql.query(con, name, **params)
    try:
        return sql.query(cursor, name, **params)
    finally:
        cursor.close()


def config() -> dict:
    return load_config(data_path())


# --- data status -------------------------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def source_status(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "queries/source_status")


@st.cache_data(max_entries=8, show_spinner=False)
def recent_runs(snapshot_id: int, limit: int = 20) -> pl.DataFrame:
    return _query(snapshot_id, "queries/recent_runs", limit=limit)


@st.cache_data(max_entries=8, show_spinner=False)
def snapshot_info(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "queries/snapshot")


@st.cache_data(max_entries=8, show_spinner=False)
def quarantine_reasons(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "queries/quarantine_reasons")


@st.cache_data(max_entries=32, show_spinner=False)
def quarantine_rows(snapshot_id: int, reason_code: str | None, limit: int = 500) -> pl.DataFrame:
    return _query(snapshot_id, "queries/quarantine_rows", reason_code=reason_code, limit=limit)


# --- shared dimensions and time ----------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def data_extent(snapshot_id: int) -> dict[str, Any]:
    return _query(snapshot_id, "dashboard/data_extent").row(0, named=True)


def reference_time(snapshot_id: int) -> dt.datetime:
    """'Now' for the pages: the wall clock, or (default, for exports and the demo) the newest
    report in the data, so "today" means the last day the data covers."""
    if config()["dashboard"]["reference_time"] == "clock":
        return dt.datetime.now().replace(microsecond=0)
    newest = data_extent(snapshot_id)["last_reported_at"]
    return newest or dt.datetime.now().replace(microsecond=0)


@st.cache_data(max_entries=4, show_spinner=False)
def dimensions(snapshot_id: int) -> dict[str, pl.DataFrame]:
    """Filter choices by kind: street, community, grid, major, category, department."""
    frame = _query(snapshot_id, "dashboard/dimensions")
    return {kind: part.drop("kind") for (kind,), part in frame.group_by("kind", maintain_order=True)}


@st.cache_data(max_entries=4, show_spinner=False)
def grid_shapes(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/grid_shapes")


@st.cache_data(max_entries=4, show_spinner=False)
def region_shapes(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/region_shapes")


# --- analyst explorer ---------------------------------------------------------------------------


def _f(filters: Filters, now: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {**filters.params(), "now": now, **extra}


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_summary(snapshot_id: int, filters: Filters, now: dt.datetime) -> dict[str, Any]:
    return _query(snapshot_id, "dashboard/explorer_summary", **_f(filters, now)).row(0, named=True)


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_trend(snapshot_id: int, filters: Filters, unit: str) -> pl.DataFrame:
    if unit not in ("day", "week", "month"):
        raise ValueError(f"unit must be day, week or month, not {unit!r}")
    return _query(snapshot_id, "dashboard/explorer_trend", **filters.params(), unit=unit)


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_categories(snapshot_id: int, filters: Filters) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_categories", **filters.params())


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_channels(snapshot_id: int, filters: Filters) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_channels", **filters.params())


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_dow_hour(snapshot_id: int, filters: Filters) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_dow_hour", **filters.params())


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_grids(snapshot_id: int, filters: Filters, now: dt.datetime) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_grids", **_f(filters, now))


@st.cache_data(max_entries=16, show_spinner=False)
def explorer_points(snapshot_id: int, filters: Filters, limit: int = 20_000) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_points", **filters.params(), limit=limit)


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_sla(snapshot_id: int, filters: Filters, by: str) -> pl.DataFrame:
    if by not in ("department", "category"):
        raise ValueError(f"by must be department or category, not {by!r}")
    return _query(snapshot_id, "dashboard/explorer_sla", **filters.params(), by=by)


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_overdue(snapshot_id: int, filters: Filters, now: dt.datetime) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_overdue", **_f(filters, now))


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_repeats(snapshot_id: int, filters: Filters, min_cases: int = 3) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_repeats", **filters.params(), min_cases=min_cases)


@st.cache_data(max_entries=32, show_spinner=False)
def explorer_cases(snapshot_id: int, filters: Filters, limit: int) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/explorer_cases", **filters.params(), limit=limit)


# --- wall display -------------------------------------------------------------------------------


def _wall_times(now: dt.datetime) -> dict[str, Any]:
    today = dt.datetime.combine(now.date(), dt.time())
    return {"now": now, "today": today, "month": today.replace(day=1)}


@st.cache_data(max_entries=8, show_spinner=False)
def wall_kpis(snapshot_id: int, now: dt.datetime) -> dict[str, Any]:
    row = _query(snapshot_id, "dashboard/wall_kpis", **_wall_times(now)).row(0, named=True)
    row["alerts_pending"] = alerts_pending(snapshot_id)
    return row


def alerts_pending(snapshot_id: int) -> int | None:
    """Alerts awaiting review, or None where the risk models have not written any yet."""
    try:
        return int(_query(snapshot_id, "dashboard/alerts_pending").item(0, 0))
    except duckdb.CatalogException:
        return None


@st.cache_data(max_entries=8, show_spinner=False)
def wall_grid_load(snapshot_id: int, day: dt.date) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/wall_grid_load", day=day)


@st.cache_data(max_entries=8, show_spinner=False)
def wall_trend(snapshot_id: int, day: dt.date) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/wall_trend", day=day)


@st.cache_data(max_entries=8, show_spinner=False)
def wall_top_categories(snapshot_id: int, now: dt.datetime) -> pl.DataFrame:
    t = _wall_times(now)
    return _query(snapshot_id, "dashboard/wall_top_categories", now=t["now"], month=t["month"])


@st.cache_data(max_entries=8, show_spinner=False)
def wall_departments(snapshot_id: int, now: dt.datetime) -> pl.DataFrame:
    t = _wall_times(now)
    return _query(snapshot_id, "dashboard/wall_departments", now=t["now"], month=t["month"])


@st.cache_data(max_entries=8, show_spinner=False)
def wall_ticker(snapshot_id: int, now: dt.datetime) -> pl.DataFrame:
    return _query(snapshot_id, "dashboard/wall_ticker", now=now)
