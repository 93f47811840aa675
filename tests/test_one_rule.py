"""One on-time rule (DOMAIN.md §3-4), one set of figures: the same month and the same unit put
through the wall's, the explorer's and the assessment's data functions and the drill-down give
the same numerator and denominator, and those equal a hand count from cases by the rule's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import data
from dashboard import data as data_module
from dashboard.filters import Filters
from warehouse import assessment
from warehouse.db import Store

# The rule in the words of DOMAIN.md §4, straight from cases: due in [start, end) = registered,
# not cancelled, not suspended, due_at in the period; closed on time = closed_at <= due_at.
HAND_COUNT = """
SELECT count(*) FILTER (WHERE closed_at <= due_at) AS closed_on_time, count(*) AS due
FROM cases
WHERE registered_at IS NOT NULL AND status NOT IN ('cancelled', 'suspended')
  AND due_at >= $start AND due_at < $end AND {column} = $code
"""


@pytest.fixture()
def month(loaded_city: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """The last complete month of the small city with the department and the street that had the
    most cases due in it."""
    monkeypatch.setenv("GRIDPULSE_DATA", str(loaded_city))
    with Store(loaded_city).reader() as con:
        newest = con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]
        start = (newest.replace(day=1) - dt.timedelta(days=1)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        due_where = "WHERE registered_at IS NOT NULL AND status NOT IN ('cancelled', 'suspended') AND due_at >= $1 AND due_at < $2"
        department = con.execute(f"SELECT mode(department_code) FROM cases {due_where}", [start, end]).fetchone()[0]
        street = con.execute(f"SELECT mode(street_code) FROM cases {due_where}", [start, end]).fetchone()[0]

        def hand(column: str, code: str) -> tuple[int, int]:
            return con.execute(HAND_COUNT.format(column=column), {"start": start, "end": end, "code": code}).fetchone()

        expected = {"department": hand("department_code", department), "street": hand("street_code", street)}
        district = con.execute(
            "SELECT count(*) FILTER (WHERE closed_at <= due_at), count(*) FROM cases WHERE registered_at IS NOT NULL"
            " AND status NOT IN ('cancelled', 'suspended') AND due_at >= $1 AND due_at < $2",
            [start, end],
        ).fetchone()
    return {
        "period": start.strftime("%Y-%m"),
        "start": start,
        "end": end,
        "newest": newest,
        "codes": {"department": department, "street": street},
        "expected": expected,
        "district": district,
        "snapshot": data.current_snapshot(),
    }


def _assessment(month: dict, object_type: str) -> tuple[int, int]:
    scores = data.assessment_scores(month["snapshot"], month["period"], object_type)
    row = scores.filter((scores["object_code"] == month["codes"][object_type]) & (scores["indicator"] == "on_time_closure_rate")).row(
        0, named=True
    )
    return int(row["numerator"]), int(row["denominator"])


def _drill_down(month: dict, object_type: str) -> tuple[int, int]:
    cases = data.assessment_cases(month["snapshot"], month["period"], object_type, month["codes"][object_type], "on_time_closure_rate")
    return int(cases["in_numerator"].sum()), cases.height


def _explorer(month: dict, **restriction: object) -> tuple[int, int]:
    filters = Filters(month["start"].date(), (month["end"] - dt.timedelta(days=1)).date(), **restriction)
    summary = data.explorer_bundle(month["snapshot"], filters, month["newest"], "day", "department", 10)["summary"]
    return summary["closed_on_time"], summary["due"]


def _wall(month: dict) -> dict:
    """The wall as it stood at the last instant of the month (its month to date is the month)."""
    return data.wall_bundle(month["snapshot"], month["end"] - dt.timedelta(microseconds=1))


def test_the_hand_count_has_something_to_compare(month: dict):
    for object_type in ("department", "street"):
        on_time, due = month["expected"][object_type]
        assert due > 20 and 0 < on_time < due, (object_type, on_time, due)


def test_a_department_has_one_on_time_rate_on_every_page(month: dict):
    expected = month["expected"]["department"]
    department = month["codes"]["department"]
    assert _assessment(month, "department") == expected
    assert _drill_down(month, "department") == expected
    assert _explorer(month, departments=(department,)) == expected
    ranking = _wall(month)["departments"]
    row = ranking.filter(ranking["department_code"] == department).row(0, named=True)
    assert (row["closed_on_time"], row["due_cases"]) == expected
    assert row["closed_late"] + row["open_overdue"] == expected[1] - expected[0]


def test_a_street_has_one_on_time_rate_on_every_page(month: dict):
    expected = month["expected"]["street"]
    assert _assessment(month, "street") == expected
    assert _drill_down(month, "street") == expected
    assert _explorer(month, street=month["codes"]["street"]) == expected
    ranking = _wall(month)["streets"]
    row = ranking.filter(ranking["street_code"] == month["codes"]["street"]).row(0, named=True)
    assert (row["closed_on_time"], row["due_cases"]) == expected


def test_the_wall_ranks_every_street_of_the_register(month: dict, loaded_city: Path):
    """All streets, best first; a street with nothing due in the month is listed without a rate
    (last), not left off and not shown as 0 %."""
    ranking = _wall(month)["streets"]
    with Store(loaded_city).reader() as con:
        streets = {r[0] for r in con.sql("SELECT DISTINCT street_code FROM grids WHERE street_code IS NOT NULL").fetchall()}
    assert set(ranking["street_code"]) == streets and ranking.height == len(streets)
    rates = [r for r in ranking["on_time_rate"].to_list() if r is not None]
    assert rates == sorted(rates, reverse=True) and ranking["on_time_rate"].to_list()[: len(rates)] == rates


def test_the_district_on_the_wall_equals_the_explorer(month: dict):
    kpis = _wall(month)["kpis"]
    assert (kpis["closed_on_time"], kpis["on_time_base"]) == month["district"]
    assert _explorer(month) == month["district"]


def test_freshly_computed_indicators_equal_the_stored_ones(month: dict, loaded_city: Path):
    with Store(loaded_city).reader() as con:
        ind = assessment.indicators(con, month["period"], assessment.load_rubric())
    for object_type in ("department", "street"):
        row = ind.filter(
            (ind["object_type"] == object_type)
            & (ind["object_code"] == month["codes"][object_type])
            & (ind["indicator"] == "on_time_closure_rate")
        ).row(0, named=True)
        assert (int(row["numerator"]), int(row["denominator"])) == month["expected"][object_type]


def test_a_real_export_agrees_on_every_page_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same check on data that is not ours: the Baltimore 311 excerpt (no departments
    register, no grids), August 2018, the Solid Waste agency. The known answer is counted with
    pandas from the raw CSV, by DOMAIN.md §4's words: due in the month, not a duplicate
    (cancelled), closed on or before the due date."""
    import pandas as pd

    from orchestration import flows
    from pipelines import profiles
    from tests.conftest import FIXTURES

    city = tmp_path / "baltimore"
    city.mkdir()
    csv = FIXTURES / "baltimore311_excerpt.csv"
    flows.load_files(city, profiles.resolve("baltimore-311"), [csv], actor="test")
    flows.refresh_scores(city, ["2018-08"], None, actor="test")  # a first load scores nothing yet
    raw = pd.read_csv(csv, dtype=str)
    for col in ("DueDate", "CloseDate"):
        raw[col] = pd.to_datetime(raw[col], format="%m/%d/%Y %I:%M:%S %p")
    due = raw[(raw["DueDate"] >= "2018-08-01") & (raw["DueDate"] < "2018-09-01") & (raw["SRStatus"] != "Closed (Duplicate)")]
    agency = due[due["Agency"] == "Solid Waste"]
    expected = (int((agency["CloseDate"] <= agency["DueDate"]).sum()), len(agency))
    assert expected == (6, 7)  # one late request: a rate someone can act on
    district = (int((due["CloseDate"] <= due["DueDate"]).sum()), len(due))

    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    month = {
        "period": "2018-08",
        "start": dt.datetime(2018, 8, 1),
        "end": dt.datetime(2018, 9, 1),
        "newest": dt.datetime(2019, 3, 1),
        "codes": {"department": "Solid Waste"},
        "snapshot": data.current_snapshot(),
    }
    assert _assessment(month, "department") == expected
    assert _drill_down(month, "department") == expected
    assert _explorer(month, departments=("Solid Waste",)) == expected
    wall = _wall(month)
    row = wall["departments"].filter(wall["departments"]["department_code"] == "Solid Waste").row(0, named=True)
    assert (row["closed_on_time"], row["due_cases"]) == expected
    assert (wall["kpis"]["closed_on_time"], wall["kpis"]["on_time_base"]) == district == _explorer(month)


CITYSCORE_HAND = """
SELECT count(*) AS due, count(*) FILTER (WHERE closed_at <= due_at) AS closed_on_time,
       count(*) FILTER (WHERE disposed_at <= due_at) AS disposed_on_time,
       count(*) FILTER (WHERE rework_count > 0) AS reworked
FROM cases
WHERE registered_at IS NOT NULL AND status NOT IN ('cancelled', 'suspended') AND due_at >= $start AND due_at <= $now
"""


def test_the_wall_cityscore_windows_equal_a_hand_count(month: dict, loaded_city: Path):
    """Each window's figures behind the overall score, counted from cases by the rule's words:
    due in [now − 30 days, now], closed (disposed) by its deadline, reworked; hotline surveys
    answered 4–5 of those closed in the window. The demo records disposal and rework, so every
    due case counts for them."""
    now = month["end"] - dt.timedelta(microseconds=1)
    windows = {r["period"]: r for r in _wall(month)["cityscore"].to_dicts()}
    assert list(windows) == ["day", "week", "month", "quarter"]
    with Store(loaded_city).reader() as con:
        for period, days in (("week", 7), ("month", 30), ("quarter", 90)):
            start = now - dt.timedelta(days=days)
            due, on_time, disposed, reworked = con.execute(CITYSCORE_HAND, {"start": start, "now": now}).fetchone()
            surveyed, satisfied = con.execute(
                "SELECT count(satisfaction), count(*) FILTER (WHERE satisfaction >= 4) FROM cases"
                " WHERE channel = 'hotline' AND closed_at >= $1 AND closed_at <= $2",
                [start, now],
            ).fetchone()
            row = windows[period]
            assert due > 0 and surveyed > 0, period
            assert (row["due"], row["closed_on_time"], row["disposed_on_time"], row["reworked"]) == (due, on_time, disposed, reworked)
            assert (row["disposal_due"], row["rework_due"]) == (due, due)
            assert (row["surveyed"], row["satisfied"]) == (surveyed, satisfied)
    assert windows["week"]["due"] <= windows["month"]["due"] <= windows["quarter"]["due"]


def test_the_wall_pins_the_open_urgent_cases(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The pins are the open, not suspended cases of categories with a limit of two working
    hours or less (供水井盖异常 01001: 2 h), placed, reported by now; the most overdue first."""
    from pipelines import profiles
    from pipelines.load import load
    from tests.helpers import case, write_cases

    at = {"lon": "120.2", "lat": "30.25"}
    rows = [
        case("U1", "2025-03-03 09:00:00", category_code="01001", status="dispatched", dispatched_at="2025-03-03 09:00:00", **at),
        case("U2", "2025-03-03 10:00:00", category_code="01001", status="disposing", dispatched_at="2025-03-03 11:30:00", **at),
        case("U3", "2025-03-03 09:00:00", category_code="01001", status="closed", closed_at="2025-03-03 10:00:00", **at),
        case("U4", "2025-03-03 09:00:00", category_code="01001", status="suspended", **at),  # put aside
        case("U5", "2025-03-03 09:00:00", category_code="06010", status="dispatched", **at),  # 暴露垃圾: 4 h, not urgent
        case("U6", "2025-03-03 09:00:00", category_code="01001", status="dispatched"),  # no position: cannot be pinned
        case("U7", "2025-03-03 13:00:00", category_code="01001", status="dispatched", **at),  # reported after now
    ]
    load(data, profiles.resolve("canonical"), [write_cases(tmp_path / "u.csv", rows)])
    monkeypatch.setenv("GRIDPULSE_DATA", str(data))
    now = dt.datetime(2025, 3, 3, 12, 30)
    name, params = data_module.wall_jobs(now)["urgent"]
    pins = data_module._query(data_module.current_snapshot(), name, **params)
    assert pins["case_id"].to_list() == ["U1", "U2"]
    # U1 was due at 11:00 (two working hours from 09:00); U2's two hours run into the afternoon
    assert pins["hours_open"].to_list() == [3.5, 2.5] and pins["overdue"].to_list() == [True, False]
