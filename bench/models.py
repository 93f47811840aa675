"""Risk-model benchmark on a loaded warehouse (default demo: ``pipelines demo --load``):

    python bench/models.py --data /tmp/gpdef [--origins 52] [--repeat 3]

1. The backtest: every method, horizons 1 and 4, ``--origins`` weekly origins (goal < 60 s on the
   default demo), with the time per method. Reference, same run: the moving-average baseline's
   backtest written as a user would in pandas (groupby + rolling mean, rank, cumulative sum per
   origin) against ours for that one method; both must give the same hit rate at 5 %.
2. Scoring and alerts (``models alerts``: panel, forecast, Gi*, classes, dispute model, publish):
   median of ``--repeat`` (goal < 10 s), beside the panel SQL alone (the floor).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import alerts, backtest, hotspot  # noqa: E402
from models.panel import load_grid_panel  # noqa: E402
from warehouse import sql  # noqa: E402
from warehouse.db import Store  # noqa: E402


def pandas_moving_average_backtest(panel, origins: list[int], window: int = 8) -> float:
    """Mean hit rate at 5 % of area for the moving average, the pandas way: a long frame of
    (grid, step, cases), a rolling mean per grid, then per origin a sort and a cumulative sum."""
    g, t = np.meshgrid(np.arange(len(panel.grid_codes)), np.arange(panel.n_steps), indexing="ij")
    long = pd.DataFrame({"grid": g.ravel(), "step": t.ravel(), "cases": panel.counts.ravel()})
    long["ma"] = long.groupby("grid")["cases"].transform(lambda s: s.rolling(window, min_periods=1).mean())
    area = pd.Series(panel.area_m2, name="area")
    hits = []
    for o in origins:
        pred = long[long["step"] == o - 1].set_index("grid")["ma"]
        actual = long[long["step"] == o].set_index("grid")["cases"]
        df = pd.DataFrame({"density": pred / area, "actual": actual, "area": area}).sort_values("density", ascending=False, kind="stable")
        budget = 0.05 * df["area"].sum()
        before = df["area"].cumsum() - df["area"]
        share = ((budget - before).clip(lower=0) / df["area"]).clip(upper=1)
        if df["actual"].sum() > 0:
            hits.append(float((share * df["actual"]).sum() / df["actual"].sum()))
    return float(np.mean(hits))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--origins", type=int, default=52)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    store = Store(args.data)
    t0 = time.perf_counter()
    with store.reader() as con:
        panel = load_grid_panel(con)
    t_panel = time.perf_counter() - t0
    d = panel.describe()
    print(f"bench/models.py: {d['grids']:,} grids × {d['steps']} weeks, {d['events']:,} cases; panel built in {t_panel:.2f} s")

    per_method = {}
    for method in hotspot.BASELINES + hotspot.LEARNED:
        t0 = time.perf_counter()
        result = backtest.run(panel, (1, 4), args.origins, methods=(method,))
        per_method[method] = time.perf_counter() - t0
        if method == "moving_average":
            score = result.methods[method].horizons["1"]
            assert score is not None
            ours_hit = score.coverage["5%"].hit_rate
    total = sum(per_method.values())
    print(f"1. backtest, {args.origins} weekly origins × horizons 1 and 4 × 5 methods: {total:.1f} s (goal < 60 s)")
    for m, s in per_method.items():
        print(f"   {m:<16}{s:6.1f} s")
    origins = backtest.origins_for(panel, 1, args.origins)
    ours, ref = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        backtest.run(panel, (1,), args.origins, methods=("moving_average",))
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pandas_hit = pandas_moving_average_backtest(panel, origins)
        ref.append(time.perf_counter() - t0)
    print(
        f"   moving average, horizon 1 only: ours median {statistics.median(ours):.2f} s, pandas {statistics.median(ref):.2f} s "
        f"({statistics.median(ref) / statistics.median(ours):.1f}x); hit rate 5 % {ours_hit:.4f} vs pandas {pandas_hit:.4f}"
    )

    runs, floors = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        summary = alerts.run(args.data)
        runs.append(time.perf_counter() - t0)
        with store.reader() as con:
            t0 = time.perf_counter()
            sql.query(con, "model_inputs/grid_step_counts", first_day=panel.first_day, end_day=panel.step_start(panel.n_steps), step_days=7)
            floors.append(time.perf_counter() - t0)
    med, floor = statistics.median(runs), statistics.median(floors)
    print(
        f"2. scoring + alerts ({summary['hotspot_alerts']} hotspot, {summary['dispute_alerts']} dispute alerts, published as snapshot "
        f"{summary['snapshot_id']}): median {med:.2f} s (goal < 10 s); panel SQL alone {floor:.2f} s ({med / floor:.1f}x the floor)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
