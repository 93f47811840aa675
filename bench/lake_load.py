"""Loading into the lake against loading into the snapshot files (issue 19):

    python bench/lake_load.py --big /tmp/gplarge [--rows 1000000] [--changed 10000]
                              [--catalog sqlite:/tmp/gridpulse-lake/catalog.sqlite]
                              [--data-path /tmp/gridpulse-lake/files]

1. A full load of ``--rows`` canonical cases (bench/etl.py's generator: the dirt of a real
   export) into a warehouse holding only the grids: snapshot files against a new lake
   (SQLite catalog) that the same grids were migrated into. The same file, the same pipeline.
2. An incremental load of ``--changed`` new cases (a second source: the canonical one) into
   the 10 M demo (``--big``): a copy of its data directory against the lake ``bench/lake.py``
   filled from it (``--catalog``/``--data-path``; migrated here if it is not there).
The floor is the snapshot store, GridPulse's own default; the lake's price for being shared is
the ratio. Each time is one run (these loads change what they load into).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import orchestration  # noqa: E402, F401 - registers every writer
from bench.etl import build_base, canonical_csv  # noqa: E402
from pipelines import profiles  # noqa: E402
from pipelines.load import load  # noqa: E402
from warehouse import lake  # noqa: E402
from warehouse.db import Store  # noqa: E402


def lake_dir(root: Path, origin: Path, catalog: str, files: Path) -> Path:
    """A data directory writing to the lake, with the migrated directory's PII salt."""
    root.mkdir(parents=True)
    shutil.copytree(origin / "secrets", root / "secrets")
    (root / "gridpulse.toml").write_text(
        f'[warehouse]\nbackend = "lake"\nlake_catalog = "{catalog}"\nlake_data_path = "{files}"\n', encoding="utf-8"
    )
    return root


def timed_load(data: Path, csv: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    s = load(data, profiles.resolve("canonical"), [csv])
    return time.perf_counter() - t0, f"{s.rows_in:,} in, {s.inserted:,} inserted, {s.updated:,} updated, {s.rejected:,} rejected"


def both(files_dir: Path, lake_data: Path, csv: Path, rows: int) -> None:
    """The same file loaded into the snapshot files and into the lake; times, rates, the ratio."""
    file_s, file_says = timed_load(files_dir, csv)
    lake_s, lake_says = timed_load(lake_data, csv)
    print(f"   snapshot files: {file_s:6.1f} s  {rows / file_s:>9,.0f} rows/s  ({file_says})")
    print(f"   DuckLake:       {lake_s:6.1f} s  {rows / lake_s:>9,.0f} rows/s  ({lake_says})")
    print(f"   ratio lake / files: {lake_s / file_s:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", type=Path, required=True, help="the 10 M demo's data directory")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--changed", type=int, default=10_000)
    ap.add_argument("--catalog", default="sqlite:/tmp/gridpulse-lake/catalog.sqlite")
    ap.add_argument("--data-path", type=Path, default=Path("/tmp/gridpulse-lake/files"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(f"bench/lake_load.py {dt.datetime.now():%Y-%m-%d %H:%M}")
    with tempfile.TemporaryDirectory(prefix="gp-lake-load-") as tmp:
        work = Path(tmp)
        base, geo = build_base(work, 1_000, args.seed)
        csv = work / "cases.csv"
        rows = canonical_csv(csv, args.rows, geo, args.seed).height
        files = work / "lake-files"
        lake.migrate(base, f"sqlite:{work / 'catalog.sqlite'}", files)
        on_lake = lake_dir(work / "lake", base, f"sqlite:{work / 'catalog.sqlite'}", files)
        print(f"1. full load, {rows:,} rows into a warehouse of grids only")
        both(base, on_lake, csv, rows)

        big = work / "big"
        t0 = time.perf_counter()
        shutil.copytree(args.big, big, ignore=shutil.ignore_patterns("lake_replica", "uploads", "raw"))
        print(f"2. incremental load into the 10 M demo (its data directory copied in {time.perf_counter() - t0:.0f} s)")
        if not args.data_path.exists():
            lake.migrate(args.big, args.catalog, args.data_path)
        lake.ensure_writable(args.catalog, args.data_path)
        big_lake = lake_dir(work / "big-lake", args.big, args.catalog, args.data_path)
        with Store(big).reader() as con:
            n_cases = con.sql("SELECT count(*) FROM cases").fetchone()[0]  # type: ignore[index]
        changed = work / "changed.csv"
        canonical_csv(changed, args.changed, geo, args.seed + 1, id_offset=0, later=True)  # a source the demo does not have: 10 k new cases
        print(f"   {args.changed:,} rows into {n_cases:,} cases")
        both(big, big_lake, changed, args.changed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
