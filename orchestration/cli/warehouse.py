"""python -m warehouse query "SQL" | assess [--period P] | report --year YYYY (see README)."""

from __future__ import annotations

import argparse
import hashlib
import sys

import duckdb

from warehouse.db import Store
from warehouse.settings import data_dir, load_config


def run_query(data, text: str):
    """Run user SQL on the current snapshot: the file is opened read-only, and file and network
    access from SQL is switched off and locked before the query runs."""
    store = Store(data, load_config(data)["warehouse"]["keep_snapshots"])
    with store.reader() as con:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con.sql(text).pl(), store.current().snapshot_id


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m warehouse", description="Query the GridPulse warehouse (read-only).")
    ap.add_argument("--data", help="data directory (default: $GRIDPULSE_DATA or ./data)")
    sub = ap.add_subparsers(dest="command", required=True)
    q = sub.add_parser("query", help="read-only SQL against the current published snapshot")
    q.add_argument("sql")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    a = sub.add_parser("assess", help="(re)compute assessment_scores for periods (default: every period with data)")
    a.add_argument("--period", action="append", help="2025-03, 2025-Q1 or 2025 (repeatable)")
    a.add_argument("--rubric", help="rubric TOML (default: warehouse/rubrics/default.toml)")
    sub.add_parser("upgrade", help="bring a warehouse from an older GridPulse up to this version's tables and marts")
    r = sub.add_parser("report", help="the annual assessment report (XLSX or PDF)")
    r.add_argument("--year", required=True, type=int)
    r.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx")
    r.add_argument("--out", help="output file (default: <data>/reports/assessment_<year>.<format>)")
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    if args.command == "assess":
        return _assess(data, args)
    if args.command == "report":
        return _report(data, args)
    if args.command == "upgrade":
        from warehouse import upgrade

        snapshot_id = upgrade.run(data)
        print("nothing to upgrade" if snapshot_id is None else f"upgraded: snapshot {snapshot_id}")
        return 0
    try:
        frame, snapshot_id = run_query(data, args.sql)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if args.format == "csv":
        sys.stdout.write(frame.write_csv())
    elif args.format == "json":
        sys.stdout.write(frame.write_json() + "\n")
    else:
        from pipelines.cli_output import console, frame_table

        console.print(frame_table(frame.head(200), f"snapshot {snapshot_id} · {frame.height:,} rows"))
    return 0


def _assess(data, args) -> int:
    from pathlib import Path

    from warehouse import assessment

    try:
        snap, rows, periods = assessment.assess(
            data, args.period, Path(args.rubric) if args.rubric else None, load_config(data)["warehouse"]["keep_snapshots"]
        )
    except (assessment.RubricError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from warehouse import audit

    rubric_path = Path(args.rubric) if args.rubric else assessment.RUBRICS / "default.toml"
    rubric = assessment.load_rubric(rubric_path)
    fingerprint = hashlib.sha256(rubric_path.read_bytes()).hexdigest()
    audit.record_if_changed(
        data, audit.os_actor(), "rubric_change", "assessment rubric", fingerprint, {"file": rubric_path.name, "version": rubric.version}
    )
    print(f"assessment_scores: {rows:,} rows for {len(periods)} periods ({periods[0]} … {periods[-1]}), snapshot {snap}")
    return 0


def _report(data, args) -> int:
    from pathlib import Path

    from warehouse import report

    out = Path(args.out) if args.out else data / "reports" / f"assessment_{args.year}.{args.format}"
    try:
        path = report.write(data, args.year, args.format, out)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"report written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
