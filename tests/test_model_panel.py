"""The grid × week panel from warehouse SQL: complete Monday weeks only, counts per grid equal
the cases table, queen contiguity on a square grid."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

from models.panel import load_grid_panel
from pipelines import grids, profiles
from pipelines.load import load, load_frames
from warehouse.db import Store


def request(i: int, when: str, lat: float, lon: float) -> dict:
    return {
        "service_request_id": f"SR{i}",
        "service_code": "POT",
        "service_name": "Pothole",
        "requested_datetime": f"{when}-05:00",
        "updated_datetime": f"{when}-05:00",
        "status": "open",
        "lat": lat,
        "long": lon,
    }


def test_panel_counts_complete_weeks_per_grid(data: Path, tmp_path: Path):
    rows = [
        request(0, "2024-05-06T09:00:00", 41.800, -87.600),  # Monday, week 0
        request(1, "2024-05-08T09:00:00", 41.800, -87.600),  # same place, week 0
        request(2, "2024-05-14T09:00:00", 41.812, -87.612),  # week 1, elsewhere
        request(3, "2024-05-21T09:00:00", 41.790, -87.590),  # week 2: not complete, left out
        request(4, "2024-05-22T10:00:00", 41.815, -87.585),  # the newest day: never part of a step
    ]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    load(data, profiles.resolve("open311"), [path])
    cells = grids.square_cells(grids.case_extent(data), 250)
    load_frames(data, grids.SQUARE_PROFILE, [("<square 250 m>", "", cells)])
    with Store(data).reader() as con:
        panel = load_grid_panel(con, "week")
        where = dict(con.sql("SELECT case_id, grid_code FROM cases").fetchall())
    assert panel.first_day == dt.date(2024, 5, 6)
    assert panel.n_steps == 2
    assert panel.counts.sum(axis=0).tolist() == [2.0, 1.0]
    g0, g2 = panel.grid_codes.index(where["SR0"]), panel.grid_codes.index(where["SR2"])
    assert panel.counts[g0].tolist() == [2.0, 0.0]
    assert panel.counts[g2].tolist() == [0.0, 1.0]
    assert panel.by_category.sum() == 3
    degree = np.asarray(panel.neighbours.sum(axis=1)).ravel()
    assert degree.max() == 8 and degree.min() == 3  # interior cells and corners of the lattice
    assert np.allclose(panel.area_m2.min(), panel.area_m2.max(), rtol=0.01)  # 250 m squares
