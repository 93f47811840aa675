"""Data files are owner-only (issue 15): the data directory and everything a command writes in
it — snapshots, the operational store, the salt, the raw demo exports — carry no group or
other permission bits, and an existing directory left open by an older version is closed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.helpers import case, write_cases

ROOT = Path(__file__).resolve().parent.parent


def _open_to_others(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in [root, *root.rglob("*")] if stat.S_IMODE(p.stat().st_mode) & 0o077]


def test_a_load_writes_only_owner_only_files(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)  # as an older GridPulse (or a plain mkdir) left it
    source = write_cases(tmp_path / "cases.csv", [case("P1"), case("P2")])
    env = {**os.environ, "GRIDPULSE_DATA": ""}
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "--data", str(data), "load", "--profile", "canonical", str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "users", "add", "wu.li", "--role", "analyst", "--data", str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = {p.name for p in data.rglob("*")}
    assert "operational.db" in written and any(n.startswith("snapshot") or n.endswith(".duckdb") for n in written), written
    assert _open_to_others(data) == []
