"""Issue 14 §2: the optional roster columns 电子邮箱 and 手机号, stored on the student in core for reminders."""

from __future__ import annotations

from biye.core.models import Student
from tests.roster.conftest import ROSTER_HEADERS, roster_rows, run_import, to_xlsx

HEADERS = (*ROSTER_HEADERS, "电子邮箱", "手机号")


def _contacts() -> dict[str, tuple[str, str]]:
    return {number: (email, phone) for number, email, phone in Student.objects.values_list("number", "email", "phone")}


def test_R0_2_email_and_phone_columns_are_stored_on_the_student(gs):
    rows = roster_rows(3)
    rows[0].update({"电子邮箱": "zhang@stu.example.edu.cn", "手机号": "13800000000"})
    rows[1].update({"电子邮箱": "", "手机号": "+86 138-0000-0001"})
    report = run_import(to_xlsx(rows, HEADERS), by=gs)
    assert report.ok and report.created == 3, [str(e) for e in report.errors]
    contacts = _contacts()
    assert contacts[rows[0]["学号"]] == ("zhang@stu.example.edu.cn", "13800000000")
    assert contacts[rows[1]["学号"]] == ("", "+86138-0000-0001")  # spaces dropped, as in every code cell
    assert contacts[rows[2]["学号"]] == ("", "")

    again = run_import(to_xlsx(rows), by=gs)  # a roster without the columns leaves them as they are
    assert again.ok and again.changed == 0 and _contacts() == contacts


def test_R0_2_the_aliases_read_as_the_contact_columns(gs):
    rows = roster_rows(1)
    rows[0].update({"邮箱": "li@stu.example.edu.cn", "手机": "13900000000"})
    assert run_import(to_xlsx(rows, (*ROSTER_HEADERS, "邮箱", "手机")), by=gs).ok
    assert list(_contacts().values()) == [("li@stu.example.edu.cn", "13900000000")]


def test_R0_2_a_bad_email_or_phone_is_refused_with_row_and_column_and_nothing_is_written(gs):
    rows = roster_rows(3)
    rows[0].update({"电子邮箱": "zhang@stu.example.edu.cn", "手机号": "13800000000"})
    rows[1]["电子邮箱"] = "zhang at example"
    rows[2]["手机号"] = "138-0000-000x"
    report = run_import(to_xlsx(rows, HEADERS), by=gs)
    assert not report.ok and Student.objects.count() == 0
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (3, "电子邮箱", "zhang at example"), (4, "手机号", "138-0000-000x")]
    assert "zhangsan@example.edu.cn" in report.errors[0].problem
    assert "7–20 位" in report.errors[1].problem


def test_R0_2_a_phone_too_short_is_refused(gs):
    rows = roster_rows(1)
    rows[0]["手机号"] = "12345"
    report = run_import(to_xlsx(rows, HEADERS), by=gs)
    assert [(e.row, e.column) for e in report.errors] == [(2, "手机号")] and Student.objects.count() == 0
