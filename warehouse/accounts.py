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
)
display_tokens = sa.Table(
    "display_tokens",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("revoked", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about an account that cannot be done as given (the message says why)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    scope_kind: str | None
    scope_code: str | None
    must_change: bool


def delay_after(failures: int) -> float:
    """Seconds to wait before answering a failed sign-in: doubling from 0.25 s, at most 4 s."""
    return 0.0 if failures <= 0 else min(4.0, 0.25 * 2 ** (failures - 1))


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

    def _update(self, username: str, **values) -> None:
        with self.engine.begin() as con:
            done = con.execute(users.update().where(users.c.username == username).values(updated_at=_now(), **values)).rowcount
        if not done:
            raise AccountError(f"username: no account {username!r}")

    def disable(self, username: str) -> None:
        self._update(username, disabled=True)

    def enable(self, username: str) -> None:
        self._update(username, disabled=False, failed_count=0, locked_until=None)

    def reset(self, username: str) -> str:
        """A new one-time password (and the lock lifted)."""
        password = secrets.token_urlsafe(12)
        self._update(username, password_hash=_hasher.hash(password), must_change=True, failed_count=0, locked_until=None)
        return password

    def change_password(self, username: str, old: str, new: str) -> None:
        if len(new) < MIN_PASSWORD or new == old:
            raise AccountError(f"password: at least {MIN_PASSWORD} characters, and not the old one")
        self.authenticate(username, old)
        self._update(username, password_hash=_hasher.hash(new), must_change=False)

    def authenticate(self, username: str, password: str, now: dt.datetime | None = None) -> User:
        """The user, or AccountError with one message for every kind of failure (an attacker must
        not learn which usernames exist). Failures count; the fifth locks for 15 minutes."""
        now = now or _now()
        with self.engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            _hasher.hash(password or "x")  # same work as a real check: no timing hint
            raise AccountError("sign-in failed: wrong username or password, or the account is locked or disabled")
        ok = False
        if not row.disabled and not (row.locked_until and row.locked_until > now):
            try:
                ok = _hasher.verify(row.password_hash, password or "")
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok:
            failures = row.failed_count + 1
            locked = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else row.locked_until
            with self.engine.begin() as con:
                con.execute(users.update().where(users.c.username == username).values(failed_count=failures, locked_until=locked))
            raise AccountError("sign-in failed: wrong username or password, or the account is locked or disabled")
        with self.engine.begin() as con:
            con.execute(users.update().where(users.c.username == username).values(failed_count=0, locked_until=None))
        return User(row.username, row.role, row.scope_kind, row.scope_code, row.must_change)

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

    def check_display_token(self, token: str) -> str | None:
        """The screen's name for a valid, unrevoked token; None otherwise."""
        if not token or len(token) > 100:
            return None
        with self.engine.connect() as con:
            row = con.execute(sa.select(display_tokens).where(display_tokens.c.token_sha256 == _sha256(token))).first()
        return row.name if row is not None and not row.revoked else None

    def get(self, username: str) -> User | None:
        """An enabled account by name (for a sign-in another system vouched for, e.g. OIDC)."""
        with self.engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None or row.disabled:
            return None
        return User(row.username, row.role, row.scope_kind, row.scope_code, False)

    def has_accounts(self) -> bool:
        with self.engine.connect() as con:
            return (con.execute(sa.select(sa.func.count()).select_from(users)).scalar() or 0) > 0

    def failures(self, username: str) -> int:
        with self.engine.connect() as con:
            return int(con.execute(sa.select(users.c.failed_count).where(users.c.username == username)).scalar() or 0)

    def dispose(self) -> None:
        self.engine.dispose()
