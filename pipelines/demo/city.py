"""Demo city actors: departments, staff, hotspot sites, and the catalogue the cases draw on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from warehouse import catalogue

CATALOGUE_PATHS = [catalogue.PATH]

# (code, name, kind, catalogue default_department it serves)
BUREAUS = [
    ("330125-CG", "区城市管理局", "城市管理部门"),
    ("330125-SZ", "区市政公用事业服务中心", "市政公用部门"),
    ("330125-JT", "区交通运输局", "交通管理部门"),
    ("330125-HW", "区环境卫生管理中心", "环卫部门"),
    ("330125-YL", "区园林绿化管理中心", "园林绿化部门"),
    ("330125-ZJ", "区住房和城乡建设局", ""),
    ("330125-HB", "市生态环境局临江分局", ""),
    ("330125-SL", "区水利水电局", ""),
    ("330125-SJ", "区市场监督管理局", ""),
    ("330125-JJ", "市公安局临江分局交警大队", ""),
    ("330125-GH", "市自然资源和规划局临江分局", ""),
    ("330125-YJ", "区应急管理局", ""),
    ("330125-GD", "国网临江供电公司", ""),
    ("330125-SW", "临江水务集团", ""),
    ("330125-RQ", "临江燃气有限公司", ""),
    ("330125-TX", "区通信管线协调办公室", ""),
    ("330125-WJ", "区卫生健康局", ""),
]
# categories whose minor name names a utility go to that utility, not the municipal centre
UTILITY_KEYWORDS = [
    ("供水|自来水|消火栓|消防栓|水表", "330125-SW"),
    ("电力|变压器|配电|高压", "330125-GD"),
    ("燃气", "330125-RQ"),
    ("通信|电信|移动|联通|有线电视|邮政", "330125-TX"),
]

CHRONICALLY_LATE = "330125-SZ"  # the municipal centre: understaffed, late all three years
HIGH_REWORK = "330125-YL"  # landscaping: work often fails the on-site check
# the improving unit is the first street office (set in departments())


@dataclass(frozen=True)
class Staff:
    inspectors_by_community: dict[str, list[str]]
    call_takers: list[str]
    dispatchers: list[str]
    shift_leaders: list[str]


def load_catalogue() -> pl.DataFrame:
    """The matter catalogue (事件/部件问题 types with time limits) the demo draws cases from."""
    path = next(p for p in CATALOGUE_PATHS if p.exists())
    cat = pl.read_csv(path, schema_overrides={"code": pl.Utf8, "major_code": pl.Utf8, "time_limit": pl.Float64})
    cat = cat.with_columns(pl.col("time_limit_unit").str.strip_chars(), pl.col("high_frequency").cast(pl.Utf8).str.strip_chars() == "1")
    return cat


def departments(streets: pl.DataFrame) -> pl.DataFrame:
    """17 district bureaus and one office per street (属地), ~25 in all."""
    rows = [{"department_code": c, "department_name": n, "level": "district", "kind": "bureau", "street_code": None} for c, n, _ in BUREAUS]
    for s in streets.iter_rows(named=True):
        rows.append(
            {
                "department_code": f"{s['street_code']}-BSC",
                "department_name": f"{s['street_name']}办事处",
                "level": "street",
                "kind": "street_office",
                "street_code": s["street_code"],
            }
        )
    return pl.DataFrame(rows)


def staff(rng: np.random.Generator, communities: list[str]) -> Staff:
    """Two or three inspectors per community, pools of call takers and dispatchers, and six shift
    leaders working two shifts a day in rotation."""
    inspectors: dict[str, list[str]] = {}
    n = 0
    for code in communities:
        k = int(rng.integers(2, 4))
        inspectors[code] = [f"JD{n + i + 1:04d}" for i in range(k)]
        n += k
    return Staff(
        inspectors, [f"SL{i + 1:03d}" for i in range(24)], [f"PQ{i + 1:03d}" for i in range(12)], [f"ZB{i + 1:02d}" for i in range(6)]
    )


def hotspot_sites(rng: np.random.Generator, grids: pl.DataFrame, n_days: int) -> pl.DataFrame:
    """Places a leader would recognise: markets, transit hubs, schools, old blocks (persistent),
    construction sites that open mid-period (emerging), and summer night markets (seasonal)."""
    radius = np.hypot(grids["x"].to_numpy(), grids["y"].to_numpy())
    central = np.argsort(radius)
    n = grids.height
    picks = rng.permutation(central[: max(n // 3, 20)])
    outer = rng.permutation(central[n // 3 :])
    kinds = (
        [("market", g) for g in picks[:6]]
        + [("transit_hub", g) for g in picks[6:10]]
        + [("school", g) for g in picks[10:20]]
        + [("old_block", g) for g in picks[20:36]]
        + [("night_market", g) for g in picks[36:44]]
        + [("construction", g) for g in outer[:8]]
    )
    rows = []
    for kind, g in kinds:
        start = int(rng.integers(n_days // 4, 3 * n_days // 4)) if kind == "construction" else 0
        length = int(rng.integers(240, 480)) if kind == "construction" else n_days
        rows.append(
            {
                "kind": kind,
                "grid_index": int(g),
                "start_day": start,
                "end_day": min(start + length, n_days),
                "weight": float(rng.lognormal(0, 0.4)),
            }
        )
    return pl.DataFrame(rows)
