"""热点诉求 (issue 18): similar reports in one grid within days of each other are one hot issue,
with the heat the module's formula gives; hand-made Chinese reports with known answers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from models import hot_issues
from orchestration.cli.models import main as models_main
from warehouse.db import Store

T0 = dt.datetime(2026, 5, 1, 22)


def report(case_id: str, grid: str, days: float, text: str, channel: str = "hotline", reporter: str | None = None) -> dict:
    return {
        "source": "12345",
        "case_id": case_id,
        "reported_at": T0 + dt.timedelta(days=days),
        "grid_code": grid,
        "channel": channel,
        "reporter_ref": reporter,
        "category_code": "08001",
        "text": text,
    }


REPORTS = pl.DataFrame(
    [
        report("1", "G1", 0, "工地晚上施工太吵", reporter="r1"),
        report("2", "G1", 1, "工地晚上施工太吵了", reporter="r2"),
        report("3", "G1", 2.5, "工地晚上施工太吵啊", channel="public", reporter="r1"),
        report("4", "G1", 3, "工地晚上施工很吵", channel="inspector"),
        report("5", "G1", 1, "路灯晚上不亮"),  # same grid and days, another matter
        report("6", "G1", 20, "工地晚上施工太吵"),  # the same words, two weeks after the last
        report("7", "G2", 0, "工地晚上施工太吵"),  # another grid: two reports are not a hot issue
        report("8", "G2", 1, "工地晚上施工太吵了"),
    ]
)


def test_similar_reports_in_one_grid_and_week_are_one_hot_issue_with_its_heat():
    issues, members = hot_issues.group(REPORTS)
    assert issues.height == 1
    issue = issues.row(0, named=True)
    assert sorted(members["case_id"].to_list()) == ["1", "2", "3", "4"]
    # reporters: r1, r2 and the inspector's report without a reference; channels: hotline, public,
    # inspector; growth: 2 reports up to the span's middle (day 1.5), 2 after: (2 + 1) / (2 + 1)
    assert (issue["reports"], issue["reporters"], issue["channels"], issue["growth"]) == (4, 3, 3, 1.0)
    assert issue["heat"] == 3 * (1 + 0.5 * 2) * 1.0 == 6.0
    assert issue["issue_id"] == "G1-12345-1" and issue["grid_code"] == "G1"
    assert (issue["first_at"], issue["last_at"]) == (T0, T0 + dt.timedelta(days=3))
    assert issue["text"] in {"工地晚上施工太吵", "工地晚上施工太吵了"}  # the report most like the others
    assert members.filter(pl.col("case_id") == "1")["similarity"][0] == pytest.approx(
        1.0 if issue["text"] == "工地晚上施工太吵" else members["similarity"].max()
    )


def test_a_growing_issue_counts_up_to_double():
    growing = REPORTS.filter(pl.col("grid_code") == "G1", pl.col("case_id").is_in(["1", "2", "3", "4"])).with_columns(
        pl.Series("reported_at", [T0, T0 + dt.timedelta(days=5), T0 + dt.timedelta(days=5.5), T0 + dt.timedelta(days=6)])
    )
    issue = hot_issues.group(growing)[0].row(0, named=True)
    assert issue["growth"] == 2.0  # (3 + 1) / (1 + 1)
    assert issue["heat"] == 3 * 2 * 2.0


def test_fewer_than_three_or_nothing_similar_is_no_hot_issue():
    assert hot_issues.group(REPORTS.filter(pl.col("grid_code") == "G2"))[0].height == 0
    assert hot_issues.group(REPORTS.clear())[0].height == 0


def test_models_hot_publishes_the_groups_and_their_cases(loaded_city: Path, tmp_path: Path, capsys):
    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["hot", "--days", "365", "--json", "--data", str(city)]) == 0
    out = json.loads(capsys.readouterr().out)
    with Store(city).reader() as con:
        issues = con.sql("SELECT * FROM hot_issues ORDER BY heat DESC").pl()
        members = con.sql("SELECT m.*, c.grid_code, c.reported_at FROM hot_issue_cases m JOIN cases c USING (source, case_id)").pl()
    assert issues.height == out["hot_issues"] > 0 and members.height == out["grouped_reports"] == issues["reports"].sum()
    joined = members.join(issues.select("issue_id", pl.col("grid_code").alias("issue_grid"), "window_start"), on="issue_id")
    assert (joined["grid_code"] == joined["issue_grid"]).all()  # one grid per issue
    assert (joined["reported_at"] >= joined["window_start"]).all()
    assert (issues["reports"] >= 3).all()
    assert out["top"][0]["issue_id"] == issues["issue_id"][0]


def test_the_explorer_lists_the_hot_issues_of_its_filter_and_drills_into_one(
    loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import open_tab, sign_in

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["hot", "--days", "365", "--data", str(city)]) == 0
    with Store(city).reader() as con:
        issues = con.sql(
            "SELECT h.*, g.grid_name FROM hot_issues h JOIN grids g USING (grid_code) ORDER BY heat DESC, reports DESC, issue_id"
        ).pl()
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    app = sign_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60))
    app.run()
    app.switch_page("views/explorer.py").run()
    from dashboard import filter_panel

    # the filter's period covers the whole window: every published issue is listed
    app.session_state[filter_panel.STATE]["period"] = (dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    open_tab(app, "tab_hot")
    assert not app.exception
    listed = next(d.value for d in app.dataframe if "热度" in d.value.columns)
    assert len(listed) == min(issues.height, 100)
    assert listed["网格名称"].tolist()[:5] == issues["grid_name"].head(5).to_list()
    assert listed["诉求数"].tolist()[:5] == issues["reports"].head(5).to_list()
    assert listed["热度"].tolist()[0] == round(issues["heat"][0], 1)
    # a click on the first row lists exactly its reports
    app.session_state["explorer_hot"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    reports = next(d.value for d in app.dataframe if "相似度" in d.value.columns)
    assert len(reports) == issues["reports"][0]
    # a period that ends before the first issue begins lists none
    app.session_state[filter_panel.STATE]["period"] = (dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    app.run()
    assert not any("热度" in d.value.columns for d in app.dataframe) and any("没有热点诉求" in i.value for i in app.info)


def test_the_wall_shows_the_weeks_hottest_issues(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Four residents call about one building site in the data's last days: `models hot` makes it
    a hot issue and the wall lists the week's issues hottest first, with their place, words and
    counts; a week without any says so."""
    import re

    from streamlit.testing.v1 import AppTest

    from pipelines import profiles
    from pipelines.load import load
    from tests.helpers import case, page_html, sign_in, write_cases

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    with Store(city).reader() as con:
        now, grid, lon, lat = con.sql(
            "SELECT reported_at, grid_code, lon, lat FROM cases WHERE lon IS NOT NULL ORDER BY reported_at DESC LIMIT 1"
        ).fetchone()
    words = ["工地晚上施工太吵，睡不着", "工地晚上施工太吵了", "工地晚上施工太吵，已经好几天", "工地晚上施工太吵啊"]
    rows = [
        case(f"HOT{i}", reported=f"{now - dt.timedelta(hours=6 * (i + 1)):%Y-%m-%d %H:%M:%S}", channel="hotline", category_code="08001",
             grid_code=grid, lon=str(lon), lat=str(lat), description=w)
        for i, w in enumerate(words)
    ]  # fmt: skip
    load(city, profiles.resolve("canonical"), [write_cases(tmp_path / "hot.csv", rows)])
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    path = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")

    def hot_box() -> str:
        app = sign_in(AppTest.from_file(path, default_timeout=60))
        app.run()
        assert not app.exception
        return next(h for h in page_html(app) if h.startswith("<div class='gp-hot"))

    assert "本周暂无热点诉求" in hot_box()  # `models hot` has not run
    assert models_main(["hot", "--days", "7", "--data", str(city)]) == 0
    with Store(city).reader() as con:
        expected = con.execute(
            "SELECT h.heat, g.grid_name, h.text, h.reports, h.reporters, h.channels FROM hot_issues h JOIN grids g USING (grid_code) "
            "WHERE h.last_at >= ? ORDER BY h.heat DESC, h.reports DESC, h.issue_id LIMIT 5",
            [now - dt.timedelta(days=7)],
        ).fetchall()
        ours = con.execute("SELECT count(*) FROM hot_issue_cases WHERE case_id LIKE 'HOT%'").fetchone()[0]
    assert ours == 4 and expected
    box = hot_box()
    shown = re.findall(r"class='hv'>([\d.]+)</span><span class='ht'>([^<]*)</span><span class='hs'>([^<]*)</span>", box)
    shown = shown[: len(expected)]  # a scrolling list is drawn twice
    assert shown == [
        (f"{heat:.1f}", f"{name} · {text}", f"{reports:,} 件 · {people:,} 人 · {channels:,} 渠道")
        for heat, name, text, reports, people, channels in expected
    ]
