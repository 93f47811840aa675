"""Assessment indicators on hand-computed fixtures, rubric validation, and scores."""

from pathlib import Path

import pytest

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from warehouse import assessment, labels
from warehouse.db import Store
from warehouse.settings import settings

OCT = "2025-10"


def _c(cid, due, status="closed", registered="2025-10-08 09:00:00", disposed="", closed="", **kw):
    return case(
        cid,
        reported="2025-09-01 09:00:00" if registered.startswith("2025-09") else "2025-10-01 09:00:00",
        updated="2025-11-05 09:00:00",
        registered_at=registered,
        dispatched_at=registered,
        due_at=due,
        disposed_at=disposed,
        closed_at=closed,
        status=status,
        department_code="D1",
        **kw,
    )


CASES = [
    _c("C1", "2025-10-10 12:00:00", disposed="2025-10-10 10:00:00", closed="2025-10-10 11:00:00"),  # on time
    _c("C2", "2025-10-15 12:00:00", registered="2025-10-09 09:00:00", disposed="2025-10-16 09:00:00", closed="2025-10-17 09:00:00"),  # late
    _c("C3", "2025-10-20 12:00:00", status="disposing", registered="2025-10-10 09:00:00"),  # open and overdue at the end
    _c("C4", "2025-10-25 12:00:00", status="suspended", registered="2025-10-11 09:00:00"),  # suspended: left out
    _c("C5", "2025-10-26 12:00:00", status="cancelled", registered=""),  # cancelled, never registered: left out
    _c(
        "C6",
        "2025-10-05 12:00:00",
        registered="2025-09-28 09:00:00",
        disposed="2025-10-02 09:00:00",
        closed="2025-10-03 09:00:00",
        rework_count="1",
    ),  # registered in September, due and closed in October, reworked
    _c("C7", "2025-10-30 12:00:00", registered="2025-10-20 09:00:00", disposed="2025-10-31 09:00:00", closed="2025-11-02 09:00:00"),
    _c(
        "C8",
        "2025-10-12 12:00:00",
        registered="2025-10-09 09:00:00",
        disposed="2025-10-11 08:00:00",
        closed="2025-10-11 09:00:00",
        extension_count="1",
    ),
]


@pytest.fixture()
def scored(data: Path, tmp_path: Path):
    load(data, profiles.resolve("canonical"), [write_cases(tmp_path / "a.csv", CASES)])
    assessment.assess(data, [OCT])
    with Store(data).reader() as con:
        rows = con.sql("SELECT * FROM assessment_scores WHERE object_type = 'department' AND object_code = 'D1'").pl()
    return {r["indicator"]: r for r in rows.iter_rows(named=True)}


def test_department_indicators_match_the_hand_count(scored):
    def nd(name):
        return scored[name]["numerator"], scored[name]["denominator"]

    # due in October: C1 C2 C3 C6 C7 C8 (C4 suspended, C5 cancelled)
    assert nd("closure_rate") == (4, 6)  # C7 closed on 2 Nov, after the period
    assert nd("on_time_closure_rate") == (3, 6)
    assert nd("disposal_rate") == (5, 6)
    assert nd("on_time_disposal_rate") == (3, 6)
    assert nd("overdue_disposal_rate") == (3, 6)
    assert nd("rework_rate") == (1, 6)
    assert nd("extension_rate") == (1, 6)
    assert scored["registered_count"]["value"] == 6  # C6 was registered in September; C4 counts


def test_scores_composite_grade(scored):
    # Rubric 2026.2: a department's volume is not scored (registered count 6 is kept, unweighted);
    # closure 4/6 → 66.67 (weight 35); on-time disposal 0.5 → 50 (35); rework 1/6 → 83.33 (30).
    # Composite (66.67×35 + 50×35 + 83.33×30)/100 = 65.83.
    assert scored["registered_count"]["value"] == 6 and scored["registered_count"]["score"] is None
    assert scored["closure_rate"]["score"] == pytest.approx(200 / 3)
    assert scored["rework_rate"]["score"] == pytest.approx(250 / 3)
    assert scored["closure_rate"]["composite"] == pytest.approx((200 / 3 * 35 + 50 * 35 + 250 / 3 * 30) / 100)
    assert scored["closure_rate"]["grade"] == "C" and scored["closure_rate"]["rank"] == 1
    assert scored["closure_rate"]["rubric_version"] == "2026.2"


def test_relative_volume_steps_measure_a_region_against_its_peers():
    """Relative steps: a street with the median volume of the streets scores 90, one with 1.5 ×
    the median 100, one with a fifth of it 0 — whatever the city's absolute volumes."""
    import polars as pl

    rubric = assessment.load_rubric()
    assert "registered_count" in rubric.relative
    rows = [("S1", 100.0), ("S2", 150.0), ("S3", 20.0)]
    ind = pl.DataFrame(
        {
            "period": ["2025-03"] * 3,
            "object_type": ["street"] * 3,
            "object_code": [c for c, _ in rows],
            "indicator": ["registered_count"] * 3,
            "numerator": [v for _, v in rows],
            "denominator": [None] * 3,
            "value": [v for _, v in rows],
            "note": [None] * 3,
        },
        schema_overrides={"denominator": pl.Float64, "note": pl.String},
    )
    out = assessment.score(ind, rubric, 1)
    assert dict(zip(out["object_code"], out["score"], strict=True)) == {"S1": 90.0, "S2": 100.0, "S3": 0.0}


def test_rubric_mistakes_name_the_key(tmp_path: Path):
    bad = tmp_path / "r.toml"
    bad.write_text(
        'version = "x"\n[grades]\nA = 90\n[object.department]\nindicators = [{ id = "closure_rate", weight = 60 }, { id = "speed", weight = 40 }]\n',
        encoding="utf-8",
    )
    with pytest.raises(assessment.RubricError, match=r"object.department.indicators\[1\].id.*unknown indicator 'speed'"):
        assessment.load_rubric(bad)
    bad.write_text(
        'version = "x"\n[grades]\nA = 90\n[object.department]\nindicators = [{ id = "closure_rate", weight = 60 }]\n', encoding="utf-8"
    )
    with pytest.raises(assessment.RubricError, match="weights sum to 60, not 100"):
        assessment.load_rubric(bad)


def test_periods_and_previous():
    assert assessment.period_bounds("2025-Q4")[2] == 3
    assert [assessment.previous_period(p) for p in ("2025-01", "2025-Q1", "2025")] == ["2024-12", "2024-Q4", "2024"]
    with pytest.raises(ValueError, match="use YYYY-MM"):
        assessment.period_bounds("2025/10")


def test_annual_report_pdf_renders_and_reads_back_in_chinese(loaded_city: Path, tmp_path: Path):
    import shutil
    import subprocess

    from warehouse import report

    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftoppm, pdftotext) missing here; .ci/run installs them")
    with Store(loaded_city).reader() as con:
        year = int(con.sql("SELECT max(period) FROM assessment_scores WHERE length(period) = 4").fetchone()[0])
        dept_top = con.execute(
            "SELECT d.department_name FROM assessment_scores s JOIN departments d ON d.department_code = s.object_code "
            "WHERE s.period = ? AND s.object_type = 'department' AND s.rank = 1 LIMIT 1",
            [str(year)],
        ).fetchone()[0]
    pdf = report.write(loaded_city, year, "pdf", tmp_path / "r.pdf", number=12)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3 and all(p.stat().st_size > 2000 for p in pages)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    # an office's document: issuing unit and number from the configuration, page N of M
    assert text.startswith("临江区城市运行管理服务中心\n临城运〔" + str(year) + "〕12号")
    assert f"{year}年度网格化管理考核报告" in text
    assert all(f"第 {i} 页 共 {len(pages)} 页" in text for i in range(1, len(pages) + 1))
    assert "责任部门综合排名" in text and "附录：方法说明" in text and "按期结案率" in text and "上期得分" in text
    assert f"{year - 1} 年" in text  # the year beside the year before (or a line saying there is none)
    assert dept_top in text
    # no internal references: no file names, section marks or snapshot numbers
    assert "DOMAIN" not in text and "§" not in text and "快照" not in text


def test_annual_report_xlsx_sheets(loaded_city: Path, tmp_path: Path):
    import openpyxl

    from warehouse import report

    with Store(loaded_city).reader() as con:
        year = int(con.sql("SELECT max(period) FROM assessment_scores WHERE length(period) = 4").fetchone()[0])
        n_depts = con.execute(
            "SELECT count(DISTINCT object_code) FROM assessment_scores WHERE period = ? AND object_type = 'department'", [str(year)]
        ).fetchone()[0]
    wb = openpyxl.load_workbook(report.write(loaded_city, year, "xlsx", tmp_path / "r.xlsx"), read_only=True)
    assert {"概要", "责任部门", "街道", "指标明细", "方法说明"} <= set(wb.sheetnames)
    assert wb["责任部门"].max_row == n_depts + 1
    # headers and coded values a reader understands: labels, never ids (warehouse/labels.py)
    rows = list(wb["指标明细"].iter_rows(values_only=True))
    assert rows[0][:5] == ("对象类型", "对象编码", "名称", "考核期", "指标")
    assert {r[0] for r in rows[1:]} <= set(labels.chinese("object_type").values())
    assert "按期结案率" in {r[4] for r in rows[1:]} and not {r[4] for r in rows[1:]} & set(labels.LABELS["indicator"])
    # names beside codes, grids named too; rates formatted as percentages
    assert all(r[2] for r in rows[1:] if r[0] in ("责任部门", "街道", "社区", "单元网格"))
    depts = wb["责任部门"]
    head = [c.value for c in next(depts.iter_rows(max_row=1))]
    assert head[:7] == ["排名", "名称", "编码", "综合得分", "上期得分", "变化", "等级"]
    first = next(depts.iter_rows(min_row=2, max_row=2))
    assert first[head.index("按期处置率")].number_format == "0.0%" and first[1].value
    grids = list(wb["单元网格"].iter_rows(min_row=2, values_only=True))
    assert grids and all(r[1] for r in grids)  # 单元网格 names filled
    if "后三位未按期案件" in wb.sheetnames:
        late = list(wb["后三位未按期案件"].iter_rows(values_only=True))
        assert late[0][:3] == ("案件编号", "问题类别", "状态")
        assert {r[2] for r in late[1:]} <= set(labels.chinese("status").values())


def _post(cid, channel, **kw):
    return case(cid, reported=kw.pop("reported", "2025-03-03 08:50:00"), channel=channel, updated="2025-03-20 09:00:00", **kw)


def test_post_indicators_match_the_hand_count(loaded_city: Path, data: Path, tmp_path: Path):
    """Monday 3 March 2025, working windows 08:30-12:00 and 13:30-17:30; limits from the rubric:
    verify dispatch 0.5 h, verify 1 h, register 1 h, dispatch 1 h, check dispatch 0.5 h, check 2 h,
    close after check 1 h."""
    load(data, profiles.resolve("demo-grids"), [loaded_city / "raw" / "demo" / "grids.geojson"])
    with Store(data).reader() as con:
        community = con.sql("SELECT min(community_code) FROM grids").fetchone()[0]
    staff = {"inspector_ref": "I1", "operator_ref": "O1", "dispatcher_ref": "D1", "shift_leader_ref": "L1", "community_code": community}
    rows = [
        # everything on time: verify dispatch 0.33 h, verify 0.67 h, register 0.5 h, dispatch 0.25 h,
        # check dispatch 0.33 h, check 0.67 h, close 0.5 h
        _post(
            "P1",
            "public",
            accepted_at="2025-03-03 09:00:00",
            verify_dispatched_at="2025-03-03 09:20:00",
            verified_at="2025-03-03 10:00:00",
            registered_at="2025-03-03 10:30:00",
            dispatched_at="2025-03-03 10:45:00",
            disposed_at="2025-03-03 14:00:00",
            check_dispatched_at="2025-03-03 14:20:00",
            checked_at="2025-03-03 15:00:00",
            closed_at="2025-03-03 15:30:00",
            satisfaction="5",
            status="closed",
            **staff,
        ),
        # late everywhere except registration (11:30 → 14:00 is exactly 1 working hour) and the
        # check (11:00 → 14:00 is 1.5 working hours); returned once by the department
        _post(
            "P2",
            "hotline",
            accepted_at="2025-03-03 09:00:00",
            verify_dispatched_at="2025-03-03 10:00:00",
            verified_at="2025-03-03 11:30:00",
            registered_at="2025-03-03 14:00:00",
            dispatched_at="2025-03-03 16:00:00",
            disposed_at="2025-03-04 10:00:00",
            check_dispatched_at="2025-03-04 11:00:00",
            checked_at="2025-03-04 14:00:00",
            closed_at="2025-03-04 16:00:00",
            status="closed",
            return_count="1",
            satisfaction="2",
            **staff,
        ),
        # an inspector's own reports: one registered (0.5 h after acceptance), one cancelled
        _post(
            "P3",
            "inspector",
            accepted_at="2025-03-03 09:00:00",
            registered_at="2025-03-03 09:30:00",
            dispatched_at="2025-03-03 09:40:00",
            status="dispatched",
            **{**staff, "operator_ref": "O2", "shift_leader_ref": "L2"},
        ),
        _post(
            "P4",
            "inspector",
            accepted_at="2025-03-03 11:00:00",
            status="cancelled",
            **{**staff, "operator_ref": "O2", "shift_leader_ref": ""},
        ),
    ]
    load(data, profiles.resolve("canonical"), [write_cases(tmp_path / "p.csv", rows)])
    assessment.assess(data, ["2025-03"])
    with Store(data).reader() as con:
        got = {
            (o, c, i): (n, d)
            for o, c, i, n, d in con.sql(
                "SELECT object_type, object_code, indicator, numerator, denominator FROM assessment_scores "
                "WHERE object_type IN ('inspector', 'call_taker', 'shift_leader', 'dispatcher', 'community')"
            ).fetchall()
        }
    assert got[("inspector", "I1", "valid_report_rate")] == (1, 2)
    assert got[("inspector", "I1", "on_time_verify_rate")] == (1, 2)
    assert got[("inspector", "I1", "on_time_check_rate")] == (2, 2)
    assert got[("inspector", "I1", "miss_rate")] == (2, 3)  # P1, P2 reported by others of P1-P3 registered
    assert got[("call_taker", "O1", "accepted_count")] == (2, None)
    assert got[("call_taker", "O1", "on_time_verify_dispatch_rate")] == (1, 2)
    assert got[("call_taker", "O1", "on_time_check_dispatch_rate")] == (1, 2)
    assert got[("call_taker", "O2", "accepted_count")] == (2, None)
    assert got[("shift_leader", "L1", "on_time_register_rate")] == (2, 2)
    assert got[("shift_leader", "L1", "accurate_register_rate")] == (2, 2)
    assert got[("shift_leader", "L1", "on_time_closure_rate")] == (1, 2)
    assert got[("shift_leader", "L2", "on_time_register_rate")] == (1, 1)
    assert got[("dispatcher", "D1", "dispatched_count")] == (3, None)
    assert got[("dispatcher", "D1", "on_time_dispatch_rate")] == (2, 3)
    assert got[("dispatcher", "D1", "accurate_dispatch_rate")] == (2, 3)
    # the community: 暴露垃圾 06010 has 4 working hours, so derived deadlines are P1 3 Mar 16:15
    # (10:45-12:00 + 13:30-16:15), P2 4 Mar 11:00 (16:00-17:30 + 08:30-11:00), P3 3 Mar 15:10.
    # Disposal took P1 1.75 h (10:45-12:00, 13:30-14:00) and P2 3.0 h (16:00-17:30, 08:30-10:00).
    assert got[("community", community, "public_report_rate")] == (2, 4)
    assert got[("community", community, "on_time_disposal_rate")] == (2, 3)
    assert got[("community", community, "mean_disposal_hours")] == (4.75, 2)
    assert got[("community", community, "satisfaction_rate")] == (1, 2)
    with Store(data).reader() as con:
        median = con.execute(
            "SELECT value FROM assessment_scores WHERE object_type = 'community' AND indicator = 'median_disposal_hours' AND object_code = ?",
            [community],
        ).fetchone()[0]
    assert median == pytest.approx(2.375)


def test_every_indicator_drills_down_to_exactly_its_cases(loaded_city: Path):
    """For one object of every type, each stored numerator and denominator equals the number of
    cases the drill-down lists (hour indicators: the cases with a disposal time; base-data
    indicators: the grid-days or components of a rate, the cases of a per-unit measure)."""
    from warehouse import sql

    with Store(loaded_city).reader() as con:
        period = con.sql("SELECT max(period) FROM assessment_scores WHERE length(period) = 7").fetchone()[0]
        start, end, _ = assessment.period_bounds(period)
        picks = con.execute(
            "SELECT object_type, max(object_code) FROM assessment_scores WHERE period = ? AND denominator > 0 GROUP BY 1", [period]
        ).fetchall()
        assert {t for t, _ in picks} == set(assessment.OBJECT_TYPES)
        checked = 0
        for object_type, code in picks:
            rows = con.execute(
                "SELECT indicator, numerator, denominator FROM assessment_scores WHERE period = ? AND object_type = ? AND object_code = ?",
                [period, object_type, code],
            ).fetchall()
            for indicator, num, den in rows:
                if indicator in assessment.BASE_INDICATORS:  # grid-days, components or cases
                    units = assessment.units_behind(con, period, object_type, code, indicator, settings(loaded_city).worktime)
                    if indicator in ("patrol_coverage", "component_intactness"):
                        assert (units["in_numerator"].sum(), units.height) == (num, den), (object_type, code, indicator)
                    else:
                        assert units.height == num and units["in_numerator"].all(), (object_type, code, indicator)
                    checked += 1
                    continue
                cases = sql.query(
                    con,
                    "pages/assessment_cases",
                    start=start,
                    end=end,
                    object_type=object_type,
                    object_code=code,
                    indicator=indicator,
                    **assessment.LIMIT_DEFAULTS,
                )
                if indicator.endswith("_hours"):
                    assert cases.height == (den or 0), (object_type, indicator)
                elif indicator.endswith("_count"):
                    assert cases.height == num and cases["in_numerator"].all(), (object_type, indicator)
                else:
                    assert (cases["in_numerator"].sum(), cases.height) == (num, den), (object_type, code, indicator)
                checked += 1
    assert checked >= 40
