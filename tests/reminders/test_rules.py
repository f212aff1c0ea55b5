"""B4: who is reminded of what before each deadline, and who is not (done, not concerned, already reminded)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from biye.core.models import Deadline, Person, Student
from biye.names.models import NameRecord
from biye.reminders import actions, queries
from biye.reminders.models import Reminder
from tests.conftest import at, make_student

# 2020届 defaults: pinyin filing closes 06-13 00:00; verification (pinyin confirmation) 06-19; photo make-up
# 06-13 → 06-21. At 06-10 09:00 the filing deadline is 2 days 15 hours away: its 3-day reminders are due.
BEFORE_FILING_3D = at(2020, 6, 10, 9)
BEFORE_FILING_1D = at(2020, 6, 12, 9)


def _sent(**filters) -> set[tuple[str, str, str]]:
    return set(Reminder.objects.filter(**filters).values_list("person__username", "task", "lead"))


def test_B4_each_student_is_reminded_3_days_before_of_their_own_task(people):
    batches, outcome = actions.run(now=BEFORE_FILING_3D)
    students = _sent(audience="student")
    assert students == {(s.number, "pinyin_filing", "3d") for s in (people.student_a1, people.student_a2,
                                                                      people.student_b1)}
    # Nothing else is due yet: pinyin confirmation closes 06-19, the photo make-up has not opened.
    assert {b.task.key for b in batches} == {"pinyin_filing"}
    notice = Reminder.objects.get(person=people.student_a1.person, channel="notice")
    assert notice.status == "delivered" and "填报姓名拼音" in notice.subject and "2020-06-12 24:00" in notice.body
    assert notice.student == people.student_a1 and notice.college == people.college_a
    assert outcome.written == 3 + 2 and outcome.failed == 0  # three students, two handlers (notices only)


def test_B4_a_student_who_has_done_the_task_is_not_reminded(people):
    NameRecord.objects.create(student=people.student_a1, spelling="ZENG GUOFAN")
    actions.run(now=BEFORE_FILING_3D)
    assert people.student_a1.number not in {u for u, _t, _l in _sent(audience="student")}
    assert people.student_a2.number in {u for u, _t, _l in _sent(audience="student")}


def test_B4_a_student_the_task_does_not_concern_is_not_reminded(people):
    Student.objects.filter(pk=people.student_a2.pk).update(certificate_type="单证")  # no diploma: no pinyin
    actions.run(now=BEFORE_FILING_3D)
    assert people.student_a2.number not in {u for u, _t, _l in _sent()}


def test_B4_unbuilt_tasks_and_students_without_an_account_get_no_reminder(people):
    orphan = make_student(people.campaign, people.college_a, people.discipline, login=False, name="无账号")
    Person.objects.filter(pk=people.student_b1.person_id).update(is_active=False)
    actions.run(now=at(2020, 6, 27, 9))  # 2 days before the conclusions deadline (an unbuilt task)
    assert not Reminder.objects.filter(task__in=["conclusion", "record_check", "diploma"]).exists()
    assert not Reminder.objects.filter(student=orphan).exists()
    assert not Reminder.objects.filter(person_id=people.student_b1.person_id).exists()


def test_B4_the_photo_task_reminds_only_those_without_a_photo(people):
    Student.objects.filter(pk=people.student_a1.pk).update(photo_on_file=False)
    actions.run(now=at(2020, 6, 19, 9))  # the make-up closes 06-21 00:00: 1 day 15 hours left -> 3-day lead
    photo = _sent(task="photo", audience="student")
    assert photo == {(people.student_a1.number, "photo", "3d")}


def test_B4_running_twice_sends_nothing_twice(people, smtp):
    Person.objects.filter(pk=people.student_a1.person_id).update(email="a1@example.edu.cn")
    actions.run(now=BEFORE_FILING_3D)
    count, mails = Reminder.objects.count(), len(smtp)
    batches, outcome = actions.run(now=BEFORE_FILING_3D.replace(hour=10))
    assert batches == [] and outcome.written == 0
    assert Reminder.objects.count() == count and len(smtp) == mails == 1


def test_B4_each_lead_time_reminds_once_and_a_missed_one_is_not_made_up(people):
    actions.run(now=BEFORE_FILING_3D)
    actions.run(now=BEFORE_FILING_1D)
    actions.run(now=BEFORE_FILING_1D.replace(hour=18))
    a1 = people.student_a1.number
    assert {lead for u, _t, lead in _sent(audience="student") if u == a1} == {"3d", "1d"}
    assert Reminder.objects.filter(person__username=a1, lead="1d").count() == 1  # one notice, no e-mail address

    Reminder.objects.all().delete()
    actions.run(now=BEFORE_FILING_1D)  # the cron missed the 3-day moment: only the 1-day reminder goes
    assert {lead for u, _t, lead in _sent(audience="student") if u == a1} == {"1d"}


def test_B4_nothing_is_sent_too_early_or_after_the_deadline_to_students(people):
    _batches, outcome = actions.run(now=at(2020, 6, 9, 9))  # 3 days 15 hours before: not yet
    assert outcome.written == 0
    actions.run(now=at(2020, 6, 13, 9))  # after the filing deadline: students are no longer reminded of it
    assert not Reminder.objects.filter(audience="student", task="pinyin_filing").exists()


def test_B4_lead_times_are_set_per_deadline(people):
    filing = Deadline.objects.get(campaign=people.campaign, kind=Deadline.Kind.PINYIN_FILING)
    actions.set_lead_times(deadline=filing, days=[5, 2], by=people.gs)
    actions.run(now=at(2020, 6, 8, 9))  # 4 days 15 hours before
    assert {lead for _u, _t, lead in _sent(audience="student")} == {"5d"}
    actions.run(now=BEFORE_FILING_3D)  # the 3-day default no longer applies to this deadline
    assert {lead for _u, _t, lead in _sent(audience="student")} == {"5d"}


def test_B4_lead_times_refuse_nonsense_and_only_the_graduate_school_sets_them(people):
    from django.core.exceptions import PermissionDenied

    from biye.core.errors import ActionRefused

    filing = Deadline.objects.get(campaign=people.campaign, kind=Deadline.Kind.PINYIN_FILING)
    with pytest.raises(ActionRefused, match="1 到 60"):
        actions.set_lead_times(deadline=filing, days=[0], by=people.gs)
    with pytest.raises(PermissionDenied):
        actions.set_lead_times(deadline=filing, days=[3], by=people.handler_a)
    assert queries.lead_days(people.campaign)[filing.pk] == [3, 1]


def test_B4_each_handler_is_told_how_many_of_their_students_have_not_done_it(people):
    NameRecord.objects.create(student=people.student_b1, spelling="SHAN TIANFANG")
    actions.run(now=BEFORE_FILING_3D)
    handlers = Reminder.objects.filter(audience="handler")
    assert set(handlers.values_list("person__username", flat=True)) == {"handler_a"}  # college B is done
    message = handlers.get()
    assert "2 名学生" in message.subject and message.college == people.college_a and message.scope == "07"
    assert "/reminders/college/07/pinyin_filing/" in message.body


def test_B4_a_handler_of_two_colleges_hears_about_each(people):
    from biye.core.models import Role, RoleGrant

    RoleGrant.objects.create(person=people.handler_a, role=Role.HANDLER, college=people.college_b)
    actions.run(now=BEFORE_FILING_3D)
    assert set(Reminder.objects.filter(person=people.handler_a).values_list("scope", flat=True)) == {"07", "03"}


def test_B4_each_morning_the_graduate_school_hears_of_late_colleges_once(people):
    """After the 附件6 deadline (06-19 00:00) nobody has submitted it and the pinyin is unconfirmed: both
    colleges are late (core/lateness.py), and each Graduate School member hears it once a day."""
    assert not Reminder.objects.filter(task="digest").exists()
    actions.run(now=at(2020, 6, 19, 8))
    actions.run(now=at(2020, 6, 19, 15))  # same day: not again
    digest = Reminder.objects.filter(audience="gs", task="digest")
    assert list(digest.values_list("person__username", "lead")) == [("gs", "daily:2020-06-19")]
    body = digest.get().body
    assert "逾期的学院（2 个）" in body and "计算机学院" in body and "机械与车辆学院" in body and "未报送" in body
    assert digest.get().deadline is None
    actions.run(now=at(2020, 6, 20, 8))
    assert digest.count() == 2


def test_B4_no_digest_on_a_morning_with_nothing_to_say(people):
    actions.run(now=at(2020, 6, 10, 8))
    assert not Reminder.objects.filter(audience="gs").exists()


def _submission(people, college, state, **times):
    from biye.core.models import Submission

    moment = at(2020, 6, 15, 10)
    return Submission.objects.create(campaign=people.campaign, college=college, kind="verification", state=state,
                                     submitted_at=moment, first_submitted_at=moment, **times)


def test_B4_handlers_are_reminded_of_the_form_their_college_has_not_submitted(people):
    _submission(people, people.college_b, "submitted")
    actions.run(now=at(2020, 6, 16, 9))  # 附件6 closes 06-19 00:00: the 3-day reminders
    forms = Reminder.objects.filter(task="report:verification", audience="handler")
    assert list(forms.values_list("person__username", "lead", "scope")) == [("handler_a", "3d", "07")]
    assert "计算机学院尚未报送“信息核对表（附件6）”" in forms.get().subject
    assert "截止时间为 2020-06-18 24:00" in forms.get().body


def test_B4_a_returned_form_is_a_form_to_submit_again(people):
    _submission(people, people.college_a, "returned", returned_at=at(2020, 6, 15, 12), return_reason="缺签字")
    actions.run(now=at(2020, 6, 16, 9))
    subject = Reminder.objects.get(task="report:verification", person=people.handler_a).subject
    assert "已被研究生院退回" in subject


def test_B4_the_dean_is_reminded_each_morning_of_a_sign_off_waiting(people):
    _submission(people, people.college_a, "submitted")
    actions.run(now=at(2020, 6, 16, 9))
    actions.run(now=at(2020, 6, 16, 17))
    deans = Reminder.objects.filter(audience="dean")
    assert list(deans.values_list("person__username", "task", "lead")) == [
        ("dean_a", "report:verification", "daily:2020-06-16")]
    assert "待您签发" in deans.get().subject and deans.get().college == people.college_a
    assert not Reminder.objects.filter(task="report:verification", person=people.handler_a).exists()
    actions.run(now=at(2020, 6, 17, 9))
    assert deans.count() == 2


def test_B4_the_graduate_school_hears_what_arrived(people):
    _submission(people, people.college_a, "signed", signed_at=at(2020, 6, 15, 11))
    actions.run(now=at(2020, 6, 16, 9))
    body = Reminder.objects.get(task="digest", person=people.gs).body
    assert "待研究生院接收（1 份）" in body and "计算机学院：信息核对表（附件6）" in body
    assert not Reminder.objects.filter(audience="dean").exists()


def test_B4_email_goes_to_the_account_address_and_is_recorded(people, smtp):
    Person.objects.filter(pk=people.student_a1.person_id).update(email="a1@example.edu.cn")
    actions.run(now=BEFORE_FILING_3D)
    mail = Reminder.objects.get(channel="email")
    assert mail.person_id == people.student_a1.person_id and mail.status == "delivered" and mail.sent_at
    assert [m.to for m in smtp] == [["a1@example.edu.cn"]] and smtp[0].subject == mail.subject
    assert "曾国藩同学" in smtp[0].body


def test_B4_without_smtp_the_mail_is_kept_in_the_outbox_and_says_so(people, settings):
    from django.core import mail

    settings.BIYE_MAIL_OUTBOX_ONLY = True
    mail.outbox = []
    Person.objects.filter(pk=people.student_a1.person_id).update(email="a1@example.edu.cn")
    actions.run(now=BEFORE_FILING_3D)
    assert Reminder.objects.get(channel="email").status == "outbox" and mail.outbox == []


def test_B4_a_refused_address_is_recorded_as_failed_with_the_reason_and_others_still_go(people, smtp, settings):
    settings.EMAIL_BACKEND = "tests.reminders.conftest.RefusingBackend"
    Person.objects.filter(pk=people.student_a1.person_id).update(email="gone@bounce.example.com")
    Person.objects.filter(pk=people.student_a2.person_id).update(email="a2@example.edu.cn")
    _b, outcome = actions.run(now=BEFORE_FILING_3D)
    failed = Reminder.objects.get(channel="email", person_id=people.student_a1.person_id)
    assert failed.status == "failed" and "mailbox unavailable" in failed.error
    assert Reminder.objects.get(channel="email", person_id=people.student_a2.person_id).status == "delivered"
    assert outcome.failed == 1 and [m.to for m in smtp] == [["a2@example.edu.cn"]]
    # The failure is on record, not retried by the next run (it would send the same thing twice to the others).
    assert actions.run(now=BEFORE_FILING_3D)[1].written == 0


def test_B4_a_new_channel_is_one_class_in_the_settings(people, settings):
    """An SMS gateway, say: the rules stay as they are, the channel adds its own rows."""
    from biye.reminders.models import Contact

    settings.BIYE_REMINDER_CHANNELS = ["biye.reminders.channels.NoticeChannel", "tests.reminders.test_rules.SmsChannel"]
    Contact.objects.create(person=people.student_a1.person, phone="13800000000")
    actions.run(now=BEFORE_FILING_3D)
    sms = Reminder.objects.get(channel="sms")
    assert sms.person_id == people.student_a1.person_id and sms.address == "13800000000" and sms.status == "delivered"
    assert SmsChannel.sent == ["13800000000"]


from biye.reminders.channels import Channel  # noqa: E402


class SmsChannel(Channel):
    name = "sms"
    sent: list[str] = []

    def address(self, recipient):
        return recipient.phone or None

    def deliver(self, reminders):
        SmsChannel.sent += [r.address for r in reminders]
        return {}


def test_B4_dry_run_prints_who_would_be_reminded_and_records_nothing(people, capsys):
    call_command("remind", "--dry-run", "--now", "2020-06-10T09:00+08:00")
    out = capsys.readouterr().out
    assert "填报姓名拼音" in out and f"{people.student_a1.number} 曾国藩" in out and "handler_a" in out
    assert "演练" in out and not Reminder.objects.exists()


def test_B4_the_command_sends_and_then_has_nothing_left(people, capsys):
    call_command("remind", "--now", "2020-06-10T09:00+08:00")
    assert "已记录 5 条" in capsys.readouterr().out
    call_command("remind", "--now", "2020-06-10T10:00+08:00")
    assert "现在没有需要发送的提醒" in capsys.readouterr().out


def test_B4_the_command_refuses_a_bad_time(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2020-06-10T09:00"):
        call_command("remind", "--now", "June 10th")


def test_B4_queries_per_task_do_not_grow_with_the_number_of_students(people, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_run(moment):
        with CaptureQueriesContext(connection) as ctx:
            actions.run(now=moment)
        return len(ctx.captured_queries)

    few = queries_for_run(BEFORE_FILING_3D)
    for i in range(30):
        make_student(people.campaign, people.college_b, people.discipline, name="多人", id_number=f"11010119950307{i:04d}")
    many = queries_for_run(BEFORE_FILING_1D)
    assert Reminder.objects.filter(lead="1d", audience="student").count() == 33
    assert many == few


def test_B4_every_built_task_reminds_exactly_those_it_concerns_who_have_not_done_it(people):
    """For every task a section has built (photo, pinyin filing and confirmation, record check …): two days
    before its deadline, the students reminded of it are exactly those it concerns and who have not done it."""
    from django.utils import timezone

    NameRecord.objects.create(student=people.student_a1, spelling="ZENG GUOFAN")  # a1 has filed its pinyin
    # R1: a 单证 graduate receives no 学历证书 and so has no photo task; a 双证 one without a photo does.
    Student.objects.filter(pk=people.student_b1.pk).update(certificate_type="单证", photo_on_file=False)
    Student.objects.filter(pk=people.student_a2.pk).update(photo_on_file=False)
    tasks = queries.reminder_tasks()
    assert {"photo", "pinyin_filing", "pinyin_confirm"} <= {t.key for t in tasks}
    for task in tasks:
        deadline = people.campaign.deadlines.filter(kind=task.deadline_kind).first()
        if deadline is None:  # not scheduled yet (the autumn round's conclusions): nobody is reminded of it
            assert not Reminder.objects.filter(task=task.key).exists(), task.key
            continue
        moment = deadline.closes - timezone.timedelta(days=2)
        if deadline.opens is not None and moment < deadline.opens:  # the photo make-up opens only 8 days before
            moment = deadline.opens
        actions.run(now=moment)
        expected = set(Student.objects.filter(campaign=people.campaign).filter(task.applies).exclude(task.done)
                       .values_list("person__username", flat=True))
        reminded = set(Reminder.objects.filter(task=task.key, audience="student").values_list("person__username",
                                                                                                flat=True))
        assert reminded == expected, task.key
    assert people.student_a1.number not in set(
        Reminder.objects.filter(task="pinyin_filing").values_list("person__username", flat=True))
    assert set(Reminder.objects.filter(task="photo", audience="student").values_list("person__username", flat=True)) == {
        people.student_a2.number}
