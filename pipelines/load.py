"""The one place that writes to the warehouse: read → transform → classify → upsert → publish.

Every input row ends in exactly one outcome (inserted, updated, unchanged, duplicate, rejected)
and the run summary proves it. All writing happens on a private copy of the snapshot; a failure
anywhere discards the copy (CONTRACT.md §6).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import shapely

from pipelines import persons, pii, readers, sla
from pipelines.geo import LocalProjection
from pipelines.profiles import Profile
from pipelines.targets import BASE_DATA, TARGETS
from pipelines.transform import Context, Result, transform
from pipelines.transform import raw_records as transform_raw_records
from warehouse import catalogue, marts, sql
from warehouse.db import Change, Store, applier, arrow_of
from warehouse.settings import settings

HASH_EXCLUDE = {"_row", "_seq", "raw_hash", "quality_flags", "_file", "file_sha256", "_persons"}


@dataclass
class RunSummary:
    """What a load did; rows_in = inserted + updated + unchanged + duplicates + rejected."""

    run_id: int
    profile: str
    source: str
    target: str
    files: list[str]
    rows_in: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    unlocated: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    snapshot_id: int = 0
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    def balanced(self) -> bool:
        return self.rows_in == self.inserted + self.updated + self.unchanged + self.duplicates + self.rejected


def _bbox_from_grids(store: Store) -> tuple[float, ...]:
    """The grids' extent: stored with the grid lattice, so no spatial functions (and no time
    spent loading them) are needed; an older warehouse without the lattice measures its grids."""
    if store.current() is None:
        return ()
    with store.reader(spatial=False) as con:
        extent = sql.query(con, "status/grid_extent")
    if extent.height:
        return extent.row(0)
    with store.reader() as con:
        row = sql.query(con, "status/grid_extent_measured").row(0)
    return tuple(row) if row[0] is not None else ()


def grid_geometry(profile: Profile, rows: pl.DataFrame) -> pl.DataFrame:
    """GeoJSON polygons → WGS84 WKT, metric area and centroid (per grid)."""
    from pipelines import coords

    # shapely's array functions: one call over every grid, each transform over all their points at once
    geoms = shapely.from_geojson(np.asarray(rows["geometry"].to_list(), dtype=object))
    wgs = shapely.transform(geoms, lambda xy: np.column_stack(coords.to_wgs84(profile.crs, xy[:, 0], xy[:, 1])))
    b = shapely.total_bounds(wgs)
    proj = LocalProjection((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    metric = shapely.transform(wgs, lambda xy: np.column_stack(proj.forward(xy[:, 0], xy[:, 1])))
    cent = shapely.centroid(wgs)
    return rows.drop("geometry").with_columns(
        pl.Series("geometry_wkt", shapely.to_wkt(wgs, rounding_precision=8)),
        pl.Series("area_m2", shapely.area(metric)),
        pl.Series("centroid_lon", shapely.get_x(cent)),
        pl.Series("centroid_lat", shapely.get_y(cent)),
    )


def _prepare(profile: Profile, result: Result) -> pl.DataFrame:
    rows = result.rows
    if profile.target in PREPARE:
        rows = PREPARE[profile.target](profile, rows)
    # a register without update times: every version is as old as the next, so its content decides
    if "updated_at" not in rows.columns:
        rows = rows.with_columns(pl.lit(dt.datetime(2000, 1, 1)).alias("updated_at"))
    elif profile.target in BASE_DATA:
        rows = rows.with_columns(pl.col("updated_at").fill_null(dt.datetime(2000, 1, 1)))
    hashed = [c for c in rows.columns if c not in HASH_EXCLUDE and c != "updated_at"]
    return rows.with_columns(
        rows.select(hashed).hash_rows(seed=11).alias("row_hash"),
        pl.col(profile.key_column).alias("_key"),
        pl.lit(profile.source).alias("source"),
    )


# What a target's rows need before they are hashed and staged (grids: geometry, area, centroid).
PREPARE = {"grids": grid_geometry}


def load(data: Path, profile: Profile, files: Sequence[Path], progress: Callable[[str], None] | None = None) -> RunSummary:
    """Load files through a profile into a new snapshot; raises InputError before any write."""
    step = progress or (lambda msg: None)
    started = dt.datetime.now()
    max_unpacked = settings(data).pipelines.max_unpacked_mb * 2**20
    inputs = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        for path in files:
            step(f"read {path.name}")
            digest = pool.submit(readers.sha256_of, path)  # hashlib lets go of the GIL: it overlaps the read
            frame = readers.read(profile, path, max_unpacked)
            inputs.append((str(path), digest.result(), frame))
    return load_frames(data, profile, inputs, progress, started=started)


def load_frames(
    data: Path,
    profile: Profile,
    inputs: Sequence[tuple[str, str, pl.DataFrame]],
    progress: Callable[[str], None] | None = None,
    *,
    started: dt.datetime | None = None,
) -> RunSummary:
    """Load already-read text frames (name, sha256, frame) through a profile."""
    step = progress or (lambda msg: None)
    started = started or dt.datetime.now()
    config = settings(data)
    store = Store(data, config.warehouse.keep_snapshots)
    bbox = config.city.bbox or _bbox_from_grids(store)
    into = TARGETS[profile.target].aggregate_into
    stored = profile  # the profile of the rows written (a person register's: population)
    ctx = Context(
        salt=pii.salt(data), catalogue=catalogue.frame(), bbox=bbox, tolerance_minutes=config.pipelines.stage_order_tolerance_minutes
    )
    with store.writer() as writer:  # the private file gets ready while the rows are validated
        prepared, rejected = [], []
        rows_in = 0
        files = [name for name, _, _ in inputs]
        for i, (name, sha, raw) in enumerate(inputs):
            step(f"validate {Path(name).name}")
            ctx.seq_offset = i * 10**9
            result = transform(profile, raw, ctx)
            rows_in += raw.height
            prepared.append(result.rows if into else _prepare(profile, result))
            rejected.append(result.rejected.with_columns(pl.lit(name).alias("file"), pl.lit(sha).alias("file_sha256")))
        batch = pl.concat(prepared, how="diagonal_relaxed") if prepared else pl.DataFrame()
        repeated = 0
        if into:  # a person-level register: counted per grid and month here, never stored itself
            counted, repeated = persons.count_into_population(batch)
            stored = dataclasses.replace(profile, target=into, key_parts=())
            batch = _prepare(stored, Result(counted, pl.DataFrame()))
        if batch.height:
            batch, conflicts = key_conflicts(stored, batch, inputs)
            if conflicts.height:
                rejected.append(conflicts)
        if TARGETS[profile.target].clocks and prepared:
            # once for all files, not once per file (the demo's 36 monthly exports: one
            # holiday calendar and one catalogue join instead of 36)
            batch = sla.add_clocks(batch, ctx.catalogue, sla.calendar_for(config.worktime, batch))
        step("write snapshot")
        change = Change(
            "load",
            {
                "profile": profile.name,
                "source": profile.source,
                "target": stored.target,
                "files": files,
                "rows_in": rows_in,
                "repeated_persons": repeated,
                "started_at": started.replace(microsecond=0).isoformat(sep=" "),
            },
            {
                "batch": batch,
                "rejected": pl.concat(rejected, how="vertical_relaxed") if rejected else pl.DataFrame(),
            },
            cheap_to_replay=profile.target != "grids",  # new grids re-place every case and rebuild the marts
        )
        run_id, summary = writer.apply(change)
    summary.snapshot_id = run_id
    summary.seconds = round((dt.datetime.now() - started).total_seconds(), 3)
    return summary


def key_conflicts(
    profile: Profile, batch: pl.DataFrame, inputs: Sequence[tuple[str, str, pl.DataFrame]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows that share a key with an earlier row of this run, with different content and the same
    update time: no rule says which is right (a key that is not unique in the source, e.g. one
    case number for several offences). The first, in file order, is loaded; each later one is
    quarantined as ``key_conflict`` naming the row kept, so nothing is merged silently.
    (batch without them, their quarantine rows.)"""
    keyed = batch.select("_key", "updated_at", "row_hash", "_seq").with_columns(
        pl.col("_seq").min().over("_key", "updated_at").alias("first_seq"),
        pl.col("row_hash").n_unique().over("_key", "updated_at").alias("versions"),
    )
    clash = keyed.filter((pl.col("versions") > 1) & (pl.col("_seq") != pl.col("first_seq")))
    clash = clash.join(keyed.select(pl.col("_seq").alias("first_seq"), pl.col("row_hash").alias("first_hash")), on="first_seq")
    clash = clash.filter(pl.col("row_hash") != pl.col("first_hash"))  # the same content again is not a conflict
    if clash.height == 0:
        return batch, pl.DataFrame()
    names = {i: Path(name).name for i, (name, _, _) in enumerate(inputs)}
    out = []
    for i, (name, sha, raw) in enumerate(inputs):
        mine = clash.filter(pl.col("_seq") // 10**9 == i).with_columns((pl.col("_seq") - i * 10**9).alias("_row"))
        if mine.height == 0:
            continue
        rows = raw.join(mine.select("_row"), on="_row", how="semi").sort("_row")
        kept = mine.sort("_row").select(
            pl.col("_row"),
            pl.format(
                "key {} appears again with different content and the same update time; the row kept is {} row {}",
                pl.col("_key"),
                (pl.col("first_seq") // 10**9).replace_strict(names, return_dtype=pl.Utf8),
                pl.col("first_seq") % 10**9,
            ).alias("reason"),
        )
        out.append(
            kept.with_columns(
                pl.lit("key_conflict").alias("reason_code"),
                transform_raw_records(profile, rows),
                pl.lit(name).alias("file"),
                pl.lit(sha).alias("file_sha256"),
            ).select("_row", "reason_code", "reason", "raw_record", "file", "file_sha256")
        )
    return batch.join(clash.select("_seq"), on="_seq", how="anti"), pl.concat(out)


# What SQL needs of a case or dispute batch: keys to classify, and what places it. The wide rows
# stay in polars until the insert (DuckDB writes wide text columns slowly, so they cross once).
KEY_COLUMNS = ["_key", "source", "updated_at", "row_hash", "raw_hash", "_seq"]
PLACE_COLUMNS = {
    "lon": pl.Float64,
    "lat": pl.Float64,
    "grid_code": pl.Utf8,
    "community_code": pl.Utf8,
    "department_code": pl.Utf8,
    "department_name": pl.Utf8,
}
# Batch columns the published tables do not have (placement supplies the location columns).
NOT_STORED = ["_key", "_row", "raw_hash", "grid_code", "community_code", "department_code", "department_name", "_persons"]


def _narrow(batch: pl.DataFrame) -> pl.DataFrame:
    """The batch's key and placement columns (absent ones as nulls: disputes have no department)."""
    return batch.select(
        *KEY_COLUMNS,
        *[pl.col(c) if c in batch.columns else pl.lit(None, dtype=t).alias(c) for c, t in PLACE_COLUMNS.items()],
    )


def ready_rows(batch: pl.DataFrame, placement: pl.DataFrame, target: str) -> pl.DataFrame:
    """The winners' rows as stored: the batch's canonical columns with the placement's location
    (and, for cases, department code) in place of the source's. Only winners have a placement.
    Both sides are put in ``_seq`` order and set side by side, which is much cheaper than a join."""
    placed = placement.sort("_seq")
    if "department_code" not in TARGETS[target].columns:  # cases: the handler; components: the owner
        placed = placed.drop("department_code")
    rows = batch.drop(NOT_STORED, strict=False)
    if not rows["_seq"].is_sorted():
        rows = rows.sort("_seq")
    if rows.height != placed.height:
        rows = rows.filter(pl.col("_seq").is_in(placed["_seq"].implode()))
    if not rows["_seq"].equals(placed["_seq"]):
        raise RuntimeError("placement does not match the batch's winners")
    return rows.drop("_seq").hstack(placed.drop("_seq").get_columns())


def _after_grids(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """New grid polygons: the lattice, every case and dispute re-placed, the mart rebuilt."""
    marts.rebuild_lattice(con)
    sql.run_file(con, "load/reassign")
    marts.rebuild(con)


def _after_cases(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """New case versions: the mart's delta, and the local categories the cases brought."""
    marts.after_cases_load(con, run_id)
    con.register("catalogue_frame", arrow_of(catalogue.frame()))
    sql.run_file(con, "load/categories_refresh", run_id=run_id)


# What a target fills after its upsert (the marts and reference tables that read it).
AFTER_WRITE = {"grids": _after_grids, "cases": _after_cases}


@applier("load")
def _write(con: duckdb.DuckDBPyConnection, run_id: int, change: Change) -> RunSummary:
    """Apply one load to the private database file (also used to replay it onto another)."""
    p = change.params
    target = p["target"]
    rejected = change.frames["rejected"]
    _upsert(con, run_id, target, change.frames["batch"])
    counts = dict(sql.query(con, "load/outcome_counts").iter_rows())
    if "_persons" in change.frames["batch"].columns:  # person rows take their grid-month row's outcome
        weights = change.frames["batch"].select("_seq", "_persons")
        counts = dict(
            sql.query(con, "load/outcome_rows").join(weights, on="_seq").group_by("outcome").agg(pl.col("_persons").sum()).iter_rows()
        )
        counts["duplicate"] = counts.get("duplicate", 0) + p.get("repeated_persons", 0)
    unlocated, newest = sql.query(con, f"load/located_counts_{target}", run_id=run_id).row(0) if TARGETS[target].located else (0, None)
    reasons = {r: int(n) for r, n in rejected.group_by("reason_code").len().sort("reason_code").iter_rows()} if rejected.height else {}
    summary = RunSummary(
        run_id=run_id,
        profile=p["profile"],
        source=p["source"],
        target=target,
        files=p["files"],
        rows_in=p["rows_in"],
        inserted=counts.get("inserted", 0),
        updated=counts.get("updated", 0),
        unchanged=counts.get("unchanged", 0),
        duplicates=counts.get("duplicate", 0),
        rejected=rejected.height,
        unlocated=unlocated,
        rejected_by_reason=reasons,
    )
    if not summary.balanced():
        raise RuntimeError(f"accounting identity broken: {summary}")
    if rejected.height:
        con.register("rejected_frame", arrow_of(rejected))
        sql.run_file(con, "load/rejected")
        con.unregister("rejected_frame")
        sql.run_file(con, "load/quarantine_insert", run_id=run_id, source=p["source"])
    _record_run(con, summary, p, newest)
    return summary


def _upsert(con: duckdb.DuckDBPyConnection, run_id: int, target: str, batch: pl.DataFrame) -> None:
    """Stage the batch, classify each row against what is stored (new, newer, same, duplicate),
    write the winners (placed in grids where the target is located) and refresh what reads them."""
    located = TARGETS[target].located
    con.register("batch_frame", arrow_of(_narrow(batch) if located else batch))
    sql.run_file(con, "load/batch")
    con.unregister("batch_frame")
    sql.run_file(con, f"load/existing_{target}")  # target is one of the fixed TARGETS
    sql.run_file(con, "load/classify")
    sql.run_file(con, "load/winners")
    if located:
        con.register("ready_frame", arrow_of(ready_rows(batch, sql.query(con, "load/placement"), target)))
    sql.run_file(con, f"load/{target}_upsert", run_id=run_id)
    if located:
        con.unregister("ready_frame")
    if target in AFTER_WRITE:
        AFTER_WRITE[target](con, run_id)


def _record_run(con: duckdb.DuckDBPyConnection, summary: RunSummary, p: dict, newest: dt.datetime | None) -> None:
    """The run's line in pipeline_runs: what ``pipelines status`` and the data page show."""
    sql.run_file(
        con,
        "load/run_insert",
        run_id=summary.run_id,
        profile=summary.profile,
        source=summary.source,
        target=summary.target,
        files=summary.files,
        started_at=p["started_at"],
        finished_at=p["published_at"],
        rows_in=summary.rows_in,
        inserted=summary.inserted,
        updated=summary.updated,
        unchanged=summary.unchanged,
        duplicates=summary.duplicates,
        rejected=summary.rejected,
        unlocated=summary.unlocated,
        rejected_by_reason=json.dumps(summary.rejected_by_reason),
        newest_record_at=newest,
    )
