import datetime as dt

import numpy as np

from warehouse.worktime import WorkCalendar

CAL = WorkCalendar(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def ts(*values: str) -> np.ndarray:
    return np.array(values, dtype="datetime64[s]")


def test_deadline_across_national_day_holiday():
    # 30 Sep 16:00 + 2 working hours: 1.5 h that day, 1–8 Oct off, 9 Oct 08:30 + 0.5 h
    assert CAL.add(ts("2025-09-30T16:00:00"), np.array([120]))[0] == np.datetime64("2025-10-09T09:00:00")


def test_make_up_sunday_is_a_workday():
    # Fri 24 Jan 17:00 + 1 h: 0.5 h Friday, Sunday 26 Jan is a make-up workday (调休)
    assert CAL.add(ts("2025-01-24T17:00:00"), np.array([60]))[0] == np.datetime64("2025-01-26T09:00:00")


def test_lunch_break_and_elapsed_hours():
    due = CAL.add(ts("2025-03-03T11:30:00"), np.array([60]))
    assert due[0] == np.datetime64("2025-03-03T14:00:00")
    assert CAL.elapsed_hours(ts("2025-03-03T11:30:00"), due)[0] == 1.0


def test_report_outside_hours_starts_next_morning():
    assert CAL.add(ts("2025-03-07T20:00:00"), np.array([30]))[0] == np.datetime64("2025-03-10T09:00:00")


def test_missing_times_stay_missing():
    assert np.isnan(CAL.working_minutes(np.array(["NaT"], dtype="datetime64[s]"))[0])
