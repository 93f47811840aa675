"""Working-time clocks for each case, computed once at load (DOMAIN.md §3).

Pages and the assessment need, per case, its deadline and how many *working* hours disposal and
closure took. Computing them at query time over 10 M cases would repeat the same calendar work
on every filter change, so the load adds them as columns: ``due_at`` (the source's deadline, or
derived from the category's time limit counted from dispatch), ``due_derived``, and
``dispose_work_hours`` / ``close_work_hours`` (dispatch → disposal / closure),
``dispatch_work_hours`` (registration → dispatch), ``check_work_hours`` (check dispatch or
disposal → check), and the post clocks: ``verify_dispatch_work_hours`` (acceptance → verification
dispatched), ``verify_work_hours`` (→ verified), ``register_work_hours`` (verification or
acceptance → registration), ``check_dispatch_work_hours`` (disposal → check dispatched) and
``close_after_check_work_hours`` (check → closure).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from warehouse.settings import WorktimeSettings
from warehouse.worktime import WorkCalendar, calendar_from_config

STAGES = (
    "accepted_at",
    "verify_dispatched_at",
    "verified_at",
    "registered_at",
    "dispatched_at",
    "disposed_at",
    "check_dispatched_at",
    "checked_at",
    "closed_at",
)


def calendar_for(config: WorktimeSettings, frame: pl.DataFrame) -> WorkCalendar | None:
    """A calendar covering every timestamp of the frame, plus a year for deadlines."""
    cols = [c for c in frame.columns if c.endswith("_at") and c != "updated_at" and frame.schema[c] == pl.Datetime("us")]
    bounds = frame.select(
        pl.min_horizontal([pl.col(c).min() for c in cols]).alias("lo"), pl.max_horizontal([pl.col(c).max() for c in cols]).alias("hi")
    ).row(0)
    if bounds[0] is None:
        return None
    start, end = bounds[0].date() - dt.timedelta(days=2), bounds[1].date() + dt.timedelta(days=400)
    return calendar_from_config(config, start, end)


def add_clocks(frame: pl.DataFrame, catalogue: pl.DataFrame, calendar: WorkCalendar | None) -> pl.DataFrame:
    """Deadline (given or derived) and working hours to disposal and to closure."""
    if calendar is None or frame.height == 0:
        return frame.with_columns(
            pl.lit(False).alias("due_derived"),
            pl.lit(None, dtype=pl.Float64).alias("dispose_work_hours"),
            pl.lit(None, dtype=pl.Float64).alias("close_work_hours"),
            *[
                pl.lit(None, dtype=pl.Float64).alias(c)
                for c in (
                    "dispatch_work_hours",
                    "check_work_hours",
                    "verify_dispatch_work_hours",
                    "verify_work_hours",
                    "register_work_hours",
                    "check_dispatch_work_hours",
                    "close_after_check_work_hours",
                )
            ],
        )
    limits = catalogue.select("category_code", "time_limit", "time_limit_unit")
    f = frame.join(limits, on="category_code", how="left", maintain_order="left")
    minutes = (
        pl.when(pl.col("time_limit_unit") == "working_hours")
        .then(pl.col("time_limit") * 60.0)
        .when(pl.col("time_limit_unit") == "working_days")
        .then(pl.col("time_limit") * calendar.day_minutes)
        .otherwise(None)
    )
    # each approved extension (延期) grants the category's limit once more
    limit = f.select((minutes * (1 + pl.col("extension_count").fill_null(0))).alias("m"))["m"].to_numpy()
    stamps = {c: _np(f[c]) for c in STAGES}
    memo: dict[str, np.ndarray] = {}

    def wm(column: str) -> np.ndarray:
        """Working minutes of a stage column, computed once (most are used by two clocks)."""
        if column not in memo:
            memo[column] = calendar.working_minutes(stamps[column])
        return memo[column]

    def hours(start: np.ndarray, end: np.ndarray) -> pl.Series:
        return pl.Series((end - start) / 60.0).fill_nan(None)

    dispatched = stamps["dispatched_at"]
    given = f["due_at"].is_not_null()
    # a deadline is derived only where the source gives none (most exports give one for every case)
    derive = ~np.isnat(dispatched) & ~np.isnan(limit.astype(float)) & ~given.to_numpy()
    derived = np.full(len(dispatched), np.datetime64("NaT"), dtype="datetime64[s]")
    if derive.any():
        derived[derive] = calendar.at_working_minutes(wm("dispatched_at")[derive] + limit[derive].astype(float))
    # the working minutes of "a, else b" are those of a, else those of b
    check_from = np.where(np.isnat(stamps["check_dispatched_at"]), wm("disposed_at"), wm("check_dispatched_at"))
    register_from = np.where(np.isnat(stamps["verified_at"]), wm("accepted_at"), wm("verified_at"))
    f = f.with_columns(
        pl.when(given).then(pl.col("due_at")).otherwise(pl.Series(derived.astype("datetime64[us]"))).alias("due_at"),
        pl.Series(derive).alias("due_derived"),
        hours(wm("dispatched_at"), wm("disposed_at")).alias("dispose_work_hours"),
        hours(wm("dispatched_at"), wm("closed_at")).alias("close_work_hours"),
        hours(wm("registered_at"), wm("dispatched_at")).alias("dispatch_work_hours"),
        hours(check_from, wm("checked_at")).alias("check_work_hours"),
        hours(wm("accepted_at"), wm("verify_dispatched_at")).alias("verify_dispatch_work_hours"),
        hours(wm("verify_dispatched_at"), wm("verified_at")).alias("verify_work_hours"),
        hours(register_from, wm("registered_at")).alias("register_work_hours"),
        hours(wm("disposed_at"), wm("check_dispatched_at")).alias("check_dispatch_work_hours"),
        hours(wm("checked_at"), wm("closed_at")).alias("close_after_check_work_hours"),
    )
    return f.drop("time_limit", "time_limit_unit")


def _np(series: pl.Series) -> np.ndarray:
    return series.cast(pl.Datetime("us")).to_numpy().astype("datetime64[s]")
