"""Hot-issue grouping and incident linking benchmark on a loaded warehouse:

    python bench/hot_issues.py --data /tmp/gpdef [--days 1100] [--repeat 3]

The window's reports are grouped (``models.hot_issues.group``) and linked
(``models.incidents.candidate_links``); medians of ``--repeat``. A month of the 10 M demo holds
about 280,000 reports over 1,000 grids (280 per grid); the default demo's whole three years
(``--days 1100``: 300,000 reports, 300 per grid) has the same size per grid block, which is
what the grouping's cost follows, so it stands in for that month where the 10 M warehouse is not
at hand. References, same run and same reports, both counting "same grid, same category, same
week, three or more" without reading any text: plain DuckDB SQL (the floor) and pandas groupby
(what a user would otherwise write).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import hot_issues, incidents  # noqa: E402
from warehouse import sql  # noqa: E402
from warehouse.db import Store  # noqa: E402

FLOOR = """
SELECT count(*) FROM (
    SELECT grid_code, category_code, date_trunc('week', reported_at) AS week, count(*) AS n
    FROM window_cases WHERE grid_code IS NOT NULL GROUP BY ALL HAVING count(*) >= 3
)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--days", type=int, default=1100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with Store(args.data).reader() as con:
        as_of = sql.scalar(con, "model_inputs/as_of")
        start, end = as_of - dt.timedelta(days=args.days), as_of + dt.timedelta(microseconds=1)
        cases = sql.query(con, "model_inputs/hot_issue_cases", start=start, end=end)
        located = sql.query(con, "model_inputs/incident_cases", start=start, end=end)
    per_grid = cases.group_by("grid_code").len()["len"].median()
    print(f"{cases.height:,} reports {start:%Y-%m-%d} … {as_of:%Y-%m-%d}, median {per_grid:.0f} per grid")

    def timed(fn) -> tuple[float, object]:
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            out = fn()
            runs.append(time.perf_counter() - started)
        return statistics.median(runs), out

    hot_s, (issues, members) = timed(lambda: hot_issues.group(cases))
    recent = located.filter(pl.col("reported_at") >= as_of - dt.timedelta(days=incidents.LEARN_DAYS)).tail(incidents.LEARN_MAX_REPORTS)
    learn_s, learned = timed(lambda: incidents.learn(incidents.pairs(recent)))  # as `models incidents` learns
    link_s, links = timed(lambda: incidents.candidate_links(located, learned=learned))
    con = duckdb.connect()
    con.register("window_cases", cases.select("grid_code", "category_code", "reported_at").to_arrow())
    sql_s, sql_groups = timed(lambda: con.sql(FLOOR).fetchone()[0])
    frame = cases.select("grid_code", "category_code", "reported_at").to_pandas()

    def pandas_groups() -> int:
        f = frame.dropna(subset=["grid_code"]).assign(week=frame["reported_at"].dt.to_period("W"))
        n = f.groupby(["grid_code", "category_code", "week"]).size()
        return int((n >= 3).sum())

    pd_s, pd_groups = timed(pandas_groups)
    print(f"hot issues: {issues.height:,} of {members.height:,} reports, median {hot_s:.2f} s ({cases.height / hot_s:,.0f} reports/s)")
    how = "rule" if learned is None else f"weights learned from {learned.marked:,} marked pairs in {learn_s:.2f} s (median)"
    print(f"incident links: {links.height:,} over {located.height:,} located reports, median {link_s:.2f} s; {how}")
    print(
        f"floor (grid × category × week, ≥ 3, no text): DuckDB SQL {sql_s:.3f} s ({sql_groups:,} groups), pandas {pd_s:.3f} s ({pd_groups:,})"
    )
    print(f"ratios: hot issues / SQL floor {hot_s / sql_s:.0f}×, hot issues / pandas {hot_s / pd_s:.1f}×")
    assert isinstance(issues, pl.DataFrame)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
