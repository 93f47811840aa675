"""The alert review store through SQLAlchemy: SQLite always, PostgreSQL when one is reachable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from models.review_store import Decision, ReviewError, ReviewStore


@pytest.fixture()
def store(store_url: str) -> Iterator[ReviewStore]:
    s = ReviewStore(store_url)
    yield s
    s.dispose()


T0 = dt.datetime(2026, 11, 2, 9, 30)


def test_decisions_append_and_the_latest_is_the_status(store: ReviewStore):
    store.record(Decision("A1", "escalate", "张审核", assignee="城管执法局", due_date=dt.date(2026, 11, 9), note="现场有堆物"), at=T0)
    store.record(Decision("A1", "confirm", "李组长"), at=T0 + dt.timedelta(hours=2))
    store.record(Decision("B2", "dismiss", "张审核", reason_code="duplicate"), at=T0)
    history = store.history("A1")
    assert [(h["action"], h["status"], h["reviewer"]) for h in history] == [
        ("escalate", "escalated", "张审核"),
        ("confirm", "confirmed", "李组长"),
    ]
    assert history[0]["assignee"] == "城管执法局"
    assert history[0]["due_date"] == dt.date(2026, 11, 9)
    assert history[0]["decided_at"] == T0
    assert store.statuses() == {"A1": "confirmed", "B2": "dismissed"}


def test_history_cannot_be_rewritten(store: ReviewStore):
    store.record(Decision("A1", "confirm", "张审核"), at=T0)
    for statement in ("UPDATE alert_reviews SET status = 'dismissed'", "DELETE FROM alert_reviews"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as con:
            con.exec_driver_sql(statement)
    assert store.statuses() == {"A1": "confirmed"}


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        (Decision("A1", "dismiss", "张审核"), "reason_code"),
        (Decision("A1", "dismiss", "张审核", reason_code="because"), "reason_code"),
        (Decision("A1", "escalate", "张审核", assignee="城管执法局"), "assignee and due_date"),
        (Decision("A1", "delete", "张审核"), "action"),
        (Decision("A1", "confirm", "  "), "reviewer"),
        (Decision("A1", "confirm", "张审核", note="x" * 2001), "note"),
    ],
)
def test_incomplete_decisions_are_refused_with_the_field_named(store: ReviewStore, decision: Decision, field: str):
    with pytest.raises(ReviewError, match=field):
        store.record(decision)
    assert store.all_decisions() == []


def test_hostile_text_is_stored_as_text(store: ReviewStore):
    note = "'); DROP TABLE alert_reviews; -- <script>alert(1)</script>"
    store.record(Decision("A1", "confirm", "张审核", note=note), at=T0)
    assert store.history("A1")[0]["note"] == note
