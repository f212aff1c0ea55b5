"""R0.2: a file with any bad row writes nothing; every error names its Excel row and column and what is right."""

from __future__ import annotations

import pytest

from biye.core.errors import ActionRefused
from biye.demo.synthetic import ROSTER_HEADERS
from tests.roster.conftest import roster_rows, run_import, to_csv, to_xlsx


def _rejected(rows, headers=ROSTER_HEADERS, *, people=None):
    """Import; assert nothing was written; return the error messages as a person reads them."""
    from biye.core.models import AuditEvent, Person, Student

    before = (Student.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    report = run_import(to_xlsx(rows, headers=headers))
    assert not report.ok
    assert (Student.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before
    return [str(e) for e in report.errors]


def test_R0_2_missing_column_is_rejected_naming_the_column(people):
    headers = [h for h in ROSTER_HEADERS if h != "民族"]
    messages = _rejected(roster_rows(3), headers)
    assert messages == [messages[0]] and messages[0].startswith("第1行「民族」：缺少必需的列")


def test_R0_2_empty_required_cell_is_rejected_with_row_and_column(people):
    rows = roster_rows(4)
    rows[2]["出生日期"] = ""
    assert _rejected(rows) == ["第4行「出生日期」：不能为空"]


def test_R0_2_student_number_twice_in_the_file_is_rejected(people):
    rows = roster_rows(4)
    rows[3]["学号"] = rows[0]["学号"]
    messages = _rejected(rows)
    assert len(messages) == 1 and messages[0].startswith("第5行「学号」：") and "第2行" in messages[0]


@pytest.mark.parametrize("value", ["2020-13-01", "下周一", "2020/0/5"])
def test_R0_2_unreadable_date_is_rejected_saying_how_to_write_it(people, value):
    rows = roster_rows(2)
    rows[1]["出生日期"] = value
    (message,) = _rejected(rows)
    assert message.startswith("第3行「出生日期」：") and "2020-06-03" in message


def test_R0_2_date_that_cannot_exist_is_rejected(people):
    rows = roster_rows(2)
    rows[0]["入学日期"] = "2017-02-30"
    assert _rejected(rows) == ["第2行「入学日期」：“2017-02-30”不是存在的日期，请核对年、月、日（格式如 2020-06-03）"]


def test_R0_2_value_outside_its_code_table_is_rejected(people):
    rows = roster_rows(5)
    rows[3]["性别"] = "M"
    rows[1]["民族"] = "火星族"
    rows[4]["培养层次"] = "本科"
    messages = _rejected(rows)
    assert "第5行「性别」：应为“男”或“女”，实际为“M”" in messages
    assert any(m.startswith("第3行「民族」：应为 GB 3304") for m in messages)
    assert "第6行「培养层次」：应为“博士”或“硕士”，实际为“本科”" in messages


def test_R0_2_enrollment_after_the_campaign_year_is_rejected(people):
    rows = roster_rows(2)
    rows[1]["入学日期"] = "2021-09-01"
    (message,) = _rejected(rows)
    assert message.startswith("第3行「入学日期」：") and "2020" in message


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","点我")', "张3", "李(四)", "+王五", "@赵六"])
def test_R0_2_bad_name_is_rejected_which_also_stops_formula_injection(people, name):
    rows = roster_rows(2)
    rows[0]["姓名"] = name
    (message,) = _rejected(rows)
    assert message.startswith("第2行「姓名」：姓名只能包含汉字、字母")


def test_R0_2_names_with_middle_dot_and_foreign_letters_are_accepted(people):
    rows = roster_rows(3)
    rows[0]["姓名"], rows[1]["姓名"] = "买买提·艾力", "John Smith"
    assert run_import(to_xlsx(rows)).ok


def test_R0_2_every_bad_row_and_column_is_reported_not_just_the_first(people):
    rows = roster_rows(6)
    rows[0]["性别"] = "X"
    rows[0]["是否留学生"] = "Y"
    rows[4]["学制"] = "三年"
    messages = _rejected(rows)
    assert [m.split("：")[0] for m in messages] == ["第2行「性别」", "第2行「是否留学生」", "第6行「学制」"]


def test_R0_2_errors_in_a_csv_name_row_and_column_too(people):
    from biye.core.models import Student

    rows = roster_rows(3)
    rows[2]["预计毕业"] = "冬季"
    report = run_import(to_csv(rows), "roster.csv")
    assert [str(e) for e in report.errors] == ["第4行「预计毕业」：应为“夏季”或“秋季”，实际为“冬季”"]
    assert Student.objects.count() == 3  # the house fixture's, nothing more


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"", "roster.xlsx", "空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "roster.xlsx", "不是有效的 Excel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "roster.csv", "既不是 Excel"),
        (b"PK\x03\x04 this is no zip at all", "roster.xlsx", "无法读取"),
        (b"\n\n", "roster.csv", "没有任何内容"),
    ],
)
def test_R0_2_empty_unreadable_or_non_workbook_file_is_refused(people, data, filename, words):
    from biye.core.models import Student

    with pytest.raises(ActionRefused) as refused:
        run_import(data, filename)
    assert words in refused.value.message
    assert Student.objects.count() == 3


def test_R0_2_header_only_file_is_rejected(people):
    messages = _rejected([])
    assert messages == ["第2行：文件中只有表头，没有学生数据；学生数据应从表头下一行开始"]
