"""Snapshots made by replaying the journal onto a retired file equal snapshots made by copying."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from warehouse import db
from warehouse.db import Store

CANONICAL = profiles.resolve("canonical")
ROOT = Path(__file__).resolve().parent.parent
TABLES = {
    "cases": "SELECT * FROM cases ORDER BY source, case_id",
    "grid_day_counts": "SELECT * FROM grid_day_counts ORDER BY ALL",
    "quarantine": "SELECT * FROM quarantine ORDER BY ALL",
    "pipeline_runs": "SELECT * EXCLUDE (started_at, finished_at) FROM pipeline_runs ORDER BY run_id",
    "snapshot_info": "SELECT snapshot_id, run_id FROM snapshot_info ORDER BY snapshot_id",
    "categories": "SELECT * FROM categories ORDER BY ALL",
}


def _batches(tmp: Path, loaded_city: Path) -> list[tuple[profiles.Profile, Path]]:
    """Grids, then four case loads: inserts, updates, a moved report day, a duplicate, a bad row."""
    grids = loaded_city / "raw" / "demo" / "grids.geojson"
    with Store(loaded_city).reader() as con:
        (code, lon, lat), (code2, lon2, lat2) = con.sql(
            "SELECT grid_code, ST_X(ST_Centroid(geometry)), ST_Y(ST_Centroid(geometry)) FROM grids ORDER BY grid_code LIMIT 2"
        ).fetchall()
    at = {"lon": f"{lon:.6f}", "lat": f"{lat:.6f}"}
    at2 = {"lon": f"{lon2:.6f}", "lat": f"{lat2:.6f}"}
    files = [
        [case("R1", **at), case("R2", **at), case("R3", grid_code=code2), case("R4")],
        [case("R1", updated="2025-03-04 10:00:00", status="closed", closed_at="2025-03-04 10:00:00", **at), case("R5", **at2)],
        [
            case("R2", reported="2025-03-05 08:00:00", updated="2025-03-06 08:00:00", **at2),
            case("R6", **at),
            case("R6", **at),
            case("R7", reported=""),
        ],
        [case("R3", updated="2025-03-07 09:00:00", status="cancelled"), case("R8", category_code="77777", **at)],
    ]
    out = [(profiles.resolve("demo-grids"), grids)]
    for i, rows in enumerate(files):
        out.append((CANONICAL, write_cases(tmp / f"b{i}.csv", rows)))
    return out


def _state(data: Path) -> dict[str, list]:
    with Store(data).reader() as con:
        return {name: con.sql(q).fetchall() for name, q in TABLES.items()}


def test_replayed_snapshots_equal_copied_ones(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    batches = _batches(tmp_path, loaded_city)
    copies: list[str] = []
    real_copy = shutil.copyfile
    monkeypatch.setattr(db.shutil, "copyfile", lambda a, b: copies.append(str(a)) or real_copy(a, b))
    replayed, copied = tmp_path / "replayed", tmp_path / "copied"
    for profile, path in batches:
        load(replayed, profile, [path])
    assert len(copies) == 1  # only the first case load copies: there is no retired file to recycle yet
    monkeypatch.setattr(db, "REPLAY_MAX_ROWS", -1)  # nothing replayable: every write copies
    for profile, path in batches:
        load(copied, profile, [path])
    assert len(copies) == 1 + 4
    a, b = _state(replayed), _state(copied)
    for name in TABLES:
        assert a[name] == b[name], name
    # the replay lineage keeps two files and journals only what a retired file still lacks
    assert [s.snapshot_id for s in Store(replayed).snapshots()] == [4, 5]
    assert sorted(p.name for p in (replayed / "warehouse" / "journal").iterdir()) == ["000005"]


def test_mart_by_difference_equals_a_rebuild(loaded_city: Path, tmp_path: Path):
    for profile, path in _batches(tmp_path, loaded_city):
        load(tmp_path / "d", profile, [path])
    with Store(tmp_path / "d").reader() as con:
        kept = con.sql(TABLES["grid_day_counts"]).fetchall()
        rebuilt = con.sql(
            "SELECT grid_code, community_code, street_code, reported_at::DATE, category_major, channel, count(*)::INTEGER, "
            "count(*) FILTER (WHERE status = 'closed')::INTEGER, count(*) FILTER (WHERE status = 'cancelled')::INTEGER "
            "FROM cases GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        moved = con.sql("SELECT reported_at::DATE::VARCHAR FROM cases WHERE case_id = 'R2'").fetchone()[0]
    assert kept == rebuilt
    assert moved == "2025-03-05"  # R2's old day lost its count, the new day gained one
    assert sum(r[6] for r in kept) == 7 and sum(r[8] for r in kept) == 1  # R7 was quarantined


def test_reader_holding_the_retired_file_makes_the_writer_copy(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    load(data, CANONICAL, [write_cases(tmp_path / "a.csv", [case("H1")])])
    load(data, CANONICAL, [write_cases(tmp_path / "b.csv", [case("H2")])])
    retired = Store(data).snapshots()[0]
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom warehouse.db import connect\n"
            f"con = connect({str(retired.path)!r}, read_only=True)\n"
            "print(con.sql('SELECT count(*) FROM cases').fetchone()[0], flush=True)\ntime.sleep(30)\n",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "1"  # the old reader sees its own, older state
        copies: list[str] = []
        real_copy = shutil.copyfile
        monkeypatch.setattr(db.shutil, "copyfile", lambda a, b: copies.append(str(a)) or real_copy(a, b))
        started = time.monotonic()
        s = load(data, CANONICAL, [write_cases(tmp_path / "c.csv", [case("H3")])])
        assert s.inserted == 1 and time.monotonic() - started < 20
        assert copies == [str(Store(data).snapshots()[0].path)]  # fell back to copying the current file
    finally:
        holder.kill()
        holder.wait()
    with Store(data).reader() as con:
        assert con.sql("SELECT list(case_id ORDER BY case_id) FROM cases").fetchone()[0] == ["H1", "H2", "H3"]
