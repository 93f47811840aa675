"""Every page opens under Streamlit's AppTest and shows the warehouse's own numbers."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import map_svg, map_tips, open_tab, page_html, sign_in
from warehouse import labels
from warehouse.db import Store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def app(loaded_city: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GRIDPULSE_DATA", str(loaded_city))
    return sign_in(AppTest.from_file(APP, default_timeout=60))


def test_data_page_numbers_match_the_warehouse(app: AppTest, loaded_city: Path):
    app.run()
    app.switch_page("views/data_status.py").run()
    assert not app.exception
    with Store(loaded_city).reader() as con:
        cases, quarantined, grids = con.sql(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM quarantine), (SELECT count(*) FROM grids)"
        ).fetchone()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["案件数"] == f"{cases:,}"
    assert metrics["隔离行数"] == f"{quarantined:,}"
    assert metrics["单元网格"] == f"{grids:,}"
    assert len(app.dataframe) == 4
    assert app.title[0].value == "数据状态"
    sources = app.dataframe[0].value  # as a person reads it: separators, times to the minute, — for nothing
    assert f"{sum(int(v.replace(',', '')) for v in sources.loc[sources['对象'] == 'cases', '行数']):,}" == f"{cases:,}"
    assert not sources.isna().any().any() and "None" not in sources.to_string()


def test_data_page_in_english_and_reason_filter(app: AppTest):
    app.run()
    app.switch_page("views/data_status.py").run()
    app.sidebar.radio[0].set_value("English").run()
    assert app.title[0].value == "Data status"
    app.selectbox[0].select_index(1).run()
    reason = app.selectbox[0].value
    assert app.selectbox[0].options[1] == labels.label("quarantine_reason", reason, "en")
    assert not app.exception
    shown = app.dataframe[-1].value
    assert len(shown) > 0 and set(shown["reason code"]) == {reason}


def _newest(loaded_city: Path):
    with Store(loaded_city).reader() as con:
        return con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]


def test_wall_kpis_match_direct_sql(app: AppTest, loaded_city: Path):
    app.run()  # the wall is the default page
    assert not app.exception
    now = _newest(loaded_city)
    day0 = now.replace(hour=0, minute=0, second=0)
    month0 = day0.replace(day=1)
    with Store(loaded_city).reader() as con:
        new_today, overdue, pending = con.execute(
            "SELECT count(*) FILTER (WHERE reported_at >= ? AND reported_at <= ?),"
            " count(*) FILTER (WHERE status NOT IN ('closed', 'cancelled', 'suspended') AND due_at < ?),"
            " (SELECT count(*) FROM disputes WHERE status IN ('pending', 'mediating')) FROM cases",
            [day0, now, now],
        ).fetchone()
        # DOMAIN.md §4: due this month so far (up to and including now), closed on time ÷ due
        due = con.execute(
            "SELECT count(*) FILTER (WHERE closed_at <= due_at), count(*) FROM cases WHERE due_at >= ? AND due_at <= ?"
            " AND registered_at IS NOT NULL AND status NOT IN ('cancelled', 'suspended')",
            [month0, now],
        ).fetchone()
        # today beside yesterday by the same time, and the same date a year before (if the data reaches it)
        import datetime as dt

        yesterday, first = con.execute(
            "SELECT count(*) FILTER (WHERE reported_at >= ? AND reported_at <= ?), min(reported_at) FROM cases",
            [day0 - dt.timedelta(days=1), now - dt.timedelta(days=1)],
        ).fetchone()
        year_ago = day0.replace(year=day0.year - 1)
        (last_year,) = con.execute(
            "SELECT count(*) FROM cases WHERE reported_at >= ? AND reported_at <= ?", [year_ago, now.replace(year=now.year - 1)]
        ).fetchone()
    html = "\n".join(page_html(app))
    shown_last_year = f"{last_year:,}" if first <= year_ago else "—"
    assert f"昨日同时段 {yesterday:,} · 去年同日 {shown_last_year}</div>" in html
    assert f'<div class="l">今日新增</div><div class="v" style="color:#5b6b86">{new_today:,}</div>' in html
    assert '>当前超期</div><div class="v" style="color:' in html and f">{overdue:,}</div>" in html
    assert f">{pending:,}</div>" in html
    assert f"按期结案 {due[0]:,} ÷（已结案 + 超期未结）{due[1]:,}" in html
    assert f"{due[0] / due[1] * 100:.1f}%" in html
    assert "后三位" in html
    with Store(loaded_city).reader() as con:
        newest_update = con.sql("SELECT max(updated_at) FROM cases").fetchone()[0]
    # one "as of" time, the newest record (as the stale banner names it), and the figures' time beside it
    as_of = f"数据截至 {newest_update:%Y年%m月%d日 %H:%M}"
    if f"{newest_update:%Y%m%d%H%M}" != f"{now:%Y%m%d%H%M}":
        as_of += f" · 统计时点 {now:%Y年%m月%d日 %H:%M}"
    assert f"<span class='a'>{as_of}</span>" in html


def test_explorer_filters_and_chips(app: AppTest, loaded_city: Path):
    import datetime as dt

    app.run()
    app.switch_page("views/explorer.py").run()
    assert not app.exception
    now = _newest(loaded_city)
    start = dt.datetime.combine(now.date() - dt.timedelta(days=29), dt.time())
    with Store(loaded_city).reader() as con:
        street = con.sql("SELECT min(street_code) FROM grids").fetchone()[0]
        total, in_street = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE street_code = ?) FROM cases WHERE reported_at >= ? AND reported_at < ?",
            [street, start, dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())],
        ).fetchone()
        before = con.execute(  # the 30 days before: the tile's change against the previous period
            "SELECT count(*) FROM cases WHERE reported_at >= ? AND reported_at < ?", [start - dt.timedelta(days=30), start]
        ).fetchone()[0]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["案件"] == f"{total:,}"
    tile = next(m for m in app.metric if m.label == "案件")
    assert tile.proto.delta == f"{total - before:+,} 较上期", tile.proto.delta
    app.sidebar.selectbox(key="w_street").set_value(street).run()
    assert {m.label: m.value for m in app.metric}["案件"] == f"{in_street:,}"
    assert [b.label for b in app.button][0].startswith("街道：")
    # the filter survives a page switch, and the chip removes it
    app.switch_page("views/data_status.py").run()
    app.switch_page("views/explorer.py").run()
    assert {m.label: m.value for m in app.metric}["案件"] == f"{in_street:,}"
    app.button(key="chip_street").click().run()
    assert {m.label: m.value for m in app.metric}["案件"] == f"{total:,}"
    assert len(app.dataframe) == 0  # the lists and the cases are in tabs drawn only when open
    assert len(open_tab(app, "tab_lists").dataframe) == 2 and len(open_tab(app, "tab_cases").dataframe) == 1
    assert {m.label: m.value for m in app.metric}["案件"] == f"{total:,}"  # a tab keeps the filter


def _presets(app: AppTest):
    return next(b for b in app.get("button_group") if b.key == "w_preset")


def test_period_presets_count_from_the_data_and_fill_the_dates(app: AppTest, loaded_city: Path):
    """本月, 上月, 本季度 … are counted back from the data's own date and set the date picker; the
    case count is the direct count over that period; a date picked by hand lights no preset."""
    import datetime as dt

    from dashboard.filters import period_presets

    today = _newest(loaded_city).date()
    spans = period_presets(today, dt.date(2000, 1, 1))
    app.run()
    app.switch_page("views/explorer.py").run()
    pills = _presets(app)
    assert pills.options == ["近30天", "本月", "上月", "本季度", "上季度", "本年"] and pills.value == "last_30"
    pills.set_value("last_month").run()
    start, end = spans["last_month"]
    assert app.date_input(key="w_period").value == (start, end)
    with Store(loaded_city).reader() as con:
        (expected,) = con.execute(
            "SELECT count(*) FROM cases WHERE reported_at >= ? AND reported_at < ?",
            [dt.datetime.combine(start, dt.time()), dt.datetime.combine(end + dt.timedelta(days=1), dt.time())],
        ).fetchone()
    assert {m.label: m.value for m in app.metric}["案件"] == f"{expected:,}"
    assert _presets(app).value == "last_month"
    app.date_input(key="w_period").set_value((start, start + dt.timedelta(days=3))).run()
    assert _presets(app).value is None


def test_period_presets_arithmetic():
    import datetime as dt

    from dashboard.filters import period_presets

    d = dt.date
    spans = period_presets(d(2026, 5, 14), d(2025, 12, 20))
    assert spans == {
        "last_30": (d(2026, 4, 15), d(2026, 5, 14)),
        "this_month": (d(2026, 5, 1), d(2026, 5, 14)),
        "last_month": (d(2026, 4, 1), d(2026, 4, 30)),
        "this_quarter": (d(2026, 4, 1), d(2026, 5, 14)),
        "last_quarter": (d(2026, 1, 1), d(2026, 3, 31)),
        "this_year": (d(2026, 1, 1), d(2026, 5, 14)),
    }
    # January: last month and last quarter are in the year before; the data began on 20 Dec
    jan = period_presets(d(2026, 1, 10), d(2025, 12, 20))
    assert jan["last_month"] == (d(2025, 12, 20), d(2025, 12, 31)) and jan["last_quarter"] == (d(2025, 12, 20), d(2025, 12, 31))
    assert jan["last_30"] == (d(2025, 12, 20), d(2026, 1, 10))
    # a period wholly before the data is not offered
    assert "last_month" not in period_presets(d(2026, 1, 10), d(2026, 1, 2))


def test_explorer_in_english(app: AppTest):
    app.run()
    app.sidebar.radio[0].set_value("English").run()  # the language switch lives on the entry page
    app.switch_page("views/explorer.py").run()
    assert not app.exception
    assert app.title[0].value == "Explorer"
    assert {m.label for m in app.metric} == {
        "Cases",
        "Closed",
        "Overdue now",
        "On-time rate",
        "Median hours to close",
        "Incidents",
    }


def test_assessment_page_scoreboard_and_drill_down(app: AppTest, loaded_city: Path):
    app.run()
    app.switch_page("views/assessment.py").run()
    assert not app.exception
    with Store(loaded_city).reader() as con:
        period = con.sql("SELECT max(period) FROM assessment_scores WHERE length(period) = 7").fetchone()[0]
        worst, composite = con.execute(
            "SELECT object_code, any_value(composite) FROM assessment_scores WHERE period = ? AND object_type = 'department' "
            "GROUP BY object_code ORDER BY 2, 1 LIMIT 1",
            [period],
        ).fetchone()
    app.selectbox(key="assess_period").set_value(period).run()
    app.selectbox(key="assess_object").set_value("department").run()
    bottom = [m.value for m in app.markdown if m.value.startswith("- **")]
    assert len(bottom) == 3 and f"（{worst}）{composite:.1f}" in bottom[0]
    with Store(loaded_city).reader() as con:
        code, num, den = con.execute(
            "SELECT object_code, numerator, denominator FROM assessment_scores WHERE period = ? AND object_type = 'department' "
            "AND indicator = 'closure_rate' AND denominator > 0 ORDER BY denominator DESC LIMIT 1",
            [period],
        ).fetchone()
    app.selectbox(key="assess_pick").set_value(code).run()
    breakdown = next(f.value for f in app.dataframe if "指标" in f.value.columns and "分子" in f.value.columns)
    row = breakdown[breakdown["指标"] == labels.label("indicator", "closure_rate", "zh")].iloc[0]
    assert (row["分子"], row["分母"], row["指标值"]) == (f"{int(num):,}", f"{int(den):,}", f"{num / den * 100:.1f}%")  # a share in %
    app.selectbox(key="assess_drill").set_value("closure_rate").run()
    note = next(c.value for c in app.caption if c.value.startswith("分子"))
    assert note == f"分子 {int(num):,} 件 / 分母 {int(den):,} 件（存档得分：{int(num):,} / {int(den):,}）"
    assert not app.exception


def test_the_assessment_drill_down_lists_the_components_a_base_indicator_counted(app: AppTest, loaded_city: Path):
    """Component intactness of a street drills down to its components in service, each flagged
    intact or not: the numbers under the table are the stored score's, the rows are as many."""
    with Store(loaded_city).reader() as con:
        period, code, num, den = con.execute(
            "SELECT period, object_code, numerator, denominator FROM assessment_scores WHERE length(period) = 7 "
            "AND object_type = 'street' AND indicator = 'component_intactness' AND denominator > 0 "
            "ORDER BY period DESC, denominator DESC LIMIT 1"
        ).fetchone()
    app.run()
    app.switch_page("views/assessment.py").run()
    app.selectbox(key="assess_period").set_value(period).run()
    app.selectbox(key="assess_object").set_value("street").run()
    app.selectbox(key="assess_pick").set_value(code).run()
    app.selectbox(key="assess_drill").set_value("component_intactness").run()
    assert not app.exception
    note = next(c.value for c in app.caption if c.value.startswith("分子"))
    assert note == f"分子 {int(num):,} / 分母 {int(den):,}（存档得分：{int(num):,} / {int(den):,}）；列出的是分母中的每个计数单元"
    units = next(d.value for d in app.dataframe if "计数单元" in d.value.columns)
    assert len(units) == den and set(units["计数单元"]) == {"部件"} and set(units["状况"]) <= {"完好", "破损", "丢失", "废弃"}
    assert int(units["计入分子"].sum()) == num


def test_assessment_page_in_english_names_indicators_and_objects(app: AppTest):
    """Labels come from warehouse/labels.py: the English page shows English names, never ids."""
    app.run()
    app.sidebar.radio[0].set_value("English").run()
    app.switch_page("views/assessment.py").run()
    assert not app.exception
    objects = app.selectbox(key="assess_object").options  # the labels a person reads
    assert "department" in objects and "unit grid" in objects and "grid" not in objects
    app.selectbox(key="assess_object").set_value("department").run()
    shown = app.selectbox(key="assess_drill").options
    assert "closed on time" in shown and "closure rate" in shown
    assert not [s for s in shown if "_" in s], shown  # no raw indicator id
    app.sidebar.radio[0].set_value("中文").run()
    assert not app.exception


def test_the_assessment_page_shows_the_rubric_stored_with_the_scores(loaded_city: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Scores computed with another rubric (warehouse assess --rubric) carry it: the page names it."""
    import shutil

    from orchestration.cli.warehouse import main as warehouse_main
    from warehouse import assessment

    data = tmp_path / "copy"
    shutil.copytree(loaded_city, data)
    rubric = tmp_path / "strict.toml"
    text = (assessment.RUBRICS / "default.toml").read_text(encoding="utf-8")
    rubric.write_text(text.replace('name = "', 'name = "严格细则 ', 1), encoding="utf-8")
    with Store(data).reader() as con:
        period = con.sql("SELECT max(period) FROM assessment_scores WHERE length(period) = 7").fetchone()[0]
    assert warehouse_main(["--data", str(data), "assess", "--period", period, "--rubric", str(rubric)]) == 0
    monkeypatch.setenv("GRIDPULSE_DATA", str(data))
    app = sign_in(AppTest.from_file(APP, default_timeout=60))
    app.run()
    app.switch_page("views/assessment.py").run()
    app.selectbox(key="assess_period").set_value(period).run()
    assert not app.exception
    assert any("严格细则" in c.value for c in app.caption)
    # the data's publication time for a reader; the internal snapshot number only in the hover note
    caption = next(c for c in app.caption if "严格细则" in c.value)
    assert "计算所用数据发布于 20" in caption.value and "数据快照" not in caption.value and "数据快照" in caption.proto.help


def test_the_wall_ranks_every_department_and_street_coloured_by_the_target(app: AppTest, loaded_city: Path):
    """All departments and all streets, best first (the wall showed ranks 7–14 and never the
    best), each row coloured by the 90 % target, not by its place; and the overall score for
    today, 7, 30 and 90 days in the header."""
    import re

    from dashboard.wall_kpis import rate_bands

    app.run()
    assert not app.exception
    block = next(h for h in page_html(app) if h.startswith("<div class='gp-rankings'>"))
    lists = block.split("class='h'")[1:]
    assert [x[1:3] for x in lists] == ["部门", "街道"]
    with Store(loaded_city).reader() as con:
        departments = con.sql("SELECT count(DISTINCT department_id) FROM case_facts WHERE department_id IS NOT NULL").fetchone()[0]
        streets = con.sql("SELECT count(DISTINCT street_code) FROM grids").fetchone()[0]
    for part, expected in zip(lists, (departments, streets), strict=True):
        rows = re.findall(r"data-band='(\w+)'.*?class='n'>(\d+)</span><span class='u'>([^<]*)</span><span class='p'>([\d.]+)%", part)
        again = [i for i, r in enumerate(rows) if r[1] == "1"][1:]
        rows = rows[: again[0]] if again else rows  # a scrolling list is drawn twice
        assert 1 < len(rows) <= expected and [int(r[1]) for r in rows] == list(range(1, len(rows) + 1))
        rates = [float(r[3]) / 100 for r in rows]
        assert rates == sorted(rates, reverse=True)
        assert [r[0] for r in rows] == rate_bands(rates, 0.90)
    assert len(re.findall(r"class='u'>([^<]*)<", lists[1])) >= streets  # every street, not the first few
    with Store(loaded_city).reader() as con:
        registered = con.sql("SELECT count(*) FROM departments").fetchone()[0]
    # every department of the register, those with nothing due this month last and without a rate
    named = set(re.findall(r"class='u'>([^<]*)<", lists[0]))
    assert registered > 0 and len(named) >= registered
    assert rate_bands([0.766, 0.760, 0.95, 0.82], 0.90) == ["bad", "bad", "good", "warn"]
    head = next(h for h in page_html(app) if h.startswith("<div class='gp-head'>"))
    assert all(w in head for w in ("综合得分", "今日", "近7天", "近30天", "近90天"))
    assert len(re.findall(r"<b style='color:#[0-9a-f]{6}'>(\d\.\d\d|—)</b>", head)) == 4


def test_maps_have_a_legend_that_matches_their_colours(app: AppTest):
    """Every grid map carries a legend: the colour classes with the value range each holds, and
    no-data grey (the wall, the explorer and the alert map had none)."""
    import numpy as np

    from dashboard import maps

    values = np.array([0, 0, 1, 2, 3, 5, 8, 13, 21, np.nan])
    html = maps.legend(values, lambda v: f"{v:g}", "案件数", "无数据")
    assert html.count("background:rgb") == len(set(maps.classes(values[~np.isnan(values)]))) + 1  # + no data
    assert "21" in html and "无数据" in html and f"rgb{maps.NO_DATA}" in html
    app.run()  # the wall
    assert any("gp-legend" in m and "案件数" in m for m in page_html(app))
    app.switch_page("views/explorer.py").run()
    assert any("gp-legend" in m for m in page_html(app))


def test_the_explorer_map_colours_grids_per_1000_residents_and_by_patrol_coverage(app: AppTest, loaded_city: Path):
    """With the population and staff registers loaded the explorer's map offers two more metrics;
    the tooltip and the legend read the grid profile's numbers (cases ÷ residents × 1,000; the
    assessment's patrol rule over 30 days)."""

    app.run()
    app.switch_page("views/explorer.py").run()
    radio = app.radio(key="explorer_map_metric")
    assert radio.options == ["案件数", "每公顷案件数", "千人案件数", "按期结案率", "巡查覆盖率（近30天）"]
    radio.set_value("patrol_30d").run()
    assert not app.exception
    assert any("gp-legend" in m and "巡查覆盖率（近30天）" in m for m in page_html(app))
    tips = map_tips(app)
    import datetime as dt

    import polars as pl

    from warehouse import assessment, sql
    from warehouse.settings import settings

    with Store(loaded_city).reader() as con:  # the profile's query, as test_grid_profile checks it
        now = con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]
        first = dt.datetime.combine(now.date() - dt.timedelta(days=29), dt.time())
        end = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
        days = assessment.workdays(first, end, settings(loaded_city).worktime)["day"].to_list()
        measures = sql.query(con, "pages/grid_measures", now=now, start=first, end=end, workdays=days)
    shown = [(tips[g].splitlines()[-1], p) for g, p in zip(measures["grid_code"], measures["patrol_30d"], strict=True) if g in tips]
    assert len(shown) > 100
    assert all(line == "巡查覆盖率（近30天）: " + (f"{p * 100:.1f}%" if p is not None else "—") for line, p in shown)
    radio.set_value("per_1000").run()
    tips = map_tips(app)
    grid = next(g for g, r in zip(measures["grid_code"], measures["residents"], strict=True) if r and g in tips)
    lines = tips[grid].splitlines()
    cases = int(lines[1].split(": ")[1].replace(",", ""))
    residents = measures.filter(pl.col("grid_code") == grid)["residents"][0]
    assert lines[0].endswith(grid) and lines[1].startswith("案件数: ")
    assert lines[-1] == f"千人案件数: {cases * 1000 / residents:.1f}"


def test_the_demo_says_its_clock_stopped_and_real_data_says_it_is_stale(app: AppTest, data: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh install opened on a red "651 hours stale" banner: the generated city's clock stops
    where it was generated, and the wall says that; real data whose newest record is old still
    raises the alarm."""
    app.run()
    assert not app.exception
    assert any("演示城市" in m for m in page_html(app))
    assert not any("class='gp-banner'" in m for m in page_html(app))
    from pipelines import profiles
    from pipelines.load import load

    load(data, profiles.resolve("baltimore-311"), [Path(__file__).with_name("fixtures") / "baltimore311_excerpt.csv"])
    monkeypatch.setenv("GRIDPULSE_DATA", str(data))
    real = sign_in(AppTest.from_file(APP, default_timeout=60))
    real.run()
    assert not real.exception
    assert any("class='gp-banner'" in m for m in page_html(real))  # its newest record is from 2019
    assert not any("演示城市" in c.value for c in real.caption)


def test_the_assessment_page_offers_the_monthly_bulletin(app: AppTest, loaded_city: Path):
    """One click from the assessment page: the month defaults to the newest complete one (a
    partial month is labelled so), and the PDF and XLSX downloads are there."""
    app.run()
    app.switch_page("views/assessment.py").run()
    assert not app.exception
    with Store(loaded_city).reader() as con:
        rows = con.sql(
            r"SELECT period, complete FROM assessment_coverage WHERE regexp_matches(period, '^\d{4}-\d{2}$') ORDER BY period DESC"
        ).fetchall()
    chosen = app.selectbox(key="assess_bulletin_month")
    assert chosen.value == next(p for p, complete in rows if complete)
    partial = [p for p, complete in rows if not complete]
    assert all(f"{p}（数据不完整）" in chosen.options for p in partial)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "下载 PDF 通报" in labels and "下载 Excel 通报" in labels


def test_the_wall_shows_today_at_each_stage(app: AppTest, loaded_city: Path):
    """上报 → 立案 → 派遣 → 处置 → 核查 → 结案: today's cases at each stage, by direct count; a stage
    no source records says so instead of 0."""
    import re

    app.run()
    assert not app.exception
    now = _newest(loaded_city)
    day0 = now.replace(hour=0, minute=0, second=0, microsecond=0)
    stages = ["reported_at", "registered_at", "dispatched_at", "disposed_at", "checked_at", "closed_at"]
    with Store(loaded_city).reader() as con:
        counts = con.execute(
            "SELECT " + ", ".join(f"count(*) FILTER (WHERE {c} >= ? AND {c} <= ?), count({c}) > 0" for c in stages) + " FROM cases",
            [v for _ in stages for v in (day0, now)],
        ).fetchone()
    expected = [f"{counts[2 * i]:,}" if counts[2 * i + 1] else "未记录" for i in range(len(stages))]
    chart = next(h for h in page_html(app) if h.startswith("<div class='gp-chart gp-stages'"))
    shown = re.findall(r"data-stage='([^']*)' data-value='([^']*)'", chart)
    assert shown == list(zip(["上报", "立案", "派遣", "处置", "核查", "结案"], expected, strict=True))


def test_a_link_carries_the_filter(loaded_city: Path, monkeypatch: pytest.MonkeyPatch):
    """A bookmark or a shared link opens the explorer on the same cases (period, street,
    statuses in the address), the address follows the filter as it changes, and a value that is
    not a code or a known status is ignored."""
    import datetime as dt

    monkeypatch.setenv("GRIDPULSE_DATA", str(loaded_city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    now = _newest(loaded_city)
    start, end = now.date() - dt.timedelta(days=59), now.date()
    with Store(loaded_city).reader() as con:
        street = con.sql("SELECT min(street_code) FROM grids").fetchone()[0]
        (expected,) = con.execute(
            "SELECT count(*) FROM cases WHERE street_code = ? AND status IN ('closed', 'cancelled') AND reported_at >= ? AND reported_at < ?",
            [street, dt.datetime.combine(start, dt.time()), dt.datetime.combine(end + dt.timedelta(days=1), dt.time())],
        ).fetchone()
    app = sign_in(AppTest.from_file(APP, default_timeout=60))
    app.query_params.update({"from": start.isoformat(), "to": end.isoformat(), "street": street, "statuses": "closed,cancelled,'; DROP"})
    app.switch_page("views/explorer.py").run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["案件"] == f"{expected:,}"
    assert app.query_params["statuses"] == "closed,cancelled"  # the unknown value was dropped, and the address says so
    app.button(key="chip_street").click().run()
    assert "street" not in app.query_params and app.query_params["from"] == start.isoformat()
    hostile = sign_in(AppTest.from_file(APP, default_timeout=60))
    hostile.query_params.update({"from": "2026-99-01", "street": "1' OR '1'='1"})
    hostile.switch_page("views/explorer.py").run()
    assert not hostile.exception and "street" not in hostile.query_params


def test_a_map_drilled_to_one_grid_keeps_its_neighbours_numbers(loaded_city: Path, monkeypatch: pytest.MonkeyPatch):
    """Drilled to a grid, the map shows its community: every grid there with its own count for
    the period (the grid restriction lifted for the map only), the grid picked outlined; the
    tiles above count the grid's cases alone."""
    monkeypatch.setenv("GRIDPULSE_DATA", str(loaded_city))
    with Store(loaded_city).reader() as con:
        grid, community, street, start, end = con.sql(
            "SELECT grid_code, community_code, street_code, max(reported_at)::DATE - 29, max(reported_at)::DATE FROM cases "
            "WHERE grid_code IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        counts = dict(
            con.execute(
                "SELECT grid_code, count(*) FROM cases WHERE community_code = $c AND reported_at >= $s AND reported_at < $e + 1 "
                "GROUP BY ALL",
                {"c": community, "s": start, "e": end},
            ).fetchall()
        )
    app = sign_in(AppTest.from_file(APP, default_timeout=60))
    for k, v in {"street": street, "community": community, "grid": grid, "from": str(start), "to": str(end)}.items():
        app.query_params[k] = v
    app.switch_page("views/explorer.py").run()
    assert not app.exception
    tips = map_tips(app)
    shown = {g: int(tip.splitlines()[1].split(": ")[1].replace(",", "")) for g, tip in tips.items()}
    assert shown == {g: counts.get(g, 0) for g in shown} and len([n for n in shown.values() if n]) > 1
    assert {m.label: m.value for m in app.metric}["案件"] == f"{counts[grid]:,}"
    assert "stroke='#1f4e9c' stroke-width='3'" in map_svg(app)  # the grid picked, outlined
