"""Pure pieces of the dashboard: KPI scoring against targets and the filter value."""

import datetime as dt

import polars as pl

from dashboard.filters import Filters
from dashboard.wall_kpis import band, kpis, score


def test_cityscore_ratio_and_bands():
    assert score(0.81, 0.9, lower_better=False) == 0.9
    assert score(300, 150, lower_better=True) == 0.5
    assert score(0, 150, lower_better=True) == 2.0
    assert score(None, 0.9, lower_better=False) is None
    assert [band(x) for x in (1.0, 0.95, 0.89, None)] == ["good", "warn", "bad", "none"]


def test_wall_kpis_from_counts():
    row = {
        "new_today": 12,
        "open_now": 3300,
        "overdue_now": 75,
        "closed_on_time": 45,
        "on_time_base": 50,
        "satisfied_mtd": 8,
        "surveyed_mtd": 10,
        "disputes_pending": 130,
        "alerts_pending": None,
    }
    trend = pl.DataFrame({"cases": [10, 20, 30, 12]})
    tiles = {
        k.key: k
        for k in kpis(
            row,
            trend,
            {
                "on_time_rate": 0.9,
                "satisfaction_rate": 0.9,
                "overdue_now": 150,
                "open_now": 3000,
                "disputes_pending": 120,
                "alerts_pending": 20,
            },
            "zh",
        )
    }
    assert tiles["on_time"].value == "90.0%" and tiles["on_time"].band == "good"
    assert tiles["satisfaction"].value == "80.0%" and tiles["satisfaction"].band == "bad"  # 0.8 / 0.9 = 0.89
    assert tiles["open"].ratio == 3000 / 3300 and tiles["open"].band == "warn"
    assert tiles["overdue"].ratio == 2.0 and tiles["disputes"].band == "warn"  # 120 / 130 = 0.92
    assert tiles["alerts"].value == "暂无" and tiles["alerts"].band == "none"
    assert tiles["new_today"].note == "近28日日均 20"  # mean of the days before today
    assert "按期结案 45 ÷（已结案 + 超期未结）50" in tiles["on_time"].help


def test_filter_previous_period_and_chip_removal():
    f = Filters(dt.date(2026, 10, 1), dt.date(2026, 10, 31), street="330125001", community="330125001002", major="06", category="06010")
    assert f.days() == 31
    p = f.previous()
    assert (p.start, p.end) == (dt.date(2026, 8, 31), dt.date(2026, 9, 30))
    assert f.without("street").street is None and f.without("street").community is None
    assert f.without("major").category is None and f.without("major").street == "330125001"
    params = f.params()
    assert params["end"] == dt.datetime(2026, 11, 1) and params["channels"] == []
    assert f.region_level() == "community"
