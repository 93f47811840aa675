"""python -m pipelines: demo | load | grids | profiles | status (see README)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from pipelines import cli_output, demo_load, grids, profiles, status
from pipelines.load import load, load_frames
from pipelines.profiles import ProfileError
from pipelines.readers import InputError
from warehouse import assessment, audit
from warehouse.settings import data_dir


def cmd_demo(args: argparse.Namespace) -> int:
    data = data_dir(args.data)
    out = Path(args.out) if args.out else data / "raw" / "demo"
    with cli_output.StepBar("demo city", transient=True) as bar:
        result = demo_load.generate_and_maybe_load(data, out, args.size, args.seed, args.load, bar, bar.expect)
    print(f"demo city written to {out}: {result['cases']:,} cases, {result['disputes']:,} disputes in {result['generate_seconds']:.1f} s")
    for summary in result["loads"]:
        cli_output.print_summary(summary)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    data = data_dir(args.data)
    profile = profiles.resolve(args.profile)
    with cli_output.StepBar("load", 2 * len(args.files) + 1, transient=True) as bar:
        summary = load(data, profile, [Path(f) for f in args.files], bar)
    audit.record(data, audit.os_actor(), "load", profile.name, {"files": [Path(f).name for f in args.files], **asdict(summary)})
    periods = [] if args.no_assess or profile.target != "cases" else assessment.touched_periods(data, summary.run_id)
    if periods:  # CONTRACT §1: loads also refresh the assessment periods they touch
        assessment.assess(data, periods)
    if args.json:
        print(summary.to_json())
    else:
        cli_output.print_summary(summary)
        if periods:
            print(f"assessment refreshed for {len(periods)} periods ({periods[0]} … {periods[-1]})")
    return 0


def cmd_grids(args: argparse.Namespace) -> int:
    data = data_dir(args.data)
    if args.square:
        cells = grids.square_cells(grids.case_extent(data), args.square)
        summary = load_frames(data, grids.SQUARE_PROFILE, [(f"<square {args.square} m>", "", cells)])
    else:
        if not args.profile or not args.file:
            raise InputError("grids needs --profile NAME FILE, or --square METRES")
        profile = profiles.resolve(args.profile)
        if profile.target != "grids":
            raise InputError(f"profile {profile.name} loads {profile.target}, not grids")
        summary = load(data, profile, [Path(args.file)])
    audit.record(data, audit.os_actor(), "load", summary.profile, asdict(summary))
    if args.json:
        print(summary.to_json())
    else:
        cli_output.print_summary(summary)
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    for name, path in profiles.builtin().items():
        p = profiles.parse(path)
        print(f"{name:<18} {p.target:<12} {p.format:<8} {p.description}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    tables = status.status(data_dir(args.data))
    if args.json:
        print(json.dumps({k: v.to_dicts() for k, v in tables.items()}, default=str, ensure_ascii=False))
        return 0
    snap = tables["snapshot"]
    if snap.height:
        print(f"snapshot {snap['snapshot_id'][0]} published {snap['published_at'][0]}")
    cli_output.console.print(cli_output.frame_table(tables["sources"], "sources"))
    cli_output.console.print(cli_output.frame_table(tables["runs"].drop("rejected_by_reason"), "recent runs"))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m pipelines", description="Load exports into the GridPulse warehouse.")
    ap.add_argument("--data", help="data directory (default: $GRIDPULSE_DATA or ./data)")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="write the demo city's raw exports (and load them with --load)")
    d.add_argument("--size", default="default", help="small | default | large | a number of cases")
    d.add_argument("--seed", type=int, default=20261125)
    d.add_argument("--out", help="folder for the exports (default: <data>/raw/demo)")
    d.add_argument("--load", action="store_true", help="load the exports through their profiles")
    d.set_defaults(func=cmd_demo)
    ld = sub.add_parser("load", help="load files through a source profile")
    ld.add_argument("--profile", required=True)
    ld.add_argument("--json", action="store_true", help="print the run summary as one JSON object")
    ld.add_argument("--no-assess", action="store_true", help="do not refresh the assessment periods the load touched")
    ld.add_argument("files", nargs="+")
    ld.set_defaults(func=cmd_load)
    g = sub.add_parser("grids", help="load unit-grid polygons, or generate a square grid")
    g.add_argument("--profile")
    g.add_argument("--square", type=int, metavar="METRES")
    g.add_argument("--json", action="store_true")
    g.add_argument("file", nargs="?")
    g.set_defaults(func=cmd_grids)
    p = sub.add_parser("profiles", help="list the built-in source profiles")
    p.set_defaults(func=cmd_profiles)
    s = sub.add_parser("status", help="per-source rows, freshness, quarantine; recent runs")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)
    for sp in (d, ld, g, p, s):
        sp.add_argument("--data", default=argparse.SUPPRESS, help="data directory")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, ProfileError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - exit 1 with a one-line reason; the warehouse is unchanged
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
