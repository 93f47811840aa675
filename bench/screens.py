"""Screenshots of the pages a person sees, for looking at them (not a test): the wall as kiosk
and signed in, the explorer and the assessment, in Chinese and English, at 1366×768 and
1920×1080. ``python bench/screens.py --data DIR [--out artifacts/screens]``; needs Debian's
Chromium. Every request is checked to stay on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dashboard import bench_session, start_server  # noqa: E402
from dashboard.browser_kit import CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: E402

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
PAGES = ("wall", "explorer", "grid", "assessment", "models", "incidents")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screens")
    ap.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES), help="viewports (default: all)")
    ap.add_argument("--kiosk-only", action="store_true", help="only the wall as a kiosk")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    user, password, token, done = bench_session(args.data)
    proc, url = start_server(args.data)
    outside: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, (w, h) in [(k, SIZES[k]) for k in args.sizes]:
                page = browser.new_page(viewport={"width": w, "height": h})
                page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
                page.goto(f"{url}/?wall=1&token={token}")
                page.get_by_text("按期结案率排名（本月）").first.wait_for(timeout=120_000)
                page.wait_for_timeout(4000)
                page.screenshot(path=str(args.out / f"wall_kiosk_zh_{size}.png"))
                page.close()
                for lang in () if args.kiosk_only else ("zh", "en"):
                    page = browser.new_page(viewport={"width": w, "height": h})
                    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
                    page.goto(url + "/")
                    sign_in(page, user, password)
                    page.get_by_role("link", name="态势分析").first.wait_for(timeout=120_000)
                    if lang == "en":
                        page.get_by_text("English").first.click()
                        page.wait_for_timeout(2500)
                    for name in PAGES:
                        link = {
                            "wall": ("指挥大屏", "Wall display"),
                            "explorer": ("态势分析", "Explorer"),
                            "grid": ("网格画像", "Grid profile"),
                            "assessment": ("考核评价", "Assessment"),
                            "models": ("模型评估", "Model quality"),
                            "incidents": ("一事多报", "Incidents"),
                        }
                        page.get_by_role("link", name=link[name][0 if lang == "zh" else 1]).first.click()
                        page.wait_for_timeout(6000)
                        page.screenshot(path=str(args.out / f"{name}_{lang}_{size}.png"))
                        if name == "models":  # and its text-model section, below the fold (the page scrolls inside its main block)
                            page.locator("[data-testid=stHeading]").last.scroll_into_view_if_needed()
                            page.wait_for_timeout(1000)
                            page.screenshot(path=str(args.out / f"{name}_text_{lang}_{size}.png"))
                    page.close()
            browser.close()
    finally:
        proc.terminate()
        done()
    print(f"screenshots in {args.out}; requests that left 127.0.0.1: {len(outside)}")
    return 1 if outside else 0


if __name__ == "__main__":
    raise SystemExit(main())
