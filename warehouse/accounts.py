"""Local accounts in the operational store: Argon2 password hashes, roles, a region scope, and
sign-in that slows and then locks after repeated failures.

Passwords are never stored or logged, only their Argon2id hashes; new and reset accounts get a
one-time password that must be changed at the first sign-in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warehouse import operational
from warehouse.operational import metadata

ROLES = ("leader", "analyst", "assessor", "reviewer", "admin")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")  # "@": OIDC accounts are named by e-mail
SCOPE_RE = {"street": re.compile(r"^\d{9}$"), "community": re.compile(r"^\d{12}$")}
LOCK_AFTER = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
ONE_TIME_HOURS = 24  # a new or reset account's one-time password expires unused after this
CLIENT_LIMIT = 20  # failed sign-ins from one client in LOCK_MINUTES before it is refused outright
FAILED = "sign-in failed: wrong username or password, or the account is locked or disabled"

users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("scope_kind", sa.String(16)),
    sa.Column("scope_code", sa.String(16)),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("must_change", sa.Boolean, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("failed_count", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    # raised by every change that must end open sessions (reset, password change, disable, enable)
    sa.Column("session_epoch", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("password_expires_at", sa.DateTime),  # a one-time password's expiry; None once changed
)
# Failed sign-ins by attempted username and by client (hashed keys: an attempted name is not kept
# in clear), in windows of LOCK_MINUTES: the delay and the per-client limit read them, so an
# unknown name is answered as slowly as a real one and guessing from one client stops.
sign_in_failures = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("key_sha256", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("window_start", sa.DateTime, nullable=False),
)
display_tokens = sa.Table(
    "display_tokens",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("revoked", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
# Signed-in browser sessions that outlast a reload or a new tab: the browser keeps a random token
# in a cookie, the store keeps its SHA-256 with the account's session epoch, so a reset, password
# change or disable ends it as it ends the open session; signing out revokes it.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("session_epoch", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("revoked", sa.Boolean, nullable=False),
)
SESSION_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))  # verified against for unknown or locked accounts


class AccountError(ValueError):
    """A request about an account that cannot be done as given (the message says why)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    scope_kind: str | None
    scope_code: str | None
    must_change: bool
    session_epoch: int = 0  # a session opened at this epoch stays valid while the account's is the same


def delay_after(failures: int) -> float:
    """Seconds to wait before answering a failed sign-in: doubling from 0.25 s, at most 4 s."""
    return 0.0 if failures <= 0 else min(4.0, 0.25 * 2 ** (failures - 1))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password or ""))
    except (VerificationError, InvalidHashError):
        return False


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Accounts:
    def __init__(self, url: str) -> None:
        self.engine = operational.create(url)

    def add(self, username: str, role: str, scope_kind: str | None = None, scope_code: str | None = None) -> str:
        """Create an account; returns its one-time password (shown once, never stored)."""
        if not USERNAME_RE.match(username or ""):
            raise AccountError("username: 3–64 letters, digits, '_', '.', '@' or '-'")
        if role not in ROLES:
            raise AccountError(f"role: one of {', '.join(ROLES)}")
        if (scope_kind is None) != (scope_code is None) or (
            scope_kind and not SCOPE_RE.get(scope_kind, re.compile("$^")).match(scope_code or "")
        ):
            raise AccountError("scope: a street (9-digit code) or a community (12-digit code), or none for the whole district")
        password = secrets.token_urlsafe(12)
        now = _now()
        row = {
            "username": username,
            "role": role,
            "scope_kind": scope_kind,
            "scope_code": scope_code,
            "password_hash": _hasher.hash(password),
            "must_change": True,
            "disabled": False,
            "failed_count": 0,
            "locked_until": None,
            "created_at": now,
            "updated_at": now,
            "session_epoch": 0,
            "password_expires_at": now + dt.timedelta(hours=ONE_TIME_HOURS),
        }
        try:
            with self.engine.begin() as con:
                con.execute(users.insert().values(**row))
        except sa.exc.IntegrityError as exc:
            raise AccountError(f"username: {username!r} exists already") from exc
        return password

    def list(self) -> list[dict]:
        """Every account without its hash."""
        cols = [c for c in users.c if c.name != "password_hash"]
        with self.engine.connect() as con:
            return [dict(r._mapping) for r in con.execute(sa.select(*cols).order_by(users.c.username))]

    def _update(self, username: str, end_sessions: bool = True, **values) -> None:
        """Change an account; with ``end_sessions`` every session opened before is signed out."""
        if end_sessions:
            values["session_epoch"] = users.c.session_epoch + 1
        with self.engine.begin() as con:
            done = con.execute(users.update().where(users.c.username == username).values(updated_at=_now(), **values)).rowcount
        if not done:
            raise AccountError(f"username: no account {username!r}")

    def disable(self, username: str) -> None:
        self._update(username, disabled=True)

    def enable(self, username: str) -> None:
        self._update(username, disabled=False, failed_count=0, locked_until=None)

    def reset(self, username: str) -> str:
        """A new one-time password (and the lock lifted); open sessions end."""
        password = secrets.token_urlsafe(12)
        expires = _now() + dt.timedelta(hours=ONE_TIME_HOURS)
        self._update(
            username, password_hash=_hasher.hash(password), must_change=True, failed_count=0, locked_until=None, password_expires_at=expires
        )
        return password

    def change_password(self, username: str, old: str, new: str) -> int:
        """Set a new password; every other session of the account ends. The new session epoch
        (the caller's own session carries on with it)."""
        if len(new) < MIN_PASSWORD or new == old:
            raise AccountError(f"password: at least {MIN_PASSWORD} characters, and not the old one")
        self.authenticate(username, old)
        self._update(username, password_hash=_hasher.hash(new), must_change=False, password_expires_at=None)
        return self.session_epoch(username)

    def session_epoch(self, username: str) -> int:
        with self.engine.connect() as con:
            return int(con.execute(sa.select(users.c.session_epoch).where(users.c.username == username)).scalar() or 0)

    def session_valid(self, username: str, epoch: int) -> bool:
        """Whether a session opened at ``epoch`` may go on: the account exists, is enabled and has
        not been reset, had its password changed or been disabled since. One primary-key read."""
        with self.engine.connect() as con:
            row = con.execute(sa.select(users.c.disabled, users.c.session_epoch).where(users.c.username == username)).first()
        return row is not None and not row.disabled and row.session_epoch == epoch

    def authenticate(self, username: str, password: str, now: dt.datetime | None = None) -> User:
        """The user, or AccountError with one message for every kind of failure (an attacker must
        not learn which usernames exist): the same Argon2 work for unknown, disabled and locked
        accounts. Failures count atomically in the store; the fifth locks for 15 minutes, and
        attempts on a locked account neither count nor extend the lock. A one-time password
        expires unused after ONE_TIME_HOURS."""
        now = now or _now()
        with self.engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == username)).first()
        usable = (
            row is not None
            and not row.disabled
            and not (row.locked_until and row.locked_until > now)
            and not (row.must_change and row.password_expires_at and row.password_expires_at <= now)
        )
        ok = _verify(row.password_hash if usable and row is not None else _DUMMY_HASH, password) and usable
        if row is None or not ok:
            if usable:
                self._count_failure(username, now)
            raise AccountError(FAILED)
        with self.engine.begin() as con:
            con.execute(users.update().where(users.c.username == username).values(failed_count=0, locked_until=None))
        return User(row.username, row.role, row.scope_kind, row.scope_code, row.must_change, row.session_epoch)

    def _count_failure(self, username: str, now: dt.datetime) -> None:
        """One more failure, in one statement (parallel attempts cannot overwrite each other's
        count), locking the account at the LOCK_AFTER-th; a lock in force is left as it is."""
        lock = now + dt.timedelta(minutes=LOCK_MINUTES)
        with self.engine.begin() as con:
            con.execute(
                users.update()
                .where(users.c.username == username, sa.or_(users.c.locked_until.is_(None), users.c.locked_until <= now))
                .values(
                    failed_count=users.c.failed_count + 1,
                    locked_until=sa.case((users.c.failed_count + 1 >= LOCK_AFTER, lock), else_=None),
                )
            )

    def record_failure(self, keys: Sequence[str], now: dt.datetime | None = None) -> int:
        """Count a failed sign-in under each key (``user:<name>``, ``client:<address>``) and return
        the largest count in its current window: what the delay and the client limit read."""
        now = now or _now()
        cutoff = now - dt.timedelta(minutes=LOCK_MINUTES)
        counts = []
        for key in keys:
            digest = _sha256(key)
            fresh = sign_in_failures.c.window_start < cutoff  # the window passed: start a new one
            with self.engine.begin() as con:
                done = con.execute(
                    sign_in_failures.update()
                    .where(sign_in_failures.c.key_sha256 == digest)
                    .values(
                        failures=sa.case((fresh, 1), else_=sign_in_failures.c.failures + 1),
                        window_start=sa.case((fresh, now), else_=sign_in_failures.c.window_start),
                    )
                ).rowcount
                if not done:
                    try:
                        with con.begin_nested():
                            con.execute(sign_in_failures.insert().values(key_sha256=digest, failures=1, window_start=now))
                    except sa.exc.IntegrityError:  # another attempt inserted it first: count on it
                        con.execute(
                            sign_in_failures.update()
                            .where(sign_in_failures.c.key_sha256 == digest)
                            .values(failures=sign_in_failures.c.failures + 1)
                        )
            counts.append(self.recent_failures(key, now))
        return max(counts, default=0)

    def recent_failures(self, key: str, now: dt.datetime | None = None) -> int:
        """Failed sign-ins under one key in the current window (0 once it has passed)."""
        now = now or _now()
        with self.engine.connect() as con:
            row = con.execute(sa.select(sign_in_failures).where(sign_in_failures.c.key_sha256 == _sha256(key))).first()
        return 0 if row is None or row.window_start < now - dt.timedelta(minutes=LOCK_MINUTES) else int(row.failures)

    def add_display_token(self, name: str) -> str:
        """A read-only token for one wall screen (shown once; only its SHA-256 is kept: a random
        32-byte token needs no slow hash)."""
        if not USERNAME_RE.match(name or ""):
            raise AccountError("name: 3–64 letters, digits, '_', '.', '@' or '-'")
        token = secrets.token_urlsafe(32)
        try:
            with self.engine.begin() as con:
                con.execute(display_tokens.insert().values(name=name, token_sha256=_sha256(token), revoked=False, created_at=_now()))
        except sa.exc.IntegrityError as exc:
            raise AccountError(f"name: display token {name!r} exists already") from exc
        return token

    def revoke_display_token(self, name: str) -> None:
        with self.engine.begin() as con:
            if not con.execute(display_tokens.update().where(display_tokens.c.name == name).values(revoked=True)).rowcount:
                raise AccountError(f"name: no display token {name!r}")

    def token_valid(self, name: str) -> bool:
        """Whether the wall token named ``name`` is still unrevoked (a session re-check)."""
        with self.engine.connect() as con:
            revoked = con.execute(sa.select(display_tokens.c.revoked).where(display_tokens.c.name == name)).scalar()
        return revoked is False

    def check_display_token(self, token: str) -> str | None:
        """The screen's name for a valid, unrevoked token; None otherwise."""
        if not token or len(token) > 100:
            return None
        with self.engine.connect() as con:
            row = con.execute(sa.select(display_tokens).where(display_tokens.c.token_sha256 == _sha256(token))).first()
        return row.name if row is not None and not row.revoked else None

    def open_web_session(self, username: str, epoch: int, hours: float, now: dt.datetime | None = None) -> str:
        """A token for the browser to keep (shown once; only its SHA-256 is stored), valid for
        ``hours`` at most, while the account stays at ``epoch``."""
        now = now or _now()
        token = secrets.token_urlsafe(32)
        row = {"token_sha256": _sha256(token), "username": username, "session_epoch": epoch, "created_at": now, "last_seen": now}
        with self.engine.begin() as con:
            con.execute(web_sessions.delete().where(web_sessions.c.expires_at <= now))  # expired ones are of no further use
            con.execute(web_sessions.insert().values(**row, expires_at=now + dt.timedelta(hours=hours), revoked=False))
        return token

    def resume_web_session(self, token: str, idle_minutes: float, now: dt.datetime | None = None) -> tuple[User, dt.datetime] | None:
        """The account and the session's start for a browser's token, if the session is neither
        revoked, expired nor idle longer than ``idle_minutes``, and its account is enabled, past
        its one-time password and at the session's epoch; otherwise None."""
        if not isinstance(token, str) or not SESSION_TOKEN_RE.match(token):
            return None
        now = now or _now()
        with self.engine.begin() as con:
            found = con.execute(
                sa.select(
                    web_sessions.c.username,
                    web_sessions.c.session_epoch.label("web_epoch"),
                    web_sessions.c.created_at,
                    web_sessions.c.last_seen,
                    web_sessions.c.expires_at,
                    web_sessions.c.revoked,
                    users.c.role,
                    users.c.scope_kind,
                    users.c.scope_code,
                    users.c.disabled,
                    users.c.must_change,
                    users.c.session_epoch.label("account_epoch"),
                )
                .select_from(web_sessions)
                .join(users, users.c.username == web_sessions.c.username)
                .where(web_sessions.c.token_sha256 == _sha256(token))
            ).first()
            usable = (
                found is not None
                and not found.revoked
                and found.expires_at > now
                and now - found.last_seen <= dt.timedelta(minutes=idle_minutes)
                and not found.disabled
                and not found.must_change
                and found.web_epoch == found.account_epoch
            )
            if found is None or not usable:
                return None
            con.execute(web_sessions.update().where(web_sessions.c.token_sha256 == _sha256(token)).values(last_seen=now))
        user = User(found.username, found.role, found.scope_kind, found.scope_code, False, found.account_epoch)
        return user, found.created_at

    def touch_web_session(self, token: str, epoch: int | None = None, now: dt.datetime | None = None) -> None:
        """Mark the session active (the idle clock restarts); with ``epoch``, carry it on at the
        account's new epoch (its own password change)."""
        values: dict = {"last_seen": now or _now()}
        if epoch is not None:
            values["session_epoch"] = epoch
        with self.engine.begin() as con:
            con.execute(web_sessions.update().where(web_sessions.c.token_sha256 == _sha256(token)).values(**values))

    def close_web_session(self, token: str) -> None:
        """Revoke a browser's session (sign-out, time-out)."""
        with self.engine.begin() as con:
            con.execute(web_sessions.update().where(web_sessions.c.token_sha256 == _sha256(token)).values(revoked=True))

    def get(self, username: str) -> User | None:
        """An enabled account by name (for a sign-in another system vouched for, e.g. OIDC)."""
        with self.engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None or row.disabled:
            return None
        return User(row.username, row.role, row.scope_kind, row.scope_code, False, row.session_epoch)

    def has_accounts(self) -> bool:
        with self.engine.connect() as con:
            return (con.execute(sa.select(sa.func.count()).select_from(users)).scalar() or 0) > 0

    def failures(self, username: str) -> int:
        with self.engine.connect() as con:
            return int(con.execute(sa.select(users.c.failed_count).where(users.c.username == username)).scalar() or 0)

    def dispose(self) -> None:
        self.engine.dispose()
