"""Assessment benchmark on a big warehouse (``pipelines demo --size large --load``):

    python bench/assessment.py --data /tmp/gplarge [--month 2026-09] [--year 2025]

1. Scoring all objects for one month: indicators + scores (median of 3), beside the indicator
   SQL alone on a plain connection (the floor), as a ratio.
2. The whole year's report: every period of the year (12 months, 4 quarters, the year) scored
   and published, then the XLSX and the PDF written.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import orchestration  # noqa: E402, F401  (registers every writer, as the commands do: a replay may meet any change)
from warehouse import assessment, report, sql  # noqa: E402
from warehouse.db import Store  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--month", default="2026-09")
    ap.add_argument("--year", type=int, default=2025)
    args = ap.parse_args()
    rubric = assessment.load_rubric()
    store = Store(args.data)
    with store.reader() as con:
        n = con.sql("SELECT count(*) FROM cases").fetchone()[0]
        print(f"bench/assessment.py: {n:,} cases, snapshot {store.current().snapshot_id}")
        runs, floors = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            scores = assessment.compute(con, [args.month], rubric, 0)
            runs.append(time.perf_counter() - t0)
            start, end, _ = assessment.period_bounds(args.month)
            t0 = time.perf_counter()
            sql.query(con, "assessment/indicators", start=start, end=end, **assessment.LIMIT_DEFAULTS)
            floors.append(time.perf_counter() - t0)
    med, floor = statistics.median(runs), statistics.median(floors)
    objects = scores.select("object_type", "object_code").unique().height
    print(f"1. one month ({args.month}), {objects:,} objects, {scores.height:,} indicator rows: median {med:.2f} s (goal < 5 s)")
    print(f"   indicator SQL alone: median {floor:.2f} s; scoring adds {med / floor:.2f}x")
    year = str(args.year)
    periods = [f"{year}-{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)] + [year]
    t0 = time.perf_counter()
    assessment.assess(args.data, periods)
    t_assess = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t1 = time.perf_counter()
        report.write(args.data, args.year, "xlsx", Path(tmp) / "r.xlsx")
        t_xlsx = time.perf_counter() - t1
        t1 = time.perf_counter()
        report.write(args.data, args.year, "pdf", Path(tmp) / "r.pdf")
        t_pdf = time.perf_counter() - t1
    total = time.perf_counter() - t0
    print(f"2. year {year}: 17 periods scored and published in {t_assess:.1f} s, XLSX {t_xlsx:.1f} s, PDF {t_pdf:.1f} s;")
    print(f"   total {total:.1f} s (goal < 60 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
