"""python -m warehouse: query | assess | report | bulletin | upgrade | migrate (see README)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from pathlib import Path

import duckdb
import polars as pl

from orchestration import flows
from orchestration.cli import Cli, UsageError
from orchestration.cli import output as out
from warehouse import assessment, audit, bulletin, lake, report, sql, upgrade
from warehouse.db import Store
from warehouse.settings import settings

READ_ONLY_TYPES = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
# Table functions that change the process's state (logging, profiling) even on a read-only,
# configuration-locked connection: refused by name.
STATEFUL_FUNCTIONS = re.compile(r"\b(enable_logging|disable_logging|truncate_duckdb_logs|enable_profiling|disable_profiling)\b", re.I)


def check_read_only(text: str) -> None:
    """One SELECT (or EXPLAIN) statement, or UsageError saying what is refused."""
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise UsageError(str(exc).splitlines()[0]) from exc
    if len(statements) != 1:
        raise UsageError(f"one statement at a time ({len(statements)} given)")
    kind = statements[0].type
    if kind not in READ_ONLY_TYPES:
        raise UsageError(f"only read-only queries (SELECT, EXPLAIN): a {kind.name} statement is refused")
    if found := STATEFUL_FUNCTIONS.search(text):
        raise UsageError(f"{found.group(1)}() changes the server's state and is refused")


def run_query(data: Path, text: str) -> tuple[pl.DataFrame, int]:
    """Run user SQL on the current snapshot: one read-only statement, on a file opened read-only,
    with file and network access switched off and locked, interrupted after [warehouse]
    query_seconds."""
    check_read_only(text)
    limit = settings(data).warehouse.query_seconds
    with Store(data).reader() as con:
        snapshot_id = sql.scalar(con, "status/snapshot_id")  # the snapshot this connection reads
        # DuckDB shares one database instance per file within a process, settings included: an
        # earlier query in this process may have locked them already (as this one would)
        if not con.sql("SELECT current_setting('lock_configuration')").fetchone()[0]:  # type: ignore[index]
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        if con.sql("SELECT current_setting('enable_external_access')").fetchone()[0]:  # type: ignore[index]
            raise UsageError("this process opened the warehouse with external access locked on; run the query in a new process")
        timer = threading.Timer(limit, con.interrupt)
        timer.start()
        try:
            return con.sql(text).pl(), snapshot_id
        except duckdb.InterruptException as exc:
            raise UsageError(f"the query ran longer than {limit:g} s and was stopped ([warehouse] query_seconds)") from exc
        finally:
            timer.cancel()


def flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs, maps) as JSON text, so CSV can hold them."""
    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    return frame.with_columns(
        pl.Series(c, [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in frame[c].to_list()], dtype=pl.Utf8)
        for c in nested
    )


def cmd_query(args: argparse.Namespace, data: Path) -> int:
    try:
        frame, snapshot_id = run_query(data, args.sql)
    except duckdb.Error as exc:
        raise UsageError(str(exc).splitlines()[0]) from exc
    if args.format == "csv":
        sys.stdout.write(flat(frame).write_csv())
    elif args.format == "json":
        sys.stdout.write(frame.write_json() + "\n")
    else:
        out.console.print(out.frame_table(frame.head(200), f"snapshot {snapshot_id} · {frame.height:,} rows"))
    return 0


def cmd_assess(args: argparse.Namespace, data: Path) -> int:
    rubric = Path(args.rubric) if args.rubric else None
    snap, rows, periods = flows.refresh_scores(data, args.period, rubric, actor=audit.os_actor())
    with Store(data).reader() as con:
        partial = assessment.partial_periods(con, periods)
    if args.format == "json":
        print(json.dumps({"snapshot_id": snap, "rows": rows, "periods": periods, "partial": partial}))
        return 0
    print(f"assessment_scores: {rows:,} rows for {len(periods)} periods ({periods[0]} … {periods[-1]}), snapshot {snap}")
    if partial:
        print(f"partial (the data starts or ends inside them): {', '.join(partial)}")
    return 0


def cmd_report(args: argparse.Namespace, data: Path) -> int:
    target = Path(args.out) if args.out else data / "reports" / f"assessment_{args.year}.{args.format}"
    path = report.write(data, args.year, args.format, target, args.number)
    print(f"report written: {path}")
    return 0


def cmd_bulletin(args: argparse.Namespace, data: Path) -> int:
    target = Path(args.out) if args.out else data / "reports" / f"bulletin_{args.month}.{args.format}"
    path = bulletin.write(data, args.month, args.format, target, args.number)
    print(f"bulletin written: {path}")
    return 0


def cmd_upgrade(args: argparse.Namespace, data: Path) -> int:
    snapshot_id = upgrade.run(data)
    print("nothing to upgrade" if snapshot_id is None else f"upgraded: snapshot {snapshot_id}")
    return 0


def cmd_migrate(args: argparse.Namespace, data: Path) -> int:
    if args.to != "lake":
        raise UsageError("--to lake is the only target")
    done = lake.migrate(data, args.catalog, Path(args.data_path), args.metadata_schema)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "source_snapshot": done.source_snapshot,
                    "lake_snapshot": done.lake_snapshot,
                    "ok": done.ok,
                    "tables": [t.__dict__ | {"same": t.same} for t in done.tables],
                }
            )
        )
    else:
        for t in done.tables:
            mark = "same" if t.same else "DIFFERENT"
            print(
                f"{t.table:24s} {t.rows:>12,} rows  checksum {t.checksum:>20}  lake {t.lake_rows:>12,} rows {t.lake_checksum:>20}  {mark}"
            )
        rows = sum(t.rows for t in done.tables)
        verdict = "all tables the same on both sides" if done.ok else "SOME TABLES DIFFER"
        print(f"snapshot {done.source_snapshot} → lake snapshot {done.lake_snapshot}: {len(done.tables)} tables, {rows:,} rows; {verdict}")
    return 0 if done.ok else 1


def build() -> Cli:
    cli = Cli("python -m warehouse", "Query and assess the GridPulse warehouse.", (assessment.RubricError,))
    q = cli.command("query", "read-only SQL against the current published snapshot", cmd_query, formats=("table", "csv", "json"))
    q.add_argument("sql")
    a = cli.command("assess", "(re)compute assessment_scores (default: every period with data)", cmd_assess, formats=("table", "json"))
    a.add_argument("--period", action="append", help="2025-03, 2025-Q1 or 2025 (repeatable)")
    a.add_argument("--rubric", help="rubric TOML (default: warehouse/rubrics/default.toml)")
    r = cli.command("report", "the annual assessment report (XLSX or PDF)", cmd_report, formats=("xlsx", "pdf"))
    r.add_argument("--year", required=True, type=int)
    r.add_argument("--out", help="output file (default: <data>/reports/assessment_<year>.<format>)")
    r.add_argument("--number", type=int, help="the document number the office assigns (文号), printed as <doc_code>〔year〕N号")
    b = cli.command(
        "bulletin",
        "the monthly bulletin (月度通报: red and black lists, scores, problems) as PDF or XLSX",
        cmd_bulletin,
        formats=("pdf", "xlsx"),
    )
    b.add_argument("--month", required=True, help="the month, YYYY-MM")
    b.add_argument("--out", help="output file (default: <data>/reports/bulletin_<month>.<format>)")
    b.add_argument("--number", type=int, help="the document number the office assigns (文号)")
    cli.command("upgrade", "bring a warehouse from an older GridPulse up to this version's tables and marts", cmd_upgrade)
    m = cli.command(
        "migrate", "copy the current snapshot into a DuckLake and check every table on both sides", cmd_migrate, formats=("table", "json")
    )
    m.add_argument("--to", required=True, choices=["lake"])
    m.add_argument("--catalog", required=True, help="postgresql://user@host:port/database or sqlite:/path/catalog.sqlite")
    m.add_argument("--data-path", required=True, help="the directory the lake's Parquet files go to")
    m.add_argument("--metadata-schema", help="PostgreSQL schema for the catalog's tables (default: public)")
    return cli


def main(argv: list[str] | None = None) -> int:
    return build().main(argv)
