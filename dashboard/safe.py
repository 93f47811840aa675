"""Text from the data (names, descriptions, explanations) shown in places that interpret markup.

Streamlit tables and metrics show text as text; Markdown and deck.gl's HTML tooltips do not, so a
grid named ``<img src=http://…>`` or a dispute type ``[x](http://…)`` could draw markup or fetch
from the internet. Everything loaded from outside passes through these before it reaches them.
"""

from __future__ import annotations

import html
import re

# Characters that start emphasis, code, links, images, HTML, tables, strike-through or LaTeX.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~$#])")


def md(text: object) -> str:
    """Text made literal inside Markdown (every markup character escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def html_text(value: object) -> object:
    """A value made literal inside HTML (strings escaped, numbers and None unchanged)."""
    return html.escape(value) if isinstance(value, str) else value


def plotly_text(values: list) -> list:
    """Labels from the data made literal for Plotly, which renders a subset of HTML in every
    label and hover text (``<a href>``, ``<b>``, ``<span style>``): markup is escaped and shown as
    written (Plotly turns the entities back into the characters)."""
    return [html.escape(v, quote=False) if isinstance(v, str) else v for v in values]
