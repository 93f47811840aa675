"""Scope on every byte sent (issue 15): for a community-scoped user, what the scope-aware pages
send to the browser — map layers and their tooltips, tables — names no grid outside the
community and outlines no region but the community and the street that holds it. Read from the
elements AppTest receives (the same protobufs the websocket carries), not from what is drawn."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import map_texts, sign_in, warehouse_copy
from warehouse.db import Store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
GRID_CODE = re.compile(r"(?<![\d.])\d{15}(?![\d.])")
REGION_CODE = re.compile(r"(?<![\d.])\d{9}(?:\d{3})?(?![\d.])")


@pytest.fixture(scope="module")
def city(small_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("scope") / "city"
    warehouse_copy(small_city, data)
    return data


def _names_to_codes(city: Path) -> dict[str, str]:
    """Grid, community and street names → codes (names, not codes, label maps and outlines)."""
    with Store(city).reader() as con:
        return dict(
            con.sql(
                "SELECT grid_name, grid_code FROM grids UNION SELECT DISTINCT community_name, community_code FROM grids"
                " UNION SELECT DISTINCT street_name, street_code FROM grids"
            ).fetchall()
        )


def _alert_community(city: Path) -> str:
    """A community with a hotspot alert whose grid has neighbours in other communities."""
    with Store(city).reader() as con:
        return con.sql(
            "SELECT community_code FROM risk_alerts WHERE kind = 'hotspot' AND status = 'open' ORDER BY score DESC LIMIT 1"
        ).fetchone()[0]


def _payloads(at: AppTest) -> list[str]:
    """Every map's data and every table's cells, as text."""
    # re-dumped without ASCII escapes, so names in Chinese can be found as written
    sent = [json.dumps(json.loads(el.proto.json), ensure_ascii=False) for el in at.get("deck_gl_json_chart")]
    if at.get("bidi_component"):  # the explorer's SVG map: its hover texts and labels, word by word
        sent.append(json.dumps(map_texts(at), ensure_ascii=False))
    for frame in at.dataframe:
        value = frame.value
        sent.append((value.data if hasattr(value, "data") else value).to_csv())
    return sent


def _outside(sent: list[str], scope: str, names: dict[str, str]) -> set[str]:
    found = set()
    for text in sent:
        found |= {c for c in GRID_CODE.findall(text) if not c.startswith(scope)}
        found |= {c for c in REGION_CODE.findall(text) if not (c.startswith(scope) or scope.startswith(c))}
        for name, code in names.items():
            if f'"{name}"' in text and not (code.startswith(scope) or scope.startswith(code)):
                found.add(f"{name} ({code})")
    return found


@pytest.mark.parametrize(("role", "page"), [("reviewer", "risk_alerts"), ("analyst", "explorer"), ("assessor", "assessment")])
def test_a_scoped_user_is_sent_only_their_community(city: Path, monkeypatch: pytest.MonkeyPatch, role: str, page: str):
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    scope = _alert_community(city)
    at = sign_in(AppTest.from_file(APP, default_timeout=120), role, scope=scope)
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception
    sent = _payloads(at)
    assert sent, f"{page} sent no map or table: the check would pass vacuously"
    if page == "risk_alerts":
        assert at.get("deck_gl_json_chart"), "the alert's map is shown"
    assert _outside(sent, scope, _names_to_codes(city)) == set()
