"""Simulate the demo city, deterministic for a seed, and have exports.py write it down.

This module builds what happened: the geography, departments and staff, every case's true
lifecycle (in chunks, in parallel worker processes for the large sizes), each case's point,
address, reporter and duplicates, the state each monthly export would have shown, and the
disputes. exports.py turns that into the raw files a real district's systems hand over (GBK and
XLSX case exports, the dispute register, the grid layer), with their Chinese headers and dirt;
keeping the two apart lets the simulation change without touching the formats, and the other way
round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import shapely

from pipelines.demo import basedata, city, disputes, exports, geography, texts
from pipelines.demo import cases as case_gen
from pipelines.transform import STAGES, stage_status
from warehouse.worktime import WorkCalendar

END = dt.date(2026, 10, 31)
SIZES = {
    "small": {"cases": 6_000, "grids": 240, "streets": 6, "communities": 40, "years": 1.0},
    "default": {"cases": 300_000, "grids": 1_000, "streets": 8, "communities": 60, "years": 3.0},
    "large": {"cases": 10_000_000, "grids": 1_000, "streets": 8, "communities": 60, "years": 3.0},
}
ROADS = [
    "中山",
    "解放",
    "人民",
    "建国",
    "文化",
    "体育",
    "环城",
    "江滨",
    "湖滨",
    "望江",
    "凤起",
    "庆春",
    "延安",
    "平海",
    "学院",
    "教工",
    "文三",
    "文二",
    "天目",
    "莫干",
    "秋涛",
    "新塘",
    "艮山",
    "机场",
    "德胜",
    "石桥",
    "东新",
    "沈半",
    "长浜",
    "丁桥",
    "九堡",
    "钱江",
    "之江",
    "复兴",
    "南星",
    "梅花",
    "清泰",
    "候潮",
    "海潮",
    "江城",
]
ROAD_SUFFIX = ["路", "街", "大道", "巷", "弄"]


@dataclass(frozen=True)
class DemoResult:
    out: Path
    files: dict[str, list[Path]]
    cases: int
    disputes: int


def size_params(size: str) -> dict:
    """Preset sizes, or a number of cases (grids scale up to ~1,000)."""
    if size in SIZES:
        return dict(SIZES[size])
    n = int(size)
    grids = 1000 if n >= 100_000 else max(240, n // 100)
    return {
        "cases": n,
        "grids": grids,
        "streets": 8 if grids >= 600 else 6,
        "communities": 60 if grids >= 600 else 40,
        "years": 3.0 if n >= 100_000 else 1.0,
    }


def _points_in_grids(rng: np.random.Generator, polygons_m: list, grid_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points inside each case's grid: area-weighted triangles, then a point in each."""
    tris, owner = [], []
    for i, poly in enumerate(polygons_m):
        for t in shapely.constrained_delaunay_triangles(poly).geoms:
            tris.append(np.asarray(t.exterior.coords)[:3])
            owner.append(i)
    tri = np.array(tris)
    owner_ids = np.array(owner)
    area = 0.5 * np.abs(
        (tri[:, 1, 0] - tri[:, 0, 0]) * (tri[:, 2, 1] - tri[:, 0, 1]) - (tri[:, 2, 0] - tri[:, 0, 0]) * (tri[:, 1, 1] - tri[:, 0, 1])
    )
    cum = np.concatenate([[0], np.cumsum(area)])
    first = np.searchsorted(owner_ids, np.arange(len(polygons_m)))
    last = np.searchsorted(owner_ids, np.arange(len(polygons_m)), side="right")
    lo, hi = cum[first[grid_idx]], cum[last[grid_idx]]
    t = np.clip(np.searchsorted(cum, lo + rng.uniform(size=len(grid_idx)) * (hi - lo), side="right") - 1, 0, len(area) - 1)
    r1, r2 = np.sqrt(rng.uniform(size=len(t))), rng.uniform(size=len(t))
    p = (1 - r1)[:, None] * tri[t, 0] + (r1 * (1 - r2))[:, None] * tri[t, 1] + (r1 * r2)[:, None] * tri[t, 2]
    return p[:, 0], p[:, 1]


def _state_at(frame: pl.DataFrame, cutoff: pl.Expr) -> pl.DataFrame:
    """The case as an export taken at ``cutoff`` would show it: later stages blank."""
    blank = [pl.when(pl.col(c) <= cutoff).then(pl.col(c)).alias(c) for c in [*STAGES, "cancelled_at", "suspended_at"]]
    f = frame.with_columns(blank)
    status = (
        pl.when(pl.col("cancelled_at").is_not_null())
        .then(pl.lit("cancelled"))
        .when(pl.col("suspended_at").is_not_null())
        .then(pl.lit("suspended"))
        .otherwise(stage_status())
    )
    updated = pl.max_horizontal("reported_at", *STAGES, "cancelled_at", "suspended_at")
    return f.with_columns(
        status.alias("status"),
        updated.alias("updated_at"),
        pl.when(pl.col("closed_at").is_not_null()).then(pl.col("satisfaction")).alias("satisfaction"),
        pl.when(pl.col("closed_at").is_not_null() | pl.col("disposed_at").is_not_null())
        .then(pl.col("rework_count"))
        .otherwise(0)
        .alias("rework_count"),
    )


def _versions(truth: pl.DataFrame, end: dt.datetime) -> pl.DataFrame:
    """Monthly exports: the as-of state in the report month's file, the final state in the file
    of the month it was last updated (if that differs)."""
    cutoff = pl.col("reported_at").dt.month_start().dt.offset_by("1mo").dt.offset_by("2d")
    first = _state_at(truth.with_columns(cutoff.alias("_cut")), pl.col("_cut")).with_columns(
        pl.col("reported_at").dt.strftime("%Y-%m").alias("file_month")
    )
    final = _state_at(truth.with_columns(pl.lit(end).alias("_cut")), pl.col("_cut"))
    changed = final.filter(pl.col("updated_at") > first["updated_at"])
    changed = changed.with_columns(
        pl.min_horizontal(pl.col("updated_at"), pl.lit(end)).dt.offset_by("-2d").dt.strftime("%Y-%m").alias("file_month")
    )
    last = end.strftime("%Y-%m")
    changed = changed.with_columns(
        pl.when(pl.col("file_month") > last).then(pl.lit(last)).otherwise(pl.col("file_month")).alias("file_month")
    )
    return pl.concat([first, changed]).drop("_cut")


# Cases are generated in chunks of at most this many; chunks run in parallel worker processes,
# each with its own random stream, and write their own part files (a 10 M-case export would not
# fit one worker's memory, and real systems split big exports the same way).
CHUNK_CASES = 1_250_000


@dataclass
class City:
    """Everything cases are drawn from; rebuilt identically from the seed in every worker."""

    params: dict
    start: dt.date
    end: dt.date
    geo: geography.Geography
    matters: pl.DataFrame
    depts: pl.DataFrame
    staff: city.Staff
    cal: WorkCalendar
    sites: pl.DataFrame


def build_city(size: str, seed: int, end: dt.date) -> City:
    """The city for a size and seed; deterministic, so each case worker can rebuild it instead of
    receiving it."""
    p = size_params(size)
    rng = np.random.default_rng(seed)
    start = end - dt.timedelta(days=int(p["years"] * 365.25) - 1)
    geo = geography.build(rng, p["grids"], p["streets"], p["communities"])
    matters = city.load_catalogue().filter(pl.col("kind") == "matter")
    streets = geo.grids.select("street_code", "street_name").unique().sort("street_code")
    depts = city.departments(streets)
    staff = city.staff(rng, geo.grids["community_code"].unique().sort().to_list())
    cal = WorkCalendar(start - dt.timedelta(days=2), end + dt.timedelta(days=400))
    sites = city.hotspot_sites(rng, geo.grids, (end - start).days + 1)
    return City(p, start, end, geo, matters, depts, staff, cal, sites)


def _case_chunk(task: tuple[Path, str, int, dt.date, int, int, int]) -> tuple[list[Path], list[Path]]:
    """Generate and write one chunk of cases (runs in a worker process when there are several)."""
    out, size, seed, end, part, n_parts, n_cases = task
    c = build_city(size, seed, end)
    rng = np.random.default_rng([seed, 1, part])
    events = case_gen.sample_events(rng, c.geo.grids, c.sites, c.matters, c.cal, c.start, end, n_cases)
    truth = case_gen.lifecycle(rng, events, c.matters, c.geo.grids, c.depts, c.staff, c.cal, c.start, end)
    truth = _enrich(rng, truth, c.geo.grids, c.geo, c.matters, c.depts, part if n_parts > 1 else None)
    register = basedata.component_register(seed, size, c.geo.grids, c.sites)  # the cases name their component
    truth = truth.with_columns(basedata.name_components(np.random.default_rng([seed, 5, part]), truth, register, c.geo.grids))
    del events
    versions = _versions(truth, dt.datetime.combine(end, dt.time(23, 59, 59)))
    del truth
    suffix = f"_p{part + 1:02d}" if n_parts > 1 else ""
    cases = exports.write_cases(rng, out / "cases", versions.filter(pl.col("channel") != "hotline"), suffix)
    hotline = exports.write_hotline(rng, out / "hotline", versions.filter(pl.col("channel") == "hotline"), suffix)
    return cases, hotline


def _run_chunks(tasks: list[tuple], step: Callable[[str], None]) -> list[tuple[list[Path], list[Path]]]:
    """Each chunk's (case files, 12345 files): in this process for one chunk, else in spawned
    workers, one per core at most, with a progress step as each part is written."""
    if len(tasks) == 1:
        return [_case_chunk(tasks[0])]
    import concurrent.futures
    import multiprocessing
    import os

    workers = max(1, min(len(tasks), os.cpu_count() or 1))
    # spawned workers share the cores: one polars thread each instead of one per core each
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    done = []
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_case_chunk, t) for t in tasks]
        for i, fut in enumerate(concurrent.futures.as_completed(futures), start=1):
            fut.result()
            step(f"cases: part {i}/{len(tasks)} written")
        done = [f.result() for f in futures]
    return done


def expected_steps(size: str) -> int:
    """How many progress messages generate() sends (for a progress bar)."""
    parts = max(1, -(-size_params(size)["cases"] // CHUNK_CASES))
    return 5 + (parts if parts > 1 else 0)


def generate(
    out: Path, size: str = "default", seed: int = 20261125, end: dt.date = END, progress: Callable[[str], None] | None = None
) -> DemoResult:
    """Write all raw exports under ``out``; same seed → byte-identical files."""
    step = progress or (lambda msg: None)
    step("geography")
    c = build_city(size, seed, end)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {}
    step("grids")
    files["grids"] = [exports.write_grids(out, c.geo.grids, c.geo)]
    files["departments"] = [exports.write_departments(out, c.depts)]
    files["cases"], files["hotline"] = _write_case_parts(out, size, seed, end, c.params["cases"], step)
    step("disputes")
    files["disputes"], n_disp = _dispute_exports(out, c, seed)
    step("grid base data")
    polygons_m = _grid_polygons_m(c.geo)

    def place(rng: np.random.Generator, grid_index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return c.geo.projection.inverse(*_points_in_grids(rng, polygons_m, grid_index))

    files.update(basedata.generate(out, size, seed, c.geo.grids, c.sites, place, c.start, c.end))
    _write_readme(out, c, size, seed, n_disp)
    return DemoResult(out, files, c.params["cases"], n_disp)


def _write_case_parts(
    out: Path, size: str, seed: int, end: dt.date, n_cases: int, step: Callable[[str], None]
) -> tuple[list[Path], list[Path]]:
    """The case and 12345 exports, in parts of at most CHUNK_CASES cases sized as evenly as can be;
    each part's worker rebuilds the city from the seed and writes its own files, so only their
    paths come back (sorted by name, which puts a month's parts together)."""
    n_parts = max(1, -(-n_cases // CHUNK_CASES))
    sizes = [n_cases // n_parts + (1 if k < n_cases % n_parts else 0) for k in range(n_parts)]
    step(f"cases ({n_parts} part{'s' if n_parts > 1 else ''})")
    chunks = _run_chunks([(out, size, seed, end, k, n_parts, n) for k, n in enumerate(sizes)], step)
    return sorted(f for cases, _ in chunks for f in cases), sorted(f for _, hot in chunks for f in hot)


def _dispute_exports(out: Path, c: City, seed: int) -> tuple[list[Path], int]:
    """The disputes (2 % of the case count, at least 50), drawn on their own random stream so they
    do not depend on how the cases were chunked, more often near construction sites, old blocks
    and markets; placed in their grids, then written as the register exports."""
    rng = np.random.default_rng([seed, 2])
    n_disp = max(50, int(c.params["cases"] * 0.02))
    build_idx = c.sites.filter(pl.col("kind") == "construction")["grid_index"].to_list()
    hot_idx = c.sites.filter(pl.col("kind").is_in(["old_block", "market"]))["grid_index"].to_list()
    disp = disputes.generate(rng, c.geo.grids, build_idx, hot_idx, c.start, c.end, n_disp)
    disp = _place(rng, disp, c.geo)
    return exports.write_disputes(rng, out / "disputes", disp, c.geo.grids, c.start, c.end), n_disp


def _write_readme(out: Path, c: City, size: str, seed: int, n_disp: int) -> None:
    """README.txt: which city, seed and size a folder of exports came from, so it can be remade."""
    (out / "README.txt").write_text(
        f"GridPulse demo city {geography.DISTRICT_NAME} ({geography.DISTRICT_CODE}), seed {seed}, size {size}: "
        f"{c.params['cases']} cases {c.start}..{c.end}, {c.geo.grids.height} grids, {n_disp} disputes.\n",
        encoding="utf-8",
    )


def _enrich(
    rng: np.random.Generator,
    truth: pl.DataFrame,
    grids: pl.DataFrame,
    geo: geography.Geography,
    matters: pl.DataFrame,
    depts: pl.DataFrame,
    part: int | None = None,
) -> pl.DataFrame:
    """Points, addresses, descriptions, reporters, ids, names and duplicates. Case ids are the
    report day and a sequence number; in a chunked export the part number sits between them.
    The random draws keep one order (points, addresses, reporters, descriptions, duplicates):
    the same seed must give the same city."""
    end = truth["reported_at"].max()
    assert isinstance(end, dt.datetime)
    truth = _add_incident_reports(rng.spawn(1)[0], truth, end)  # a child stream: the draws below stay as they were
    n = truth.height
    gi = truth["grid_index"].to_numpy()
    frame = _place(rng, truth, geo)
    address = _addresses(rng, grids, gi)
    origin = truth["_origin"].to_numpy()  # a further report of one incident: its first report's row
    follows = origin >= 0
    at = np.where(follows, origin, np.arange(n))
    jitter = rng.normal(0, 0.00015, size=(2, n)) * follows  # about 15 m: where each caller stood
    frame = frame.with_columns(
        pl.Series("lon", frame["lon"].to_numpy()[at] + jitter[0]), pl.Series("lat", frame["lat"].to_numpy()[at] + jitter[1])
    )
    address = address[at]
    cat_name = dict(zip(matters["code"].to_list(), matters["minor_name"].to_list(), strict=True))
    major_name = dict(zip(matters["code"].to_list(), matters["major_name"].to_list(), strict=True))
    dept_name = dict(zip(depts["department_code"].to_list(), depts["department_name"].to_list(), strict=True))
    public = truth["channel"].is_in(["hotline", "public"]).to_numpy()
    frame = frame.with_columns(
        pl.Series("grid_code", grids["grid_code"].to_numpy()[gi]),
        pl.Series("community_code", grids["community_code"].to_numpy()[gi]),
        pl.Series("address", address),
        pl.col("category_code").replace_strict(cat_name).alias("category_name"),
        pl.col("category_code").replace_strict(major_name).alias("major_name"),
        pl.col("department_code").replace_strict(dept_name).alias("department_name"),
        pl.when(pl.Series(public)).then(pl.Series(disputes.names(rng, n))).alias("reporter_name"),
        pl.when(pl.Series(public)).then(pl.Series(_fast_phones(rng, n))).alias("reporter_phone"),
        (pl.col("channel") == "hotline").alias("_hot"),
        pl.col("reported_at").dt.strftime("%Y%m%d").alias("_day"),
    )
    frame = frame.with_columns(texts.describe(rng, frame, matters), _case_ids(part))
    first_id = frame["case_id"].gather(pl.Series(at))
    frame = frame.with_columns(pl.when(pl.Series(follows)).then(first_id).otherwise(None).alias("duplicate_of")).drop("_origin")
    return _mark_repeats(rng, _mark_duplicates(rng, frame)).drop("_hot", "_day")


INCIDENT_SHARE = 0.05  # reports whose event others report too (一事多报)


def _add_incident_reports(rng: np.random.Generator, truth: pl.DataFrame, end: dt.datetime) -> pl.DataFrame:
    """One incident, several channels (一事多报): for 5 % of the reports that were not
    cancelled, one to three residents report the same event too — through 12345 (65 %) or the
    public app (35 %), minutes to hours later (exponential, mean 3 h, at most 24 h), where it is
    (the first report's point, ~15 m off, and its address), in their own words. The operator
    marks each as a duplicate of the first (``duplicate_of``) and cancels it, as with a resident's
    repeat: the marks are the truth the incident linking is measured against. ``_origin`` is the
    first report's row (-1 for every other report); rows stay in report-time order. Drawn on its
    own random stream."""
    n = truth.height
    first = (rng.uniform(size=n) < INCIDENT_SHARE) & truth["cancelled_at"].is_null().to_numpy()
    rows = np.flatnonzero(first)
    extra = 1 + (rng.uniform(size=len(rows)) < 0.35) + (rng.uniform(size=len(rows)) < 0.1)
    origin = np.repeat(rows, extra)
    delay = np.minimum(rng.exponential(3 * 3600, len(origin)), 24 * 3600).astype("timedelta64[s]")
    reported = truth["reported_at"].to_numpy().astype("datetime64[s]")[origin] + delay
    keep = reported <= np.datetime64(end, "s")
    origin, reported = origin[keep], reported[keep]
    channel = np.where(rng.uniform(size=len(origin)) < 0.65, "hotline", "public")
    more = truth[origin].with_columns(
        pl.Series("reported_at", reported.astype("datetime64[us]")),
        pl.Series("accepted_at", (reported + np.timedelta64(4 * 60, "s")).astype("datetime64[us]")),
        pl.Series("channel", channel),
        *[pl.lit(0, dtype=truth.schema[c]).alias(c) for c in ("rework_count", "extension_count", "return_count")],
    )
    both = pl.concat(
        [truth.with_columns(pl.lit(-1, dtype=pl.Int64).alias("_origin")), more.with_columns(pl.Series("_origin", origin, dtype=pl.Int64))]
    )
    # back into report-time order, the origins renumbered to the rows' new places
    both = both.with_row_index("_was").sort("reported_at", "_was", maintain_order=True)
    place = np.empty(both.height, dtype=np.int64)
    place[both["_was"].to_numpy()] = np.arange(both.height)
    old = both["_origin"].to_numpy()
    return both.with_columns(pl.Series("_origin", np.where(old >= 0, place[np.maximum(old, 0)], -1))).drop("_was")


def _grid_polygons_m(geo: geography.Geography) -> list:
    """The grid polygons in metres (the city's local projection), where area-uniform sampling is
    plain triangle geometry."""
    return [shapely.transform(p, lambda xy: np.column_stack(geo.projection.forward(xy[:, 0], xy[:, 1]))) for p in geo.polygons]


def _place(rng: np.random.Generator, frame: pl.DataFrame, geo: geography.Geography) -> pl.DataFrame:
    """Each row's true point (WGS-84 ``lon``/``lat``), uniform inside its grid (``grid_index``);
    the exports convert it to the GCJ-02 Chinese systems store."""
    x, y = _points_in_grids(rng, _grid_polygons_m(geo), frame["grid_index"].to_numpy())
    lon, lat = geo.projection.inverse(x, y)
    return frame.with_columns(pl.Series("lon", lon), pl.Series("lat", lat))


def _addresses(rng: np.random.Generator, grids: pl.DataFrame, gi: np.ndarray) -> np.ndarray:
    """Street, road and house number (城关街道中山路12号): each grid lies on one road, drawn once
    per grid, so the cases of a grid share their road as neighbours' reports do."""
    road_of_grid = np.char.add(
        np.array(ROADS)[rng.integers(0, len(ROADS), grids.height)], np.array(ROAD_SUFFIX)[rng.integers(0, 5, grids.height)]
    )
    return np.char.add(
        np.char.add(
            np.char.add(grids["street_name"].to_numpy()[gi].astype(str), road_of_grid[gi]), rng.integers(1, 400, len(gi)).astype(str)
        ),
        "号",
    )


def _case_ids(part: int | None) -> pl.Expr:
    """Ids as the systems number cases: report day and daily sequence (12345 orders prefixed GD,
    on their own sequence); a chunked export puts the part number between them, and narrows the
    sequence to keep the length, so parts never collide."""
    tag = f"{part + 1:02d}" if part is not None else ""
    hot_width, dcm_width = (5, 4) if tag else (6, 5)
    seq = pl.int_range(1, pl.len() + 1).over(pl.col("reported_at").dt.date(), "_hot")
    return (
        pl.when(pl.col("_hot"))
        .then(pl.concat_str([pl.lit("GD"), pl.col("_day"), pl.lit(tag), seq.cast(pl.Utf8).str.zfill(hot_width)]))
        .otherwise(pl.concat_str([pl.col("_day"), pl.lit(tag), seq.cast(pl.Utf8).str.zfill(dcm_width)]))
        .alias("case_id")
    )


# A duplicate keeps its report and acceptance only: the operator cancels it against the original
# instead of working it, so every later stage (and its outcome) stays blank.
DUPLICATE_BLANKED = [
    "verify_dispatched_at",
    "verified_at",
    "check_dispatched_at",
    "registered_at",
    "dispatched_at",
    "signed_at",
    "disposed_at",
    "checked_at",
    "closed_at",
    "due_at",
    "suspended_at",
    "satisfaction",
]


def _mark_duplicates(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """Duplicates: a resident repeats, within two days, a report already made for the same grid
    and matter (5 % of such public and hotline reports), about the same spot (the earlier
    report's point, a few metres off: a phone's fix) and, where the earlier report names its
    reporter, as the same resident (their name and phone); the repeat names the earlier case
    (``duplicate_of``) and is cancelled 20 minutes after it is accepted."""
    n = frame.height
    frame = frame.sort("grid_code", "category_code", "reported_at").with_columns(
        pl.col("case_id").shift(1).over("grid_code", "category_code").alias("_prev"),
        pl.col("lon").shift(1).over("grid_code", "category_code").alias("_prev_lon"),
        pl.col("lat").shift(1).over("grid_code", "category_code").alias("_prev_lat"),
        pl.col("reporter_name").shift(1).over("grid_code", "category_code").alias("_prev_name"),
        pl.col("reporter_phone").shift(1).over("grid_code", "category_code").alias("_prev_phone"),
        (pl.col("reported_at") - pl.col("reported_at").shift(1).over("grid_code", "category_code")).alias("_gap"),
    )
    is_dup = (
        pl.Series(rng.uniform(size=n) < 0.05)
        & pl.col("channel").is_in(["hotline", "public"])
        & (pl.col("_gap") < pl.duration(days=2))
        & pl.col("duplicate_of").is_null()  # a further report of an incident is one already
    )
    jitter = rng.normal(0, 0.0001, size=(2, n))  # about 10 m
    frame = frame.with_columns(
        pl.when(is_dup).then(pl.col("_prev")).otherwise(pl.col("duplicate_of")).alias("duplicate_of"),
        pl.when(is_dup).then(pl.col("_prev_lon") + pl.Series(jitter[0])).otherwise(pl.col("lon")).alias("lon"),
        pl.when(is_dup).then(pl.col("_prev_lat") + pl.Series(jitter[1])).otherwise(pl.col("lat")).alias("lat"),
        # the same resident: their name and phone, where the earlier report has them
        pl.when(is_dup & pl.col("_prev_phone").is_not_null())
        .then(pl.col("_prev_name"))
        .otherwise(pl.col("reporter_name"))
        .alias("reporter_name"),
        pl.when(is_dup & pl.col("_prev_phone").is_not_null())
        .then(pl.col("_prev_phone"))
        .otherwise(pl.col("reporter_phone"))
        .alias("reporter_phone"),
    )
    dup = pl.col("duplicate_of").is_not_null()
    frame = frame.with_columns(
        [pl.when(dup).then(None).otherwise(pl.col(c)).alias(c) for c in DUPLICATE_BLANKED]
        + [pl.when(dup).then(pl.col("accepted_at").dt.offset_by("20m")).otherwise(pl.col("cancelled_at")).alias("cancelled_at")]
    )
    return frame.sort("reported_at").drop("_prev", "_prev_lon", "_prev_lat", "_prev_name", "_prev_phone", "_gap")


def _mark_repeats(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """Repeat requests (重复诉求): a resident whose request was not settled — closed late or not
    at all, reworked, or rated dissatisfied (1–2) — reports the same matter in the same grid
    again within 30 days in 45 % of the cases where such a later public or hotline report
    exists: that report becomes theirs (name, phone, and the earlier report's spot a few metres
    off). A settled request is repeated in 3 %. So departments that leave matters unsettled draw
    repeats, as the repeat-request rate (assessment) should show."""
    n = frame.height
    by = ("grid_code", "category_code")
    unsettled = (
        pl.col("closed_at").is_null()
        | (pl.col("closed_at") > pl.col("due_at"))
        | (pl.col("rework_count") > 0)
        | (pl.col("satisfaction") <= 2)
    ).fill_null(True)
    asks = pl.col("channel").is_in(["hotline", "public"]) & pl.col("duplicate_of").is_null()
    frame = frame.sort(*by, "reported_at").with_columns(
        (
            asks & pl.col("reporter_phone").is_not_null() & pl.when(unsettled).then(0.45).otherwise(0.03).gt(pl.Series(rng.uniform(size=n)))
        ).alias("_repeat_me")
    )
    prev = {c: pl.col(c).shift(1).over(*by) for c in ("_repeat_me", "reporter_name", "reporter_phone", "lon", "lat", "reported_at")}
    take = asks & prev["_repeat_me"].fill_null(False) & ((pl.col("reported_at") - prev["reported_at"]) <= pl.duration(days=30))
    jitter = rng.normal(0, 0.0001, size=(2, n))  # about 10 m
    frame = frame.with_columns(
        pl.when(take).then(prev["reporter_name"]).otherwise(pl.col("reporter_name")).alias("reporter_name"),
        pl.when(take).then(prev["reporter_phone"]).otherwise(pl.col("reporter_phone")).alias("reporter_phone"),
        pl.when(take).then(prev["lon"] + pl.Series(jitter[0])).otherwise(pl.col("lon")).alias("lon"),
        pl.when(take).then(prev["lat"] + pl.Series(jitter[1])).otherwise(pl.col("lat")).alias("lat"),
    )
    return frame.sort("reported_at").drop("_repeat_me")


def _fast_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Mobile numbers 13x–19x, vectorised: disputes.phones formats them one by one in Python,
    which the 10 M-case size cannot afford."""
    return pl.Series(rng.integers(13_000_000_000, 19_999_999_999, n)).cast(pl.Utf8).to_numpy()
