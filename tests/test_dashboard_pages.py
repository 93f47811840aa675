"""Every page opens under Streamlit's AppTest and shows the warehouse's own numbers."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from warehouse.db import Store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def app(small_city: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GRIDPULSE_DATA", str(small_city))
    return AppTest.from_file(APP, default_timeout=60)


def test_data_page_numbers_match_the_warehouse(app: AppTest, small_city: Path):
    app.run()
    assert not app.exception
    with Store(small_city).reader() as con:
        cases, quarantined, grids = con.sql(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM quarantine), (SELECT count(*) FROM grids)"
        ).fetchone()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["案件数"] == f"{cases:,}"
    assert metrics["隔离行数"] == f"{quarantined:,}"
    assert metrics["单元网格"] == f"{grids:,}"
    assert len(app.dataframe) == 4
    assert app.title[0].value == "数据状态"


def test_data_page_in_english_and_reason_filter(app: AppTest):
    app.run()
    app.sidebar.radio[0].set_value("English").run()
    assert app.title[0].value == "Data status"
    reason = app.selectbox[0].options[1]
    app.selectbox[0].set_value(reason).run()
    assert not app.exception
    shown = app.dataframe[-1].value
    assert len(shown) > 0 and set(shown["reason code"]) == {reason}
