"""Repeat requests (重复诉求) on a hand-made set: the one rule (schema/29 repeat_requests()), the
assessment indicator it feeds, its drill-down and the months a load touches."""

import csv
from pathlib import Path

import pytest

from pipelines import profiles
from pipelines.load import load
from tests.helpers import HEADER, case
from warehouse import assessment, sql
from warehouse.db import Store

CANONICAL = Path(profiles.__file__).with_name("profiles") / "canonical.toml"


def _profile(tmp_path: Path) -> Path:
    """The canonical profile plus a raw reporter column, hashed on load (as a hotline's caller number)."""
    text = CANONICAL.read_text(encoding="utf-8").replace('name = "canonical"', 'name = "canonical-reporter"')
    path = tmp_path / "canonical-reporter.toml"
    path.write_text(text + '\n[pii]\nreporter_ref = ["reporter"]\n', encoding="utf-8")
    return path


def _r(cid: str, reported: str, reporter: str, category: str = "06010", department: str = "D1") -> dict:
    return case(cid, reported=reported, channel="hotline", category_code=category, department_code=department, reporter=reporter)


ROWS = [
    _r("R1", "2025-10-02 09:00:00", "13800000001"),  # repeated by R2 18 days later: in the numerator
    _r("R2", "2025-10-20 09:00:00", "13800000001"),  # followed to 19 Nov, no later repeat
    _r("R3", "2025-10-05 09:00:00", "13800000001", category="06020"),  # same caller, other matter: not a repeat of R1
    _r("R4", "2025-10-03 09:00:00", "13800000002"),  # its caller's next report (R5) is 38 days later: not repeated
    _r("R5", "2025-11-10 09:00:00", "13800000002"),
    _r(
        "R6", "2025-12-05 09:00:00", "13800000003", department="D9"
    ),  # the newest report: October's window (to 30 Nov) has passed, November's (to 30 Dec) has not
    _r("R7", "2025-10-04 09:00:00", "", department="D2"),  # no reporter: D2 is not scored (no_reporter)
    _r("R8", "2025-10-28 09:00:00", "13800000004", department="D3"),  # followed (October's window has passed), not repeated
]


def _write(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=[*HEADER, "reporter"])
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in [*HEADER, "reporter"]})
    return path


@pytest.fixture()
def repeats(data: Path, tmp_path: Path) -> Path:
    summary = load(data, profiles.resolve(str(_profile(tmp_path))), [_write(tmp_path / "r.csv", ROWS)])
    assert summary.inserted == len(ROWS), summary.rejected_by_reason
    assessment.assess(data, ["2025-10"])
    return data


def test_the_rule_marks_exactly_the_repeated_requests(repeats: Path):
    start, end, _ = assessment.period_bounds("2025-10")
    with Store(repeats).reader() as con:
        rows = con.sql(
            "SELECT case_id, known, followed, repeated, repeat_case_id FROM repeat_requests($s, $e, 30) ORDER BY case_id",
            params={"s": start, "e": end},
        ).fetchall()
    assert rows == [
        ("R1", True, True, True, "R2"),
        ("R2", True, True, False, None),
        ("R3", True, True, False, None),
        ("R4", True, True, False, None),
        ("R7", False, False, False, None),
        ("R8", True, True, False, None),
    ]
    start, end, _ = assessment.period_bounds("2025-11")  # its 30 days after the month have not passed
    with Store(repeats).reader() as con:
        november = con.sql(
            "SELECT case_id, followed, repeated FROM repeat_requests($s, $e, 30) ORDER BY case_id", params={"s": start, "e": end}
        ).fetchall()
    assert november == [("R5", False, False)]


def test_the_indicator_counts_followed_requests_and_says_why_it_is_missing(repeats: Path):
    with Store(repeats).reader() as con:
        got = {
            code: (n, d, v, note)
            for code, n, d, v, note in con.sql(
                "SELECT object_code, numerator, denominator, value, note FROM assessment_scores "
                "WHERE object_type = 'department' AND indicator = 'repeat_request_rate'"
            ).fetchall()
        }
    assert got["D1"] == (1, 4, 0.25, None)
    assert got["D2"] == (0, 0, None, "no_reporter")
    assert got["D3"] == (0, 1, 0.0, None)
    assert "D9" not in got  # R6 was reported in December
    assessment.assess(repeats, ["2025-11"])
    with Store(repeats).reader() as con:
        november = con.sql(
            "SELECT object_code, numerator, denominator, note FROM assessment_scores "
            "WHERE object_type = 'department' AND indicator = 'repeat_request_rate' AND period = '2025-11'"
        ).fetchall()
    assert november == [("D1", 0, 0, "follow_up_open")]  # R5's month is not judged until 30 days after it ends


def test_the_drill_down_lists_the_same_requests(repeats: Path):
    params = assessment.cases_behind_params("2025-10", "department", "D1", "repeat_request_rate", assessment.load_rubric())
    with Store(repeats).reader() as con:
        cases = sql.query(con, "pages/assessment_cases", **params)
    assert sorted(cases["case_id"].to_list()) == ["R1", "R2", "R3", "R4"]
    assert cases.filter(cases["in_numerator"]).select("case_id", "repeat_case_id").rows() == [("R1", "R2")]


def test_the_assessment_page_lists_each_repeated_request_with_its_repeat(repeats: Path, monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import sign_in

    monkeypatch.setenv("GRIDPULSE_DATA", str(repeats))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    app = sign_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60))
    app.run()
    app.switch_page("views/assessment.py").run()
    app.selectbox(key="assess_period").set_value("2025-10").run()
    app.selectbox(key="assess_object").set_value("department").run()
    app.selectbox(key="assess_pick").set_value("D1").run()
    breakdown = next(d.value for d in app.dataframe if "指标" in d.value.columns)
    row = breakdown[breakdown["指标"] == "重复诉求率"].iloc[0]
    assert (row["分子"], row["分母"], row["分值"], row["权重"]) == ("1", "4", "—", "—")  # unweighted: no score, "—" not "None"
    app.selectbox(key="assess_drill").set_value("repeat_request_rate").run()
    assert not app.exception
    listed = next(d.value for d in app.dataframe if "重复诉求单号" in d.value.columns)
    assert sorted(listed["案件编号"]) == ["R1", "R2", "R3", "R4"]
    assert listed.set_index("案件编号")["重复诉求单号"].dropna().to_dict() == {"R1": "R2"}
    drill = app.selectbox(key="assess_drill")
    other = next(o for o in drill.options if o != "重复诉求率")  # another indicator: no repeat column
    drill.select(other).run()
    assert not any("重复诉求单号" in d.value.columns for d in app.dataframe)


def test_a_load_rescores_the_months_its_requests_may_repeat(data: Path, tmp_path: Path):
    summary = load(data, profiles.resolve(str(_profile(tmp_path))), [_write(tmp_path / "r.csv", [ROWS[5]])])
    # R6 (5 Dec) may repeat a request from 5 Nov on, and it is the report by which October is judged
    assert assessment.touched_periods(data, summary.run_id) == ["2025-10", "2025-11", "2025-12", "2025-Q4", "2025"]


def test_the_window_is_a_whole_number_of_days(tmp_path: Path):
    text = (assessment.RUBRICS / "default.toml").read_text(encoding="utf-8")
    with pytest.raises(assessment.RubricError, match=r"limits.repeat_days.*whole days"):
        assessment.parse_rubric(text.replace("repeat_days = 30", "repeat_days = 2.5"), "r.toml")
    with pytest.raises(assessment.RubricError, match=r"limits.speed_hours.*unknown limit"):
        assessment.parse_rubric(text.replace("repeat_days = 30", "repeat_days = 30\nspeed_hours = 1"), "r.toml")
