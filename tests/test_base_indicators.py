"""The indicators that need the grid base data (issue 17), on hand-made registers with answers
counted by hand: patrol coverage on working days, component intactness as of the period's end,
component problem rate by class and region, discoveries per 1,000 residents; and the grid
worker's composite from the default rubric."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from tests.test_base_data import COMPONENT_HEAD, GRID, OTHER, STAFF_HEAD, city, gbk  # noqa: F401  (city: a fixture)
from warehouse import assessment
from warehouse.db import Store

COMMUNITY = GRID[:12]  # both grids lie in the first community


@pytest.fixture
def registers(city: Path, tmp_path: Path) -> Path:  # noqa: F811
    """March 2026: 22 working days (no holiday; the 1st is a Sunday).
    Worker WG1 (full time) holds GRID all month and OTHER from 16 to 20 March (5 working days);
    WG2 is part time (not counted as an assignment). Check-ins: WG1 in GRID on 2 and 3 March, WG2
    in GRID on 4 March, WG1 in OTHER on 16 March, WG1 in GRID on Saturday 7 March (not a working
    day) and on 1 April (outside the month)."""
    gbk(
        tmp_path / "staff.csv",
        [
            STAFF_HEAD,
            f"PZ1,WG1,甲,专职网格员,{GRID},2026-01-01,,",
            f"PZ2,WG1,甲,专职网格员,{OTHER},2026-03-16,2026-03-20,",
            f"PZ3,WG2,乙,兼职网格员,{GRID},2026-01-01,,",
        ],
    )
    load(city, profiles.resolve("demo-staff"), [tmp_path / "staff.csv"])
    checkins = [("WG1", "2026-03-02", GRID), ("WG1", "2026-03-03", GRID), ("WG2", "2026-03-04", GRID)]
    checkins += [("WG1", "2026-03-16", OTHER), ("WG1", "2026-03-07", GRID), ("WG1", "2026-04-01", GRID)]
    gbk(
        tmp_path / "patrols.csv",
        ["签到流水号,工号,签到时间,停留分钟,经度,纬度,网格编码"]
        + [f"XC{i},{who},{day} 09:00:00,30,,,{grid}" for i, (who, day, grid) in enumerate(checkins)],
    )
    load(city, profiles.resolve("demo-patrols"), [tmp_path / "patrols.csv"])
    # components: surveyed 1 Feb (C1 intact, C2 damaged, C3 intact, C4 removed), C1 broken on 15 April
    gbk(
        tmp_path / "s1.csv",
        [
            COMPONENT_HEAD,
            f"33012501002000001,01002,完好,区城市管理局,a,,,{GRID},2026-02-01",
            f"33012501002000002,01002,破损,区城市管理局,b,,,{GRID},2026-02-01",
            f"33012501003000001,01003,完好,区城市管理局,c,,,{OTHER},2026-02-01",
            f"33012501002000003,01002,移除,区城市管理局,d,,,{GRID},2026-02-01",
        ],
    )
    gbk(tmp_path / "s2.csv", [COMPONENT_HEAD, f"33012501002000001,01002,破损,区城市管理局,a,,,{GRID},2026-04-15"])
    load(city, profiles.resolve("demo-components"), [tmp_path / "s1.csv"])
    load(city, profiles.resolve("demo-components"), [tmp_path / "s2.csv"])
    # residents: GRID 2,000 in March (and 4,000 in April, outside the month), OTHER 500
    head = "网格编码,统计月份,户籍人口,常住人口,流动人口,户数,社区矫正人员,刑满释放人员,严重精神障碍患者,吸毒人员,重点青少年,艾滋病危险人员"
    gbk(tmp_path / "pop.csv", [head, f"{GRID},2026-03,0,2000,0,0,0,0,0,0,0,0", f"{GRID},2026-04,0,4000,0,0,0,0,0,0,0,0"])
    gbk(tmp_path / "pop2.csv", [head, f"{OTHER},2026-03,0,500,0,0,0,0,0,0,0,0"])
    load(city, profiles.resolve("demo-population"), [tmp_path / "pop.csv", tmp_path / "pop2.csv"])
    # cases in March: two about 01002 in GRID (one by an inspector), one about 01003 in OTHER (by an
    # inspector), one street-order matter 06010 in GRID (by an inspector), one in April
    rows = [
        case("K1", "2026-03-05 09:00:00", category_code="01002", grid_code=GRID),
        case("K2", "2026-03-06 09:00:00", category_code="01002", grid_code=GRID, channel="public"),
        case("K3", "2026-03-09 09:00:00", category_code="01003", grid_code=OTHER),
        case("K4", "2026-03-10 09:00:00", category_code="06010", grid_code=GRID),
        case("K5", "2026-04-02 09:00:00", category_code="01002", grid_code=GRID),
    ]
    load(city, profiles.resolve("canonical"), [write_cases(tmp_path / "cases.csv", rows)])
    return city


def values(data: Path, period: str = "2026-03") -> dict[tuple[str, str, str], tuple[float | None, float | None, float | None]]:
    with Store(data).reader() as con:
        ind = assessment.indicators(con, period, assessment.load_rubric())
    base = ind.filter(
        pl.col("indicator").is_in(["patrol_coverage", "component_intactness", "component_problem_rate", "discovery_per_1000"])
    )
    return {
        (r["object_type"], r["object_code"], r["indicator"]): (r["numerator"], r["denominator"], r["value"])
        for r in base.iter_rows(named=True)
    }


def test_base_indicators_by_hand(registers: Path):
    v = values(registers)
    # patrol coverage: GRID 3 of 22 working days (WG1 twice, WG2 once; Saturday and April not
    # counted), OTHER 1 of its 5, the community 4 of 27; WG1's own 3 of 27 (WG2's day is not theirs)
    assert v[("grid", GRID, "patrol_coverage")] == (3, 22, 3 / 22)
    assert v[("grid", OTHER, "patrol_coverage")] == (1, 5, 1 / 5)
    assert v[("community", COMMUNITY, "patrol_coverage")] == (4, 27, 4 / 27)
    workers = {k: x for k, x in v.items() if k[0] == "grid_worker" and k[2] == "patrol_coverage"}
    assert list(workers.values()) == [(3, 27, 3 / 27)]  # one full-time worker; the part-timer holds no assignment
    # intactness at the end of March: C1 still intact (broken only in April), C2 damaged, C4 removed
    assert v[("grid", GRID, "component_intactness")] == (1, 2, 0.5)
    assert v[("grid", OTHER, "component_intactness")] == (1, 1, 1.0)
    assert v[("community", COMMUNITY, "component_intactness")] == (2, 3, 2 / 3)
    # problem rate: component cases in March ÷ components in service (06010 is not a component's)
    assert v[("grid", GRID, "component_problem_rate")] == (2, 2, 1.0)
    assert v[("component_class", "01002", "component_problem_rate")] == (2, 2, 1.0)
    assert v[("component_class", "01003", "component_problem_rate")] == (1, 1, 1.0)
    # discoveries by inspectors per 1,000 residents: GRID K1 and K4 over 2,000; OTHER K3 over 500
    assert v[("grid", GRID, "discovery_per_1000")] == (2, 2.0, 1.0)
    assert v[("grid", OTHER, "discovery_per_1000")] == (1, 0.5, 2.0)
    assert v[("community", COMMUNITY, "discovery_per_1000")] == (3, 2.5, 1.2)
    # the worker answers for GRID and OTHER: 3 finds over 2,500 residents, 2 of 3 components intact
    wg = next(k[1] for k in workers)
    assert v[("grid_worker", wg, "discovery_per_1000")] == (3, 2.5, 1.2)
    assert v[("grid_worker", wg, "component_intactness")] == (2, 3, 2 / 3)


def test_a_month_before_any_survey_or_assignment_has_nothing_due(registers: Path):
    """January: WG1 assigned but no check-in (0 %, a real failure), no component surveyed yet
    (N/A, not 0 %), no residents counted (N/A)."""
    with Store(registers).reader() as con:
        ind = assessment.indicators(con, "2026-01", assessment.load_rubric())
    grid = {
        r["indicator"]: (r["value"], r["note"])
        for r in ind.filter((pl.col("object_type") == "grid") & (pl.col("object_code") == GRID)).iter_rows(named=True)
    }
    assert grid["patrol_coverage"] == (0.0, None)
    assert grid["component_intactness"] == (None, "nothing_due")
    assert grid["discovery_per_1000"] == (None, "nothing_due")


def test_a_city_without_base_data_gets_no_base_indicators(city: Path, tmp_path: Path):  # noqa: F811
    """A case-only city's assessment is as it was: no page of N/A rows for registers it never loaded."""
    load(city, profiles.resolve("canonical"), [write_cases(tmp_path / "c.csv", [case("K1", "2026-03-05 09:00:00", grid_code=GRID)])])
    with Store(city).reader() as con:
        ind = assessment.indicators(con, "2026-03", assessment.load_rubric())
    assert ind.filter(pl.col("indicator").is_in(["patrol_coverage", "component_intactness", "discovery_per_1000"])).height == 0


def test_the_grid_worker_is_scored_by_the_default_rubric(registers: Path):
    """50 % patrol coverage, 20 % intactness, 30 % finds per 1,000 residents against the median
    worker (the only one here: ratio 1.0 → 90 points)."""
    with Store(registers).reader() as con:
        scores = assessment.compute(con, ["2026-03"], assessment.load_rubric(), 0)
    worker = scores.filter(pl.col("object_type") == "grid_worker")
    assert dict(zip(worker["indicator"], worker["score"], strict=True)) == pytest.approx(
        {"patrol_coverage": 100 * 3 / 27, "component_intactness": 100 * 2 / 3, "discovery_per_1000": 90}
    )
    assert worker["composite"].unique().to_list() == pytest.approx([0.5 * 100 * 3 / 27 + 0.2 * 100 * 2 / 3 + 0.3 * 90])
