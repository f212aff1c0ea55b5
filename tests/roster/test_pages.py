"""R0.2 upload page: Graduate School staff see the dry run, confirm, and the import happens; errors are listed
and downloadable as an .xlsx error report."""

from __future__ import annotations

import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.roster.conftest import roster_rows, to_xlsx

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def _upload(client, data: bytes, name: str = "roster.xlsx", **extra):
    return client.post(reverse("roster:upload"), {"file": SimpleUploadedFile(name, data), **extra})


def test_R0_2_graduate_school_sees_the_dry_run_then_confirms_and_the_roster_imports(people, client):
    from biye.core.models import AuditEvent, Student

    client.force_login(people.gs)
    rows = roster_rows(12)
    rows[0]["备注"] = "x"
    response = _upload(client, to_xlsx(rows, headers=[*rows[1].keys(), "备注"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "试导入结果（尚未写入）" in html and "新增 12 人" in html and "备注" in html
    assert Student.objects.count() == 3  # still only the house fixture's
    token = response.context["token"]

    done = client.post(reverse("roster:confirm"), {"token": token, "confirm_new": "yes"})  # new colleges: see below
    assert done.status_code == 200
    assert "导入完成" in done.content.decode()
    assert Student.objects.count() == 15
    event = AuditEvent.objects.get(action="roster.import", actor=people.gs)
    assert Student.objects.filter(origin=event).count() == 12
    # The record says where it came from: who imported which file, when, and the row.
    second = Student.objects.get(number=rows[1]["学号"])
    page = client.get(reverse("student_detail", args=[second.pk])).content.decode()
    assert f"本记录由 {people.gs} 于 {event.at.astimezone(BEIJING):%Y-%m-%d %H:%M:%S}（北京时间）导入学籍名单“roster.xlsx”时创建（名单第 3 行）。" in page
    # the upload is used up: confirming again finds nothing
    assert client.post(reverse("roster:confirm"), {"token": token}).status_code == 404


def test_R0_2_new_colleges_and_disciplines_are_warned_and_need_a_second_confirmation(people, client):
    """New or renamed colleges and disciplines are most often typos: the dry run says so where it cannot be
    missed, and the import waits for a second confirmation (a tick) besides the button."""
    from biye.core.models import College, Student

    client.force_login(people.gs)
    rows = roster_rows(3)
    response = _upload(client, to_xlsx(rows))
    html = response.content.decode()
    warning = html.split('id="new-codes"')[1].split("</div>")[0]
    assert 'role="alert"' in html and "多半是文件里的笔误" in warning
    new_disciplines = {r["专业代码"] for r in rows} - {people.discipline.code}
    assert new_disciplines
    assert all(f"<code>{r['学院代码']}</code>" in warning for r in rows)
    assert all(f"<code>{code}</code>" in warning for code in new_disciplines)
    assert 'name="confirm_new"' in html
    token = response.context["token"]
    again = client.post(reverse("roster:confirm"), {"token": token})  # the button alone is not enough
    assert again.status_code == 200 and "请逐一核对" in again.content.decode() and 'id="new-codes"' in again.content.decode()
    assert Student.objects.count() == 3 and not College.objects.filter(code=rows[0]["学院代码"]).exists()
    done = client.post(reverse("roster:confirm"), {"token": token, "confirm_new": "yes"})
    assert "导入完成" in done.content.decode() and Student.objects.count() == 6


def test_R0_2_a_roster_with_only_known_colleges_needs_no_second_confirmation(people, client):
    from biye.core.models import Student

    client.force_login(people.gs)
    rows = roster_rows(2)
    first = _upload(client, to_xlsx(rows))
    client.post(reverse("roster:confirm"), {"token": first.context["token"], "confirm_new": "yes"})
    more = roster_rows(4)[2:]
    for row in more:
        row["学院代码"], row["学院名称"] = rows[0]["学院代码"], rows[0]["学院名称"]
        row["专业代码"], row["专业名称"] = rows[0]["专业代码"], rows[0]["专业名称"]
    response = _upload(client, to_xlsx(more))
    assert 'id="new-codes"' not in response.content.decode() and 'name="confirm_new"' not in response.content.decode()
    client.post(reverse("roster:confirm"), {"token": response.context["token"]})
    assert Student.objects.count() == 3 + 4


def test_R0_2_forms_carry_a_csrf_token_and_the_page_documents_required_columns(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.gs)
    html = client.get(reverse("roster:upload")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert "导师工号" in html and "除以下列外，每个单元格都必须填写" in html
    refused = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("r.xlsx", to_xlsx(roster_rows(2)))})
    assert refused.status_code == 403  # no token, no upload


def test_R0_2_confirm_form_carries_a_csrf_token(people, client):
    client.force_login(people.gs)
    html = _upload(client, to_xlsx(roster_rows(2))).content.decode()
    confirm_form = html.split(reverse("roster:confirm"), 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in confirm_form


@pytest.mark.parametrize("who", ["handler_a", "dean_a", "advisor", "vendor", "archives", "student_a1"])
def test_R0_2_only_graduate_school_staff_may_upload(people, client, who):
    from biye.core.models import Student

    person = getattr(people, who)
    client.force_login(person.person if who.startswith("student") else person)
    assert client.get(reverse("roster:upload")).status_code == 403
    assert _upload(client, to_xlsx(roster_rows(2))).status_code == 403
    assert client.post(reverse("roster:confirm"), {"token": "x" * 32}).status_code == 403
    assert client.get(reverse("roster:error_report", args=["x" * 32])).status_code == 403
    assert Student.objects.count() == 3


def test_R0_2_errors_are_listed_on_the_page_and_download_as_an_xlsx_report(people, client):
    from biye.core.models import Student

    client.force_login(people.gs)
    rows = roster_rows(4)
    rows[1]["性别"] = "M"
    rows[3]["姓名"] = "=HYPERLINK(\"http://x\")"
    response = _upload(client, to_xlsx(rows))
    html = response.content.decode()
    assert "文件有错误，未导入任何数据" in html
    assert "第3行「性别」：应为“男”或“女”，实际为“M”" in html
    assert "确认导入" not in html
    report = client.get(reverse("roster:error_report", args=[response.context["token"]]))
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content))).get_sheet_by_index(0)
    table = sheet.to_python()
    assert table[0] == ["行号", "列", "值", "问题"]
    assert table[1][:3] == [3.0, "性别", "M"]
    assert table[2][1:3] == ["姓名", '=HYPERLINK("http://x")']  # the value comes back as text, not a formula
    assert Student.objects.count() == 3


def test_R0_2_another_persons_upload_cannot_be_confirmed_or_downloaded(people, client):
    from biye.core.models import Role
    from tests.conftest import make_person

    client.force_login(people.gs)
    rows = roster_rows(2)
    rows[0]["性别"] = "M"
    token = _upload(client, to_xlsx(rows)).context["token"]
    other = Client()
    other.force_login(make_person("gs-2", (Role.GRADUATE_SCHOOL, None)))
    assert other.get(reverse("roster:error_report", args=[token])).status_code == 404
    assert other.post(reverse("roster:confirm"), {"token": token}).status_code == 404
    # The same person in another browser (or on another server process) finds it: the store is on disk.
    same = Client()
    same.force_login(people.gs)
    assert same.get(reverse("roster:error_report", args=[token])).status_code == 200


def test_R0_2_unreadable_upload_is_refused_next_to_the_field(people, client):
    client.force_login(people.gs)
    response = _upload(client, b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.xlsx")
    assert response.status_code == 200
    assert "不是有效的 Excel 工作簿" in response.content.decode()
    wrong_type = _upload(client, b"hello", "roster.pdf")
    assert "只接受 .xlsx、.xls、.csv、.txt 或 .dbf" in wrong_type.content.decode()


def test_R0_2_dry_run_page_query_count_holds_as_the_roster_grows(people, client, django_assert_max_num_queries):
    client.force_login(people.gs)
    small, large = to_xlsx(roster_rows(20)), to_xlsx(roster_rows(400))
    with django_assert_max_num_queries(25):
        first = _upload(client, small)
    assert first.status_code == 200 and first.context["report"].rows == 20
    with django_assert_max_num_queries(25):
        second = _upload(client, large)
    assert second.status_code == 200 and second.context["report"].rows == 400
    assert "共 400 行" in second.content.decode()


def test_R0_2_the_blank_template_has_the_import_headers_and_imports_once_filled(people, client):
    """The office starts from the template: its headers are exactly what the import reads."""
    import io

    import openpyxl
    from python_calamine import CalamineWorkbook

    from biye.roster.columns import COLUMNS
    from tests.roster.conftest import roster_rows, run_import

    client.force_login(people.gs)
    resp = client.get(reverse("roster:template"))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(resp.streaming_content) if resp.streaming else resp.content
    header = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[0]
    assert header == [c.header for c in COLUMNS]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    for r, row in enumerate(roster_rows(2), start=2):  # fill it in the way an office would, then import it
        for c, column in enumerate(COLUMNS, start=1):
            sheet.cell(row=r, column=c, value=row.get(column.header))  # the optional conversion columns stay empty
    filled = io.BytesIO()
    workbook.save(filled)
    assert run_import(filled.getvalue(), by=people.gs).ok
    client.force_login(people.handler_a)
    assert client.get(reverse("roster:template")).status_code == 403
