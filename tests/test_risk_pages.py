"""The risk-alert and model-quality pages under AppTest, on the small demo city after
`models backtest`, `models train` and `models alerts`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from orchestration.cli.models import main as models_main
from tests.helpers import sign_in
from warehouse.db import Store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def risk_city(loaded_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("risk") / "city"
    shutil.copytree(loaded_city, data, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["--data", str(data), "backtest", "--origins", "6"]) == 0
    models_main(["--data", str(data), "train"])  # may refuse: too few escalations in a small city
    assert models_main(["--data", str(data), "alerts"]) == 0
    return data


@pytest.fixture()
def app(risk_city: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GRIDPULSE_DATA", str(risk_city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    at = sign_in(AppTest.from_file(APP, default_timeout=60))
    at.run()
    return at


def published(data: Path) -> pl.DataFrame:
    with Store(data).reader() as con:
        return con.sql("SELECT * FROM risk_alerts").pl()


def test_queue_shows_the_open_alerts_and_filters_by_kind(app: AppTest, risk_city: Path):
    app.switch_page("views/risk_alerts.py").run()
    assert not app.exception
    alerts = published(risk_city)
    open_ = alerts.filter(pl.col("status") == "open")
    assert app.metric[0].value == f"{open_.height:,}"
    assert app.dataframe[0].value.shape[0] == open_.height
    # readable names instead of ids, and expected cases apart from escalation probabilities
    shown = app.dataframe[0].value
    assert list(shown.columns[:4]) == ["预警", "状态", "预计件数", "升级概率"]
    with Store(risk_city).reader() as con:
        names = dict(con.sql("SELECT grid_code, grid_name FROM grids").fetchall())
    first = open_.sort(["kind", "score", "alert_id"], descending=[False, True, False]).row(0, named=True)
    subject = first["subject_id"] if first["kind"] == "dispute" else names[first["grid_code"]]
    kind = {"hotspot": "热点网格", "dispute": "纠纷升级"}[first["kind"]]
    assert shown.iloc[0]["预警"] == f"{kind} · {subject} · {first['valid_from']:%m-%d}"
    hot = shown[shown["预警"].str.startswith("热点网格")]
    assert (hot["升级概率"] == "—").all() and hot["预计件数"].str.fullmatch(r"\d+\.\d").all()  # no "None" in the grid
    app.multiselect(key="alert_kinds").set_value(["hotspot"]).run()
    assert app.dataframe[0].value.shape[0] == open_.filter(pl.col("kind") == "hotspot").height
    # the detail shows the chosen alert's explanation
    first = app.selectbox(key="alert_chosen").value
    expected = alerts.filter(pl.col("alert_id") == first)["explanation"][0]
    from dashboard.safe import md

    assert any(md(expected) in m.value for m in app.markdown), (first, expected, [m.value for m in app.markdown])


def test_review_actions_are_validated_and_recorded(app: AppTest, risk_city: Path):
    app.switch_page("views/risk_alerts.py").run()
    chosen = app.selectbox(key="alert_chosen").value
    before = int(app.metric[0].value.replace(",", ""))
    # escalating without an assignee is refused with the field named, nothing stored
    app.radio(key="review_action").set_value("escalate")
    app.button(key="review_submit").click().run()
    assert any("assignee" in e.value for e in app.error)
    # confirming is recorded, shows in the history and leaves the open queue at once
    app.radio(key="review_action").set_value("confirm")
    app.button(key="review_submit").click().run()
    assert not app.exception
    assert any("已记录审核" in s.value for s in app.success)
    app.run()
    assert int(app.metric[0].value.replace(",", "")) == before - 1
    # the wall's pending-alerts tile counts by the same rule, at once (it said 42 beside the
    # queue's 40 until the next model run)
    app.switch_page("views/wall.py").run()
    tile = next(h.proto.body for h in app.get("html") if ">待研判预警</div>" in h.proto.body)
    assert f'">{before - 1:,}</div>' in tile, tile
    from models.review_store import ReviewStore

    store = ReviewStore(f"sqlite:///{risk_city / 'operational.db'}")
    history = store.history(chosen)
    store.dispose()
    assert [(h["action"], h["reviewer"]) for h in history] == [("confirm", "test-admin")]  # the signed-in user
    from warehouse.audit import AuditLog

    log = AuditLog(f"sqlite:///{risk_city / 'operational.db'}")
    reviews = [e for e in log.entries(action="alert_review") if e["target"] == chosen]
    assert [e["actor"] for e in reviews] == ["reviewer:test-admin"]
    # a confirmation carries no dismissal reason, in the audit log as in the store (the form's
    # reason box always has a value; it was logged for every action)
    assert json.loads(reviews[0]["detail"])["reason_code"] is None and history[0]["reason_code"] is None
    assert log.verify().ok
    log.dispose()


def test_model_quality_page_shows_every_method_and_the_choice(app: AppTest, risk_city: Path):
    app.switch_page("views/model_quality.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table.shape[0] == 6  # four baselines, gradient boosting and the self-exciting process
    assert {"方法", "类别", "命中率 5%", "PAI 5%", "PEI 5%", "泊松偏差", "预警网格确有案件占比"} <= set(table.columns)
    assert len(app.get("plotly_chart")) >= 2
    assert any("预警采用" in (m.value if hasattr(m, "value") else "") for m in list(app.success) + list(app.info))


def test_risk_pages_in_english(app: AppTest):
    app.sidebar.radio[0].set_value("English").run()
    app.switch_page("views/risk_alerts.py").run()
    assert not app.exception
    assert app.title[0].value == "Risk alerts"
    # the alerts explain themselves in English (the Chinese sentence was shown before)
    import re

    why = next(m.value for m in app.markdown if m.value.startswith("**Why it fired**"))
    assert re.search(r"cases expected next period \(risk density rank \d+\)|escalation probability \d+%", why), why
    assert not re.search(r"预测|升级概率|回测", why), why
    app.switch_page("views/model_quality.py").run()
    assert not app.exception
    assert app.title[0].value == "Model quality"
    assert {"method", "kind", "hit 5%", "PAI 5%", "Poisson deviance"} <= set(app.dataframe[0].value.columns)
