"""python -m pipelines: demo | load | grids | profiles | status (see README)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from orchestration import demo, flows
from orchestration.cli import Cli, UsageError
from orchestration.cli import output as out
from pipelines import profiles, status
from pipelines.profiles import ProfileError
from pipelines.readers import InputError
from warehouse import audit


def cmd_demo(args: argparse.Namespace, data: Path) -> int:
    target = Path(args.out) if args.out else data / "raw" / "demo"
    with out.StepBar("demo city", transient=True, log_steps=True) as bar:
        result = demo.generate_and_maybe_load(data, target, args.size, args.seed, args.load, bar, bar.expect)
    if args.format == "json":
        print(
            json.dumps(
                {k: v for k, v in result.items() if k != "loads"} | {"loads": [dataclasses.asdict(s) for s in result["loads"]]}, default=str
            )
        )
        return 0
    print(
        f"demo city written to {target}: {result['cases']:,} cases, {result['disputes']:,} disputes in {result['generate_seconds']:.1f} s"
    )
    for summary in result["loads"]:
        out.print_summary(summary)
    return 0


def cmd_load(args: argparse.Namespace, data: Path) -> int:
    profile = profiles.resolve(args.profile)
    files = [Path(f) for f in args.files]
    with out.StepBar("load", 2 * len(files) + 1, transient=True) as bar:
        outcome = flows.load_files(data, profile, files, actor=audit.os_actor(), assess=not args.no_assess, progress=bar)
    if args.format == "json":
        print(outcome.summary.to_json())
        return 0
    out.print_summary(outcome.summary)
    if outcome.assessed:
        print(f"assessment refreshed for {len(outcome.assessed)} periods ({outcome.assessed[0]} … {outcome.assessed[-1]})")
    return 0


def cmd_grids(args: argparse.Namespace, data: Path) -> int:
    if args.square:
        within = Path(args.within) if args.within else None
        summary = flows.load_square_grids(data, args.square, actor=audit.os_actor(), within=within, within_crs=args.within_crs)
    elif args.profile and args.file:
        summary = flows.load_grids(data, profiles.resolve(args.profile), Path(args.file), actor=audit.os_actor())
    else:
        raise UsageError("grids needs --profile NAME FILE, or --square METRES")
    if args.format == "json":
        print(summary.to_json())
    else:
        out.print_summary(summary)
    return 0


def cmd_profiles(args: argparse.Namespace, data: Path) -> int:
    rows = [(name, profiles.parse(path)) for name, path in profiles.builtin().items()]
    if args.format == "json":
        print(
            json.dumps(
                [{"name": n, "target": p.target, "format": p.format, "description": p.description} for n, p in rows], ensure_ascii=False
            )
        )
        return 0
    for name, p in rows:
        print(f"{name:<18} {p.target:<12} {p.format:<8} {p.description}")
    return 0


def cmd_status(args: argparse.Namespace, data: Path) -> int:
    tables = status.status(data)
    if args.format == "json":
        print(json.dumps({k: v.to_dicts() for k, v in tables.items()}, default=str, ensure_ascii=False))
        return 0
    snap = tables["snapshot"]
    if snap.height:
        print(f"snapshot {snap['snapshot_id'][0]} published {snap['published_at'][0]}")
    out.console.print(out.frame_table(tables["sources"], "sources"))
    out.console.print(out.frame_table(tables["runs"].drop("rejected_by_reason"), "recent runs"))
    return 0


def build() -> Cli:
    cli = Cli("python -m pipelines", "Load exports into the GridPulse warehouse.", (InputError, ProfileError))
    d = cli.command("demo", "write the demo city's raw exports (and load them with --load)", cmd_demo, formats=("table", "json"))
    d.add_argument("--size", default="default", help="small | default | large | a number of cases")
    d.add_argument("--seed", type=int, default=20261125)
    d.add_argument("--out", help="folder for the exports (default: <data>/raw/demo)")
    d.add_argument("--load", action="store_true", help="load the exports through their profiles")
    ld = cli.command("load", "load files through a source profile", cmd_load, formats=("table", "json"))
    ld.add_argument("--profile", required=True, help="a built-in profile name or a profile TOML file")
    ld.add_argument("--no-assess", action="store_true", help="do not refresh the assessment periods the load touched")
    ld.add_argument("files", nargs="+")
    g = cli.command("grids", "load unit-grid polygons, or generate a square grid", cmd_grids, formats=("table", "json"))
    g.add_argument("--profile", help="a grids profile (with FILE)")
    g.add_argument("--square", type=int, metavar="METRES", help="square cells of this size over the cases' extent")
    g.add_argument("--within", metavar="FILE", help="with --square: a study-area boundary (GeoJSON, shapefile …); cells are cut to it")
    g.add_argument(
        "--within-crs", metavar="EPSG:N", help="the boundary file's coordinate system where the file does not say (e.g. EPSG:2790)"
    )
    g.add_argument("file", nargs="?", help="the grid polygons file (with --profile)")
    cli.command("profiles", "list the built-in source profiles", cmd_profiles, formats=("table", "json"))
    cli.command("status", "per-source rows, freshness, quarantine; recent runs", cmd_status, formats=("table", "json"))
    return cli


def main(argv: list[str] | None = None) -> int:
    return build().main(argv)
