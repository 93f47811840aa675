"""The grid profile (网格画像) as a PDF for the grid's staff meeting: one A4 sheet or two, in the
same CJK font and page numbering as the annual report and the monthly bulletin.

It takes plain values (what the page shows), so the document and the page cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse import documents


@dataclass(frozen=True)
class Sheet:
    """What the profile page shows, as text: a title, a line saying where and when, the key
    figures, and (heading, rows) tables: per 1,000 residents, components, staff …"""

    title: str
    where: str
    figures: list[tuple[str, str]]
    tables: list[tuple[str, list[list[str]]]]  # (heading, rows with a header row first)
    footer: str


def write_pdf(sheet: Sheet, out: Path) -> Path:
    """Lay the sheet out on A4 (tables repeat their header on a new page)."""
    s = documents.styles()
    from reportlab.platypus import Paragraph, Spacer

    story: list = [Paragraph(documents.escape(sheet.title), s.title), documents.text(documents.escape(sheet.where), s.small), Spacer(1, 8)]
    pairs = [[label, value] for label, value in sheet.figures]
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [["", ""]] * (2 * half - len(pairs))
    story.append(documents.table([[a, b, c, d] for (a, b), (c, d) in zip(left, right, strict=True)], s, widths=[110, 120, 110, 120]))
    story.append(Spacer(1, 8))
    for heading, rows in sheet.tables:
        story.append(Paragraph(documents.escape(heading), s.h1))
        story.append(documents.table(rows, s))
    return documents.build(story, out, sheet.title, sheet.footer, s.font)
