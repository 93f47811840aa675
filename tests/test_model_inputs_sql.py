"""The model inputs that count cases around a grid and a time window (dispute_features'
grid_cases_90d, alert_outcomes' cases_in_window) on hand-made case_facts with known answers,
including the window edges: they read running totals and ASOF joins, easy to get off by a day."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from warehouse import sql

GRIDS = {"G1": 1, "G2": 2}


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    sql.run_dir(con, "schema")
    for code, id_ in GRIDS.items():
        con.execute("INSERT INTO fact_codes VALUES ('grid', ?, ?)", [code, id_])
    yield con
    con.close()


def add_cases(con: duckdb.DuckDBPyConnection, grid: str | None, day: dt.date, n: int = 1, cancelled: bool = False) -> None:
    for i in range(n):
        con.execute(
            "INSERT INTO case_facts (source, case_id, reported_at, day, week_hour, grid_id, is_closed, is_cancelled,"
            " closed_with_due, closed_on_time, reworked, extended) VALUES ('t', ?, ?, ?, 0, ?, false, ?, false, false, false, false)",
            [f"{grid}-{day}-{i}-{cancelled}", dt.datetime.combine(day, dt.time(9)), day, GRIDS.get(grid), cancelled],
        )


def add_dispute(con: duckdb.DuckDBPyConnection, dispute_id: str, grid: str | None, reported: dt.datetime) -> None:
    con.execute(
        "INSERT INTO disputes (dispute_id, source, reported_at, grid_code, status, escalated, updated_at, location_quality,"
        " row_hash, run_id) VALUES (?, 't', ?, ?, 'pending', false, ?, 'point', 0, 1)",
        [dispute_id, reported, grid, reported],
    )


def test_grid_cases_in_the_90_days_before_a_dispute(con: duckdb.DuckDBPyConnection):
    d = dt.date(2025, 6, 30)
    add_cases(con, "G1", d - dt.timedelta(days=91), 100)  # one day before the window: out
    add_cases(con, "G1", d - dt.timedelta(days=90), 3)  # first day of the window: in
    add_cases(con, "G1", d - dt.timedelta(days=40), 2, cancelled=True)  # cancelled reports still count here
    add_cases(con, "G1", d - dt.timedelta(days=1), 5)  # last day of the window: in
    add_cases(con, "G1", d, 1000)  # the dispute's own day: out
    add_cases(con, "G2", d - dt.timedelta(days=10), 7)  # another grid: out
    add_dispute(con, "D1", "G1", dt.datetime.combine(d, dt.time(15)))
    add_dispute(con, "D2", "G2", dt.datetime.combine(d, dt.time(8)))
    add_dispute(con, "D3", None, dt.datetime.combine(d, dt.time(8)))  # unlocated: no grid context
    add_dispute(con, "D4", "G1", dt.datetime(2025, 1, 1, 8))  # before any case of its grid
    add_dispute(con, "D5", "G1", dt.datetime.combine(d + dt.timedelta(days=200), dt.time(8)))  # long after: window empty
    frame = sql.query(con, "model_inputs/dispute_features", as_of="2026-06-01 00:00:00")
    got = dict(zip(frame["dispute_id"].to_list(), frame["grid_cases_90d"].to_list(), strict=True))
    assert got == {"D1": 3 + 2 + 5, "D2": 7, "D3": 0, "D4": 0, "D5": 0}


def test_cases_in_a_closed_hotspot_window(con: duckdb.DuckDBPyConnection):
    start, end = dt.date(2025, 3, 3), dt.date(2025, 3, 10)
    add_cases(con, "G1", start - dt.timedelta(days=1), 50)  # before the window
    add_cases(con, "G1", start, 4)  # first day: in
    add_cases(con, "G1", end - dt.timedelta(days=1), 6)  # last day: in
    add_cases(con, "G1", start + dt.timedelta(days=2), 9, cancelled=True)  # cancelled reports are not events
    add_cases(con, "G1", end, 80)  # valid_to is exclusive
    add_cases(con, "G2", start, 11)  # another grid
    for alert_id, grid, valid_to in [("A1", "G1", end), ("A2", "G9", end), ("A3", "G1", dt.date(2025, 12, 1))]:
        con.execute(
            "INSERT INTO risk_alerts (alert_id, alert_key, kind, subject_id, grid_code, score, explanation, method, model_version,"
            " valid_from, valid_to, status, created_at, updated_at, snapshot_id)"
            " VALUES (?, ?, 'hotspot', ?, ?, 1.0, '', 'm', 'v', ?, ?, 'open', TIMESTAMP '2025-03-02 00:00:00',"
            " TIMESTAMP '2025-03-02 00:00:00', 1)",
            [alert_id, f"hotspot:{alert_id}", grid, grid, start, valid_to],
        )
    frame = sql.query(con, "model_inputs/alert_outcomes", as_of="2025-04-01 00:00:00")
    got = dict(zip(frame["alert_id"].to_list(), frame["cases_in_window"].to_list(), strict=True))
    # A2's grid never had a case (no id): 0; A3's window is still open at as_of: unknown.
    assert got == {"A1": 4 + 6, "A2": 0, "A3": None}
