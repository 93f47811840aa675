"""Schema migrations for tables an older GridPulse created.

The schema files create what is missing (``CREATE TABLE IF NOT EXISTS``) but cannot change a table
that already exists. A column added to a table later arrives as a file in ``sql/migrations/``
(``ALTER TABLE … ADD COLUMN IF NOT EXISTS``), applied once, in name order, and recorded in
``schema_migrations``. They run in the private copy every change prepares (``Store._prepare``),
so a migration that fails publishes nothing, and ``python -m warehouse upgrade`` (or the
dashboard at start) publishes a migrated snapshot for a warehouse that is only read. Marts are
derived data and are rebuilt instead (``marts.LAYOUT_MARKERS``).
"""

from __future__ import annotations

import duckdb

from warehouse import sql


def available() -> list[str]:
    """Every migration this version ships, by file name, in the order they apply."""
    return sorted(p.stem for p in (sql.SQL_DIR / "migrations").glob("*.sql"))


def pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The migrations this warehouse has not had yet."""
    done = set(sql.query(con, "status/applied_migrations")["name"].to_list())
    return [name for name in available() if name not in done]


def apply(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the pending migrations in order; the names applied."""
    names = pending(con)
    for name in names:
        sql.run_file(con, f"migrations/{name}")
        sql.run_file(con, "status/record_migration", migration=name)
    return names
