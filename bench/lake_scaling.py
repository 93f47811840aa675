"""How the lake's reads grow with the warehouse (issue 19's scaling curve):

    python bench/lake_scaling.py /tmp/gpd /tmp/gp1m /tmp/gplarge [--repeat 5]

For each data directory (demo warehouses of different sizes): its snapshot is migrated into a
new lake (SQLite catalog, a temporary folder), then, on the lake and on the snapshot file:
one explorer query — the summary tiles for the newest 365 days with no restriction, the slowest
kind of filter change — and one month's assessment indicators (the newest whole month). Medians
of ``--repeat`` runs, the lake's Parquet size, and the ratio lake / file. The file is the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard import data as data_layer  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from warehouse import assessment, lake, marts, sql  # noqa: E402
from warehouse.db import Store  # noqa: E402


def median_time(fn, repeat: int) -> float:
    fn()  # warm: the first read of a file costs more
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def measure(data: Path, repeat: int) -> tuple[int, float, dict[tuple[str, str], float]]:
    """One warehouse: migrated into a new lake, then both queries timed on the file and the lake."""
    rubric = assessment.load_rubric()
    with tempfile.TemporaryDirectory(prefix="gp-lake-scale-") as tmp:
        files = Path(tmp) / "files"
        catalog = f"sqlite:{Path(tmp) / 'catalog.sqlite'}"
        done = lake.migrate(data, catalog, files)
        size_mb = sum(p.stat().st_size for p in files.rglob("*") if p.is_file()) / 1e6
        with Store(data).reader() as file_con, lake.reader(catalog, files, done.lake_snapshot) as lake_con:
            n_cases = file_con.sql("SELECT count(*) FROM cases").fetchone()[0]  # type: ignore[index]
            newest = file_con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]  # type: ignore[index]
            f = Filters(start=newest.date() - dt.timedelta(days=364), end=newest.date())
            name, params = data_layer.explorer_jobs(f, newest, "day", "department", 1000, marts.code_ids(file_con))["summary"]
            month = (newest.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")  # the newest whole month
            m_start, m_end, _ = assessment.period_bounds(month)
            limits = rubric.post_limits()
            times = {}
            for label, con in (("file", file_con), ("lake", lake_con)):
                times[label, "explorer"] = median_time(functools.partial(sql.query, con, name, **params), repeat)
                assess = functools.partial(sql.query, con, "assessment/indicators", start=m_start, end=m_end, **limits)
                times[label, "assess"] = median_time(assess, max(1, repeat // 2))
    return n_cases, size_mb, times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"bench/lake_scaling.py {dt.datetime.now():%Y-%m-%d %H:%M}")
    print(
        f"{'cases':>12} {'lake MB':>8} {'explorer 365 d: file':>21} {'lake':>8} {'×':>5} {'month assessment: file':>23} {'lake':>8} {'×':>5}"
    )
    for data in args.data:
        n_cases, size_mb, times = measure(data, args.repeat)
        fe, le, fa, la = times["file", "explorer"], times["lake", "explorer"], times["file", "assess"], times["lake", "assess"]
        print(
            f"{n_cases:>12,} {size_mb:>8,.0f} {fe * 1000:>18.0f} ms {le * 1000:>5.0f} ms {le / fe:>5.2f}"
            f" {fa:>21.2f} s {la:>6.2f} s {la / fa:>5.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
