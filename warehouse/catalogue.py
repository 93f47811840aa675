"""The category catalogue shipped with GridPulse (GB/T 47678.5 matters with time limits)."""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

PATH = Path(__file__).with_name("reference") / "category_catalogue.csv"


@functools.cache
def frame() -> pl.DataFrame:
    """Matter types: the codes cases are classified by (component types have no time limit)."""
    cat = pl.read_csv(PATH, infer_schema=False)
    return cat.filter(pl.col("kind") == "matter").select(
        pl.col("code").alias("category_code"),
        pl.col("minor_name").alias("category_name"),
        pl.col("major_code").alias("category_major"),
        pl.col("major_name"),
        pl.when(pl.col("major_code") <= "05").then(pl.lit("component")).otherwise(pl.lit("matter")).alias("kind"),
        pl.col("default_department"),
        pl.col("time_limit").cast(pl.Float64),
        pl.col("time_limit_unit").str.strip_chars(),
        (pl.col("high_frequency").str.strip_chars() == "1").alias("high_frequency"),
    )
