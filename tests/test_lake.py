"""Issue 19, begun: the current snapshot copied into a DuckLake (SQLite catalog here, PostgreSQL
at 127.0.0.1:5432 where it answers) with every table checked on both sides; catalog URLs that
could break out of ATTACH's literal are refused."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path

import pytest

from orchestration.cli.warehouse import main as warehouse_main
from warehouse import lake, sql
from warehouse.db import Store, connect


def _tables(city: Path) -> dict[str, int]:
    with Store(city).reader() as con:
        names = sql.query(con, "lake/base_tables", catalog=con.sql("SELECT current_database()").fetchone()[0])["table_name"].to_list()
        return {t: con.sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in names}


def test_the_snapshot_is_copied_whole_and_checked_table_by_table(loaded_city: Path, tmp_path: Path, capsys):
    expected = _tables(loaded_city)
    first = lake.migrate(loaded_city, f"sqlite:{tmp_path / 'catalog.sqlite'}", tmp_path / "files")
    assert first.ok and {t.table: t.rows for t in first.tables} == expected and len(expected) >= 25
    assert all(t.lake_rows == t.rows and t.lake_checksum == t.checksum for t in first.tables)
    assert any(f.suffix == ".parquet" for f in (tmp_path / "files").rglob("*"))  # the data is Parquet under the data path
    # again: every table replaced in one more lake snapshot, still the same
    assert warehouse_main(["migrate", "--to", "lake", "--catalog", f"sqlite:{tmp_path / 'catalog.sqlite'}",
                           "--data-path", str(tmp_path / "files"), "--data", str(loaded_city)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert f"lake snapshot {first.lake_snapshot + 1}: {len(expected)} tables" in out and "all tables the same on both sides" in out
    # a plain DuckDB with the lake attached reads the cases as the warehouse has them
    con = connect()
    lake.attach(con, lake.catalog(f"sqlite:{tmp_path / 'catalog.sqlite'}"), tmp_path / "files")
    assert con.sql("SELECT count(*) FROM lake.cases").fetchone()[0] == expected["cases"]
    snapshots = con.sql("SELECT count(*) FROM ducklake_snapshots('lake')").fetchone()[0]
    con.close()
    assert snapshots == first.lake_snapshot + 2  # snapshot 0 (the empty lake) and one per copy


def _postgres() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _postgres(), reason="PostgreSQL is not reachable at 127.0.0.1:5432")
def test_a_postgresql_catalog_holds_the_same_lake(loaded_city: Path, tmp_path: Path):
    import psycopg

    schema = f"gp_test_{secrets.token_hex(4)}"
    try:
        done = lake.migrate(loaded_city, "postgresql://postgres@127.0.0.1:5432/test", tmp_path / "files", schema)
        assert done.ok and sum(t.rows for t in done.tables) == sum(_tables(loaded_city).values())
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres") as pg:
            tables = pg.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema]).fetchone()[0]
        assert tables > 10  # the catalog's own tables (ducklake_snapshot, ducklake_table, …) live in PostgreSQL
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as pg:
            pg.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://postgres:pa'ss@127.0.0.1/test", "password may hold"),
        ("postgresql://postgres@127.0.0.1/te st", "dbname missing or not plain"),
        ("postgresql://127.0.0.1/test", "user missing"),
        ("mysql://root@127.0.0.1/test", "use postgresql://"),
        ("sqlite:/tmp/x'); DROP TABLE cases; --", "sqlite:<path to a catalog file>"),
        ("sqlite:", "sqlite:<path to a catalog file>"),
    ],
)
def test_catalog_urls_that_could_leave_the_attach_literal_are_refused(url: str, says: str):
    with pytest.raises(lake.LakeError, match=says.replace("(", r"\(")):
        lake.catalog(url)


def test_the_password_is_never_shown():
    cat = lake.catalog("postgresql://gp:secret-1@db.example:6543/city")
    assert cat.shown == "postgresql://gp@db.example:6543/city" and "secret-1" not in cat.shown
    assert cat.attach == "postgres:dbname=city host=db.example port=6543 user=gp password=secret-1"
