"""The annual assessment report (年度考核报告) as XLSX and as a Chinese PDF.

Both are built from the stored ``assessment_scores`` of one year and cite the rubric version and
data snapshot the scores carry, so the signed report and the warehouse agree figure by figure.
The PDF uses reportlab with the machine's CJK font (WenQuanYi Micro Hei); nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from warehouse import assessment, labels, sql
from warehouse.db import Store

FONT_FILES = [Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc")]
REPORT_OBJECTS = ("department", "street", "community", "grid", "inspector", "call_taker", "shift_leader", "dispatcher")
DEFINITIONS = [
    (
        "到期案件",
        "考核期内处置时限（due_at）到期、已立案、未作废、期末未挂账的案件；期末仍未结案且已超期的案件计入分母，不能靠拖延结案提高比率。",
    ),
    ("结案率", "到期案件中期末前已结案的比例。"),
    ("按期结案率", "到期案件中结案时间不晚于处置时限的比例。"),
    ("按期处置率", "到期案件中处置完成时间不晚于处置时限的比例。"),
    ("返工率", "到期案件中核查不通过返工（返工次数 > 0）的比例，越低越好。"),
    ("立案数", "考核期内立案的案件数，按细则的阶梯阈值计分（季度、年度阈值按月数放大）。"),
    ("监督举报率", "考核期内上报案件中来自公众举报和12345热线的比例，越低说明巡查越主动。"),
    ("工作时间", "处置时限与用时均按工作日历计算：工作日 08:30–12:00、13:30–17:30，法定节假日休息、调休上班日计入。"),
    (
        "综合得分",
        "各指标得分 × 权重之和；比率指标得分 = 比率 × 100（越低越好的指标为 (1 − 比率) × 100）。等级：A ≥ 90，B ≥ 75，C ≥ 60，D ≥ 40，E < 40。",
    ),
]


def _gather(data: Path, year: int) -> dict:
    store = Store(data)
    with store.reader() as con:
        scores = sql.query(con, "report/year_scores", period=str(year))
        if scores.height == 0:
            raise ValueError(f"no assessment scores for {year}: run `python -m warehouse assess --period {year}` first")
        months = sql.query(con, "report/month_composites", year_prefix=f"{year}-%")
        names = sql.query(con, "pages/dimensions")
        district = sql.query(con, "report/district").row(0)
        rubric = assessment.rubric_of(con, str(year))
        coverage = sql.query(con, "report/coverage", period=str(year))
        bottom = {}
        for code, _, _ in assessment.bottom_reasons(scores, str(year), "department"):
            # the drill-down of on_time_closure_rate: the due cases not closed on time
            params = assessment.cases_behind_params(str(year), "department", code, "on_time_closure_rate", rubric)
            behind = sql.query(con, "pages/assessment_cases", **params)
            bottom[code] = behind.filter(~pl.col("in_numerator")).select(
                "case_id", "category_name", "status", "due_at", "disposed_at", "closed_at"
            )
    name_of = {(k, c): n for k, c, n in names.select("kind", "code", "name").iter_rows()}
    return {
        "year": year,
        "scores": scores,
        "months": months,
        "names": name_of,
        "district": district[0] or "",
        "district_code": district[1] or "",
        "bottom_cases": bottom,
        "rubric_version": scores["rubric_version"][0],
        "rubric": rubric,
        "snapshot_id": int(scores["snapshot_id"][0]),
        "coverage": coverage.row(0, named=True) if coverage.height else None,
    }


def coverage_text(d: dict) -> str:
    """The year's coverage in one sentence (the summary sheet and the PDF's first section)."""
    c = d.get("coverage")
    if c is None:
        return "数据覆盖：未记录（在记录覆盖之前计算的得分）"
    text = f"数据覆盖：全年 {c['days_in_period']} 天中 {c['days_with_data']} 天有上报；到期案件 {c['due_cases']:,} 件"
    if c["share_disposal_recorded"] is not None:
        text += f"，其中 {c['share_disposal_recorded'] * 100:.1f}% 来自记录处置环节的数据源"
    return text + ("。" if c["complete"] else "。本年度数据不完整（数据在年内开始或截止），得分只反映已有数据。")


def ranking(d: dict, object_type: str) -> pl.DataFrame:
    """One row per object: rank, code, name, composite, grade, and each scored indicator's value."""
    part = d["scores"].filter(pl.col("object_type") == object_type)
    if part.height == 0:
        return pl.DataFrame()
    kind = {"department": "department", "street": "street", "community": "community"}.get(object_type)
    base = part.group_by("object_code").agg(pl.col("rank").first(), pl.col("composite").first().round(1), pl.col("grade").first())
    wide = (
        part.filter(pl.col("weight").is_not_null())
        .with_columns(pl.col("indicator").replace_strict(assessment.INDICATORS, default=pl.col("indicator")))
        .pivot(on="indicator", index="object_code", values="value")
    )
    out = base.join(wide, on="object_code", how="left").sort("rank", "object_code")
    names = [d["names"].get((kind, c), "") for c in out["object_code"].to_list()] if kind else [""] * out.height
    return out.with_columns(pl.Series("名称", names)).rename(
        {"rank": "排名", "object_code": "编码", "composite": "综合得分", "grade": "等级"}
    )


# Sheet headers in Chinese (the report is read by an office, not by code).
SCORE_HEADERS = {
    "period": "考核期",
    "object_type": "对象类型",
    "object_code": "对象编码",
    "indicator": "指标",
    "numerator": "分子",
    "denominator": "分母",
    "value": "指标值",
    "score": "得分",
    "weight": "权重",
    "composite": "综合得分",
    "grade": "等级",
    "rank": "排名",
    "rubric_version": "细则版本",
    "note": "说明",
}
CASE_HEADERS = {
    "case_id": "案件编号",
    "category_name": "问题类别",
    "status": "状态",
    "due_at": "处置时限",
    "disposed_at": "处置时间",
    "closed_at": "结案时间",
    "department_code": "部门编码",
}


def write_xlsx(d: dict, out: Path) -> Path:
    import xlsxwriter

    out.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(out) as wb:
        summary = pl.DataFrame(
            {
                "项目": ["报告", "考核年度", "考核细则版本", "数据快照", "数据覆盖", "生成时间"],
                "内容": [
                    f"{d['district']} 网格化管理年度考核报告",
                    str(d["year"]),
                    d["rubric_version"],
                    str(d["snapshot_id"]),
                    coverage_text(d),
                    dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                ],
            }
        )
        summary.write_excel(wb, worksheet="概要", autofit=True)
        for obj in REPORT_OBJECTS:
            frame = ranking(d, obj)
            if frame.height:
                frame.write_excel(wb, worksheet=assessment.OBJECT_NAMES[obj], autofit=True, float_precision=4)
        scores = d["scores"].with_columns(
            pl.col("object_type").replace_strict(labels.chinese("object_type"), default=pl.col("object_type")),
            pl.col("indicator").replace_strict(labels.chinese("indicator"), default=pl.col("indicator")),
            pl.col("note").replace_strict(labels.chinese("na_note"), default=pl.col("note"))
            if "note" in d["scores"].columns
            else pl.lit(None).alias("note"),
        )
        scores.select(list(SCORE_HEADERS)).rename(SCORE_HEADERS).write_excel(wb, worksheet="指标明细", autofit=False)
        cases = [frame.with_columns(pl.lit(code).alias("department_code")) for code, frame in d["bottom_cases"].items() if frame.height]
        if cases:
            late = pl.concat(cases).with_columns(pl.col("status").replace_strict(labels.chinese("status"), default=pl.col("status")))
            late.rename(CASE_HEADERS, strict=False).write_excel(
                wb, worksheet="后三位未按期案件", autofit=True, dtype_formats={pl.Datetime: "yyyy-mm-dd hh:mm"}
            )
        pl.DataFrame({"术语": [a for a, _ in DEFINITIONS], "定义": [b for _, b in DEFINITIONS]}).write_excel(
            wb, worksheet="方法说明", autofit=False
        )
    return out


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_FILES:
        if path.exists():
            if "WQY" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("WQY", str(path), subfontIndex=0))
            return "WQY"
    raise FileNotFoundError("no CJK font for the PDF: install Debian's fonts-wqy-microhei")


@dataclass(frozen=True)
class _PdfStyles:
    """The report's paragraph styles, all in the CJK font (reportlab's defaults have no Chinese)."""

    font: str
    title: Any
    h1: Any
    body: Any
    small: Any


def _pdf_styles(font: str) -> _PdfStyles:
    from reportlab.lib.styles import ParagraphStyle

    return _PdfStyles(
        font=font,
        title=ParagraphStyle("t", fontName=font, fontSize=22, leading=30, alignment=1, spaceAfter=12),
        h1=ParagraphStyle("h1", fontName=font, fontSize=15, leading=22, spaceBefore=10, spaceAfter=6),
        body=ParagraphStyle("b", fontName=font, fontSize=10, leading=16),
        small=ParagraphStyle("s", fontName=font, fontSize=8.5, leading=12),
    )


def write_pdf(d: dict, out: Path) -> Path:
    """The report to sign, one section per helper in reading order: cover, overall figures, the
    department and street rankings, the bottom three and why, and the method appendix."""
    s = _pdf_styles(_font())
    story = [*_pdf_cover(d, s), *_pdf_summary(d, s), *_pdf_rankings(d, s), *_pdf_bottom_three(d, s), *_pdf_appendix(d, s)]
    return _pdf_build(story, d["year"], s.font, out)


def _pdf_cover(d: dict, s: _PdfStyles) -> list:
    """The cover names the district, the year, and the rubric version and data snapshot the
    figures come from, so a signed copy can be traced back to the warehouse."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    return [
        Spacer(1, 60 * mm),
        Paragraph(f"{d['district']}（{d['district_code']}）", s.title),
        Paragraph(f"{d['year']} 年度网格化管理考核报告", s.title),
        Spacer(1, 20 * mm),
        Paragraph(f"考核细则版本：{d['rubric_version']}　　数据快照：{d['snapshot_id']}", s.body),
        Paragraph(f"生成时间：{dt.datetime.now():%Y年%m月%d日 %H:%M}", s.body),
        PageBreak(),
    ]


def _pdf_summary(d: dict, s: _PdfStyles) -> list:
    """一、总体情况: the district's due, closed and on-time counts in words (its own totals by the
    one on-time rule, stored with the coverage), how many departments and streets were assessed,
    and what the data covers."""
    from reportlab.platypus import Paragraph

    scores = d["scores"]
    story = [Paragraph("一、总体情况", s.h1)]
    c = d.get("coverage")
    if c is not None and c.get("closed_on_time") is not None:
        # the district's totals by the one on-time rule (every due case, located or not: the wall's figures)
        due, closed, on_time = c["due_cases"], c["closed_cases"], c["closed_on_time"]
    else:  # scores stored before coverage: summed over the streets, which partition the located cases
        streets = scores.filter((pl.col("object_type") == "street") & (pl.col("indicator").is_in(["closure_rate", "on_time_closure_rate"])))
        due = streets.filter(pl.col("indicator") == "closure_rate")["denominator"].sum()
        closed = streets.filter(pl.col("indicator") == "closure_rate")["numerator"].sum()
        on_time = streets.filter(pl.col("indicator") == "on_time_closure_rate")["numerator"].sum()
    if due:
        story.append(
            Paragraph(
                f"全年到期案件 {int(due):,} 件，已结案 {int(closed):,} 件（结案率 {closed / due * 100:.1f}%），"
                f"按期结案 {int(on_time):,} 件（按期结案率 {on_time / due * 100:.1f}%）。"
                f"参与考核的责任部门 {scores.filter(pl.col('object_type') == 'department')['object_code'].n_unique()} 个、"
                f"街道 {scores.filter(pl.col('object_type') == 'street')['object_code'].n_unique()} 个。",
                s.body,
            )
        )
    story.append(Paragraph(coverage_text(d), s.body))
    return story


def _pdf_rankings(d: dict, s: _PdfStyles) -> list:
    """二、三: the department and street rankings as tables, the departments also as a bar chart;
    the other object types (communities, grids, staff roles) are ranked in the XLSX only."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    story: list = []
    for number, obj in (("二", "department"), ("三", "street")):
        frame = ranking(d, obj)
        if frame.height == 0:
            continue
        story += [Paragraph(f"{number}、{assessment.OBJECT_NAMES[obj]}综合排名", s.h1), _pdf_ranking_table(frame, s), Spacer(1, 6 * mm)]
        if obj == "department":
            story += [Paragraph("责任部门综合得分", s.body), _pdf_score_chart(frame, s)]
    return story


def _pdf_ranking_table(frame: pl.DataFrame, s: _PdfStyles) -> Any:
    """Rank, name, code, composite and grade; the header repeats on each page and the last three
    rows are shaded, as the bottom three are named in section 四."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cols = ["排名", "名称", "编码", "综合得分", "等级"]
    rows = [cols] + [[str(r[c]) if r[c] is not None else "" for c in cols] for r in frame.iter_rows(named=True)]
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), s.font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f3")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, len(rows) - 3), (-1, -1), colors.HexColor("#fde0dc")),
            ]
        )
    )
    return table


def _pdf_score_chart(frame: pl.DataFrame, s: _PdfStyles) -> Any:
    """The composites as horizontal bars on a fixed 0–100 axis (so years compare), first-ranked
    at the top (reportlab draws the first category at the bottom, hence the reversal)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    chart = Drawing(170 * mm, 6 * mm * frame.height + 20 * mm)
    bars = HorizontalBarChart()
    bars.x, bars.y = 45 * mm, 10 * mm
    bars.width, bars.height = 115 * mm, 6 * mm * frame.height
    bars.data = [list(reversed(frame["综合得分"].to_list()))]
    bars.categoryAxis.categoryNames = list(reversed(frame["名称"].to_list()))
    bars.categoryAxis.labels.fontName = s.font
    bars.categoryAxis.labels.fontSize = 7
    bars.valueAxis.valueMin, bars.valueAxis.valueMax = 0, 100
    bars.valueAxis.labels.fontName = s.font
    bars.bars[0].fillColor = colors.HexColor("#4f8ef7")
    chart.add(bars)
    return chart


def _pdf_bottom_three(d: dict, s: _PdfStyles) -> list:
    """四、后三位单位及原因: each bottom-three department and street with the indicators that put
    it there, and how many of a department's due cases closed late (the cases are in the XLSX)."""
    from reportlab.platypus import Paragraph

    story = [Paragraph("四、后三位单位及原因", s.h1)]
    for obj in ("department", "street"):
        for code, composite, reason in assessment.bottom_reasons(d["scores"], str(d["year"]), obj):
            name = d["names"].get((obj, code), code)
            story.append(Paragraph(f"{assessment.OBJECT_NAMES[obj]}：{name}（{code}）综合得分 {composite:.1f}。{reason}。", s.body))
    for code, frame in d["bottom_cases"].items():
        if frame.height:
            story.append(
                Paragraph(f"{d['names'].get(('department', code), code)} 未按期结案案件 {frame.height} 件（明细见 XLSX 报告）。", s.small)
            )
    return story


def _pdf_appendix(d: dict, s: _PdfStyles) -> list:
    """附录：方法说明: the definitions, and the rubric's indicators with weights and directions, so
    a reader can recompute any score from the figures."""
    from reportlab.lib import colors
    from reportlab.platypus import PageBreak, Paragraph, Table, TableStyle

    story = [PageBreak(), Paragraph("附录：方法说明", s.h1)]
    for term, text in DEFINITIONS:
        story.append(Paragraph(f"<b>{term}</b>：{text}", s.body))
    rubric = d["rubric"]
    story.append(Paragraph(f"考核细则：{rubric.name}，版本 {d['rubric_version']}；本报告数据取自数据快照 {d['snapshot_id']}。", s.body))
    rows = [["对象", "指标", "权重（%）", "方向"]] + [
        [
            assessment.OBJECT_NAMES[o],
            assessment.INDICATORS[i],
            f"{w:g}",
            "越低越好" if dr == "lower" else ("阶梯计分" if k == "count" else "越高越好"),
        ]
        for o, i, w, k, dr in rubric.indicators.select("object_type", "indicator", "weight", "kind", "direction").iter_rows()
    ]
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), s.font), ("FONTSIZE", (0, 0), (-1, -1), 8.5), ("GRID", (0, 0), (-1, -1), 0.3, colors.grey)]
        )
    )
    story.append(table)
    return story


def _pdf_build(story: list, year: int, font: str, out: Path) -> Path:
    """Lay the story out on A4 with a page number in the footer, rendered in memory and written
    in one go so a failed build leaves no half-written file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    def page_number(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        canvas.setFont(font, 8)
        canvas.drawRightString(200 * mm, 10 * mm, f"{year} 年度考核报告 · 第 {doc.page} 页")

    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=f"{year} 年度考核报告", author="GridPulse").build(
        story, onFirstPage=page_number, onLaterPages=page_number
    )
    out.write_bytes(buf.getvalue())
    return out


def write(data: Path, year: int, fmt: str, out: Path) -> Path:
    """Write the year's report in ``fmt`` ('xlsx' or 'pdf') to ``out``."""
    if fmt not in ("xlsx", "pdf"):
        raise ValueError(f"format must be xlsx or pdf, not {fmt!r}")
    d = _gather(data, year)
    return write_xlsx(d, out) if fmt == "xlsx" else write_pdf(d, out)
