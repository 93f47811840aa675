"""Square grids for cities without official unit grids (``pipelines grids --square METRES``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.geo import LocalProjection
from pipelines.profiles import Profile
from warehouse.db import Store

SQUARE_PROFILE = Profile(
    name="square-grid",
    path=Path("<generated>"),
    target="grids",
    source="square_grid",
    format="geojson",
    columns={"grid_code": "grid_code", "grid_name": "grid_name", "geometry": "geometry"},
)


def square_cells(bounds: tuple[float, float, float, float], metres: int) -> pl.DataFrame:
    """Regular cells over a WGS84 extent in a local metric projection. Codes: 'SQ' + 5-digit
    cell size + 4-digit row (north → south) + 4-digit column (west → east) = 15 characters."""
    if not 10 <= metres <= 99_999:
        raise ValueError("--square takes a cell size in metres from 10 to 99999")
    min_lon, min_lat, max_lon, max_lat = bounds
    proj = LocalProjection((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
    x0, y0 = proj.forward(np.array([min_lon]), np.array([min_lat]))
    x1, y1 = proj.forward(np.array([max_lon]), np.array([max_lat]))
    x0, y0, x1, y1 = x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0  # a metre of margin: extreme points fall inside, not on an edge
    cols = int(np.ceil((x1[0] - x0[0]) / metres)) or 1
    rows = int(np.ceil((y1[0] - y0[0]) / metres)) or 1
    if rows * cols > 2_000_000 or rows > 9999 or cols > 9999:
        raise ValueError(f"--square {metres} gives {rows}×{cols} cells over this extent; choose larger cells")
    out = []
    for r in range(rows):
        top = y1[0] - r * metres
        for c in range(cols):
            left = x0[0] + c * metres
            xs = np.array([left, left + metres, left + metres, left, left])
            ys = np.array([top, top, top - metres, top - metres, top])
            lon, lat = proj.inverse(xs, ys)
            ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
            code = f"SQ{metres:05d}{r + 1:04d}{c + 1:04d}"
            out.append(
                {
                    "grid_code": code,
                    "grid_name": f"{metres} m cell r{r + 1} c{c + 1}",
                    "geometry": json.dumps({"type": "Polygon", "coordinates": [ring]}),
                }
            )
    return pl.DataFrame(out).with_row_index("_row", offset=1)


def case_extent(data: Path) -> tuple[float, float, float, float]:
    """Extent of located cases (and disputes) in the current snapshot."""
    with Store(data).reader() as con:
        row = con.sql(
            "SELECT min(lon), min(lat), max(lon), max(lat) FROM (SELECT lon, lat FROM cases UNION ALL SELECT lon, lat FROM disputes) WHERE lon IS NOT NULL"
        ).fetchone()
    if row is None or row[0] is None:
        raise ValueError("no located cases in the warehouse: load cases before `grids --square`")
    return row
