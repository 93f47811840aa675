"""python -m warehouse query "SQL" [--format table|csv|json]: read-only SQL on the snapshot."""

from __future__ import annotations

import argparse
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
    args = ap.parse_args(argv)
    try:
        frame, snapshot_id = run_query(data_dir(args.data), args.sql)
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


if __name__ == "__main__":
    sys.exit(main())
