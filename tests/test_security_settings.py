"""Security settings take effect at start only (issue 15): an edit of the configuration while the
server runs changes nothing until the next start, and [auth] required = false alone never opens
the dashboard — it takes the explicit --no-sign-in flag as well, and the effective state is
audited at start."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import audit_config
from tests.helpers import warehouse_copy
from warehouse.audit import AuditLog
from warehouse.settings import NO_SIGN_IN_FLAG

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
FORM = ["用户名", "密码"]


@pytest.fixture()
def city(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "city"
    warehouse_copy(loaded_city, data)
    monkeypatch.setenv("GRIDPULSE_DATA", str(data))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    monkeypatch.delenv("GRIDPULSE_CONFIG", raising=False)
    monkeypatch.delenv(NO_SIGN_IN_FLAG, raising=False)
    return data


def _form(at: AppTest) -> bool:
    return [t.label for t in at.text_input] == FORM


def test_an_edit_while_running_changes_nothing(city: Path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert _form(at)
    (city / "gridpulse.toml").write_text("[auth]\nrequired = false\n", encoding="utf-8")
    at.run()
    assert _form(at)  # still asks: the server read its security settings when it started


def test_sign_in_off_needs_the_flag_as_well(city: Path, monkeypatch: pytest.MonkeyPatch):
    (city / "gridpulse.toml").write_text("[auth]\nrequired = false\n", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert _form(at)  # the file alone: sign-in stays on
    monkeypatch.setenv(NO_SIGN_IN_FLAG, "1")
    import streamlit as st

    st.cache_resource.clear()  # a new server start
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not _form(at) and not at.exception  # file and flag together: open
    audit_config(city)
    log = AuditLog(f"sqlite:///{city / 'operational.db'}")
    entry = next(e for e in log.entries() if e["action"] == "config_change")
    log.dispose()
    assert '"sign_in": false' in entry["detail"]
    st.cache_resource.clear()
