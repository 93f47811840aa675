"""Sign-in for the dashboard: local accounts (Argon2, slowed and locked after failures), optional
OIDC through Streamlit's ``st.login`` when ``[auth]`` is configured in ``.streamlit/secrets.toml``,
and read-only display tokens for wall screens. The signed-in user lives in session state and
expires after inactivity; every sign-in, failure and sign-out is audited."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass

import streamlit as st

from dashboard import data
from dashboard.i18n import t
from warehouse.accounts import AccountError, delay_after
from warehouse.settings import AuthSettings

KEY = "auth"


@dataclass(frozen=True)
class SessionUser:
    username: str
    role: str
    scope_kind: str | None
    scope_code: str | None
    via: str
    signed_in_at: dt.datetime
    must_change: bool = False

    @property
    def scoped(self) -> bool:
        return self.scope_kind is not None


accounts = data.accounts
audit_log = data.audit_log
audit = data.audit


def _settings() -> AuthSettings:
    return data.config().auth


def current_user() -> SessionUser | None:
    """The signed-in user, or None (also when the session has expired: it is then ended)."""
    if not _settings().required:
        return SessionUser("anonymous", "admin", None, None, "none", dt.datetime.now())
    raw = st.session_state.get(KEY)
    if not raw:
        return None
    now = dt.datetime.now()
    idle = dt.timedelta(minutes=_settings().idle_minutes)
    longest = dt.timedelta(hours=_settings().max_hours)
    if raw["via"] != "token" and (now - raw["last_seen"] > idle or now - raw["signed_in_at"] > longest):
        st.session_state.pop(KEY, None)
        return None
    raw["last_seen"] = now
    return SessionUser(**{k: v for k, v in raw.items() if k != "last_seen"})


def _start(user: SessionUser) -> None:
    st.session_state[KEY] = {**asdict(user), "last_seen": dt.datetime.now()}


def token_session(token: str) -> SessionUser | None:
    """A wall-only session for a valid display token (no interactive sign-in on a wall screen)."""
    name = accounts().check_display_token(token)
    if name is None:
        return None
    user = SessionUser(f"display:{name}", "display", None, None, "token", dt.datetime.now())
    _start(user)
    audit(user.username, "sign_in", name, {"via": "token"})
    return user


def sign_out() -> None:
    raw = st.session_state.pop(KEY, None)
    if raw:
        audit(raw["username"], "sign_out", raw["username"])


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all means: not configured
        return False


def sign_in_page(lang: str) -> None:
    """The sign-in form (and the OIDC button when configured)."""
    st.title(t("app_title", lang))
    if _oidc_configured():
        if st.user.is_logged_in:
            email = str(st.user.get("email") or "")
            found = accounts().get(email)
            if found:
                _start(SessionUser(found.username, found.role, found.scope_kind, found.scope_code, "oidc", dt.datetime.now()))
                audit(found.username, "sign_in", found.username, {"via": "oidc"})
                st.rerun()
            st.error(t("oidc_no_account", lang, email=email))
        elif st.button(t("sign_in_sso", lang)):
            st.login()
    with st.form("sign_in"):
        username = st.text_input(t("username", lang), max_chars=64, key="sign_in_username")
        password = st.text_input(t("password", lang), type="password", max_chars=200, key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in", lang), key="sign_in_submit")
    if not submitted:
        return
    try:
        user = accounts().authenticate(username, password)
    except AccountError:
        failures = accounts().failures(username)
        time.sleep(delay_after(failures))
        audit(f"user:{username[:64]}", "sign_in_failed", username[:64], {"failures": failures})
        st.error(t("sign_in_failed", lang))
        return
    _start(SessionUser(user.username, user.role, user.scope_kind, user.scope_code, "password", dt.datetime.now(), user.must_change))
    audit(user.username, "sign_in", user.username, {"via": "password"})
    st.rerun()


def change_password_page(user: SessionUser, lang: str) -> None:
    """First sign-in with a one-time password: choose a new one before anything else."""
    st.title(t("change_password", lang))
    with st.form("change_password"):
        old = st.text_input(t("password", lang), type="password", key="pw_old")
        new = st.text_input(t("new_password", lang), type="password", key="pw_new")
        submitted = st.form_submit_button(t("change_password", lang), key="pw_submit")
    if submitted:
        try:
            accounts().change_password(user.username, old, new)
        except AccountError as exc:
            st.error(str(exc))
            return
        st.session_state[KEY]["must_change"] = False
        st.rerun()


def require(page: str) -> SessionUser:
    """The signed-in user if this page is theirs; otherwise a refusal and the page stops. Pages
    call this first: the menu hides what a role may not open, and this refuses it even when the
    page is reached some other way."""
    from dashboard import permissions
    from dashboard.state import language

    user = current_user()
    if user is None or page not in permissions.pages_for(user.role, user.scoped):
        st.error(t("forbidden", language()))
        st.stop()
    return user
