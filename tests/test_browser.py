"""Real browser: Debian chromium draws each page, Chinese renders, nothing leaves 127.0.0.1."""

import contextlib
import http.server
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.browser_kit import CHROMIUM
from dashboard.browser_kit import CHROMIUM_ARGS as ARGS  # one list of Chromium flags for tests and benches
from dashboard.browser_kit import sign_in as _sign_in_as
from pipelines.demo.generate import SIZES
from tests.helpers import warehouse_copy

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="no /usr/bin/chromium here (CI installs Debian's chromium); browser test skipped"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


USER, PASSWORD = "browser.test", "a-browser-secret"
TOKENS: dict[str, str] = {}
CITY: dict[str, Path] = {}  # the served city's folder (accounts are added to it by some tests)


def _png(width: int, height: int, grey: int) -> bytes:
    """A plain grey PNG (what an intranet tile server answers, minus the map)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class TileServer(http.server.BaseHTTPRequestHandler):
    """A stand-in intranet tile server on 127.0.0.1 that records the tiles asked for."""

    asked: list[str] = []
    tile = _png(256, 256, 200)

    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        TileServer.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(self.tile)))
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def tile_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TileServer)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(small_city: Path, tmp_path_factory: pytest.TempPathFactory, tile_server: str):

    from warehouse.accounts import Accounts

    city = tmp_path_factory.mktemp("browser") / "city"
    warehouse_copy(small_city, city)
    CITY["path"] = city
    # an intranet tile server is configured: the maps put its tiles under the city's boundaries
    (city / "gridpulse.toml").write_text(f'[dashboard]\ntile_url = "{tile_server}/{{z}}/{{x}}/{{y}}.png"\n', encoding="utf-8")
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
    _sign_in_as(page, USER, PASSWORD)


@contextlib.contextmanager
def signed_in(server: str, path: str, viewport: dict):
    """A Chromium page signed in at ``path``, and the list of every URL it requested; the
    browser closes when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=viewport)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server + path)
        sign_in(page)
        try:
            yield page, requests
        finally:
            browser.close()


def visit(
    server: str, path: str, wait_for: list[str], shot: str, viewport: dict | None = None, plots: int = 0, canvases: int = 0
) -> tuple[str, float, set, list, object]:
    """Open a page, wait for texts (and ``plots`` drawn plotly charts), screenshot it; return body
    text, seconds to visible, hosts contacted, console errors and the page's scroll size."""
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
        if plots:
            page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=plots, timeout=30_000)
        if canvases:  # deck.gl maps draw after the page's text; on a busy machine, seconds after
            page.wait_for_function("n => document.querySelectorAll('canvas').length >= n", arg=canvases, timeout=30_000)
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


WALL_BOXES = """() => {
  const box = s => [...document.querySelectorAll(s)].map(e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; });
  return {
    scroll: document.scrollingElement.scrollHeight,
    map: box('[data-testid=stIFrame]'), ticker: box('.gp-ticker'), legend: box('.gp-legend'),
    mapGrids: (() => { const f = document.querySelector('[data-testid=stIFrame]'); const d = f && f.contentDocument;
      return d ? [d.querySelectorAll('svg.gp-svgmap path[fill] title').length, d.querySelectorAll('circle.gp-pin').length,
                  [...d.querySelectorAll('svg.gp-svgmap text')].map(e => e.textContent)] : null; })(),
    canvases: document.querySelectorAll('canvas').length,
    plots: box('.gp-chart, .gp-hot'),
    plotly: document.querySelectorAll('[data-testid=stPlotlyChart]').length,
    tickerFont: parseFloat(getComputedStyle(document.querySelector('.gp-ticker')).fontSize),
    ranks: [...document.querySelectorAll('.gp-rank')].map(r => new Set([...r.querySelectorAll('.rk .u')].map(e => e.textContent)).size),
    rankings: box('.gp-rank'), rankFont: parseFloat(getComputedStyle(document.querySelector('.gp-rank .rk')).fontSize),
    pins: box('.gp-legend').length ? document.querySelector('.gp-legend').textContent.includes('紧急案件') : false,
    search: location.search,
  };
}"""


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_the_wall_kiosk_fills_the_screen_without_scrolling(server: str, size: tuple[int, int]):
    """At 1366×768 the old kiosk cropped the map and put the overdue list below the fold; at
    1920×1080 it left the bottom quarter empty. Now nothing scrolls, the map, the legend and the
    overdue list end inside the screen and the lowest of them near its bottom edge, every
    department has its labelled bar, and the text grows with the screen."""
    from playwright.sync_api import sync_playwright

    w, h = size
    ARTIFACTS.mkdir(exist_ok=True)
    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": w, "height": h})
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
        page.goto(f"{server}/?wall=1&token={TOKENS['wall']}")
        page.get_by_text("按期结案率排名（本月）").first.wait_for(timeout=60_000)
        page.wait_for_function("() => document.querySelectorAll('.gp-chart').length >= 3", timeout=30_000)
        page.wait_for_function(
            "() => { const f = document.querySelector('[data-testid=stIFrame]'); return f && f.contentDocument && f.contentDocument.querySelector('svg.gp-svgmap path'); }",
            timeout=30_000,
        )
        page.wait_for_timeout(2500)
        page.screenshot(path=str(ARTIFACTS / f"wall_kiosk_{w}x{h}.png"))
        text = page.inner_text("body")
        m = page.evaluate(WALL_BOXES)
        browser.close()
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}
    assert not errors, errors
    assert f"vw={w}" in m["search"] and f"vh={h}" in m["search"]  # the page learnt the screen's size
    assert "后三位" in text and "数据截至" in text and "案件数" in text  # the bottom three, as-of time, map legend
    assert "数据状态" not in text  # kiosk: no sidebar navigation
    assert m["scroll"] <= h, m
    lowest = max(b[1] for key in ("map", "ticker", "legend", "plots") for b in m[key])
    assert lowest <= h and lowest >= 0.9 * h, m  # inside the screen, and the screen filled
    assert m["map"] and m["map"][0][1] - m["map"][0][0] >= 0.55 * h, m  # the map is the body's height, not cropped
    assert len(m["plots"]) == 4 and m["plotly"] == 0, m  # trend, stages, categories, hot issues: HTML, no plotting library
    assert m["ranks"][0] >= 10 and m["ranks"][1] == 6, m  # every department and all six streets ranked and named
    assert all(b[1] <= h for b in m["rankings"]) and m["rankFont"] == m["tickerFont"], m
    assert m["pins"] and "综合得分" in text and "近90天" in text, m  # the urgent-case pins' key; the overall score
    # the map is SVG, not WebGL: every grid drawn with its hover title, a pin per urgent case
    # (the legend's count), the six street names; nothing on the wall needs a canvas
    grids, pins, labels = m["mapGrids"]
    assert grids == SIZES["small"]["grids"] and pins == int(re.search(r"紧急案件[^）]*）(\d+) 件", text).group(1)), m["mapGrids"]
    assert len(labels) == 6 and all(name.endswith("街道") for name in labels), labels
    assert m["canvases"] == 0, m
    assert m["tickerFont"] == (14 if h == 768 else 19), m


def test_explorer_in_chromium(server: str):
    TileServer.asked.clear()
    text, visible_s, hosts, errors, (_, canvases) = visit(
        server, "/explorer", ["态势分析", "案件明细", "星期 × 时段"], "explorer.png", plots=2
    )
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    assert "按期结案率" in text and "问题与时段" in text and "超期与重复" in text
    assert "重复发生点位" not in text  # a closed tab is not drawn (the page is drawn in less time)
    assert canvases == 0  # the grid map is an SVG: no WebGL drawing in software after the page shows
    assert visible_s < 15
    # the configured intranet tile server was asked for tiles ({z}/{x}/{y}.png), nothing else was
    assert TileServer.asked and all(p.count("/") == 3 and p.endswith(".png") for p in TileServer.asked), TileServer.asked


BOXES = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.data && p.data.length && p.data[0].type === 'box');
  if (!plot) return null;
  return {names: plot.data.map(d => d.name), xs: plot.data.map(d => d.x[0]), medians: plot.data.map(d => d.median[0]),
          ticks: [...plot.querySelectorAll('.xtick text')].map(e => e.textContent)};
}"""


def test_the_explorer_tabs_draw_on_demand_with_one_named_box_per_group(server: str):
    """The explorer's lower sections are tabs drawn when opened: the lists appear on a click, and
    the time-to-close chart has one box per department, each at its own named place on the axis
    (the first version drew them all on top of each other at x = 0), quickest median first."""
    with signed_in(server, "/explorer", {"width": 1600, "height": 1000}) as (page, requests):
        page.get_by_text("超期与重复").first.wait_for(timeout=60_000)
        page.get_by_role("tab", name="超期与重复").click()
        page.get_by_text("重复发生点位").first.wait_for(timeout=30_000)
        page.get_by_role("tab", name="结案用时").click()
        page.wait_for_function(f"({BOXES})() !== null", timeout=30_000)
        boxes = page.evaluate(BOXES)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "explorer_sla_tab.png"))
    names = boxes["names"]
    assert len(names) >= 5 and len(set(names)) == len(names) and all(names), boxes
    assert boxes["xs"] == names and boxes["ticks"] == names, boxes  # each named, at its own place
    medians = [m for m in boxes["medians"] if m is not None]
    assert medians == sorted(medians), boxes
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}


def test_the_date_picker_calendar_speaks_chinese(server: str):
    """Streamlit's calendar names months and weekdays in English whatever the page's language;
    in the Chinese UI the month button, the month list and the weekday row read 10月, 1月…12月
    and 日 一 二 … 六."""
    with signed_in(server, "/explorer", {"width": 1366, "height": 768}) as (page, _):
        page.get_by_text("时间范围").first.wait_for(timeout=60_000)
        page.locator("[data-testid=stDateInputField]").first.click()
        calendar = page.locator("[data-testid=stDateInputCalendar]").first
        calendar.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        heads = calendar.locator("thead th").all_inner_texts()
        month = calendar.locator("button[aria-label=month]").inner_text()
        calendar.locator("button[aria-label=month]").click()  # the list of months
        page.locator("[role=listbox] [role=option]").first.wait_for(timeout=10_000)
        page.wait_for_timeout(300)
        listed = page.locator("[role=listbox] [role=option]").all_inner_texts()
        page.screenshot(path=str(ARTIFACTS / "date_picker_zh.png"))
    assert heads == list("日一二三四五六"), heads
    assert re.fullmatch(r"\d{1,2}月", month.strip()), month
    assert [x.strip() for x in listed] == [f"{i}月" for i in range(1, 13)], listed


def click_a_grid(page) -> float:
    """Click the middle of the explorer's map, as a person does (a real mouse click at a pixel,
    not a synthetic event), until the grid filter chip shows; returns the time of the click that
    landed (time.time())."""
    svg = page.locator("svg.gp-svgmap").first
    svg.wait_for(timeout=30_000)
    chip = page.get_by_role("button", name="单元网格：")
    for _ in range(3):
        # measured at each try: the page above the map may still be growing when it first draws
        svg.scroll_into_view_if_needed()
        box = svg.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2 - 5, box["y"] + box["height"] / 2)
        clicked = time.time()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            chip.first.wait_for(timeout=10_000)
            return clicked
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the click did not land
            continue
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_click_missed.png"))  # what the map showed when no click landed
    chip.first.wait_for(timeout=10_000)
    return clicked


def test_clicking_a_grid_on_the_map_drills_the_filter_down(server: str):
    with signed_in(server, "/explorer", {"width": 1600, "height": 1000}) as (page, requests):
        page.get_by_text("网格分布").first.wait_for(timeout=30_000)
        assert page.get_by_role("button", name="单元网格：").count() == 0
        click_a_grid(page)
        chip = page.get_by_role("button", name="单元网格：")
        page.wait_for_timeout(1500)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "explorer_drilled.png"))
        label = chip.first.inner_text()
        community_chip = page.get_by_role("button", name="社区：").count()
        # the hover box over the grid just clicked (the map now fits its community): its name and
        # code, and the numbers it is coloured by
        name = label.split("：", 1)[1].strip(" ✕\n")
        page.locator(f"svg.gp-svgmap path[data-tip^='{name} ']").first.hover()
        tip = page.locator(".gp-tip").first
        tip.wait_for(state="visible", timeout=5_000)
        lines = tip.inner_text().splitlines()
    assert label.startswith("单元网格：") and community_chip == 1
    shown_name, code = lines[0].rsplit(" ", 1)
    assert shown_name == name and re.fullmatch(r"\d{15}", code), (lines, label)
    assert lines[1].startswith("案件数: ") and lines[3].startswith("按期结案率: "), lines
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}


def test_the_grid_profile_opens_from_a_map_click_and_prints(server: str, tmp_path: Path):
    """A map click, then the button under the map: the clicked grid's profile with its numbers,
    a deep link to it, and its PDF in Chinese. Timed from the map click that landed to the
    profile's tiles drawn (the issue asks under 4 s; the bound here allows for CI's load)."""
    with signed_in(server, "/explorer", {"width": 1366, "height": 768}) as (page, requests):
        page.get_by_text("网格分布").first.wait_for(timeout=30_000)
        clicked = click_a_grid(page)
        grid_name = page.get_by_role("button", name="单元网格：").first.inner_text().split("：", 1)[1].strip(" ✕\n")
        pressed = time.time()
        page.get_by_role("button", name="查看该网格画像").click()
        page.get_by_text("常住人口").first.wait_for(timeout=30_000)
        page.get_by_text("巡查覆盖（近30天）").first.wait_for(timeout=30_000)
        drawn = time.time()
        seconds = drawn - clicked
        page.wait_for_timeout(1000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "grid_profile_1366.png"))
        picked = page.locator("[data-testid=stSelectbox] input").first.input_value()
        code = re.search(r"grid=(\d+)", page.url).group(1)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="打印网格画像（PDF）").click()
        pdf = tmp_path / "profile.pdf"
        download.value.save_as(pdf)
    print(f"grid profile from a map click: {seconds:.2f} s (from the button: {drawn - pressed:.2f} s)")
    assert grid_name in picked and code in picked  # the grid clicked is the grid shown
    assert seconds < 10, seconds
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "网格画像" in text and code in text and "常住人口" in text and "第 1 页" in text
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}


def test_the_grid_profile_keeps_a_street_user_in_their_street_and_special_groups_to_leaders(server: str):
    """A street-scoped leader asking for another street's grid by link gets a grid of their own
    street (and no other is offered); an analyst sees no special-group counts."""
    from warehouse.accounts import Accounts
    from warehouse.db import Store

    with Store(CITY["path"]).reader() as con:
        streets = con.sql("SELECT street_code, min(grid_code) FROM grids GROUP BY ALL ORDER BY 1 LIMIT 2").fetchall()
        own_grids = {r[0] for r in con.execute("SELECT grid_code FROM grids WHERE street_code = ?", [streets[0][0]]).fetchall()}
    accounts = Accounts(f"sqlite:///{CITY['path'] / 'operational.db'}")
    for name, role, scope in (("street.leader", "leader", streets[0][0]), ("plain.analyst", "analyst", None)):
        first = accounts.add(name, role, "street" if scope else None, scope)
        accounts.change_password(name, first, PASSWORD)
    accounts.dispose()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{server}/grid?grid={streets[1][1]}")  # another street's grid
        _sign_in_as(page, "street.leader", PASSWORD)
        page.get_by_text("常住人口").first.wait_for(timeout=30_000)
        page.get_by_text("重点人群（仅统计数）").first.wait_for(timeout=30_000)
        picked = page.locator("[data-testid=stSelectbox] input").first.input_value()
        page.locator("[data-testid=stSelectbox]").first.click()
        offered = page.locator("[role=option]").all_inner_texts()
        leader_text = page.inner_text("body")
        browser.close()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{server}/grid?grid={streets[1][1]}")
        _sign_in_as(page, "plain.analyst", PASSWORD)
        page.get_by_text("常住人口").first.wait_for(timeout=30_000)
        page.get_by_text("重点人群数据仅对有权限的角色显示。").first.wait_for(timeout=30_000)
        analyst_text = page.inner_text("body")
        browser.close()
    assert streets[1][1] not in picked and picked.split(" · ")[-1].strip() in own_grids
    assert offered and all(o.split(" · ")[-1].strip() in own_grids for o in offered)
    # the counts themselves are drawn in a canvas table (the AppTest reads them); here: which of
    # the two the page chose to show
    assert "重点人群（仅统计数）" in leader_text and "重点人群数据仅对有权限的角色显示。" not in leader_text
    assert streets[1][1] in analyst_text


def test_risk_alerts_in_chromium(server: str):
    text, visible_s, hosts, errors, (_, canvases) = visit(
        server, "/alerts", ["风险预警", "预警依据", "提交审核", "预警队列", "热点网格"], "alerts.png", canvases=1
    )
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


def test_assessment_in_chromium(server: str):
    text, visible_s, hosts, errors, _ = visit(server, "/assessment", ["考核评价", "综合排名", "年度考核报告"], "assessment.png", plots=1)
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    assert "后三位及原因" in text and "指标明细" in text and "指标对应案件" in text
    assert visible_s < 15


def test_audit_log_in_chromium(server: str):
    text, visible_s, hosts, errors, _ = visit(server, "/audit", ["审计日志", "校验哈希链"], "audit.png")
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors
    assert visible_s < 15


def test_a_reload_and_a_new_tab_keep_the_session_until_sign_out(server: str):
    """A leader's reload or bookmark does not ask for the password again (Streamlit starts a new
    session on each); signing out ends it in every tab of that browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        requests = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.goto(server + "/explorer")
        sign_in(page)
        page.get_by_text("态势分析").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)  # the cookie is set by the run after sign-in
        cookies = {c["name"]: c for c in context.cookies()}
        page.reload()
        page.get_by_text("态势分析").first.wait_for(timeout=30_000)
        reloaded_form = page.get_by_label("密码").count()
        tab = context.new_page()
        tab.goto(server + "/assessment")
        tab.get_by_text("考核评价").first.wait_for(timeout=30_000)
        tab_form = tab.get_by_label("密码").count()
        tab.close()
        page.get_by_role("button", name="退出登录").click()
        page.get_by_label("密码").wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        left = [c["name"] for c in context.cookies()]
        page.goto(server + "/explorer")
        page.get_by_label("密码").wait_for(timeout=30_000)
        browser.close()
    kept = cookies["gridpulse_session"]
    assert kept["sameSite"] == "Strict" and kept["path"] == "/" and len(kept["value"]) == 43
    assert reloaded_form == 0 and tab_form == 0
    assert "gridpulse_session" not in left
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}


def test_clicking_an_alert_row_opens_it(server: str):
    """A reviewer opens an alert by clicking its row in the queue (a real click on the row's
    marker in the drawn grid), not only through the selectbox below it; the queue names alerts
    by kind, grid and date."""
    with signed_in(server, "/alerts", {"width": 1366, "height": 768}) as (page, requests):
        page.get_by_text("预警依据").first.wait_for(timeout=60_000)
        rows = page.locator("[data-testid=stDataFrame] [role=row]")
        rows.nth(2).wait_for(state="attached", timeout=30_000)
        second = rows.nth(2).locator("[role=gridcell]").first.inner_text()
        chosen = page.locator(".st-key-alert_chosen input")
        before = chosen.input_value()
        box = page.locator("[data-testid=stDataFrame]").first.bounding_box()
        page.mouse.click(box["x"] + 16, box["y"] + 35 * 2 + 17)  # the second row's marker (rows are 35 px)
        page.wait_for_function("v => document.querySelector('.st-key-alert_chosen input').value === v", arg=second.strip(), timeout=30_000)
        after = chosen.input_value()
    assert before != after and after == second.strip()
    assert after.startswith(("热点网格 · ", "纠纷升级 · "))
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}


EXPLORER_TABS = {"zh": ("结案用时", "超期与重复", "案件明细"), "en": ("Time to close", "Overdue and repeats", "Cases")}
PAGES_SCANNED = {  # url path: a text each page shows once drawn, in Chinese and in English
    "/": ("数据截至", "Data as of"),
    "/explorer": ("案件明细", "Cases"),
    "/assessment": ("年度考核报告", "Annual report"),
    "/alerts": ("预警依据", "why"),
    "/models": ("命中率–覆盖面积曲线", "Hit rate"),
    "/status": ("隔离原因统计", "Quarantine"),
    "/audit": ("校验哈希链", "Verify"),
}
# The page's text as a person sees it: material icons are drawn from ligature names ("database"),
# commands (code) are the same in every language; placeholders of empty fields are read too.
VISIBLE_TEXT = """() => {
  const hide = document.createElement('style');
  hide.textContent = '[data-testid=stIconMaterial], [data-testid=stSidebarCollapseButton], code, pre { display: none !important; }';
  document.head.appendChild(hide);
  const text = document.body.innerText;
  hide.remove();
  // a placeholder is seen only in an empty field
  const holders = [...document.querySelectorAll('input, textarea')].filter(e => !e.value).map(e => e.placeholder || '').join(' ');
  return text + ' ' + holders;
}"""
LATIN_ALLOWED = {"GridPulse", "PDF", "Excel", "XLSX", "CSV", "JSON", "PAI", "KDE", "GBM", "OIDC", "SLA", "ID"}


def data_values(city: Path) -> list[str]:
    """Every text value the warehouse holds (names, categories, addresses, ids …): what a page may
    show in either language, longest first so a name is removed before a part of it. Quarantine
    reason codes count as such values: they are documented codes a data steward quotes to the
    source (shown beside their sentence); the sentences themselves are checked."""
    from warehouse.db import Store

    values: set[str] = set()
    with Store(city).reader() as con:
        columns = con.sql(
            "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' "
            "AND table_name IN ('cases', 'disputes', 'grids', 'departments', 'categories', 'quarantine', 'pipeline_runs')"
        ).fetchall()
        for table, column in columns:  # names from the catalogue, not user input
            if table == "quarantine" and column == "reason":
                continue  # GridPulse's own words about a row, not the row's: they must be in the UI's language
            values.update(v for (v,) in con.sql(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall() if v)
    return sorted(values, key=len, reverse=True)


def leaks(text: str, lang: str, values: list[str]) -> list[str]:
    """Words of the other language left in a page's text once the data's own values are removed."""
    import re

    for v in values:
        if v in text:
            text = text.replace(v, " ")
    if lang == "zh":
        return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", text) if w not in LATIN_ALLOWED | {"English"}})
    return sorted({m for m in re.findall(r"[\u3400-\u9fff]+", text) if m != "中文"})  # the language switch names itself


def test_no_page_shows_the_other_language(server: str, small_city: Path):
    """Every page, signed in, in Chinese and in English: after removing the data's own values
    (names, categories, addresses, which stay as the source wrote them), no word of the other
    language is left — headers, labels, placeholders, chart titles, explanations, history."""
    from playwright.sync_api import sync_playwright

    values = [*data_values(small_city), USER]  # the signed-in account's name is data too
    found: dict[tuple[str, str], list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(server + "/explorer")
        sign_in(page)
        page.get_by_text("案件明细").first.wait_for(timeout=60_000)
        for lang in ("zh", "en"):
            if lang == "en":
                page.get_by_text("English").first.click()
                page.wait_for_timeout(2000)
            for path, marks in PAGES_SCANNED.items():
                page.goto(server + path)
                page.get_by_text(marks[0 if lang == "zh" else 1]).first.wait_for(timeout=60_000)
                page.wait_for_timeout(1000)  # the rest of the page settles after its marker
                text = page.evaluate(VISIBLE_TEXT)
                for tab in EXPLORER_TABS[lang] if path == "/explorer" else ():  # each drawn only when open
                    page.get_by_role("tab", name=tab).click()
                    page.wait_for_timeout(1500)
                    text += "\n" + page.evaluate(VISIBLE_TEXT)
                words = leaks(text, lang, values)
                if words:
                    found[(lang, path)] = words
        browser.close()
    (ARTIFACTS / "language_scan.json").write_text(json.dumps({f"{k[0]} {k[1]}": v for k, v in found.items()}, ensure_ascii=False, indent=1))
    assert not found, found


def test_a_reviewer_splits_an_uncertain_incident_link_in_chromium(server: str):
    """一事多报: the year's links published on the served city, the page shows both reports of
    the surest uncertain link, and a split is recorded (the page says so) without a request
    leaving 127.0.0.1; the explorer's 热点诉求 tab lists the year's hot issues by heat."""
    from orchestration.cli.models import main as models_main

    assert models_main(["incidents", "--days", "365", "--data", str(CITY["path"])]) == 0
    assert models_main(["hot", "--days", "365", "--data", str(CITY["path"])]) == 0
    with signed_in(server, "/incidents", {"width": 1366, "height": 768}) as (page, requests):
        page.get_by_text("待复核关联").first.wait_for(timeout=60_000)
        page.get_by_text("较早的诉求").first.wait_for(timeout=30_000)
        page.get_by_text("拆分为不同事件").first.click()
        page.get_by_role("button", name="提交审核").click()
        page.get_by_text("已记录复核结论（拆分为不同事件）").first.wait_for(timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "incidents_1366.png"))
        page.goto(server + "/explorer?from=2025-11-01&to=2026-10-31")  # a deep link to the year: all its issues
        page.get_by_role("tab", name="热点诉求").first.click(timeout=60_000)
        page.get_by_text("热点诉求（同一网格、相近时间、相似内容）").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "explorer_hot_1366.png"))
        hot_text = page.inner_text("body")
    assert "热度 = 诉求人数" in hot_text and "筛选范围内没有热点诉求" not in hot_text
    assert {urlparse(u).hostname for u in requests if u.startswith("http")} <= {"127.0.0.1"}
