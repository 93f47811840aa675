"""Sign-in, roles × pages, region scope, display tokens and session expiry, under AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import permissions
from orchestration.cli.models import main as models_main
from tests.helpers import open_tab, sign_in, warehouse_copy
from warehouse.accounts import Accounts
from warehouse.audit import AuditLog
from warehouse.db import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGE_FILES = {
    "wall": "views/wall.py",
    "explorer": "views/explorer.py",
    "assessment": "views/assessment.py",
    "alerts": "views/risk_alerts.py",
    "incidents": "views/incidents.py",
    "models": "views/model_quality.py",
    "status": "views/data_status.py",
    "audit": "views/audit_log.py",
}


@pytest.fixture(scope="module")
def city(small_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("acl") / "city"
    warehouse_copy(small_city, data)
    assert models_main(["--data", str(data), "alerts"]) == 0
    return data


@pytest.fixture()
def app(city: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def url(city: Path) -> str:
    return f"sqlite:///{city / 'operational.db'}"


@pytest.mark.parametrize("role", ["leader", "analyst", "assessor", "reviewer", "admin"])
def test_each_role_reaches_exactly_its_pages(app: AppTest, role: str):
    sign_in(app, role).run()
    assert not app.exception
    allowed = permissions.pages_for(role, scoped=False)
    for page, path in PAGE_FILES.items():
        opened = try_page(app, path)
        assert opened == (page in allowed), (role, page)


def try_page(app: AppTest, path: str) -> bool:
    """Whether the page opened: a page outside the role's menu is either not registered at all
    or refuses itself (its content never runs)."""
    try:
        app.switch_page(path).run()
    except ValueError:
        app.run()
        return False
    assert not app.exception
    return not any("无权访问" in e.value for e in app.error)


def test_scoped_users_get_only_scope_aware_pages(app: AppTest):
    sign_in(app, "admin", scope="330125002").run()
    for page, path in PAGE_FILES.items():
        assert try_page(app, path) == (page in permissions.SCOPE_AWARE), page


def test_explorer_shows_only_the_scope_whatever_is_picked(app: AppTest, city: Path):
    street = "330125002"
    sign_in(app, "analyst", scope=street).run()
    app.switch_page("views/explorer.py").run()
    assert not app.exception
    with Store(city).reader() as con:
        newest = con.sql("SELECT max(reported_at) FROM cases").fetchone()[0]
        start = newest.date() - dt.timedelta(days=29)
        n = con.execute(
            "SELECT count(*) FROM cases WHERE street_code = ? AND reported_at >= ? AND reported_at < ?",
            [street, start, newest.date() + dt.timedelta(days=1)],
        ).fetchone()[0]
    assert app.metric[0].value == f"{n:,}"
    # the street choice offers the scope only (beside "all", which the scope overrides)
    with Store(city).reader() as con:
        name = con.execute("SELECT any_value(street_name) FROM grids WHERE street_code = ?", [street]).fetchone()[0]
    street_box = next(s for s in app.selectbox if s.label == "街道")
    assert set(street_box.options) == {"全部", name}
    # the cases table holds only the scope's cases
    open_tab(app, "tab_cases")
    table = app.dataframe[-1].value
    assert len(table) > 0


def test_alerts_and_assessment_in_a_community_scope(app: AppTest, city: Path):
    with Store(city).reader() as con:
        community = con.sql("SELECT community_code FROM risk_alerts WHERE kind = 'hotspot' ORDER BY score DESC LIMIT 1").fetchone()[0]
        expected = con.execute(
            "SELECT count(*) FROM risk_alerts WHERE status = 'open' AND grid_code LIKE ? || '%'", [community]
        ).fetchone()[0]
        name = con.execute("SELECT any_value(community_name) FROM grids WHERE community_code = ?", [community]).fetchone()[0]
    sign_in(app, "admin", scope=community).run()
    app.switch_page("views/risk_alerts.py").run()
    assert not app.exception
    assert app.metric[0].value == f"{expected:,}"
    assert set(app.dataframe[0].value["社区"]) == {name}  # every alert listed is in the scope's community
    app.switch_page("views/assessment.py").run()
    assert not app.exception
    kinds = app.selectbox(key="assess_object").options
    assert set(kinds) <= {"社区", "单元网格"} and "部门" not in kinds
    assert any("仅限全区权限" in c.value for c in app.caption)  # no district report download


def test_sign_in_form_lockout_and_first_password_change(app: AppTest, city: Path):
    accounts = Accounts(url(city))
    password = accounts.add("li.na", "leader")
    accounts.dispose()
    app.run()
    assert [t.value for t in app.title] == ["GridPulse 网格化管理分析"]
    assert not app.metric  # nothing but the form before sign-in
    app.text_input(key="sign_in_username").set_value("li.na")
    app.text_input(key="sign_in_password").set_value("wrong")
    app.button(key="sign_in_submit").click().run()
    assert any("登录失败" in e.value for e in app.error)
    app.text_input(key="sign_in_password").set_value(password)
    app.button(key="sign_in_submit").click().run()
    assert app.title[0].value == "修改初始密码"
    app.text_input(key="pw_old").set_value(password)
    app.text_input(key="pw_new").set_value("a-new-secret-1")
    app.text_input(key="pw_again").set_value("a-new-secret-1")
    app.button(key="pw_submit").click().run()
    assert not app.exception
    assert app.session_state["auth"]["username"] == "li.na" and app.session_state["auth"]["must_change"] is False
    log = AuditLog(url(city))
    actions = [(e["action"], e["target"]) for e in log.entries() if e["target"] == "li.na"]
    log.dispose()
    assert ("sign_in_failed", "li.na") in actions and ("sign_in", "li.na") in actions


def test_display_token_opens_the_wall_only(app: AppTest, city: Path):
    accounts = Accounts(url(city))
    token = accounts.add_display_token("hall-screen")
    accounts.dispose()
    app.query_params["token"] = token
    app.query_params["wall"] = "1"
    app.run()
    assert not app.exception
    assert app.session_state["auth"]["role"] == "display"
    for page in ("views/explorer.py", "views/data_status.py", "views/audit_log.py"):
        assert not try_page(app, page)
    # the screen reloads (a new Streamlit session each time): one sign-in entry per display session
    for _ in range(3):
        again = AppTest.from_file(APP, default_timeout=60)
        again.query_params["token"] = token
        again.query_params["wall"] = "1"
        again.run()
        assert again.session_state["auth"]["role"] == "display"
    log = AuditLog(url(city))
    sign_ins = [e for e in log.entries(action="sign_in") if e["actor"] == "display:hall-screen"]
    log.dispose()
    assert len(sign_ins) == 1


def test_bad_token_and_expired_session_get_the_sign_in_form(app: AppTest):
    app.query_params["token"] = "not-a-token' OR '1'='1"
    app.run()
    assert [t.label for t in app.text_input] == ["用户名", "密码"]
    stale = dt.datetime.now() - dt.timedelta(hours=9)
    sign_in(app, "admin")
    app.session_state["auth"] = {**app.session_state["auth"], "last_seen": stale}
    app.run()
    assert [t.label for t in app.text_input] == ["用户名", "密码"]


def test_readme_carries_the_permission_matrix():
    assert permissions.matrix_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_audit_page_for_admins_verifies_the_chain(app: AppTest, city: Path):
    sign_in(app, "admin").run()
    app.switch_page("views/audit_log.py").run()
    assert not app.exception
    app.button(key="audit_verify").click().run()
    assert any("哈希链完整" in s.value for s in app.success)
    assert isinstance(app.dataframe[0].value, object)
    assert pl.__version__


@pytest.mark.parametrize(("role", "shown"), [("admin", True), ("analyst", False)])
def test_upload_form_only_for_roles_that_may_upload(app: AppTest, role: str, shown: bool):
    sign_in(app, role).run()
    app.switch_page(PAGE_FILES["status"]).run()
    assert not app.exception
    assert (len(app.get("file_uploader")) > 0) == shown


OIDC = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "gridpulse",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def test_oidc_sign_in_maps_to_the_local_account(app: AppTest, city: Path):
    """st.login's identity (mocked here: no identity provider offline) gives the local account's
    role and scope; an e-mail without an account gets no session."""
    accounts = Accounts(url(city))
    accounts.add("li.na@city.gov.cn", "reviewer", "street", "330125002")
    accounts.dispose()
    app.secrets["auth"] = OIDC
    app.user["is_logged_in"] = True
    app.user["email"] = "li.na@city.gov.cn"
    app.run()
    assert not app.exception
    session = app.session_state["auth"]
    assert (session["username"], session["role"], session["scope_code"], session["via"]) == (
        "li.na@city.gov.cn",
        "reviewer",
        "330125002",
        "oidc",
    )
    assert app.title[0].value == "风险预警"  # a scoped reviewer's first page


def test_oidc_email_without_account_is_refused(app: AppTest):
    app.secrets["auth"] = OIDC
    app.user["is_logged_in"] = True
    app.user["email"] = "stranger@example.com"
    app.run()
    assert "auth" not in app.session_state
    assert any("没有本地账号" in e.value for e in app.error)


def test_sso_button_only_when_configured(app: AppTest):
    app.run()
    assert not [b for b in app.button if b.label == "统一身份认证登录"]
    app.secrets["auth"] = OIDC
    app.user["is_logged_in"] = False
    app.run()
    assert [b for b in app.button if b.label == "统一身份认证登录"]
