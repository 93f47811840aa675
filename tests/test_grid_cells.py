"""The grid lattice places points exactly as the polygon test does: hand-placed points with
known grids (inside, on a shared edge, on a vertex, outside the extent), and thousands of points
aimed at cell edges and grid vertices compared one by one with placement done by ST_Contains
alone. An older warehouse without the lattice gets one before its next change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from warehouse import marts, sql
from warehouse.db import Store, connect

# Three grids near (120.2, 30.2), in degrees: A and B are squares sharing the edge x = X0 + D; C
# is a concave L that wraps around A's north and B's north-east.
X0, Y0, D = 120.2, 30.2, 0.002
GRIDS = {
    "330100001001001": [(0, 0), (1, 0), (1, 1), (0, 1)],
    "330100001001002": [(1, 0), (2, 0), (2, 1), (1, 1)],
    "330100001001003": [(0, 1), (2, 1), (2, 2), (0.5, 2), (0.5, 1.5), (0, 1.5)],
}


def _wkt(corners: list[tuple[float, float]]) -> str:
    ring = [*corners, corners[0]]
    return "POLYGON((" + ", ".join(f"{X0 + x * D} {Y0 + y * D}" for x, y in ring) + "))"


@pytest.fixture()
def con():
    con = connect()
    sql.run_dir(con, "schema")
    for code, corners in GRIDS.items():
        con.execute(
            "INSERT INTO grids (grid_code, community_code, street_code, district_code, geometry, run_id) "
            "VALUES ($code, '330100001001', '330100001', '330100', ST_GeomFromText($wkt), 1)",
            {"code": code, "wkt": _wkt(corners)},
        )
    marts.rebuild_lattice(con)
    yield con
    con.close()


def _place(con, lon: list[float | None], lat: list[float | None]) -> list[str | None]:
    """Grid codes load/placement.sql gives these points, in order."""
    n = len(lon)
    con.register(
        "w",
        pl.DataFrame(
            {"_seq": range(n), "lon": lon, "lat": lat}, schema={"_seq": pl.Int64, "lon": pl.Float64, "lat": pl.Float64}
        ).to_arrow(),
    )
    con.sql(
        "CREATE OR REPLACE TEMP TABLE batch AS SELECT _seq, lon, lat, NULL::VARCHAR AS grid_code, NULL::VARCHAR AS community_code, "
        "NULL::VARCHAR AS department_code, NULL::VARCHAR AS department_name FROM w"
    )
    con.sql("CREATE OR REPLACE TEMP VIEW winners AS SELECT * FROM batch")  # every row a winner
    placed = sql.query(con, "load/placement").sort("_seq")
    assert placed["_seq"].to_list() == list(range(n))
    return placed["grid_code"].to_list()


def test_lattice_cells_lie_inside_their_grid(con):
    n_cells, outside = con.sql(
        "SELECT count(*), count(*) FILTER (WHERE NOT ST_Within(ST_MakeEnvelope(l.x0 + (c.cell % l.nx) * l.cell, "
        "l.y0 + (c.cell // l.nx) * l.cell, l.x0 + (c.cell % l.nx + 1) * l.cell, l.y0 + (c.cell // l.nx + 1) * l.cell), g.geometry)) "
        "FROM grid_cells AS c, grid_lattice AS l, grids AS g WHERE g.grid_code = c.grid_code"
    ).fetchone()
    assert outside == 0
    # The median grid is D x D, so a cell is D / 24 and the lattice starts at A's south-west
    # corner. Cells touching a grid's edge stay out (the margin): 22 x 22 inside each square; in
    # the L, 10 rows x 46 below the notch's floor, then 12 rows x 34 east of it.
    per_grid = dict(con.sql("SELECT grid_code, count(*) FROM grid_cells GROUP BY ALL").fetchall())
    assert per_grid == {"330100001001001": 22 * 22, "330100001001002": 22 * 22, "330100001001003": 10 * 46 + 12 * 34}
    assert n_cells == sum(per_grid.values())


def test_hand_placed_points(con):
    points = {
        (0.5, 0.5): "330100001001001",  # inside A
        (1.5, 0.5): "330100001001002",  # inside B
        (1.5, 1.5): "330100001001003",  # inside the L
        (0.25, 1.75): None,  # in the L's notch: no grid
        (1.0, 0.5): None,  # on the edge A and B share: contained by neither
        (1.0, 1.0): None,  # on a vertex of all three
        (-0.5, 0.5): None,  # west of the extent
        (2.5, 0.5): None,  # east of the extent (a wrapped cell number would land in the L)
        (0.5, -0.5): None,  # south
        (0.5, 2.5): None,  # north
        (0.0001, 0.0001): "330100001001001",  # just inside A's corner
    }
    lon = [X0 + x * D for x, _ in points]
    lat = [Y0 + y * D for _, y in points]
    assert _place(con, [*lon, None], [*lat, None]) == [*points.values(), None]


def test_lattice_gives_what_the_polygon_test_gives(con):
    x0, y0, cell, nx, ny = con.sql("SELECT x0, y0, cell, nx, ny FROM grid_lattice").fetchone()
    rng = np.random.default_rng(5)
    random = [(X0 + (u - 0.1) * 2.5 * D, Y0 + (v - 0.1) * 2.5 * D) for u, v in rng.uniform(size=(4000, 2))]
    on_edges = [(x0 + rng.integers(-2, nx + 2) * cell, Y0 + rng.uniform() * 2 * D) for _ in range(2000)]
    on_rows = [(X0 + rng.uniform() * 2 * D, y0 + rng.integers(-2, ny + 2) * cell) for _ in range(2000)]
    vertices = [
        (X0 + x * D + dx, Y0 + y * D + dy) for c in GRIDS.values() for x, y in c for dx in (-1e-12, 0, 1e-12) for dy in (-1e-12, 0, 1e-12)
    ]
    pts = [*random, *on_edges, *on_rows, *vertices]
    lon, lat = [p[0] for p in pts], [p[1] for p in pts]
    with_lattice = _place(con, lon, lat)
    con.sql("DELETE FROM grid_lattice")  # no lattice: every point goes through ST_Contains
    without = _place(con, lon, lat)
    assert with_lattice == without
    assert sum(g is not None for g in without) > 5000  # most points land in a grid


def test_a_warehouse_without_the_lattice_gets_it_before_its_next_change(con):
    cells = con.sql("SELECT * FROM grid_cells ORDER BY cell").fetchall()
    con.sql("DELETE FROM grid_lattice")
    con.sql("DELETE FROM grid_cells")
    assert not marts.in_step(con)
    marts.ensure(con)
    assert marts.in_step(con)
    assert con.sql("SELECT * FROM grid_cells ORDER BY cell").fetchall() == cells


def test_square_cells_within_a_study_area(data: Path, tmp_path: Path, capsys):
    """grids --square N --within FILE: cells cover only the study area, cut to it, so every share
    of area is of the study area; crimes outside it stay unplaced; the backtest says which area."""
    import json

    import shapely

    from orchestration.cli import pipelines as pipelines_cli
    from pipelines import profiles
    from pipelines.geo import LocalProjection
    from pipelines.load import load

    fixture = Path(__file__).with_name("fixtures") / "chicago_southside_excerpt.csv"
    load(data, profiles.resolve("chicago-crimes"), [fixture])
    # a lopsided study area: an L of two rectangles over part of the South Side
    area = shapely.union(shapely.box(-87.66, 41.74, -87.60, 41.80), shapely.box(-87.60, 41.74, -87.56, 41.77))
    boundary = tmp_path / "study.geojson"
    boundary.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(area)}]}
        )
    )
    assert pipelines_cli.main(["--data", str(data), "grids", "--square", "500", "--within", str(boundary)]) == 0
    capsys.readouterr()
    proj = LocalProjection(-87.61, 41.77)
    metric = shapely.transform(area, lambda xy: np.column_stack(proj.forward(xy[:, 0], xy[:, 1])))
    with Store(data).reader() as con:
        cells, km2 = con.sql("SELECT count(*), sum(area_m2) / 1e6 FROM grids").fetchone()
        placed = dict(con.sql("SELECT location_quality, count(*) FROM cases GROUP BY 1").fetchall())
        inside = sum(area.contains(shapely.Point(x, y)) for x, y in con.sql("SELECT lon, lat FROM cases WHERE lon IS NOT NULL").fetchall())
    assert km2 == pytest.approx(metric.area / 1e6, rel=0.01)  # the study area, not its bounding box
    assert cells < (0.10 * 111.0 / 0.5) * (0.06 * 83.0 / 0.5)  # fewer cells than the extent's box holds
    assert placed.get("point", 0) == inside  # every crime in the area has its cell, the others none
    journal = sorted((Store(data).root / "journal").glob("*/change.json"))
    assert json.loads(journal[-1].read_text())["replayable"] is False  # new grids: copied, not replayed


def test_a_new_square_grid_replaces_the_last_one(data: Path, tmp_path: Path, capsys):
    """A second --square (another size, or cut to a study area) replaces the first: before, both
    lattices stayed, overlapping, and every case kept its old cell (the smaller code wins an
    overlap), so the new size changed nothing. A case whose cell is gone and whose point lies in
    no new cell is left unplaced, not pointing at a grid that no longer exists."""
    import json

    import shapely

    from orchestration.cli import pipelines as pipelines_cli
    from pipelines import profiles
    from pipelines.load import load

    load(data, profiles.resolve("chicago-crimes"), [Path(__file__).with_name("fixtures") / "chicago_southside_excerpt.csv"])
    assert pipelines_cli.main(["--data", str(data), "grids", "--square", "1000"]) == 0
    with Store(data).reader() as con:
        first = con.sql("SELECT count(*) FROM grids").fetchone()[0]
        assert con.sql("SELECT count(*) FROM cases WHERE grid_code LIKE 'SQ01000%'").fetchone()[0] == 300  # all 300 crimes have a point
    area = shapely.box(-87.66, 41.74, -87.60, 41.80)
    boundary = tmp_path / "study.geojson"
    boundary.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(area)}))
    assert pipelines_cli.main(["--data", str(data), "grids", "--square", "500", "--within", str(boundary)]) == 0
    capsys.readouterr()
    with Store(data).reader() as con:
        sizes = dict(con.sql("SELECT left(grid_code, 7), count(*) FROM grids GROUP BY 1").fetchall())
        rows = con.sql("SELECT lon, lat, grid_code, location_quality FROM cases").fetchall()
        dangling = con.sql(
            "SELECT count(*) FROM cases WHERE grid_code IS NOT NULL AND grid_code NOT IN (SELECT grid_code FROM grids)"
        ).fetchone()[0]
    assert first > 0 and list(sizes) == ["SQ00500"]
    inside = [r for r in rows if area.contains(shapely.Point(r[0], r[1]))]
    assert 0 < len(inside) < len(rows)
    assert all(r[2].startswith("SQ00500") and r[3] == "point" for r in inside)
    assert all(r[2] is None and r[3] == "none" for r in rows if r not in inside)
    assert dangling == 0
