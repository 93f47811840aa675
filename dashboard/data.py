"""The dashboard's one data-access module: every query and all Streamlit caching live here.

Cached functions take the snapshot id as their first argument, so a newly published snapshot is
a cache miss and no page ever mixes two snapshots. Queries run on a read-only connection to the
current snapshot, opened once per snapshot (opening it and loading spatial is slow next to a
query, and a filter change runs ten queries) and closed as soon as a newer snapshot is published, so the loader can
recycle the file. Each call takes its own cursor: DuckDB cursors may run in parallel threads.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from dashboard import risk
from dashboard.filters import Filters
from models import results
from models.results import BacktestResult, DisputeEvaluation
from warehouse import assessment, lake, marts, periods, sql
from warehouse.db import Store, connect
from warehouse.operational import default_url
from warehouse.settings import AuthSettings, Settings, WarehouseSettings, data_dir, settings, sign_in_required

log = logging.getLogger("gridpulse.data")
_POOL: dict[tuple[str, int], duckdb.DuckDBPyConnection] = {}
_POOL_LOCK = threading.Lock()


def data_path() -> Path:
    return data_dir(os.environ.get("GRIDPULSE_DATA"))


def _lake() -> WarehouseSettings | None:
    """The lake the pages read, where ``[warehouse] backend = "lake"`` (issue 19, begun)."""
    found = config().warehouse
    return found if found.backend == "lake" else None


def reads_lake() -> bool:
    """Whether this server reads a lake rather than the snapshot files of its data directory."""
    return _lake() is not None


_LAKE_KEYS: set[tuple[str, int]] = set()  # pooled connections that are lake readers
LAKE_POLL_SECONDS = 5.0  # how often a server asks the lake's catalog for a newer snapshot
_LAKE_SEEN: dict[str, tuple[float, int]] = {}


def current_snapshot() -> int | None:
    """The published snapshot id (not cached: it is one small file read); on a lake, its newest
    snapshot, asked of the catalog at most every LAKE_POLL_SECONDS (several servers on one lake
    each see a new load within that and their page refresh)."""
    if (found := _lake()) is not None:
        seen = _LAKE_SEEN.get(found.lake_catalog)
        if seen is None or time.monotonic() - seen[0] > LAKE_POLL_SECONDS:
            seen = (time.monotonic(), lake.newest(found.lake_catalog, Path(found.lake_data_path), found.lake_metadata_schema or None))
            _LAKE_SEEN[found.lake_catalog] = seen
        return seen[1]
    snap = Store(data_path()).current()
    return snap.snapshot_id if snap else None


def _replica_path(found: WarehouseSettings, snapshot_id: int) -> Path:
    """Where this server keeps its local copy of lake snapshot ``snapshot_id`` (one folder per
    lake: a server pointed at another lake never reads the first one's copies)."""
    lake_id = hashlib.sha256(f"{found.lake_catalog}|{found.lake_data_path}|{found.lake_metadata_schema}".encode()).hexdigest()[:12]
    return data_path() / "lake_replica" / lake_id / f"lake-{snapshot_id:06d}.duckdb"


_REPLICAS_BUILDING: set[Path] = set()
_RETIRED: list[duckdb.DuckDBPyConnection] = []  # lake readers replaced by a replica, left to their cursors


def _build_replica(found: WarehouseSettings, snapshot_id: int, out: Path) -> None:
    """Copy the lake snapshot into ``out`` (in the background: pages read the lake meanwhile),
    then delete this lake's older copies (a reader still holding one keeps its open file)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lake.replicate(found.lake_catalog, Path(found.lake_data_path), snapshot_id, out, found.lake_metadata_schema or None)
        for old in out.parent.glob("lake-*.duckdb"):
            if old != out:
                old.unlink(missing_ok=True)
    except Exception:  # the pages keep reading the lake itself: slower, not wrong
        log.exception("copying lake snapshot %s to %s failed", snapshot_id, out)
    finally:
        with _POOL_LOCK:
            _REPLICAS_BUILDING.discard(out)


def _connection(snapshot_id: int) -> duckdb.DuckDBPyConnection:
    root = str(data_path())
    with _POOL_LOCK:
        key = (root, snapshot_id)
        if key in _LAKE_KEYS and (found := _lake()) is not None and found.lake_replica and _replica_path(found, snapshot_id).exists():
            _RETIRED.append(_POOL.pop(key))  # the same snapshot, now from the local copy
            _LAKE_KEYS.discard(key)
        if key not in _POOL:
            for old_key in [k for k in _POOL if k[0] == root]:
                _POOL.pop(old_key).close()
                _LAKE_KEYS.discard(old_key)
            _RETIRED.clear()
            if (found := _lake()) is not None:  # a lake reader pinned to the snapshot the page asked for
                replica = _replica_path(found, snapshot_id)
                if found.lake_replica and replica.exists():
                    _POOL[key] = connect(replica, read_only=True)
                    return _POOL[key]
                _POOL[key] = lake.open_reader(
                    found.lake_catalog, Path(found.lake_data_path), snapshot_id, found.lake_metadata_schema or None
                )
                _LAKE_KEYS.add(key)
                if found.lake_replica and replica not in _REPLICAS_BUILDING:
                    _REPLICAS_BUILDING.add(replica)
                    threading.Thread(
                        target=_build_replica, args=(found, snapshot_id, replica), name="gridpulse-replica", daemon=True
                    ).start()
                return _POOL[key]
            snap = Store(data_path()).current()
            if snap is None or snap.snapshot_id != snapshot_id:
                raise RuntimeError(f"snapshot {snapshot_id} is no longer current")
            _POOL[key] = connect(snap.path, read_only=True)
        return _POOL[key]


def _cursor(snapshot_id: int) -> duckdb.DuckDBPyConnection:
    """A cursor on the snapshot's pooled connection; on a lake, its default database set again
    (a cursor starts in the in-memory one: USE is per connection)."""
    cursor = _connection(snapshot_id).cursor()
    if (str(data_path()), snapshot_id) in _LAKE_KEYS:  # known from the pool: no settings read per query
        cursor.execute("USE lake")
    return cursor


def _query(snapshot_id: int, name: str, **params: Any) -> pl.DataFrame:
    try:
        cursor = _cursor(snapshot_id)
    except (duckdb.IOException, RuntimeError):  # the snapshot was replaced meanwhile: fall back
        with Store(data_path()).reader() as con:
            return sql.query(con, name, **params)
    try:
        return sql.query(cursor, name, **params)
    finally:
        cursor.close()


def _published(snapshot_id: int, name: str, **params: Any) -> pl.DataFrame:
    """A query over a table a model command publishes: empty (no columns) on a warehouse written
    before the table existed or before the command ever ran there."""
    try:
        return _query(snapshot_id, name, **params)
    except duckdb.CatalogException:
        return pl.DataFrame()


def config() -> Settings:
    return settings(data_path())


@dataclass(frozen=True)
class Security:
    """The security settings this server started with: sign-in, idle and session limits, the
    upload size. Read once per server (and data directory); an edit of the configuration takes
    effect at the next start, when it is audited, never while people are signed in."""

    auth: AuthSettings
    upload_max_mb: int


@st.cache_resource(show_spinner=False)
def _security_at_start(data: str) -> Security:
    found = settings(Path(data))
    return Security(dataclasses.replace(found.auth, required=sign_in_required(found)), found.dashboard.upload_max_mb)


def security() -> Security:
    return _security_at_start(str(data_path()))


# --- data status -------------------------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def source_status(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "status/source_status")


@st.cache_data(max_entries=8, show_spinner=False)
def recent_runs(snapshot_id: int, limit: int = 20) -> pl.DataFrame:
    return _query(snapshot_id, "status/recent_runs", limit=limit)


@st.cache_data(max_entries=8, show_spinner=False)
def snapshot_info(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "status/snapshot")


@st.cache_data(max_entries=8, show_spinner=False)
def quarantine_reasons(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "status/quarantine_reasons")


@st.cache_data(max_entries=32, show_spinner=False)
def quarantine_rows(snapshot_id: int, reason_code: str | None, limit: int = 500) -> pl.DataFrame:
    return _query(snapshot_id, "status/quarantine_rows", reason_code=reason_code, limit=limit)


# --- shared dimensions and time ----------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def data_extent(snapshot_id: int) -> dict[str, Any]:
    return _query(snapshot_id, "pages/data_extent").row(0, named=True)


def reference_time(snapshot_id: int) -> dt.datetime:
    """'Now' for the pages: the wall clock, or (default, for exports and the demo) the newest
    report in the data, so "today" means the last day the data covers."""
    if config().dashboard.reference_time == "clock":
        return dt.datetime.now().replace(microsecond=0)
    newest = data_extent(snapshot_id)["last_reported_at"]
    return newest or dt.datetime.now().replace(microsecond=0)


@st.cache_data(max_entries=4, show_spinner=False)
def dimensions(snapshot_id: int) -> dict[str, pl.DataFrame]:
    """Filter choices by kind: street, community, grid, major, category, department."""
    frame = _query(snapshot_id, "pages/dimensions")
    found = {kind: part.drop("kind") for (kind,), part in frame.group_by("kind", maintain_order=True)}
    empty = frame.drop("kind").clear()
    return {kind: found.get(kind, empty) for kind in DIMENSIONS}  # every kind, empty where nothing was loaded


DIMENSIONS = ("street", "community", "grid", "major", "category", "department")


@st.cache_data(max_entries=4, show_spinner=False)
def grid_shapes(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "pages/grid_shapes")


@st.cache_data(max_entries=4, show_spinner=False)
def region_shapes(snapshot_id: int) -> pl.DataFrame:
    return _query(snapshot_id, "pages/region_shapes")


# --- analyst explorer ---------------------------------------------------------------------------

EXPLORER_QUERIES = (
    "summary",
    "previous",
    "trend",
    "trend_previous",
    "categories",
    "channels",
    "dow_hour",
    "grids",
    "sla",
    "overdue",
    "repeats",
    "cases",
)


@st.cache_data(max_entries=4, show_spinner=False)
def code_ids(snapshot_id: int) -> dict[str, dict[str, int]]:
    """The explorer mart's integer id of every dimension code (a few thousand entries)."""
    return marts.ids_by_dim(_query(snapshot_id, "marts/fact_codes"))


@st.cache_data(max_entries=32, show_spinner=False)
def explorer_bundle(snapshot_id: int, filters: Filters, now: dt.datetime, unit: str, by: str, rows: int) -> dict[str, Any]:
    """Everything the explorer shows for one filter, queried in parallel on separate cursors: a
    filter change is one cache entry and costs the slowest query, not the sum of eleven. The
    queries read the case_facts mart (integer ids); only the case list reads cases."""
    if unit not in ("day", "week", "month") or by not in ("department", "category"):
        raise ValueError(f"bad unit {unit!r} or grouping {by!r}")
    jobs = explorer_jobs(filters, now, unit, by, rows, code_ids(snapshot_id))
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(_query, snapshot_id, name, **params) for key, (name, params) in jobs.items()}
        out: dict[str, Any] = {key: fut.result() for key, fut in futures.items()}
    out["summary"] = out["summary"].row(0, named=True)
    # the previous period's count is its trend's sum (the same filter over it): no query of its own
    out["previous"] = {"cases": int(out["trend_previous"]["cases"].sum())}
    return out


def explorer_jobs(
    filters: Filters, now: dt.datetime, unit: str, by: str, rows: int, ids: dict[str, dict[str, int]]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """The explorer's queries for one filter: name → (SQL file, bound parameters). Shared with
    bench/dashboard.py, which times the same SQL on a plain connection."""
    f, prev = fact_job_params(filters, ids, now), fact_job_params(filters.previous(), ids, now)
    return {
        "summary": ("pages/explorer_summary", f),
        "trend": ("pages/explorer_trend", {**f, "unit": unit}),
        "trend_previous": ("pages/explorer_trend", {**prev, "unit": unit}),
        "categories": ("pages/explorer_categories", f),
        "channels": ("pages/explorer_channels", f),
        "dow_hour": ("pages/explorer_dow_hour", f),
        "grids": ("pages/explorer_grids", f),
        "sla": ("pages/explorer_sla", {**f, "by": by}),
        "overdue": ("pages/explorer_overdue", f),
        "repeats": ("pages/explorer_repeats", {**f, "min_cases": 3}),
        "cases": ("pages/explorer_cases", {**case_list_params(filters, ids), "limit": rows}),
    }


def fact_job_params(filters: Filters, ids: dict[str, dict[str, int]], now: dt.datetime) -> dict[str, Any]:
    """The mart filter's parameters, the reference time and the end the period is read at (its
    own end, or now while it runs: due_in_period must not count deadlines still ahead)."""
    params = filters.fact_params(ids)
    return {**params, "now": now, "due_end": periods.as_of_end(params["end"], now)}


def case_list_params(filters: Filters, ids: dict[str, dict[str, int]]) -> dict[str, Any]:
    """explorer_cases.sql binds both filters: the codes for the scan of cases, the ids for the
    cutoff found on case_facts (the list on the page and the export share it)."""
    return {**filters.params(), **filters.fact_params(ids)}


@st.cache_data(max_entries=16, show_spinner=False)
def explorer_grids(snapshot_id: int, filters: Filters, now: dt.datetime) -> pl.DataFrame:
    """The map's per-grid values alone (explorer_bundle has them too): for a filter drilled to one
    grid, the map shows its community with the grid restriction lifted, so the neighbours keep
    their own numbers beside the grid picked."""
    return _query(snapshot_id, "pages/explorer_grids", **fact_job_params(filters, code_ids(snapshot_id), now))


@st.cache_data(max_entries=16, show_spinner=False)
def explorer_points(snapshot_id: int, filters: Filters, limit: int = 20_000) -> pl.DataFrame:
    return _query(snapshot_id, "pages/explorer_points", **filters.params(), limit=limit)


@st.cache_data(max_entries=32, show_spinner=False)
def explorer_cases(snapshot_id: int, filters: Filters, limit: int) -> pl.DataFrame:
    return _query(snapshot_id, "pages/explorer_cases", **case_list_params(filters, code_ids(snapshot_id)), limit=limit)


# --- wall display -------------------------------------------------------------------------------


def wall_jobs(now: dt.datetime) -> dict[str, tuple[str, dict[str, Any]]]:
    """The wall's queries at reference time ``now``: name → (SQL file, bound parameters). Shared
    with bench/dashboard.py, which times the same SQL on a plain connection. Month to date is the
    period [month start, now], read at now (periods.through)."""
    today = dt.datetime.combine(now.date(), dt.time())
    a_year_ago = today.replace(year=today.year - 1, day=28) if (today.month, today.day) == (2, 29) else today.replace(year=today.year - 1)
    w = {
        "now": now,
        "today": today,
        "month": today.replace(day=1),
        "through": periods.through(now),
        "yesterday": today - dt.timedelta(days=1),
        "now_yesterday": now - dt.timedelta(days=1),
        "last_year": a_year_ago,
        "now_last_year": dt.datetime.combine(a_year_ago.date(), now.time()),
    }
    return {
        "kpis": ("pages/wall_kpis", w),
        "grid_load": ("pages/wall_grid_load", {"day": now.date()}),
        "grid_overdue": ("pages/wall_grid_overdue", {"now": now}),
        "trend": ("pages/wall_trend", {"day": now.date()}),
        "top_categories": ("pages/wall_top_categories", {"now": now, "month": w["month"]}),
        "departments": ("pages/wall_departments", {"month": w["month"], "through": w["through"]}),
        "ticker": ("pages/wall_ticker", {"now": now}),
        "stages": ("pages/wall_stages", {"today": today, "now": now}),
        "streets": ("pages/wall_streets", {"month": w["month"], "through": w["through"]}),
        "cityscore": (
            "pages/wall_cityscore",
            {
                "now": now,
                "through": w["through"],
                "today": today,
                "week": now - dt.timedelta(days=7),
                "month": now - dt.timedelta(days=30),
                "quarter": now - dt.timedelta(days=90),
            },
        ),
        "urgent": ("pages/wall_urgent", {"now": now, "limit_hours": float(config().dashboard.urgent_limit_hours)}),
    }


@st.cache_data(max_entries=4, show_spinner=False)
def wall_bundle(snapshot_id: int, now: dt.datetime) -> dict[str, Any]:
    """Everything the wall shows, queried in parallel; cached per snapshot, so a refresh between
    loads costs nothing and the first refresh after a load costs the slowest query."""
    jobs = wall_jobs(now)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(_query, snapshot_id, name, **params) for key, (name, params) in jobs.items()}
        out: dict[str, Any] = {key: fut.result() for key, fut in futures.items()}
    out["kpis"] = out["kpis"].row(0, named=True)
    return out


def open_alerts(snapshot_id: int) -> int | None:
    """Alerts awaiting review now, by the review queue's rule: the published alerts with their
    latest review decision applied (the published status lags until the next ``models alerts``
    run). Not cached: the wall said 42 while the queue, after two reviews, said 40. None where
    the risk models have not written any alerts yet."""
    published = risk_alerts(snapshot_id)
    if "status" not in published.columns:
        return None
    return risk.open_count(published, review_decisions())


# --- assessment -------------------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def assessment_periods(snapshot_id: int) -> pl.DataFrame:
    try:
        return _query(snapshot_id, "pages/assessment_periods")
    except duckdb.CatalogException:
        return pl.DataFrame(schema={"period": pl.Utf8, "rubric_version": pl.Utf8, "snapshot_id": pl.Int64})


@st.cache_data(max_entries=32, show_spinner=False)
def assessment_scores(snapshot_id: int, period: str, object_type: str) -> pl.DataFrame:
    return _query(snapshot_id, "pages/assessment_scores", period=period, object_type=object_type)


@st.cache_data(max_entries=32, show_spinner=False)
def assessment_trend(snapshot_id: int, object_type: str, object_code: str) -> pl.DataFrame:
    return _query(snapshot_id, "pages/assessment_trend", object_type=object_type, object_code=object_code)


@st.cache_data(max_entries=16, show_spinner=False)
def assessment_rubric(snapshot_id: int, period: str) -> assessment.Rubric:
    """The rubric a period's scores were computed with; the
    default rubric for scores written before rubrics were stored with them."""
    try:
        stored = _query(snapshot_id, "pages/assessment_rubric", period=period)
    except duckdb.CatalogException:  # a warehouse from before rubrics were stored
        return assessment.load_rubric()
    return assessment.rubric_from(stored, period)


@st.cache_data(max_entries=32, show_spinner=False)
def assessment_cases(snapshot_id: int, period: str, object_type: str, object_code: str, indicator: str) -> pl.DataFrame:
    """The cases behind one indicator value, with the post limits of the rubric that scored it."""
    rubric = assessment_rubric(snapshot_id, period)
    return _query(
        snapshot_id, "pages/assessment_cases", **assessment.cases_behind_params(period, object_type, object_code, indicator, rubric)
    )


@st.cache_data(max_entries=32, show_spinner=False)
def assessment_units(snapshot_id: int, period: str, object_type: str, object_code: str, indicator: str) -> pl.DataFrame:
    """What one base-data indicator counted (grid-days, components or cases), on the configured
    working days as the score was."""
    worktime = config().worktime
    try:
        cursor = _cursor(snapshot_id)
    except (duckdb.IOException, RuntimeError):  # the snapshot was replaced meanwhile: fall back
        with Store(data_path()).reader() as con:
            return assessment.units_behind(con, period, object_type, object_code, indicator, worktime)
    try:
        return assessment.units_behind(cursor, period, object_type, object_code, indicator, worktime)
    finally:
        cursor.close()


def annual_report(snapshot_id: int, year: int, fmt: str) -> bytes:
    """The annual report as bytes (built on demand, when the download is clicked)."""
    import tempfile

    from warehouse import report

    with tempfile.TemporaryDirectory() as tmp:
        path = report.write(data_path(), year, fmt, Path(tmp) / f"report.{fmt}")
        return path.read_bytes()


def monthly_bulletin(snapshot_id: int, month: str, fmt: str) -> bytes:
    """The monthly bulletin as bytes (built on demand, when the download is clicked)."""
    import tempfile

    from warehouse import bulletin

    with tempfile.TemporaryDirectory() as tmp:
        return bulletin.write(data_path(), month, fmt, Path(tmp) / f"bulletin.{fmt}").read_bytes()


# --- risk alerts and model quality ----------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def risk_alerts(snapshot_id: int) -> pl.DataFrame:
    """Published alerts (empty where the models have not run on this warehouse yet)."""
    return _published(snapshot_id, "pages/risk_alerts")


@st.cache_data(max_entries=4, show_spinner=False)
def hotspot_forecast(snapshot_id: int) -> pl.DataFrame:
    return _published(snapshot_id, "pages/hotspot_forecast")


@st.cache_data(max_entries=64, show_spinner=False)
def grid_weekly_history(snapshot_id: int, grid_code: str, until: dt.date, weeks: int = 26) -> pl.DataFrame:
    return _query(snapshot_id, "pages/grid_weekly_history", grid_code=grid_code, until=until, weeks=weeks)


@st.cache_data(max_entries=64, show_spinner=False)
def dispute_detail(snapshot_id: int, dispute_id: str) -> pl.DataFrame:
    return _query(snapshot_id, "pages/dispute_detail", dispute_id=dispute_id)


@st.cache_data(max_entries=64, show_spinner=False)
def grid_disputes(snapshot_id: int, grid_code: str, until: dt.datetime) -> pl.DataFrame:
    return _query(snapshot_id, "pages/grid_disputes", grid_code=grid_code, until=until)


@st.cache_data(max_entries=4, show_spinner=False)
def alert_outcomes(snapshot_id: int, as_of: dt.datetime) -> pl.DataFrame:
    """Per alert: the cases in a hotspot alert's grid during its window, or whether a flagged
    dispute escalated (what really happened, beside what reviewers decided)."""
    try:
        return _query(snapshot_id, "model_inputs/alert_outcomes", as_of=as_of)
    except duckdb.CatalogException:
        return pl.DataFrame()


@st.cache_resource(show_spinner=False)
def _operational(kind: str, url: str):
    """One SQLAlchemy engine per store URL and kind for the whole server: creating one also
    creates the tables and triggers, which must not happen on every click."""
    from models.review_store import ReviewStore
    from warehouse.accounts import Accounts
    from warehouse.audit import AuditLog, anchor_path

    if kind == "audit":
        return AuditLog(url, anchor_path(data_path()))
    from models.review_store import LinkReviewStore

    return {"reviews": ReviewStore, "accounts": Accounts, "link_reviews": LinkReviewStore}[kind](url)


def _store():
    return _operational("reviews", default_url(data_path()))


def accounts():
    """The account store (sign-in, display tokens)."""
    return _operational("accounts", default_url(data_path()))


def audit_log():
    """The audit log of this data directory."""
    return _operational("audit", default_url(data_path()))


def audit(actor: str, action: str, target: str | None = None, detail: dict | None = None) -> None:
    audit_log().append(actor, action, target, detail)


def review_decisions() -> pl.DataFrame:
    """Every review decision, live (not cached: a decision must show the moment it is made)."""
    rows = _store().all_decisions()
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "review_id": pl.Int64,
        "alert_id": pl.String,
        "action": pl.String,
        "status": pl.String,
        "reason_code": pl.String,
        "assignee": pl.String,
        "due_date": pl.Date,
        "note": pl.String,
        "reviewer": pl.String,
        "decided_at": pl.Datetime("us"),
    }
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def record_review(decision) -> int:
    """Append a decision to the operational store (ReviewError says which field is missing),
    and to the audit log."""
    review_id = _store().record(decision)
    kept = decision.kept()
    detail = {"review_id": review_id, "action": kept["action"], "reason_code": kept["reason_code"], "assignee": kept["assignee"]}
    audit(f"reviewer:{decision.reviewer.strip()}", "alert_review", decision.alert_id, detail)
    return review_id


def record_export(actor: str, filters: Filters, rows: int, fmt: str) -> None:
    """Audit an export: who, which filters, how many rows, which format."""
    from dataclasses import asdict

    audit(actor, "export", "explorer cases", {"filters": asdict(filters), "rows": rows, "format": fmt})


def backtest_result(step: str = "week") -> BacktestResult | None:
    """The latest saved hotspot backtest (``python -m models backtest``), or None."""
    if step not in ("week", "day"):
        raise ValueError(f"unknown backtest step {step!r}")
    return results.read_backtest(data_path() / "models" / f"backtest_{step}.json")


def dispute_evaluation() -> DisputeEvaluation | None:
    """The latest saved dispute model evaluation (``python -m models train``), or None."""
    return results.read_dispute_evaluation(data_path() / "models" / "dispute_evaluation.json")


def text_evaluation() -> dict | None:
    """The latest saved text-model evaluation (``python -m models text``): target → its result
    as ``models.text.TextEvaluation.to_json`` wrote it, or None."""
    path = data_path() / "models" / "text_evaluation.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["targets"]


def incident_evaluation() -> dict | None:
    """How the last ``models incidents`` run chose its link confidence (learned or the rule)
    and how it did on its time split (``incident_evaluation.json``), or None before any run."""
    path = data_path() / "models" / "incident_evaluation.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@st.cache_data(max_entries=8, show_spinner=False)
def text_disagreements(snapshot_id: int, target: str, scope: str | None, limit: int = 200) -> pl.DataFrame:
    """Possible mis-dispatches (``python -m models suggest``), most confident first; empty where
    none were published."""
    return _published(snapshot_id, "pages/text_disagreements", target=target, scope=scope, limit=limit)


@st.cache_data(max_entries=16, show_spinner=False)
def hot_issues(snapshot_id: int, filters: Filters, scope: str | None, limit: int = 100) -> pl.DataFrame:
    """The published hot issues (``python -m models hot``) in the region filter, whose span
    overlaps its period, and in the scope."""
    period = filters.params()
    return _published(
        snapshot_id,
        "pages/hot_issues",
        street=filters.street,
        community=filters.community,
        grid=filters.grid,
        scope=scope,
        start=period["start"],
        end=period["end"],
        limit=limit,
    )


@st.cache_data(max_entries=4, show_spinner=False)
def wall_hot_issues(snapshot_id: int, now: dt.datetime, limit: int = 5) -> pl.DataFrame:
    """The week's hottest issues for the wall: published hot issues whose span reaches into the 7
    days up to ``now``, the whole district (the wall's view), hottest first."""
    through = periods.through(now)
    params = {"street": None, "community": None, "grid": None, "scope": None}
    return _published(snapshot_id, "pages/hot_issues", **params, start=now - dt.timedelta(days=7), end=through, limit=limit)


@st.cache_data(max_entries=4, show_spinner=False)
def wall_incident_days(snapshot_id: int, now: dt.datetime) -> pl.DataFrame:
    """Incidents per day (一事多报 counted once) beside the wall's 30-day trend of reports."""
    return _published(snapshot_id, "pages/wall_incident_days", day=now.date())


@st.cache_data(max_entries=32, show_spinner=False)
def explorer_incidents(snapshot_id: int, filters: Filters, now: dt.datetime) -> dict[str, int] | None:
    """How many of the filtered reports the last incident linking joined, into how many
    incidents; None before ``models incidents`` has published any incident on this warehouse."""
    found = _published(snapshot_id, "pages/explorer_incidents", **fact_job_params(filters, code_ids(snapshot_id), now))
    return found.row(0, named=True) if found.height and found["linked_anywhere"][0] else None


@st.cache_data(max_entries=16, show_spinner=False)
def hot_issue_cases(snapshot_id: int, issue_id: str) -> pl.DataFrame:
    return _query(snapshot_id, "pages/hot_issue_cases", issue_id=issue_id)


@st.cache_data(max_entries=16, show_spinner=False)
def incident_queue(snapshot_id: int, scope: str | None, limit: int = 500) -> pl.DataFrame:
    """Uncertain incident links (``python -m models incidents``), surest first."""
    return _published(snapshot_id, "pages/incident_queue", scope=scope, limit=limit)


@st.cache_data(max_entries=16, show_spinner=False)
def incident_list(snapshot_id: int, scope: str | None, limit: int = 200) -> pl.DataFrame:
    return _published(snapshot_id, "pages/incidents", scope=scope, limit=limit)


@st.cache_data(max_entries=16, show_spinner=False)
def incident_counts(snapshot_id: int, scope: str | None) -> dict[str, Any]:
    """The 一事多报 page's headline numbers, uncapped: incidents and their reports in scope, and
    the uncertain links' ids (the page takes out those decided since)."""
    counts = _published(snapshot_id, "pages/incident_counts", scope=scope)
    ids = _published(snapshot_id, "pages/incident_uncertain_ids", scope=scope)
    row = counts.row(0, named=True) if counts.height else {"incidents": 0, "reports": 0}
    return row | {"uncertain": ids["link_id"].to_list() if ids.height else []}


def link_decisions() -> dict[str, str]:
    """Each reviewed incident link's latest decision, live (a decision shows the moment it is made)."""
    return _operational("link_reviews", default_url(data_path())).latest()


def record_link_review(link_id: str, action: str, reviewer: str, note: str | None) -> int:
    """Append a decision on an incident link (ReviewError says which field is wrong), and to the
    audit log, as alert reviews are."""
    review_id = _operational("link_reviews", default_url(data_path())).record(link_id, action, reviewer, note)
    audit(f"reviewer:{reviewer.strip()}", "incident_link_review", link_id, {"review_id": review_id, "action": action})
    return review_id


# --- grid profile -----------------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def grid_measures(snapshot_id: int, now: dt.datetime) -> pl.DataFrame:
    """Every grid's base data, staff, patrol coverage (7 and 30 days, on the configured working
    days) and load at ``now``: one table, so a grid is read beside the district median and the
    maps colour grids by the same numbers."""
    from warehouse.assessment import workdays

    first = dt.datetime.combine(now.date() - dt.timedelta(days=29), dt.time())
    end = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    days = workdays(first, end, config().worktime)["day"].to_list()
    return _query(snapshot_id, "pages/grid_measures", now=now, start=first, end=end, workdays=days)


@st.cache_data(max_entries=16, show_spinner=False)
def grid_component_list(snapshot_id: int, grid_code: str) -> pl.DataFrame:
    """One grid's components with their condition and the number of cases naming each."""
    return _query(snapshot_id, "pages/grid_component_list", grid_code=grid_code)


@st.cache_data(max_entries=32, show_spinner=False)
def component_detail(snapshot_id: int, component_id: str) -> dict[str, pl.DataFrame]:
    """One component's condition history across loads and the cases that name it."""
    return {
        "history": _query(snapshot_id, "pages/component_history", component_id=component_id),
        "cases": _query(snapshot_id, "pages/component_cases", component_id=component_id),
    }


@st.cache_data(max_entries=4, show_spinner=False)
def base_data_present(snapshot_id: int) -> dict[str, bool]:
    """Whether residents and full-time grid workers are loaded (the maps' extra metrics)."""
    return _query(snapshot_id, "pages/base_data_present").row(0, named=True)


@st.cache_data(max_entries=64, show_spinner=False)
def grid_details(snapshot_id: int, grid_code: str, now: dt.datetime) -> dict[str, pl.DataFrame]:
    """One grid's components by class and condition, staff on duty by role and special-group
    counts (the page shows the last only where the role may see them)."""
    return {
        "components": _query(snapshot_id, "pages/grid_components", grid_code=grid_code),
        "staff": _query(snapshot_id, "pages/grid_staff", grid_code=grid_code, now=now),
        "special_groups": _query(snapshot_id, "pages/grid_special_groups", grid_code=grid_code, now=now),
    }
