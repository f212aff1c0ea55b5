"""core.tabular, which every import and export goes through (R0.2 and the sections after it)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter

from biye.core import tabular
from biye.core.errors import ActionRefused


def test_R0_2_strings_that_look_like_formulas_are_written_as_text():
    out = io.BytesIO()
    risky = ["=1+1", "+86 10", "-5", "@SUM(A1)", '=HYPERLINK("http://x","y")']
    tabular.write_xlsx(out, ["值", "日期"], [[v, dt.date(2020, 6, 3)] for v in risky], sheet_name="测试")
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    table = tabular.read_table(out.getvalue(), "out.xlsx")
    assert table.headers == ["值", "日期"]
    assert [(n, cells) for n, cells in table.rows] == [(i + 2, [v, dt.date(2020, 6, 3)]) for i, v in enumerate(risky)]


def test_R0_2_rows_keep_their_excel_numbers_when_the_sheet_starts_lower_and_to_the_right():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_string(2, 1, " 学号 ")
    sheet.write_string(2, 2, "姓名")
    sheet.write_string(3, 1, "001")
    sheet.write_string(3, 2, "张三")
    sheet.write_string(5, 1, "002")  # row 5 (index 4) left blank
    book.close()
    table = tabular.read_table(out.getvalue(), "r.xlsx")
    assert (table.header_row, table.headers[1:]) == (3, ["学号", "姓名"])
    assert [(n, cells[1]) for n, cells in table.rows] == [(4, "001"), (6, "002")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_R0_2_csv_encoding_is_detected(encoding):
    data = "学号,姓名\n001,欧阳娜\n".encode(encoding)
    table = tabular.read_table(data, "r.csv")
    assert table.headers == ["学号", "姓名"]
    assert list(table.rows) == [(2, ["001", "欧阳娜"])]


def test_R0_2_a_workbook_named_csv_is_read_as_a_workbook():
    out = io.BytesIO()
    tabular.write_xlsx(out, ["学号"], [["001"]])
    assert list(tabular.read_table(out.getvalue(), "named-wrong.csv").rows) == [(2, ["001"])]


def test_R0_2_undecodable_text_is_refused_with_what_to_do():
    with pytest.raises(ActionRefused) as refused:
        tabular.read_table(b"\xff\xfe\xfa\xfb\x81", "r.csv")
    assert "另存为" in refused.value.message
