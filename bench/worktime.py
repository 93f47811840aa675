"""Working-time clock benchmark: elapsed working hours between two timestamp columns.

    python bench/worktime.py --rows 10000000

GridPulse's vectorised ``WorkCalendar.elapsed_hours`` (numpy, per-day cumulative working
minutes) over N random (start, end) pairs on the Chinese holiday calendar, beside what a user
would otherwise write: a per-row Python function walking the days (measured on a sample and
reported as rows/s, so the ratio is like for like). Both are checked to agree on the sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warehouse.worktime import WorkCalendar  # noqa: E402

WINDOWS = ((8 * 60 + 30, 12 * 60), (13 * 60 + 30, 17 * 60 + 30))


def per_row(start: dt.datetime, end: dt.datetime, workday) -> float:
    """The loop a user writes: walk the days, add the overlap with each working window."""
    total = 0.0
    day = start.date()
    while day <= end.date():
        if workday(day):
            base = dt.datetime.combine(day, dt.time())
            for a, b in WINDOWS:
                lo = max(start, base + dt.timedelta(minutes=a))
                hi = min(end, base + dt.timedelta(minutes=b))
                if hi > lo:
                    total += (hi - lo).total_seconds() / 3600
        day += dt.timedelta(days=1)
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--sample", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cal = WorkCalendar(dt.date(2023, 1, 1), dt.date(2027, 12, 31))
    rng = np.random.default_rng(5)
    start = np.datetime64("2024-01-01T00:00:00", "s") + rng.integers(0, 2 * 365 * 86400, args.rows).astype("timedelta64[s]")
    end = start + rng.integers(60, 20 * 86400, args.rows).astype("timedelta64[s]")
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        hours = cal.elapsed_hours(start, end)
        runs.append(time.perf_counter() - t0)
    med = statistics.median(runs)
    print(f"GridPulse WorkCalendar.elapsed_hours: {args.rows:,} rows, median {med:.2f} s, {args.rows / med:,.0f} rows/s")
    day0 = cal.day0.astype(dt.date)
    workday = lambda d: bool(cal.is_workday[(d - day0).days])  # noqa: E731 - the same holiday table
    sample_s = start[: args.sample].astype(dt.datetime)
    sample_e = end[: args.sample].astype(dt.datetime)
    t0 = time.perf_counter()
    loop = np.array([per_row(a, b, workday) for a, b in zip(sample_s, sample_e, strict=True)])
    loop_s = time.perf_counter() - t0
    assert np.allclose(loop, hours[: args.sample], atol=1e-6), "the two methods disagree"
    print(f"per-row Python loop: {args.sample:,} rows in {loop_s:.2f} s, {args.sample / loop_s:,.0f} rows/s (agrees on the sample)")
    print(
        f"speed-up: {(args.rows / med) / (args.sample / loop_s):,.0f}x; the loop would need ~{args.rows / (args.sample / loop_s) / 60:.0f} min for {args.rows:,}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
