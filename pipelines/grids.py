"""Square grids for cities without official unit grids (``pipelines grids --square METRES``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import shapely
import shapely.geometry

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


def boundary(path: Path, crs: str | None = None) -> shapely.Geometry:
    """A study-area boundary (any polygon file DuckDB spatial reads offline: GeoJSON, shapefile,
    GeoPackage …) in WGS84; ``crs`` (e.g. EPSG:2790) names the file's coordinates where its own
    metadata does not (a shapefile with an empty .prj)."""
    if not path.is_file():
        raise ValueError(f"{path}: no such boundary file")
    from warehouse.db import connect

    con = connect(":memory:")
    try:
        geom = "geom" if crs is None else "ST_Transform(geom, $crs, 'EPSG:4326', always_xy := true)"
        rows = con.execute(
            f"SELECT ST_AsWKB(ST_Union_Agg({geom})) FROM ST_Read($path)", {"path": str(path), **({"crs": crs} if crs else {})}
        ).fetchall()  # noqa: S608 - geom is one of two fixed expressions
    except Exception as exc:  # noqa: BLE001 - GDAL and PROJ errors become one clear refusal
        raise ValueError(f"{path}: cannot read as a boundary polygon: {str(exc).splitlines()[0][:200]}") from exc
    finally:
        con.close()
    area = shapely.from_wkb(bytes(rows[0][0])) if rows and rows[0][0] is not None else None
    if area is None or area.is_empty or area.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{path}: holds no polygon")
    minx, miny, maxx, maxy = area.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(f"{path}: coordinates are not longitude/latitude; give the file's CRS with --within-crs (e.g. EPSG:2790)")
    return area


def square_cells(bounds: tuple[float, float, float, float], metres: int, within: shapely.Geometry | None = None) -> pl.DataFrame:
    """Regular cells over a WGS84 extent in a local metric projection. Codes: 'SQ' + 5-digit
    cell size + 4-digit row (north → south) + 4-digit column (west → east) = 15 characters.
    With ``within`` (a study area), the cells cover its extent, only those touching it are kept,
    and each is cut to it: cell areas, and so every "share of area", are then of the study area,
    not of a bounding box with lakes and empty land in it."""
    if within is not None:
        bounds = within.bounds
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
            shape: dict = {"type": "Polygon", "coordinates": [ring]}
            if within is not None:
                cell = shapely.Polygon(ring)
                if not cell.intersects(within):
                    continue
                part = cell.intersection(within) if not within.contains(cell) else cell
                if part.is_empty or part.area == 0:
                    continue
                shape = shapely.geometry.mapping(part)
            code = f"SQ{metres:05d}{r + 1:04d}{c + 1:04d}"
            out.append({"grid_code": code, "grid_name": f"{metres} m cell r{r + 1} c{c + 1}", "geometry": json.dumps(shape)})
    if not out:
        raise ValueError("no cell falls inside the study area")
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
