"""The wall's layout for the screen it is shown on: every height and font size in pixels,
computed from the viewport, so the wall fills any 16:9 screen from 1366×768 to 3840×2160
without scrolling and its text grows with the screen (read from five metres away).

Streamlit does not tell the server how large the browser window is, so the wall learns it from
its own URL (``?vw=&vh=``): a small script adds them on the first load (and again when the
window is resized), and an administrator may fix them in a wall screen's link. Until they are
known the wall is laid out for 1920×1080. Kept apart from the page so the arithmetic is tested
without a browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT = (1920, 1080)
SIDEBAR = 300  # Streamlit's sidebar, open beside a signed-in user's page
LIMITS = (800, 8000)  # a viewport side outside this is not a screen: the default is used


@dataclass(frozen=True)
class WallLayout:
    width: int
    height: int
    content_width: int  # the page beside Streamlit's sidebar (signed in) or the whole screen (kiosk)
    stack_rankings: bool  # departments above streets instead of side by side, where the page is narrow
    scale: float  # 1.0 at 1080 px high
    top: int  # padding above the title
    title_font: int
    text_font: int  # section titles, the bottom three, the overdue list
    small_font: int  # notes, legends
    kpi_height: int
    kpi_value_font: int
    section_title: int  # height of one section title line
    map_height: int
    trend_height: int
    stages_height: int
    categories_height: int
    hot_height: int  # the week's hot issues under the categories
    ranking_height: int
    bottom_height: int
    ticker_height: int
    axis_font: int
    gap: int


def viewport(params: Mapping[str, str]) -> tuple[int, int]:
    """The viewport from ``vw``/``vh`` query values, or the default when either is missing or
    not a plausible screen side (a user-supplied value: only digits, within LIMITS)."""
    try:
        w, h = int(str(params.get("vw", ""))), int(str(params.get("vh", "")))
    except ValueError:
        return DEFAULT
    if not (LIMITS[0] <= w <= LIMITS[1] and LIMITS[0] // 2 <= h <= LIMITS[1]):
        return DEFAULT
    return w, h


def layout(width: int, height: int, kiosk: bool) -> WallLayout:
    """Heights that add up to the viewport: header, the KPI row, then the body, whose three
    columns each fill it (the map; the trend, today's stages, the categories and the week's hot
    issues; the ranking, the bottom three and the overdue list).
    Signed in, Streamlit's own header bar (60 px) sits above the page."""
    scale = max(0.6, min(height / 1080, 2.5))
    top = 8 if kiosk else 64
    gap = max(4, round(6 * scale))
    title_font = round(30 * scale)
    text_font = max(14, round(19 * scale))
    small_font = max(12, round(14 * scale))
    header = round(title_font * 1.5) + round(small_font * 1.7)  # the title line and the note under it
    kpi_height = round(116 * scale)
    section_title = round(text_font * 1.6)
    bottom = 16  # Streamlit's padding under the last element
    body = height - top - header - kpi_height - 3 * gap - bottom
    map_height = body - section_title - round(small_font * 2.2) - 2 * gap  # minus the title and the legend
    charts = body - 4 * section_title - 7 * gap  # trend, today's stages, categories, hot issues
    stages = round(charts * 0.2)
    trend = round(charts * 0.3)
    categories = round(charts * 0.22)
    hot = charts - stages - trend - categories
    ranking = round((body - 3 * section_title - 5 * gap) * 0.45)
    bottom_three = round(6 * text_font * 1.45)  # three units, two lines each: the reason is read whole
    ticker = body - 3 * section_title - ranking - bottom_three - 5 * gap
    content = width if kiosk else width - SIDEBAR
    return WallLayout(
        width=width,
        height=height,
        content_width=content,
        stack_rankings=content < 1300,
        scale=scale,
        top=top,
        title_font=title_font,
        text_font=text_font,
        small_font=small_font,
        kpi_height=kpi_height,
        kpi_value_font=round(48 * scale),
        section_title=section_title,
        map_height=max(200, map_height),
        trend_height=max(100, trend),
        stages_height=max(70, stages),
        categories_height=max(80, categories),
        hot_height=max(80, hot),
        ranking_height=max(120, ranking),
        bottom_height=bottom_three,
        ticker_height=max(60, ticker),
        axis_font=max(12, round(15 * scale)),
        gap=gap,
    )


# Adds the window's size to the URL when it is not there, or when the window has been resized
# since (a wall reloads once; its session survives through its token or its cookie).
BOOTSTRAP = """<script>(function () {
  function sized() {
    var u = new URL(window.location.href);
    var w = String(window.innerWidth), h = String(window.innerHeight);
    if (u.searchParams.get('vw') !== w || u.searchParams.get('vh') !== h) {
      u.searchParams.set('vw', w); u.searchParams.set('vh', h);
      window.location.replace(u.toString());
    }
  }
  if (!new URL(window.location.href).searchParams.has('vh')) { sized(); }
  if (!window.__gpWallResize) {
    window.__gpWallResize = true;
    var timer = null;
    window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(sized, 800); });
  }
})();</script>"""
