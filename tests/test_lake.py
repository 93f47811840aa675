"""Issue 19, begun: the current snapshot copied into a DuckLake (SQLite catalog here, PostgreSQL
at 127.0.0.1:5432 where it answers) with every table checked on both sides; catalog URLs that
could break out of ATTACH's literal are refused."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.cli.warehouse import main as warehouse_main
from tests.helpers import case, write_cases
from warehouse import lake, sql
from warehouse.db import Store, connect

ROOT = Path(__file__).resolve().parents[1]


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


def test_the_pages_assessment_and_model_inputs_read_the_same_from_the_lake(loaded_city: Path, tmp_path: Path):
    """The warehouse's own SQL files, unchanged, on a lake reader pinned to the copy: the wall's
    and the explorer's queries (two filters), a month's assessment indicators and the backtest's
    weekly grid panel give exactly what the snapshot gives."""
    import datetime as dt

    import numpy as np
    import polars as pl

    from dashboard import data
    from dashboard.filters import Filters
    from models.panel import load_grid_panel
    from warehouse import assessment, marts

    catalog = f"sqlite:{tmp_path / 'catalog.sqlite'}"
    done = lake.migrate(loaded_city, catalog, tmp_path / "files")
    rubric = assessment.load_rubric()

    def everything(con) -> dict[str, pl.DataFrame]:
        now = con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]
        ids = marts.code_ids(con)
        jobs = dict(data.wall_jobs(now))
        street = con.sql("SELECT min(street_code) FROM grids").fetchone()[0]
        for label, f in (("30d", Filters(now.date() - dt.timedelta(days=29), now.date())),
                         ("year", Filters(now.date() - dt.timedelta(days=364), now.date(), street=street))):  # fmt: skip
            jobs |= {f"{label}:{k}": v for k, v in data.explorer_jobs(f, now, "week", "category", 500, ids).items()}
        out = {k: sql.query(con, name, **params) for k, (name, params) in jobs.items()}
        start, end, _ = assessment.period_bounds(f"{now:%Y}-{now.month - 1:02d}")
        out["indicators"] = sql.query(con, "assessment/indicators", start=start, end=end, **rubric.post_limits())
        panel = load_grid_panel(con, "week")
        out["panel"] = pl.DataFrame({"counts": panel.counts.ravel()}).with_columns(pl.lit(np.asarray(panel.grid_codes).size).alias("grids"))
        return out

    with Store(loaded_city).reader() as con:
        expected = everything(con)
    with lake.reader(catalog, tmp_path / "files", done.lake_snapshot) as con:
        got = everything(con)
    from polars.testing import assert_frame_equal

    assert set(got) == set(expected) and len(got) > 30
    for key, frame in expected.items():
        # rows in a stable order; sums of hours may differ in the last bits (another scan order)
        order = [c for c, t in frame.schema.items() if not t.is_nested() and not t.is_float()]
        assert_frame_equal(got[key].sort(order, nulls_last=True), frame.sort(order, nulls_last=True), check_exact=False, rel_tol=1e-12)


@pytest.mark.skipif(not _postgres(), reason="PostgreSQL is not reachable at 127.0.0.1:5432")
def test_a_reader_pinned_to_a_snapshot_does_not_see_a_commit(loaded_city: Path, tmp_path: Path):
    """A page reads one lake snapshot: a writer committing meanwhile (here, a delete) is seen by
    the next reader, never by the one already open. PostgreSQL catalog: with SQLite's, the open
    reader's transaction locks the catalog file and the writer's commit fails ("database is
    locked"), which is why SQLite is for one host's processes taking turns, not for this."""
    import psycopg

    schema = f"gp_test_{secrets.token_hex(4)}"
    catalog = "postgresql://postgres@127.0.0.1:5432/test"
    files = tmp_path / "files"
    try:
        done = lake.migrate(loaded_city, catalog, files, schema)
        with lake.reader(catalog, files, schema=schema) as pinned:
            before = pinned.sql("SELECT count(*) FROM cases").fetchone()[0]
            writer = connect()
            lake.attach(writer, lake.catalog(catalog), files, schema=schema)
            writer.execute("DELETE FROM lake.cases WHERE channel = 'inspector'")
            writer.close()
            assert pinned.sql("SELECT count(*) FROM cases").fetchone()[0] == before
        with lake.reader(catalog, files, schema=schema) as newest:
            after = newest.sql("SELECT count(*) FROM cases").fetchone()[0]
            inspectors = newest.sql("SELECT count(*) FROM cases WHERE channel = 'inspector'").fetchone()[0]
        with lake.reader(catalog, files, done.lake_snapshot, schema) as old:  # time travel to the copy
            assert old.sql("SELECT count(*) FROM cases").fetchone()[0] == before
        assert 0 < after < before and inspectors == 0
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as pg:
            pg.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_a_dashboard_configured_for_the_lake_shows_what_the_snapshot_shows(
    loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A second server with nothing but a configuration (`[warehouse] backend = "lake"`) reads the
    lake another machine filled: the wall's KPIs and rankings and the explorer's summary are the
    numbers the snapshot-file server shows."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data
    from tests.helpers import page_html, sign_in

    app_py = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
    catalog = f"sqlite:{tmp_path / 'catalog.sqlite'}"
    done = lake.migrate(loaded_city, catalog, tmp_path / "files")
    server = tmp_path / "replica"
    server.mkdir()
    (server / "gridpulse.toml").write_text(
        f'[warehouse]\nbackend = "lake"\nlake_catalog = "{catalog}"\nlake_data_path = "{tmp_path / "files"}"\nlake_replica = false\n',
        encoding="utf-8",
    )
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)

    def seen(path: Path) -> tuple[dict, str, dict]:
        monkeypatch.setenv("GRIDPULSE_DATA", str(path))
        at = sign_in(AppTest.from_file(app_py, default_timeout=120))
        at.run()
        assert not at.exception, at.exception
        wall = next(h for h in page_html(at) if h.startswith("<div class='gp-rankings'>"))
        tiles = {m: m for m in page_html(at) if m.startswith('<div class="gp-kpi"')}
        at.switch_page("views/explorer.py").run()
        assert not at.exception, at.exception
        return tiles, wall, {m.label: m.value for m in at.metric}

    expected = seen(loaded_city)
    got = seen(server)
    monkeypatch.setenv("GRIDPULSE_DATA", str(server))
    assert data.current_snapshot() == done.lake_snapshot
    assert got[0] == expected[0] and got[1] == expected[1] and got[2] == expected[2]
    assert expected[2]["案件"] != "0"
    # the assessment page reads the lake too; its documents say where they are made, not crash
    at = sign_in(AppTest.from_file(app_py, default_timeout=120))
    at.run()
    at.switch_page("views/assessment.py").run()
    assert not at.exception, at.exception
    assert sum("通报与年度报告请在装载数据的服务器上生成" in c.value for c in at.caption) == 2


def test_a_lake_server_reads_its_local_copy_of_the_snapshot_once_complete(
    loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A lake-reading server copies the pinned snapshot into a local file in the background and
    then reads that: the same tables, rows and checksums as the lake, the explorer's queries the
    same answers as on the snapshot file; until it is complete the lake itself answers."""
    import datetime as dt
    import threading

    from dashboard import data
    from dashboard.filters import Filters
    from warehouse import sql
    from warehouse.db import Store

    catalog = f"sqlite:{tmp_path / 'catalog.sqlite'}"
    done = lake.migrate(loaded_city, catalog, tmp_path / "files")
    server = tmp_path / "server"
    server.mkdir()
    (server / "gridpulse.toml").write_text(
        f'[warehouse]\nbackend = "lake"\nlake_catalog = "{catalog}"\nlake_data_path = "{tmp_path / "files"}"\n', encoding="utf-8"
    )
    monkeypatch.setenv("GRIDPULSE_DATA", str(server))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    snap = data.current_snapshot()
    assert snap == done.lake_snapshot
    first = data._connection(snap)  # the lake reader, and the copy started beside it
    assert (str(server), snap) in data._LAKE_KEYS
    for thread in [t for t in threading.enumerate() if t.name == "gridpulse-replica"]:
        thread.join(timeout=120)
    replica = data._replica_path(data.config().warehouse, snap)
    assert replica.exists() and not replica.with_name(replica.name + ".tmp").exists()
    local = data._connection(snap)
    assert local is not first and (str(server), snap) not in data._LAKE_KEYS  # now the local file
    with lake.reader(catalog, tmp_path / "files", snap) as con:
        tables = sql.query(con, "lake/base_tables", catalog="lake")["table_name"].to_list()
        in_lake = {t: sql.query(con, "lake/checksum", table=f"lake.{t}").row(0) for t in tables}
    in_copy = {t: sql.query(local.cursor(), "lake/checksum", table=t).row(0) for t in tables}
    assert in_copy == in_lake and in_lake["cases"][0] > 0
    # the explorer's queries on the copy, through the data layer, against the snapshot file
    now = data.reference_time(snap)
    f = Filters(start=(now - dt.timedelta(days=89)).date(), end=now.date())
    jobs = data.explorer_jobs(f, now, "week", "department", 100, data.code_ids(snap))
    with Store(loaded_city).reader() as con:
        for name, params in jobs.values():
            assert data._query(snap, name, **params).equals(sql.query(con, name, **params)), name


def _lake_district(root: Path, city: Path, catalog: str, files: Path, schema: str) -> Path:
    """A loader's data directory on the lake: its configuration and the city's PII salt (every
    loader of one lake hashes people the same way, or one person would be two)."""
    import shutil

    root.mkdir(parents=True)
    shutil.copytree(city / "secrets", root / "secrets")
    (root / "gridpulse.toml").write_text(
        f'[warehouse]\nbackend = "lake"\nlake_catalog = "{catalog}"\nlake_data_path = "{files}"\nlake_metadata_schema = "{schema}"\n',
        encoding="utf-8",
    )
    return root


def _lake_counts(catalog: str, files: Path, schema: str) -> dict[str, int]:
    with lake.reader(catalog, files, schema=schema) as con:
        return {
            t: con.sql(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed table names
            for t in ("cases", "case_facts", "pipeline_runs", "snapshot_info", "quarantine")
        } | {"last_snapshot": con.sql("SELECT last_snapshot FROM lake_writes").fetchone()[0]}


@pytest.mark.skipif(not _postgres(), reason="PostgreSQL is not reachable at 127.0.0.1:5432")
def test_two_district_loaders_committing_at_once_lose_and_double_nothing(loaded_city: Path, tmp_path: Path):
    """Two loaders (separate processes, as on two machines) load their own cases into one lake at
    the same moment: one commit conflicts and is retried on the other's result; every case is
    there once, each run and snapshot has its own number, the marts hold every case."""
    import psycopg

    schema = f"gp_test_{secrets.token_hex(4)}"
    catalog = "postgresql://postgres@127.0.0.1:5432/test"
    files = tmp_path / "files"
    try:
        lake.migrate(loaded_city, catalog, files, schema)
        before = _lake_counts(catalog, files, schema)
        go = tmp_path / "go"
        procs = []
        for district, n in (("A", 300), ("B", 400)):
            root = _lake_district(tmp_path / district, loaded_city, catalog, files, schema)
            csv = write_cases(root / "cases.csv", [case(f"{district}-{i}", grid_code="") for i in range(n)])
            script = (
                "import sys, time, pathlib\n"
                f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.01)\n"  # both start at the same moment
                "from orchestration.cli.pipelines import main\n"
                f"sys.exit(main(['load', '--profile', 'canonical', '--json', '--no-assess', '--data', {str(root)!r}, {str(csv)!r}]))\n"
            )
            procs.append(
                subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            )
        go.touch()
        outs = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [e[-2000:] for _, e in outs]
        runs = [json.loads(o) for o, _ in outs]
        after = _lake_counts(catalog, files, schema)
        with lake.reader(catalog, files, schema=schema) as con:
            per_district = dict(
                con.sql("SELECT left(case_id, 1), count(*) FROM cases WHERE case_id SIMILAR TO '[AB]-.*' GROUP BY 1").fetchall()
            )
            distinct = con.sql("SELECT count(DISTINCT (source, case_id)) = count(*) FROM cases").fetchone()[0]
        assert per_district == {"A": 300, "B": 400} and distinct
        assert sorted(r["inserted"] for r in runs) == [300, 400]
        assert after["cases"] == before["cases"] + 700 and after["case_facts"] == before["case_facts"] + 700
        assert after["pipeline_runs"] == before["pipeline_runs"] + 2 and after["snapshot_info"] == before["snapshot_info"] + 2
        assert sorted(r["snapshot_id"] for r in runs) == [before["last_snapshot"] + 1, before["last_snapshot"] + 2]
        assert after["last_snapshot"] == before["last_snapshot"] + 2
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as pg:
            pg.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.skipif(not _postgres(), reason="PostgreSQL is not reachable at 127.0.0.1:5432")
def test_a_loader_killed_while_writing_leaves_the_lake_as_it_was(loaded_city: Path, tmp_path: Path):
    """A loader killed (SIGKILL) once it has started writing its transaction: the lake holds
    exactly what it held before, and the next load commits normally."""
    import psycopg

    schema = f"gp_test_{secrets.token_hex(4)}"
    catalog = "postgresql://postgres@127.0.0.1:5432/test"
    files = tmp_path / "files"
    try:
        lake.migrate(loaded_city, catalog, files, schema)
        root = _lake_district(tmp_path / "A", loaded_city, catalog, files, schema)
        before = _lake_counts(catalog, files, schema)
        csv = write_cases(root / "big.csv", [case(f"K-{i}", grid_code="") for i in range(60_000)])
        existing = set(files.rglob("*.parquet"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipelines", "load", "--profile", "canonical", "--no-assess", "--data", str(root), str(csv)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # DuckLake writes a transaction's rows as Parquet files first and records them in the
        # catalog at the commit: the first new file means the writer is inside its transaction
        deadline = time.time() + 240
        while proc.poll() is None and time.time() < deadline and not set(files.rglob("*.parquet")) - existing:
            time.sleep(0.01)
        assert proc.poll() is None, "the load finished before it could be killed mid-write"
        written = set(files.rglob("*.parquet")) - existing
        proc.kill()
        proc.wait(timeout=30)
        assert proc.returncode == -9 and written
        assert _lake_counts(catalog, files, schema) == before  # its files are there, unrecorded: not part of the lake
        small = write_cases(root / "small.csv", [case(f"S-{i}", grid_code="") for i in range(10)])
        done = subprocess.run(
            [sys.executable, "-m", "pipelines", "load", "--profile", "canonical", "--no-assess", "--json", "--data", str(root), str(small)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        after = _lake_counts(catalog, files, schema)
        assert after["cases"] == before["cases"] + 10 and after["last_snapshot"] == before["last_snapshot"] + 1
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as pg:
            pg.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
