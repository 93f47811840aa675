"""Alert review decisions in the operational store (``warehouse.operational``).

Decisions are append-only: the API has no update or delete, and the database refuses both
(triggers on SQLite and PostgreSQL), so an alert's history is the list of its decisions and its
status is the latest one. The warehouse's ``risk_alerts`` is published and immutable per
snapshot; reviews happen all day, so they live here and are merged in when shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from warehouse import labels, operational
from warehouse.operational import metadata

ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed", "escalate": "escalated"}
DISMISS_REASONS = labels.chinese("dismiss_reason")
MAX_TEXT = 2000

alert_reviews = sa.Table(
    "alert_reviews",
    metadata,
    sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_id", sa.String(64), nullable=False, index=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason_code", sa.String(32)),
    sa.Column("assignee", sa.String(100)),
    sa.Column("due_date", sa.Date),
    sa.Column("note", sa.Text),
    sa.Column("reviewer", sa.String(100), nullable=False),
    sa.Column("decided_at", sa.DateTime, nullable=False),
)


class ReviewError(ValueError):
    """A decision that cannot be recorded as given (the message says which field and why)."""


@dataclass(frozen=True)
class Decision:
    alert_id: str
    action: str
    reviewer: str
    reason_code: str | None = None
    assignee: str | None = None
    due_date: dt.date | None = None
    note: str | None = None

    def kept(self) -> dict[str, Any]:
        """The fields as a decision of this action keeps them, in the store and in the audit log
        alike: a reason only for a dismissal, an assignee and a due date only for an escalation."""
        return {
            "action": self.action,
            "reason_code": self.reason_code if self.action == "dismiss" else None,
            "assignee": self.assignee.strip() if self.action == "escalate" and self.assignee else None,
            "due_date": self.due_date if self.action == "escalate" else None,
        }

    def validate(self) -> None:
        if self.action not in ACTIONS:
            raise ReviewError(f"action: must be one of {', '.join(ACTIONS)}, got {self.action!r}")
        if not self.alert_id or len(self.alert_id) > 64:
            raise ReviewError("alert_id: required, at most 64 characters")
        if not self.reviewer or not self.reviewer.strip() or len(self.reviewer) > 100:
            raise ReviewError("reviewer: required, at most 100 characters")
        if self.action == "dismiss" and self.reason_code not in DISMISS_REASONS:
            raise ReviewError(f"reason_code: dismissing needs one of {', '.join(DISMISS_REASONS)}")
        if self.action == "escalate" and (not self.assignee or not self.assignee.strip() or self.due_date is None):
            raise ReviewError("assignee and due_date: escalating needs both")
        if self.assignee and len(self.assignee) > 100:
            raise ReviewError("assignee: at most 100 characters")
        if self.note and len(self.note) > MAX_TEXT:
            raise ReviewError(f"note: at most {MAX_TEXT} characters")


class ReviewStore:
    """Append-only review decisions; ``status`` and ``history`` read them back."""

    def __init__(self, url: str) -> None:
        self.engine = operational.create(url, append_only_tables=("alert_reviews",))

    def record(self, decision: Decision, at: dt.datetime | None = None) -> int:
        """Append one decision; returns its review id."""
        decision.validate()
        row = {
            "alert_id": decision.alert_id,
            **decision.kept(),
            "status": ACTIONS[decision.action],
            "note": decision.note or None,
            "reviewer": decision.reviewer.strip(),
            "decided_at": (at or dt.datetime.now()).replace(microsecond=0),
        }
        with self.engine.begin() as con:
            return int(con.execute(alert_reviews.insert().values(**row)).inserted_primary_key[0])  # type: ignore[index]  # an INSERT always has one

    def history(self, alert_id: str) -> list[dict]:
        """Every decision on one alert, oldest first."""
        q = sa.select(alert_reviews).where(alert_reviews.c.alert_id == alert_id).order_by(alert_reviews.c.review_id)
        with self.engine.connect() as con:
            return [dict(r._mapping) for r in con.execute(q)]

    def all_decisions(self) -> list[dict]:
        """Every decision, oldest first (for precision over time and status merges)."""
        with self.engine.connect() as con:
            return [dict(r._mapping) for r in con.execute(sa.select(alert_reviews).order_by(alert_reviews.c.review_id))]

    def latest(self) -> dict[str, dict]:
        """The latest decision on every reviewed alert (its current status)."""
        return {d["alert_id"]: d for d in self.all_decisions()}

    def statuses(self) -> dict[str, str]:
        """The current status of every reviewed alert."""
        return {alert_id: d["status"] for alert_id, d in self.latest().items()}

    def dispose(self) -> None:
        self.engine.dispose()


# --- 一事多报: reviews of uncertain incident links ----------------------------------------------

LINK_ACTIONS = ("confirm", "split")

link_reviews = sa.Table(
    "incident_link_reviews",
    metadata,
    sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("link_id", sa.String(64), nullable=False, index=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("reviewer", sa.String(100), nullable=False),
    sa.Column("decided_at", sa.DateTime, nullable=False),
)


class LinkReviewStore:
    """Append-only decisions on incident links (confirm: the two reports are one incident;
    split: they are not); a link's decision is its latest."""

    def __init__(self, url: str) -> None:
        self.engine = operational.create(url, append_only_tables=("incident_link_reviews",))

    def record(self, link_id: str, action: str, reviewer: str, note: str | None = None, at: dt.datetime | None = None) -> int:
        if action not in LINK_ACTIONS:
            raise ReviewError(f"action: must be one of {', '.join(LINK_ACTIONS)}, got {action!r}")
        if not link_id or len(link_id) > 64:
            raise ReviewError("link_id: required, at most 64 characters")
        if not reviewer or not reviewer.strip() or len(reviewer) > 100:
            raise ReviewError("reviewer: required, at most 100 characters")
        if note and len(note) > MAX_TEXT:
            raise ReviewError(f"note: at most {MAX_TEXT} characters")
        row = {
            "link_id": link_id,
            "action": action,
            "note": note or None,
            "reviewer": reviewer.strip(),
            "decided_at": (at or dt.datetime.now()).replace(microsecond=0),
        }
        with self.engine.begin() as con:
            return int(con.execute(link_reviews.insert().values(**row)).inserted_primary_key[0])  # type: ignore[index]  # an INSERT always has one

    def latest(self) -> dict[str, str]:
        """Each reviewed link's latest decision (confirm | split)."""
        with self.engine.connect() as con:
            rows = con.execute(sa.select(link_reviews.c.link_id, link_reviews.c.action).order_by(link_reviews.c.review_id))
            return {r.link_id: r.action for r in rows}

    def dispose(self) -> None:
        self.engine.dispose()
