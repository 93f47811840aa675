"""Only periods the data covers are scored, and a partial one says so (issue 14): a month with
cases due but no report in it is not scored; a month the data starts or ends inside is stored
as partial, listed by warehouse assess --json, labelled on the page, which opens on the newest
complete period; the coverage is shown beside the scores and in the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from orchestration.cli import warehouse as warehouse_cli
from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, sign_in, write_cases
from warehouse.db import Store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _case(cid: str, reported: str, due: str, closed: str) -> dict:
    return case(cid, reported=reported, registered_at=reported, due_at=due, closed_at=closed, department_code="D1", updated=closed)


@pytest.fixture()
def city(data: Path, tmp_path: Path) -> Path:
    rows = [
        _case("F1", "2025-02-01 09:00:00", "2025-02-05 09:00:00", "2025-02-04 09:00:00"),  # February, on time
        _case("F2", "2025-02-20 09:00:00", "2025-02-25 09:00:00", "2025-02-27 09:00:00"),  # February, late
        _case("M1", "2025-03-10 09:00:00", "2025-03-14 09:00:00", "2025-03-13 09:00:00"),  # March: data ends 15 March
        _case("M2", "2025-03-15 09:00:00", "2025-04-20 09:00:00", "2025-03-15 10:00:00"),  # due in April: no April data
    ]
    load(data, profiles.resolve("canonical"), [write_cases(tmp_path / "cases.csv", rows)])
    return data


def test_uncovered_periods_are_not_scored_and_partial_ones_are_marked(city: Path, capsys):
    assert warehouse_cli.main(["assess", "--json", "--data", str(city)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "2025-04" not in out["periods"] and "2025-Q2" not in out["periods"]  # no report in them
    assert set(out["periods"]) == {"2025-02", "2025-03", "2025-Q1", "2025"}
    assert out["partial"] == ["2025", "2025-03", "2025-Q1"]  # the data ends on 15 March
    with Store(city).reader() as con:
        feb = con.sql(
            "SELECT complete, days_with_data, days_in_period, due_cases FROM assessment_coverage WHERE period = '2025-02'"
        ).fetchone()
    assert feb == (True, 2, 28, 2)


def test_the_page_opens_on_the_newest_complete_period(city: Path, monkeypatch: pytest.MonkeyPatch):
    assert warehouse_cli.main(["assess", "--data", str(city)]) == 0
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    at = sign_in(AppTest.from_file(APP, default_timeout=120))
    at.run()
    at.switch_page("views/assessment.py").run()
    assert not at.exception
    chooser = at.selectbox(key="assess_period")
    assert chooser.value == "2025-02"
    assert "2025-03（数据不完整）" in chooser.options and "2025-02" in chooser.options
    assert any("本期数据覆盖：2/28 天有上报；到期案件 2 件" in c.value for c in at.caption)
    chooser.set_value("2025-03").run()
    assert any("2025-03 的数据不完整" in w.value for w in at.warning)


def test_the_report_states_the_coverage(city: Path, tmp_path: Path):
    import openpyxl

    from warehouse import report

    assert warehouse_cli.main(["assess", "--data", str(city)]) == 0
    wb = openpyxl.load_workbook(report.write(city, 2025, "xlsx", tmp_path / "r.xlsx"), read_only=True)
    summary = {r[0]: r[1] for r in wb["概要"].iter_rows(values_only=True)}
    assert summary["数据覆盖"].startswith("数据覆盖：全年 365 天中 4 天有上报；到期案件 4 件")
    assert "本年度数据不完整" in summary["数据覆盖"]


def test_the_first_load_scores_the_periods_it_covers(data: Path, tmp_path: Path):
    """A new user's first `pipelines load` scores what it brought (no separate assess needed);
    a month of deadlines after the data ends is left unscored."""
    from orchestration import flows

    rows = [
        _case("F1", "2025-02-01 09:00:00", "2025-02-05 09:00:00", "2025-02-04 09:00:00"),
        _case("M2", "2025-03-15 09:00:00", "2025-04-20 09:00:00", "2025-03-15 10:00:00"),
    ]
    outcome = flows.load_files(data, profiles.resolve("canonical"), [write_cases(tmp_path / "c.csv", rows)], actor="test")
    assert outcome.assessed == ["2025-02", "2025-Q1", "2025"]  # April is due but has no report in it
    with Store(data).reader() as con:
        assert con.sql("SELECT DISTINCT period FROM assessment_scores ORDER BY 1").fetchall() == [("2025",), ("2025-02",), ("2025-Q1",)]


def test_the_report_overview_counts_every_due_case_as_the_coverage_does(city: Path, tmp_path: Path):
    """The PDF's overview and its coverage line name one due count — the district's own, by the
    one on-time rule — even where no case is located in a street (these four have no point: the
    overview summed the streets and said nothing)."""
    import shutil
    import subprocess

    from warehouse import report

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) missing here; .ci/run installs them")
    assert warehouse_cli.main(["assess", "--data", str(city)]) == 0
    pdf = report.write(city, 2025, "pdf", tmp_path / "r.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())
    with Store(city).reader() as con:
        due, closed, on_time = con.sql(
            "SELECT count(*), count(*) FILTER (WHERE closed), count(*) FILTER (WHERE closed_on_time)"
            " FROM due_in_period(TIMESTAMP '2025-01-01', TIMESTAMP '2026-01-01')"
        ).fetchone()
    assert (due, closed, on_time) == (4, 4, 3)
    assert f"全年到期案件 {due:,} 件，已结案 {closed:,} 件" in text and f"按期结案 {on_time:,} 件" in text
    assert f"到期案件 {due:,} 件" in text.split("数据覆盖")[1]
