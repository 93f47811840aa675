"""The one small loader for the warehouse's .sql files.

Every value reaches DuckDB as a bound, named parameter (``$name``); nothing is formatted into
SQL text. A file may hold several statements, each ending with ``;`` at the end of a line.

The folders of ``sql/`` follow the layers of the data (README, "Data flow"):

- ``schema/``: the published tables, views and macros, created where missing before every change;
  ``migrations/``: changes to tables an older version created (``warehouse/migrations.py``);
- ``load/``: what a load writes: staging, outcome classification, upserts, quarantine, run log;
- ``marts/``: the derived tables (``case_facts``, ``grid_cells``) and the deltas that fill them;
- ``assessment/``: indicator counting and the scores and rubrics it writes;
- ``model_inputs/``: the panels and features the models read; ``model_outputs/``: what they write;
- ``pages/``: the dashboard's queries, one per figure (``_*.sql`` are shared filter fragments);
- ``report/``: the annual report's queries; ``status/``: run log, quarantine and snapshot lookups
  shared by the CLI and the data page.
"""

from __future__ import annotations

import functools
import re
import time
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

SQL_DIR = Path(__file__).with_name("sql")
# Set to a list to record (file, statement number, seconds) of every statement run_file runs;
# bench/ uses it to show where a load spends its time.
TRACE: list[tuple[str, int, float]] | None = None
PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


INCLUDE_RE = re.compile(r"^\s*-- @include ([A-Za-z0-9_/]+)\s*$", re.MULTILINE)


@functools.cache
def text(name: str) -> str:
    """The text of ``sql/<name>.sql``; names are fixed strings from code, never user input.

    A line ``-- @include other/name`` is replaced by that file's SQL (its comment lines dropped):
    one shared filter predicate instead of a copy in every query. Only SQL text is included,
    never values."""
    path = (SQL_DIR / f"{name}.sql").resolve()
    if SQL_DIR.resolve() not in path.parents:
        raise ValueError(f"SQL name outside the sql folder: {name!r}")
    body = path.read_text(encoding="utf-8")
    return INCLUDE_RE.sub(lambda m: "\n".join(ln for ln in text(m.group(1)).splitlines() if not ln.lstrip().startswith("--")), body)


def statements(sql_text: str) -> list[str]:
    """Split a file into statements at semicolons that end a line (comments kept out)."""
    out: list[str] = []
    current: list[str] = []
    for line in sql_text.splitlines():
        if line.strip().startswith("--") and not current:
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(current).strip().rstrip(";").strip()
            if stmt:
                out.append(stmt)
            current = []
    tail = "\n".join(current).strip()
    if tail and not all(ln.strip().startswith("--") or not ln.strip() for ln in current):
        out.append(tail)
    return out


def _bind(stmt: str, params: dict[str, Any]) -> dict[str, Any] | None:
    used = set(PARAM_RE.findall(_strip_strings(stmt)))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"SQL parameter(s) not supplied: {sorted(missing)}")
    return {k: params[k] for k in used} or None


def _strip_strings(stmt: str) -> str:
    """The statement without comments and string literals (an apostrophe in a comment such as
    "inspector's" must not swallow the parameters that follow it)."""
    no_comments = re.sub(r"--[^\n]*", "", stmt)
    return re.sub(r"'(?:[^']|'')*'", "''", no_comments)


def run_file(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
    """Execute every statement of ``sql/<name>.sql`` with bound parameters."""
    for i, stmt in enumerate(statements(text(name)), start=1):
        started = time.perf_counter()
        con.execute(stmt, _bind(stmt, params))
        if TRACE is not None:
            TRACE.append((name, i, time.perf_counter() - started))


def run_dir(con: duckdb.DuckDBPyConnection, folder: str, **params: Any) -> None:
    """Execute every file of ``sql/<folder>/`` in name order (used for the schema)."""
    for path in sorted((SQL_DIR / folder).glob("*.sql")):
        run_file(con, f"{folder}/{path.stem}", **params)


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pl.DataFrame:
    """Run a single-statement query file and return a polars frame.

    Values are bound as session variables (``SET VARIABLE gp_<name> = $value``, itself a bound
    parameter) and the statement reads them with ``getvariable``. Why not ``con.sql(q, params=...)``:
    DuckDB's Python client materialises a parameterised relation and converts it on one thread,
    several times slower for a large result such as the model panel (duckdb-python#238). Filters on variables still prune by zone maps. Each
    cursor has its own variables, so parallel queries on separate cursors cannot mix them."""
    stmts = statements(text(name))
    if len(stmts) != 1:
        raise ValueError(f"{name}.sql must hold exactly one statement for query()")
    bound = _bind(stmts[0], params) or {}
    for key, value in bound.items():
        # The value is bound. Only the variable's name is formatted: an identifier from the fixed
        # list of $parameters written in our own .sql file (matched by PARAM_RE,
        # [A-Za-z_][A-Za-z0-9_]*), never user input.
        con.execute(f"SET VARIABLE gp_{key} = $value", {"value": value})
    return con.sql(_as_variables(stmts[0])).pl()


def _as_variables(stmt: str) -> str:
    """``$name`` → ``getvariable('gp_name')`` outside string literals and comments."""
    out, pos = [], 0
    for literal in re.finditer(r"'(?:[^']|'')*'|--[^\n]*", stmt):
        out.append(PARAM_RE.sub(r"getvariable('gp_\1')", stmt[pos : literal.start()]))
        out.append(literal.group(0))
        pos = literal.end()
    out.append(PARAM_RE.sub(r"getvariable('gp_\1')", stmt[pos:]))
    return "".join(out)


def scalar(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    """First column of the first row of a query file."""
    frame = query(con, name, **params)
    return frame.item(0, 0) if frame.height else None
