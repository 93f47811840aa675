"""The operational store: what people do all day (alert reviews, accounts, the audit log), kept
apart from the published warehouse snapshots and reached through SQLAlchemy — SQLite in the data
directory by default, PostgreSQL (or any SQLAlchemy URL) when configured.

Tables that are records of what happened (reviews, audit entries) are append-only: their modules
offer no update or delete, and ``append_only`` installs triggers that make the database refuse
both, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

metadata = sa.MetaData()


def default_url(data: Path) -> str:
    """GRIDPULSE_STORE_URL, else [store] url from the configuration, else SQLite in the data dir."""
    from warehouse.settings import settings

    return os.environ.get("GRIDPULSE_STORE_URL") or settings(data).store.url or f"sqlite:///{data / 'operational.db'}"


def create(url: str, append_only_tables: tuple[str, ...] = ()) -> sa.Engine:
    """An engine with every table created and the append-only triggers in place."""
    engine = sa.create_engine(url, future=True)
    with engine.begin() as con:
        metadata.create_all(con)
        _add_missing_columns(con)
        for table in append_only_tables:
            for ddl in _triggers(engine.dialect.name, table):
                con.exec_driver_sql(ddl)
    return engine


def _add_missing_columns(con: sa.Connection) -> None:
    """A store an older GridPulse created gains the columns this version's tables added (each
    new column is nullable or has a server default, so existing rows stay valid)."""
    inspector = sa.inspect(con)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            ddl = column.type.compile(dialect=con.dialect)
            arg = getattr(column.server_default, "arg", None)
            default = "" if arg is None else f" DEFAULT '{arg}'" if isinstance(arg, str) else f" DEFAULT {arg}"
            # identifiers and types come from this module's table definitions, never user input
            con.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {ddl}{default}")


def _triggers(dialect: str, table: str) -> list[str]:
    # table names are fixed identifiers from code, never user input
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if dialect == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql",
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        ]
    return []
