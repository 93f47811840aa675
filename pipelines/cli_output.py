"""Readable terminal output (rich) for run summaries and status tables."""

from __future__ import annotations

import polars as pl
from rich.console import Console
from rich.table import Table

from pipelines.load import RunSummary

console = Console(stderr=False)


def frame_table(frame: pl.DataFrame, title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        table.add_column(col, overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*["" if v is None else str(v) for v in row])
    return table


def summary_table(s: RunSummary) -> Table:
    table = Table(title=f"run {s.run_id} · {s.profile} → {s.target} · snapshot {s.snapshot_id} · {s.seconds} s")
    for col in ("rows_in", "inserted", "updated", "unchanged", "duplicates", "rejected", "unlocated"):
        table.add_column(col, justify="right")
    table.add_row(*[f"{getattr(s, c):,}" for c in ("rows_in", "inserted", "updated", "unchanged", "duplicates", "rejected", "unlocated")])
    return table


def print_summary(s: RunSummary) -> None:
    console.print(summary_table(s))
    if s.rejected_by_reason:
        console.print("rejected by reason: " + ", ".join(f"{k} {v:,}" for k, v in s.rejected_by_reason.items()))
