"""R0.2 on files made the way registrars make them: a title row above the header, a cover sheet, headers with
stray spaces and required-column marks, numbers and dates typed every which way, blank rows at the end, Excel's
"Unicode text", semicolons, and files that are not rosters at all. Each either imports as a clean file would, or is
refused by the real command with a message that names the file, or the Excel row and column, and writes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from biye.demo.synthetic import ROSTER_HEADERS
from tests.roster.conftest import roster_rows, to_xlsx

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _counts() -> dict[str, int]:
    from biye.core.models import AuditEvent, Campaign, College, Discipline, Finding, Person, Student

    return {m.__name__: m.objects.count() for m in (AuditEvent, Campaign, College, Discipline, Finding, Person, Student)}


def _run(tmp_path, name: str, data: bytes, *args: str) -> tuple[int, str, str]:
    """The real command on a file on disk: (exit status, stdout, stderr including the CommandError's text)."""
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import-roster", str(path), "--campaign", "2020", *args, stdout=out, stderr=err)
    except CommandError as failed:
        return failed.returncode, out.getvalue(), err.getvalue() + str(failed)
    return 0, out.getvalue(), err.getvalue()


def _cells(row: dict, headers=ROSTER_HEADERS) -> list:
    return [row.get(h, "") for h in headers]


def _book(*sheets: tuple[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook written by openpyxl (not by our own writer), one sheet per (title, rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _roster_sheet(rows: list[dict], above: list[list] = (), headers=ROSTER_HEADERS) -> list[list]:
    return [*above, list(headers), *(_cells(r) for r in rows)]


# --- where the header is ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("above", [
    [["2020届毕业研究生名单"]],
    [["2020届毕业研究生名单"], [], ["填报单位：研究生院", None, "填报日期：2020-03-01"]],
])
def test_R0_2_title_rows_above_the_header_are_skipped_and_errors_keep_the_real_excel_row(db, tmp_path, above):
    from biye.core.models import Student

    rows = roster_rows(4)
    header_row = len(above) + 1
    rows[1]["证书类型"] = "三证"
    before = _counts()
    status, _out, err = _run(tmp_path, "名单.xlsx", _book(("名单", _roster_sheet(rows, above))))
    assert status == 1
    assert f"第{header_row + 2}行「证书类型」：应为“双证”或“单证”，实际为“三证”" in err
    assert _counts() == before

    rows[1]["证书类型"] = "双证"
    status, out, _err = _run(tmp_path, "名单.xlsx", _book(("名单", _roster_sheet(rows, above))))
    assert status == 0 and "新增 4 人" in out
    assert Student.objects.count() == 4


def test_R0_2_missing_column_is_reported_on_the_real_header_row(db, tmp_path):
    headers = [h for h in ROSTER_HEADERS if h != "民族"]
    sheet = [["2020届毕业研究生名单"], headers, *([r[h] for h in headers] for r in roster_rows(2))]
    before = _counts()
    status, _out, err = _run(tmp_path, "r.xlsx", _book(("Sheet1", sheet)))
    assert status == 1
    assert "第2行「民族」：缺少必需的列「民族」：请在表头行加上列名为“民族”的一列" in err
    assert _counts() == before


def test_R0_2_a_header_row_that_is_not_near_the_top_is_refused_naming_the_expected_columns(db, tmp_path):
    sheet = _roster_sheet(roster_rows(2), above=[["说明"]] * 12)
    before = _counts()
    status, _out, err = _run(tmp_path, "late.xlsx", _book(("Sheet1", sheet)))
    assert status == 1
    assert "在文件“late.xlsx”各工作表的前 10 行中没有找到表头行" in err and "学号、姓名、性别" in err
    assert _counts() == before


def test_R0_2_headers_with_spaces_line_breaks_and_required_marks_are_recognised(db, tmp_path):
    from biye.core.models import Student

    marked = {"学号": " 学号* ", "姓名": "姓\u3000名", "出生日期": "出生\n日期", "证件号码": "＊证件号码",
              "专业代码": "专业代码（必填）", "学院名称": "\ufeff学院名称"}
    headers = [marked.get(h, h) for h in ROSTER_HEADERS]
    rows = roster_rows(3)
    sheet = [headers, *(_cells(r) for r in rows)]
    status, out, _err = _run(tmp_path, "r.xlsx", _book(("Sheet1", sheet)))
    assert status == 0, out
    assert "无法识别" not in out  # no column was taken for an unknown one
    assert set(Student.objects.values_list("number", flat=True)) == {r["学号"] for r in rows}


@pytest.mark.parametrize("first", [("填表说明", [["填表说明"], ["1. 学号必须唯一"], ["2. 日期请写作 2020-06-03"]]),
                                   ("Sheet1", [])])
def test_R0_2_roster_on_a_later_sheet_after_a_cover_or_empty_sheet_is_found(db, tmp_path, first):
    from biye.core.models import Student

    rows = roster_rows(3)
    status, out, _err = _run(tmp_path, "r.xlsx", _book(first, ("学籍名单", _roster_sheet(rows))))
    assert status == 0 and "新增 3 人" in out
    assert Student.objects.count() == 3


def test_R0_2_a_hidden_sheet_is_not_read_even_when_it_comes_first(db, tmp_path):
    from biye.core.models import Student

    old, current = roster_rows(2, seed=1), roster_rows(3)
    data = _book(("旧名单", _roster_sheet(old)), ("名单", _roster_sheet(current)), hidden=("旧名单",))
    status, _out, _err = _run(tmp_path, "r.xlsx", data)
    assert status == 0
    assert set(Student.objects.values_list("number", flat=True)) == {r["学号"] for r in current}


# --- numbers, dates, spaces ------------------------------------------------------------------------------------


def test_R0_2_discipline_code_that_lost_its_leading_zero_is_refused_not_guessed(db, tmp_path):
    rows = roster_rows(3)
    rows[0]["专业代码"] = 81200  # Excel shows 081200 typed into a number cell as 81200
    rows[1]["专业代码"] = 120100  # a whole code typed as a number loses nothing
    rows[1]["专业名称"] = "管理科学与工程"
    before = _counts()
    status, _out, err = _run(tmp_path, "r.xlsx", _book(("Sheet1", _roster_sheet(rows))))
    assert status == 1
    assert "第2行「专业代码」：专业代码被 Excel 存成了数字，开头的 0 已丢失" in err and "“081200”" in err
    assert "第3行" not in err
    assert _counts() == before


def test_R0_2_id_number_stored_as_a_number_is_refused_saying_to_format_the_column_as_text(db, tmp_path):
    rows = roster_rows(2)
    resident = next(i for i, r in enumerate(rows) if r["证件类型"] == "居民身份证")
    rows[resident]["证件号码"] = int(rows[resident]["证件号码"].replace("X", "0"))
    before = _counts()
    status, _out, err = _run(tmp_path, "r.xlsx", _book(("Sheet1", _roster_sheet(rows))))
    assert status == 1
    assert f"第{resident + 2}行「证件号码」：证件号码被 Excel 存成了数字" in err and "“文本”格式" in err
    assert _counts() == before


def test_R0_2_dates_as_text_excel_dates_and_midnight_datetimes_import_as_the_same_date(db, tmp_path):
    from biye.core.models import Student

    rows = roster_rows(7)
    births = [r["出生日期"] for r in rows]
    shapes = [
        lambda d: d.isoformat(),
        lambda d: f"{d.year}/{d.month}/{d.day}",
        lambda d: d.strftime("%Y%m%d"),
        lambda d: dt.datetime(d.year, d.month, d.day),
        lambda d: d,
        lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
        lambda d: f"{d.isoformat()} 00:00:00",
    ]
    for row, shape in zip(rows, shapes):
        row["出生日期"] = shape(row["出生日期"])
        row["入学日期"] = dt.datetime.combine(row["入学日期"], dt.time())
    status, out, err = _run(tmp_path, "r.xlsx", _book(("Sheet1", _roster_sheet(rows))))
    assert status == 0, err
    stored = dict(Student.objects.values_list("number", "birth_date"))
    assert [stored[r["学号"]] for r in rows] == births


def test_R0_2_lowercase_x_and_spaces_around_cells_import_as_clean_values(db, tmp_path):
    from biye.core.models import Finding, Student

    rows = roster_rows(40)
    with_x = [r for r in rows if r["证件号码"].endswith("X")]
    assert with_x  # the synthetic roster has a few check digits X among its first rows
    for r in with_x:
        r["证件号码"] = r["证件号码"].lower()
    for r in rows:
        r["姓名"], r["学院名称"], r["性别"] = f" {r['姓名']} ", f"{r['学院名称']}\u3000", f" {r['性别']}"
    status, _out, err = _run(tmp_path, "r.xlsx", _book(("Sheet1", _roster_sheet(rows))))
    assert status == 0, err
    clean = roster_rows(40)
    assert dict(Student.objects.values_list("number", "id_number")) == {r["学号"]: r["证件号码"] for r in clean}
    assert dict(Student.objects.values_list("number", "name")) == {r["学号"]: r["姓名"] for r in clean}
    assert not Finding.objects.filter(code="id_checksum").exists()


def test_R0_2_trailing_empty_rows_and_rows_of_only_spaces_are_not_rows(db, tmp_path):
    from biye.core.models import Student

    rows = roster_rows(4)
    sheet = [*_roster_sheet(rows), [], ["  ", " ", None], [None, "\u3000"], [""] * 24, []]
    book = openpyxl.load_workbook(io.BytesIO(_book(("Sheet1", sheet))))
    for r in range(10, 300):  # formatting far below the data, as a template carries it
        book.active.cell(r, 3).number_format = "@"
    out = io.BytesIO()
    book.save(out)
    status, printed, err = _run(tmp_path, "r.xlsx", out.getvalue())
    assert status == 0, err
    assert "共 4 行" in printed and Student.objects.count() == 4


# --- text files ------------------------------------------------------------------------------------------------


def _text_rows(rows: list[dict], sep: str) -> str:
    lines = [sep.join(ROSTER_HEADERS)]
    for r in rows:
        lines.append(sep.join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in _cells(r)))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("name", ["名单.txt", "名单.csv"])
def test_R0_2_excel_unicode_text_utf16_tab_separated_imports(db, tmp_path, name):
    from biye.core.models import Student

    rows = roster_rows(3)
    status, out, err = _run(tmp_path, name, _text_rows(rows, "\t").encode("utf-16"))
    assert status == 0, err
    assert Student.objects.count() == 3 and "新增 3 人" in out


def test_R0_2_semicolon_separated_csv_imports(db, tmp_path):
    from biye.core.models import Student

    status, _out, err = _run(tmp_path, "r.csv", _text_rows(roster_rows(3), ";").encode("utf-8-sig"))
    assert status == 0, err
    assert Student.objects.count() == 3


# --- files that are not rosters --------------------------------------------------------------------------------


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("名单/readme.txt", "见附件")
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "says"), [
    ("empty.xlsx", b"", "是空的（0 字节）"),
    ("empty.csv", b"", "是空的（0 字节）"),
    ("photo.xlsx", PNG, "不是有效的 Excel 工作簿"),
    ("roster.xlsx", _zip_without_workbook(), "是一个 zip 压缩包，不是 Excel 工作簿"),
    ("roster.zip", _zip_without_workbook(), "是一个 zip 压缩包，不是 Excel 工作簿"),
    ("broken.xlsx", to_xlsx(roster_rows(3))[:600], "无法读取 Excel 文件“broken.xlsx”：文件已损坏"),
    ("photo.csv", PNG, "既不是 Excel 工作簿，也不是 CSV 文本文件"),
])
def test_R0_2_a_file_that_is_not_a_roster_is_refused_by_name_and_writes_nothing(db, tmp_path, name, data, says):
    before = _counts()
    status, out, err = _run(tmp_path, name, data)
    assert status == 1
    assert says in err and name in err
    assert "Traceback" not in err and "Error(" not in err
    assert out == "" and _counts() == before


# --- the upload page -------------------------------------------------------------------------------------------


def test_R0_2_upload_over_the_size_limit_is_refused_and_nothing_is_kept(people, client, settings, tmp_path):
    settings.BIYE_MAX_UPLOAD_BYTES = 4096
    settings.VAR_DIR = tmp_path
    client.force_login(people.gs)
    data = to_xlsx(roster_rows(50))
    assert len(data) > 4096
    before = _counts()
    response = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("big.xlsx", data)})
    assert response.status_code == 200
    assert "文件太大" in response.content.decode() and "上限为 4.0" in response.content.decode()
    assert "token" not in response.context
    assert _counts() == before
    assert list(tmp_path.rglob("roster-*")) == []  # no copy of the refused file stays on the server


def test_R0_2_unicode_text_upload_is_accepted_on_the_page(people, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(people.gs)
    data = _text_rows(roster_rows(3), "\t").encode("utf-16")
    response = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("名单.txt", data)})
    assert response.status_code == 200
    assert "新增 3 人" in response.content.decode()


def test_R0_2_excel_true_false_in_a_yes_no_column_reads_as_yes_and_no(db, tmp_path):
    from biye.core.models import Student

    rows = roster_rows(2)
    rows[0]["是否已采集图像"], rows[1]["是否已采集图像"] = True, False  # a checkbox column
    status, _out, err = _run(tmp_path, "r.xlsx", _book(("Sheet1", _roster_sheet(rows))))
    assert status == 0, err
    assert dict(Student.objects.values_list("number", "photo_on_file")) == {rows[0]["学号"]: True, rows[1]["学号"]: False}


def test_R0_2_minority_names_typed_with_a_look_alike_middle_dot_are_stored_with_the_standard_one(db, gs):
    from biye.core.models import Student
    from tests.roster.conftest import roster_rows, run_import, to_xlsx

    rows = roster_rows(3)
    rows[0]["姓名"], rows[1]["姓名"], rows[2]["姓名"] = "买买提•艾力", "阿依古丽・吐尔逊", "热依拉．买买提"
    report = run_import(to_xlsx(rows), by=gs)
    assert report.ok, report.errors
    assert sorted(Student.objects.values_list("name", flat=True)) == sorted(["买买提·艾力", "阿依古丽·吐尔逊", "热依拉·买买提"])


def test_R0_2_an_old_excel_xls_roster_imports_after_its_extent_is_measured(db, tmp_path):
    """An .xls (Excel 97-2003) is measured cell by cell before it is read (core/bounds.check_old_workbook), then
    imports like any other file. The file is built by tests/hostile_files.old_workbook, every cell as text."""
    from biye.core.models import Student
    from tests.hostile_files import old_workbook

    rows = roster_rows(3)
    shown = lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)  # noqa: E731
    cells = [(0, c, h) for c, h in enumerate(ROSTER_HEADERS)]
    cells += [(r, c, shown(row.get(h, ""))) for r, row in enumerate(rows, start=1) for c, h in enumerate(ROSTER_HEADERS)
              if row.get(h, "") != ""]
    status, out, err = _run(tmp_path, "2020届学籍.xls", old_workbook(cells))
    assert status == 0, err
    assert sorted(Student.objects.values_list("number", flat=True)) == sorted(r["学号"] for r in rows)
