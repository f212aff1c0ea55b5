"""R2.5: the college records paper confirmations for many students at once (tick, one date), each audited on its
own; all or nothing when one cannot be recorded. The pinyin list sorts, exports and prints what it shows."""

from __future__ import annotations

from biye.core.models import AuditEvent
from biye.names.models import NameRecord
from tests.conftest import make_student, page_rows
from tests.names.test_college import college_url, file
from tests.photos.conftest import read_back


def _tick(student) -> str:
    return f"{student.pk}:{NameRecord.objects.get(student=student).version}"


def test_R2_5_handler_records_paper_confirmations_for_ticked_students_with_one_date(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    file(people.student_a2, "Ouyang Xiu")
    clock(2020, 6, 16, 14)
    client.force_login(people.handler_a)
    page = client.get(college_url(people)).content.decode()
    assert 'id="bulk-paper"' in page and f'id="tick-{people.student_a1.number}"' in page
    response = client.post(college_url(people), {
        "op": "paper_bulk", "signed_on": "2020-06-15",
        "students": [_tick(people.student_a1), _tick(people.student_a2)]}, follow=True)
    assert "已登记 2 名学生的纸质签字确认（签字日期 2020-06-15）" in response.content.decode()
    for s in (people.student_a1, people.student_a2):
        record = NameRecord.objects.get(student=s)
        assert (record.method, str(record.paper_signed_on), record.confirmed_by) == (
            "paper", "2020-06-15", people.handler_a)
    assert set(AuditEvent.objects.filter(action="names.confirm_paper").values_list("student_id", flat=True)) == {
        people.student_a1.pk, people.student_a2.pk}


def test_R2_5_bulk_confirmation_records_nothing_when_one_student_cannot_be_confirmed(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    file(people.student_a2, "Ouyang Xiu")
    stale = _tick(people.student_a2)
    clock(2020, 6, 16, 14)
    NameRecord.objects.filter(student=people.student_a2).update(version=99)  # changed by someone since
    client.force_login(people.handler_a)
    response = client.post(college_url(people), {
        "op": "paper_bulk", "signed_on": "2020-06-15", "students": [_tick(people.student_a1), stale]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "本次未登记任何学生" in html and people.student_a2.number in html
    assert not NameRecord.objects.filter(confirmed_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="names.confirm_paper").exists()


def test_R2_5_bulk_confirmation_without_a_tick_or_with_a_future_date_says_what_to_fix(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    clock(2020, 6, 16, 14)
    client.force_login(people.handler_a)
    html = client.post(college_url(people), {"op": "paper_bulk", "signed_on": "2020-06-15"}).content.decode()
    assert "请先勾选已签字的学生" in html
    html = client.post(college_url(people), {"op": "paper_bulk", "signed_on": "2020-06-30",
                                             "students": [_tick(people.student_a1)]}).content.decode()
    assert "签字日期不能晚于今天" in html
    assert not NameRecord.objects.filter(confirmed_at__isnull=False).exists()


def test_R2_5_the_dean_cannot_tick(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    clock(2020, 6, 16, 14)
    client.force_login(people.dean_a)
    assert 'id="bulk-paper"' not in client.get(college_url(people)).content.decode()
    client.post(college_url(people), {"op": "paper_bulk", "signed_on": "2020-06-15",
                                      "students": [_tick(people.student_a1)]})
    assert not NameRecord.objects.filter(confirmed_at__isnull=False).exists()


def test_R2_5_pinyin_list_sorts_by_its_columns_and_exports_the_active_filter(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    file(people.student_a2, "Ouyang Xiu")
    client.force_login(people.handler_a)
    rows = page_rows(client.get(college_url(people), {"sort": "-pinyin"}))
    assert [s.number for s in rows] == [people.student_a1.number, people.student_a2.number]  # Zeng > Ouyang
    rows = page_rows(client.get(college_url(people), {"sort": "pinyin"}))
    assert [s.number for s in rows] == [people.student_a2.number, people.student_a1.number]
    assert page_rows(client.get(college_url(people), {"sort": "password"}))  # not a column: the default order

    page = client.get(college_url(people), {"status": "filed", "q": "曾"}).content.decode()
    assert "当前筛选" in page and "状态：已填报" in page and "搜索：曾" in page
    sheet = read_back(client.get(college_url(people), {"status": "filed", "q": "曾", "format": "xlsx"}).content)
    assert sheet[0][:5] == ["学号", "姓名", "学院", "姓名拼音（全拼）", "状态"]
    assert [r[:5] for r in sheet[1:]] == [[people.student_a1.number, "曾国藩", "计算机学院", "Zeng Guofan", "已填报，未确认"]]


def test_R2_5_print_view_has_every_row_the_college_the_date_and_signature_lines(client, people, clock):
    for i in range(60):  # more than one page
        make_student(people.campaign, people.college_a, people.discipline, name="李娜", login=False,
                     number=f"31209{i:05d}")
    client.force_login(people.handler_a)
    html = client.get(college_url(people), {"format": "print"}).content.decode()
    assert 'class="main-nav"' not in html  # no navigation
    assert html.count("<tr>") == 1 + 62  # header and every row
    assert "计算机学院" in html and "打印时间：2020-06-10" in html
    assert "经办人签字" in html and "主管院长签字" in html and "公章" in html


def test_R2_8_risks_export_is_the_graduate_schools_risk_list(client, people):
    file(people.student_b1, "Shan Tianfang")
    client.force_login(people.gs)
    sheet = read_back(client.get("/names/risks/", {"format": "xlsx"}).content)
    assert {r[0] for r in sheet[1:]} == {people.student_a1.number, people.student_a2.number, people.student_b1.number}
    assert "状态：有风险" in client.get("/names/risks/").content.decode()
    client.force_login(people.handler_a)
    assert client.get("/names/risks/", {"format": "xlsx"}).status_code == 403
