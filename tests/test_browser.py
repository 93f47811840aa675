"""Real browser: Debian chromium draws each page, Chinese renders, nothing leaves 127.0.0.1."""

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


USER, PASSWORD = "browser.test", "a-browser-secret"
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(small_city: Path, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    from warehouse.accounts import Accounts

    city = tmp_path_factory.mktemp("browser") / "city"
    shutil.copytree(small_city, city, ignore=shutil.ignore_patterns("raw", "operational.db"))
    accounts = Accounts(f"sqlite:///{city / 'operational.db'}")
    first = accounts.add(USER, "admin")
    accounts.change_password(USER, first, PASSWORD)
    TOKENS["wall"] = accounts.add_display_token("test-wall")
    accounts.dispose()
    port = free_port()
    env = {**os.environ, "GRIDPULSE_DATA": str(city)}
    env.pop("GRIDPULSE_STORE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--port", str(port), "--data", str(city)],
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
    url = f"http://127.0.0.1:{port}"
    # Streamlit learns the page list on its first script run; a deep link as the very first
    # request is answered with the main page plus a "page not found" notice. Warm it up once.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(url + "/")
        sign_in(page)
        page.get_by_text("指挥大屏").first.wait_for(timeout=60_000)
        browser.close()
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def sign_in(page) -> None:
    """Fill the sign-in form, as a person would."""
    page.get_by_label("用户名").fill(USER, timeout=60_000)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def visit(server: str, path: str, wait_for: list[str], shot: str, viewport: dict | None = None) -> tuple[str, float, set, list, object]:
    """Open a page, wait for texts, screenshot it; return body text, seconds to visible, hosts
    contacted, console errors and the page's scroll size."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    requests, errors, failed = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=viewport or {"width": 1600, "height": 1000})
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        t0 = time.time()
        page.goto(server + path)
        if "token=" not in path:
            sign_in(page)
        for text in wait_for:
            page.get_by_text(text).first.wait_for(timeout=30_000)
        visible_s = time.time() - t0
        page.wait_for_timeout(2500)
        page.screenshot(path=str(ARTIFACTS / shot), full_page=False)
        text = page.inner_text("body")
        size = page.evaluate("() => [document.scrollingElement.scrollHeight, document.querySelector('[data-testid=stMain]')?.scrollHeight]")
        canvases = page.evaluate("() => document.querySelectorAll('canvas').length")
        browser.close()
    hosts = {urlparse(u).hostname for u in requests if u.startswith("http")}
    # Streamlit's client probes <page path>/_stcore/{health,host-config} before the root ones on a
    # deep link; those two 404s (and their console lines) are its normal start-up, nothing else is
    benign = [u for u in failed if urlparse(u).path.endswith(("/_stcore/health", "/_stcore/host-config"))]
    assert failed == benign, failed
    errors = [e for e in errors if "favicon" not in e and not (e.startswith("Failed to load resource") and benign)]
    return text, visible_s, hosts, errors, (size, canvases)


def test_data_page_in_chromium(server: str):
    text, visible_s, hosts, errors, _ = visit(server, "/status", ["数据状态", "隔离原因统计"], "data_page.png")
    assert hosts <= {"127.0.0.1"}, hosts
    assert "案件数" in text and "单元网格" in text
    assert not errors
    assert visible_s < 15


def test_wall_kiosk_fits_1080p(server: str):
    text, visible_s, hosts, errors, (size, canvases) = visit(
        server,
        f"/?wall=1&token={TOKENS['wall']}",
        ["今日新增", "部门按期结案率排名（本月）", "超期案件"],
        "wall.png",
        {"width": 1920, "height": 1080},
    )
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    assert "后三位" in text and "数据截至" in text
    assert "数据状态" not in text  # kiosk: no sidebar navigation
    assert max(v for v in size if v) <= 1080, size  # no scrolling on a 1080p wall
    assert canvases >= 1  # the deck.gl map drew
    assert visible_s < 15


def test_explorer_in_chromium(server: str):
    text, visible_s, hosts, errors, (_, canvases) = visit(server, "/explorer", ["态势分析", "案件明细", "星期 × 时段"], "explorer.png")
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    assert "按期结案率" in text and "重复发生点位" in text
    assert canvases >= 1
    assert visible_s < 15


def test_risk_alerts_in_chromium(server: str):
    text, visible_s, hosts, errors, (_, canvases) = visit(server, "/alerts", ["风险预警", "预警依据", "提交审核"], "alerts.png")
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    assert "预警队列" in text and "热点网格" in text
    assert canvases >= 1  # the alert's small map
    assert visible_s < 15


def test_model_quality_in_chromium(server: str):
    text, visible_s, hosts, errors, _ = visit(server, "/models", ["模型评估", "命中率–覆盖面积曲线"], "models.png")
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    # the table is drawn on a canvas (not in the text); the choice and the curves' titles are
    assert "预警采用" in text and "5%覆盖率 PAI" in text and "PAI–覆盖面积曲线" in text
    assert visible_s < 15
