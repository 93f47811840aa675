"""Readable terminal output (rich) for every command: tables, run summaries, progress."""

from __future__ import annotations

import sys
import time
from types import TracebackType

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
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


class StepBar:
    """A progress bar counted in pipeline steps (generate a part, read / validate a file, write a
    snapshot). Each call names the step starting now and completes the one before; ``expect``
    adds steps once their number is known (a demo's file count is known after generating)."""

    def __init__(self, description: str, total: int = 0, *, transient: bool = False, log_steps: bool = False) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<48}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=transient,
            disable=not sys.stderr.isatty(),
        )
        self.task = self.progress.add_task(description, total=total or None)
        self.started = False
        # ``log_steps``, for the long first run: in a log rather than a terminal (a service,
        # `… 2> first-run.log`) one plain line per step instead (commands whose stderr scripts
        # read, such as a load's refusal, keep it to the one error line)
        self.plain = log_steps and not sys.stderr.isatty()
        self.t0 = time.perf_counter()

    def expect(self, steps: int) -> None:
        total = self.progress.tasks[0].total or 0
        self.progress.update(self.task, total=total + steps)

    def __call__(self, message: str) -> None:
        self.progress.update(self.task, description=message[:48], advance=1 if self.started else 0)
        self.started = True
        if self.plain:
            done, total = self.progress.tasks[0].completed, self.progress.tasks[0].total
            of = f"/{int(total)}" if total else ""
            print(f"[{int(done) + 1}{of}] {time.perf_counter() - self.t0:7.1f} s  {message}", file=sys.stderr, flush=True)

    def __enter__(self) -> StepBar:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.progress.update(self.task, completed=self.progress.tasks[0].total)
        self.progress.stop()
