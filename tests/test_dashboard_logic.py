"""Pure pieces of the dashboard: KPI scoring against targets and the filter value."""

import datetime as dt

from dashboard.filters import Filters
from dashboard.wall_kpis import band, kpis, overdue_text, score


def test_cityscore_ratio_and_bands():
    assert score(0.81, 0.9, lower_better=False) == 0.9
    assert score(300, 150, lower_better=True) == 0.5
    assert score(0, 150, lower_better=True) == 2.0
    assert score(None, 0.9, lower_better=False) is None
    # capped at 2: 88 open cases under a ceiling of 3,000 scored 34.09 on the wall
    assert score(88, 3000, lower_better=True) == 2.0 and score(3.0, 1.0, lower_better=False) == 2.0
    assert [band(x) for x in (1.0, 0.95, 0.89, None)] == ["good", "warn", "bad", "none"]


def test_wall_kpis_from_counts():
    row = {
        "new_today": 12,
        "new_yesterday": 9,
        "new_last_year": None,  # the data does not reach back a year
        "open_now": 3300,
        "overdue_now": 75,
        "closed_on_time": 45,
        "on_time_base": 50,
        "satisfied_mtd": 8,
        "surveyed_mtd": 10,
        "disputes_pending": 130,
        "alerts_pending": None,
    }
    tiles = {
        k.key: k
        for k in kpis(
            row,
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
    assert tiles["new_today"].note == "昨日同时段 9 · 去年同日 —"
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


def test_the_wall_layout_fills_each_screen_and_grows_its_text():
    """Each column of the wall's body adds up to the body's height at 1366×768, 1920×1080 and
    3840×2160 (within rounding), and the text at 4K is twice the text at 1080p."""
    from dashboard.wall_layout import DEFAULT, layout, viewport

    for w, h in [(1366, 768), (1920, 1080), (3840, 2160)]:
        L = layout(w, h, kiosk=True)
        header = round(L.title_font * 1.5) + round(L.small_font * 1.7)
        body = h - L.top - header - L.kpi_height - 3 * L.gap - 16
        left = L.section_title + L.map_height + round(L.small_font * 2.2) + 2 * L.gap
        middle = 3 * L.section_title + L.trend_height + L.stages_height + L.categories_height + 5 * L.gap
        right = 3 * L.section_title + L.ranking_height + L.bottom_height + L.ticker_height + 5 * L.gap
        assert body - 2 <= left <= body and body - 2 <= middle <= body and body - 2 <= right <= body, (w, h, body, left, middle, right)
    big, full, small = layout(3840, 2160, True), layout(1920, 1080, True), layout(1366, 768, True)
    assert (big.text_font, big.kpi_value_font, big.axis_font) == (2 * full.text_font, 2 * full.kpi_value_font, 2 * full.axis_font)
    assert (full.text_font, full.axis_font, full.kpi_value_font) == (19, 15, 48)
    assert (small.text_font, small.axis_font) == (14, 12)  # floors: still legible on a small screen
    # the size comes from the URL: anything that is not a plausible screen gives the default
    assert viewport({"vw": "1366", "vh": "768"}) == (1366, 768)
    for bad in [
        {},
        {"vw": "1366"},
        {"vw": "abc", "vh": "768"},
        {"vw": "99999", "vh": "768"},
        {"vw": "-1366", "vh": "768"},
        {"vw": "1e3", "vh": "768"},
    ]:
        assert viewport(bad) == DEFAULT, bad


def test_overdue_is_said_in_hours_then_days():
    assert [overdue_text(h, "zh") for h in (0.5, 29.9, 47.9, 48.0, 7212.4)] == ["0 小时", "29 小时", "47 小时", "2 天", "300 天"]
    assert overdue_text(7212, "en") == "300 days" and overdue_text(5, "en") == "5 h"
