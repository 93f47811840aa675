"""How values reach DuckDB: query files bind them as session variables (never as SQL text), and
polars frames arrive as row-group-sized Arrow batches. Both are speed fixes, so the tests pin
that the answers are the same as plain parameter binding and that nothing is lost on the way."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from warehouse import sql
from warehouse.db import ARROW_BATCH_ROWS, arrow_of


def test_placeholders_become_variables_outside_literals_and_comments():
    text = "SELECT $a, 'it''s $b' AS s -- costs $c\n, $d_1 FROM t WHERE x = '$e'"
    assert sql._as_variables(text) == (
        "SELECT getvariable('gp_a'), 'it''s $b' AS s -- costs $c\n, getvariable('gp_d_1') FROM t WHERE x = '$e'"
    )


@pytest.mark.parametrize(
    "value",
    [None, [3, 1], "2025-03-03", dt.date(2025, 3, 3), dt.datetime(2025, 3, 3, 9, 30), 7, "O'Brien'); DROP TABLE t; --"],
)
def test_query_values_arrive_as_bound_values(monkeypatch: pytest.MonkeyPatch, value):
    """NULLs, lists, dates and hostile strings come back exactly as given, and a NULL is still
    a NULL to ``IS NULL`` (the explorer's optional filters rely on it)."""
    con = duckdb.connect()
    con.sql("CREATE TABLE t (x INTEGER)")
    monkeypatch.setattr(sql, "text", lambda name: "SELECT $v AS v, $v IS NULL AS is_null, (SELECT count(*) FROM t) AS n")
    assert sql.query(con, "any", v=value).row(0) == (value, value is None, 0)
    assert sql.query(con, "any", v=value).row(0) == (value, value is None, 0)  # again: the table survived


def test_parallel_cursors_keep_their_own_values():
    con = duckdb.connect()
    first, second = con.cursor(), con.cursor()
    first.execute("SET VARIABLE gp_v = $value", {"value": 1})
    second.execute("SET VARIABLE gp_v = $value", {"value": 2})
    assert first.sql("SELECT getvariable('gp_v')").fetchone() == (1,)
    assert second.sql("SELECT getvariable('gp_v')").fetchone() == (2,)


@pytest.mark.parametrize("rows", [0, 1, ARROW_BATCH_ROWS, 2 * ARROW_BATCH_ROWS + 7])
def test_frames_reach_duckdb_whole_in_row_group_batches(rows: int):
    frame = pl.DataFrame({"i": pl.int_range(rows, eager=True), "s": pl.int_range(rows, eager=True).cast(pl.Utf8)})
    table = arrow_of(frame)
    assert table.schema.names == ["i", "s"]
    assert all(b.num_rows <= ARROW_BATCH_ROWS for b in table.to_batches())
    con = duckdb.connect()
    con.register("t", table)
    assert con.sql("SELECT count(*), coalesce(sum(i), 0), count(DISTINCT s) FROM t").fetchone() == (rows, rows * (rows - 1) // 2, rows)
