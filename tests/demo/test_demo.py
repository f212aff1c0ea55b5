"""Issue 2 §1, R0.2: `biye demo` loads a demo university through the roster import, prints one login per role,
duplicates nothing on a second run, refuses a database that holds someone else's data, and serves on loopback.

Loading 2,400 students takes a while, so the demo is loaded once for this module (and flushed afterwards); the
refusal tests come first because they need a database without the demo in it.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from biye.core.actions import system_actor
from biye.core.models import (
    DEFAULT_CALENDAR, SYSTEM_USERNAME, AuditEvent, Campaign, College, Discipline, Division, Finding, Person, Role,
    RoleGrant, Student,
)
from biye.demo import synthetic
from biye.demo import university as demo


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count()
            for m in (Campaign, Division, College, Discipline, Student, Person, RoleGrant, Finding, AuditEvent)}


# --- refusing someone else's database (run before the module's demo is loaded) ----------------------------


@pytest.mark.django_db
def test_R0_2_demo_refuses_a_database_holding_another_college():
    assert not demo.is_loaded(), "the refusal tests must run before the module's demo fixture"
    College.objects.create(code="999", name="某学院")
    with pytest.raises(CommandError, match="不属于演示"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert College.objects.count() == 1
    assert not Person.objects.exclude(username=SYSTEM_USERNAME).exists()
    assert not Student.objects.exists()


@pytest.mark.django_db
def test_R0_2_demo_refuses_a_database_holding_another_person():
    Person.objects.create_user(username="zhangsan", password="x-123456")
    with pytest.raises(CommandError, match="不属于演示"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert list(Person.objects.exclude(username=SYSTEM_USERNAME).values_list("username", flat=True)) == ["zhangsan"]
    assert not Campaign.objects.exists()


# --- the demo university, loaded once ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo for real (committed, as `biye demo --no-serve` would) and remove it after the module."""
    from django.utils import timezone

    from tests.conftest import CLOCK_START, at

    out = io.StringIO()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: at(*CLOCK_START))  # the tests' clock, for the whole module
        try:
            call_command("demo", "--no-serve", stdout=out)
            yield out.getvalue()
        finally:
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()
            system_actor()  # as migrate left it, for the tests after this module


@pytest.fixture
def loaded(demo_output, db):
    return demo_output


def test_R0_2_demo_has_divisions_with_their_graduate_school_contacts(loaded):
    divisions = list(Division.objects.all())
    assert len(divisions) >= 3
    assert {d.contact_name for d in divisions} >= {"马老师", "张老师", "陈老师"}
    assert all(d.contact_email.endswith("@example.edu.cn") for d in divisions)
    assert College.objects.count() >= 8
    assert not College.objects.filter(division__isnull=True).exists()
    assert all(d.colleges.exists() for d in divisions)


def test_R0_2_demo_disciplines_have_english_names_except_the_deliberate_ones(loaded):
    assert Discipline.objects.exclude(name_en="").count() >= 20
    assert set(Discipline.objects.filter(name_en="").values_list("code", flat=True)) == {
        d.code for d in synthetic.DISCIPLINES if not d.name_en
    }
    assert Discipline.objects.get(code="081200").name_en == "Computer Science and Technology"


def test_R0_2_demo_students_have_the_names_the_notice_worries_about(loaded):
    students = Student.objects.filter(campaign__year=2020)
    assert students.count() >= 2000
    for surname in ("曾", "单", "区", "解", "仇", "朴", "翟", "查", "欧阳", "司马"):
        assert students.filter(name__startswith=surname).exists(), surname
    assert students.filter(name__contains="·", ethnicity="维吾尔族").exists()
    foreign = list(students.filter(is_international=True, id_type="护照").values_list("name", flat=True))
    assert foreign and all(re.fullmatch(r"[A-Za-z ]+", n) for n in foreign)


def test_R0_2_demo_students_cover_every_kind_of_graduate(loaded):
    students = Student.objects.filter(campaign__year=2020)
    assert set(students.values_list("level", flat=True).distinct()) == {"博士", "硕士"}
    assert set(students.values_list("study_mode", flat=True).distinct()) == {"全日制", "非全日制"}
    assert set(students.values_list("training_type", flat=True).distinct()) == {"非定向", "定向", "委培"}
    assert set(students.values_list("certificate_type", flat=True).distinct()) == {"双证", "单证"}
    assert students.filter(is_combined=True, level="博士").exists()


def test_R1_3_demo_photo_on_file_depends_on_the_enrollment_year(loaded):
    """Entrants after the cutoff year (a few, finishing early) were photographed at enrollment, save some (R1.3's inclusion request can
    be tried on them); of the older entrants many have no photo (附件1)."""
    students = Student.objects.filter(campaign__year=2020)
    campaign = Campaign.objects.get(year=2020)
    recent = students.filter(enrolled_on__year__gt=campaign.photo_cutoff_year)
    older = students.filter(enrolled_on__year__lte=campaign.photo_cutoff_year)
    assert recent.exists() and older.exists()
    assert 0 < recent.filter(photo_on_file=False).count() < recent.filter(photo_on_file=True).count()
    assert recent.filter(photo_on_file=False, certificate_type="双证").exists()  # R1.3 can be tried on them
    assert older.filter(photo_on_file=False).count() > older.count() // 2
    assert older.filter(photo_on_file=True).exists()


def test_R2_10_demo_records_carry_deliberate_findings(loaded):
    codes = set(Finding.objects.values_list("code", flat=True).distinct())
    assert codes >= {
        Finding.Code.ID_CHECKSUM, Finding.Code.ID_GENDER, Finding.Code.ID_BIRTH, Finding.Code.DUPLICATE_ID,
        Finding.Code.NO_ENGLISH_NAME,
    }
    # A handful, not a flood: realistic rows are valid.
    assert Finding.objects.exclude(code=Finding.Code.NO_ENGLISH_NAME).count() <= 2 * demo.FLAWED_ROWS


def test_R0_2_demo_has_a_person_for_every_role(loaded):
    for role in Role:
        if role == Role.STUDENT:
            assert Student.objects.filter(person__isnull=False).count() == Student.objects.count()
        else:
            assert RoleGrant.objects.filter(role=role).exists(), role
    for college in College.objects.all():
        assert college.grants.filter(role=Role.HANDLER).exists(), college.code
        assert college.grants.filter(role=Role.DEAN).exists(), college.code


def test_R0_2_demo_advisors_each_have_a_few_students(loaded):
    advisors = Person.objects.filter(grants__role=Role.ADVISOR).distinct()
    assert advisors.count() >= 50
    per_advisor = [a.advisees.count() for a in advisors]
    assert min(per_advisor) >= 1
    assert max(per_advisor) <= 30


def test_R0_2_demo_prints_one_login_per_role_and_each_one_works(loaded, client):
    logins = demo.logins()
    assert [str(login.role) for login in logins] == ["研究生院", "学院经办人", "主管院长", "研究生", "导师", "影像中心", "档案馆"]
    for login in logins:
        assert login.username in loaded and login.password in loaded
        response = client.post(reverse("login"), {"username": login.username, "password": login.password})
        assert response.status_code == 302, login.username
        assert response["Location"] != reverse("login")
        client.logout()
    student = Student.objects.get(person__username=logins[3].username)
    assert student.name.startswith(synthetic.POLYPHONIC_SURNAMES)
    assert student.college.code == demo.EXAMPLE_COLLEGE
    assert RoleGrant.objects.filter(person__username=logins[1].username, college=student.college).exists()
    assert student.advisor.username == logins[4].username


def test_R0_2_demo_student_sees_their_own_checklist(loaded, client):
    login = demo.logins()[3]
    assert client.login(username=login.username, password=login.password)
    response = client.get(reverse("student_home"))
    assert response.status_code == 200
    assert Student.objects.get(person__username=login.username).name in response.content.decode()


def test_R0_2_demo_students_share_one_password_hash(loaded):
    hashes = set(Person.objects.filter(student_record__isnull=False).values_list("password", flat=True))
    assert len(hashes) == 1


def test_R0_2_demo_run_twice_duplicates_nothing(loaded):
    before = _counts()
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert _counts() == before
    assert "不再重复装入" in out.getvalue()
    assert demo.DEMO_MARKER in out.getvalue()


def test_R0_2_demo_collects_static_files_then_serves_on_loopback_only(loaded, monkeypatch):
    from biye.demo.management.commands import demo as command

    calls = []
    real = command.call_command

    def fake(name, *args, **kwargs):
        calls.append((name, args))
        if name == "migrate":
            return real(name, *args, **kwargs)
        return None

    monkeypatch.setattr(command, "call_command", fake)
    call_command("demo", "--port", "8765", stdout=io.StringIO())
    assert [name for name, _ in calls] == ["migrate", "collectstatic", "runserver"]
    assert calls[-1][1] == ("127.0.0.1:8765",)


def test_R0_2_demo_stylesheet_is_found_for_collectstatic():
    """The demo serves with DEBUG off: WhiteNoise serves what collectstatic gathers through the finders, and the
    manifest storage fails every page whose stylesheet the finders cannot find."""
    from django.contrib.staticfiles import finders

    assert finders.find("biye/biye.css") is not None


def test_R0_1_demo_calendar_is_the_notices_moved_to_today(loaded):
    """A visitor finds the campaign under way: online collection and pinyin filing open today, the rest ahead,
    with the notice's intervals (online window 4 days, make-up until 06-20, conclusions 06-29 12:00)."""
    import datetime as dt

    from django.utils import timezone

    from biye.core import calendar
    from biye.core.models import AuditEvent, Campaign, Deadline

    campaign = Campaign.objects.get(year=2020)
    kinds = {d.kind: d for d in campaign.deadlines.all()}
    online, makeup = kinds[Deadline.Kind.PHOTO_ONLINE], kinds[Deadline.Kind.PHOTO_MAKEUP]
    assert calendar.is_open(campaign, Deadline.Kind.PHOTO_ONLINE)
    assert calendar.is_open(campaign, Deadline.Kind.PINYIN_FILING)
    assert timezone.localtime(online.opens).date() == timezone.localdate()
    assert online.closes - online.opens == dt.timedelta(days=4)
    assert makeup.closes - online.opens == dt.timedelta(days=12)
    conclusions = timezone.localtime(kinds[Deadline.Kind.CONCLUSIONS].closes)
    assert (conclusions - timezone.localtime(online.opens)).days == 20 and conclusions.hour == 12
    # Every deadline the notice dates; the autumn round's wait for the Graduate School.
    assert AuditEvent.objects.filter(action="core.set_deadline").count() == len(DEFAULT_CALENDAR)


def test_B4_demo_outbox_shows_what_the_first_nudged_graduates_were_sent(loaded, client):
    from biye.reminders.models import Reminder

    mails = Reminder.objects.filter(channel="email")
    assert mails.count() == 8 and set(mails.values_list("status", flat=True)) == {"outbox"}
    assert all(m.address.endswith("@stu.example.edu.cn") for m in mails)
    client.force_login(Person.objects.get(username=demo.DEMO_MARKER))
    body = client.get(reverse("reminders:outbox")).content.decode()
    first = mails.order_by("student__number").first()
    assert body.count('class="card mail"') == 8 and first.address in body and "学院提醒您" in body


def test_B4_demo_dry_run_prints_who_would_be_reminded_of_what(loaded):
    from django.utils import timezone

    from biye.reminders.models import Reminder

    filing = Campaign.objects.get(year=2020).deadlines.get(kind="pinyin_filing")
    moment = timezone.localtime(filing.closes - timezone.timedelta(days=2)).isoformat()
    before = Reminder.objects.count()
    out = io.StringIO()
    call_command("remind", "--dry-run", "--now", moment, stdout=out)
    text = out.getvalue()
    assert "填报姓名拼音" in text and "学生本人" in text and "学院经办人" in text and "演练" in text
    assert re.search(r"\n  \d+ \S+ ← 【研究生毕业工作】请在", text)
    assert Reminder.objects.count() == before


def test_R3_5_demo_has_a_graduate_for_every_conclusions_case(loaded, client):
    """Issue 11's demo: defenses passed, failed and not held; past the study period; programme unfinished; a
    结业 graduate converting; applications at each step; one college's 附件8 accepted, one returned, the example
    college's still to do; the autumn round not scheduled."""
    from biye.conclusions.models import Application, Report, Standing
    from biye.core import calendar
    from biye.core.models import Campaign, Deadline, Submission

    campaign = Campaign.objects.get(year=2020)
    results = set(Standing.objects.filter(student__college__code=demo.EXAMPLE_COLLEGE).values_list("defense_result",
                                                                                             flat=True))
    assert results == {"通过", "未通过", ""}
    assert Standing.objects.filter(programme_done=False).exists()
    assert Student.objects.filter(college__code=demo.EXAMPLE_COLLEGE, enrolled_on__year=2014).exists()
    assert Report.objects.filter(conclusion="结业转毕业", student__prior_conclusion="结业").exists()
    assert set(Application.objects.values_list("state", flat=True)) == {"advisor", "college", "returned", "approved"}
    states = dict(Submission.objects.filter(kind="conclusions_summer").values_list("college__code", "state"))
    assert states == {"010": "accepted", "020": "returned"}
    assert calendar.find(campaign, Deadline.Kind.AUTUMN_CONCLUSIONS) is None
    client.force_login(Person.objects.get(username=demo.handler_username(demo.EXAMPLE_COLLEGE)))
    html = client.get(f"/conclusions/college/{demo.EXAMPLE_COLLEGE}/").content.decode()
    assert "论文答辩未通过" in html and "已超过最长学习年限：2014-09-01 入学" in html
    assert '结业转毕业</strong>：<span class="state-done">可报' in html


def test_R4_demo_has_a_certificate_for_every_diplomas_case(loaded, client):
    """Issue 12's demo, in 机械与车辆学院 (its 附件8 accepted, so numbered): hand-outs in person, by proxy and by
    post; a 结业转毕业 diploma keeping its old number; directed and commissioned diplomas at the dossier office,
    one confirmed; 单证 graduates with the 学位证书 only; a refused reprint recorded for the archives; 硕博连读
    study certificates, one issued with its code; combined students still enrolled refused one."""
    from biye.diplomas import study
    from biye.diplomas.models import Certificate, ReprintRequest, StudyCertificate

    college = "010"
    certs = Certificate.objects.filter(student__college__code=college, void_at__isnull=True)
    assert set(certs.exclude(method="").values_list("method", flat=True)) == {"in_person", "proxy", "post"}
    assert certs.filter(method="proxy").exclude(authorisation="").exists()
    assert certs.filter(method="post").exclude(tracking_number="").exists()
    assert certs.filter(sign_method="online").exists()
    kept = certs.get(conclusion="结业转毕业", kind="diploma")
    assert kept.keeps_number and kept.number == kept.student.prior_certificate_number and kept.handed_at
    assert certs.filter(number__startswith="10007120200").count() > 100  # this year's numbers, R4.6
    dossier = certs.filter(kind="diploma", route="dossier")
    assert set(dossier.values_list("student__training_type", flat=True)) == {"定向", "委培"}
    assert dossier.filter(dossier_sent_at__isnull=True).count() == 0
    assert dossier.filter(dossier_received_at__isnull=False).count() == 1
    assert dossier.filter(cover_signed_at__isnull=False).count() == 1
    single = certs.filter(student__certificate_type="单证")
    assert single.exists() and set(single.values_list("kind", flat=True)) == {"degree"}
    assert single.filter(handed_at__isnull=False).exists()
    refused = ReprintRequest.objects.get()
    assert refused.kind == "attestation" and refused.done_at is None and refused.certificate.signed_at
    requests = StudyCertificate.objects.filter(college__code=college)
    assert requests.count() == 2 and all(r.student.is_combined for r in requests)
    issued = requests.get(code__isnull=False)
    html = client.get(f"/verify/{issued.code}/").content.decode()
    assert issued.name in html
    enrolled = [s for s in Student.objects.filter(is_combined=True).exclude(college__code=college)
                if study.refusal_for(s)]
    assert enrolled and "仍属在籍" in study.refusal_for(enrolled[0])

    client.force_login(Person.objects.get(username=demo.handler_username(college)))
    html = client.get(f"/diplomas/college/{college}/").content.decode()
    assert "机械楼一层107室" in html and kept.number in html
