"""Wall display soak: Streamlit server memory across many wall refreshes in a real browser.

    python bench/wall_soak.py --data /tmp/gplarge [--refreshes 500] [--refresh-seconds 2] [--loads 4]

Starts `python -m dashboard` with the wall's refresh interval shortened, opens `/?wall=1` in
Chromium and counts the fragment reruns the page asks for over its websocket. The server's RSS is
sampled after 20 warm-up refreshes and every 50 after that. ``--loads`` times during the soak a
new snapshot is published (`warehouse assess` of one month: a real write, so the wall's next
refresh is a cache miss on a new file and the old connection must be let go). Goal: under 50 MB
growth across 500 refreshes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import CHROMIUM_ARGS, bench_session, rss_mb, start_server  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--refreshes", type=int, default=500)
    ap.add_argument("--refresh-seconds", type=int, default=2)
    ap.add_argument("--loads", type=int, default=4)
    ap.add_argument("--month", default="2026-09", help="the month re-assessed to publish a new snapshot")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as cfg:
        cfg.write(f"[dashboard]\nwall_refresh_seconds = {args.refresh_seconds}\nwall_rotate_seconds = 0\n")
    _, _, token, done = bench_session(args.data)  # before the server: nothing to leak
    proc, url = start_server(args.data, {**os.environ, "GRIDPULSE_CONFIG": cfg.name})
    sent: list[float] = []
    samples: list[tuple[int, float]] = []
    load_at = {int(args.refreshes * (k + 1) / (args.loads + 1)) for k in range(args.loads)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.append(time.time())))
            page.goto(f"{url}/?wall=1&token={token}")
            page.get_by_text("按期结案率排名（本月）").first.wait_for(timeout=120_000)
            start = len(sent)
            baseline = None
            t0 = time.time()
            while len(sent) - start < args.refreshes + 20:
                page.wait_for_timeout(500)
                refreshed = len(sent) - start
                if baseline is None and refreshed >= 20:
                    baseline = rss_mb(proc.pid)
                    samples.append((0, baseline))
                if baseline is not None and refreshed - 20 >= 50 * len(samples):
                    samples.append((refreshed - 20, rss_mb(proc.pid)))
                    print(f"   after {refreshed - 20:4d} refreshes: RSS {samples[-1][1]:7.0f} MB", flush=True)
                if load_at and refreshed - 20 >= min(load_at):
                    load_at.discard(min(load_at))
                    subprocess.run(
                        [sys.executable, "-m", "warehouse", "--data", str(args.data), "assess", "--period", args.month],
                        cwd=ROOT,
                        check=True,
                        capture_output=True,
                    )
                    print(f"   published a new snapshot after {refreshed - 20} refreshes", flush=True)
                if time.time() - t0 > args.refreshes * args.refresh_seconds * 4 + 300:
                    print("   stopped: refreshes came slower than 4x the interval")
                    break
            final = rss_mb(proc.pid)
            browser.close()
        growth = final - baseline
        peak = max(v for _, v in samples)
        print(f"wall soak: {len(sent) - start - 20} refreshes every {args.refresh_seconds} s, {args.loads} new snapshots")
        print(
            f"   RSS after warm-up {baseline:.0f} MB, at the end {final:.0f} MB, peak {peak:.0f} MB: growth {growth:+.0f} MB (goal < 50 MB)"
        )
    finally:
        done()
        proc.terminate()
        proc.wait(timeout=30)
        os.unlink(cfg.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
