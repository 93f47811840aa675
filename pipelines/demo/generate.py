"""Write the demo city's raw source exports, deterministic for a seed.

What a real district's systems would hand over, dirt included:
- ``grids.geojson``: unit grids in GCJ-02 with pinyin-abbreviation properties (WGBM, SQMC …);
- ``departments.csv``: 责任单位 (UTF-8);
- ``cases/dcm_cases_YYYY-MM.csv``: the 数字城管 case system's monthly export, Chinese headers,
  **GBK**; each month holds the cases reported that month as of the export date, plus the final
  state of older cases that changed since (later files update earlier ones);
- ``hotline/12345_orders_YYYY-MM.xlsx``: 12345 work orders, monthly, same update pattern;
- ``disputes/dispute_register_*.csv``: the dispute register (UTF-8 with BOM), parties' names,
  phones and ID numbers in clear, a mid-period and a final full export.
Dirt, a few percent: rows with no coordinates (some with a grid or community code, some with an
address only), swapped lat/lon, stage times out of order, unknown categories, missing required
values, exact duplicate rows.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import shapely

from pipelines.coords import wgs84_to_gcj02
from pipelines.demo import cases as case_gen
from pipelines.demo import city, disputes, geography, xlsx
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
CASE_HEADERS = {
    "case_id": "案件编号",
    "channel_cn": "问题来源",
    "object_kind_cn": "案件类型",
    "category_code": "小类编码",
    "category_name": "小类名称",
    "major_name": "大类名称",
    "description": "问题描述",
    "address": "发生地址",
    "lon": "经度",
    "lat": "纬度",
    "grid_code": "网格编码",
    "department_name": "处置部门",
    "reported_at": "上报时间",
    "accepted_at": "受理时间",
    "verify_dispatched_at": "核实派发时间",
    "verified_at": "核实时间",
    "registered_at": "立案时间",
    "dispatched_at": "派遣时间",
    "signed_at": "签收时间",
    "disposed_at": "处置完成时间",
    "check_dispatched_at": "核查派发时间",
    "checked_at": "核查时间",
    "closed_at": "结案时间",
    "due_at": "处置时限",
    "status_cn": "案件状态",
    "rework_count": "返工次数",
    "extension_count": "延期次数",
    "return_count": "回退次数",
    "duplicate_of": "重复案件编号",
    "reporter_name": "举报人",
    "reporter_phone": "联系电话",
    "inspector_ref": "监督员编号",
    "operator_ref": "受理员编号",
    "dispatcher_ref": "派遣员编号",
    "shift_leader_ref": "值班长编号",
    "updated_at": "最后更新时间",
}
HOTLINE_HEADERS = {
    "case_id": "工单编号",
    "request_type": "诉求类型",
    "category_name": "问题分类",
    "description": "诉求内容",
    "address": "事发地址",
    "lon": "经度",
    "lat": "纬度",
    "community_code": "所属社区编码",
    "department_name": "承办单位",
    "reported_at": "来电时间",
    "accepted_at": "受理时间",
    "dispatched_at": "派单时间",
    "signed_at": "签收时间",
    "disposed_at": "办理完成时间",
    "closed_at": "办结时间",
    "due_at": "办理时限",
    "status_cn": "工单状态",
    "extension_count": "延期次数",
    "return_count": "退单次数",
    "satisfaction_cn": "回访评价",
    "reporter_name": "来电人",
    "reporter_phone": "来电号码",
    "operator_ref": "话务员工号",
    "updated_at": "更新时间",
}
CHANNEL_CN = {
    "inspector": "监督员上报",
    "public": "公众举报",
    "video": "智能视频发现",
    "assigned": "领导交办",
    "other": "其他",
    "hotline": "12345热线",
}
STATUS_CN = {
    "reported": "待受理",
    "registered": "已立案",
    "dispatched": "已派遣",
    "disposing": "处置中",
    "checking": "待核查",
    "closed": "已结案",
    "cancelled": "已作废",
    "suspended": "挂账",
}
HOTLINE_STATUS_CN = {
    "reported": "已受理",
    "registered": "已受理",
    "dispatched": "已派单",
    "disposing": "办理中",
    "checking": "待回访",
    "closed": "已办结",
    "cancelled": "已撤销",
    "suspended": "挂起",
}
SATISFACTION_CN = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}
STAGES = [
    "accepted_at",
    "verify_dispatched_at",
    "verified_at",
    "registered_at",
    "dispatched_at",
    "signed_at",
    "disposed_at",
    "check_dispatched_at",
    "checked_at",
    "closed_at",
]


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
        .when(pl.col("closed_at").is_not_null())
        .then(pl.lit("closed"))
        .when(pl.col("disposed_at").is_not_null())
        .then(pl.lit("checking"))
        .when(pl.col("signed_at").is_not_null())
        .then(pl.lit("disposing"))
        .when(pl.col("dispatched_at").is_not_null())
        .then(pl.lit("dispatched"))
        .when(pl.col("registered_at").is_not_null())
        .then(pl.lit("registered"))
        .otherwise(pl.lit("reported"))
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


def _dirt(rng: np.random.Generator, f: pl.DataFrame, has_grid: bool) -> pl.DataFrame:
    """A few percent of realistic export faults, deterministic for the seed."""
    n = f.height
    u = rng.uniform(size=(6, n))
    no_point = u[0] < 0.03
    keep_code = u[1] < 0.5
    swapped = (u[2] < 0.005) & ~no_point
    out_of_order = u[3] < 0.003
    unknown = u[4] < 0.004
    missing_time = u[5] < 0.001
    code_col = "grid_code" if has_grid else "community_code"
    f = f.with_columns(
        pl.when(pl.Series(no_point)).then(None).when(pl.Series(swapped)).then(pl.col("lat")).otherwise(pl.col("lon")).alias("lon"),
        pl.when(pl.Series(no_point)).then(None).when(pl.Series(swapped)).then(pl.col("lon")).otherwise(pl.col("lat")).alias("lat"),
        pl.when(pl.Series(no_point & ~keep_code)).then(None).otherwise(pl.col(code_col)).alias(code_col),
        pl.when(pl.Series(out_of_order) & pl.col("closed_at").is_not_null())
        .then(pl.col("reported_at").dt.offset_by("-3d"))
        .otherwise(pl.col("closed_at"))
        .alias("closed_at"),
        pl.when(pl.Series(unknown)).then(pl.lit("99007")).otherwise(pl.col("category_code")).alias("category_code"),
        pl.when(pl.Series(unknown)).then(pl.lit("其他未分类问题")).otherwise(pl.col("category_name")).alias("category_name"),
        pl.when(pl.Series(missing_time)).then(None).otherwise(pl.col("reported_at")).alias("reported_at"),
    )
    dup = f.filter(pl.Series(rng.uniform(size=n) < 0.003))
    return pl.concat([f, dup])  # exact duplicate rows, appended as a re-export would


def _fmt_times(f: pl.DataFrame, cols: list[str], fmt: str) -> pl.DataFrame:
    return f.with_columns([pl.col(c).dt.strftime(fmt) for c in cols if c in f.columns])


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
    del events
    versions = _versions(truth, dt.datetime.combine(end, dt.time(23, 59, 59)))
    del truth
    suffix = f"_p{part + 1:02d}" if n_parts > 1 else ""
    cases = _write_cases(rng, out / "cases", versions.filter(pl.col("channel") != "hotline"), suffix)
    hotline = _write_hotline(rng, out / "hotline", versions.filter(pl.col("channel") == "hotline"), suffix)
    return cases, hotline


def _run_chunks(tasks: list[tuple], step) -> list[tuple[list[Path], list[Path]]]:
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
    return 4 + (parts if parts > 1 else 0)


def generate(out: Path, size: str = "default", seed: int = 20261125, end: dt.date = END, progress=None) -> DemoResult:
    """Write all raw exports under ``out``; same seed → byte-identical files."""
    step = progress or (lambda msg: None)
    step("geography")
    c = build_city(size, seed, end)
    p, grids, geo, start = c.params, c.geo.grids, c.geo, c.start
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {}
    step("grids")
    files["grids"] = [_write_grids(out, grids, geo)]
    files["departments"] = [out / "departments.csv"]
    c.depts.with_columns(
        pl.col("level").replace({"district": "区级", "street": "街道"}),
        pl.col("kind").replace({"bureau": "职能部门", "street_office": "街道办事处"}),
    ).rename(
        {
            "department_code": "部门编码",
            "department_name": "部门名称",
            "level": "部门级别",
            "kind": "部门类型",
            "street_code": "所属街道编码",
        }
    ).write_csv(files["departments"][0])
    n_parts = max(1, -(-p["cases"] // CHUNK_CASES))
    sizes = [p["cases"] // n_parts + (1 if k < p["cases"] % n_parts else 0) for k in range(n_parts)]
    step(f"cases ({n_parts} part{'s' if n_parts > 1 else ''})")
    chunks = _run_chunks([(out, size, seed, end, k, n_parts, n) for k, n in enumerate(sizes)], step)
    files["cases"] = sorted(f for cases, _ in chunks for f in cases)
    files["hotline"] = sorted(f for _, hot in chunks for f in hot)
    step("disputes")
    rng = np.random.default_rng([seed, 2])
    n_disp = max(50, int(p["cases"] * 0.02))
    build_idx = c.sites.filter(pl.col("kind") == "construction")["grid_index"].to_list()
    hot_idx = c.sites.filter(pl.col("kind").is_in(["old_block", "market"]))["grid_index"].to_list()
    disp = disputes.generate(rng, grids, build_idx, hot_idx, start, end, n_disp)
    files["disputes"] = _write_disputes(rng, out / "disputes", disp, grids, geo, start, end)
    (out / "README.txt").write_text(
        f"GridPulse demo city {geography.DISTRICT_NAME} ({geography.DISTRICT_CODE}), seed {seed}, size {size}: "
        f"{p['cases']} cases {start}..{end}, {grids.height} grids, {n_disp} disputes.\n",
        encoding="utf-8",
    )
    return DemoResult(out, files, p["cases"], n_disp)


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
    report day and a sequence number; in a chunked export the part number sits between them."""
    n = truth.height
    gi = truth["grid_index"].to_numpy()
    polys_m = [shapely.transform(p, lambda xy: np.column_stack(geo.projection.forward(xy[:, 0], xy[:, 1]))) for p in geo.polygons]
    x, y = _points_in_grids(rng, polys_m, gi)
    lon, lat = geo.projection.inverse(x, y)
    road_of_grid = np.char.add(
        np.array(ROADS)[rng.integers(0, len(ROADS), grids.height)], np.array(ROAD_SUFFIX)[rng.integers(0, 5, grids.height)]
    )
    address = np.char.add(
        np.char.add(np.char.add(grids["street_name"].to_numpy()[gi].astype(str), road_of_grid[gi]), rng.integers(1, 400, n).astype(str)),
        "号",
    )
    cat_name = dict(zip(matters["code"].to_list(), matters["minor_name"].to_list(), strict=True))
    major_name = dict(zip(matters["code"].to_list(), matters["major_name"].to_list(), strict=True))
    dept_name = dict(zip(depts["department_code"].to_list(), depts["department_name"].to_list(), strict=True))
    where = np.array(["附近", "路段", "门口", "东侧", "西侧", "路口", "小区内"])[rng.integers(0, 7, n)]
    ask = np.array(["，请尽快处理", "，影响通行", "，群众反映强烈", "，存在安全隐患", "", "，多次反映未解决"])[rng.integers(0, 6, n)]
    tag = f"{part + 1:02d}" if part is not None else ""
    hot_width, dcm_width = (5, 4) if tag else (6, 5)
    day = truth["reported_at"].dt.strftime("%Y%m%d")
    seq = pl.int_range(1, pl.len() + 1).over(pl.col("reported_at").dt.date(), "_hot")
    public = truth["channel"].is_in(["hotline", "public"]).to_numpy()
    frame = truth.with_columns(
        pl.Series("lon", lon),
        pl.Series("lat", lat),
        pl.Series("grid_code", grids["grid_code"].to_numpy()[gi]),
        pl.Series("community_code", grids["community_code"].to_numpy()[gi]),
        pl.Series("address", address),
        pl.col("category_code").replace_strict(cat_name).alias("category_name"),
        pl.col("category_code").replace_strict(major_name).alias("major_name"),
        pl.col("department_code").replace_strict(dept_name).alias("department_name"),
        pl.when(pl.Series(public)).then(pl.Series(disputes.names(rng, n))).alias("reporter_name"),
        pl.when(pl.Series(public)).then(pl.Series(_fast_phones(rng, n))).alias("reporter_phone"),
        (pl.col("channel") == "hotline").alias("_hot"),
        day.alias("_day"),
    )
    frame = frame.with_columns(
        pl.concat_str([pl.col("address"), pl.Series(where), pl.col("category_name"), pl.Series(ask)]).alias("description"),
        pl.when(pl.col("_hot"))
        .then(pl.concat_str([pl.lit("GD"), pl.col("_day"), pl.lit(tag), seq.cast(pl.Utf8).str.zfill(hot_width)]))
        .otherwise(pl.concat_str([pl.col("_day"), pl.lit(tag), seq.cast(pl.Utf8).str.zfill(dcm_width)]))
        .alias("case_id"),
    )
    # duplicates: a resident repeats a report already made for the same place and matter
    frame = frame.sort("grid_code", "category_code", "reported_at").with_columns(
        pl.col("case_id").shift(1).over("grid_code", "category_code").alias("_prev"),
        (pl.col("reported_at") - pl.col("reported_at").shift(1).over("grid_code", "category_code")).alias("_gap"),
    )
    is_dup = pl.Series(rng.uniform(size=n) < 0.05) & pl.col("channel").is_in(["hotline", "public"]) & (pl.col("_gap") < pl.duration(days=2))
    frame = frame.with_columns(pl.when(is_dup).then(pl.col("_prev")).alias("duplicate_of"))
    dup = pl.col("duplicate_of").is_not_null()
    frame = frame.with_columns(
        [
            pl.when(dup).then(None).otherwise(pl.col(c)).alias(c)
            for c in [
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
        ]
        + [pl.when(dup).then(pl.col("accepted_at").dt.offset_by("20m")).otherwise(pl.col("cancelled_at")).alias("cancelled_at")]
    )
    return frame.sort("reported_at").drop("_prev", "_gap", "_hot", "_day")


def _fast_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Mobile numbers 13x–19x, vectorised (10 M in well under a second)."""
    return pl.Series(rng.integers(13_000_000_000, 19_999_999_999, n)).cast(pl.Utf8).to_numpy()


def _write_grids(out: Path, grids: pl.DataFrame, geo: geography.Geography) -> Path:
    feats = []
    for row, poly in zip(grids.iter_rows(named=True), geo.polygons, strict=True):
        xy = np.asarray(poly.exterior.coords)
        glon, glat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
        ring = [[round(float(a), 7), round(float(b), 7)] for a, b in zip(glon, glat, strict=True)]
        props = {
            "WGBM": row["grid_code"],
            "WGMC": row["grid_name"],
            "SQBM": row["community_code"],
            "SQMC": row["community_name"],
            "JDBM": row["street_code"],
            "JDMC": row["street_name"],
            "QXBM": row["district_code"],
            "QXMC": row["district_name"],
        }
        feats.append({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path = out / "grids.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "name": "单元网格", "crs": {"type": "name", "properties": {"name": "GCJ-02"}}, "features": feats},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def _to_gcj(f: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    lon, lat = f["lon"].to_numpy(), f["lat"].to_numpy()
    glon, glat = wgs84_to_gcj02(lon + rng.normal(0, 3e-5, len(lon)), lat + rng.normal(0, 3e-5, len(lat)))
    return f.with_columns(pl.Series("lon", np.round(glon, 6)), pl.Series("lat", np.round(glat, 6)))


def _write_cases(rng: np.random.Generator, folder: Path, versions: pl.DataFrame, suffix: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    f = _to_gcj(versions, rng).with_columns(
        pl.col("channel").replace_strict(CHANNEL_CN).alias("channel_cn"),
        pl.when(pl.col("category_code").str.slice(0, 2) <= "05").then(pl.lit("部件")).otherwise(pl.lit("事件")).alias("object_kind_cn"),
        pl.col("status").replace_strict(STATUS_CN).alias("status_cn"),
        pl.when(pl.col("channel") == "public").then(pl.col("reporter_name")).alias("reporter_name"),
        # the inspector is named on the cases they reported or verified
        pl.when((pl.col("channel") == "inspector") | pl.col("verify_dispatched_at").is_not_null())
        .then(pl.col("inspector_ref"))
        .alias("inspector_ref"),
    )
    paths = []
    for (month,), part in f.sort("file_month", "updated_at").group_by("file_month", maintain_order=True):
        part = _dirt(rng, part, has_grid=True)
        part = _fmt_times(part, ["reported_at", *STAGES, "due_at", "updated_at"], "%Y-%m-%d %H:%M:%S")
        buf = io.BytesIO()
        part.select(list(CASE_HEADERS)).rename(CASE_HEADERS).write_csv(buf)
        path = folder / f"dcm_cases_{month}{suffix}.csv"
        path.write_bytes(buf.getvalue().decode("utf-8").encode("gbk"))
        paths.append(path)
    return paths


def _write_hotline(rng: np.random.Generator, folder: Path, versions: pl.DataFrame, suffix: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    types = np.array(["投诉", "求助", "举报", "咨询", "建议"])
    f = _to_gcj(versions, rng).with_columns(
        pl.Series("request_type", types[rng.choice(5, size=versions.height, p=[0.55, 0.2, 0.15, 0.05, 0.05])]),
        pl.col("status").replace_strict(HOTLINE_STATUS_CN).alias("status_cn"),
        pl.col("satisfaction").replace_strict(SATISFACTION_CN, default=None, return_dtype=pl.Utf8).alias("satisfaction_cn"),
        pl.concat_str([pl.col("major_name").str.replace("类$", ""), pl.lit("-"), pl.col("category_name")]).alias("category_name"),
        pl.col("grid_code").str.slice(0, 12).alias("community_code"),
    )
    paths = []
    for (month,), part in f.sort("file_month", "updated_at").group_by("file_month", maintain_order=True):
        part = _dirt(rng, part, has_grid=False)
        part = _fmt_times(part, ["reported_at", *STAGES, "due_at", "updated_at"], "%Y/%m/%d %H:%M")
        path = folder / f"12345_orders_{month}{suffix}.xlsx"
        xlsx.write_xlsx(part.select(list(HOTLINE_HEADERS)).rename(HOTLINE_HEADERS), path, sheet="工单")
        paths.append(path)
    return paths


def _write_disputes(
    rng: np.random.Generator, folder: Path, disp: pl.DataFrame, grids: pl.DataFrame, geo: geography.Geography, start: dt.date, end: dt.date
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    gi = disp["grid_index"].to_numpy()
    polys_m = [shapely.transform(p, lambda xy: np.column_stack(geo.projection.forward(xy[:, 0], xy[:, 1]))) for p in geo.polygons]
    x, y = _points_in_grids(rng, polys_m, gi)
    lon, lat = wgs84_to_gcj02(*geo.projection.inverse(x, y))
    has_point = rng.uniform(size=len(gi)) < 0.7
    status_cn = {"pending": "待调解", "mediating": "调解中", "resolved": "调解成功", "failed": "调解失败"}
    kind_cn = {"petition": "信访", "repeat_petition": "重复信访", "group_incident": "群体性事件", "criminal": "民转刑", "other": "其他"}
    seq = pl.int_range(1, pl.len() + 1).over(pl.col("reported_at").dt.year())
    f = disp.with_columns(
        pl.concat_str([pl.lit("MD"), pl.col("reported_at").dt.strftime("%Y"), seq.cast(pl.Utf8).str.zfill(6)]).alias("dispute_id"),
        pl.Series("lon", np.where(has_point, np.round(lon, 6), np.nan)).fill_nan(None),
        pl.Series("lat", np.where(has_point, np.round(lat, 6), np.nan)).fill_nan(None),
        pl.Series("grid_code", grids["grid_code"].to_numpy()[gi]),
        pl.concat_str(
            [
                pl.Series(grids["community_name"].to_numpy()[gi]),
                pl.col("dispute_type"),
                pl.lit("纠纷，当事人"),
                pl.col("party_names"),
                pl.lit("，涉及"),
                pl.col("people_involved").cast(pl.Utf8),
                pl.lit("人"),
            ]
        ).alias("description"),
        pl.Series(
            "address", np.char.add(grids["street_name"].to_numpy()[gi].astype(str), grids["community_name"].to_numpy()[gi].astype(str))
        ),
    )
    mid = dt.datetime.combine(start + (end - start) / 2, dt.time(0))
    end_ts = dt.datetime.combine(end, dt.time(23, 59, 59))
    paths = []
    for label, cut in (("mid", mid), ("final", end_ts)):
        part = f.filter(pl.col("reported_at") <= cut)
        cut_lit = pl.lit(cut)
        part = (
            part.with_columns(
                [pl.when(pl.col(c) <= cut_lit).then(pl.col(c)).alias(c) for c in ["mediated_at", "resolved_at", "escalated_at"]]
            )
            .with_columns(
                (pl.col("escalated") & pl.col("escalated_at").is_not_null()).alias("escalated"),
                pl.when(pl.col("escalated_at").is_not_null()).then(pl.col("escalation_kind")).alias("escalation_kind"),
                pl.when(pl.col("resolved_at").is_not_null())
                .then(pl.lit("resolved"))
                .when(pl.col("escalated_at").is_not_null())
                .then(pl.lit("failed"))
                .when(pl.col("mediated_at").is_not_null() & (pl.col("status") == "failed") & (pl.lit(cut) > pl.col("deadline_at")))
                .then(pl.lit("failed"))
                .when(pl.col("mediated_at").is_not_null())
                .then(pl.lit("mediating"))
                .otherwise(pl.lit("pending"))
                .alias("status"),
            )
            .with_columns(pl.max_horizontal("reported_at", "mediated_at", "resolved_at", "escalated_at").alias("updated_at"))
        )
        out = part.with_columns(
            pl.col("status").replace_strict(status_cn),
            pl.col("escalated").replace_strict({True: "是", False: "否"}, return_dtype=pl.Utf8),
            pl.col("escalation_kind").replace_strict(kind_cn, default=None, return_dtype=pl.Utf8),
        )
        out = _fmt_times(out, ["reported_at", "mediated_at", "resolved_at", "deadline_at", "escalated_at", "updated_at"], "%Y-%m-%d %H:%M")
        headers = {
            "dispute_id": "纠纷编号",
            "reported_at": "登记时间",
            "dispute_type": "纠纷类型",
            "scale": "纠纷规模",
            "people_involved": "涉及人数",
            "description": "简要情况",
            "address": "发生地点",
            "lon": "经度",
            "lat": "纬度",
            "grid_code": "网格编码",
            "party_names": "当事人姓名",
            "party_phones": "联系电话",
            "party_ids": "身份证号码",
            "status": "调解状态",
            "mediated_at": "首次调解时间",
            "resolved_at": "化解时间",
            "deadline_at": "调解期限",
            "mediation_attempts": "调解次数",
            "escalated": "是否激化",
            "escalated_at": "激化时间",
            "escalation_kind": "激化类型",
            "updated_at": "更新时间",
        }
        buf = io.BytesIO()
        out.select(list(headers)).rename(headers).write_csv(buf)
        path = folder / f"dispute_register_{label}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue())
        paths.append(path)
    return paths
