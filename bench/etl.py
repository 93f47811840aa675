"""ETL benchmark: GridPulse's load beside plain DuckDB (the floor) and pandas + geopandas.

    python bench/etl.py --rows 1000000 [--repeat 3]
    python bench/etl.py --incremental --base-rows 10000000 --changed 10000

The input is a canonical UTF-8 CSV with ~1,000 irregular demo grids and the dirt a real export
has: 1 % rows without coordinates, 0.3 % exact duplicate rows, 0.1 % without a report time, 2 %
of points outside the district. All four contestants start from the same file and the same grid
polygons (read back from the warehouse, WGS84) and end with the cases stored in a DuckDB file:

- gridpulse: ``pipelines.load.load`` — read as text, validate with reason codes, quarantine,
  resolve categories, hash PII, dedup, classify against the warehouse, spatial join, upsert,
  marts, and publish a new snapshot (file copy + atomic rename).
- floor: one DuckDB statement — ``read_csv`` + ``ST_Contains`` join + ``CREATE TABLE``; no
  validation, no dedup, no snapshot. Nothing can be faster and still place the points.
- pandas: what an analyst would write — ``read_csv`` with date parsing, drop rows missing the
  key fields, ``drop_duplicates``, ``geopandas.sjoin``, keep the newest version per case, and
  insert into DuckDB.
- pandas, same steps: GridPulse's steps in pandas + geopandas (``run_pandas_same_steps``); the
  bench prints what it and GridPulse stored, rejected and left without a grid, which must agree.

Times are wall-clock medians of ``--repeat`` runs on the same machine in the same process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines import profiles  # noqa: E402
from pipelines.demo import (
    exports,  # noqa: E402
    geography,  # noqa: E402
)
from pipelines.demo import generate as demo_generate  # noqa: E402
from pipelines.load import load  # noqa: E402
from pipelines.profiles import ENUMS  # noqa: E402
from warehouse import catalogue  # noqa: E402
from warehouse.db import Store, connect  # noqa: E402

CHANNELS = ["inspector", "public", "hotline", "video", "assigned"]
STATUSES = ["closed", "closed", "closed", "disposing", "dispatched", "cancelled"]


def build_base(work: Path, n_grids: int, seed: int) -> tuple[Path, geography.Geography]:
    """A data directory holding only the demo grids (GCJ-02 GeoJSON loaded by its profile)."""
    rng = np.random.default_rng(seed)
    geo = geography.build(rng, n_grids, 8, 60)
    raw = work / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    path = exports.write_grids(raw, geo.grids, geo)
    base = work / "base"
    load(base, profiles.resolve("demo-grids"), [path])
    return base, geo


def canonical_csv(path: Path, n: int, geo: geography.Geography, seed: int, id_offset: int = 0, later: bool = False) -> pl.DataFrame:
    """n canonical case rows with realistic dirt, written as UTF-8 CSV; returns the frame.
    ``later``: every row carries a newer updated_at than any base row (a real change)."""
    rng = np.random.default_rng(seed)
    polys_m = [shapely.transform(p, lambda xy: np.column_stack(geo.projection.forward(xy[:, 0], xy[:, 1]))) for p in geo.polygons]
    x, y = demo_generate._points_in_grids(rng, polys_m, rng.integers(0, len(polys_m), n))
    lon, lat = geo.projection.inverse(x, y)
    x1 = float(np.max(lon))
    cat = catalogue.frame().filter(pl.col("kind") == "matter")
    codes = cat["category_code"].to_numpy()
    names = dict(zip(cat["category_code"].to_list(), cat["category_name"].to_list(), strict=True))
    pick = rng.integers(0, len(codes), n)
    outside = rng.uniform(size=n) < 0.02
    lon = np.where(outside, x1 + 0.05, lon)
    no_point = rng.uniform(size=n) < 0.01
    start = np.datetime64("2024-01-01T00:00:00", "s")
    reported = start + rng.integers(0, 3 * 365 * 86400, n).astype("timedelta64[s]")
    dispatched = reported + rng.integers(600, 7200, n).astype("timedelta64[s]")
    closed = dispatched + rng.integers(3600, 5 * 86400, n).astype("timedelta64[s]")
    status = np.array(STATUSES)[rng.integers(0, len(STATUSES), n)]
    frame = pl.DataFrame(
        {
            "case_id": [f"B{id_offset + i:09d}" for i in range(n)],
            "channel": np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n)].tolist(),
            "category_code": codes[pick].tolist(),
            "category_name": [names[c] for c in codes[pick].tolist()],
            "description": [f"第{i % 997}号附近发现问题" for i in range(n)],
            "address": [f"中山路{i % 400}号" for i in range(n)],
            "lon": pl.Series(np.round(lon, 6)).set(pl.Series(no_point), None) if no_point.any() else np.round(lon, 6),
            "lat": pl.Series(np.round(lat, 6)).set(pl.Series(no_point), None) if no_point.any() else np.round(lat, 6),
            "reported_at": pl.Series(reported.astype("datetime64[us]")),
            "dispatched_at": pl.Series(dispatched.astype("datetime64[us]")),
            "closed_at": pl.Series(np.where(status == "closed", closed, np.datetime64("NaT")).astype("datetime64[us]")),
            "due_at": pl.Series((dispatched + np.timedelta64(2, "D")).astype("datetime64[us]")),
            "status": status.tolist(),
            "updated_at": pl.Series(
                (np.maximum(closed, dispatched) + np.timedelta64(4 * 366 if later else 0, "D")).astype("datetime64[us]")
            ),
        }
    )
    missing_time = pl.Series(rng.uniform(size=n) < 0.001)
    frame = frame.with_columns(pl.when(missing_time).then(None).otherwise(pl.col("reported_at")).alias("reported_at"))
    dups = frame.filter(pl.Series(rng.uniform(size=n) < 0.003))
    frame = pl.concat([frame, dups])
    frame.write_csv(path, datetime_format="%Y-%m-%d %H:%M:%S")
    return frame


# What each contestant stored, to show that the same-steps versions did the same work.
OUTCOMES: dict[str, dict[str, int]] = {}


def run_gridpulse(base: Path, csv: Path, scratch: Path) -> float:
    target = scratch / "gp"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    t0 = time.perf_counter()
    summary = load(target, profiles.resolve("canonical"), [csv])
    elapsed = time.perf_counter() - t0
    assert summary.balanced(), summary
    OUTCOMES["gridpulse"] = {
        "stored": summary.inserted + summary.updated,
        "rejected": summary.rejected,
        "duplicates": summary.duplicates + summary.unchanged,
        "without grid": summary.unlocated,
    }
    return elapsed


def floor_db(base: Path, scratch: Path) -> Path:
    """A DuckDB file holding only the grid polygons, as the floor starts from."""
    path = scratch / "floor_base.duckdb"
    path.unlink(missing_ok=True)
    with Store(base).reader() as wh:
        grids = wh.sql("SELECT grid_code, community_code, street_code, district_code, ST_AsWKB(geometry) AS wkb FROM grids").arrow()
    con = connect(path)
    con.register("grids_arrow", grids)
    con.sql("CREATE TABLE grids AS SELECT * EXCLUDE (wkb), ST_GeomFromWKB(wkb) AS geometry FROM grids_arrow")
    con.close()
    return path


FLOOR_SQL = """
CREATE TABLE cases AS
WITH c AS (SELECT *, row_number() OVER () AS _seq FROM read_csv($csv, header = true)),
hits AS (
    SELECT c._seq, g.grid_code FROM c JOIN grids AS g ON ST_Contains(g.geometry, ST_Point(c.lon, c.lat))
)
SELECT c.*, h.grid_code FROM c LEFT JOIN hits AS h USING (_seq)
"""


def run_floor(floor_base: Path, csv: Path, scratch: Path) -> float:
    path = scratch / "floor.duckdb"
    shutil.copyfile(floor_base, path)
    t0 = time.perf_counter()
    con = connect(path)
    con.execute(FLOOR_SQL, {"csv": str(csv)})
    con.sql("CHECKPOINT")
    con.close()
    elapsed = time.perf_counter() - t0
    path.unlink()
    return elapsed


def grid_frame(floor_base: Path):
    """The grid polygons as a GeoDataFrame (WGS84), as the pandas contestants start from."""
    import geopandas as gpd

    con = connect(floor_base, read_only=True)
    grids_pd = con.sql("SELECT grid_code, ST_AsWKB(geometry) AS wkb FROM grids").df()
    con.close()
    return gpd.GeoDataFrame(grids_pd[["grid_code"]], geometry=shapely.from_wkb(grids_pd["wkb"].map(bytes)), crs="EPSG:4326")


def run_pandas(floor_base: Path, csv: Path, scratch: Path) -> float:
    import geopandas as gpd
    import pandas as pd

    grids = grid_frame(floor_base)
    path = scratch / "pandas.duckdb"
    path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    times = ["reported_at", "dispatched_at", "closed_at", "due_at", "updated_at"]
    df = pd.read_csv(csv, dtype={"case_id": str, "category_code": str})
    for col in times:
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    df = df.dropna(subset=["case_id", "reported_at"]).drop_duplicates()
    has_point = df["lon"].notna() & df["lat"].notna()
    points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    joined = gpd.sjoin(points[has_point], grids, how="left", predicate="within").drop(columns=["index_right"])
    joined = joined[~joined.index.duplicated(keep="first")]
    out = pd.concat([pd.DataFrame(joined.drop(columns="geometry")), df[~has_point].assign(grid_code=None)])
    out = out.sort_values("updated_at").drop_duplicates("case_id", keep="last")
    db = connect(path)
    db.register("out_df", pa.Table.from_pandas(out, preserve_index=False))  # via Arrow: DuckDB reads pandas 3 strings slowly
    db.sql("CREATE TABLE cases AS SELECT * FROM out_df")
    db.sql("CHECKPOINT")
    db.close()
    elapsed = time.perf_counter() - t0
    path.unlink()
    return elapsed


def run_pandas_same_steps(base: Path, floor_base: Path, csv: Path, scratch: Path) -> float:
    """The pandas + geopandas version of GridPulse's steps, written as a competent analyst would
    (vectorised, no per-row Python except JSON for the few rejected rows): read as text, parse
    with reason codes for what fails and a quarantine of raw records, repair swapped and
    far-away points, resolve categories from the catalogue, drop exact duplicates, hash rows,
    keep the newest version per case and classify it against what the warehouse holds,
    working hours to close on the same holiday calendar (GridPulse's numpy calendar, so the
    algorithm is the same), ``sjoin`` to grids, and a new warehouse file published by atomic
    rename with the cases, the quarantine and a grid × day × category × channel mart."""
    import geopandas as gpd
    import pandas as pd

    from warehouse.settings import settings
    from warehouse.worktime import calendar_from_config

    grids = grid_frame(floor_base)
    catalogue_pd = catalogue.frame().select("category_code", "category_name", "category_major", "kind").to_pandas()
    config = settings(base).worktime
    box = grids.total_bounds
    t0 = time.perf_counter()
    raw = pd.read_csv(csv, dtype=str, keep_default_na=False)
    raw.index = pd.RangeIndex(1, len(raw) + 1)  # source row numbers
    text = raw.apply(lambda col: col.str.strip())
    text = text.mask(text == "")
    df = pd.DataFrame(index=raw.index)
    reasons = pd.Series(None, index=raw.index, dtype=object)

    def fail(mask: pd.Series, code: str, why: Callable[[pd.Series], pd.Series]) -> None:
        """Record the first failing check of each row; the reason text only for those rows."""
        first = mask.fillna(False) & reasons.isna()
        if first.any():
            reasons[first] = code + ": " + why(first)

    def quoted(col: str, what: str) -> Callable[[pd.Series], pd.Series]:
        return lambda rows: f"column {col}: '" + text.loc[rows, col] + f"' is not {what}"

    def fixed(message: str) -> Callable[[pd.Series], pd.Series]:
        return lambda rows: pd.Series(message, index=rows[rows].index)

    for col in ["case_id", "channel", "category_code", "category_name", "description", "address", "status"]:
        df[col] = text[col]
    for col in ["reported_at", "dispatched_at", "closed_at", "due_at", "updated_at"]:
        df[col] = pd.to_datetime(text[col], format="%Y-%m-%d %H:%M:%S", errors="coerce")
        fail(text[col].notna() & df[col].isna(), "bad_datetime", quoted(col, "a date-time"))
    for col in ["lon", "lat"]:
        df[col] = pd.to_numeric(text[col], errors="coerce")
        fail(text[col].notna() & df[col].isna(), "bad_number", quoted(col, "a number"))
    for col in ["channel", "status"]:
        fail(text[col].notna() & ~text[col].isin(ENUMS[col]), "unmapped_value", quoted(col, f"a known {col}"))
    for col in ["case_id", "reported_at"]:
        fail(df[col].isna(), "missing_required", fixed(f"column {col}: required value is empty"))
    tolerance = pd.Timedelta(minutes=config["pipelines"]["stage_order_tolerance_minutes"])
    for col in ["dispatched_at", "closed_at"]:
        fail(df[col] < df["reported_at"] - tolerance, "stage_order", fixed(f"column {col}: before the report time"))
    bad = reasons.notna()
    quarantine = pd.DataFrame(
        {
            "row": raw.index[bad],
            "reason_code": reasons[bad].str.split(":").str[0],
            "reason": reasons[bad],
            "raw_record": raw[bad].to_json(orient="records", lines=True, force_ascii=False).splitlines() if bad.any() else [],
        }
    )
    df = df[~bad]
    # coordinates: swapped lat/lon repaired, points far outside the district dropped
    lon_ok = df["lon"].between(box[0] - 0.02, box[2] + 0.02)
    lat_ok = df["lat"].between(box[1] - 0.02, box[3] + 0.02)
    swapped = ~(lon_ok & lat_ok) & df["lat"].between(box[0] - 0.02, box[2] + 0.02) & df["lon"].between(box[1] - 0.02, box[3] + 0.02)
    df.loc[swapped, ["lon", "lat"]] = df.loc[swapped, ["lat", "lon"]].to_numpy()
    far = df["lon"].notna() & ~(df["lon"].between(box[0] - 0.05, box[2] + 0.05) & df["lat"].between(box[1] - 0.05, box[3] + 0.05))
    df.loc[far, ["lon", "lat"]] = np.nan
    df["quality_flags"] = np.where(swapped, "swapped_lonlat", np.where(far, "outside_area", None))
    # categories from the catalogue; unknown codes kept as local ones
    df = df.merge(catalogue_pd, on="category_code", how="left", suffixes=("_src", ""))
    known = df["category_major"].notna()
    df["category_name"] = df["category_name"].where(known, df["category_name_src"])
    df["category_scheme"] = np.where(known, "GB/T 47678.5", "local")
    df = df.drop(columns="category_name_src").rename(columns={"kind": "object_kind"})
    # exact duplicate rows, then one version per case (newest wins) judged against the warehouse
    rows_in = len(raw)
    df = df.drop_duplicates()
    value_cols = [c for c in df.columns if c != "updated_at"]
    df["row_hash"] = pd.util.hash_pandas_object(df[value_cols], index=False).to_numpy()
    df = df.sort_values("updated_at").drop_duplicates("case_id", keep="last")
    with Store(base).reader() as wh:
        existing = wh.sql("SELECT case_id, updated_at AS old_updated_at, row_hash AS old_hash FROM cases").df()
    df = df.merge(existing, on="case_id", how="left")
    new = df["old_hash"].isna()
    changed = ~new & (df["updated_at"] >= df["old_updated_at"]) & (df["row_hash"] != df["old_hash"])
    df = df[new | changed].drop(columns=["old_updated_at", "old_hash"])
    # working hours to close on the city's holiday calendar
    calendar = calendar_from_config(
        config, df["reported_at"].min().date() - dt.timedelta(days=2), df["updated_at"].max().date() + dt.timedelta(days=400)
    )
    df["close_work_hours"] = calendar.elapsed_hours(
        df["dispatched_at"].to_numpy().astype("datetime64[s]"), df["closed_at"].to_numpy().astype("datetime64[s]")
    )
    # grids
    has_point = df["lon"].notna() & df["lat"].notna()
    points = gpd.GeoDataFrame(
        df[has_point], geometry=gpd.points_from_xy(df.loc[has_point, "lon"], df.loc[has_point, "lat"]), crs="EPSG:4326"
    )
    joined = gpd.sjoin(points, grids, how="left", predicate="within").drop(columns=["index_right", "geometry"])
    joined = joined[~joined.index.duplicated(keep="first")]
    out = pd.concat([pd.DataFrame(joined), df[~has_point].assign(grid_code=None)])
    out["day"] = out["reported_at"].dt.normalize()
    mart = out.groupby(["grid_code", "day", "category_major", "channel"], dropna=False).size().rename("cases").reset_index()
    # a new warehouse file, published by atomic rename
    work, final = scratch / "pandas_full.duckdb.tmp", scratch / "pandas_full.duckdb"
    shutil.copyfile(Store(base).current().path, work)
    db = connect(work)
    for name, frame in (("out_df", out), ("quarantine_df", quarantine), ("mart_df", mart)):
        db.register(name, pa.Table.from_pandas(frame, preserve_index=False))  # via Arrow, as above
    db.sql("CREATE TABLE cases_new AS SELECT * FROM out_df")
    db.sql("CREATE TABLE quarantine_new AS SELECT * FROM quarantine_df")
    db.sql("CREATE TABLE mart_new AS SELECT * FROM mart_df")
    db.sql("CHECKPOINT")
    db.close()
    os.replace(work, final)
    elapsed = time.perf_counter() - t0
    OUTCOMES["pandas, same steps"] = {
        "stored": len(out),
        "rejected": len(quarantine),
        "duplicates": rows_in - len(out) - len(quarantine),
        "without grid": int(out["grid_code"].isna().sum()),
    }
    final.unlink()
    return elapsed


def median_of(fn: Callable[[], float], repeat: int) -> tuple[float, list[float]]:
    runs = [fn() for _ in range(repeat)]
    return statistics.median(runs), runs


def full_load(args: argparse.Namespace, work: Path) -> None:
    base, geo = build_base(work, args.grids, args.seed)
    csv = work / "cases.csv"
    t0 = time.perf_counter()
    frame = canonical_csv(csv, args.rows, geo, args.seed)
    rows = frame.height
    print(f"input: {rows:,} rows ({csv.stat().st_size / 1e6:.0f} MB CSV), {args.grids} grids; made in {time.perf_counter() - t0:.1f} s")
    floor_base = floor_db(base, work)
    results = {}
    for name, fn in [
        ("floor (DuckDB SQL)", lambda: run_floor(floor_base, csv, work)),
        ("gridpulse", lambda: run_gridpulse(base, csv, work)),
        ("pandas + geopandas", lambda: run_pandas(floor_base, csv, work)),
        ("pandas, same steps", lambda: run_pandas_same_steps(base, floor_base, csv, work)),
    ]:
        if name.startswith("pandas") and args.skip_pandas:
            continue
        med, runs = median_of(fn, args.repeat)
        results[name] = med
        print(f"{name:20s} median {med:7.2f} s  {rows / med:>12,.0f} rows/s   runs: {', '.join(f'{r:.2f}' for r in runs)}")
    gp, floor = results["gridpulse"], results["floor (DuckDB SQL)"]
    print(f"gridpulse / floor time ratio: {gp / floor:.2f}x (goal <= 2)")
    if "pandas + geopandas" in results:
        print(f"pandas / gridpulse time ratio: {results['pandas + geopandas'] / gp:.2f}x (goal >= 5)")
        print(f"pandas doing the same steps / gridpulse time ratio: {results['pandas, same steps'] / gp:.2f}x (goal >= 5)")
        for name, outcome in OUTCOMES.items():
            print(f"  {name:20s} " + ", ".join(f"{k} {v:,}" for k, v in outcome.items()))


def incremental(args: argparse.Namespace, work: Path) -> None:
    """Build a big warehouse through the pipeline in chunks, then time small changed loads."""
    base, geo = build_base(work, args.grids, args.seed)
    chunk = args.chunk
    t_build = time.perf_counter()
    for i, start in enumerate(range(0, args.base_rows, chunk)):
        n = min(chunk, args.base_rows - start)
        csv = work / f"base_{i:03d}.csv"
        canonical_csv(csv, n, geo, args.seed + i, id_offset=start)
        t0 = time.perf_counter()
        s = load(base, profiles.resolve("canonical"), [csv])
        print(f"base chunk {i}: {s.rows_in:,} rows in {time.perf_counter() - t0:.1f} s ({s.inserted:,} inserted)", flush=True)
        csv.unlink()
    print(f"base warehouse built in {time.perf_counter() - t_build:.0f} s")
    snap = Store(base).current()
    print(f"snapshot file {snap.path.stat().st_size / 1e9:.2f} GB")
    runs, sql_floor = [], []
    rng = np.random.default_rng(args.seed)
    for r in range(args.repeat):
        csv = work / f"changed_{r}.csv"
        offset = int(rng.integers(0, args.base_rows - args.changed))
        frame = canonical_csv(csv, args.changed, geo, args.seed + 1000 + r, id_offset=offset, later=True)
        t0 = time.perf_counter()
        s = load(base, profiles.resolve("canonical"), [csv])
        runs.append(time.perf_counter() - t0)
        print(f"changed load {r}: {s.rows_in:,} rows, {s.updated:,} updated, {s.inserted:,} inserted in {runs[-1]:.2f} s", flush=True)
        sql_floor.append(_floor_upsert(base, csv, work))
        del frame
    med = statistics.median(runs)
    print(
        f"incremental {args.changed:,} changed rows into {args.base_rows:,}: median {med:.2f} s (goal < 5 s); runs {', '.join(f'{x:.2f}' for x in runs)}"
    )
    print(
        f"floor (plain DuckDB upsert in place, no snapshot): median {statistics.median(sql_floor):.2f} s; ratio {med / statistics.median(sql_floor):.1f}x"
    )


def _floor_upsert(base: Path, csv: Path, work: Path) -> float:
    """The same change applied by plain SQL to a copy of the current snapshot, in place (timed
    without the copy): what a load costs with no validation and no snapshot isolation."""
    snap = Store(base).current()
    path = work / "floor_inc.duckdb"
    shutil.copyfile(snap.path, path)
    t0 = time.perf_counter()
    con = connect(path)
    con.execute(
        "CREATE TEMP TABLE c AS SELECT * FROM read_csv($csv, header = true, types = {'category_code': 'VARCHAR'})", {"csv": str(csv)}
    )
    con.sql("DELETE FROM cases USING c WHERE cases.case_id = c.case_id AND cases.source = 'canonical'")
    con.sql(
        "INSERT INTO cases BY NAME SELECT c.* EXCLUDE (reported_at), coalesce(c.reported_at, TIMESTAMP '2000-01-01') AS reported_at, "
        "'canonical' AS source, 'point' AS location_quality, 0::UBIGINT AS row_hash, 0 AS run_id, g.grid_code "
        "FROM c LEFT JOIN grids AS g ON ST_Contains(g.geometry, ST_Point(c.lon, c.lat))"
    )
    con.sql("CHECKPOINT")
    con.close()
    elapsed = time.perf_counter() - t0
    path.unlink()
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--grids", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--incremental", action="store_true", help="time small changed loads into a big warehouse")
    ap.add_argument("--base-rows", type=int, default=10_000_000)
    ap.add_argument("--chunk", type=int, default=2_000_000)
    ap.add_argument("--changed", type=int, default=10_000)
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = ap.parse_args()
    print(f"bench/etl.py {dt.datetime.now():%Y-%m-%d %H:%M}  python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="gp-bench-", dir=args.work) as tmp:
        work = Path(tmp)
        if args.incremental:
            incremental(args, work)
        else:
            full_load(args, work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
