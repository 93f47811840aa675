"""The grid × step panel every hotspot method reads: counts per grid per week (or day), by major
category, with the grids' areas, positions and contiguity.

The counting happens in warehouse SQL (``sql/model_inputs/*.sql``); this module only shapes the result
into dense arrays, because every method (and the backtest) slices by time over all grids at once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl
from scipy import sparse

from warehouse import sql

# Weekly steps start on Mondays, so a "week" is the calendar week a command centre reports.
STEP_DAYS = {"week": 7, "day": 1}
METRES_PER_DEGREE_LAT = 111_320.0


@dataclass(frozen=True)
class Panel:
    """Counts of events per grid and step, and what the methods need to know about the grids.

    ``counts[g, t]`` is the number of cases in grid ``g`` during step ``t``; step ``t`` covers
    ``first_day + t × step_days`` for ``step_days`` days. ``neighbours`` is the symmetric 0/1 queen
    contiguity matrix (no self-loops)."""

    grid_codes: list[str]
    street_codes: list[str | None]
    community_codes: list[str | None]
    area_m2: np.ndarray
    xy_m: np.ndarray
    neighbours: sparse.csr_matrix
    counts: np.ndarray
    by_category: np.ndarray
    categories: list[str]
    first_day: dt.date
    step_days: int
    cell: str

    @property
    def n_steps(self) -> int:
        return self.counts.shape[1]

    def step_start(self, t: int) -> dt.date:
        return self.first_day + dt.timedelta(days=t * self.step_days)

    def by_category_with_total(self) -> np.ndarray:
        """``X`` for the methods: (grids, steps, 1 + categories), the total first."""
        return np.concatenate([self.counts[:, :, None], self.by_category], axis=2)

    def describe(self) -> dict:
        return {
            "cells": self.cell,
            "grids": len(self.grid_codes),
            "step_days": self.step_days,
            "steps": self.n_steps,
            "first_day": self.first_day.isoformat(),
            "end_day": self.step_start(self.n_steps).isoformat(),
            "events": int(self.counts.sum()),
            # every "share of area" (coverage, PAI) is of this: the cells' total area (for grids cut
            # to a study area with `grids --square N --within FILE`, the study area)
            "area_km2": round(float(np.sum(self.area_m2)) / 1e6, 3),
        }


def _steps(first: dt.date, last: dt.date, step_days: int, week_start: int = 0, until: dt.date | None = None) -> tuple[dt.date, int]:
    """Align the first step (weeks on ``week_start``: 0 Monday … 6 Sunday) and count the complete
    steps before ``last`` — the newest day is usually still filling up, so it is never part of a
    step — or before ``until`` where that comes first (the day after the last one evaluated)."""
    if step_days == 7:
        first = first - dt.timedelta(days=(first.weekday() - week_start) % 7)
    end = min(last, until) if until else last
    n = (end - first).days // step_days
    return first, max(n, 0)


def _dense(frame: pl.DataFrame, row_index: dict, n_steps: int, key: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    categories = sorted(frame["category_major"].unique().to_list()) if frame.height else []
    cat_index = {c: i for i, c in enumerate(categories)}
    by_cat = np.zeros((len(row_index), n_steps, max(len(categories), 1)), dtype=np.float64)
    if frame.height:
        rows = np.array([row_index.get(k, -1) for k in frame[key].to_list()])
        keep = rows >= 0
        cats = np.array([cat_index[c] for c in frame["category_major"].to_list()])
        np.add.at(by_cat, (rows[keep], frame["step"].to_numpy()[keep], cats[keep]), frame["cases"].to_numpy()[keep])
    return by_cat.sum(axis=2), by_cat, categories or ["(none)"]


def _local_xy(lon: np.ndarray, lat: np.ndarray, lat0: float) -> np.ndarray:
    """Equirectangular metres around the region's mean latitude: under 0.1 % error across a city."""
    m_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat0))
    return np.column_stack([(lon - lon.min()) * m_lon, (lat - lat.min()) * METRES_PER_DEGREE_LAT])


def load_grid_panel(con: duckdb.DuckDBPyConnection, step: str = "week", week_start: int = 0, until: dt.date | None = None) -> Panel:
    """The panel over the loaded unit grids (official or made by ``pipelines grids --square``)."""
    step_days = STEP_DAYS[step]
    grids = sql.query(con, "model_inputs/panel_grids")
    if grids.height == 0:
        raise ValueError("no grids loaded: load unit grids (pipelines grids) before running the models")
    extent = sql.query(con, "model_inputs/panel_extent")
    if extent["first_day"][0] is None:
        raise ValueError("no located cases: the models need cases inside the loaded grids")
    first, n_steps = _steps(extent["first_day"][0], extent["last_day"][0], step_days, week_start, until)
    end = first + dt.timedelta(days=n_steps * step_days)
    frame = sql.query(con, "model_inputs/grid_step_counts", first_day=first, end_day=end, step_days=step_days)
    index = {g: i for i, g in enumerate(grids["grid_code"].to_list())}
    counts, by_cat, cats = _dense(frame, index, n_steps, "grid_code")
    pairs = sql.query(con, "model_inputs/grid_neighbours")
    a = np.array([index[g] for g in pairs["a"].to_list()], dtype=int)
    b = np.array([index[g] for g in pairs["b"].to_list()], dtype=int)
    n = grids.height
    w = sparse.coo_matrix((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
    lon, lat = grids["centroid_lon"].to_numpy(), grids["centroid_lat"].to_numpy()
    return Panel(
        grid_codes=grids["grid_code"].to_list(),
        street_codes=grids["street_code"].to_list(),
        community_codes=grids["community_code"].to_list(),
        area_m2=grids["area_m2"].to_numpy().astype(float),
        xy_m=_local_xy(lon, lat, float(np.mean(lat))),
        neighbours=w,
        counts=counts,
        by_category=by_cat,
        categories=cats,
        first_day=first,
        step_days=step_days,
        cell="unit grids",
    )


def load_square_panel(
    con: duckdb.DuckDBPyConnection, cell_m: float, step: str = "week", week_start: int = 0, until: dt.date | None = None
) -> Panel:
    """The panel over square cells of ``cell_m`` metres covering the cases' extent, made on the
    fly (``--cell``), so that a backtest can compare cell sizes without reloading grids."""
    if not 10 <= cell_m <= 10_000:
        raise ValueError(f"cell size must be between 10 and 10,000 metres, got {cell_m}")
    step_days = STEP_DAYS[step]
    ext = sql.query(con, "model_inputs/case_extent").row(0, named=True)
    if ext["first_day"] is None:
        raise ValueError("no located cases to grid")
    lat0 = (ext["min_lat"] + ext["max_lat"]) / 2
    m_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat0))
    first, n_steps = _steps(ext["first_day"], ext["last_day"], step_days, week_start, until)
    end = first + dt.timedelta(days=n_steps * step_days)
    frame = sql.query(
        con,
        "model_inputs/cell_step_counts",
        lon0=ext["min_lon"],
        lat0=ext["min_lat"],
        m_lon=m_lon,
        m_lat=METRES_PER_DEGREE_LAT,
        cell_m=float(cell_m),
        first_day=first,
        end_day=end,
        step_days=step_days,
    )
    nx = int((ext["max_lon"] - ext["min_lon"]) * m_lon // cell_m) + 1
    ny = int((ext["max_lat"] - ext["min_lat"]) * METRES_PER_DEGREE_LAT // cell_m) + 1
    mx, my = np.meshgrid(np.arange(nx), np.arange(ny), indexing="xy")
    ix, iy = mx.ravel(), my.ravel()
    codes = [f"C{x:04d}_{y:04d}" for x, y in zip(ix, iy, strict=True)]
    index = {c: i for i, c in enumerate(codes)}
    frame = frame.with_columns(
        pl.format("C{}_{}", pl.col("ix").cast(pl.String).str.zfill(4), pl.col("iy").cast(pl.String).str.zfill(4)).alias("code")
    )
    counts, by_cat, cats = _dense(frame, index, n_steps, "code")
    return Panel(
        grid_codes=codes,
        street_codes=[None] * len(codes),
        community_codes=[None] * len(codes),
        area_m2=np.full(len(codes), float(cell_m) ** 2),
        xy_m=np.column_stack([(ix + 0.5) * cell_m, (iy + 0.5) * cell_m]),
        neighbours=square_queen(nx, ny),
        counts=counts,
        by_category=by_cat,
        categories=cats,
        first_day=first,
        step_days=step_days,
        cell=f"square {cell_m:g} m",
    )


def square_queen(nx: int, ny: int) -> sparse.csr_matrix:
    """Queen contiguity of an nx × ny lattice numbered row by row (index = iy × nx + ix)."""
    mx, my = np.meshgrid(np.arange(nx), np.arange(ny), indexing="xy")
    ix, iy = mx.ravel(), my.ravel()
    rows, cols = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx == dy == 0:
                continue
            jx, jy = ix + dx, iy + dy
            ok = (jx >= 0) & (jx < nx) & (jy >= 0) & (jy < ny)
            rows.append((iy * nx + ix)[ok])
            cols.append((jy * nx + jx)[ok])
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sparse.coo_matrix((np.ones(len(r)), (r, c)), shape=(nx * ny, nx * ny)).tocsr()
