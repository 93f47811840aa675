"""Exports of exactly the filtered cases: CSV (UTF-8 with BOM, so Excel reads Chinese) and
XLSX, with headers in the UI language. A cell that starts with = + - @ (or a tab / carriage
return) is prefixed with ' so a spreadsheet shows it as text instead of running it as a formula."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence

import polars as pl
import streamlit as st

from dashboard.i18n import t, table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download_buttons(prefix: str, stem: str, formats: Sequence[str], build: Callable[[str], bytes], lang: str) -> None:
    """One download button per format, side by side (label and key ``<prefix>_<format>``, file
    ``<stem>.<format>``); ``build(format)`` runs only when its button is clicked."""
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        column.download_button(
            t(f"{prefix}_{fmt}", lang), data=functools.partial(build, fmt), file_name=f"{stem}.{fmt}", mime=MIME[fmt], key=f"{prefix}_{fmt}"
        )


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
    """Cases as shown and exported: channel and status in words, working hours to one decimal,
    headers in the UI language (names sit beside their codes: pages/explorer_cases.sql)."""
    if "close_work_hours" in frame.columns:
        frame = frame.with_columns(pl.col("close_work_hours").round(1))
    return table(frame, lang, channel="channel", status="status")


def csv_bytes(frame: pl.DataFrame, lang: str) -> bytes:
    """The rows alone (a CSV is read by programs: the filter goes in the XLSX and the audit log)."""
    buf = io.BytesIO()
    neutralise(display(frame, lang)).write_csv(buf, datetime_format="%Y-%m-%d %H:%M:%S")
    return b"\xef\xbb\xbf" + buf.getvalue()


def xlsx_bytes(frame: pl.DataFrame, lang: str, filter_lines: Sequence[str] = ()) -> bytes:
    """The rows on a sheet named in the UI's language, and a second sheet saying which filter
    chose them, how many rows there are and when the file was made."""
    import datetime as dt

    import xlsxwriter

    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf) as wb:
        neutralise(display(frame, lang)).write_excel(
            wb, worksheet=t("sheet_cases", lang), autofit=False, dtype_formats={pl.Datetime: "yyyy-mm-dd hh:mm"}
        )
        about = [
            *filter_lines,
            t("export_rows", lang, n=f"{frame.height:,}"),
            t("export_made", lang, at=f"{dt.datetime.now():%Y-%m-%d %H:%M}"),
        ]
        neutralise(pl.DataFrame({t("sheet_filter", lang): about})).write_excel(wb, worksheet=t("sheet_filter", lang), autofit=True)
    return buf.getvalue()
