"""The analyst filter: one frozen value every analyst page reads, kept in session state.

Pages never build SQL from it; ``params()`` gives the bound parameters of
``warehouse/sql/pages/_case_filter.sql``. The value is hashable, so cached data calls key on
it directly. Region and category are drill-downs (a grid implies its community and street).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

FIELDS = ("street", "community", "grid", "major", "category", "channels", "departments", "statuses")


@dataclass(frozen=True)
class Filters:
    """Period [start, end] (inclusive days) and optional restrictions."""

    start: dt.date
    end: dt.date
    street: str | None = None
    community: str | None = None
    grid: str | None = None
    major: str | None = None
    category: str | None = None
    channels: tuple[str, ...] = field(default_factory=tuple)
    departments: tuple[str, ...] = field(default_factory=tuple)
    statuses: tuple[str, ...] = field(default_factory=tuple)

    def params(self) -> dict[str, Any]:
        """Bound parameters for the shared filter predicate (end is exclusive there)."""
        return {
            "start": dt.datetime.combine(self.start, dt.time()),
            "end": dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()),
            "street": self.street,
            "community": self.community,
            "grid": self.grid,
            "major": self.major,
            "category": self.category,
            "channels": list(self.channels),
            "departments": list(self.departments),
            "statuses": list(self.statuses),
        }

    def fact_params(self, ids: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
        """Bound parameters for ``_fact_filter.sql``: the period, and each code replaced by its
        ``fact_codes`` id (``ids[dim][code]``); a code the warehouse has never seen becomes -1,
        which matches nothing, as the code itself would."""

        def one(dim: str, code: str | None) -> int | None:
            return None if code is None else ids.get(dim, {}).get(code, -1)

        period = self.params()
        return {
            "start": period["start"],
            "end": period["end"],
            **{f"{name}_id": one(name, getattr(self, name)) for name in ("street", "community", "grid", "major", "category")},
            "channel_ids": [one("channel", c) for c in self.channels],
            "department_ids": [one("department", c) for c in self.departments],
            "status_ids": [one("status", c) for c in self.statuses],
        }

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The same filter over the period of equal length just before this one."""
        return replace(self, start=self.start - dt.timedelta(days=self.days()), end=self.start - dt.timedelta(days=1))

    def without(self, name: str) -> Filters:
        """This filter with one restriction removed (a chip's ×); drill-downs clear their children."""
        if name not in FIELDS:
            raise ValueError(f"unknown filter {name!r}")
        below = {"street": ("community", "grid"), "community": ("grid",), "major": ("category",)}.get(name, ())
        cleared: dict[str, Any] = {n: (() if isinstance(getattr(self, n), tuple) else None) for n in (name, *below)}
        return replace(self, **cleared)

    def within(self, scope_code: str | None) -> Filters:
        """This filter kept inside a region scope (a street or community code; region codes are
        prefixes of the codes below them). A region outside the scope is replaced by the scope:
        nothing the user picks can reach beyond it."""
        if not scope_code:
            return self
        street = scope_code[:9]
        community = scope_code if len(scope_code) == 12 else (self.community if (self.community or "").startswith(street) else None)
        grid = self.grid if (self.grid or "").startswith(community or street) else None
        return replace(self, street=street, community=community, grid=grid)

    def region_level(self) -> str:
        """The finest region the filter is drilled down to."""
        return "grid" if self.grid else "community" if self.community else "street" if self.street else "district"

    def active(self) -> list[tuple[str, str | tuple[str, ...]]]:
        """(field, value) of every restriction in force, in display order."""
        return [(n, getattr(self, n)) for n in FIELDS if getattr(self, n)]


PRESETS = ("last_30", "this_month", "last_month", "this_quarter", "last_quarter", "this_year")


def period_presets(today: dt.date, first: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The usual periods (近30天, 本月, 上月, 本季度, 上季度, 本年) counted back from ``today``, the
    data's own date (not the clock: a month-old export's 本月 is its last month), each cut to the
    data's first day; a period wholly before the data is left out."""
    month = today.replace(day=1)
    last_month_end = month - dt.timedelta(days=1)
    quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter_end = quarter - dt.timedelta(days=1)
    spans = {
        "last_30": (today - dt.timedelta(days=29), today),
        "this_month": (month, today),
        "last_month": (last_month_end.replace(day=1), last_month_end),
        "this_quarter": (quarter, today),
        "last_quarter": (dt.date(last_quarter_end.year, last_quarter_end.month - 2, 1), last_quarter_end),
        "this_year": (dt.date(today.year, 1, 1), today),
    }
    return {key: (max(lo, first), hi) for key in PRESETS for lo, hi in [spans[key]] if hi >= first}


def inside(frame: pl.DataFrame, column: str, scope_code: str | None) -> pl.DataFrame:
    """Rows whose region code in ``column`` lies inside the scope (a region code is a prefix of
    every code inside it); all rows without a scope."""
    return frame.filter(pl.col(column).fill_null("").str.starts_with(scope_code)) if scope_code else frame


def around(frame: pl.DataFrame, column: str, scope_code: str | None) -> pl.DataFrame:
    """Rows of regions inside the scope or holding it (a community scope keeps its street's
    outline for orientation, never a neighbour's); all rows without a scope."""
    if not scope_code:
        return frame
    return frame.filter(pl.col(column).str.starts_with(scope_code) | pl.lit(scope_code).str.starts_with(pl.col(column)))


def region_choices(dims: dict[str, pl.DataFrame], scope_code: str | None) -> dict[str, pl.DataFrame]:
    """Region filter choices kept to a scope: the regions inside it, and the street that holds a
    community scope (so the street → community drill-down still starts at the top)."""
    if not scope_code:
        return dims
    around = pl.col("code").str.starts_with(scope_code) | pl.lit(scope_code).str.starts_with(pl.col("code"))
    return {
        **dims,
        "street": dims["street"].filter(around),
        "community": dims["community"].filter(around),
        "grid": inside(dims["grid"], "code", scope_code),
    }
