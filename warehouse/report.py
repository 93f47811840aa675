"""The annual assessment report (年度考核报告) as XLSX and as a Chinese PDF an office issues.

Both are built from the stored ``assessment_scores`` of one year, beside the year before, and
name the rubric version and the date the data runs to, so the signed report and the warehouse
agree figure by figure. The PDF's office layout (issuing unit, document number, page N of M) is
warehouse/documents.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from warehouse import assessment, documents, labels, sql
from warehouse.db import Store

REPORT_OBJECTS = ("department", "street", "community", "grid", "inspector", "call_taker", "shift_leader", "dispatcher")
DEFINITIONS = [
    (
        "到期案件",
        "考核期内处置时限到期、已立案、未作废、期末未挂账的案件；期末仍未结案且已超期的案件计入分母，不能靠拖延结案提高比率。",
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


def _gather(data: Path, year: int, number: int | None = None) -> dict:
    store = Store(data)
    with store.reader() as con:
        scores = sql.query(con, "report/year_scores", period=str(year))
        if scores.height == 0:
            raise ValueError(f"no assessment scores for {year}: run `python -m warehouse assess --period {year}` first")
        before = sql.query(con, "report/year_scores", period=str(year - 1))
        coverage_before = sql.query(con, "report/coverage", period=str(year - 1))
        as_of = sql.scalar(con, "report/data_as_of", before=dt.datetime(year + 1, 1, 1))
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
    name_of = documents.name_lookup(names)
    return {
        "year": year,
        "issuer": documents.issuer(data, number),
        "as_of": as_of,
        "before": before,
        "coverage_before": coverage_before.row(0, named=True) if coverage_before.height else None,
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
    """One row per object: rank, name, code, composite, last year's composite and the change,
    grade, and each scored indicator's value."""
    part = d["scores"].filter(pl.col("object_type") == object_type)
    if part.height == 0:
        return pl.DataFrame()
    kind = NAMED.get(object_type)
    base = part.group_by("object_code").agg(pl.col("rank").first(), pl.col("composite").first().round(1), pl.col("grade").first())
    wide = (
        part.filter(pl.col("weight").is_not_null())
        .with_columns(pl.col("indicator").replace_strict(assessment.INDICATORS, default=pl.col("indicator")))
        .pivot(on="indicator", index="object_code", values="value")
    )
    out = base.join(wide, on="object_code", how="left").sort("rank", "object_code")
    previous = previous_composites(d.get("before"), object_type)
    out = out.join(previous, on="object_code", how="left").with_columns((pl.col("composite") - pl.col("previous")).round(1).alias("change"))
    names = [d["names"].get((kind, c), "") for c in out["object_code"].to_list()] if kind else [""] * out.height
    out = out.with_columns(pl.Series("名称", names)).rename(
        {"rank": "排名", "object_code": "编码", "composite": "综合得分", "grade": "等级", "previous": PREVIOUS, "change": "变化"}
    )
    first = ["排名", "名称", "编码", "综合得分", PREVIOUS, "变化", "等级"]
    return out.select(first + [c for c in out.columns if c not in first])


PREVIOUS = "上期得分"
# Object types whose names pages/dimensions holds (staff roles are known by code only).
NAMED = {"department": "department", "street": "street", "community": "community", "grid": "grid"}


def previous_composites(before: pl.DataFrame | None, object_type: str) -> pl.DataFrame:
    """Each object's composite in the period before (empty where that period was not scored)."""
    if before is None or before.height == 0:
        return pl.DataFrame(schema={"object_code": pl.String, "previous": pl.Float64})
    return (
        before.filter(pl.col("object_type") == object_type)
        .group_by("object_code")
        .agg(pl.col("composite").first().round(1).alias("previous"))
    )


def ranking_formats(frame: pl.DataFrame) -> dict[Any, str]:
    """A ranking sheet's number formats: rates as percentages, scores to one decimal, the change signed."""
    return dict.fromkeys(rate_columns(frame), "0.0%") | {"综合得分": "0.0", PREVIOUS: "0.0", "变化": "+0.0;-0.0;0.0"}


def rate_columns(frame: pl.DataFrame) -> list[str]:
    """The indicator columns of a ranking that hold rates (shown as percentages; counts are not)."""
    rates = {name for key, name in assessment.INDICATORS.items() if not key.endswith("_count")}
    return [c for c in frame.columns if c in rates]


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
                "项目": ["报告", "发文单位", "文号", "考核年度", "考核细则版本", "数据截至", "数据覆盖", "生成时间"],
                "内容": [
                    f"{d['district']}{d['year']}年度网格化管理考核报告",
                    d["issuer"].unit,
                    d["issuer"].document_number(d["year"]),
                    str(d["year"]),
                    d["rubric_version"],
                    f"{d['as_of']:%Y-%m-%d %H:%M}" if d["as_of"] else "",
                    coverage_text(d),
                    dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                ],
            }
        )
        summary.write_excel(wb, worksheet="概要", autofit=True)
        for obj in REPORT_OBJECTS:
            frame = ranking(d, obj)
            if frame.height:
                frame.write_excel(wb, worksheet=assessment.OBJECT_NAMES[obj], autofit=True, column_formats=ranking_formats(frame))
        scores = d["scores"].with_columns(
            pl.col("object_type").replace_strict(labels.chinese("object_type"), default=pl.col("object_type")),
            pl.col("indicator").replace_strict(labels.chinese("indicator"), default=pl.col("indicator")),
            pl.col("note").replace_strict(labels.chinese("na_note"), default=pl.col("note"))
            if "note" in d["scores"].columns
            else pl.lit(None).alias("note"),
        )
        named = d["scores"].select(
            pl.struct("object_type", "object_code")
            .map_elements(lambda r: d["names"].get((NAMED.get(r["object_type"], ""), r["object_code"]), ""), return_dtype=pl.String)
            .alias("name")
        )
        detail = scores.with_columns(named["name"]).select(["name", *SCORE_HEADERS]).rename({"name": "名称", **SCORE_HEADERS})
        detail = detail.select(["对象类型", "对象编码", "名称", *[c for c in detail.columns if c not in ("对象类型", "对象编码", "名称")]])
        detail.write_excel(wb, worksheet="指标明细", autofit=False, column_formats={"指标值": "0.0000", "得分": "0.0", "综合得分": "0.0"})
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


def write_pdf(d: dict, out: Path) -> Path:
    """The report to sign, one section per helper in reading order: the office head, overall
    figures beside last year, the department and street rankings, the bottom three and why, and
    the method appendix."""
    s = documents.styles()
    title = f"{d['district']}{d['year']}年度网格化管理考核报告"
    story = [*documents.heading(d["issuer"], d["year"], title, s), documents.basis(d["rubric"].name, d["rubric_version"], d["as_of"], s)]
    story += [*_pdf_summary(d, s), *_pdf_rankings(d, s), *_pdf_bottom_three(d, s)]
    story += [*documents.signature(d["issuer"], dt.date.today(), s), *_pdf_appendix(d, s)]
    return documents.build(story, out, title, f"{d['year']}年度考核报告", s.font)


def _pdf_summary(d: dict, s: documents.Styles) -> list:
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
            documents.text(
                f"全年到期案件 {int(due):,} 件，已结案 {int(closed):,} 件（结案率 {closed / due * 100:.1f}%），"
                f"按期结案 {int(on_time):,} 件（按期结案率 {on_time / due * 100:.1f}%）。"
                f"参与考核的责任部门 {scores.filter(pl.col('object_type') == 'department')['object_code'].n_unique()} 个、"
                f"街道 {scores.filter(pl.col('object_type') == 'street')['object_code'].n_unique()} 个。",
                s.body,
            )
        )
    story.append(documents.text(year_on_year(d), s.body))
    story.append(documents.text(coverage_text(d), s.body))
    return story


def year_on_year(d: dict) -> str:
    """The year beside the year before: due cases and the on-time closure rate, in points."""
    now, before = d.get("coverage"), d.get("coverage_before")
    if not before or not before.get("due_cases") or before.get("closed_on_time") is None:
        return f"{d['year'] - 1} 年无可比的考核数据，本报告不作同比。"
    rate_before = before["closed_on_time"] / before["due_cases"]
    partial = "" if before.get("complete") else "（上年数据不完整，仅含已有月份）"
    text = f"{d['year'] - 1} 年到期案件 {before['due_cases']:,} 件{partial}，按期结案率 {rate_before * 100:.1f}%"
    if now and now.get("due_cases") and now.get("closed_on_time") is not None:
        change = (now["closed_on_time"] / now["due_cases"] - rate_before) * 100
        text += f"；本年按期结案率{'提高' if change >= 0 else '下降'} {abs(change):.1f} 个百分点"
    return text + "。"


def _pdf_rankings(d: dict, s: documents.Styles) -> list:
    """二、三: the department and street rankings as tables beside last year, the departments also
    as a bar chart; the other object types (communities, grids, staff roles) are in the XLSX."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    story: list = []
    for number, obj in (("二", "department"), ("三", "street")):
        frame = ranking(d, obj)
        if frame.height == 0:
            continue
        name = assessment.OBJECT_NAMES[obj]
        story += [Paragraph(f"{number}、{name}综合排名", s.h1), ranking_table(frame, s), Spacer(1, 6 * mm)]
        if obj == "department":
            chart = documents.bar_chart(frame["名称"].to_list(), frame["综合得分"].to_list(), s)
            story.append(documents.captioned(f"图 1　{name}综合得分（满分 100）", chart, s))
    return story


def ranking_table(frame: pl.DataFrame, s: documents.Styles) -> Any:
    """Rank, name, code, composite, the period before and the change, grade; the last three rows
    shaded, as the bottom three are named below."""
    cols = ["排名", "名称", "编码", "综合得分", PREVIOUS, "变化", "等级"]

    def cell(c: str, v: Any) -> str:
        if v is None:
            return "—" if c in (PREVIOUS, "变化") else ""
        return f"{v:+.1f}" if c == "变化" else str(v)

    rows = [cols] + [[cell(c, r[c]) for c in cols] for r in frame.iter_rows(named=True)]
    return documents.table(rows, s, shade=[(i, "#fde0dc") for i in range(max(1, len(rows) - 3), len(rows))])


def _pdf_bottom_three(d: dict, s: documents.Styles) -> list:
    """四、后三位单位及原因: each bottom-three department and street with the indicators that put
    it there, and how many of a department's due cases closed late (the cases are in the XLSX)."""
    from reportlab.platypus import Paragraph

    story = [Paragraph("四、后三位单位及原因", s.h1)]
    for obj in ("department", "street"):
        for code, composite, reason in assessment.bottom_reasons(d["scores"], str(d["year"]), obj):
            name = d["names"].get((obj, code), code)
            story.append(
                documents.text(
                    f"{assessment.OBJECT_NAMES[obj]}：{documents.escape(name)}（{code}）综合得分 {composite:.1f}。{reason}。", s.body
                )
            )
    for code, frame in d["bottom_cases"].items():
        if frame.height:
            story.append(
                documents.text(
                    f"{documents.escape(d['names'].get(('department', code), code))} 到期未按期结案案件 {frame.height} 件"
                    "（明细见 Excel 版报告“后三位未按期案件”表）。",
                    s.small,
                )
            )
    return story


def _pdf_appendix(d: dict, s: documents.Styles) -> list:
    """附录：方法说明: the definitions, and the rubric's indicators with weights and directions, so
    a reader can recompute any score from the figures."""
    from reportlab.platypus import PageBreak, Paragraph

    story = [PageBreak(), Paragraph("附录：方法说明", s.h1)]
    for term, text in DEFINITIONS:
        story.append(documents.text(f"<b>{term}</b>：{text}", s.body))
    rubric = d["rubric"]
    story.append(documents.text(f"考核细则：{documents.escape(rubric.name)}，版本 {d['rubric_version']}。", s.body))
    rows = [["对象", "指标", "权重（%）", "方向"]] + [
        [
            assessment.OBJECT_NAMES[o],
            assessment.INDICATORS[i],
            f"{w:g}",
            "越低越好" if dr == "lower" else ("阶梯计分" if k == "count" else "越高越好"),
        ]
        for o, i, w, k, dr in rubric.indicators.select("object_type", "indicator", "weight", "kind", "direction").iter_rows()
    ]
    story.append(documents.table(rows, s))
    return story


def write(data: Path, year: int, fmt: str, out: Path, number: int | None = None) -> Path:
    """Write the year's report in ``fmt`` ('xlsx' or 'pdf') to ``out``, numbered ``number``
    (the document number the office assigns) when given."""
    if fmt not in ("xlsx", "pdf"):
        raise ValueError(f"format must be xlsx or pdf, not {fmt!r}")
    d = _gather(data, year, number)
    return write_xlsx(d, out) if fmt == "xlsx" else write_pdf(d, out)
