"""B4 pages: the record (Graduate School; a college for its students), the outbox, the lead times, the notices
on a home page, and a college's 催办."""

from __future__ import annotations

from django.urls import reverse

from biye.core.models import AuditEvent, Person
from biye.names.models import NameRecord
from biye.reminders import actions
from biye.reminders.models import LeadTimes, Reminder
from tests.conftest import at, make_student

BEFORE_FILING_3D = at(2020, 6, 10, 9)


def test_B4_the_graduate_school_sees_every_reminder(client, people, django_assert_max_num_queries):
    actions.run(now=BEFORE_FILING_3D)
    client.force_login(people.gs)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("reminders:log"))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert all(s.name in body for s in (people.student_a1, people.student_a2, people.student_b1))
    assert body.count("<tr>") - 1 == Reminder.objects.count() == 5
    assert body.count("截止前 3 天") == 5 and body.count("status-delivered") == 5


def test_B4_a_college_sees_the_reminders_of_its_own_students_only(client, people):
    actions.run(now=BEFORE_FILING_3D)
    client.force_login(people.handler_a)
    body = client.get(reverse("reminders:log")).content.decode()
    assert people.student_a1.name in body and people.student_a2.name in body
    assert people.student_b1.name not in body and "经办人乙" not in body


def test_B4_students_do_not_see_the_record(client, people):
    client.force_login(people.student_a1.person)
    assert client.get(reverse("reminders:log")).status_code == 403
    assert client.get(reverse("reminders:outbox")).status_code == 403


def test_B4_the_record_filters_by_status_and_person(client, people):
    actions.run(now=BEFORE_FILING_3D)
    Reminder.objects.filter(person=people.student_a2.person).update(status="failed", error="测试失败原因")
    client.force_login(people.gs)
    body = client.get(reverse("reminders:log"), {"status": "failed"}).content.decode()
    assert people.student_a2.name in body and "测试失败原因" in body and people.student_a1.name not in body
    body = client.get(reverse("reminders:log"), {"q": people.student_b1.number}).content.decode()
    assert people.student_b1.name in body and people.student_a1.name not in body


def test_B4_the_outbox_shows_what_each_person_was_sent(client, people, settings, django_assert_max_num_queries):
    settings.BIYE_MAIL_OUTBOX_ONLY = True
    Person.objects.filter(pk=people.student_a1.person_id).update(email="a1@example.edu.cn")
    actions.run(now=BEFORE_FILING_3D)
    client.force_login(people.gs)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("reminders:outbox"))
    body = resp.content.decode()
    assert resp.status_code == 200 and 'id="outbox-only"' in body
    assert body.count('class="card mail"') == 1 and "a1@example.edu.cn" in body and "曾国藩同学" in body


def test_B4_the_student_finds_the_reminder_on_their_home_page(client, people, clock):
    actions.run(now=BEFORE_FILING_3D)
    client.force_login(people.student_a1.person)
    body = client.get(reverse("student_home")).content.decode()
    assert 'id="reminder-notices"' in body and "请在 2020-06-12 24:00 前完成" in body
    clock(2020, 7, 10, 9)  # a month later the notice has gone
    client.force_login(people.student_a1.person)
    assert 'id="reminder-notices"' not in client.get(reverse("student_home")).content.decode()


def test_B4_the_handler_finds_the_count_on_the_college_page(client, people, clock):
    actions.run(now=BEFORE_FILING_3D)
    client.force_login(people.handler_a)
    body = client.get(reverse("college_home", args=["07"])).content.decode()
    assert 'id="reminder-notices"' in body and "还有 2 名学生未完成" in body
    assert reverse("reminders:todo", args=["07", "pinyin_filing"]) in body


def test_B4_the_graduate_school_sets_lead_times_on_a_page_linked_from_the_calendar(client, people):
    client.force_login(people.gs)
    assert reverse("reminders:lead_times") in client.get(reverse("calendar")).content.decode()
    page = client.get(reverse("reminders:lead_times")).content.decode()
    assert 'id="days-pinyin_filing"' in page and 'value="3,1"' in page
    filing = people.campaign.deadlines.get(kind="pinyin_filing")
    resp = client.post(reverse("reminders:lead_times"), {"deadline": filing.pk, "days": "7，2"}, follow=True)
    assert "提醒时间已保存" in resp.content.decode() and LeadTimes.objects.get(deadline=filing).days == [7, 2]
    assert AuditEvent.objects.filter(action="reminders.set_leads").count() == 1
    bad = client.post(reverse("reminders:lead_times"), {"deadline": filing.pk, "days": "三天"})
    assert bad.status_code == 200 and "请填写整数天数" in bad.content.decode()
    assert LeadTimes.objects.get(deadline=filing).days == [7, 2]


def test_B4_handlers_cannot_set_lead_times(client, people):
    client.force_login(people.handler_a)
    filing = people.campaign.deadlines.get(kind="pinyin_filing")
    assert client.post(reverse("reminders:lead_times"), {"deadline": filing.pk, "days": "9"}).status_code == 403
    assert not LeadTimes.objects.exists()


def test_B4_the_todo_list_shows_the_college_students_not_done(client, people, clock, django_assert_max_num_queries):
    NameRecord.objects.create(student=people.student_a2, spelling="OUYANG XIU")
    for i in range(5):
        make_student(people.campaign, people.college_a, people.discipline, name=f"待办{i}", id_number=f"1101011995030700{i:02d}")
    client.force_login(people.handler_a)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("reminders:todo", args=["07", "pinyin_filing"]))
    body = resp.content.decode()
    assert resp.status_code == 200 and people.student_a1.name in body and "待办4" in body
    assert people.student_a2.name not in body and people.student_b1.name not in body
    assert body.count('name="students"') == 6


def test_B4_nudge_reminds_the_chosen_students_now_once_a_day_and_is_audited(client, people, clock, smtp):
    Person.objects.filter(pk=people.student_a1.person_id).update(email="a1@example.edu.cn")
    client.force_login(people.handler_a)
    url = reverse("reminders:todo", args=["07", "pinyin_filing"])
    resp = client.post(url, {"students": [people.student_a1.pk]}, follow=True)
    assert "已催办 1 名学生" in resp.content.decode()
    nudges = Reminder.objects.filter(lead="nudge:2020-06-10")
    assert set(nudges.values_list("channel", flat=True)) == {"notice", "email"}
    assert {n.sent_by_id for n in nudges} == {people.handler_a.pk} and nudges.first().student == people.student_a1
    assert len(smtp) == 1 and "计算机学院提醒您" in smtp[0].body and "经办人甲" in smtp[0].body
    event = AuditEvent.objects.get(action="reminders.nudge")
    assert event.student == people.student_a1 and event.actor == people.handler_a
    # Again the same day: nothing more is sent; the next day it may be.
    again = client.post(url, {"students": [people.student_a1.pk]}, follow=True).content.decode()
    assert "已催办 0 名学生" in again and "今天已催办过" in again and len(smtp) == 1
    clock(2020, 6, 11, 9)
    client.force_login(people.handler_a)  # a day later the 12-hour session has ended
    client.post(url, {"students": [people.student_a1.pk]})
    assert len(smtp) == 2 and Reminder.objects.filter(lead="nudge:2020-06-11").count() == 2


def test_B4_nudge_cannot_reach_another_college_or_a_closed_task(client, people, clock):
    client.force_login(people.handler_a)
    assert client.post(reverse("reminders:todo", args=["03", "pinyin_filing"]),
                       {"students": [people.student_b1.pk]}).status_code == 404
    # A student of college B smuggled into college A's list is not on the page, so not reminded.
    resp = client.post(reverse("reminders:todo", args=["07", "pinyin_filing"]), {"students": [people.student_b1.pk]},
                       follow=True)
    assert "不在当前页的名单中" in resp.content.decode() and not Reminder.objects.exists()
    clock(2020, 6, 13, 9)
    client.force_login(people.handler_a)
    resp = client.post(reverse("reminders:todo", args=["07", "pinyin_filing"]), {"students": [people.student_a1.pk]},
                       follow=True)
    assert "已截止，不能再催办" in resp.content.decode() and not Reminder.objects.exists()


def test_B4_the_dean_sees_the_list_but_only_a_handler_nudges(client, people, clock):
    client.force_login(people.dean_a)
    url = reverse("reminders:todo", args=["07", "pinyin_filing"])
    body = client.get(url).content.decode()
    assert people.student_a1.name in body and 'id="nudge-submit"' not in body
    assert client.post(url, {"students": [people.student_a1.pk]}).status_code == 403
    assert not Reminder.objects.exists()


def test_B4_an_unknown_or_unbuilt_task_has_no_todo_list(client, people):
    client.force_login(people.handler_a)
    assert client.get(reverse("reminders:todo", args=["07", "conclusion"])).status_code == 404
    assert client.get(reverse("reminders:todo", args=["07", "nonsense"])).status_code == 404
