"""A person-level population register (实有人口), counted into the population table during the
load: no person's row, name, ID number, phone or address reaches the warehouse.

The register's rows are validated like any other (file, row and column named for each bad one;
quarantined rows show personal columns as ``***``); the person and household numbers exist only
as salted hashes in memory, long enough to count each person once per month. What is stored is
one population row per grid and month, as a city's monthly statistics export would give it:

    registered  persons with person_type registered or registered_away (户籍人口)
    resident    persons living in the grid: registered or floating (常住/实有人口)
    floating    persons with person_type floating (流动人口)
    households  distinct households among the persons living in the grid
    sg_*        persons of each special group (重点人群), counts only

A person listed twice in one month is counted once (the later row wins) and the earlier row is
reported as a duplicate, so the run's accounting identity still holds row by row.
"""

from __future__ import annotations

import polars as pl

from pipelines.targets import SPECIAL_GROUPS


def count_into_population(persons: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """(one population row per grid and month with ``_persons``, the number of person rows it
    counts; persons listed again in the same month)."""
    once = persons.sort("_seq").unique(["person_ref", "month"], keep="last", maintain_order=True)
    living = pl.col("person_type").is_in(["registered", "floating"])
    counted = (
        once.group_by("grid_code", "month")
        .agg(
            pl.col("person_type").is_in(["registered", "registered_away"]).sum().alias("registered"),
            living.sum().alias("resident"),
            (pl.col("person_type") == "floating").sum().alias("floating"),
            pl.col("household_ref").filter(living).drop_nulls().n_unique().alias("households"),
            *((pl.col("special_group") == g).sum().alias(g) for g in SPECIAL_GROUPS),
            pl.len().alias("_persons"),
            pl.col("_seq").min(),
            pl.col("_row").min(),
        )
        .with_columns(
            pl.format("{}/{}", pl.col("grid_code"), pl.col("month").dt.strftime("%Y-%m")).alias("population_id"),
            pl.lit(None, dtype=pl.Utf8).alias("quality_flags"),
        )
        .sort("_seq")
    )
    counts = [c for c in counted.columns if not c.startswith("_") and c != "quality_flags"]
    counted = counted.with_columns(
        *(pl.col(c).cast(pl.Int64) for c in ("registered", "resident", "floating", "households", *SPECIAL_GROUPS)),
    ).with_columns(counted.select(counts).hash_rows(seed=7).alias("raw_hash"))
    return counted, persons.height - once.height
