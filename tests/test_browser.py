"""Real browser: Debian chromium draws the data page, Chinese renders, nothing leaves 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="no /usr/bin/chromium here (CI installs Debian's chromium); browser test skipped"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(small_city: Path):
    port = free_port()
    env = {**os.environ, "GRIDPULSE_DATA": str(small_city)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--port", str(port), "--data", str(small_city)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def test_data_page_in_chromium(server: str):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        t0 = time.time()
        page.goto(server + "/")
        page.get_by_text("数据状态").first.wait_for(timeout=30_000)
        page.get_by_text("隔离原因统计").first.wait_for(timeout=30_000)
        visible_s = time.time() - t0
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "data_page.png"), full_page=True)
        text = page.inner_text("body")
        browser.close()
    hosts = {urlparse(u).hostname for u in requests if u.startswith("http")}
    assert hosts <= {"127.0.0.1"}, hosts
    assert "案件数" in text and "单元网格" in text
    assert not [e for e in errors if "favicon" not in e]
    assert visible_s < 15
