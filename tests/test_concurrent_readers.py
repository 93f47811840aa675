"""Readers in another process never block a load, never fail, never see half of one."""

import os
import subprocess
import sys
import time
from pathlib import Path

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases

ROOT = Path(__file__).resolve().parent.parent
READER = """
import sys, time, json
from pathlib import Path
from warehouse.db import Store
store = Store(Path(sys.argv[1]))
seen, errors, end = set(), [], time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        with store.reader() as con:
            seen.add(con.sql("SELECT count(*) FROM cases").fetchone()[0])
    except Exception as exc:
        errors.append(repr(exc))
print(json.dumps({"seen": sorted(seen), "errors": errors[:3]}))
"""


def test_reader_process_sees_old_or_new_state(data: Path, tmp_path: Path):
    canonical = profiles.resolve("canonical")
    load(data, canonical, [write_cases(tmp_path / "a.csv", [case(f"R{i}") for i in range(1000)])])
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(data), "8"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    states = {1000}
    for k in range(1, 4):
        load(data, canonical, [write_cases(tmp_path / f"b{k}.csv", [case(f"S{k}_{i}") for i in range(500)])])
        states.add(1000 + 500 * k)
    out, _ = reader.communicate(timeout=60)
    import json

    result = json.loads(out)
    assert result["errors"] == []
    assert set(result["seen"]) <= states and len(result["seen"]) >= 2
