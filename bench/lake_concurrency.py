"""Two district loaders and two dashboard servers on one lake at the same time (issue 19):

    python bench/lake_concurrency.py --data /tmp/gpd [--batches 8] [--batch 500]
                                     [--catalog postgresql://postgres@127.0.0.1:5432/test]

The data directory's warehouse is migrated into a new lake (PostgreSQL catalog, a schema of its
own, dropped at the end). Then, at once: two loaders (separate processes, each its own data
directory as on its own machine) load ``--batches`` files of ``--batch`` new cases each, one
after another; two dashboard servers (``python -m dashboard``, separate processes, reading the
lake) each show the wall kiosk in Chromium, refreshing every 5 s. Reported: loads that failed,
commit conflicts retried, rows expected against rows in the lake afterwards (lost or doubled),
errors the walls showed (Streamlit exceptions, browser console errors) and how often each
wall's text changed while the loads went on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import rss_mb, start_server  # noqa: E402
from bench.lake_load import lake_dir  # noqa: E402
from dashboard.browser_kit import CHROMIUM_ARGS  # noqa: E402
from warehouse import lake  # noqa: E402

LOADER = """
import subprocess, sys, time
root, batches, batch, district = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
from pathlib import Path
from tests.helpers import case, write_cases
failed = 0
for i in range(batches):
    csv = write_cases(Path(root) / f"batch_{i}.csv", [case(f"{district}-{i}-{j}", grid_code="") for j in range(batch)])
    done = subprocess.run([sys.executable, "-m", "pipelines", "load", "--profile", "canonical", "--no-assess", "--json",
                           "--data", root, str(csv)], capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    failed += done.returncode != 0
print(failed)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--catalog", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--batches", type=int, default=8)
    ap.add_argument("--batch", type=int, default=500)
    args = ap.parse_args()
    import psycopg
    from playwright.sync_api import sync_playwright

    from warehouse.accounts import Accounts

    schema = f"gp_bench_{secrets.token_hex(4)}"
    print(f"bench/lake_concurrency.py {dt.datetime.now():%Y-%m-%d %H:%M}: lake schema {schema}")
    with tempfile.TemporaryDirectory(prefix="gp-lake-conc-") as tmp:
        work = Path(tmp)
        files = work / "files"
        try:
            t0 = time.perf_counter()
            lake.migrate(args.data, args.catalog, files, schema)
            print(f"   migrated {args.data} in {time.perf_counter() - t0:.1f} s")
            with lake.reader(args.catalog, files, schema=schema) as con:
                before = con.sql("SELECT count(*) FROM cases").fetchone()[0]  # type: ignore[index]
            servers, tokens = [], []
            for name in ("server1", "server2"):
                root = lake_dir(work / name, args.data, args.catalog, files)
                with open(root / "gridpulse.toml", "a", encoding="utf-8") as fh:
                    fh.write(f'lake_metadata_schema = "{schema}"\nlake_replica = false\n\n[dashboard]\nwall_refresh_seconds = 5\n')
                accounts = Accounts(f"sqlite:///{root / 'operational.db'}")
                accounts.add("bench", "admin")
                tokens.append(accounts.add_display_token("bench"))
                accounts.dispose()
                servers.append(start_server(root, {**os.environ, "GRIDPULSE_DATA": str(root)}))
            loaders = []
            for district in ("A", "B"):
                root = lake_dir(work / f"loader{district}", args.data, args.catalog, files)
                with open(root / "gridpulse.toml", "a", encoding="utf-8") as fh:
                    fh.write(f'lake_metadata_schema = "{schema}"\n')
                cmd = [sys.executable, "-c", LOADER, str(root), str(args.batches), str(args.batch), district]
                loaders.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            errors: list[str] = []
            redraws = [0, 0]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                pages = []
                for k, ((_, url), token) in enumerate(zip(servers, tokens, strict=True)):
                    page = browser.new_page(viewport={"width": 1920, "height": 1080})
                    page.on("console", lambda m, k=k: errors.append(f"wall {k + 1} console: {m.text}") if m.type == "error" else None)
                    page.goto(f"{url}/?wall=1&token={token}")
                    page.get_by_text("按期结案率排名（本月）").first.wait_for(timeout=120_000)
                    pages.append(page)
                started = time.perf_counter()
                last_seen = ["", ""]
                while any(ld.poll() is None for ld in loaders) or time.perf_counter() - started < 15:
                    for k, page in enumerate(pages):
                        text = page.inner_text("body")
                        if "Traceback" in text or page.locator("[data-testid=stException]").count():
                            errors.append(f"wall {k + 1}: {text[:300]}")
                        if text != last_seen[k]:
                            redraws[k] += 1
                            last_seen[k] = text
                    time.sleep(1)
                seconds = time.perf_counter() - started
                browser.close()
            outs = [ld.communicate(timeout=600) for ld in loaders]
            failed = sum(int(o.strip().splitlines()[-1]) for o, _ in outs)
            conflicts = sum(e.count("lake commit conflict") for _, e in outs)
            with lake.reader(args.catalog, files, schema=schema) as con:
                after = con.sql("SELECT count(*) FROM cases").fetchone()[0]  # type: ignore[index]
                doubled = con.sql("SELECT count(*) - count(DISTINCT (source, case_id)) FROM cases").fetchone()[0]  # type: ignore[index]
                facts = con.sql("SELECT count(*) FROM case_facts").fetchone()[0]  # type: ignore[index]
            expected = before + 2 * args.batches * args.batch
            print(
                f"   {2 * args.batches} loads of {args.batch} cases by two loaders in {seconds:.0f} s: {failed} failed, "
                f"{conflicts} commit conflicts retried"
            )
            print(f"   cases: {before:,} before, {after:,} after, {expected:,} expected: lost {expected - after}, doubled {doubled}")
            print(f"   case_facts in step: {facts == after}")
            print(f"   walls: {len(errors)} errors; text changed {redraws[0]} and {redraws[1]} times (polled each second)")
            for e in errors[:10]:
                print(f"     {e}")
            for proc, _ in servers:
                print(f"   server RSS {rss_mb(proc.pid):.0f} MB")
        finally:
            for proc, _ in locals().get("servers", []):
                proc.terminate()
                proc.wait(timeout=30)
            with psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True) as pg:
                pg.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            shutil.rmtree(files, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
