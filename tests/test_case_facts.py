"""The explorer's case_facts mart: one row per case, always in step with cases (loads, updates,
grid changes, upgrades), and the explorer's figures from it equal to the same figures computed
straight from cases; quantiles from tenth-hour buckets checked on hand-made values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard.data import fact_job_params
from dashboard.filters import Filters
from pipelines import grids, profiles
from pipelines.load import load, load_frames
from tests.helpers import case, warehouse_copy, write_cases
from warehouse import marts, sql
from warehouse.db import Store, connect

# Every fact column recomputed from cases in the test, by its own definition.
MISMATCHES = """
SELECT count(*) FROM cases AS c
FULL JOIN (
    SELECT f.*, g.code AS grid_code, cm.code AS community_code, s.code AS street_code, mj.code AS category_major,
           ct.code AS category_code, ch.code AS channel, d.code AS department_code, st.code AS status
    FROM case_facts AS f
    LEFT JOIN fact_codes AS g ON g.dim = 'grid' AND g.id = f.grid_id
    LEFT JOIN fact_codes AS cm ON cm.dim = 'community' AND cm.id = f.community_id
    LEFT JOIN fact_codes AS s ON s.dim = 'street' AND s.id = f.street_id
    LEFT JOIN fact_codes AS mj ON mj.dim = 'major' AND mj.id = f.major_id
    LEFT JOIN fact_codes AS ct ON ct.dim = 'category' AND ct.id = f.category_id
    LEFT JOIN fact_codes AS ch ON ch.dim = 'channel' AND ch.id = f.channel_id
    LEFT JOIN fact_codes AS d ON d.dim = 'department' AND d.id = f.department_id
    LEFT JOIN fact_codes AS st ON st.dim = 'status' AND st.id = f.status_id
) AS f ON f.source = c.source AND f.case_id = c.case_id
WHERE f.case_id IS NULL OR c.case_id IS NULL
   OR f.reported_at IS DISTINCT FROM c.reported_at
   OR f.day IS DISTINCT FROM CAST(c.reported_at AS DATE)
   OR f.week_hour IS DISTINCT FROM (dayofweek(c.reported_at) + 6) % 7 * 24 + hour(c.reported_at)
   OR f.grid_code IS DISTINCT FROM c.grid_code OR f.community_code IS DISTINCT FROM c.community_code
   OR f.street_code IS DISTINCT FROM c.street_code OR f.category_major IS DISTINCT FROM c.category_major
   OR f.category_code IS DISTINCT FROM c.category_code OR f.channel IS DISTINCT FROM c.channel
   OR f.department_code IS DISTINCT FROM c.department_code OR f.status IS DISTINCT FROM c.status
   OR f.is_closed IS DISTINCT FROM (c.status = 'closed') OR f.is_cancelled IS DISTINCT FROM (c.status = 'cancelled')
   OR f.open_due_at IS DISTINCT FROM (CASE WHEN c.status IN ('closed', 'cancelled', 'suspended') THEN NULL ELSE c.due_at END)
   OR f.closed_with_due IS DISTINCT FROM (c.status = 'closed' AND c.due_at IS NOT NULL)
   OR f.closed_on_time IS DISTINCT FROM (c.status = 'closed' AND c.due_at IS NOT NULL AND c.closed_at <= c.due_at)
   OR f.close_tenths IS DISTINCT FROM CAST(round(c.close_work_hours * 10) AS INTEGER)
   OR f.assessed_due_at IS DISTINCT FROM (
          CASE WHEN c.registered_at IS NOT NULL AND c.status NOT IN ('cancelled', 'suspended') THEN c.due_at END)
   OR f.closed_at IS DISTINCT FROM c.closed_at OR f.disposed_at IS DISTINCT FROM c.disposed_at
   OR f.reworked IS DISTINCT FROM coalesce(c.rework_count > 0, false)
   OR f.extended IS DISTINCT FROM coalesce(c.extension_count > 0, false)
   OR f.dispose_hours IS DISTINCT FROM c.dispose_work_hours
"""


# grid_day_counts by its definition, straight from cases (what the table of older versions held).
GRID_DAY_COUNTS_FROM_CASES = """
SELECT grid_code, community_code, street_code, CAST(reported_at AS DATE) AS day, category_major, channel,
       CAST(count(*) AS INTEGER) AS cases, CAST(count(*) FILTER (WHERE status = 'closed') AS INTEGER) AS closed,
       CAST(count(*) FILTER (WHERE status = 'cancelled') AS INTEGER) AS cancelled
FROM cases GROUP BY ALL
"""


def mismatches(data: Path) -> tuple[int, int, int]:
    with Store(data).reader() as con:
        n_cases, n_facts = con.sql("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_facts)").fetchone()
        return n_cases, n_facts, con.sql(MISMATCHES).fetchone()[0]


def test_grid_day_counts_view_equals_its_definition_on_cases(loaded_city: Path):
    with Store(loaded_city).reader() as con:
        view = con.sql("SELECT * FROM grid_day_counts ORDER BY ALL").fetchall()
        assert view == con.sql(f"{GRID_DAY_COUNTS_FROM_CASES} ORDER BY ALL").fetchall()
        assert sum(r[6] for r in view) == con.sql("SELECT count(*) FROM cases").fetchone()[0] > 0


def test_small_city_facts_match_cases(loaded_city: Path):
    n_cases, n_facts, bad = mismatches(loaded_city)
    assert n_cases > 1000 and n_facts == n_cases and bad == 0


def test_loads_updates_and_grid_changes_keep_facts_in_step(loaded_city: Path, data: Path, tmp_path: Path):
    load(data, profiles.resolve("demo-grids"), [loaded_city / "raw" / "demo" / "grids.geojson"])
    with Store(data).reader() as con:
        (lon, lat), (lon2, lat2) = con.sql(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geometry) AS p FROM grids ORDER BY grid_code LIMIT 2)"
        ).fetchall()
    canonical = profiles.resolve("canonical")
    first = [case("F1", status="dispatched", due_at="2025-03-04 09:00:00", lon=lon, lat=lat), case("F2", lon=lon2, lat=lat2)]
    load(data, canonical, [write_cases(tmp_path / "a.csv", first)])
    assert mismatches(data) == (2, 2, 0)
    # F1 closes late, F3 is new and unlocated, F2 is reloaded unchanged
    b = [
        case(
            "F1",
            status="closed",
            closed_at="2025-03-05 10:00:00",
            due_at="2025-03-04 09:00:00",
            updated="2025-03-05 10:00:00",
            lon=lon,
            lat=lat,
        ),
        case("F2", lon=lon2, lat=lat2),
        case("F3", channel="hotline", category_code="01010"),
    ]
    load(data, canonical, [write_cases(tmp_path / "b.csv", b)])
    assert mismatches(data) == (3, 3, 0)
    with Store(data).reader() as con:
        row = con.sql("SELECT is_closed, closed_with_due, closed_on_time, open_due_at FROM case_facts WHERE case_id = 'F1'").fetchone()
        old_grids = con.sql("SELECT count(DISTINCT grid_id) FROM case_facts WHERE grid_id IS NOT NULL").fetchone()[0]
    assert row == (True, True, False, None) and old_grids == 2
    # square cells replace the grids: every case is placed again and the facts follow
    load_frames(data, grids.SQUARE_PROFILE, [("<square>", "", grids.square_cells(grids.case_extent(data), 100))])
    assert mismatches(data) == (3, 3, 0)
    with Store(data).reader() as con:
        placed = con.sql(
            "SELECT count(*) FROM case_facts AS f JOIN fact_codes AS k ON k.dim = 'grid' AND k.id = f.grid_id"
            " WHERE k.code NOT IN (SELECT grid_code FROM grids)"
        ).fetchone()[0]
    assert placed == 0


def test_a_warehouse_from_before_the_mart_is_rebuilt(loaded_city: Path, tmp_path: Path):
    copy = tmp_path / "old.duckdb"
    shutil.copyfile(Store(loaded_city).current().path, copy)
    con = connect(copy)
    try:
        expected = con.sql("SELECT * FROM case_facts ORDER BY source, case_id").fetchall()
        con.sql("DELETE FROM case_facts")
        assert not marts.in_step(con)
        marts.ensure(con)
        assert marts.in_step(con)
        assert con.sql("SELECT * FROM case_facts ORDER BY source, case_id").fetchall() == expected
    finally:
        con.close()


@pytest.fixture()
def facts_only() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with only the tables the explorer's mart queries read."""
    con = duckdb.connect()
    sql.run_dir(con, "schema")
    yield con
    con.close()


def _fact(con: duckdb.DuckDBPyConnection, case_id: str, tenths: int | None, dept_id: int = 1, closed: bool = True) -> None:
    con.execute(
        "INSERT INTO case_facts (source, case_id, reported_at, day, week_hour, department_id, channel_id, status_id,"
        " is_closed, is_cancelled, closed_with_due, closed_on_time, close_tenths, reworked, extended)"
        " VALUES ('t', ?, TIMESTAMP '2025-03-03 09:00:00', DATE '2025-03-03', 8, ?, 1, 1, ?, false, false, false, ?, false, false)",
        [case_id, dept_id, closed, tenths],
    )


def test_median_and_quantiles_from_tenth_hour_buckets(facts_only: duckdb.DuckDBPyConnection):
    con = facts_only
    con.sql(
        "INSERT INTO fact_codes VALUES ('department', 'D1', 1), ('department', 'D2', 2), ('channel', 'inspector', 1), ('status', 'closed', 1)"
    )
    con.sql("INSERT INTO departments (department_code, department_name) VALUES ('D1', '一局'), ('D2', '二局')")
    # D1: 1.0, 2.0, 2.0, 3.5, 10.0 h; D2: four cases (left out: fewer than 5); one open case without hours
    for i, tenths in enumerate([10, 20, 20, 35, 100]):
        _fact(con, f"a{i}", tenths)
    for i, tenths in enumerate([5, 6, 7, 8]):
        _fact(con, f"b{i}", tenths, dept_id=2)
    _fact(con, "open", None, closed=False)
    f = Filters(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    params = fact_job_params(f, marts.code_ids(con), dt.datetime(2025, 3, 31))
    summary = sql.query(con, "pages/explorer_summary", **params).row(0, named=True)
    # nine values 0.5 0.6 0.7 0.8 1.0 2.0 2.0 3.5 10.0: the nearest-rank median is the 5th, 1.0
    assert (summary["cases"], summary["closed"], summary["open"], summary["median_close_hours"]) == (10, 9, 1, 1.0)
    sla = sql.query(con, "pages/explorer_sla", **params, by="department")
    # D1 ranks: p10 → 1st (1.0), p25 → 2nd (2.0), p50 → 3rd (2.0), p75 → 4th (3.5), p90 → 5th (10.0)
    assert sla.rows() == [("D1", "一局", 5, 1.0, 2.0, 2.0, 3.5, 10.0)]
    only_d2 = dataclasses.replace(f, departments=("D2",))
    d2 = sql.query(con, "pages/explorer_summary", **fact_job_params(only_d2, marts.code_ids(con), dt.datetime(2025, 3, 31)))
    assert d2.row(0, named=True)["median_close_hours"] == 0.6  # 0.5 0.6 0.7 0.8: the 2nd
    unknown = dataclasses.replace(f, departments=("no such department",))
    nothing = sql.query(con, "pages/explorer_summary", **fact_job_params(unknown, marts.code_ids(con), dt.datetime(2025, 3, 31)))
    assert nothing.row(0, named=True) == {
        "cases": 0,
        "closed": 0,
        "cancelled": 0,
        "open": 0,
        "overdue_now": 0,
        "closed_on_time": 0,
        "due": 0,
        "median_close_hours": None,
    }


# The explorer's figures from the mart against the same figures straight from cases.
FILTERS = [
    {},
    {"street": "first street"},
    {"major": "06"},
    {"channels": ("hotline", "public")},
    {"statuses": ("closed",)},
    {"departments": ("first department",)},
]


@pytest.mark.parametrize("extra", FILTERS, ids=lambda e: ",".join(e) or "none")
def test_explorer_figures_from_the_mart_equal_figures_from_cases(loaded_city: Path, extra: dict):
    with Store(loaded_city).reader() as con:
        street = con.sql("SELECT min(street_code) FROM grids").fetchone()[0]
        dept = con.sql("SELECT mode(department_code) FROM cases").fetchone()[0]
        now = con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]
        extra = {k: (street if v == "first street" else (dept,) if v == ("first department",) else v) for k, v in extra.items()}
        f = Filters(now.date() - dt.timedelta(days=179), now.date(), **extra)
        params = {**f.params(), **fact_job_params(f, marts.code_ids(con), now)}
        where = sql.text("pages/_case_filter")
        where = "\n".join(ln for ln in where.splitlines() if not ln.lstrip().startswith("--"))
        raw = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'closed'), count(*) FILTER (WHERE status = 'cancelled'),"
            " count(*) FILTER (WHERE status NOT IN ('closed', 'cancelled', 'suspended') AND due_at < $now),"
            " quantile_disc(round(close_work_hours * 10), 0.5) / 10"
            f" FROM cases AS c WHERE {where}",
            {k: v for k, v in params.items() if f"${k}" in where or k == "now"},
        ).fetchone()
        # On-time closure (DOMAIN.md §4): the same restrictions over the cases *due* in the period
        due_where = where.replace(
            "c.reported_at >= $start AND c.reported_at < $end",
            "c.due_at >= $start AND c.due_at < $due_end AND c.registered_at IS NOT NULL AND c.status NOT IN ('cancelled', 'suspended')",
        )
        assert due_where != where
        raw_due = con.execute(
            f"SELECT count(*) FILTER (WHERE c.closed_at <= c.due_at), count(*) FROM cases AS c WHERE {due_where}",
            _only(params, due_where),
        ).fetchone()
        s = sql.query(con, "pages/explorer_summary", **params).row(0, named=True)
        assert (s["cases"], s["closed"], s["cancelled"], s["overdue_now"], s["median_close_hours"]) == raw[:5]
        assert (s["closed_on_time"], s["due"]) == raw_due and raw_due[1] > 0
        # quantile_disc(0.5) is the ceil(n/2)-th value for odd n, the (n/2)-th for even n: nearest rank
        assert s["cases"] > 0
        raw_grid = dict(
            con.execute(
                f"SELECT grid_code, count(*) FROM cases AS c WHERE c.grid_code IS NOT NULL AND {where} GROUP BY 1", _only(params, where)
            ).fetchall()
        )
        grids = sql.query(con, "pages/explorer_grids", **params)
        assert {g: n for g, n in grids.select("grid_code", "cases").iter_rows() if n} == raw_grid
        raw_channels = dict(
            con.execute(f"SELECT channel, count(*) FROM cases AS c WHERE {where} GROUP BY 1", _only(params, where)).fetchall()
        )
        assert dict(sql.query(con, "pages/explorer_channels", **params).iter_rows()) == raw_channels
        raw_days = dict(
            con.execute(
                f"SELECT CAST(reported_at AS DATE), count(*) FROM cases AS c WHERE {where} GROUP BY 1", _only(params, where)
            ).fetchall()
        )
        trend = sql.query(con, "pages/explorer_trend", **params, unit="day")
        assert {d: n for d, n in trend.select("bucket", "cases").iter_rows() if n} == raw_days
        # every day of the period is there, 0 where nothing was reported (no line across gaps)
        days = (params["end"] - params["start"]).days if hasattr(params["end"], "day") else None
        if days:
            assert trend.height == days and trend["bucket"].is_sorted()
        raw_dow = dict(
            con.execute(
                f"SELECT isodow(reported_at) * 100 + hour(reported_at), count(*) FROM cases AS c WHERE {where} GROUP BY 1",
                _only(params, where),
            ).fetchall()
        )
        dow = sql.query(con, "pages/explorer_dow_hour", **params)
        assert {d * 100 + h: n for d, h, n in dow.iter_rows()} == raw_dow
        raw_cats = dict(
            con.execute(f"SELECT category_code, count(*) FROM cases AS c WHERE {where} GROUP BY 1", _only(params, where)).fetchall()
        )
        cats = sql.query(con, "pages/explorer_categories", **params)
        assert dict(cats.select("code", "cases").iter_rows()) == raw_cats


def _only(params: dict, where: str) -> dict:
    return {k: v for k, v in params.items() if f"${k}" in where}


STAGE_CLOCK_COLUMNS = [
    "verify_dispatched_at",
    "verified_at",
    "check_dispatched_at",
    "shift_leader_ref",
    "due_derived",
    "dispose_work_hours",
    "close_work_hours",
    "dispatch_work_hours",
    "check_work_hours",
    "verify_dispatch_work_hours",
    "verify_work_hours",
    "register_work_hours",
    "check_dispatch_work_hours",
    "close_after_check_work_hours",
    "extras",
]


def test_an_old_warehouse_is_upgraded_before_the_pages_read_it(loaded_city: Path, tmp_path: Path):
    from orchestration.cli.warehouse import main as warehouse_main
    from warehouse import upgrade

    city = tmp_path / "old"
    warehouse_copy(loaded_city, city)
    con = connect(Store(city).current().path)  # as an older GridPulse left it: no explorer mart,
    con.sql("DROP VIEW grid_day_counts")  # and grid_day_counts a table kept by difference
    con.sql(f"CREATE TABLE grid_day_counts AS {GRID_DAY_COUNTS_FROM_CASES}")
    expected = con.sql(f"{GRID_DAY_COUNTS_FROM_CASES} ORDER BY ALL").fetchall()
    con.sql("DROP TABLE case_facts")
    con.sql("DROP TABLE fact_codes")
    cases = con.sql("SELECT count(*), count(closed_at) FROM cases").fetchone()
    for column in STAGE_CLOCK_COLUMNS:  # the cases table of the first version, and no migration log
        con.sql(f"ALTER TABLE cases DROP COLUMN {column}")  # a fixed test list, not user input
    con.sql("DROP TABLE schema_migrations")
    con.close()
    before = Store(city).current().snapshot_id
    assert upgrade.needed(city)
    assert warehouse_main(["--data", str(city), "upgrade"]) == 0
    assert Store(city).current().snapshot_id == before + 1
    assert mismatches(city)[2] == 0 and not upgrade.needed(city)
    with Store(city).reader() as con:
        kinds = con.sql("SELECT view_name FROM duckdb_views() WHERE view_name = 'grid_day_counts'").fetchall()
        assert len(kinds) == 1  # the retired table is gone, the view took its place
        assert con.sql("SELECT * FROM grid_day_counts ORDER BY ALL").fetchall() == expected
    with Store(city).reader() as con:  # migration 001 added the columns back, rows intact
        assert con.sql("SELECT count(*), count(closed_at) FROM cases").fetchone() == cases
        shown = con.sql("SELECT column_name FROM duckdb_columns() WHERE table_name = 'cases'").pl()["column_name"].to_list()
        assert set(STAGE_CLOCK_COLUMNS) <= set(shown)
        assert con.sql("SELECT name FROM schema_migrations ORDER BY name").fetchall() == [
            ("001_cases_stage_clocks",),
            ("002_extras",),
            ("003_recorded_counts",),
            ("004_coverage_totals",),
            ("005_alert_explanation_en",),
            ("006_case_component",),
        ]
    assert upgrade.run(city) is None  # nothing more to do: no new snapshot
    assert Store(city).current().snapshot_id == before + 1
