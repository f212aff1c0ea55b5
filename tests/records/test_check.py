"""R2.7: students check their record — "核对无误" online, or a paper signature the college records — as the
checklist task "record check" of 双证 students."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from biye.core import checklist
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent
from biye.records import actions
from biye.records.models import RecordCheck
from tests.conftest import at, make_student
from tests.records.conftest import PDF


def state(student, now):
    return next(s for s in checklist.for_student(student, now) if s.task.key == "record_check")


def test_R2_7_the_student_confirms_their_record_and_the_checklist_task_is_done(client, people, clock):
    student = people.student_a1
    assert state(student, at(2020, 6, 15, 10)).state == "todo"
    client.force_login(student.person)
    response = client.post("/records/me/", {"op": "confirm"}, follow=True)
    page = response.content.decode()
    assert "已确认学籍信息无误" in page and "您已于 2020-06-15 10:00 确认学籍信息无误" in page
    check = RecordCheck.objects.get(student=student)
    assert (check.method, check.confirmed_by) == ("online", student.person)
    assert state(student, at(2020, 6, 15, 10)).state == "done"
    assert AuditEvent.objects.filter(action="records.confirm", student=student).count() == 1
    home = client.get("/me/").content.decode()
    assert "核对学籍信息" in home and "/records/me/" in home


def test_R2_7_the_task_is_late_after_the_sheet_deadline_and_confirming_is_refused(people, clock):
    student = people.student_a1
    assert state(student, at(2020, 6, 19, 0)).state == "late"
    with pytest.raises(ActionRefused, match="截止"):
        actions.confirm_record(student=student, by=student.person, now=at(2020, 6, 19, 0))
    assert not RecordCheck.objects.exists()


def test_R2_7_an_application_under_review_counts_as_checked_and_blocks_a_confirmation(people, clock, media):
    student = people.student_a1
    actions.apply_for_correction(student=student, by=student.person, changes={"ethnicity": "回族"}, reason="x",
                                 files=[actions.Upload("a.pdf", PDF)])
    assert state(student, at(2020, 6, 15, 10)).state == "done"
    with pytest.raises(ActionRefused, match="正在审核中"):
        actions.confirm_record(student=student, by=student.person)


def test_R2_7_single_certificate_students_are_not_asked(client, people, clock):
    single = make_student(people.campaign, people.college_a, people.discipline, certificate_type="单证",
                          id_number="110101199503070093")
    assert state(single, at(2020, 6, 15, 10)).state == "na"
    client.force_login(single.person)
    assert "无需在此核对" in client.get("/records/me/").content.decode()
    with pytest.raises(ActionRefused, match="单证"):
        actions.confirm_record(student=single, by=single.person)


def test_R2_7_the_college_records_paper_confirmations_for_many_students_at_once(client, people, clock):
    client.force_login(people.handler_a)
    page = client.get("/records/college/07/").content.decode()
    assert page.count('class="unchecked-row"') == 2
    response = client.post("/records/college/07/", {
        "students": [people.student_a1.pk, people.student_a2.pk], "signed_on": "2020-06-14"}, follow=True)
    page = response.content.decode()
    assert "已登记 2 名学生的纸质签字确认" in page and "全部双证研究生都已核对" in page
    checks = RecordCheck.objects.filter(method="paper")
    assert {c.student_id for c in checks} == {people.student_a1.pk, people.student_a2.pk}
    assert all(c.paper_signed_on == dt.date(2020, 6, 14) and c.confirmed_by == people.handler_a for c in checks)
    client.force_login(people.student_a1.person)
    assert "学院已登记您于 2020-06-14 在纸质核对表上签字确认" in client.get("/records/me/").content.decode()


def test_R2_7_paper_confirmations_only_by_the_college_handler_and_not_in_the_future(client, people, clock):
    with pytest.raises(PermissionDenied):
        actions.record_paper_checks(college=people.college_a, students=[people.student_a1], signed_on=dt.date(2020, 6, 14),
                                    by=people.handler_b)
    with pytest.raises(ActionRefused, match="不能晚于今天"):
        actions.record_paper_checks(college=people.college_a, students=[people.student_a1], signed_on=dt.date(2020, 6, 16),
                                    by=people.handler_a)
    client.force_login(people.dean_a)  # the dean sees the list, but records nothing
    assert client.post("/records/college/07/", {"students": [people.student_a1.pk], "signed_on": "2020-06-14"}).status_code == 403
    # A student of another college cannot be slipped into the form.
    client.force_login(people.handler_a)
    page = client.post("/records/college/07/", {"students": [people.student_b1.pk], "signed_on": "2020-06-14"}).content.decode()
    assert "errorlist" in page
    assert not RecordCheck.objects.exists()


def test_R2_7_the_college_list_is_paged_in_bounded_queries(client, people, clock, django_assert_max_num_queries):
    for n in range(60):
        make_student(people.campaign, people.college_a, people.discipline, id_number=f"11010119950307{n:04d}")
    client.force_login(people.handler_a)
    with django_assert_max_num_queries(16):
        response = client.get("/records/college/07/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="unchecked-row"') == 50
    assert "双证研究生 62 人：已确认无误 0 人" in page
    with django_assert_max_num_queries(16):
        response = client.get("/records/college/07/?page=2")
    assert response.content.decode().count('class="unchecked-row"') == 12
