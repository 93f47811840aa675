"""The load adds working-time clocks to each case (hand-computed on the 2025 National Day break)."""

from pathlib import Path

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from warehouse.db import Store


def test_derived_deadline_skips_the_holiday_and_hours_are_working_hours(data: Path, tmp_path: Path):
    rows = [
        # 暴露垃圾 06010: 4 working hours. Dispatched Tue 30 Sep 16:30: 1 h that day, Oct 1-8 off,
        # then 3 h from 08:30 on Thu 9 Oct -> due 11:30. Closed Oct 9 14:00: 1 h + 3.5 h + 0.5 h.
        case(
            "S1",
            reported="2025-09-30 16:00:00",
            dispatched_at="2025-09-30 16:30:00",
            closed_at="2025-10-09 14:00:00",
            updated="2025-10-09 14:00:00",
        ),
        # 私搭乱建 06001: 20 working days = 150 working hours from Fri 26 Sep 09:00. Sep 26 gives
        # 7 h; Sun 28 Sep and Sat 11 Oct are make-up workdays. 19 full days (142.5 h): Sep 28, 29,
        # 30, Oct 9, 10, 11, 13-17, 20-24, 27, 28, 29; the last 0.5 h ends Thu 30 Oct 09:00.
        case("S2", reported="2025-09-26 08:00:00", category_code="06001", dispatched_at="2025-09-26 09:00:00"),
        # a deadline given by the source is kept
        case("S3", dispatched_at="2025-03-03 09:30:00", due_at="2025-03-04 09:00:00"),
        # one extension doubles the 4 working hours: Mon 3 Mar 09:30-12:00 and 13:30-17:30 give 6.5 h,
        # the last 1.5 h end Tue 4 Mar 10:00
        case("S4", dispatched_at="2025-03-03 09:30:00", extension_count="1"),
    ]
    load(data, profiles.resolve("canonical"), [write_cases(tmp_path / "s.csv", rows)])
    with Store(data).reader() as con:
        got = {
            r[0]: r[1:]
            for r in con.sql(
                "SELECT case_id, strftime(due_at, '%Y-%m-%d %H:%M'), due_derived, close_work_hours FROM cases ORDER BY case_id"
            ).fetchall()
        }
    assert got["S1"] == ("2025-10-09 11:30", True, 5.0)
    assert got["S2"] == ("2025-10-30 09:00", True, None)
    assert got["S3"] == ("2025-03-04 09:00", False, None)
    assert got["S4"] == ("2025-03-04 10:00", True, None)
