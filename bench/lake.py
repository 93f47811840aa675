"""The warehouse on DuckLake against the snapshot file it was copied from (issue 19, begun):

    python bench/lake.py --data /tmp/gplarge [--catalog sqlite:/tmp/lake/catalog.sqlite]
                         [--data-path /tmp/lake/files] [--changes 40] [--skip-migrate]

1. `warehouse migrate --to lake`: the copy and its check, timed.
2. The explorer's queries for the same random filters (bench/dashboard.py's, same seed), run one
   after another on a snapshot-file connection and on a lake reader pinned to the copy,
   alternating which goes first: p50 and p95 of each and their ratio (issue 19's goal: lake p95
   at most 1.5 × the embedded one); and on the local copy of the lake snapshot that a
   lake-reading dashboard server makes in the background and then reads (`lake_replica`).
3. One month's assessment indicators on both (median of 3).
The floor is the same SQL on the embedded file; there is no pandas version of a lake to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import ms, pct, random_filters  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--catalog", default="sqlite:/tmp/gridpulse-lake/catalog.sqlite")
    ap.add_argument("--data-path", type=Path, default=Path("/tmp/gridpulse-lake/files"))
    ap.add_argument("--changes", type=int, default=40)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--skip-migrate", action="store_true", help="reuse the lake a previous run filled")
    args = ap.parse_args()
    os.environ["GRIDPULSE_DATA"] = str(args.data)

    from dashboard import data
    from warehouse import assessment, lake, marts, sql
    from warehouse.db import Store, connect

    if args.skip_migrate:
        lake_snapshot = lake.newest(args.catalog, args.data_path)
    else:
        t0 = time.perf_counter()
        done = lake.migrate(args.data, args.catalog, args.data_path)
        rows = sum(t.rows for t in done.tables)
        print(f"1. migrate: {rows:,} rows in {len(done.tables)} tables, {time.perf_counter() - t0:.1f} s; same on both sides: {done.ok}")
        lake_snapshot = done.lake_snapshot
    snap = data.current_snapshot()
    assert snap is not None
    now = data.reference_time(snap)
    filters = random_filters(snap, now, args.changes, args.seed)
    with Store(args.data).reader() as con:
        ids = marts.code_ids(con)
        n_cases = con.sql("SELECT count(*) FROM cases").fetchone()[0]  # type: ignore[index]
    jobs = [data.explorer_jobs(f, now, "day", "department", 1000, ids) for f in filters]

    def run(con, batch: dict) -> float:
        t0 = time.perf_counter()
        for name, params in batch.values():
            sql.query(con, name, **params)
        return time.perf_counter() - t0

    # what a lake-reading dashboard server does with each new snapshot ([warehouse] lake_replica)
    replica = Path(tempfile.mkdtemp(prefix="gridpulse-replica-")) / f"lake-{lake_snapshot:06d}.duckdb"
    t0 = time.perf_counter()
    lake.replicate(args.catalog, args.data_path, lake_snapshot, replica)
    print(f"   local copy of lake snapshot {lake_snapshot} (a dashboard server's, in the background): {time.perf_counter() - t0:.1f} s")
    embedded, on_lake, on_copy = [], [], []
    with (
        Store(args.data).reader() as file_con,
        lake.reader(args.catalog, args.data_path, lake_snapshot) as lake_con,
        connect(replica, read_only=True) as copy_con,
    ):
        for con in (file_con, lake_con, copy_con):
            run(con, jobs[0])  # warm each: the first read of a file costs more
        for k, batch in enumerate(jobs):  # the order rotates, so none always runs first
            order = [(embedded, file_con), (on_lake, lake_con), (on_copy, copy_con)]
            for times, con in order[k % 3 :] + order[: k % 3]:
                times.append(run(con, batch))
        print(f"2. explorer queries for {len(jobs)} filters, {n_cases:,} cases, one after another (lake snapshot {lake_snapshot}):")
        print(f"   embedded file:         p50 {ms(pct(embedded, 0.5))}  p95 {ms(pct(embedded, 0.95))}")
        print(f"   DuckLake:              p50 {ms(pct(on_lake, 0.5))}  p95 {ms(pct(on_lake, 0.95))}")
        print(f"   DuckLake, local copy:  p50 {ms(pct(on_copy, 0.5))}  p95 {ms(pct(on_copy, 0.95))}")
        for label, times in (("lake", on_lake), ("local copy", on_copy)):
            print(
                f"   ratio {label} / embedded: p50 {pct(times, 0.5) / pct(embedded, 0.5):.2f}, "
                f"p95 {pct(times, 0.95) / pct(embedded, 0.95):.2f} (goal: p95 ≤ 1.5)"
            )
        rubric = assessment.load_rubric()
        month = f"{now.year}-{now.month - 1:02d}" if now.month > 1 else f"{now.year - 1}-12"
        start, end, _ = assessment.period_bounds(month)
        timings = {}
        for label, con in (("embedded", file_con), ("lake", lake_con)):
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                sql.query(con, "assessment/indicators", start=start, end=end, **rubric.post_limits())
                runs.append(time.perf_counter() - t0)
            timings[label] = statistics.median(runs)
        print(
            f"3. assessment indicators of {month}: embedded {timings['embedded']:.2f} s, lake {timings['lake']:.2f} s "
            f"({timings['lake'] / timings['embedded']:.2f}×)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
