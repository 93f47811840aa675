"""The explorer's grid map as a Streamlit component: the SVG built by ``maps.explorer_svg``,
a hover box and a click that reports the grid's code back to the page.

Why a component of our own (Streamlit's custom components v2, inline, no build step and nothing
fetched): deck.gl drew the explorer's 1,000 grids in software WebGL on machines without a GPU and
kept the browser busy for seconds after each visit, and its picking missed clicks until it had
drawn. An SVG path is clicked where it is seen, at once. The SVG is put in as markup the server
escaped; the hover box shows each grid's ``data-tip`` as text (``textContent``), never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_HTML = "<div class='gp-map'></div><div class='gp-tip' role='tooltip'></div>"
_CSS = """
:host { display: block; position: relative; }
.gp-map { position: relative; overflow: hidden; }
.gp-map path[data-code] { cursor: pointer; }
.gp-map path[data-code]:hover { stroke: #1f4e9c; stroke-width: 2; stroke-opacity: 1; }
.gp-tip {
  display: none; position: absolute; pointer-events: none; z-index: 2; white-space: pre-line;
  background: rgba(255, 255, 255, 0.96); color: #222; border: 1px solid #999; border-radius: 4px;
  padding: 4px 8px; font-size: 13px; line-height: 1.4; max-width: 260px;
  font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
}
"""
_JS = """
export default function ({ parentElement, data, setTriggerValue }) {
  const map = parentElement.querySelector('.gp-map');
  const tip = parentElement.querySelector('.gp-tip');
  map.innerHTML = data.svg;  // built and escaped on the server (maps.explorer_svg)
  map.onclick = (e) => {
    const grid = e.target.closest('[data-code]');
    if (grid) setTriggerValue('picked', grid.getAttribute('data-code'));
  };
  map.onmousemove = (e) => {
    const item = e.target.closest('[data-tip]');
    if (!item) { tip.style.display = 'none'; return; }
    tip.textContent = item.getAttribute('data-tip');
    const box = map.getBoundingClientRect();
    const x = e.clientX - box.left, y = e.clientY - box.top;
    tip.style.display = 'block';
    tip.style.left = Math.min(x + 14, box.width - tip.offsetWidth - 4) + 'px';
    tip.style.top = (y + 14 + tip.offsetHeight > box.height ? y - tip.offsetHeight - 8 : y + 14) + 'px';
  };
  map.onmouseleave = () => { tip.style.display = 'none'; };
}
"""

_component = st.components.v2.component("gridpulse_grid_map", html=_HTML, css=_CSS, js=_JS)


def grid_map(svg: str, key: str, on_pick: Callable[[], None]) -> None:
    """Show the map; a click on a grid calls ``on_pick`` before the page reruns, with the grid's
    code in ``picked(key)``."""
    _component(data={"svg": svg}, key=key, on_picked_change=on_pick)


def picked(key: str) -> str | None:
    """The code of the grid just clicked on the map mounted under ``key`` (during its rerun)."""
    state = st.session_state.get(key) or {}
    code = state.get("picked") if hasattr(state, "get") else None
    return code if isinstance(code, str) else None
