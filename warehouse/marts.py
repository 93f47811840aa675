"""Derived tables kept in step with cases inside every snapshot: grid_day_counts (the wall and
the models) and case_facts (the explorer). Loads maintain them by difference; a grids change,
or a warehouse written before a mart existed, rebuilds them from the cases."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse import sql


def after_cases_load(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Apply one cases load (its rows carry ``run_id``; the old versions are in temp table
    ``replaced``) to the marts."""
    sql.run_file(con, "marts/grid_day_counts_delta", run_id=run_id)
    sql.run_file(con, "marts/case_facts_delta", run_id=run_id)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Every mart from all cases."""
    sql.run_file(con, "marts/grid_day_counts_rebuild")
    sql.run_file(con, "marts/case_facts_rebuild", run_id=None)


def in_step(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether case_facts holds one row per case."""
    n_cases, n_facts = sql.query(con, "marts/case_facts_counts").row(0)
    return n_cases == n_facts


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild case_facts if it is out of step: a warehouse written before the mart existed.
    Runs before every change, so the deltas always start from a mart in step."""
    if not in_step(con):
        sql.run_file(con, "marts/case_facts_rebuild", run_id=None)


def code_ids(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """The case_facts ids of every code, by dimension: what ``Filters.fact_params`` binds."""
    return ids_by_dim(sql.query(con, "marts/fact_codes"))


def ids_by_dim(codes: pl.DataFrame) -> dict[str, dict[str, int]]:
    """``marts/fact_codes`` rows (dim, code, id) as {dim: {code: id}}."""
    out: dict[str, dict[str, int]] = {}
    for dim, code, id_ in codes.iter_rows():
        out.setdefault(dim, {})[code] = id_
    return out
