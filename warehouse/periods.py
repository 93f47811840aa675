"""Period arithmetic shared by every reader of the on-time rule (``due_in_period``)."""

from __future__ import annotations

import datetime as dt

ONE_TICK = dt.timedelta(microseconds=1)


def through(now: dt.datetime) -> dt.datetime:
    """The exclusive end of a period that runs up to and including ``now`` (month to date, the
    explorer's last days): DuckDB timestamps tick in microseconds, so a case closed or due at
    ``now`` itself is inside the period, as the wall has always counted it."""
    return now + ONE_TICK


def as_of_end(end: dt.datetime, now: dt.datetime) -> dt.datetime:
    """The end at which a period is read: its own end, or ``now`` for a period still running.
    A case due after ``now`` is not due yet and must not count as open and overdue."""
    return min(end, through(now))
