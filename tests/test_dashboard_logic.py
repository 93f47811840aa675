"""Pure pieces of the dashboard: KPI scoring against targets and the filter value."""

import datetime as dt

from dashboard.filters import Filters
from dashboard.wall_kpis import band, cityscore, kpis, overdue_text, ranking_html, score


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
        middle = 4 * L.section_title + L.trend_height + L.stages_height + L.categories_height + L.hot_height + 7 * L.gap
        right = 3 * L.section_title + L.ranking_height + L.bottom_height + L.ticker_height + 5 * L.gap
        assert body - 2 <= left <= body and body - 2 <= middle <= body and body - 2 <= right <= body, (w, h, body, left, middle, right)
    big, full, small = layout(3840, 2160, True), layout(1920, 1080, True), layout(1366, 768, True)
    assert (big.text_font, big.kpi_value_font, big.axis_font) == (2 * full.text_font, 2 * full.kpi_value_font, 2 * full.axis_font)
    assert (full.text_font, full.axis_font, full.kpi_value_font) == (19, 15, 48)
    assert (small.text_font, small.axis_font) == (14, 12)  # floors: still legible on a small screen
    # signed in, the sidebar takes 300 px: the map is fitted to what is left, and at 1366 px the
    # two rankings are stacked rather than cut to "新桥…"
    signed_in = layout(1366, 768, kiosk=False)
    assert (signed_in.content_width, signed_in.stack_rankings) == (1066, True)
    assert (small.content_width, small.stack_rankings, layout(1920, 1080, False).stack_rankings) == (1366, False, False)
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


def test_the_overall_score_per_window_averages_what_could_be_measured():
    """Week: on-time 81/90 = 0.9 → 1.0; disposal 72/90 = 0.8 → 0.889; rework 10 % against 5 % →
    0.5; satisfaction 45/50 = 0.9 → 1.0; mean 0.8472. Today: nothing due, no survey → no score
    (not 0). Month: only surveys → satisfaction alone. A metric without a target is left out."""
    targets = {"on_time_rate": 0.9, "on_time_disposal_rate": 0.9, "rework_rate": 0.05, "satisfaction_rate": 0.9}
    zero = {
        "due": 0,
        "closed_on_time": 0,
        "disposal_due": 0,
        "disposed_on_time": 0,
        "rework_due": 0,
        "reworked": 0,
        "surveyed": 0,
        "satisfied": 0,
    }
    rows = [
        {"period": "day", **zero},
        {"period": "week", **zero, "due": 90, "closed_on_time": 81, "disposal_due": 90, "disposed_on_time": 72}
        | {"rework_due": 90, "reworked": 9, "surveyed": 50, "satisfied": 45},
        {"period": "month", **zero, "surveyed": 40, "satisfied": 30},
    ]
    day, week, month = cityscore(rows, targets)
    assert (day.period, day.score, day.parts) == ("day", None, {})
    assert week.parts == {"on_time_rate": 1.0, "on_time_disposal_rate": 0.8 / 0.9, "rework_rate": 0.5, "satisfaction_rate": 1.0}
    assert round(week.score, 4) == round((1.0 + 0.8 / 0.9 + 0.5 + 1.0) / 4, 4) == 0.8472
    assert month.parts == {"satisfaction_rate": 0.75 / 0.9} and month.score == 0.75 / 0.9
    assert cityscore(rows[1:2], {"on_time_rate": 0.9})[0].score == 1.0  # only the targeted metric


def test_a_ranked_list_is_coloured_by_the_target_and_scrolls_when_long():
    names, rates = ["甲", "乙", "丙"], [0.95, 0.86, None]
    short = ranking_html(names, rates, 0.9, "zh", row_px=30, box_px=100)
    assert [short.count(f"data-band='{b}'") for b in ("good", "warn", "none")] == [1, 1, 1]
    assert "95.0%" in short and "86.0%" in short and ">暂无<" in short and "scroll" not in short
    assert short.index("甲") < short.index("乙") < short.index("丙")  # the given order: best first
    assert short.count("left:90.0%") == 3  # the target mark on every row
    long = ranking_html(names * 3, rates * 3, 0.9, "zh", row_px=30, box_px=100)
    assert "scroll" in long and "--gp-scroll-seconds:27s" in long and long.count("data-band") == 18  # shown twice
    assert "<script" not in ranking_html(["<script>x</script>"], [0.5], 0.9, "en", 30, 100)


def test_the_wall_map_is_svg_with_known_geometry_colours_and_titles():
    """The wall draws its grids as inline SVG (no WebGL): two 0.01° squares side by side in a
    200 × 100 box fill it at the equator (less a 4 % margin), each grid coloured by its class
    (no-data grey for the grid without a value), a hover title per grid, escaped, the street
    label and the pin projected to their pixels."""
    import re

    import numpy as np
    import polars as pl

    from dashboard import maps

    def square(x0: float) -> str:
        return f'{{"type":"Polygon","coordinates":[[[{x0},0.0],[{x0 + 0.01},0.0],[{x0 + 0.01},0.01],[{x0},0.01],[{x0},0.0]]]}}'

    shapes = pl.DataFrame(
        {
            "grid_code": ["a", "b"],
            "geojson": [square(0.0), square(0.01)],
            "x_min": [0.0, 0.01],
            "x_max": [0.01, 0.02],
            "y_min": [0.0, 0.0],
            "y_max": [0.01, 0.01],
        }
    )
    regions = pl.DataFrame(
        {"level": ["street"], "code": ["s"], "name": ["东湖街道"], "geojson": [square(0.0)], "lon": [0.005], "lat": [0.005]}
    )
    base = maps.svg_base(shapes, regions, 200, 100)
    s = 200 / 0.02 / 1.08  # pixels per degree: the 0.02° wide pair fills 200 px less the margin
    x0 = (200 - 0.02 * s) / 2
    assert abs(base.projection.s - s) < 1e-9
    first = [tuple(map(float, xy.split())) for xy in re.findall(r"[\d.]+ [\d.]+", base.grids[0])]
    assert first[0] == (round(x0, 1), round(50 + 0.005 * s, 1))  # (0°, 0°): left edge, bottom of the pair
    assert first[2] == (round(x0 + 0.01 * s, 1), round(50 - 0.005 * s, 1))  # (0.01°, 0.01°)
    assert base.labels == [("东湖街道", round(x0 + 0.005 * s, 1), 50.0)]
    svg = maps.svg_map(base, np.array([3.0, np.nan]), ["甲 <b>", "乙"], [{"lon": 0.015, "lat": 0.005, "title": "GD1", "detail": "超期"}])
    fills = re.findall(r"fill='rgb\((\d+),(\d+),(\d+)\)' fill-opacity", svg)
    assert [tuple(map(int, f)) for f in fills] == [maps.RAMP[maps.classes(np.array([3.0]))[0]], maps.NO_DATA]  # legend's classes
    assert "<title>甲 &lt;b&gt;</title>" in svg and "<b>" not in svg
    assert f"cx='{round(x0 + 0.015 * s, 1)}' cy='50.0'" in svg and "<title>GD1 超期</title>" in svg
    assert "<canvas" not in svg and "<script" not in svg


def test_a_map_fits_the_whole_of_its_edge_grids():
    """One street's map cut its edge grids in half: it was fitted to their centroids. Two grids of
    0.01° side whose centroids are 0.01° apart span 0.02°: the view shows all of it."""
    import numpy as np
    import polars as pl

    from dashboard.maps import view_for

    shapes = pl.DataFrame(
        {
            "grid_code": ["a", "b"],
            "lon": [120.005, 120.015],
            "lat": [30.005, 30.005],
            "x_min": [120.0, 120.01],
            "x_max": [120.01, 120.02],
            "y_min": [30.0, 30.0],
            "y_max": [30.01, 30.01],
        }
    )
    view = view_for(shapes, width=700, height=460)
    shown_lon = 700 / (512 / 360 * 2**view.zoom)  # degrees of longitude across the map
    shown_lat = 460 / (512 / 360 * 2**view.zoom) * np.cos(np.radians(view.latitude))
    assert abs(view.longitude - 120.01) < 1e-9 and abs(view.latitude - 30.005) < 1e-9
    assert shown_lon >= 0.02 and shown_lat >= 0.01  # the boxes, not the centroids' 0.01° × 0°
    assert shown_lon <= 0.02 * 1.1 * 1.01 or shown_lat <= 0.01 * 1.1 * 1.01  # and no wider than the margin


def test_the_wall_map_rotates_through_the_base_data_views_with_their_values():
    """With residents and grid workers loaded the wall map also shows the 7-day load per 1,000
    residents and the 7-day patrol coverage (greens: high is good); each view for the configured
    seconds in turn, the same on every wall."""
    import polars as pl

    from dashboard.wall_kpis import current_view, map_values, map_views

    assert [v.name for v in map_views(False, False, "zh")] == ["grid_load", "grid_overdue"]
    views = map_views(True, True, "zh")
    assert [(v.name, v.heading, v.legend, v.good_high) for v in views] == [
        ("grid_load", "近7日网格案件量", "案件数", False),
        ("grid_overdue", "当前超期案件分布", "案件数", False),
        ("grid_per_1000", "近7日每千人案件量", "每千人案件数", False),
        ("grid_patrol", "近7日网格巡查覆盖率", "巡查覆盖率", True),
    ]
    assert [current_view(views, 30, s).name for s in (0, 29.9, 30, 61, 95, 120)] == [
        "grid_load", "grid_load", "grid_overdue", "grid_per_1000", "grid_patrol", "grid_load"
    ]  # fmt: skip
    assert current_view(views, 0, 95).name == "grid_load"
    load = pl.DataFrame({"grid_code": ["a", "b", "c"], "cases": [12, 3, 0]})
    overdue = pl.DataFrame({"grid_code": ["a"], "cases": [2]})
    measures = pl.DataFrame({"grid_code": ["a", "b", "c"], "residents": [4000, None, 500], "patrol_7d": [0.8, None, 1.0]})
    per_1000 = map_values("grid_per_1000", load, overdue, measures)
    assert per_1000.rows() == [("a", 3.0), ("b", None), ("c", 0.0)]
    assert map_values("grid_patrol", load, overdue, measures).rows() == [("a", 0.8), ("b", None), ("c", 1.0)]
    assert map_values("grid_overdue", load, overdue, measures).rows() == [("a", 2.0)]
    assert [views[2].fmt(3.0), views[3].fmt(0.8)] == ["3.0", "80.0%"]


def test_the_wall_charts_are_plain_html_with_the_numbers_in_them():
    """Ticks are round numbers reaching the largest value; each day's bars carry the numbers a
    person reads; a stage no source records says so; the bars keep as many rows as fit."""
    import datetime as dt
    import re

    from dashboard.wall_charts import bars_html, nice_ticks, stages_html, trend_html

    assert nice_ticks(347) == [0, 100, 200, 300, 400] and nice_ticks(8) == [0, 2, 4, 6, 8] and nice_ticks(0) == [0.0, 1.0]
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=k) for k in range(3)]
    names = {"new": "新增", "closed": "结案", "incidents": "事件"}
    html_ = trend_html(days, [10, 20, 40], [5, 10, 20], [9, 20, 35], names, 200, 15)
    assert re.findall(r"data-day='([\d-]+)' data-new='(\d+)' data-closed='(\d+)' data-incidents='(\d+)'", html_) == [
        ("2026-10-01", "10", "5", "9"),
        ("2026-10-02", "20", "10", "20"),
        ("2026-10-03", "40", "20", "35"),
    ]
    assert "height:100.00%" in html_ and "bottom:87.50%" in html_  # 40 of the top tick 40; 35 of 40
    assert "data-incidents" not in trend_html(days, [1, 2, 3], [1, 1, 1], None, names, 200, 15)
    stages = stages_html(["上报", "核查"], [12, None], "未记录", 100, 15)
    assert re.findall(r"data-stage='([^']*)' data-value='([^']*)'", stages) == [("上报", "12"), ("核查", "未记录")]
    bars = bars_html(["<b>占道</b>", "垃圾"], [30, 10], 30, 15)  # room for one row of 1.7 × 15 px
    assert re.findall(r"data-name='([^']*)' data-value='(\d+)'", bars) == [("&lt;b&gt;占道&lt;/b&gt;", "30")]


def test_an_audit_detail_reads_in_the_ui_language():
    """The audit page showed {"via": "password"} in both languages: keys and known values in words."""
    from dashboard.i18n import audit_detail

    assert audit_detail('{"via": "password"}', "zh") == "方式：密码"
    assert audit_detail('{"via": "token"}', "en") == "via: display token"
    load = '{"files": ["a.csv", "b.csv"], "inserted": 3, "rejected_by_reason": {"stage_order": 2, "missing_required": 0}}'
    assert audit_detail(load, "zh") == "文件：a.csv、b.csv；新增：3；隔离原因：stage_order=2、missing_required=0"
    assert audit_detail('{"action": "dismiss", "reason_code": null}', "en") == "decision: Dismiss; reason: —"
    assert audit_detail("not json", "zh") == "not json" and audit_detail(None, "zh") == "—"
