"""Real export formats: the Baltimore 311 excerpt, Open311 JSON, and a square grid over points."""

import json
from pathlib import Path

from pipelines import grids, profiles
from pipelines.load import load, load_frames
from tests.conftest import FIXTURES
from warehouse.db import Store


def test_baltimore_excerpt(data: Path):
    s = load(data, profiles.resolve("baltimore-311"), [FIXTURES / "baltimore311_excerpt.csv"])
    assert s.rows_in == 400 and s.balanced() and s.rejected == 0
    with Store(data).reader() as con:
        placeholder = con.sql("SELECT count(*) FROM cases WHERE quality_flags = 'placeholder_point' AND lon IS NULL").fetchone()[0]
        unlocated = con.sql("SELECT count(*) FROM cases WHERE lon IS NULL").fetchone()[0]
        statuses = dict(con.sql("SELECT status, count(*) FROM cases GROUP BY ALL").fetchall())
        near_39_77 = con.sql("SELECT count(*) FROM cases WHERE lat = 39 AND lon = -77").fetchone()[0]
        outside = con.sql("SELECT case_id FROM cases WHERE quality_flags = 'outside_area'").pl()["case_id"].sort().to_list()
    # 30 placeholder points, 23 rows with no coordinates, 2 Middle River (county, not city) addresses
    assert placeholder == 30 and unlocated == 30 + 23 + 2 and near_39_77 == 0
    assert len(outside) == 2 and "15-00613245" in outside
    assert "cancelled" in statuses and "closed" in statuses


def test_open311_and_square_grid(data: Path, tmp_path: Path):
    requests = [
        {
            "service_request_id": f"SR{i}",
            "service_code": "POT",
            "service_name": "Pothole",
            "description": "hole",
            "requested_datetime": "2024-05-01T09:00:00-05:00",
            "updated_datetime": "2024-05-02T09:00:00-05:00",
            "status": "closed" if i % 2 else "open",
            "address": "1 Main St",
            "lat": 41.80 + i * 0.004,
            "long": -87.60 - i * 0.004,
            "agency_responsible": "Streets",
        }
        for i in range(5)
    ]
    path = tmp_path / "requests.json"
    path.write_text(json.dumps(requests), encoding="utf-8")
    s = load(data, profiles.resolve("open311"), [path])
    assert (s.rows_in, s.inserted, s.rejected) == (5, 5, 0)
    cells = grids.square_cells(grids.case_extent(data), 250)
    g = load_frames(data, grids.SQUARE_PROFILE, [("<square 250 m>", "", cells)])
    assert g.inserted == cells.height
    with Store(data).reader() as con:
        codes = con.sql("SELECT grid_code FROM cases ORDER BY case_id").pl()["grid_code"].to_list()
        n_grids = con.sql("SELECT count(DISTINCT grid_code), min(length(grid_code)), max(length(grid_code)) FROM grids").fetchone()
    assert all(c is not None and c.startswith("SQ00250") for c in codes)
    assert n_grids[0] == cells.height and n_grids[1] == n_grids[2] == 15
