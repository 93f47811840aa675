"""Toward a shared lakehouse (issue 19, begun): the warehouse copied into DuckLake.

DuckLake keeps a warehouse as Parquet files under a data path with its catalog (tables, files,
snapshots) in PostgreSQL — for several machines — or in SQLite for several processes on one host.
Any DuckDB (or a Spark or Trino that reads DuckLake) can read it, snapshots and time travel come
with it, and concurrent writers commit through the catalog. Offline it loads like spatial: the
``duckdb-extension-ducklake`` wheel, with ``duckdb-extension-sqlite-scanner`` or
``duckdb-extension-postgres-scanner`` for the catalog, each LOADed from the wheel's file.

What is here: ``migrate`` copies the current published snapshot into a lake as one DuckLake
transaction (one lake snapshot) — its tables, and the views and macros of ``schema/`` (the one
on-time rule, the repeat rule) created in the lake — and checks every table's row count and
checksum on both sides; ``reader`` opens the lake read-only, pinned to a snapshot, with the lake
as the default database, so the warehouse's SQL files run on it unchanged.
What is not yet: the lake as a backend that loads, assessment, models and pages write and run on.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import duckdb

from warehouse import sql
from warehouse.db import Store, connect

log = logging.getLogger("gridpulse.lake")

IDENT_RE = re.compile(r"^[a-z_][a-z0-9_]*$")  # a table name we copy (they come from our schema)
SAFE_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")  # a catalog URL part that may go into ATTACH
PATH_RE = re.compile(r"^[^'\"\x00\n\r]+$")  # a local path: no quotes, NUL or line breaks


class LakeError(ValueError):
    """A catalog URL, data path or copy that cannot be used; the message says which and why."""


def wheel_extension(name: str) -> str:
    """The file of DuckDB extension ``name`` shipped in its pinned wheel (never INSTALLed)."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or spec.origin is None:
        raise LakeError(f"duckdb-extension-{name.replace('_', '-')} is not installed: pip install -r requirements.txt")
    found = sorted((Path(spec.origin).parent / "extensions").glob(f"*/{name}.duckdb_extension"))
    if not found:
        raise LakeError(f"no {name}.duckdb_extension in the duckdb-extension-{name} wheel")
    return str(found[-1])


@dataclass(frozen=True)
class Catalog:
    """A DuckLake catalog: ``kind`` (postgres | sqlite), what ATTACH is given after
    ``ducklake:``, and the extension that reads it. ``shown`` is the URL without its password."""

    kind: str
    attach: str
    extension: str
    shown: str


def catalog(url: str) -> Catalog:
    """A catalog from ``postgresql://user[:password]@host[:port]/database`` or
    ``sqlite:/path/catalog.sqlite``. Every part that reaches ATTACH is checked (ATTACH takes a
    literal, not a bound value), so a quote or a space cannot end the string."""
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:")
        if not path or not PATH_RE.match(path):
            raise LakeError(f"catalog {url!r}: sqlite:<path to a catalog file>, a path without quotes or line breaks")
        full = str(Path(path).expanduser().resolve())
        return Catalog("sqlite", f"sqlite:{full}", "sqlite_scanner", f"sqlite:{full}")
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise LakeError(f"catalog {url.split('@')[-1]!r}: use postgresql://user@host:port/database or sqlite:/path/catalog.sqlite")
    fields = {
        "dbname": parts.path.lstrip("/"),
        "host": parts.hostname or "",
        "port": str(parts.port or 5432),
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
    }
    for key in ("dbname", "host", "user"):
        if not fields[key] or not SAFE_RE.match(fields[key]):
            raise LakeError(f"catalog URL: {key} missing or not plain letters, digits, '.', '_' or '-'")
    if fields["password"] and not SAFE_RE.match(fields["password"]):
        raise LakeError("catalog URL: the password may hold letters, digits, '.', '_' and '-' only (or use a ~/.pgpass file)")
    attach = " ".join(f"{k}={v}" for k, v in fields.items() if v)
    return Catalog(
        "postgres",
        f"postgres:{attach}",
        "postgres_scanner",
        f"postgresql://{fields['user']}@{fields['host']}:{fields['port']}/{fields['dbname']}",
    )


def attach(
    con: duckdb.DuckDBPyConnection,
    cat: Catalog,
    data_path: Path,
    name: str = "lake",
    schema: str | None = None,
    snapshot: int | None = None,
) -> None:
    """ATTACH the lake as ``name`` on ``con``, its extensions loaded from their wheels; with
    ``snapshot``, read-only and pinned to that lake snapshot (what a page reads)."""
    path = str(data_path.expanduser().resolve())
    if not PATH_RE.match(path) or (schema is not None and not IDENT_RE.match(schema)) or not IDENT_RE.match(name):
        raise LakeError(f"data path {path!r} or metadata schema {schema!r}: no quotes, plain names")
    for ext in ("ducklake", cat.extension):
        con.load_extension(wheel_extension(ext))
    Path(path).mkdir(parents=True, exist_ok=True)
    if cat.kind == "sqlite":
        Path(cat.attach.removeprefix("sqlite:")).parent.mkdir(parents=True, exist_ok=True)
    options = f"DATA_PATH '{path}/'" + (f", METADATA_SCHEMA '{schema}'" if schema else "")
    if snapshot is not None:
        options += f", READ_ONLY, SNAPSHOT_VERSION {int(snapshot)}"
    try:  # ATTACH takes literals, not bound values: every part was checked above (catalog(), PATH_RE, IDENT_RE)
        con.execute(f"ATTACH 'ducklake:{cat.attach}' AS {name} ({options})")
    except duckdb.Error as exc:  # an unreachable server, a refused login, a file that is not a catalog
        raise LakeError(f"cannot open the lake catalog {cat.shown}: {str(exc).splitlines()[0]}") from exc


@dataclass(frozen=True)
class TableCheck:
    """One table after the copy: rows and checksum in the snapshot and in the lake."""

    table: str
    rows: int
    lake_rows: int
    checksum: int
    lake_checksum: int

    @property
    def same(self) -> bool:
        return (self.rows, self.checksum) == (self.lake_rows, self.lake_checksum)


@dataclass(frozen=True)
class Migration:
    source_snapshot: int
    lake_snapshot: int
    tables: list[TableCheck]

    @property
    def ok(self) -> bool:
        return all(t.same for t in self.tables)


def migrate(data: Path, catalog_url: str, data_path: Path, schema: str | None = None) -> Migration:
    """Copy the current published snapshot of ``data`` into the lake (every table replaced, one
    DuckLake transaction: readers of the lake see all of it or none), then compare each table's
    rows and checksum on both sides. Constraints are not copied (DuckLake has no keys); the
    snapshot's views and macros are schema/ SQL, re-created by a reader."""
    cat = catalog(catalog_url)
    current = Store(data).current()
    if current is None:
        raise LakeError(f"no warehouse in {data}: load data first")
    con = connect(spatial=True)
    try:
        con.execute(f"ATTACH '{current.path}' AS snap (READ_ONLY)")  # our own file's path
        attach(con, cat, data_path, "lake", schema)
        tables = sql.query(con, "lake/base_tables", catalog="snap")["table_name"].to_list()
        bad = [t for t in tables if not IDENT_RE.match(t)]
        if bad:
            raise LakeError(f"table names that are not plain identifiers: {bad}")
        con.execute("BEGIN")
        try:
            for table in tables:  # identifiers checked above; DuckLake has no CREATE ... AS with a bound name
                con.execute(f'CREATE OR REPLACE TABLE lake."{table}" AS SELECT * FROM snap."{table}"')
            con.execute("USE lake")  # the schema's views and macros, over the lake's own tables
            for statement in schema_objects():
                con.execute(statement)
            sql.run_file(con, "lake/writes_table")  # where writers take snapshot numbers from
            con.execute("USE memory")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        checks = []
        for table in tables:
            a = sql.query(con, "lake/checksum", table=f"snap.{table}").row(0)
            b = sql.query(con, "lake/checksum", table=f"lake.{table}").row(0)
            checks.append(TableCheck(table, int(a[0]), int(b[0]), int(a[1]), int(b[1])))
        lake_snapshot = int(sql.scalar(con, "lake/snapshot_id", lake="lake"))
    finally:
        con.close()
    return Migration(current.snapshot_id, lake_snapshot, checks)


def schema_objects() -> list[str]:
    """The views and macros of ``sql/schema/`` (due_in_period, repeat_requests, recorded_stages …):
    the rules the SQL files read, created in the lake beside its tables."""
    out = []
    for path in sorted((sql.SQL_DIR / "schema").glob("*.sql")):
        for statement in sql.statements(sql.text(f"schema/{path.stem}")):
            if re.match(r"^\s*CREATE OR REPLACE (VIEW|MACRO) ", statement):
                out.append(statement)
    return out


def newest(catalog_url: str, data_path: Path, schema: str | None = None) -> int:
    """The lake's newest snapshot id (what a server polls to see a new load)."""
    con = connect(spatial=False)
    try:
        attach(con, catalog(catalog_url), data_path, "probe", schema)
        return int(sql.scalar(con, "lake/snapshot_id", lake="probe"))
    finally:
        con.close()


def open_reader(catalog_url: str, data_path: Path, snapshot: int, schema: str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection pinned to lake ``snapshot``, the lake its default database (the caller
    closes it): the dashboard keeps one per snapshot, as it keeps one per snapshot file."""
    con = connect(spatial=True)
    try:
        attach(con, catalog(catalog_url), data_path, "lake", schema, snapshot)
        con.execute("USE lake")
    except BaseException:
        con.close()
        raise
    return con


def replicate(catalog_url: str, data_path: Path, snapshot: int, out: Path, schema: str | None = None) -> Path:
    """Copy lake ``snapshot`` whole into the local DuckDB file ``out`` (its tables, then the
    schema's views and macros over them): what a dashboard server reads instead of the lake once
    it is complete. Written under a temporary name and renamed, so ``out`` is only ever whole."""
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = connect(tmp, spatial=True)
    try:
        attach(con, catalog(catalog_url), data_path, "lake", schema, snapshot)
        tables = sql.query(con, "lake/base_tables", catalog="lake")["table_name"].to_list()
        bad = [t for t in tables if not IDENT_RE.match(t)]
        if bad:
            raise LakeError(f"table names that are not plain identifiers: {bad}")
        for table in tables:  # identifiers checked above
            con.execute(f'CREATE TABLE main."{table}" AS SELECT * FROM lake."{table}"')
        con.execute("DETACH lake")
        for statement in schema_objects():
            con.execute(statement)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, out)
    return out


WRITE_ATTEMPTS = 8  # commits a writer tries before giving up on a busy lake


class LakeWriter:
    """One write into the lake: the change applied in one DuckLake transaction (all of it is
    seen, or none), its snapshot number taken from the lake's one-row ``lake_writes`` table.
    Why that table: two loaders committing at once must not both take snapshot N; DuckLake
    merges concurrent appends, but two updates of one row conflict, so the second loader's
    commit fails, and it starts again on the new state (retried up to WRITE_ATTEMPTS times with a
    growing random pause). A process killed before its commit leaves the lake as it was."""

    def __init__(self, catalog_url: str, data_path: Path, schema: str | None = None) -> None:
        self.catalog_url, self.data_path, self.schema = catalog_url, data_path, schema
        self.attempts = 0

    def apply(self, change: Any) -> tuple[int, Any]:
        from warehouse.db import _apply  # the same appliers as the snapshot store

        for attempt in range(1, WRITE_ATTEMPTS + 1):
            self.attempts = attempt
            con = connect(spatial=True)
            try:
                attach(con, catalog(self.catalog_url), self.data_path, "lake", self.schema)
                con.execute("USE lake")
                con.execute("BEGIN")
                sql.run_file(con, "lake/next_snapshot")
                new_id = int(sql.scalar(con, "lake/last_snapshot"))
                result = _apply(con, new_id, change)
                con.execute("COMMIT")
                return new_id, result
            except duckdb.TransactionException as exc:
                if attempt == WRITE_ATTEMPTS:
                    raise
                log.warning("lake commit conflict (attempt %d of %d), writing again: %s", attempt, WRITE_ATTEMPTS, str(exc).splitlines()[0])
                time.sleep(random.uniform(0.05, 0.2) * attempt)  # another writer committed first: again, on its result
            finally:
                con.close()
        raise AssertionError("unreachable")


def ensure_writable(catalog_url: str, data_path: Path, schema: str | None = None) -> None:
    """Give a lake that ``migrate`` filled its ``lake_writes`` row (the snapshot number writers
    take), once, before any writer starts."""
    con = connect(spatial=False)
    try:
        attach(con, catalog(catalog_url), data_path, "lake", schema)
        con.execute("USE lake")
        sql.run_file(con, "lake/writes_table")
    finally:
        con.close()


@contextlib.contextmanager
def reader(
    catalog_url: str, data_path: Path, snapshot: int | None = None, schema: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the lake pinned to ``snapshot`` (default: the newest when it
    opens), the lake its default database: a loader committing meanwhile is not seen, and the
    warehouse's SQL files run on it as on a snapshot file."""
    con = open_reader(catalog_url, data_path, newest(catalog_url, data_path, schema) if snapshot is None else snapshot, schema)
    try:
        yield con
    finally:
        con.close()
