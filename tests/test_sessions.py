"""Access that stays shut (issue 15, sessions and accounts): open sessions are re-checked on every
rerun and wall refresh, the lock-out counts atomically under parallel attempts, unknown names are
answered like real ones, a lock is not extended, one client cannot guess on for ever, the audit
keeps attempted names escaped, password changes are audited and one-time passwords expire."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard.auth import printable
from tests.helpers import sign_in, warehouse_copy
from warehouse import operational
from warehouse.accounts import CLIENT_LIMIT, LOCK_AFTER, AccountError, Accounts, delay_after
from warehouse.audit import AuditLog

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
T0 = dt.datetime(2026, 11, 26, 9, 0)
SIGN_IN_FORM = ["用户名", "密码"]


@pytest.fixture(scope="module")
def city(loaded_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("sessions") / "city"
    warehouse_copy(loaded_city, data)
    return data


@pytest.fixture()
def app(city: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def store(city: Path) -> Accounts:
    return Accounts(f"sqlite:///{city / 'operational.db'}")


def form_shown(app: AppTest) -> bool:
    return [t.label for t in app.text_input] == SIGN_IN_FORM


@pytest.mark.parametrize("change", ["disable", "reset", "password"])
def test_an_open_session_ends_when_its_account_changes(app: AppTest, city: Path, change: str):
    name = f"open-{change}"
    sign_in(app, "analyst", username=name).run()
    app.switch_page("views/explorer.py").run()
    assert not form_shown(app) and not app.exception
    accounts = store(city)
    if change == "password":  # changed in another session: this one must sign in again
        first = accounts.reset(name)
        accounts.change_password(name, first, "another-long-secret")
    else:
        getattr(accounts, change)(name)
    accounts.dispose()
    app.run()
    assert form_shown(app)  # the next rerun, not the next sign-in, ends it
    assert "auth" not in app.session_state
    log = AuditLog(f"sqlite:///{city / 'operational.db'}")
    assert ("session_end", name) in [(e["action"], e["target"]) for e in log.entries()]
    log.dispose()


def test_a_revoked_wall_token_ends_the_kiosk_session(app: AppTest, city: Path):
    accounts = store(city)
    token = accounts.add_display_token("lobby-screen")
    app.query_params["token"] = token
    app.query_params["wall"] = "1"
    app.run()
    assert app.session_state["auth"]["role"] == "display"
    accounts.revoke_display_token("lobby-screen")
    accounts.dispose()
    app.query_params.pop("token")  # the screen reruns (or its fragment refreshes) without the link
    app.run()
    assert "auth" not in app.session_state and form_shown(app)


def test_a_wall_refresh_is_not_activity(app: AppTest, city: Path, monkeypatch: pytest.MonkeyPatch):
    """The fragment re-checks without touching: a wall left open past the idle time signs out."""
    import dashboard.auth as auth

    sign_in(app, "leader", username="wall-leader").run()
    seen = app.session_state["auth"]["last_seen"]
    monkeypatch.setattr(auth.st, "session_state", {"auth": dict(app.session_state["auth"])})
    assert auth.current_user(touch=False) is not None
    assert auth.st.session_state["auth"]["last_seen"] == seen  # untouched by the refresh
    auth.st.session_state["auth"]["last_seen"] = seen - dt.timedelta(hours=9)
    assert auth.current_user(touch=False) is None


def test_parallel_wrong_passwords_lock_the_account(store_url: str):
    accounts = Accounts(store_url)
    accounts.add("race", "analyst")
    barrier = threading.Barrier(18)

    def attempt() -> None:
        barrier.wait()
        with pytest.raises(AccountError):
            accounts.authenticate("race", "wrong", now=T0)

    threads = [threading.Thread(target=attempt) for _ in range(18)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    with accounts.engine.connect() as con:
        failed, locked = con.execute(sa.text("SELECT failed_count, locked_until FROM users WHERE username = 'race'")).one()
    assert failed >= LOCK_AFTER and locked is not None  # every attempt counted until the lock
    accounts.dispose()


def test_a_lock_is_not_extended_and_unknown_names_wait_as_long(store_url: str):
    accounts = Accounts(store_url)
    password = accounts.add("zhou", "analyst")
    for _ in range(LOCK_AFTER):
        with pytest.raises(AccountError):
            accounts.authenticate("zhou", "wrong", now=T0)
    with accounts.engine.connect() as con:
        before = con.execute(sa.text("SELECT failed_count, locked_until FROM users WHERE username = 'zhou'")).one()
    for minutes in (5, 10, 14):  # more attempts while locked: counted nowhere, lock unchanged
        with pytest.raises(AccountError):
            accounts.authenticate("zhou", "wrong", now=T0 + dt.timedelta(minutes=minutes))
    with accounts.engine.connect() as con:
        assert con.execute(sa.text("SELECT failed_count, locked_until FROM users WHERE username = 'zhou'")).one() == before
    assert accounts.authenticate("zhou", password, now=T0 + dt.timedelta(minutes=16)).username == "zhou"
    # the delay grows with the failures under the attempted name, whether or not it exists
    real = [accounts.record_failure(["user:zhou"], now=T0) for _ in range(4)]
    unknown = [accounts.record_failure(["user:no-such-person"], now=T0) for _ in range(4)]
    assert real == unknown == [1, 2, 3, 4]
    assert delay_after(real[-1]) == delay_after(unknown[-1]) == 2.0
    assert accounts.record_failure(["user:zhou"], now=T0 + dt.timedelta(minutes=20)) == 1  # a new window
    accounts.dispose()


def test_one_client_is_refused_after_its_limit(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    city = tmp_path / "city"  # its own store: the refused client must not leak into other tests
    warehouse_copy(loaded_city, city)
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    # the growing delay (tested on its own) would make this test wait 75 s for nothing it checks
    monkeypatch.setattr("dashboard.auth.delay_after", lambda failures: 0.0)
    app = AppTest.from_file(APP, default_timeout=60)
    accounts = store(city)
    password = accounts.add("patient", "analyst")
    accounts.dispose()
    app.run()
    for i in range(CLIENT_LIMIT):
        app.text_input(key="sign_in_username").input(f"guess-{i}")
        app.text_input(key="sign_in_password").input("x")
        app.button(key="sign_in_submit").click().run(timeout=120)
    app.text_input(key="sign_in_username").input("patient")
    app.text_input(key="sign_in_password").input(password)
    app.button(key="sign_in_submit").click().run(timeout=120)
    assert "auth" not in app.session_state and app.error  # even the right password, from this client
    log = AuditLog(f"sqlite:///{city / 'operational.db'}")
    failed = [e for e in log.entries() if e["action"] == "sign_in_failed"]
    assert len(failed) >= CLIENT_LIMIT + 1
    log.dispose()


def test_the_audit_keeps_attempted_names_escaped_and_short():
    hostile = "\x1b[31mroot\x00" + "x" * 200
    shown = printable(hostile)
    assert shown.startswith("\\x1b[31mroot\\x00") and len(shown) == 64 and shown.isprintable()
    assert printable("王小明") == "王小明"


def test_one_time_passwords_expire(store_url: str):
    accounts = Accounts(store_url)
    first = accounts.add("new.user", "analyst")
    with accounts.engine.begin() as con:  # created a day and an hour ago, never used
        con.execute(sa.text("UPDATE users SET password_expires_at = :t WHERE username = 'new.user'"), {"t": T0})
    with pytest.raises(AccountError):
        accounts.authenticate("new.user", first, now=T0 + dt.timedelta(minutes=1))
    assert accounts.authenticate("new.user", first, now=T0 - dt.timedelta(minutes=1)).must_change
    fresh = accounts.reset("new.user")
    accounts.change_password("new.user", fresh, "a-chosen-secret")
    assert accounts.authenticate("new.user", "a-chosen-secret", now=T0 + dt.timedelta(days=400)).must_change is False
    accounts.dispose()


def test_a_password_change_is_audited_and_keeps_its_own_session(app: AppTest, city: Path):
    local = store(city)
    one_time = local.add("changer", "analyst")
    local.dispose()
    app.run()
    app.text_input(key="sign_in_username").input("changer")
    app.text_input(key="sign_in_password").input(one_time)
    app.button(key="sign_in_submit").click().run()
    app.text_input(key="pw_old").input(one_time)
    app.text_input(key="pw_new").input("my-own-long-secret")
    app.text_input(key="pw_again").input("my-own-long-secret-typo")  # a slip: refused in Chinese, nothing changed
    app.button(key="pw_submit").click().run()
    assert [e.value for e in app.error] == ["两次输入的新密码不一致。"] and app.session_state["auth"]["must_change"] is True
    app.text_input(key="pw_old").input(one_time)
    app.text_input(key="pw_new").input("short")
    app.text_input(key="pw_again").input("short")
    app.button(key="pw_submit").click().run()
    assert [e.value for e in app.error] == ["新密码至少10位，且不能与原密码相同。"]
    app.text_input(key="pw_old").input(one_time)
    app.text_input(key="pw_new").input("my-own-long-secret")
    app.text_input(key="pw_again").input("my-own-long-secret")
    app.button(key="pw_submit").click().run()
    assert app.session_state["auth"]["must_change"] is False
    log = AuditLog(f"sqlite:///{city / 'operational.db'}")
    assert ("password_change", "changer") in [(e["action"], e["target"]) for e in log.entries()]
    log.dispose()
    app.run()  # the session that changed the password carries on
    assert not form_shown(app)


def test_a_store_from_an_older_version_gains_the_new_columns(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as con:  # the users table as the first version made it
        con.exec_driver_sql(
            "CREATE TABLE users (username VARCHAR(64) PRIMARY KEY, role VARCHAR(16) NOT NULL, scope_kind VARCHAR(16),"
            " scope_code VARCHAR(16), password_hash VARCHAR(200) NOT NULL, must_change BOOLEAN NOT NULL,"
            " disabled BOOLEAN NOT NULL, failed_count INTEGER NOT NULL, locked_until DATETIME,"
            " created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL)"
        )
        con.exec_driver_sql("INSERT INTO users VALUES ('old.admin', 'admin', NULL, NULL, 'x', 0, 0, 0, NULL, '2026-01-01', '2026-01-01')")
    engine.dispose()
    accounts = Accounts(url)
    columns = {c["name"] for c in sa.inspect(accounts.engine).get_columns("users")}
    assert {"session_epoch", "password_expires_at"} <= columns
    assert accounts.session_valid("old.admin", 0)  # existing rows get the default epoch
    accounts.dispose()
    assert operational.metadata.tables["sign_in_failures"] is not None


def test_a_kept_browser_session_resumes_until_revoked_expired_idle_or_the_account_changes(store_url: str):
    """What a reload or a new tab presents (the cookie's token) resumes the session only while
    the store holds it valid; the store keeps the token's hash, never the token."""
    accounts = Accounts(store_url)
    first = accounts.add("kept", "leader")
    accounts.change_password("kept", first, "a-long-enough-secret")
    epoch = accounts.session_epoch("kept")
    token = accounts.open_web_session("kept", epoch, hours=8, now=T0)
    user, started = accounts.resume_web_session(token, idle_minutes=30, now=T0 + dt.timedelta(minutes=10))
    assert (user.username, user.role, started) == ("kept", "leader", T0)
    # idle: 40 minutes after the last resume, with 30 allowed
    assert accounts.resume_web_session(token, idle_minutes=30, now=T0 + dt.timedelta(minutes=50)) is None
    # expired: an hour's session asked for after 61 minutes, however active
    short = accounts.open_web_session("kept", epoch, hours=1, now=T0)
    assert accounts.resume_web_session(short, idle_minutes=120, now=T0 + dt.timedelta(minutes=59)) is not None
    assert accounts.resume_web_session(short, idle_minutes=120, now=T0 + dt.timedelta(minutes=61)) is None
    # revoked (sign-out)
    out = accounts.open_web_session("kept", epoch, hours=8, now=T0)
    accounts.close_web_session(out)
    assert accounts.resume_web_session(out, idle_minutes=30, now=T0) is None
    # the account reset (or disabled, or its password changed elsewhere) ends every kept session
    kept = accounts.open_web_session("kept", epoch, hours=8, now=T0)
    own = accounts.open_web_session("kept", epoch, hours=8, now=T0)
    accounts.change_password("kept", "a-long-enough-secret", "another-long-secret")
    accounts.touch_web_session(own, accounts.session_epoch("kept"), now=T0)  # the changing session goes on
    assert accounts.resume_web_session(kept, idle_minutes=30, now=T0) is None
    assert accounts.resume_web_session(own, idle_minutes=30, now=T0) is not None
    accounts.reset("kept")
    assert accounts.resume_web_session(own, idle_minutes=30, now=T0) is None
    # anything that is not a token of ours
    for bad in ["", "x" * 43, "'; DROP TABLE users; --", token + "=", None]:
        assert accounts.resume_web_session(bad, idle_minutes=30, now=T0) is None
    with accounts.engine.connect() as con:
        stored = [tuple(r) for r in con.execute(sa.text("SELECT * FROM web_sessions"))]
    assert stored and not any(token in map(str, row) or own in map(str, row) for row in stored)
    accounts.dispose()


def test_a_reload_resumes_the_session_and_sign_out_ends_it(app: AppTest, city: Path, monkeypatch: pytest.MonkeyPatch):
    """A password sign-in sets the cookie (a script with the token, SameSite=Strict); a new
    Streamlit session presenting it (a reload, a new tab) opens signed in without the form; after
    sign-out the same cookie opens the form and the browser is told to drop it."""
    import dashboard.auth as auth

    accounts = store(city)
    first = accounts.add("reloader", "analyst")
    accounts.change_password("reloader", first, "reloads-all-day")
    accounts.dispose()
    app.run()
    app.text_input(key="sign_in_username").input("reloader")
    app.text_input(key="sign_in_password").input("reloads-all-day")
    app.button(key="sign_in_submit").click().run()
    token = app.session_state["auth"]["web"]
    scripts = [h.proto.body for h in app.get("html")]
    assert [s for s in scripts if f"gridpulse_session={token}; Path=/; Max-Age=43200; SameSite=Strict" in s], (
        scripts
    )  # 12 h, [auth] max_hours

    monkeypatch.setattr(auth, "browser_cookie", lambda: token)
    reloaded = AppTest.from_file(APP, default_timeout=60)
    reloaded.run()
    assert not form_shown(reloaded) and not reloaded.exception
    assert reloaded.session_state["auth"]["username"] == "reloader"
    assert reloaded.session_state["auth"]["via"] == "session"
    reloaded.button(key="sign_out").click().run()
    assert form_shown(reloaded)
    assert any("gridpulse_session=; Path=/; Max-Age=0" in h.proto.body for h in reloaded.get("html"))
    again = AppTest.from_file(APP, default_timeout=60)
    again.run()
    assert form_shown(again)
