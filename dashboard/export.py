"""Exports of exactly the filtered cases: CSV (UTF-8 with BOM, so Excel reads Chinese) and
XLSX, with headers in the UI language. A cell that starts with = + - @ (or a tab / carriage
return) is prefixed with ' so a spreadsheet shows it as text instead of running it as a formula."""

from __future__ import annotations

import io

import polars as pl

from dashboard.i18n import column_labels, value_label

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would treat as a formula, made inert."""
    pattern = r"^[=+\-@\t\r]"
    return frame.with_columns(
        [
            pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
            for c, dtype in frame.schema.items()
            if dtype == pl.Utf8
        ]
    )


def display(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Cases as shown and exported: channel and status in words, headers in the UI language."""
    shown = frame.with_columns(
        [
            pl.col(c).map_elements(lambda v, k=c: value_label(k, v, lang), return_dtype=pl.Utf8).alias(c)
            for c in ("channel", "status")
            if c in frame.columns
        ]
    )
    return shown.rename(column_labels(shown.columns, lang))


def csv_bytes(frame: pl.DataFrame, lang: str) -> bytes:
    buf = io.BytesIO()
    neutralise(display(frame, lang)).write_csv(buf, datetime_format="%Y-%m-%d %H:%M:%S")
    return b"\xef\xbb\xbf" + buf.getvalue()


def xlsx_bytes(frame: pl.DataFrame, lang: str) -> bytes:
    buf = io.BytesIO()
    neutralise(display(frame, lang)).write_excel(buf, worksheet="cases", autofit=False, dtype_formats={pl.Datetime: "yyyy-mm-dd hh:mm"})
    return buf.getvalue()
