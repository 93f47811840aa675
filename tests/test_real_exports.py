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


def test_baltimore_on_time_rate_by_agency_equals_pandas(data: Path):
    """The assessment's on-time closure rate per agency, recomputed directly with pandas from the
    raw export with DOMAIN.md §4's definition (due in the year, not cancelled; closed on or
    before the due date ÷ due)."""
    import pandas as pd

    from warehouse import assessment

    load(data, profiles.resolve("baltimore-311"), [FIXTURES / "baltimore311_excerpt.csv"])
    assessment.assess(data, ["2016", "2018"])
    raw = pd.read_csv(FIXTURES / "baltimore311_excerpt.csv", dtype=str)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    for col in ("DueDate", "CloseDate", "CreatedDate"):
        raw[col] = pd.to_datetime(raw[col], format=fmt)
    for year in (2016, 2018):
        due = raw[(raw["DueDate"].dt.year == year) & (raw["SRStatus"] != "Closed (Duplicate)") & raw["CreatedDate"].notna()]
        expected = (
            due.assign(on_time=due["CloseDate"].notna() & (due["CloseDate"] <= due["DueDate"]))
            .groupby("Agency")["on_time"]
            .agg(["sum", "count"])
        )
        with Store(data).reader() as con:
            got = con.execute(
                "SELECT object_code, numerator, denominator, value FROM assessment_scores "
                "WHERE period = ? AND object_type = 'department' AND indicator = 'on_time_closure_rate'",
                [str(year)],
            ).fetchall()
        assert len(got) >= 3  # open requests stay in the denominator, as the definition says
        assert {a: (n, d) for a, n, d, _ in got} == {a: (float(r["sum"]), float(r["count"])) for a, r in expected.iterrows()}
        assert all(abs(v - n / d) < 1e-12 for _, n, d, v in got)


def test_source_columns_without_a_canonical_place_are_kept(data: Path, capsys):
    """Baltimore's neighbourhood, council and police districts and outcome are kept as extras,
    queryable with warehouse query, equal to the raw CSV."""
    import json

    import pandas as pd

    from orchestration.cli import warehouse as warehouse_cli

    load(data, profiles.resolve("baltimore-311"), [FIXTURES / "baltimore311_excerpt.csv"])
    raw = pd.read_csv(FIXTURES / "baltimore311_excerpt.csv", dtype=str).drop_duplicates("ServiceRequestNum", keep="last")
    sql = (
        "SELECT case_id, extras->>'neighborhood' AS n, extras->>'council_district' AS c FROM cases"
        " WHERE extras IS NOT NULL ORDER BY case_id"
    )
    assert warehouse_cli.main(["query", sql, "--format", "json", "--data", str(data)]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = raw.set_index("ServiceRequestNum")
    assert len(rows) > 300
    for r in rows:
        assert r["n"] == (by_id.loc[r["case_id"], "Neighborhood"] if pd.notna(by_id.loc[r["case_id"], "Neighborhood"]) else None)
        assert r["c"] == (by_id.loc[r["case_id"], "CouncilDistrict"] if pd.notna(by_id.loc[r["case_id"], "CouncilDistrict"]) else None)


def test_the_readme_walkthrough_profile_loads_the_export(data: Path, tmp_path: Path):
    """The hand-written profile in the README's walkthrough is valid and loads the Baltimore rows."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r'```toml\n(name = "my-311".*?)```', readme, re.S)
    assert block, "the walkthrough's profile is in the README"
    profile = tmp_path / "my-311.toml"
    profile.write_text(block.group(1), encoding="utf-8")
    s = load(data, profiles.parse(profile), [FIXTURES / "baltimore311_excerpt.csv"])
    assert (s.rows_in, s.inserted, s.rejected) == (400, 400, 0)
    with Store(data).reader() as con:
        assert con.sql("SELECT count(*) FROM cases WHERE extras->>'neighborhood' IS NOT NULL").fetchone()[0] > 300
