"""The audit log: an append-only, tamper-evident record of who did what (sign-ins, exports,
loads, alert reviews, rubric and configuration changes, user management).

Each entry carries the hash of the one before it, so changing or removing any entry breaks every
hash after it; ``verify`` walks the chain and names the first entry that does not fit. The
database also refuses UPDATE and DELETE on the table (``warehouse.operational``). Someone who can
drop the triggers and rewrite the whole chain is not stopped by hashes alone: ``verify`` prints
the head hash, which an administrator can record outside the system.

Two writers that read the same head at once would both point at it; ``prev_hash`` is unique, so
the second insert fails and is retried on the new head.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from warehouse import operational
from warehouse.operational import metadata

GENESIS = "0" * 64
ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "export",
    "upload",
    "load",
    "alert_review",
    "incident_link_review",
    "rubric_change",
    "config_change",
    "user_add",
    "user_disable",
    "user_enable",
    "user_reset",
    "password_change",
    "session_end",
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target", sa.String(300)),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
)


def entry_hash(prev_hash: str, at: dt.datetime, actor: str, action: str, target: str | None, detail: str) -> str:
    """SHA-256 over the previous hash and this entry's fields, one canonical JSON text."""
    body = json.dumps([prev_hash, at.isoformat(timespec="seconds"), actor, action, target, detail], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def os_actor() -> str:
    """The actor for command-line actions: the operating-system user running the command."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    head: str
    first_bad: int | None = None
    reason: str | None = None


class AuditLog:
    """The hash-chained audit log in the operational store; with an ``anchor`` file, every entry's
    sequence number and hash are appended there as well, and ``verify`` holds the log to it."""

    def __init__(self, url: str, anchor: Path | None = None) -> None:
        self.engine = operational.create(url, append_only_tables=("audit_log",))
        self.anchor = anchor

    def append(
        self, actor: str, action: str, target: str | None = None, detail: dict[str, Any] | None = None, at: dt.datetime | None = None
    ) -> int:
        """Add one entry at the head of the chain; returns its sequence number."""
        if action not in ACTIONS:
            raise ValueError(f"action: unknown audit action {action!r}")
        at = (at or dt.datetime.now()).replace(microsecond=0)
        text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)
        actor, target = actor[:100], (target[:300] if target else None)
        for _ in range(5):
            try:
                with self.engine.begin() as con:
                    head = con.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).scalar() or GENESIS
                    row = {"at": at, "actor": actor, "action": action, "target": target, "detail": text, "prev_hash": head}
                    digest = row["hash"] = entry_hash(head, at, actor, action, target, text)
                    seq = int(con.execute(audit_log.insert().values(**row)).inserted_primary_key[0])  # type: ignore[index]  # an INSERT always has one
            except sa.exc.IntegrityError:
                continue  # another writer took this head first: chain onto the new one
            self._anchor(seq, digest)
            return seq
        raise RuntimeError("audit log: could not append after 5 attempts (the head kept moving)")

    def _anchor(self, seq: int, digest: str) -> None:
        """Append the new head to the anchor file (owner-only, append mode, one line per entry)."""
        if self.anchor is None:
            return
        self.anchor.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.anchor, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"{seq}\t{digest}\n".encode("ascii"))
        finally:
            os.close(fd)

    def _anchored(self) -> list[tuple[int, str]]:
        if self.anchor is None or not self.anchor.exists():
            return []
        out = []
        for line in self.anchor.read_text(encoding="ascii").splitlines():
            seq, _, digest = line.partition("\t")
            if seq.isdigit() and len(digest) == 64:
                out.append((int(seq), digest))
        return out

    def entries(self, limit: int | None = None, action: str | None = None, actor: str | None = None) -> list[dict]:
        """Entries, newest first, optionally of one action or actor."""
        q = sa.select(audit_log).order_by(audit_log.c.seq.desc())
        if action:
            q = q.where(audit_log.c.action == action)
        if actor:
            q = q.where(audit_log.c.actor == actor)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as con:
            return [dict(r._mapping) for r in con.execute(q)]

    def verify(self) -> Verification:
        """Walk the chain from the first entry: every entry must point at the previous hash and
        hash to what it says; then every head in the anchor file must be in the log, unchanged."""
        prev, n = GENESIS, 0
        hashes: dict[int, str] = {}
        with self.engine.connect() as con:
            for r in con.execute(sa.select(audit_log).order_by(audit_log.c.seq)):
                n += 1
                if r.prev_hash != prev:
                    return Verification(False, n, prev, r.seq, "does not point at the entry before it (an entry was removed or inserted)")
                if entry_hash(r.prev_hash, r.at, r.actor, r.action, r.target, r.detail) != r.hash:
                    return Verification(False, n, prev, r.seq, "its content does not match its hash (it was changed)")
                prev = r.hash
                hashes[r.seq] = r.hash
        for seq, digest in self._anchored():  # the log held to the heads written elsewhere
            if seq not in hashes:
                return Verification(False, n, prev, seq, f"entry {seq} is in the anchor but gone from the log (the log was cut short)")
            if hashes[seq] != digest:
                return Verification(False, n, prev, seq, "its hash differs from the anchor's (the chain was re-hashed)")
        return Verification(True, n, prev)

    def dispose(self) -> None:
        self.engine.dispose()


def anchor_path(data: Path) -> Path:
    """The anchor file of a data directory's audit log ([store] audit_anchor, or under secrets/)."""
    from warehouse.settings import settings

    configured = settings(data).store.audit_anchor
    return Path(configured).expanduser() if configured else data / "secrets" / "audit-anchor.log"


def for_data(data: Path) -> AuditLog:
    """The audit log of a data directory, with its anchor."""
    return AuditLog(operational.default_url(data), anchor_path(data))


def record(data, actor: str, action: str, target: str | None = None, detail: dict[str, Any] | None = None) -> int:
    """Append one entry to the data directory's audit log (opened and closed here)."""
    log = for_data(data)
    try:
        return log.append(actor, action, target, detail)
    finally:
        log.dispose()


def record_if_changed(data, actor: str, action: str, target: str, fingerprint: str, detail: dict[str, Any] | None = None) -> bool:
    """Log a rubric or configuration change: only when ``fingerprint`` (a content hash) differs
    from the one the last entry of this action and target recorded."""
    log = for_data(data)
    try:
        for e in log.entries(action=action):
            if e["target"] == target:
                if json.loads(e["detail"]).get("fingerprint") == fingerprint:
                    return False
                break
        log.append(actor, action, target, {**(detail or {}), "fingerprint": fingerprint})
        return True
    finally:
        log.dispose()
