"""R2.5, R2.6: the college's list, fill-in of blank spellings, and the student's or paper confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent
from biye.names import actions
from biye.names.models import NameRecord
from tests.conftest import at, make_student, page_rows


def college_url(people, college=None):
    return reverse("names:college", args=[(college or people.college_a).code])


def student_url(student):
    return reverse("names:student", args=[student.pk])


def file(student, spelling, when=at(2020, 6, 10)):
    return actions.file_pinyin(student=student, by=student.person, spelling=spelling, version=None, now=when)


def test_R2_6_college_fills_a_blank_spelling_after_the_deadline_then_the_student_confirms(client, people, clock):
    clock(2020, 6, 15, 10)
    client.force_login(people.handler_a)
    page = client.get(student_url(people.student_a2)).content.decode()
    assert "空（未填报）" in page
    assert 'value="Ouyang Xiu"' in page  # the proposal, pre-filled

    response = client.post(student_url(people.student_a2),
                           {"op": "fill", "spelling": "Ouyang Xiu", "reason": "", "version": "0"}, follow=True)
    assert "姓名拼音已保存，请组织该学生确认" in response.content.decode()
    record = NameRecord.objects.get(student=people.student_a2)
    assert (record.spelling, record.source, record.filed_by, record.confirmed_at) == (
        "Ouyang Xiu", "college", people.handler_a, None)

    client.force_login(people.student_a2.person)
    page = client.get("/names/me/").content.decode()
    assert "英文版毕业证书上的英文姓名将印为 <strong>Ouyang Xiu</strong>" in page
    response = client.post("/names/me/", {"op": "confirm", "version": str(record.version)}, follow=True)
    assert "已确认证书英文姓名" in response.content.decode()
    record.refresh_from_db()
    assert record.method == "online" and record.confirmed_by == people.student_a2.person
    assert record.confirmed_at == at(2020, 6, 15, 10)
    assert list(AuditEvent.objects.filter(student=people.student_a2).values_list("action", flat=True)) == [
        "names.confirm", "names.fill"]


def test_R2_6_college_cannot_fill_in_before_the_filing_deadline(people):
    with pytest.raises(ActionRefused, match="截止后学院才能补全"):
        actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Ouyang Xiu", version=0,
                            now=at(2020, 6, 12, 23, 59, 59))
    assert not NameRecord.objects.exists()


def test_R2_6_fill_all_blanks_with_the_proposal(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    single = make_student(people.campaign, people.college_a, people.discipline, name="李娜", certificate_type="单证")
    clock(2020, 6, 14, 9)
    client.force_login(people.handler_a)
    page = client.get(college_url(people)).content.decode()
    assert 'id="fill-blanks-ask"' in page and "按建议补全" in page
    asked = client.post(college_url(people), {"op": "fill_ask"}).content.decode()  # asks first, says how many
    assert "将为 1 名未填报的学生填入系统建议的拼音" in asked and 'id="fill-blanks"' in asked
    assert not NameRecord.objects.filter(student=people.student_a2).exists()
    response = client.post(college_url(people), {"op": "fill"}, follow=True)
    assert "已按建议补全 1 名学生的姓名拼音" in response.content.decode()

    assert NameRecord.objects.get(student=people.student_a2).spelling == "Ouyang Xiu"
    assert NameRecord.objects.get(student=people.student_a1).source == "student"  # a filing is never overwritten
    assert not NameRecord.objects.filter(student__in=[people.student_b1, single]).exists()  # other college; 单证
    event = AuditEvent.objects.get(action="names.fill")
    assert event.student == people.student_a2 and event.after["spelling"] == "Ouyang Xiu" and event.before is None


def test_R2_5_the_college_records_a_paper_signature_with_its_date_and_recorder(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    clock(2020, 6, 16, 14)
    client.force_login(people.handler_a)
    version = NameRecord.objects.get(student=people.student_a1).version
    response = client.post(student_url(people.student_a1),
                           {"op": "paper", "signed_on": "2020-06-15", "version": str(version)}, follow=True)
    html = response.content.decode()
    assert "已登记纸质签字确认" in html
    assert "纸质签字确认" in html and "2020-06-15" in html and "经办人甲" in html
    record = NameRecord.objects.get(student=people.student_a1)
    assert (record.method, record.paper_signed_on, record.confirmed_by) == (
        "paper", dt.date(2020, 6, 15), people.handler_a)
    event = AuditEvent.objects.get(action="names.confirm_paper")
    assert event.before["method"] == "" and event.after["paper_signed_on"] == "2020-06-15"


def test_R2_5_a_paper_signature_dated_in_the_future_is_refused(people):
    file(people.student_a1, "Zeng Guofan")
    with pytest.raises(ActionRefused, match="签字日期不能晚于今天"):
        actions.record_paper_confirmation(student=people.student_a1, by=people.handler_a,
                                          signed_on=dt.date(2020, 6, 17), version=None, now=at(2020, 6, 16))
    assert NameRecord.objects.get(student=people.student_a1).confirmed_at is None


@pytest.mark.parametrize(("moment", "open_"), [
    (at(2020, 6, 18, 23, 59, 59), True),
    (at(2020, 6, 19, 0, 0, 0), False),
])
def test_R2_5_confirmation_and_fill_in_close_with_the_verification_deadline(people, moment, open_):
    file(people.student_a1, "Zeng Guofan")
    if open_:
        actions.confirm_pinyin(student=people.student_a1, by=people.student_a1.person, version=None, now=moment)
        actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Ouyang Xiu", version=0, now=moment)
        assert NameRecord.objects.filter(confirmed_at__isnull=False).count() == 1
        assert NameRecord.objects.filter(spelling="Ouyang Xiu").exists()
    else:
        with pytest.raises(ActionRefused, match="已于 2020-06-18 24:00 截止"):
            actions.confirm_pinyin(student=people.student_a1, by=people.student_a1.person, version=None, now=moment)
        with pytest.raises(ActionRefused, match="已于 2020-06-18 24:00 截止"):
            actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Ouyang Xiu", version=0,
                                now=moment)
        assert not NameRecord.objects.filter(confirmed_at__isnull=False).exists()
        assert not NameRecord.objects.filter(student=people.student_a2).exists()


def test_R2_5_a_spelling_changed_after_confirmation_needs_a_new_confirmation(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    actions.confirm_pinyin(student=people.student_a1, by=people.student_a1.person, version=None, now=at(2020, 6, 14))
    actions.fill_pinyin(student=people.student_a1, by=people.handler_a, spelling="Ceng Guofan", version=None,
                        now=at(2020, 6, 15))
    record = NameRecord.objects.get(student=people.student_a1)
    assert record.confirmed_at is None and record.method == "" and record.changed_after_confirmation

    clock(2020, 6, 15, 12)
    client.force_login(people.handler_a)
    listing = client.get(college_url(people), {"status": "changed"}).content.decode()
    assert "Ceng Guofan" in listing and "确认后被修改" in listing and people.student_a2.number not in listing

    client.force_login(people.student_a1.person)
    page = client.get("/names/me/").content.decode()
    assert "确认后被修改，须重新确认" in page and 'id="pinyin-confirm"' in page
    client.post("/names/me/", {"op": "confirm", "version": str(record.version)})
    record.refresh_from_db()
    assert record.confirmed_at is not None and not record.changed_after_confirmation


def test_R2_5_confirming_a_spelling_the_college_changed_meanwhile_is_refused(client, people, clock):
    clock(2020, 6, 14, 9)
    actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Ouyang Xiu", version=0)
    client.force_login(people.student_a2.person)
    seen = NameRecord.objects.get(student=people.student_a2).version  # the page the student has open
    actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Ou Yangxiu", version=seen,
                        reason="学生要求")
    response = client.post("/names/me/", {"op": "confirm", "version": str(seen)}, follow=True)
    assert "已被修改（当前为“Ou Yangxiu”）" in response.content.decode()
    assert NameRecord.objects.get(student=people.student_a2).confirmed_at is None


def test_R2_5_a_handler_of_college_b_gets_404_for_a_student_or_list_of_college_a(client, people, clock):
    client.force_login(people.handler_b)
    assert client.get(student_url(people.student_a1)).status_code == 404
    assert client.post(student_url(people.student_a1),
                       {"op": "fill", "spelling": "X", "reason": "", "version": "0"}).status_code == 404
    assert client.get(college_url(people)).status_code == 404
    assert client.post(college_url(people)).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.fill_pinyin(student=people.student_a1, by=people.handler_b, spelling="Zeng Guofan", version=0,
                            now=at(2020, 6, 15))
    assert not NameRecord.objects.exists()


def test_R2_5_the_dean_sees_the_list_but_does_not_fill_in(client, people, clock):
    clock(2020, 6, 15, 9)
    client.force_login(people.dean_a)
    page = client.get(college_url(people)).content.decode()
    assert people.student_a1.number in page and 'id="fill-blanks' not in page
    assert 'id="pinyin-form"' not in client.get(student_url(people.student_a1)).content.decode()
    with pytest.raises(PermissionDenied):
        actions.fill_blanks_with_proposal(campaign=people.campaign, college=people.college_a, by=people.dean_a, now=at(2020, 6, 15))
    assert not NameRecord.objects.exists()


def test_R2_5_the_list_filters_by_state_and_searches_by_number_or_name(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    client.force_login(people.handler_a)
    url = college_url(people)
    not_filed = client.get(url, {"status": "not_filed"}).content.decode()
    assert people.student_a2.number in not_filed and people.student_a1.number not in not_filed
    filed = client.get(url, {"status": "filed"}).content.decode()
    assert people.student_a1.number in filed and people.student_a2.number not in filed
    by_name = client.get(url, {"q": "欧阳"}).content.decode()
    assert people.student_a2.number in by_name and people.student_a1.number not in by_name
    by_number = client.get(url, {"q": people.student_a1.number}).content.decode()
    assert people.student_a1.number in by_number and people.student_a2.number not in by_number
    assert people.student_b1.number not in client.get(url).content.decode()
    counts = client.get(url).content.decode()
    assert "未填报 1</a>" in counts and "已填报 1</a>" in counts


def test_R2_5_the_college_list_stays_within_a_fixed_number_of_queries(client, people, clock, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            s = make_student(people.campaign, people.college_a, people.discipline, name="上官婉儿", login=(i % 2 == 0))
            if s.person:
                file(s, "Shangguan Wan'er")

    client.force_login(people.handler_a)
    url = college_url(people)
    add(3)
    with django_assert_max_num_queries(12) as small:
        first = client.get(url)
    assert len(page_rows(first)) == 5  # student_a1, student_a2 and three added
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.context["page"].paginator.count == 35 and len(page_rows(page)) > 5
    assert page.content.decode().count("Shangguan Wan&#x27;er") >= 15
