"""The demo city's grid base data (人、地、物、事、组织): population, buildings, components,
organisations, grid staff and their patrols, written as the raw exports real systems give.

Consistent with the cases: a grid's residents, buildings, organisations and components follow
the same weight that draws its background cases (its size and nearness to the centre), plus old
blocks and markets; a few grids are under-patrolled and a few components fail again and again.
The component register comes as two surveys (a year apart) so a load keeps a history of
conditions. Every export carries what a real one does and the warehouse must not keep (staff
names and phone numbers, legal representatives), so the loads are tested on it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.coords import wgs84_to_gcj02
from pipelines.demo import disputes, geography, xlsx

# WGS-84 points uniform inside the given grids (by index), for a random stream
Place = Callable[[np.random.Generator, np.ndarray], tuple[np.ndarray, np.ndarray]]
# Per 1,000 residents, a month's special-group counts (GB/T 31000-2015 modules), as seen in
# published district statistics (order of magnitude only).
SPECIAL_RATES = {"sg_correction": 0.6, "sg_released": 1.2, "sg_mental": 3.5, "sg_drug": 0.9, "sg_youth": 2.0, "sg_aids": 0.2}
BUILDING_USES = np.array(["住宅", "出租屋", "商业", "商住混合", "办公", "学校", "工业", "公共设施", "其他"])
BUILDING_USE_P = np.array([62, 14, 9, 5, 3, 1, 2, 3, 1], dtype=float)
ORG_TYPES = np.array(["企业", "个体工商户", "社会组织", "学校", "医疗机构", "重点场所", "机关事业单位"])
ORG_TYPE_P = np.array([38, 40, 6, 3, 3, 6, 4], dtype=float)
ORG_SUFFIX = {
    "企业": "有限公司",
    "个体工商户": "商行",
    "社会组织": "志愿者协会",
    "学校": "小学",
    "医疗机构": "社区卫生服务站",
    "重点场所": "农贸市场",
    "机关事业单位": "服务中心",
}
CONDITIONS = np.array(["完好", "破损", "丢失", "废弃"])
# The components every street has most of (code → relative frequency); other classes share the rest.
COMMON_CLASSES = {"01002": 12, "01003": 10, "01004": 8, "01001": 6, "02009": 9, "02024": 8, "02025": 6, "03001": 6, "01012": 3}
ROLES = ["专职网格员", "兼职网格员", "社区民警", "社区工作者", "城管队员", "街道干部"]


@dataclass(frozen=True)
class BaseSizes:
    residents: int
    buildings: int
    components: int
    organisations: int


SIZES = {
    "small": BaseSizes(30_000, 4_000, 5_000, 300),
    "default": BaseSizes(300_000, 40_000, 50_000, 3_000),
    "large": BaseSizes(300_000, 40_000, 50_000, 3_000),
}


def grid_weight(rng: np.random.Generator, grids: pl.DataFrame, sites: pl.DataFrame) -> np.ndarray:
    """How much of the district's life a grid holds: the background-case weight (area^0.3,
    falling off from the centre), some noise, and more for old blocks and markets."""
    radius = np.hypot(grids["x"].to_numpy(), grids["y"].to_numpy())
    w = grids["area_m2"].to_numpy() ** 0.3 * np.exp(-radius / radius.max() * 1.5) * rng.lognormal(0, 0.35, grids.height)
    busy = sites.filter(pl.col("kind").is_in(["old_block", "market"]))["grid_index"].to_numpy()
    w[busy] *= 1.8
    return w / w.sum()


def _gcj(lonlat: tuple[np.ndarray, np.ndarray], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = lonlat
    glon, glat = wgs84_to_gcj02(lon + rng.normal(0, 2e-5, len(lon)), lat + rng.normal(0, 2e-5, len(lat)))
    return np.round(glon, 6), np.round(glat, 6)


def _gbk_csv(frame: pl.DataFrame, path: Path) -> Path:
    buf = io.BytesIO()
    frame.write_csv(buf)
    path.write_bytes(buf.getvalue().decode("utf-8").encode("gbk"))
    return path


def population(rng: np.random.Generator, grids: pl.DataFrame, weight: np.ndarray, start: dt.date, end: dt.date, total: int) -> pl.DataFrame:
    """实有人口 per grid and month: residents by weight, drifting a little month to month."""
    months = pl.date_range(start.replace(day=1), end.replace(day=1), "1mo", eager=True)
    base = rng.multinomial(total, weight).astype(float)
    rows = []
    level = base.copy()
    for m in months:
        level = np.maximum(level * rng.normal(1.0, 0.004, len(level)), 0)
        resident = np.round(level).astype(int)
        floating_share = rng.uniform(0.12, 0.38, len(level))
        frame = {
            "网格编码": grids["grid_code"].to_numpy(),
            "统计月份": np.full(len(level), m.strftime("%Y-%m")),
            "户籍人口": np.round(resident * (1 - floating_share) * rng.uniform(0.85, 1.05, len(level))).astype(int),
            "常住人口": resident,
            "流动人口": np.round(resident * floating_share).astype(int),
            "户数": np.round(resident / rng.uniform(2.4, 2.9, len(level))).astype(int),
        }
        for col, rate in SPECIAL_RATES.items():
            frame[SPECIAL_HEADERS[col]] = rng.poisson(resident * rate / 1000)
        rows.append(pl.DataFrame(frame))
    return pl.concat(rows)


SPECIAL_HEADERS = {
    "sg_correction": "社区矫正人员",
    "sg_released": "刑满释放人员",
    "sg_mental": "严重精神障碍患者",
    "sg_drug": "吸毒人员",
    "sg_youth": "重点青少年",
    "sg_aids": "艾滋病危险人员",
}


def _addresses(rng: np.random.Generator, grids: pl.DataFrame, gi: np.ndarray, kind: str) -> np.ndarray:
    street = grids["street_name"].to_numpy()[gi].astype(str)
    community = grids["community_name"].to_numpy()[gi].astype(str)
    number = rng.integers(1, 300, len(gi)).astype(str)
    return np.char.add(np.char.add(np.char.add(street, community), number), kind)


def generate(
    out: Path, size: str, seed: int, grids: pl.DataFrame, sites: pl.DataFrame, place: Place, start: dt.date, end: dt.date
) -> dict[str, list[Path]]:
    """Write the six base-data exports under ``out/base``; ``place(rng, grid_index)`` gives
    WGS-84 points uniform inside the grids. Deterministic for a seed."""
    rng = np.random.default_rng([seed, 3])
    sizes = SIZES.get(size, SIZES["small"])  # a custom case count (tests) gets the small registers
    folder = out / "base"
    folder.mkdir(parents=True, exist_ok=True)
    weight = grid_weight(rng, grids, sites)
    files: dict[str, list[Path]] = {}

    pop = population(rng, grids, weight, start, end, sizes.residents)
    files["population"] = [_gbk_csv(pop, folder / "population_monthly.csv")]

    # buildings: residential ones where people live, the rest by the same weight
    gi = np.sort(rng.choice(grids.height, size=sizes.buildings, p=weight))
    lon, lat = _gcj(place(rng, gi), rng)
    use = BUILDING_USES[rng.choice(len(BUILDING_USES), size=len(gi), p=BUILDING_USE_P / BUILDING_USE_P.sum())]
    floors = np.where(np.isin(use, ["住宅", "商住混合", "办公"]), rng.integers(2, 33, len(gi)), rng.integers(1, 6, len(gi)))
    buildings = pl.DataFrame(
        {
            "楼栋编码": [f"LD{grids['grid_code'][int(g)]}{k:04d}" for k, g in enumerate(gi)],
            "楼栋地址": _addresses(rng, grids, gi, "号楼"),
            "房屋用途": use,
            "层数": floors,
            "户数": np.where(np.isin(use, ["住宅", "出租屋", "商住混合"]), floors * rng.integers(2, 7, len(gi)), 0),
            "经度": lon,
            "纬度": lat,
            "所属网格": grids["grid_code"].to_numpy()[gi],
        }
    )
    path = folder / "buildings.xlsx"
    xlsx.write_xlsx(buildings, path, "楼栋房屋")
    files["buildings"] = [path]

    register = component_register(seed, size, grids, sites)
    files["components"] = _components(rng, folder, grids, register, place, end)
    files["organisations"] = [_organisations(rng, folder, grids, weight, sizes.organisations, place)]
    staff, assign_path = _staff(rng, folder, grids, weight, pop, start, end)
    files["staff"] = [assign_path]
    files["patrols"] = _patrols(rng, folder, grids, staff, start, end, place)
    return files


def component_register(seed: int, size: str, grids: pl.DataFrame, sites: pl.DataFrame) -> pl.DataFrame:
    """The district's components (id, class, grid index, repeat offender) on their own random
    stream, so the case exports can name the component a case is about: the case writers draw
    the same register as the component surveys."""
    from pipelines.demo import city

    rng = np.random.default_rng([seed, 4])
    weight = grid_weight(np.random.default_rng([seed, 3]), grids, sites)  # generate()'s first draw
    n = SIZES.get(size, SIZES["small"]).components
    classes = city.load_catalogue().filter(pl.col("kind") == "component")["code"].to_numpy()
    p = np.array([COMMON_CLASSES.get(c, 0.25) for c in classes], dtype=float)
    gi = np.sort(rng.choice(grids.height, size=n, p=0.5 * weight + 0.5 / grids.height))
    cls = classes[rng.choice(len(classes), size=n, p=p / p.sum())]
    seq = pl.DataFrame({"c": cls}).with_columns(pl.int_range(1, pl.len() + 1).over("c").alias("s"))["s"].to_numpy()
    ids = np.char.add(np.char.add(geography.DISTRICT_CODE, cls.astype(str)), np.char.zfill(seq.astype(str), 6))
    return pl.DataFrame({"component_id": ids, "class_code": cls, "grid_index": gi, "repeat": rng.uniform(size=n) < 0.02})


def name_components(rng: np.random.Generator, cases: pl.DataFrame, register: pl.DataFrame, grids: pl.DataFrame) -> pl.Series:
    """The component each case is about (its category a component class of the register with
    one in the case's grid): one of them at random, a repeat offender twenty times as likely;
    one in seven left blank, as field reports often are. Null for every other case."""
    pool = (
        register.with_columns(pl.Series("grid_code", grids["grid_code"].to_numpy()[register["grid_index"].to_numpy()]))
        .with_columns(pl.when(pl.col("repeat")).then(20).otherwise(1).alias("w"))
        .select("grid_code", "class_code", pl.col("component_id").repeat_by("w"))
        .explode("component_id")
        .group_by("grid_code", "class_code")
        .agg("component_id")
    )
    picked = cases.select("grid_code", pl.col("category_code").alias("class_code")).join(
        pool, on=["grid_code", "class_code"], how="left", maintain_order="left"
    )
    u = rng.uniform(size=cases.height)
    index = (pl.Series(u) * picked["component_id"].list.len()).floor().cast(pl.Int64)
    kept = pl.Series(rng.uniform(size=cases.height) >= 1 / 7)
    return picked.with_columns(index.alias("i")).select(
        pl.when(kept).then(pl.col("component_id").list.get(pl.col("i"), null_on_oob=True)).alias("component_id")
    )["component_id"]


def _components(
    rng: np.random.Generator, folder: Path, grids: pl.DataFrame, register: pl.DataFrame, place: Place, end: dt.date
) -> list[Path]:
    """Two surveys a year apart: most components stay intact, some break, are lost or replaced;
    one in fifty is a repeat offender that is broken in both."""
    n = register.height
    gi, cls, ids, repeat = (register[c].to_numpy() for c in ("grid_index", "class_code", "component_id", "repeat"))
    lon, lat = _gcj(place(rng, gi), rng)
    owners = np.where(np.char.startswith(cls.astype(str), "01"), "区市政公用事业服务中心", "区城市管理局")
    where = _addresses(rng, grids, gi, "号旁")
    paths = []
    for k, when in enumerate((end - dt.timedelta(days=365), end)):
        u = rng.uniform(size=n)
        cond = np.where(u < 0.93, "完好", np.where(u < 0.975, "破损", np.where(u < 0.99, "丢失", "废弃")))
        cond = np.where(repeat, "破损", cond)
        frame = pl.DataFrame(
            {
                "部件标识码": ids,
                "部件小类编码": cls,
                "部件状态": cond,
                "权属单位": owners,
                "位置描述": where,
                "经度": lon,
                "纬度": lat,
                "所属网格": grids["grid_code"].to_numpy()[gi],
                "状态更新时间": np.full(n, when.isoformat()),
            }
        )
        paths.append(_gbk_csv(frame, folder / f"components_survey_{k + 1}.csv"))
    return paths


def _organisations(rng: np.random.Generator, folder: Path, grids: pl.DataFrame, weight: np.ndarray, n: int, place: Place) -> Path:
    gi = np.sort(rng.choice(grids.height, size=n, p=weight))
    kind = ORG_TYPES[rng.choice(len(ORG_TYPES), size=n, p=ORG_TYPE_P / ORG_TYPE_P.sum())]
    lon, lat = _gcj(place(rng, gi), rng)
    stem = np.array(list("华兴盛达鑫隆恒泰安康宏远金源丰和"))
    names = np.char.add(
        np.char.add(
            grids["street_name"].to_numpy()[gi].astype(str),
            np.char.add(stem[rng.integers(0, len(stem), n)], stem[rng.integers(0, len(stem), n)]),
        ),
        np.array([ORG_SUFFIX[k] for k in kind]),
    )
    frame = pl.DataFrame(
        {
            "统一社会信用代码": [f"91330125{k:010d}" for k in rng.permutation(10**6)[:n]],
            "组织名称": names,
            "组织类别": kind,
            "地址": _addresses(rng, grids, gi, "号"),
            "经度": lon,
            "纬度": lat,
            "所属网格": grids["grid_code"].to_numpy()[gi],
            "法定代表人": disputes.names(rng, n),
            "联系电话": disputes.phones(rng, n),
        }
    )
    path = folder / "organisations.xlsx"
    xlsx.write_xlsx(frame, path, "组织")
    return path


def _staff(
    rng: np.random.Generator, folder: Path, grids: pl.DataFrame, weight: np.ndarray, pop: pl.DataFrame, start: dt.date, end: dt.date
) -> tuple[pl.DataFrame, Path]:
    """多员合一: one full-time grid worker per ~400 households, each over a run of neighbouring
    unit grids in one community; a part-time worker for every second one; a police officer and
    a community worker per community; inspectors and cadres per street. A tenth of the
    full-time posts changed hands once (the old assignment ends, a new person starts)."""
    last = pop.filter(pl.col("统计月份") == pop["统计月份"].max())
    households = dict(zip(last["网格编码"], last["户数"], strict=True))
    rows = []
    n = 0

    def person() -> str:
        nonlocal n
        n += 1
        return f"WG{n:05d}"

    for _, part in grids.group_by(["community_code"], maintain_order=True):
        codes = part["grid_code"].to_list()
        hh = np.array([households[c] for c in codes])
        posts = max(1, round(hh.sum() / 400))
        groups = np.array_split(np.arange(len(codes)), posts)
        for g in groups:
            worker = person()
            change = rng.uniform() < 0.1
            cut = start + dt.timedelta(days=int(rng.integers(200, (end - start).days - 100)))
            for i in g:
                rows.append((worker, "专职网格员", codes[i], start, cut if change else None))
            if change:
                successor = person()
                for i in g:
                    rows.append((successor, "专职网格员", codes[i], cut + dt.timedelta(days=1), None))
        for k, g in enumerate(groups):
            if k % 2 == 0:
                helper = person()
                rows += [(helper, "兼职网格员", codes[i], start, None) for i in g]
        for role in ("社区民警", "社区工作者"):
            who = person()
            rows += [(who, role, c, start, None) for c in codes]
    for _, part in grids.group_by(["street_code"], maintain_order=True):
        for role, count in (("城管队员", 4), ("街道干部", 2)):
            for _ in range(count):
                who = person()
                rows += [(who, role, c, start, None) for c in part["grid_code"].to_list()[:: max(1, part.height // 12)]]
    schema = {"工号": pl.Utf8, "岗位": pl.Utf8, "所属网格": pl.Utf8, "任职开始": pl.Date, "任职结束": pl.Date}
    staff = pl.DataFrame(rows, schema=schema, orient="row")
    ids = staff["工号"].unique(maintain_order=True)
    names = dict(zip(ids, disputes.names(rng, len(ids)), strict=True))
    phones = dict(zip(ids, disputes.phones(rng, len(ids)), strict=True))
    export = staff.with_columns(
        pl.format("PZ{}", pl.int_range(1, pl.len() + 1).cast(pl.Utf8).str.zfill(6)).alias("配置编号"),
        pl.col("工号").replace_strict(names).alias("姓名"),
        pl.col("工号").replace_strict(phones).alias("联系电话"),
        pl.col("任职开始").dt.strftime("%Y-%m-%d"),
        pl.col("任职结束").dt.strftime("%Y-%m-%d"),
    ).select("配置编号", "工号", "姓名", "岗位", "所属网格", "任职开始", "任职结束", "联系电话")
    return staff, _gbk_csv(export, folder / "grid_staff.csv")


def _patrols(
    rng: np.random.Generator, folder: Path, grids: pl.DataFrame, staff: pl.DataFrame, start: dt.date, end: dt.date, place
) -> list[Path]:
    """One check-in per full-time grid worker, assigned grid and working day they patrolled it:
    most grids on ~85 % of working days, one in twelve on ~35 % (the under-patrolled ones).
    Written one file per year, as the grid app exports them."""
    full = staff.filter(pl.col("岗位") == "专职网格员")
    days = pl.date_range(start, end, "1d", eager=True)
    days = days.filter(days.dt.weekday() <= 5)
    code_index = {c: i for i, c in enumerate(grids["grid_code"].to_list())}
    rate = np.where(rng.uniform(size=grids.height) < 1 / 12, 0.35, 0.85)
    parts = []
    for who, grid, frm, to in full.select("工号", "所属网格", "任职开始", "任职结束").iter_rows():
        span = days.filter((days >= frm) & (days <= (to or end)))
        hit = span.filter(pl.Series(rng.uniform(size=span.len()) < rate[code_index[grid]]))
        parts.append(pl.DataFrame({"工号": [who] * hit.len(), "网格编码": [grid] * hit.len(), "day": hit}))
    visits = pl.concat(parts).sort("day", "工号")
    gi = np.array([code_index[c] for c in visits["网格编码"].to_list()])
    lon, lat = _gcj(place(rng, gi), rng)
    minutes = rng.gamma(3.0, 20.0, len(gi)).round().astype(int) + 10  # about an hour, now and then three
    at = visits["day"].cast(pl.Datetime("us")) + pl.Series(rng.integers(8 * 3600, 17 * 3600, len(gi)) * 1_000_000).cast(pl.Duration("us"))
    frame = visits.with_columns(
        pl.format("XC{}", pl.int_range(1, pl.len() + 1).cast(pl.Utf8).str.zfill(8)).alias("签到流水号"),
        at.dt.strftime("%Y-%m-%d %H:%M:%S").alias("签到时间"),
        pl.Series("停留分钟", minutes),
        pl.Series("经度", lon),
        pl.Series("纬度", lat),
    )
    paths = []
    for (year,), part in frame.group_by(pl.col("day").dt.year(), maintain_order=True):
        out = part.select("签到流水号", "工号", "签到时间", "停留分钟", "经度", "纬度", "网格编码")
        paths.append(_gbk_csv(out, folder / f"patrols_{year}.csv"))
    return sorted(paths)
