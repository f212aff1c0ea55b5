"""R1.4–R1.6: what the student sees, and the registration block on the checklist, the college's list and the
Graduate School's counts."""

from __future__ import annotations

import datetime as dt

from biye.core import checklist
from biye.core.models import Student
from biye.photos import actions
from biye.photos.queries import REGISTRATION_BLOCKED, registration_blocked
from tests.conftest import at
from tests.photos.conftest import login


def test_R1_4_student_on_list_a_must_collect_and_sees_window_fee_and_vendor(people, lists, client, window_now):
    people.campaign.photo_fee = "25.00"
    people.campaign.vendor_phone = "010-12345678"
    people.campaign.save()
    login(client, lists.a1.person)
    html = client.get("/photos/me/").content.decode()
    assert "本次必须参加图像采集" in html
    assert "25 元/人" in html and "010-12345678" in html and "易拍数码影像中心" in html
    assert "正在进行" in html
    # R1.6: blocked while no photo is on file, and why it matters
    assert "无法完成学历电子注册" in html and "派遣、就业和落户" in html


def test_R1_2_student_on_list_b_may_collect_and_is_not_blocked(people, client, window_now):
    login(client, people.student_a1.person)
    html = client.get("/photos/me/").content.decode()
    assert "可自愿参加采集" in html and "入学时已采集" in html
    assert "无法完成学历电子注册" not in html


def test_R1_3_student_on_neither_list_is_told_to_contact_the_college(people, lists, client, window_now):
    login(client, lists.late.person)
    html = client.get("/photos/me/").content.decode()
    assert "请尽早联系学院" in html and "无法完成学历电子注册" in html
    actions.request_inclusion(student=lists.late, by=people.handler_a, reason="未采集")
    assert "待研究生院审核" in client.get("/photos/me/").content.decode()


def test_R1_5_after_the_window_the_student_sees_the_studio_and_the_makeup_date(people, lists, client, clock):
    clock(2020, 6, 15, 10)  # online closed 06-12 24:00; the make-up runs until 06-20 24:00
    login(client, lists.a1.person)
    html = client.get("/photos/me/").content.decode()
    assert "线上采集系统不再开放" in html and people.campaign.vendor_address in html
    assert "2020-06-20 24:00" in html and "最晚补采集时间已过" not in html


def test_R1_5_after_the_makeup_deadline_the_student_is_told_nothing_more_is_taken(people, lists, client, clock):
    clock(2020, 6, 21, 0, 0, 0)
    login(client, lists.a1.person)
    html = client.get("/photos/me/").content.decode()
    assert "最晚补采集时间已过" in html


def test_R1_6_checklist_shows_the_block_until_a_photo_is_on_file(people, lists, client):
    login(client, lists.a1.person)
    html = client.get("/me/").content.decode()
    assert "未采集图像：无法学历电子注册" in html and 'href="/photos/me/"' in html
    item = next(i for i in checklist.for_student(lists.a1) if i.task.key == "photo")
    assert (item.task.built, item.blocked) == (True, True)

    actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 15),
                               now=at(2020, 6, 15))
    item = next(i for i in checklist.for_student(Student.objects.get(pk=lists.a1.pk)) if i.task.key == "photo")
    assert (item.state, item.blocked) == ("done", False)
    assert "无法学历电子注册" not in client.get("/me/").content.decode()


def test_R1_6_graduate_school_counts_and_college_list_show_who_cannot_be_registered(people, lists, client):
    counts = checklist.by_college(Student.objects.all(), people.campaign)
    assert counts[people.college_a.pk]["photo"].blocked == 3  # a1, a2 and the later enrollee
    assert counts[people.college_b.pk]["photo"].blocked == 1
    login(client, people.gs)
    row = client.get("/gs/").content.decode().split('id="college-07"')[1].split("</tr>")[0]
    assert "无法注册 3" in row and "seg-blocked" in row
    login(client, people.handler_a)
    assert "未采集·无法注册" in client.get("/college/07/").content.decode()


def test_R1_6_registration_blocked_helper_for_later_exports(people, lists):
    blocked = set(registration_blocked(Student.objects.all()).values_list("pk", flat=True))
    assert blocked == {lists.a1.pk, lists.a2.pk, lists.b1.pk, lists.late.pk}
    assert set(Student.objects.filter(REGISTRATION_BLOCKED).values_list("pk", flat=True)) == blocked


def test_R1_4_student_page_is_for_students_only(people, client):
    login(client, people.handler_a)
    assert client.get("/photos/me/").status_code == 403
