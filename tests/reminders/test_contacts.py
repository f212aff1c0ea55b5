"""Issue 14 §2: reminders reach a student at the e-mail and phone the roster brought (core Student fields), and
at the account's e-mail when the roster had none."""

from __future__ import annotations

from biye.core.models import Person, Student
from biye.reminders import actions
from biye.reminders.models import Reminder
from tests.reminders.test_rules import BEFORE_FILING_3D, SmsChannel


def test_B4_mail_goes_to_the_roster_email_first_and_to_the_account_email_otherwise(people, smtp):
    Person.objects.filter(pk=people.student_a1.person_id).update(email="account-a1@example.edu.cn")
    Person.objects.filter(pk=people.student_a2.person_id).update(email="account-a2@example.edu.cn")
    Student.objects.filter(pk=people.student_a1.pk).update(email="roster-a1@stu.example.edu.cn")
    actions.run(now=BEFORE_FILING_3D)
    assert sorted(m.to[0] for m in smtp) == ["account-a2@example.edu.cn", "roster-a1@stu.example.edu.cn"]
    mail = Reminder.objects.get(channel="email", person_id=people.student_a1.person_id)
    assert mail.address == "roster-a1@stu.example.edu.cn" and mail.status == "delivered"


def test_B4_an_sms_goes_to_the_roster_phone(people, settings, monkeypatch):
    settings.BIYE_REMINDER_CHANNELS = ["biye.reminders.channels.NoticeChannel", "tests.reminders.test_rules.SmsChannel"]
    monkeypatch.setattr(SmsChannel, "sent", [])  # the test channel's record of what it sent, this test's alone
    Student.objects.filter(pk=people.student_b1.pk).update(phone="13900000001")
    actions.run(now=BEFORE_FILING_3D)
    sms = Reminder.objects.get(channel="sms")
    assert sms.person_id == people.student_b1.person_id and sms.address == "13900000001"
    assert SmsChannel.sent == ["13900000001"]


def test_B4_a_nudge_reaches_the_roster_email(people, smtp):
    Student.objects.filter(pk=people.student_a1.pk).update(email="roster-a1@stu.example.edu.cn")
    reminded, _skipped = actions.nudge(college=people.college_a, task_key="pinyin_filing",
                                       student_ids=[people.student_a1.pk], by=people.handler_a, now=BEFORE_FILING_3D)
    assert reminded == 1
    assert [m.to for m in smtp] == [["roster-a1@stu.example.edu.cn"]]
