"""Square grids over a city: seconds for ``grids --square N`` (cells made, loaded, the lattice
built, every case placed again) on the Chicago South Side crimes, at 250 m and 70 m (~22,000
cells, the size the issue measured at 156–440 s).

Reference, measured in the same run: the floor a hand-written DuckDB query reaches for the
same work without the product's bookkeeping — the same cells made in SQL (``range`` ×
``range``, ``ST_MakeEnvelope``) and the crimes placed by DuckDB's spatial join — with no
journal, snapshot, lattice or marts. Medians of ``--repeat`` runs; the process is warm (imports
are not counted: they are the same for every command).

    python bench/square_grids.py [--sizes 250 70] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from orchestration import flows  # noqa: E402
from pipelines import grids, profiles  # noqa: E402
from pipelines.geo import LocalProjection  # noqa: E402
from pipelines.load import load  # noqa: E402
from warehouse.db import Store, connect  # noqa: E402

CRIMES = Path(__file__).resolve().parents[2] / "shared" / "data" / "chicago_southside_2016" / "example.csv"

FLOOR = """
CREATE OR REPLACE TABLE cells AS
SELECT ix, iy, ST_MakeEnvelope($x0 + ix * $dx, $y0 + iy * $dy, $x0 + (ix + 1) * $dx, $y0 + (iy + 1) * $dy) AS geometry
FROM range($nx) AS a(ix), range($ny) AS b(iy);
CREATE OR REPLACE TABLE placed AS
SELECT p.id, c.ix, c.iy FROM pts AS p JOIN cells AS c ON ST_Contains(c.geometry, ST_Point(p.lon, p.lat));
"""


def product(base: Path, metres: int) -> tuple[float, int]:
    """Seconds for the product's ``grids --square`` on a copy of the loaded crimes, and its cells."""
    work = Path(tempfile.mkdtemp(prefix="gp-square-"))
    try:
        shutil.copytree(base, work / "d")
        start = time.perf_counter()
        summary = flows.load_square_grids(work / "d", metres, actor="bench")
        return time.perf_counter() - start, summary.inserted
    finally:
        shutil.rmtree(work)


def floor(points: list[tuple[float, float]], extent: tuple[float, float, float, float], metres: int) -> float:
    """Seconds for the same cells and placement in plain DuckDB SQL (degrees per metre at the
    extent's centre, as the product's local projection uses)."""
    min_lon, min_lat, max_lon, max_lat = extent
    proj = LocalProjection((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
    x, y = proj.forward([min_lon, min_lon + 1.0], [min_lat, min_lat + 1.0])
    dx, dy = metres / float(x[1] - x[0]), metres / float(y[1] - y[0])
    nx, ny = int((max_lon - min_lon) / dx) + 1, int((max_lat - min_lat) / dy) + 1
    con = connect()
    con.execute("CREATE TABLE pts (id INTEGER, lon DOUBLE, lat DOUBLE)")
    con.executemany("INSERT INTO pts VALUES (?, ?, ?)", [(i, lon, lat) for i, (lon, lat) in enumerate(points)])
    start = time.perf_counter()
    for stmt in [s for s in FLOOR.split(";") if s.strip()]:
        params = {k: v for k, v in {"x0": min_lon, "y0": min_lat, "dx": dx, "dy": dy, "nx": nx, "ny": ny}.items() if f"${k}" in stmt}
        con.execute(stmt, params)
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 70])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="gp-square-base-"))
    try:
        load(base, profiles.resolve("chicago-crimes"), [CRIMES])
        extent = grids.case_extent(base)
        with Store(base).reader() as con:
            points = con.sql("SELECT lon, lat FROM cases WHERE lon IS NOT NULL").fetchall()
        print(f"{len(points):,} crimes; extent {extent}")
        print(f"{'size':>6} {'cells':>7} {'product s':>10} {'floor s':>8} {'ratio':>6}")
        for metres in args.sizes:
            runs = [product(base, metres) for _ in range(args.repeat)]
            ours = statistics.median(r[0] for r in runs)
            ref = statistics.median(floor(points, extent, metres) for _ in range(args.repeat))
            print(f"{metres:>5}m {runs[0][1]:>7,} {ours:>10.2f} {ref:>8.2f} {ours / ref:>6.1f}")
    finally:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
