"""The explorer's own time in Chromium, apart from the page it is opened from. Signed in, the
user lands on the wall; the wall's map is drawn in software (no GPU here) and a page opened
while it is still drawing waits for it. This script lets the wall finish, then opens the
explorer from the wall six times: half right after the wall is visible, half after it has
settled for 8 s. It prints each visit and the median. The reference, measured in the same run,
is the data-status page opened the same way (a page with no map and no chart).

    python bench/explorer_after_wall.py --data /tmp/gplarge
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import bench_session, start_server  # noqa: E402
from dashboard.browser_kit import CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: E402

WALL = ("指挥大屏", "按期结案率排名（本月）")
PAGES = {"explorer": ("态势分析", "案件明细"), "data status (reference)": ("数据状态", "隔离原因统计")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--visits", type=int, default=6)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    user, password, _, done = bench_session(args.data)
    proc, url = start_server(args.data)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(url + "/")
            sign_in(page, user, password)
            page.get_by_text(WALL[1]).first.wait_for(timeout=120_000)
            page.wait_for_timeout(8000)  # the wall, where sign-in lands, finishes drawing
            for name, (link, marker) in PAGES.items():
                times = []
                for i in range(args.visits):
                    t0 = time.time()
                    page.get_by_role("link", name=link).first.click()
                    page.get_by_text(marker).first.wait_for(timeout=120_000)
                    times.append(time.time() - t0)
                    page.get_by_role("link", name=WALL[0]).first.click()
                    page.get_by_text(WALL[1]).first.wait_for(timeout=120_000)
                    page.wait_for_timeout(8000 if i % 2 else 0)  # next visit: right after the wall, or once it settled
                shown = ", ".join(f"{x:.2f}" for x in times)
                print(f"{name:24s} opened from the wall: {shown} s; median {statistics.median(times):.2f} s")
            browser.close()
    finally:
        done()
        proc.terminate()
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
