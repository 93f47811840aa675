"""A load that fails half way, or is killed, leaves the previous snapshot intact and readable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from warehouse import sql
from warehouse.db import Store

CANONICAL = profiles.resolve("canonical")
ROOT = Path(__file__).resolve().parent.parent


def test_failure_half_way_keeps_previous_snapshot(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    load(data, CANONICAL, [write_cases(tmp_path / "a.csv", [case("D1"), case("D2")])])
    before = Store(data).current()
    real = sql.run_file

    def failing(con, name, **params):
        real(con, name, **params)
        if name == "load/cases_upsert":  # rows already written into the private copy
            raise RuntimeError("injected failure")

    monkeypatch.setattr(sql, "run_file", failing)
    with pytest.raises(RuntimeError, match="injected"):
        load(data, CANONICAL, [write_cases(tmp_path / "b.csv", [case("D3")])])
    assert Store(data).current() == before
    with Store(data).reader() as con:
        assert con.sql("SELECT count(*) FROM cases").fetchone()[0] == 2
    assert not list((data / "warehouse").glob("*.tmp*"))


def test_killed_process_keeps_previous_snapshot(data: Path, tmp_path: Path):
    load(data, CANONICAL, [write_cases(tmp_path / "a.csv", [case("E1")])])
    before = Store(data).current()
    big = write_cases(tmp_path / "b.csv", [case(f"K{i}") for i in range(2000)])
    code = (
        "import os, sys\n"
        "from warehouse import sql\n"
        "real = sql.run_file\n"
        "def dying(con, name, **p):\n"
        "    real(con, name, **p)\n"
        "    if name == 'load/cases_upsert': os._exit(9)\n"
        "sql.run_file = dying\n"
        "from orchestration.cli.pipelines import main\n"
        f"main(['--data', {str(data)!r}, 'load', '--profile', 'canonical', {str(big)!r}])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120
    )
    assert proc.returncode == 9
    assert Store(data).current() == before
    with Store(data).reader() as con:
        assert con.sql("SELECT count(*) FROM cases").fetchone()[0] == 1
    # the next load cleans the leftover copy and succeeds
    s = load(data, CANONICAL, [big])
    assert s.inserted == 2000 and not list((data / "warehouse").glob("*.tmp*"))


def test_failure_while_the_private_file_is_got_ready_leaves_nothing(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The writer prepares its file on a thread while the rows are validated: a validation that
    fails then discards the prepared file and frees the lock for the next load."""
    load(data, CANONICAL, [write_cases(tmp_path / "a.csv", [case("F1")])])
    before = Store(data).current()

    def failing_transform(*args, **kwargs):
        raise RuntimeError("injected validation failure")

    import pipelines.load

    monkeypatch.setattr(pipelines.load, "transform", failing_transform)
    with pytest.raises(RuntimeError, match="injected validation"):
        load(data, CANONICAL, [write_cases(tmp_path / "b.csv", [case("F2")])])
    assert Store(data).current() == before
    assert not list((data / "warehouse").glob("*.tmp*"))
    monkeypatch.undo()
    s = load(data, CANONICAL, [write_cases(tmp_path / "c.csv", [case("F3")])])
    assert s.inserted == 1 and Store(data).current().snapshot_id == before.snapshot_id + 1
