"""R0.2 (issue 15): a 学信网 学籍 export — letter-coded columns, YYYYMMDD dates, 博士研究生/硕士研究生, colleges by
name — with the columns 学信网 lacks under campus-system names, as a dBase table (GBK) and as a workbook, both
built here; DBF read through core.tabular like every table, within the same bounds."""

from __future__ import annotations

import struct

import pytest

from biye.core import tabular
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, College, Student
from tests.roster.conftest import as_xuexin, roster_rows, run_import, to_dbf, to_xlsx


def _colleges_on_file(rows):
    for r in rows:
        College.objects.get_or_create(code=r["学院代码"], defaults={"name": r["学院名称"]})


@pytest.mark.parametrize("kind", ["dbf", "xlsx"])
def test_R0_2_a_xuexin_export_with_campus_columns_imports_as_dbf_and_as_xlsx(gs, tmp_path, kind):
    rows = roster_rows(12)
    _colleges_on_file(rows)
    headers, coded = as_xuexin(rows, college_code=False)
    assert {"XH", "CSRQ", "CC", "FY", "证件类型", "培养方式", "证书类型", "是否留学生", "最长学习年限"} <= set(headers)
    data = to_dbf(coded, headers, tmp_path / "xj.dbf") if kind == "dbf" else to_xlsx(coded, headers)
    assert coded[0]["CSRQ"].isdigit() and coded[0]["CC"].endswith("研究生")

    report = run_import(data, f"xj.{kind}", by=gs)
    assert report.ok, [str(e) for e in report.errors[:5]]
    assert report.created == 12 and report.new_colleges == []
    for r in rows:
        s = Student.objects.select_related("college", "discipline").get(number=r["学号"])
        assert (s.name, s.gender, s.birth_date, s.level, s.college.code, s.discipline.code, s.expected_term,
                s.id_type, s.training_type, s.certificate_type, s.max_years) == (
            r["姓名"], r["性别"], r["出生日期"], r["培养层次"], r["学院代码"], r["专业代码"], r["预计毕业"],
            r["证件类型"], r["培养方式"], r["证书类型"], s.max_years.__class__(str(r["最长学习年限"])))
    assert run_import(to_xlsx(rows), by=gs).unchanged == 12  # the same students, by Biye's template


def test_R0_2_a_dbf_without_code_page_mark_is_read_as_gbk(gs, tmp_path):
    rows = roster_rows(3)
    _colleges_on_file(rows)
    headers, coded = as_xuexin(rows, college_code=False)
    report = run_import(to_dbf(coded, headers, tmp_path / "xj.dbf", codepage=None), "xj.dbf", by=gs)
    assert report.ok, [str(e) for e in report.errors]
    assert Student.objects.get(number=rows[0]["学号"]).name == rows[0]["姓名"]


def test_R0_2_bad_cells_and_unknown_colleges_in_a_dbf_are_named_by_row_and_column(gs, tmp_path):
    rows = roster_rows(3)
    _colleges_on_file(rows)
    headers, coded = as_xuexin(rows, college_code=False)
    coded[1]["CSRQ"] = "19981340"
    report = run_import(to_dbf(coded, headers, tmp_path / "a.dbf"), "a.dbf", by=gs)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "CSRQ（出生日期）", "19981340")]
    coded[1]["CSRQ"] = rows[1]["出生日期"]
    coded[2]["FY"] = "不存在学院"
    report = run_import(to_dbf(coded, headers, tmp_path / "b.dbf"), "b.dbf", by=gs)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(4, "FY（学院名称）", "不存在学院")]
    assert not Student.objects.exists() and not AuditEvent.objects.filter(action__startswith="roster").exists()


def _header(records: int, fields: list[tuple[bytes, bytes, int]]) -> bytes:
    header_length = 32 + 32 * len(fields) + 1
    record_length = 1 + sum(w for _n, _t, w in fields)
    out = bytearray(struct.pack("<BBBBIHH", 0x03, 126, 6, 1, records, header_length, record_length) + b"\0" * 20)
    for name, kind, width in fields:
        out += name.ljust(11, b"\0") + kind + b"\0" * 4 + bytes([width, 0]) + b"\0" * 14
    out += b"\r"
    return bytes(out)


def test_R0_2_a_dbf_is_bounded_before_it_is_read(settings):
    settings.BIYE_IMPORT_MAX_ROWS = 100
    record = b" " + b"1".ljust(20)
    too_long = _header(101, [(b"XH", b"C", 20)]) + record * 101
    with pytest.raises(ActionRefused, match="超过了 100 行的上限"):
        tabular.read_table(too_long, "x.dbf")
    wide = _header(1, [(b"XH", b"C", 255)]) + b" " + b"1" * 255
    with pytest.raises(ActionRefused, match="字段 XH 宽 255 字节"):
        tabular.read_table(wide, "x.dbf")
    # A header claiming more records than the file holds is not taken for a table at all.
    claims = _header(10_000, [(b"XH", b"C", 20)]) + record
    with pytest.raises(ActionRefused, match="既不是 Excel 工作簿"):
        tabular.read_table(claims, "x.dbf")
    table = tabular.read_table(_header(1, [(b"XH", b"C", 20)]) + record, "x.dbf")
    assert (table.headers, list(table.rows)) == (["XH"], [(2, ["1"])])
