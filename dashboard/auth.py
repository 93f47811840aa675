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
from warehouse.accounts import CLIENT_LIMIT, MIN_PASSWORD, SESSION_TOKEN_RE, AccountError, delay_after
from warehouse.settings import AuthSettings

KEY = "auth"
COOKIE = "gridpulse_session"  # the browser's key to its kept session (a random token; the store has its hash)
COOKIE_OUT = "auth_cookie_out"  # a cookie to set or clear in the browser on this run
TOUCH_SECONDS = 60  # how often an active session restarts its idle clock in the store


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
    return data.security().auth


def current_user(touch: bool = True) -> SessionUser | None:
    """The signed-in user, or None. Checked on every rerun and every fragment refresh: a session
    ends when it has been idle or open too long, when its account was disabled, reset or had its
    password changed since, or when its wall token was revoked (one primary-key read). ``touch``
    marks activity; a fragment refreshing itself is not a person using the page."""
    if not _settings().required:
        return SessionUser("anonymous", "admin", None, None, "none", dt.datetime.now())
    raw = st.session_state.get(KEY) or _resume()
    if not raw:
        return None
    now = dt.datetime.now()
    idle = dt.timedelta(minutes=_settings().idle_minutes)
    longest = dt.timedelta(hours=_settings().max_hours)
    timed_out = raw["via"] != "token" and (now - raw["last_seen"] > idle or now - raw["signed_in_at"] > longest)
    if timed_out or not _still_valid(raw):
        st.session_state.pop(KEY, None)
        _forget(raw)
        audit(raw["username"], "session_end", raw["username"], {"why": "idle" if timed_out else "account changed"})
        return None
    if touch:
        raw["last_seen"] = now
        if raw.get("web") and (now - raw["web_touched"]).total_seconds() >= TOUCH_SECONDS:
            accounts().touch_web_session(raw["web"])
            raw["web_touched"] = now
    return SessionUser(**{k: v for k, v in raw.items() if k not in ("last_seen", "epoch", "web", "web_touched")})


def _still_valid(raw: dict) -> bool:
    """The account or token behind a session, as the store has it now."""
    if raw["via"] == "token":
        return accounts().token_valid(raw["username"].removeprefix("display:"))
    return accounts().session_valid(raw["username"], raw["epoch"])


def _start(user: SessionUser, epoch: int = 0, remember: bool = False) -> dict:
    """Open the session in this browser tab; with ``remember`` (an interactive sign-in) the
    browser also keeps it, so a reload, a bookmark or a new tab does not ask again."""
    now = dt.datetime.now()
    raw = {**asdict(user), "last_seen": now, "epoch": epoch, "web": None, "web_touched": now}
    if remember:
        raw["web"] = accounts().open_web_session(user.username, epoch, _settings().max_hours)
        st.session_state[COOKIE_OUT] = raw["web"]
    st.session_state[KEY] = raw
    return raw


def _resume() -> dict | None:
    """The session the browser kept (its cookie), if the store still holds it valid: a reload or
    a new tab starts a new Streamlit session, which would otherwise ask for the password again.
    The session keeps its first sign-in time, so its longest life counts from there."""
    token = browser_cookie()
    found = accounts().resume_web_session(token, _settings().idle_minutes) if token else None
    if found is None:
        return None
    account, signed_in_at = found
    user = SessionUser(account.username, account.role, account.scope_kind, account.scope_code, "session", signed_in_at)
    raw = _start(user, account.session_epoch)
    raw["web"] = token
    return raw


def browser_cookie() -> str | None:
    """The session cookie the browser sent when this Streamlit session connected."""
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser behind this run (a script test): nothing kept
        return None


def _forget(raw: dict) -> None:
    """End the kept session in the store and in the browser."""
    if raw.get("web"):
        accounts().close_web_session(raw["web"])
        st.session_state[COOKIE_OUT] = ""


def write_cookie() -> None:
    """Set or clear the session cookie in the browser, once, on the run after it changed. The
    token is only letters, digits, '-' and '_' (checked again here); SameSite=Strict keeps it
    from other sites' requests, Secure when the page is served over HTTPS."""
    value = st.session_state.pop(COOKIE_OUT, None)
    if value is None:
        return
    if value and not SESSION_TOKEN_RE.match(value):
        raise ValueError("a session token must be URL-safe base64")
    age = int(_settings().max_hours * 3600) if value else 0
    st.html(
        "<script>document.cookie = '"
        + f"{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict"
        + "' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def token_session(token: str) -> SessionUser | None:
    """A wall-only session for a valid display token (no interactive sign-in on a wall screen)."""
    name = accounts().check_display_token(token)
    if name is None:
        return None
    user = SessionUser(f"display:{name}", "display", None, None, "token", dt.datetime.now())
    _start(user)
    # a wall screen reloads itself (and is reloaded) all day: one sign-in entry per display
    # session of up to max_hours, not one per reload
    last = audit_log().entries(limit=1, action="sign_in", actor=user.username)
    if not last or dt.datetime.now() - last[0]["at"] > dt.timedelta(hours=_settings().max_hours):
        audit(user.username, "sign_in", name, {"via": "token"})
    return user


def sign_out() -> None:
    raw = st.session_state.pop(KEY, None)
    if raw:
        _forget(raw)
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
                _start(
                    SessionUser(found.username, found.role, found.scope_kind, found.scope_code, "oidc", dt.datetime.now()),
                    found.session_epoch,
                    remember=True,
                )
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
    client = f"client:{_client_address()}"
    try:
        if accounts().recent_failures(client) >= CLIENT_LIMIT:  # refused unchecked, answered alike
            raise AccountError("too many failed sign-ins from this client")
        user = accounts().authenticate(username, password)
    except AccountError:
        # the delay grows with the failures under the attempted name, real or not, and from this
        # client: an unknown name waits as long as a real one
        failures = accounts().record_failure([f"user:{username.lower()}", client])
        time.sleep(delay_after(failures))
        shown = printable(username)
        audit(f"user:{shown}", "sign_in_failed", shown, {"failures": failures})
        st.error(t("sign_in_failed", lang))
        return
    _start(
        SessionUser(user.username, user.role, user.scope_kind, user.scope_code, "password", dt.datetime.now(), user.must_change),
        user.session_epoch,
        remember=True,
    )
    audit(user.username, "sign_in", user.username, {"via": "password"})
    st.rerun()


def change_password_page(user: SessionUser, lang: str) -> None:
    """First sign-in with a one-time password: choose a new one before anything else."""
    st.title(t("change_password", lang))
    with st.form("change_password"):
        old = st.text_input(t("password", lang), type="password", key="pw_old")
        new = st.text_input(t("new_password", lang), type="password", key="pw_new")
        again = st.text_input(t("new_password_again", lang), type="password", key="pw_again")
        submitted = st.form_submit_button(t("change_password", lang), key="pw_submit")
    if submitted:
        # said in the UI's language, before the store is asked (its messages are for the log)
        if len(new) < MIN_PASSWORD or new == old:
            st.error(t("password_rules", lang, n=MIN_PASSWORD))
            return
        if new != again:
            st.error(t("password_mismatch", lang))
            return
        try:
            epoch = accounts().change_password(user.username, old, new)
        except AccountError:
            st.error(t("password_old_wrong", lang))
            return
        raw = st.session_state[KEY]
        raw.update(must_change=False, epoch=epoch)  # this session goes on; others end
        if raw.get("web"):
            accounts().touch_web_session(raw["web"], epoch)
        audit(user.username, "password_change", user.username)
        st.rerun()


def _client_address() -> str:
    """The browser's address as Streamlit saw it (behind a proxy: the proxy's, unless it is
    configured to forward it); "unknown" where there is none."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def printable(text: str, limit: int = 64) -> str:
    """An attempted username as the audit keeps it: control and other unprintable characters
    escaped (``\\x1b``), at most ``limit`` characters."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)[:limit]


def require(page: str, touch: bool = True) -> SessionUser:
    """The signed-in user if this page is theirs; otherwise a refusal and the page stops. Pages
    call this first: the menu hides what a role may not open, and this refuses it even when the
    page is reached some other way."""
    from dashboard import permissions
    from dashboard.state import language

    user = current_user(touch)
    if user is None or page not in permissions.pages_for(user.role, user.scoped):
        st.error(t("forbidden", language()))
        st.stop()
    return user
