"""The monthly bulletin (月度通报) read back from its PDF and XLSX against the stored scores, the
stored coverage and a direct count of the cases: every figure a reader checks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from warehouse import assessment, bulletin
from warehouse.db import Store


def newest_complete_month(data: Path) -> str:
    with Store(data).reader() as con:
        return con.sql(
            r"SELECT max(c.period) FROM assessment_coverage c WHERE c.complete AND regexp_matches(c.period, '^\d{4}-\d{2}$') "
            "AND EXISTS (SELECT 1 FROM assessment_scores s WHERE s.period = strftime(try_strptime(c.period || '-01', '%Y-%m-%d') - INTERVAL 1 MONTH, '%Y-%m'))"
        ).fetchone()[0]


def test_the_bulletin_pdf_says_what_the_scores_say(loaded_city: Path, tmp_path: Path):
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm, pdftotext) missing here; .ci/run installs them")
    month = newest_complete_month(loaded_city)
    start, end, before_start, before = bulletin.month_bounds(month)
    with Store(loaded_city).reader() as con:
        scores = con.execute(
            "SELECT s.object_code, d.department_name, any_value(s.composite) AS composite, any_value(s.rank) AS rank "
            "FROM assessment_scores s JOIN departments d ON d.department_code = s.object_code "
            "WHERE s.period = ? AND s.object_type = 'department' GROUP BY ALL ORDER BY rank, object_code",
            [month],
        ).pl()
        previous = dict(
            con.execute(
                "SELECT object_code, any_value(composite) FROM assessment_scores WHERE period = ? AND object_type = 'department' GROUP BY 1",
                [before],
            ).fetchall()
        )
        cov = con.execute("SELECT due_cases, closed_on_time FROM assessment_coverage WHERE period = ?", [month]).fetchone()
        top_category, top_cases = con.execute(
            "SELECT any_value(category_name), count(*) AS n FROM cases WHERE reported_at >= ? AND reported_at < ? "
            "GROUP BY category_code ORDER BY n DESC, category_code LIMIT 1",
            [start, end],
        ).fetchone()
        all_scores = con.execute("SELECT * FROM assessment_scores WHERE period = ?", [month]).pl()
    pdf = bulletin.write(loaded_city, month, "pdf", tmp_path / "b.pdf", number=5)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = len(list(tmp_path.glob("page-*.png")))
    assert flat.startswith(f"临江区城市运行管理服务中心 临城运〔{start.year}〕5号")
    assert f"{start.year}年{start.month}月网格化管理工作通报" in flat
    assert all(f"第 {i} 页 共 {pages} 页" in flat for i in range(1, pages + 1))
    # the overview: the district's own figures by the one on-time rule
    dense = "".join(text.split())  # a line may end anywhere between two Chinese characters
    assert f"到期案件{cov[0]:,}件" in dense and f"按期结案率{cov[1] / cov[0] * 100:.1f}%" in dense
    # the red list opens with the first-ranked department and its change against last month
    first = scores.row(0, named=True)
    last = previous.get(first["object_code"])  # not scored last month: shown as —
    change = "—" if last is None else f"{round(first['composite'], 1) - round(last, 1):+.1f}"
    assert f"责任部门红榜 排名 名称 综合得分 较上月 原因 1 {first['department_name']} {first['composite']:.1f} {change}" in flat
    # the black list names the bottom department with the reason the assessment gives
    code, composite, reason = assessment.bottom_reasons(all_scores, month, "department")[0]
    bottom_name = scores.filter(pl.col("object_code") == code)["department_name"][0]
    assert "责任部门黑榜" in flat and bottom_name in flat.split("责任部门黑榜")[1][:400]
    assert reason.split("，")[0] in flat.split("责任部门黑榜")[1]
    # the problems of the month: the most reported category and its count
    assert "四、本月突出问题" in flat and f"{top_category} {top_cases:,}" in flat
    assert "DOMAIN" not in flat and "快照" not in flat


def test_the_bulletin_xlsx(loaded_city: Path, tmp_path: Path):
    month = newest_complete_month(loaded_city)
    wb = openpyxl.load_workbook(bulletin.write(loaded_city, month, "xlsx", tmp_path / "b.xlsx"), read_only=True)
    assert {"概要", "红黑榜", "责任部门", "街道", "突出问题"} <= set(wb.sheetnames)
    listed = list(wb["红黑榜"].iter_rows(values_only=True))
    assert listed[0] == ("榜单", "对象", "排名", "名称", "编码", "综合得分", "较上月", "原因")
    assert [r[0] for r in listed[1:]].count("红榜") == 6 and [r[0] for r in listed[1:]].count("黑榜") == 6  # 3 + 3, departments and streets
    assert all(r[3] and r[7] for r in listed[1:])  # each named, each with its reason
    summary = dict(wb["概要"].iter_rows(min_row=2, values_only=True))
    assert summary["月份"] == month and summary["文号"].endswith("〕　　号")  # no number given: a blank to fill


def test_the_bulletin_refuses_a_bad_or_unscored_month(loaded_city: Path, tmp_path: Path):
    with pytest.raises(ValueError, match="YYYY-MM"):
        bulletin.write(loaded_city, "2026-13", "pdf", tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="warehouse assess --period 1999-01"):
        bulletin.write(loaded_city, "1999-01", "pdf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_chinese_body_text_breaks_by_the_rules_of_chinese_typesetting():
    """At every width from 200 to 460 points: no line starts with closing punctuation (the
    annual report left a lone "。" on a line), none ends with opening punctuation, no figure or
    code is cut ("32 / 9 件" was broken after "32 /"), every line fits, and nothing is lost."""
    import re

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from warehouse import documents

    font = documents.font()
    text = (
        "立案数：考核期内立案的案件数，按细则的阶梯阈值计分（季度、年度阈值按月数放大）。<b>责任部门</b>：区园林绿化管理中心"
        "综合得分 67.5，按期处置率 50.0%（1 / 2 件），扣 17.5 分；结案 32 / 9 件，全年 12,345 件，城关街道办事处 330125001-BSC。"
    )
    figures = ["67.5", "50.0%", "1 / 2", "17.5", "32 / 9", "12,345", "330125001-BSC"]
    for width in range(200, 461):
        lines = documents.break_lines(text, font, 10.5, width - 21, width)
        plain = [re.sub(r"<[^>]*>", "", line) for line in lines]
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width
        for i, line in enumerate(plain):
            assert stringWidth(line, font, 10.5) <= (width - 21 if i == 0 else width) + 1e-6, (width, line)
            assert line[:1] not in "。，、；：）%" and line[-1:] not in "（", (width, line)
        assert all(any(f in line for line in plain) for f in figures), (width, plain)
