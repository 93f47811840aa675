"""The wall's three small charts as plain HTML: the 30-day trend, today's stages and the top
categories. A wall is read, not explored — no zoom, no hover tools — and the plotting library
was most of the wall's first drawing in a browser without a GPU (its script parsed and three
charts laid out before the page settled). Bars are boxes sized in percent of their plot; every
value a person reads is also in the markup (``data-*`` and ``title``), which is what the tests
read. Kept apart from the page so the arithmetic is tested without a browser; every text is
escaped here.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence

NEW, CLOSED, INCIDENTS, NONE = "#4f8ef7", "#2fb36d", "#ffb74d", "#5b6b86"


def nice_ticks(top: float, n: int = 4) -> list[float]:
    """Round tick values from 0 up to at least ``top`` (1, 2 or 5 × a power of ten apart)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / n
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def _pct(value: float, top: float) -> str:
    return f"{max(0.0, min(value / top, 1.0)) * 100:.2f}%"


def trend_html(
    days: Sequence[dt.date],
    new: Sequence[int],
    closed: Sequence[int],
    incidents: Sequence[int] | None,
    names: dict[str, str],
    height: int,
    font: int,
) -> str:
    """New reports (bars), the incidents they make (a mark on each bar, where linking has run)
    and cases closed (a narrower bar beside) per day; a tick line every nice step and a date
    under every seventh day. ``names``: new, closed, incidents (the legend's words)."""
    ticks = nice_ticks(max([*new, *closed, *(incidents or []), 1]))
    top = ticks[-1]
    legend = [("new", NEW), *([("incidents", INCIDENTS)] if incidents is not None else []), ("closed", CLOSED)]
    keys = "".join(f"<span><i style='background:{c}'></i>{html.escape(names[k])}</span>" for k, c in legend)
    grid = "".join(f"<div class='tk' style='bottom:{_pct(v, top)}'><span>{v:,.0f}</span></div>" for v in ticks)
    cols = []
    for k, day in enumerate(days):
        inc = None if incidents is None else incidents[k]
        words = [
            f"{names['new']} {new[k]:,}",
            *([f"{names['incidents']} {inc:,}"] if inc is not None else []),
            f"{names['closed']} {closed[k]:,}",
        ]
        mark = f"<b style='bottom:{_pct(inc, top)};background:{INCIDENTS}'></b>" if inc is not None else ""
        cols.append(
            f"<div class='d' data-day='{day:%Y-%m-%d}' data-new='{new[k]}' data-closed='{closed[k]}'"
            + (f" data-incidents='{inc}'" if inc is not None else "")
            + f" title='{day:%m-%d} · {html.escape(' · '.join(words))}'>"
            f"<i style='height:{_pct(new[k], top)};background:{NEW}'></i>"
            f"<i class='c' style='height:{_pct(closed[k], top)};background:{CLOSED}'></i>{mark}</div>"
        )
    labels = "".join(f"<span>{day:%m-%d}</span>" if k % 7 == 0 else "<span></span>" for k, day in enumerate(days))
    plot = max(40, height - round(font * 3.4))
    return (
        f"<div class='gp-chart gp-trend' style='height:{height}px;font-size:{font}px'>"
        f"<div class='lg'>{keys}</div>"
        f"<div class='pl' style='height:{plot}px'>{grid}<div class='cols'>{''.join(cols)}</div></div>"
        f"<div class='xa'>{labels}</div></div>"
    )


def stages_html(names: Sequence[str], values: Sequence[int | None], not_recorded: str, height: int, font: int) -> str:
    """Today's work at each stage of the case loop, in order: a bar and its count; a stage no
    source records is written as such, not drawn as zero."""
    top = max([v or 0 for v in values] + [1]) * 1.15
    cols = []
    for name, v in zip(names, values, strict=True):
        shown = not_recorded if v is None else f"{v:,}"
        bar = f"<i style='height:{_pct(v or 0, top)};background:{NEW if v is not None else NONE}'></i>"
        cols.append(
            f"<div class='s' data-stage='{html.escape(name)}' data-value='{html.escape(shown)}'>"
            f"<div class='bx'><span class='v'>{html.escape(shown)}</span>{bar}</div><span class='n'>{html.escape(name)}</span></div>"
        )
    return f"<div class='gp-chart gp-stages' style='height:{height}px;font-size:{font}px'>{''.join(cols)}</div>"


def bars_html(names: Sequence[str], values: Sequence[int], height: int, font: int) -> str:
    """Horizontal bars, largest first, as many as fit the box (a row is 1.7 lines of ``font``),
    each with its name and count."""
    fit = max(1, int(height // (font * 1.7)))
    top = max([*values, 1])
    rows = [
        f"<div class='r' data-name='{html.escape(n)}' data-value='{v}' title='{html.escape(n)} · {v:,}'>"
        f"<span class='n'>{html.escape(n)}</span><span class='b'><i style='width:{_pct(v, top)};background:{NEW}'></i>"
        f"<em>{v:,}</em></span></div>"
        for n, v in list(zip(names, values, strict=True))[:fit]
    ]
    return f"<div class='gp-chart gp-bars' style='height:{height}px;font-size:{font}px'>{''.join(rows)}</div>"
