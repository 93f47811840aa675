"""What is kept in step inside every snapshot: case_facts, the mart kept in step with cases (the
explorer, and through the grid_day_counts view the wall and the models), and the grid lattice
kept in step with grids (placing points, load/placement.sql). Loads maintain case_facts by
difference; a grids change, or a warehouse written before either existed, rebuilds them."""

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


# The grid lattice: cells per median grid side, the most cells it may have, and the margin in
# degrees (about 0.1 mm) a cell must keep inside its grid (marts/grid_cells_rebuild.sql).
LATTICE = {"per_side": 24, "max_cells": 2_000_000, "margin": 1e-9}


def rebuild_lattice(con: duckdb.DuckDBPyConnection) -> None:
    """The grid lattice from the current grids: run after every grids change."""
    sql.run_file(con, "marts/grid_cells_rebuild", **LATTICE)


def _facts_in_step(con: duckdb.DuckDBPyConnection) -> bool:
    n_cases, n_facts = sql.query(con, "marts/case_facts_counts").row(0)
    return n_cases == n_facts


def _lattice_in_step(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(sql.scalar(con, "marts/lattice_in_step"))


def in_step(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether case_facts holds one row per case and the grids have their lattice."""
    return _facts_in_step(con) and _lattice_in_step(con)


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild what is out of step: a warehouse written before the mart or the lattice existed.
    Runs before every change, so the deltas always start from a mart in step. (A grid lattice
    that is missing only slows placement down; it never changes where a point lands.)"""
    if not _facts_in_step(con):
        rebuild(con)
    if not _lattice_in_step(con):
        rebuild_lattice(con)


# Retired tables and the file that drops each (names are fixed here, never user input).
RETIRED = {
    "grid_day_counts": "marts/drop_grid_day_counts_table",  # replaced by a view
    "case_facts": "marts/drop_case_facts_table",  # only when its column layout is outdated
}
# Marts whose column layout changed: a column only the current layout has. An older table is
# dropped and rebuilt from cases (derived data), which is the migration for a mart.
LAYOUT_MARKERS = {"case_facts": "assessed_due_at"}


def retired_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables an older version kept that this one has replaced by views, and marts of an older
    column layout."""
    replaced = sql.query(con, "marts/retired_tables", names=sorted(set(RETIRED) - set(LAYOUT_MARKERS)))
    tables = sorted(LAYOUT_MARKERS)
    outdated = sql.query(con, "marts/outdated_layouts", tables=tables, markers=[LAYOUT_MARKERS[t] for t in tables])
    return replaced["table_name"].to_list() + outdated["table_name"].to_list()


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
