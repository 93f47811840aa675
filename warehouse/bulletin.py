"""The monthly bulletin (月度通报): the document a command centre circulates each month — the
month's figures beside the month before, the red and black lists (红黑榜: the top and bottom
units with their reasons), every unit's score and change, and the problems of the month — as a
PDF to issue and as XLSX.

Built from the stored ``assessment_scores`` and ``assessment_coverage`` of the month and the
month before, so its figures are the assessment page's; the office layout is
warehouse/documents.py, the ranking tables are the annual report's (warehouse/report.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from warehouse import assessment, documents, report, sql
from warehouse.db import Store

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
LISTED = 3  # units on the red list and on the black list
UNITS = ("department", "street")


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime, dt.datetime, str]:
    """The month's first moment, the next month's, the month before's, and that month's name."""
    m = MONTH.match(month or "")
    if not m:
        raise ValueError(f"month: YYYY-MM (e.g. 2026-10), not {month!r}")
    start = dt.datetime(int(m.group(1)), int(m.group(2)), 1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    before = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end, before, f"{before:%Y-%m}"


def gather(data: Path, month: str, number: int | None = None) -> dict:
    """Everything the bulletin says, read from one snapshot."""
    start, end, before_start, before = month_bounds(month)
    with Store(data).reader() as con:
        scores = sql.query(con, "report/year_scores", period=month)
        if scores.height == 0:
            raise ValueError(f"no assessment scores for {month}: run `python -m warehouse assess --period {month}` first")
        previous = sql.query(con, "report/year_scores", period=before)
        coverage = sql.query(con, "report/coverage", period=month)
        coverage_before = sql.query(con, "report/coverage", period=before)
        problems = sql.query(con, "report/month_problems", month_start=start, month_end=end, before_start=before_start)
        names = sql.query(con, "pages/dimensions")
        district = sql.query(con, "report/district").row(0)
        rubric = assessment.rubric_of(con, month)
        as_of = sql.scalar(con, "report/data_as_of", before=end)
    return {
        "month": month,
        "year": start.year,
        "month_number": start.month,
        "before_period": before,
        "issuer": documents.issuer(data, number),
        "scores": scores,
        "before": previous,
        "coverage": coverage.row(0, named=True) if coverage.height else None,
        "coverage_before": coverage_before.row(0, named=True) if coverage_before.height else None,
        "problems": problems,
        "names": documents.name_lookup(names),
        "district": district[0] or "",
        "rubric": rubric,
        "rubric_version": scores["rubric_version"][0],
        "as_of": as_of,
    }


def title(d: dict) -> str:
    return f"{d['district']}{d['year']}年{d['month_number']}月网格化管理工作通报"


def overview(d: dict) -> list[str]:
    """一、总体情况 in sentences: the district's due, closed and on-time cases by the one rule,
    the change against the month before in points, and what the data covers."""
    c, b = d["coverage"], d["coverage_before"]
    out = []
    if c and c.get("due_cases") and c.get("closed_on_time") is not None:
        rate = c["closed_on_time"] / c["due_cases"]
        text = (
            f"{d['month_number']}月全区到期案件 {c['due_cases']:,} 件，已结案 {c['closed_cases']:,} 件"
            f"（结案率 {c['closed_cases'] / c['due_cases'] * 100:.1f}%），按期结案 {c['closed_on_time']:,} 件"
            f"（按期结案率 {rate * 100:.1f}%）"
        )
        if b and b.get("due_cases") and b.get("closed_on_time") is not None:
            change = (rate - b["closed_on_time"] / b["due_cases"]) * 100
            text += f"，较上月{'提高' if change >= 0 else '下降'} {abs(change):.1f} 个百分点"
        out.append(text + "。")
    if c:
        days = f"本月 {c['days_in_period']} 天中 {c['days_with_data']} 天有上报"
        out.append(days + ("。" if c["complete"] else "；本月数据不完整（数据在月内开始或截止），得分只反映已有数据。"))
    return out


def lists(d: dict, object_type: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The red list (the top LISTED by composite) and the black list (the bottom LISTED, none of
    them also on the red list), each with its change against the month before and a reason."""
    frame = report.ranking(d, object_type)
    if frame.height == 0:
        return frame, frame
    red = frame.head(LISTED)
    black = frame.tail(min(LISTED, max(0, frame.height - LISTED))).reverse()
    reasons = {code: reason for code, _, reason in assessment.bottom_reasons(d["scores"], d["month"], object_type, n=LISTED)}
    black = black.with_columns(pl.col("编码").replace_strict(reasons, default="").alias("原因"))
    red = red.with_columns(pl.col("编码").map_elements(lambda c: best_reason(d, object_type, c), return_dtype=pl.String).alias("原因"))
    return red, black


def best_reason(d: dict, object_type: str, code: str) -> str:
    """Why a unit is on the red list: its two best-scored weighted indicators, with their values."""
    part = d["scores"].filter(
        (pl.col("object_type") == object_type)
        & (pl.col("object_code") == code)
        & pl.col("score").is_not_null()
        & pl.col("weight").is_not_null()
    )
    words = []
    for r in part.sort(["score", "weight"], descending=True).head(2).iter_rows(named=True):
        name = assessment.INDICATORS.get(r["indicator"], r["indicator"])
        shown = f"{int(r['value'] or 0)} 件" if r["indicator"].endswith("_count") else f"{(r['value'] or 0) * 100:.1f}%"
        words.append(f"{name} {shown}")
    return "，".join(words)


def problems_table(d: dict) -> pl.DataFrame:
    """本月突出问题: category, cases this month and last, and the change in per cent."""
    p = d["problems"]
    if p.height == 0:
        return pl.DataFrame()
    return p.select(
        pl.col("category_name").fill_null(pl.col("category_code")).alias("问题类别"),
        pl.col("cases").alias("本月"),
        pl.col("cases_before").alias("上月"),
        pl.when(pl.col("cases_before") > 0).then((pl.col("cases") / pl.col("cases_before") - 1).round(3)).otherwise(None).alias("环比"),
    )


def write_pdf(d: dict, out: Path) -> Path:
    from reportlab.platypus import Paragraph

    s = documents.styles()
    story = [*documents.heading(d["issuer"], d["year"], title(d), s)]
    story.append(documents.basis(d["rubric"].name, d["rubric_version"], d["as_of"], s))
    story.append(Paragraph("一、总体情况", s.h1))
    story += [documents.text(text, s.body) for text in overview(d)]
    story.append(Paragraph("二、红黑榜", s.h1))
    for obj in UNITS:
        red, black = lists(d, obj)
        if red.height == 0:
            continue
        name = assessment.OBJECT_NAMES[obj]
        for label, frame, colour in (("红榜", red, "#fde8e8"), ("黑榜", black, "#e4e4e4")):
            if frame.height == 0:
                continue
            rows = [["排名", "名称", "综合得分", "较上月", "原因"]] + [
                [
                    str(r["排名"]),
                    documents.escape(r["名称"] or r["编码"]),
                    f"{r['综合得分']:.1f}",
                    "—" if r["变化"] is None else f"{r['变化']:+.1f}",
                    Paragraph(documents.escape(r["原因"]), s.small),
                ]
                for r in frame.iter_rows(named=True)
            ]
            widths = [28.0, 105.0, 50.0, 45.0, 250.0]
            story.append(
                documents.captioned(f"{name}{label}", documents.table(rows, s, [(i, colour) for i in range(1, len(rows))], widths), s)
            )
    ranked = [(obj, frame) for obj in UNITS for frame in [report.ranking(d, obj)] if frame.height]
    for i, (obj, frame) in enumerate(ranked):
        caption = f"{assessment.OBJECT_NAMES[obj]}综合得分（上期为 {d['before_period']}）"
        story.append(documents.captioned(caption, report.ranking_table(frame, s), s, heading="三、各单位得分情况" if i == 0 else None))
    problems = problems_table(d)
    if problems.height:
        rows = [["问题类别", "本月（件）", "上月（件）", "环比"]] + [
            [documents.escape(r["问题类别"]), f"{r['本月']:,}", f"{r['上月']:,}", "—" if r["环比"] is None else f"{r['环比'] * 100:+.1f}%"]
            for r in problems.iter_rows(named=True)
        ]
        caption = f"{d['month_number']}月上报最多的问题类别"
        story.append(documents.captioned(caption, documents.table(rows, s), s, heading="四、本月突出问题"))
    story += documents.signature(d["issuer"], dt.date.today(), s)
    return documents.build(story, out, title(d), f"{d['year']}年{d['month_number']}月工作通报", s.font)


def write_xlsx(d: dict, out: Path) -> Path:
    import xlsxwriter

    out.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(out) as wb:
        pl.DataFrame(
            {
                "项目": ["通报", "发文单位", "文号", "月份", "考核细则版本", "数据截至", "总体情况"],
                "内容": [
                    title(d),
                    d["issuer"].unit,
                    d["issuer"].document_number(d["year"]),
                    d["month"],
                    d["rubric_version"],
                    f"{d['as_of']:%Y-%m-%d %H:%M}" if d["as_of"] else "",
                    "".join(overview(d)),
                ],
            }
        ).write_excel(wb, worksheet="概要", autofit=True)
        listed = []
        for obj in UNITS:
            red, black = lists(d, obj)
            for label, frame in (("红榜", red), ("黑榜", black)):
                if frame.height:
                    listed.append(
                        frame.select(
                            pl.lit(label).alias("榜单"),
                            pl.lit(assessment.OBJECT_NAMES[obj]).alias("对象"),
                            "排名",
                            "名称",
                            "编码",
                            "综合得分",
                            "变化",
                            "原因",
                        )
                    )
        if listed:
            pl.concat(listed).rename({"变化": "较上月"}).write_excel(
                wb, worksheet="红黑榜", autofit=True, column_formats={"综合得分": "0.0", "较上月": "+0.0;-0.0;0.0"}
            )
        for obj in UNITS:
            frame = report.ranking(d, obj)
            if frame.height:
                frame.write_excel(wb, worksheet=assessment.OBJECT_NAMES[obj], autofit=True, column_formats=report.ranking_formats(frame))
        problems = problems_table(d)
        if problems.height:
            problems.write_excel(wb, worksheet="突出问题", autofit=True, column_formats={"环比": "+0.0%;-0.0%;0.0%"})
    return out


def write(data: Path, month: str, fmt: str, out: Path, number: int | None = None) -> Path:
    """Write the month's bulletin in ``fmt`` ('pdf' or 'xlsx') to ``out``."""
    if fmt not in ("xlsx", "pdf"):
        raise ValueError(f"format must be xlsx or pdf, not {fmt!r}")
    d = gather(data, month, number)
    return write_xlsx(d, out) if fmt == "xlsx" else write_pdf(d, out)
