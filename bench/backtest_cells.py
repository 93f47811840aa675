"""Backtest at city scale on square cells: time and peak memory of every hotspot method.

A real crime year at 250 m over a large city is ~22,000 cells with ~10,000 events: most cells are
empty most weeks. This builds such a panel (a smooth random risk surface, seed fixed), runs the
rolling-origin backtest method by method, and prints each method's seconds and the process's peak
RSS after it. Reference, measured in the same run: the dense cell × cell kernels the prospective
and kernel-density methods used before (a 22,000² float matrix is 3.9 GB, so the reference is
built at --dense-cells and its memory scaled by the square of the cell ratio).

    python bench/backtest_cells.py [--cells 22000] [--events 10000] [--weeks 60] [--origins 26]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial.distance import cdist

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import backtest, hotspot  # noqa: E402
from models.panel import Panel, square_queen  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_panel(cells: int, events: int, weeks: int, seed: int) -> Panel:
    """A square lattice of 250 m cells with events drawn from a smooth, persistent risk surface."""
    rng = np.random.default_rng(seed)
    nx = int(np.ceil(np.sqrt(cells)))
    ny = int(np.ceil(cells / nx))
    n = nx * ny
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny), indexing="xy")
    xy = np.column_stack([gx.ravel() * 250.0, gy.ravel() * 250.0])
    centres = rng.uniform(0, [nx * 250.0, ny * 250.0], size=(40, 2))
    risk = sum(np.exp(-((xy - c) ** 2).sum(axis=1) / (2 * rng.uniform(300, 1500) ** 2)) for c in centres) + 0.02
    risk = risk / risk.sum()
    weekly = events / weeks
    counts = rng.poisson(np.outer(risk, np.full(weeks, weekly))).astype(float)
    return Panel(
        grid_codes=[f"C{i}" for i in range(n)],
        street_codes=[None] * n,
        community_codes=[None] * n,
        area_m2=np.full(n, 62_500.0),
        xy_m=xy,
        neighbours=square_queen(nx, ny),
        counts=counts,
        by_category=counts[:, :, None],
        categories=["all"],
        first_day=dt.date(2016, 1, 4),
        step_days=7,
        cell="square 250 m",
    )


def dense_reference(xy: np.ndarray) -> tuple[float, float]:
    """Seconds and MB of the dense kernels the methods built before (both of them)."""
    t0 = time.perf_counter()
    d = cdist(xy, xy)
    spacing = np.median(np.sort(d, axis=1)[:, 1])
    prospective = np.where(d <= 400.0, 1.0 / (1.0 + d / spacing), 0.0)
    kde = np.exp(-(d**2) / (2 * 300.0**2))
    seconds = time.perf_counter() - t0
    mb = (d.nbytes + prospective.nbytes + kde.nbytes) / 2**20
    return seconds, mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", type=int, default=22_000)
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--weeks", type=int, default=60)
    ap.add_argument("--origins", type=int, default=26)
    ap.add_argument("--dense-cells", type=int, default=4_000)
    ap.add_argument("--seed", type=int, default=20160101)
    args = ap.parse_args()
    panel = synthetic_panel(args.cells, args.events, args.weeks, args.seed)
    print(f"panel: {len(panel.grid_codes):,} cells × {panel.n_steps} weeks, {int(panel.counts.sum()):,} events")
    total = 0.0
    for method in hotspot.BASELINES + hotspot.LEARNED:
        t0 = time.perf_counter()
        result = backtest.run(panel, (1,), args.origins, methods=(method,))
        seconds = time.perf_counter() - t0
        total += seconds
        score = result.methods[method].horizons["1"]
        pai = score.coverage["5%"].pai if score else float("nan")
        print(f"  {method:<16}{seconds:7.1f} s   PAI 5% {pai:6.2f}   peak RSS so far {peak_rss_mb():7.0f} MB")
    print(f"all methods, {args.origins} origins, horizon 1: {total:.1f} s, peak RSS {peak_rss_mb():.0f} MB")
    small = panel.xy_m[: args.dense_cells]
    seconds, mb = dense_reference(small)
    scale = (len(panel.grid_codes) / len(small)) ** 2
    print(
        f"reference, dense kernels at {len(small):,} cells: {seconds:.1f} s, {mb:,.0f} MB;"
        f" at {len(panel.grid_codes):,} cells that is {mb * scale / 1024:,.1f} GB (×{scale:.0f}, the square of the cell ratio)"
    )


if __name__ == "__main__":
    main()
