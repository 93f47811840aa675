"""Alerts on the small demo city: published forecast, idempotent re-runs, review decisions
flowing back into risk_alerts, and the backtest command's JSON contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models import alerts
from models.review_store import Decision, ReviewStore
from orchestration.cli.models import main as models_main
from warehouse.db import Store


@pytest.fixture()
def city(small_city: Path, tmp_path: Path) -> Path:
    data = tmp_path / "city"
    shutil.copytree(small_city, data, ignore=shutil.ignore_patterns("raw"))
    return data


def table(data: Path, name: str):
    with Store(data).reader() as con:
        return con.sql(f"SELECT * FROM {name}").pl()  # noqa: S608 - fixed table names from this test


def test_alerts_publish_and_rerun_updates_instead_of_duplicating(city: Path):
    url = f"sqlite:///{city / 'ops.db'}"
    first = alerts.run(city, store_url=url)
    fc = table(city, "hotspot_forecast")
    assert fc.height == table(city, "grids").height
    assert sorted(fc["density_rank"].to_list()) == list(range(1, fc.height + 1))
    a1 = table(city, "risk_alerts")
    hot = a1.filter(a1["kind"] == "hotspot")
    assert hot.height == first["hotspot_alerts"]
    assert hot.filter(hot["rank"] <= 20).height == 20  # the top-k grids are all there
    # each alert's score is its grid's forecast
    joined = hot.join(fc, on="grid_code")
    assert (joined["score"] - joined["expected"]).abs().max() == 0
    assert set(a1["status"]) == {"open"}
    assert a1["snapshot_id"].unique().to_list() == [first["snapshot_id"]]

    alerts.run(city, store_url=url)
    a2 = table(city, "risk_alerts")
    assert sorted(a2["alert_id"]) == sorted(a1["alert_id"])  # same alerts, not new copies

    target = hot.sort("rank")["alert_id"][0]
    store = ReviewStore(url)
    store.record(Decision(target, "dismiss", "张审核", reason_code="no_issue_found"))
    store.dispose()
    alerts.run(city, store_url=url)
    a3 = table(city, "risk_alerts")
    assert a3.filter(a3["alert_id"] == target)["status"].to_list() == ["dismissed"]
    assert a3.height == a1.height  # the dismissed grid is not re-alerted during the cooldown
    assert a3.filter(a3["status"] == "open").height == a1.height - 1


def test_backtest_command_prints_the_contract_json(city: Path, capsys):
    assert models_main(["--data", str(city), "backtest", "--json", "--origins", "6", "--horizon", "1", "--horizon", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["methods"]) == {"last_period", "moving_average", "prospective", "kernel_density", "poisson_gbm", "self_exciting"}
    for entry in out["methods"].values():
        for h in ("1", "4"):
            cov = entry["horizons"][h]["coverage"]
            assert set(cov) == {"1%", "5%", "10%"}
            assert set(cov["5%"]) == {"hit_rate", "pai", "pei"}
            assert 0 <= cov["5%"]["hit_rate"] <= 1
            assert cov["5%"]["pai"] == pytest.approx(cov["5%"]["hit_rate"] / 0.05)
            assert entry["horizons"][h]["poisson_deviance"] >= 0
    assert out["horizons"]["1"]["origins"] == 6
    assert out["chosen"]["method"] in out["methods"]
    # the alerts now name the method the backtest chose
    summary = alerts.run(city, store_url=f"sqlite:///{city / 'ops.db'}")
    assert summary["method"] == out["chosen"]["method"]
    assert summary["model_version"] == out["version"]


def test_backtest_on_square_cells_and_bad_options(city: Path, capsys):
    assert (
        models_main(
            ["--data", str(city), "backtest", "--json", "--origins", "4", "--horizon", "1", "--cell", "500", "--method", "moving_average"]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["panel"]["cells"] == "square 500 m"
    assert models_main(["--data", str(city), "backtest", "--cell", "1"]) == 2
    assert "between 10 and 10,000 metres" in capsys.readouterr().err


def test_review_command_records_and_refuses_unknown_ids(city: Path, capsys, monkeypatch):
    monkeypatch.setenv("GRIDPULSE_STORE_URL", f"sqlite:///{city / 'cli.db'}")
    alerts.run(city)
    alert_id = table(city, "risk_alerts")["alert_id"][0]
    assert models_main(["--data", str(city), "review", "x' OR 1=1 --", "--action", "confirm", "--reviewer", "张审核"]) == 2
    assert "no published alert" in capsys.readouterr().err
    assert models_main(["--data", str(city), "review", alert_id, "--action", "escalate", "--reviewer", "张审核"]) == 2
    assert "assignee and due_date" in capsys.readouterr().err
    argv = [
        "--data",
        str(city),
        "review",
        alert_id,
        "--action",
        "escalate",
        "--reviewer",
        "张审核",
        "--assignee",
        "城管执法局",
        "--due",
        "2026-11-09",
    ]
    assert models_main(argv) == 0
    store = ReviewStore(f"sqlite:///{city / 'cli.db'}")
    assert [(h["status"], h["assignee"]) for h in store.history(alert_id)] == [("escalated", "城管执法局")]
    store.dispose()
