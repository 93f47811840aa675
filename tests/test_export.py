"""Exports: exactly the rows given, headers in the UI language, formulas neutralised."""

import io

import openpyxl
import polars as pl

from dashboard import export

ROWS = pl.DataFrame(
    {
        "case_id": ["A1", "A2", "A3"],
        "description": ['=HYPERLINK("http://x","y")', "+1+1", "正常描述"],
        "address": ["@SUM(A1)", "-2", "中山路1号"],
        "channel": ["hotline", "inspector", "public"],
        "status": ["closed", "disposing", "cancelled"],
    }
)


def test_csv_has_chinese_headers_and_inert_formulas():
    text = export.csv_bytes(ROWS, "zh").decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "案件编号,问题描述,地址,来源,状态"
    assert len(lines) == 4
    assert lines[1] == 'A1,"\'=HYPERLINK(""http://x"",""y"")",\'@SUM(A1),12345热线,已结案'
    assert lines[2] == "A2,'+1+1,'-2,监督员上报,处置中"
    assert lines[3] == "A3,正常描述,中山路1号,公众举报,已作废"


def test_xlsx_cells_are_text_not_formulas_and_headers_follow_the_language():
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(ROWS, "en")))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("case id", "description", "address", "channel", "status")
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")' and rows[1][2] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert len(rows) == 4


def test_xlsx_says_which_filter_chose_the_rows_in_the_ui_language():
    """The sheet is named in the UI's language, a second sheet states the filter, the row count
    and the time; hours are rounded; a filter value that looks like a formula stays inert."""
    frame = ROWS.with_columns(pl.Series("close_work_hours", [1.2345, 10.06, None]))
    lines = ["时间范围：2026-10-01 – 2026-10-31", "街道：南苑街道", "=cmd|' /C calc'!A0"]
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, "zh", lines)))
    assert wb.sheetnames == ["案件明细", "筛选条件"]
    cases = list(wb["案件明细"].iter_rows(values_only=True))
    assert cases[0][-1] == "结案用时（工作小时）" and [r[-1] for r in cases[1:]] == [1.2, 10.1, None]
    about = [r[0] for r in wb["筛选条件"].iter_rows(values_only=True)]
    assert about[:4] == ["筛选条件", "时间范围：2026-10-01 – 2026-10-31", "街道：南苑街道", "'=cmd|' /C calc'!A0"]
    assert about[4] == "导出 3 条" and about[5].startswith("导出时间 ")
    assert all(cell.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for cell in row)
    assert openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(ROWS, "en"))).sheetnames == ["Cases", "Filter"]
