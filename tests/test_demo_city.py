"""The demo city: deterministic, tiling grids with proper codes, realistic dirt, masked PII."""

import hashlib
import re
from pathlib import Path

import polars as pl
import shapely

from pipelines.demo.generate import generate
from warehouse.db import Store


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(tmp_path: Path):
    generate(tmp_path / "a", "2000", seed=5)
    generate(tmp_path / "b", "2000", seed=5)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    generate(tmp_path / "c", "2000", seed=6)
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_grids_tile_and_codes_are_hierarchical(loaded_city: Path):
    with Store(loaded_city).reader() as con:
        grids = con.sql("SELECT grid_code, community_code, street_code, district_code, ST_AsText(geometry) AS wkt, area_m2 FROM grids").pl()
    assert grids.height == 240
    assert grids["grid_code"].str.len_chars().unique().to_list() == [15]
    assert (grids["grid_code"].str.slice(0, 12) == grids["community_code"]).all()
    assert (grids["grid_code"].str.slice(0, 9) == grids["street_code"]).all()
    assert grids["street_code"].n_unique() == 6 and grids["community_code"].n_unique() >= 30
    polys = shapely.from_wkt(grids["wkt"].to_list())
    union = shapely.union_all(polys)
    assert abs(sum(p.area for p in polys) / union.area - 1) < 1e-6  # no overlaps
    assert union.geom_type == "Polygon" and len(union.interiors) == 0  # no gaps
    assert grids["area_m2"].min() > 500 and grids["area_m2"].max() / grids["area_m2"].median() > 3


def test_demo_dirt_is_counted_not_lost(loaded_city: Path):
    with Store(loaded_city).reader() as con:
        runs = con.sql(
            "SELECT profile, rows_in, inserted + updated + unchanged + duplicates + rejected AS counted, rejected, duplicates FROM pipeline_runs"
        ).pl()
        located = dict(con.sql("SELECT location_quality, count(*) FROM cases GROUP BY ALL").fetchall())
        flags = dict(con.sql("SELECT quality_flags, count(*) FROM cases WHERE quality_flags IS NOT NULL GROUP BY ALL").fetchall())
        local = con.sql("SELECT count(*) FROM cases WHERE category_scheme = 'local'").fetchone()[0]
    assert (runs["rows_in"] == runs["counted"]).all()
    cases = runs.filter(pl.col("profile") == "demo-cases").row(0, named=True)
    assert cases["rejected"] > 0 and cases["duplicates"] > 0
    assert set(located) >= {"point", "grid_code", "none"}
    assert flags.get("swapped_lonlat", 0) > 0
    assert local > 0


def test_no_personal_data_in_the_warehouse(loaded_city: Path):
    register = (loaded_city / "raw" / "demo" / "disputes" / "dispute_register_final.csv").read_text(encoding="utf-8-sig")
    phones = set(re.findall(r"1[3-9]\d{9}", register))
    ids = set(re.findall(r"\d{17}[\dX]", register))
    assert len(phones) > 50 and len(ids) > 50
    snap = Store(loaded_city).current().path
    blob = snap.read_bytes()
    assert not [p for p in phones if p.encode() in blob]
    assert not [i for i in ids if i.encode() in blob]
    name = register.splitlines()[1].split(",")[10].split("、")[0]
    with Store(loaded_city).reader() as con:
        texts = con.sql("SELECT description FROM disputes").pl()["description"].to_list()
    assert not any(name in t for t in texts)
    assert any(name[0] + "*" * (len(name) - 1) in t for t in texts)


def test_departments_and_categories(loaded_city: Path):
    with Store(loaded_city).reader() as con:
        depts = con.sql("SELECT count(*) FROM departments").fetchone()[0]
        unresolved = con.sql(
            "SELECT count(*) FROM cases WHERE department_code NOT IN (SELECT department_code FROM departments)"
        ).fetchone()[0]
        cats = con.sql("SELECT count(*) FROM categories WHERE category_scheme = 'GB/T 47678.5'").fetchone()[0]
    assert depts == 23 and unresolved == 0 and cats == 250
