"""What every document GridPulse issues shares: the office layout a command centre circulates
(the issuing unit in red, the document number 〔year〕N号, a red rule, the title), the CJK font,
tables, charts kept with their captions, and "第 N 页 共 M 页" on every page.

reportlab with the machine's CJK font (WenQuanYi Micro Hei); nothing is fetched. The annual
report (warehouse/report.py) and the monthly bulletin (warehouse/bulletin.py) build on it.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONT_FILES = [Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc")]
RED = "#c8161d"  # the red of an issuing unit's name and rule


@dataclass(frozen=True)
class Issuer:
    """Who issues a document and under which number: from ``[report]`` in the configuration and
    the number the office assigns (``--number``); without one the number is left blank to fill."""

    unit: str
    code: str
    number: int | None = None

    def document_number(self, year: int) -> str:
        number = f"{self.number}" if self.number is not None else "　　"
        return f"{self.code}〔{year}〕{number}号"


def issuer(data: Path, number: int | None = None) -> Issuer:
    """The issuer configured for this data directory (``[report]``), with the assigned number."""
    from warehouse.settings import settings

    config = settings(data).report
    return Issuer(config.issuing_unit, config.doc_code, number)


def name_lookup(dimensions: Any) -> dict[tuple[str, str], str]:
    """(kind, code) → name from pages/dimensions, for naming units beside their codes."""
    return {(k, c): n for k, c, n in dimensions.select("kind", "code", "name").iter_rows()}


def font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_FILES:
        if path.exists():
            if "WQY" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("WQY", str(path), subfontIndex=0))
            return "WQY"
    raise FileNotFoundError("no CJK font for the PDF: install Debian's fonts-wqy-microhei")


@dataclass(frozen=True)
class Styles:
    """Paragraph styles, all in the CJK font (reportlab's defaults have no Chinese)."""

    font: str
    unit: Any
    number: Any
    title: Any
    h1: Any
    body: Any
    small: Any
    caption: Any


def styles() -> Styles:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    f = font()
    return Styles(
        font=f,
        unit=ParagraphStyle("unit", fontName=f, fontSize=26, leading=34, alignment=1, textColor=colors.HexColor(RED), spaceAfter=10),
        number=ParagraphStyle("number", fontName=f, fontSize=11, leading=16, alignment=1),
        title=ParagraphStyle("title", fontName=f, fontSize=18, leading=26, alignment=1, spaceBefore=10, spaceAfter=10),
        h1=ParagraphStyle("h1", fontName=f, fontSize=13.5, leading=20, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        body=ParagraphStyle("body", fontName=f, fontSize=10.5, leading=17, firstLineIndent=21),
        small=ParagraphStyle("small", fontName=f, fontSize=8.5, leading=12),
        caption=ParagraphStyle("caption", fontName=f, fontSize=9.5, leading=14, alignment=1, spaceBefore=4, spaceAfter=2, keepWithNext=1),
    )


def heading(issuer: Issuer, year: int, title: str, s: Styles) -> list:
    """The first page's head: issuing unit in red, the document number, a red rule, the title."""
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Paragraph

    return [
        Paragraph(escape(issuer.unit), s.unit),
        Paragraph(escape(issuer.document_number(year)), s.number),
        HRFlowable(width="100%", thickness=1.6, color=colors.HexColor(RED), spaceBefore=4, spaceAfter=6),
        Paragraph(escape(title), s.title),
    ]


def signature(issuer: Issuer, day: Any, s: Styles) -> list:
    """The closing block (落款): the issuing unit and the date, right-aligned, after the body."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    right = ParagraphStyle("sign", parent=s.body, alignment=2, firstLineIndent=0)
    return [KeepTogether([Spacer(1, 18), Paragraph(escape(issuer.unit), right), Paragraph(f"{day:%Y年%-m月%-d日}", right)])]


def basis(rubric_name: str, version: str, as_of: Any, s: Styles) -> Any:
    """What the figures rest on, in the office's words: the rubric and the date the data runs to."""

    shown = f"{as_of:%Y年%m月%d日 %H:%M}" if as_of else "—"
    return text(f"考核依据：{escape(rubric_name)}（{version}）；数据截至 {shown}。", s.small)


def escape(text: str) -> str:
    """Text from the data or the configuration as reportlab markup reads it (it parses <, &)."""
    from xml.sax.saxutils import escape as xml_escape

    return xml_escape(str(text))


def table(rows: list[list[str]], s: Styles, shade: list[tuple[int, str]] | None = None, widths: list[float] | None = None) -> Any:
    """A grid table with a shaded header row that repeats on each page; ``shade`` colours whole
    rows (row index, colour) — the red and black lists."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    style = [
        ("FONTNAME", (0, 0), (-1, -1), s.font),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f3")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), colors.HexColor(c)) for i, c in shade or []]
    out = Table(rows, repeatRows=1, colWidths=widths)
    out.setStyle(TableStyle(style))
    return out


def captioned(caption: str, flowable: Any, s: Styles, heading: str | None = None) -> Any:
    """A chart or table with its caption above it (and the section heading that introduces it,
    when given), never split across a page break: one KeepTogether, as a nested one was split
    at the heading."""
    from reportlab.platypus import KeepTogether, Paragraph

    head = [Paragraph(escape(heading), s.h1)] if heading else []
    return KeepTogether([*head, Paragraph(escape(caption), s.caption), flowable])


def bar_chart(names: list[str], values: list[float], s: Styles, maximum: float = 100.0) -> Any:
    """Horizontal bars on a fixed 0–``maximum`` axis (so periods compare), the first name at the
    top (reportlab draws the first category at the bottom, hence the reversal)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    chart = Drawing(170 * mm, 6 * mm * len(names) + 20 * mm)
    bars = HorizontalBarChart()
    bars.x, bars.y = 45 * mm, 10 * mm
    bars.width, bars.height = 115 * mm, 6 * mm * len(names)
    bars.data = [list(reversed(values))]
    bars.categoryAxis.categoryNames = list(reversed(names))
    bars.categoryAxis.labels.fontName = s.font
    bars.categoryAxis.labels.fontSize = 7
    bars.valueAxis.valueMin, bars.valueAxis.valueMax = 0, maximum
    bars.valueAxis.labels.fontName = s.font
    bars.bars[0].fillColor = colors.HexColor("#4f8ef7")
    chart.add(bars)
    return chart


def build(story: list, out: Path, title: str, footer: str, font_name: str) -> Path:
    """Lay the story out on A4 with "<footer> · 第 N 页 共 M 页" on every page (a second pass
    knows M), rendered in memory and written in one go so a failed build leaves no file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    class Numbered(Canvas):
        """Holds each page until the last is laid out, then numbers them all."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self.setFont(font_name, 8)
                self.drawCentredString(105 * mm, 10 * mm, f"{footer} · 第 {self._pageNumber} 页 共 {total} 页")
                super().showPage()
            super().save()

    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=title, author="GridPulse", topMargin=20 * mm, bottomMargin=20 * mm).build(
        story, canvasmaker=Numbered
    )
    out.write_bytes(buf.getvalue())
    return out


# Chinese line breaking for body text. reportlab wraps at spaces and splits a longer run at any
# character, so a paragraph of Chinese (one long "word") could leave a lone "。" on the last
# line, and its CJK mode breaks inside figures ("32 / 9 件"). Here each Chinese character is a
# place to break, a figure ("12,345", "50.0%", "1 / 2") or a Latin word never is, and the rules
# of Chinese typesetting (禁则) hold: closing punctuation never starts a line, opening
# punctuation never ends one.
_TOKEN = re.compile(r"<[^>]*>|&#?[A-Za-z0-9]+;|[A-Za-z0-9][A-Za-z0-9_.,:%\-]*(?: ?/ ?\d[\d.,:%]*)*|\s+|.", re.S)
_NO_START = set("。，、；：？！）」』】〕》”’%·…")
_NO_END = set("（「『【〔《“‘")


def break_lines(markup: str, font: str, size: float, first: float, rest: float) -> list[str]:
    """``markup`` (reportlab's paragraph markup) cut into lines at most ``first`` points wide for
    the first line and ``rest`` for the others, by the rules above. Tags take no width."""
    from html import unescape

    from reportlab.pdfbase.pdfmetrics import stringWidth

    units: list[list[str]] = []  # unbreakable groups of tokens
    for token in _TOKEN.findall(markup):
        text = "" if token.startswith("<") and token.endswith(">") else unescape(token)
        glue_back = units and (not text or text[0] in _NO_START or (units[-1][-1][-1:] in _NO_END))
        if glue_back and not text.isspace():
            units[-1].append(token)
        else:
            units.append([token])
    lines: list[str] = []
    line, width = "", 0.0
    for unit in units:
        piece = "".join(unit)
        plain = unescape(re.sub(r"<[^>]*>", "", piece))
        w = stringWidth(plain, font, size)
        limit = first if not lines else rest
        if line and width + w > limit and not plain.isspace():
            lines.append(line.rstrip())
            line, width = "", 0.0
        if not line and plain.isspace():
            continue  # no space at the start of a line
        line += piece
        width += w
    if line.strip():
        lines.append(line.rstrip())
    return lines


@functools.cache
def _paragraph_class() -> type:
    from reportlab.platypus import Paragraph

    class Text(Paragraph):
        """A paragraph broken by ``break_lines`` for the width it is laid out in."""

        def __init__(self, text: str | None, style: Any = None, *args: Any, **kw: Any) -> None:
            self._source = text  # None for the pieces reportlab splits off at a page end
            self._broken_for: float | None = None
            super().__init__(text, style, *args, **kw)

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            if self._source is not None and self._broken_for != availWidth:
                st = self.style
                inner = availWidth - st.leftIndent - st.rightIndent
                lines = break_lines(self._source, st.fontName, st.fontSize, inner - st.firstLineIndent, inner)
                Paragraph.__init__(self, "<br/>".join(lines), st)
                self._broken_for = availWidth
            return super().wrap(availWidth, availHeight)

    return Text


def text(markup: str, style: Any) -> Any:
    """A body paragraph with Chinese line breaking (``break_lines``): use it for running text."""
    return _paragraph_class()(markup, style)
