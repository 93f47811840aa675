"""The mart kept in step with cases inside every snapshot: case_facts (the explorer, and through
the grid_day_counts view the wall and the models). Loads maintain it by difference; a grids
change, or a warehouse written before the mart existed, rebuilds it from the cases."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse import sql


def after_cases_load(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Apply one cases load (its rows carry ``run_id``; the old versions are in temp table
    ``replaced``) to the mart."""
    sql.run_file(con, "marts/case_facts_delta", run_id=run_id)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Every mart from all cases."""
    sql.run_file(con, "marts/case_facts_rebuild", run_id=None)


def in_step(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether case_facts holds one row per case."""
    n_cases, n_facts = sql.query(con, "marts/case_facts_counts").row(0)
    return n_cases == n_facts


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild case_facts if it is out of step: a warehouse written before the mart existed.
    Runs before every change, so the deltas always start from a mart in step."""
    if not in_step(con):
        rebuild(con)


# Retired tables and the file that drops each (names are fixed here, never user input).
RETIRED = {"grid_day_counts": "marts/drop_grid_day_counts_table"}


def retired_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables an older version kept that this one has replaced by views."""
    return sql.query(con, "marts/retired_tables", names=sorted(RETIRED))["table_name"].to_list()


def drop_retired(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the retired tables before the schema creates their views (a table cannot be
    replaced by a view of the same name)."""
    for name in retired_tables(con):
        sql.run_file(con, RETIRED[name])


def code_ids(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """The case_facts ids of every code, by dimension: what ``Filters.fact_params`` binds."""
    return ids_by_dim(sql.query(con, "marts/fact_codes"))


def ids_by_dim(codes: pl.DataFrame) -> dict[str, dict[str, int]]:
    """``marts/fact_codes`` rows (dim, code, id) as {dim: {code: id}}."""
    out: dict[str, dict[str, int]] = {}
    for dim, code, id_ in codes.iter_rows():
        out.setdefault(dim, {})[code] = id_
    return out
