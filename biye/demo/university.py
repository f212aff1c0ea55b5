"""The demo university (演示数据) that `biye demo` loads into an empty database, for one laptop.

How the demo knows its own data: the Graduate School account `demo-gs` (DEMO_MARKER) exists only in a database
this module loaded. With it present, loading again does nothing. Without it, any campaign, division, college,
discipline, student or person means the database belongs to someone else, and the demo refuses to touch it.

The campaign comes from the core's action (with the notice's calendar) and the students through the real roster
import (R0.2), from rows of `biye.demo.synthetic`, so the demo exercises the same paths as the Graduate School's
work, findings (R2.10) included. The demo sits above every section, never in the core.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import actions, audit, codes
from biye.core.errors import ActionRefused
from biye.core.models import SYSTEM_USERNAME, Campaign, College, Discipline, Division, Person, Role, RoleGrant, Student
from biye.demo import conclusions as demo_conclusions
from biye.demo import diplomas as demo_diplomas
from biye.demo import synthetic
from biye.roster.actions import import_roster

DEMO_MARKER = "demo-gs"
CAMPAIGN_YEAR = 2020
STUDENTS = 2400
# Rows spoiled on purpose (wrong check digit, gender or birth date against the ID, a shared ID) so the
# R2.10 findings have something to show; two disciplines of synthetic.DISCIPLINES also lack an English name.
FLAWED_ROWS = 8
# The college whose people are printed as the example logins.
EXAMPLE_COLLEGE = "080"

# One password per role, printed by `biye demo`: this is a local demo, not a place for secrets.
PASSWORDS: dict[str, str] = {
    Role.GRADUATE_SCHOOL: "demo-gs-2020",
    Role.HANDLER: "demo-handler-2020",
    Role.DEAN: "demo-dean-2020",
    Role.STUDENT: "demo-student-2020",
    Role.ADVISOR: "demo-advisor-2020",
    Role.VENDOR: "demo-vendor-2020",
    Role.ARCHIVES: "demo-archives-2020",
}


@dataclass(frozen=True)
class DivisionSpec:
    code: str
    name: str
    contact_name: str
    contact_email: str
    staff_username: str


# The notice's contacts (工作联系人) with made-up addresses; 王老师 leads the whole campaign (业务主管).
DIVISIONS: tuple[DivisionSpec, ...] = (
    DivisionSpec("MECH", "机械学部", "马老师", "ma.gs@example.edu.cn", "demo-gs-mech"),
    DivisionSpec("INFO", "信息学部", "张老师", "zhang.gs@example.edu.cn", "demo-gs-info"),
    DivisionSpec("SCI", "理材学部", "陈老师", "chen.sci.gs@example.edu.cn", "demo-gs-sci"),
    DivisionSpec("HUM", "人文学部", "陈老师", "chen.hum.gs@example.edu.cn", "demo-gs-hum"),
)
LEAD_CONTACT = ("王老师（业务主管）", "wang.gs@example.edu.cn")
VENDOR_USERNAME = "demo-vendor"
ARCHIVES_USERNAME = "demo-archives"


def handler_username(college_code: str) -> str:
    return f"demo-handler-{college_code}"


def dean_username(college_code: str) -> str:
    return f"demo-dean-{college_code}"


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    who: str


def is_loaded() -> bool:
    return Person.objects.filter(username=DEMO_MARKER).exists()


def foreign_data() -> list[str]:
    """What this database already holds that the demo did not put there (empty when it is free for the demo)."""
    if is_loaded():
        return []
    labels = ((Campaign.objects, _("届")), (Division.objects, _("学部")), (College.objects, _("学院")),
              (Discipline.objects, _("专业")), (Student.objects, _("学生")),
              (Person.objects.exclude(username=SYSTEM_USERNAME), _("账号")))  # the system actor comes with migrate
    return [f"{label} {n} " + _("条") for rows, label in labels if (n := rows.count())]


@transaction.atomic
def load(*, progress: Callable[..., object] | None = None) -> None:
    """Load the demo university into an empty database: all of it, or (on any error) none of it."""
    found = foreign_data()
    if found:
        raise ActionRefused(
            _("数据库中已有不属于演示的数据（%(found)s）。演示只装入空数据库：请设置另一个 DATABASE_URL，"
              "或删除 var/biye.sqlite3 后重试。") % {"found": "、".join(found)}
        )
    if is_loaded():
        return

    campaign = actions.create_campaign(year=CAMPAIGN_YEAR, by=actions.system_actor())
    divisions = {
        d.code: Division.objects.create(code=d.code, name=d.name, contact_name=d.contact_name,
                                        contact_email=d.contact_email)
        for d in DIVISIONS
    }
    colleges = College.objects.bulk_create(
        [College(code=c.code, name=c.name, division=divisions[c.division]) for c in synthetic.COLLEGES]
    )
    Discipline.objects.bulk_create([
        Discipline(code=d.code, name_zh=d.name_zh, name_en=d.name_en,
                   level=Discipline.Level.FIRST if d.code.endswith("00") else Discipline.Level.SECOND)
        for d in synthetic.DISCIPLINES
    ])

    hashes = {role: make_password(password) for role, password in PASSWORDS.items()}
    gs = _person(DEMO_MARKER, LEAD_CONTACT[0], hashes[Role.GRADUATE_SCHOOL], email=LEAD_CONTACT[1])
    staff = [gs] + [
        _person(d.staff_username, f"{d.contact_name}（{d.name}）", hashes[Role.GRADUATE_SCHOOL], email=d.contact_email)
        for d in DIVISIONS
    ]
    grants = [RoleGrant(person=p, role=Role.GRADUATE_SCHOOL) for p in staff]
    college_staff = {}
    for college in colleges:
        handler = _person(handler_username(college.code), _("%(college)s研究生秘书") % {"college": college.name},
                          hashes[Role.HANDLER])
        dean = _person(dean_username(college.code), _("%(college)s主管院长") % {"college": college.name},
                       hashes[Role.DEAN])
        grants += [RoleGrant(person=handler, role=Role.HANDLER, college=college),
                   RoleGrant(person=dean, role=Role.DEAN, college=college)]
        college_staff[college.code] = (handler, dean)
    vendor = _person(VENDOR_USERNAME, campaign.vendor_name, hashes[Role.VENDOR])
    archives = _person(ARCHIVES_USERNAME, _("档案馆"), hashes[Role.ARCHIVES])
    grants += [RoleGrant(person=vendor, role=Role.VENDOR), RoleGrant(person=archives, role=Role.ARCHIVES)]
    RoleGrant.objects.bulk_create(grants)

    _import_students(by=gs, progress=progress)
    _give_passwords(hashes)
    _live_calendar(campaign, by=gs)
    _demo_reminders(campaign)
    demo_conclusions.load(campaign, gs=gs, staff=college_staff)
    demo_diplomas.load(campaign, gs=gs, archives=archives, staff=college_staff)
    audit.record(gs, "core.demo_loaded", campaign, after={"students": campaign.students.count()},
                 note=_("演示数据已装入"))


def _live_calendar(campaign: Campaign, *, by: Person) -> None:
    """Move the notice's dates by whole days so that the demo opens on the first day of online photo collection
    (06-09): a visitor then finds every task ahead or under way, not closed six years ago. The intervals and
    times of day stay the notice's; the Graduate School can move them on the calendar page."""
    first_day = dt.date(campaign.year, 6, 9)
    shift = dt.timedelta(days=(timezone.localdate() - first_day).days)
    for d in campaign.deadlines.all():
        actions.set_deadline(campaign=campaign, kind=d.kind, opens=d.opens + shift if d.opens else None,
                              closes=d.closes + shift, by=by)


def _demo_reminders(campaign: Campaign) -> None:
    """Made-up school addresses for the graduates and secretaries, and a first 催办 by the example college's
    handler, so the mail outbox (the demo sends no real mail) shows what people are sent."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from biye.reminders import actions as reminders

    Person.objects.filter(student_record__campaign=campaign).update(
        email=Concat(F("username"), Value("@stu.example.edu.cn")))
    Person.objects.filter(grants__role=Role.HANDLER).update(email=Concat(F("username"), Value("@example.edu.cn")))
    college = College.objects.get(code=EXAMPLE_COLLEGE)
    handler = Person.objects.get(username=handler_username(EXAMPLE_COLLEGE))
    first = Student.objects.filter(campaign=campaign, college=college, certificate_type=codes.CertificateType.DUAL)
    first = first.order_by("number")
    reminders.nudge(college=college, task_key="pinyin_filing", student_ids=list(first.values_list("pk", flat=True)[:8]),
                    by=handler)


def _person(username: str, display_name: str, password_hash: str, *, email: str = "") -> Person:
    return Person.objects.create(username=username, display_name=display_name, password=password_hash, email=email)


def _import_students(*, by: Person, progress: Callable[..., object] | None) -> None:
    rows = synthetic.generate_rows(STUDENTS, campaign_year=CAMPAIGN_YEAR, seed=CAMPAIGN_YEAR, flaws=FLAWED_ROWS)
    report = import_roster(data=synthetic.xlsx_bytes(rows), filename="演示学籍名单.xlsx",
                           campaign_year=CAMPAIGN_YEAR, by=by, dry_run=False, progress=progress)
    if report.errors:
        shown = "; ".join(str(e) for e in report.errors[:5])
        raise ActionRefused(_("演示名单未能导入（共 %(n)d 处错误）：%(errors)s") % {"n": len(report.errors),
                                                                              "errors": shown})


def _give_passwords(hashes: dict[str, str]) -> None:
    """Students log in with their 学号, advisors with their 工号, each group with one demo password.

    One Argon2 hash per group, written with one UPDATE: hashing 2,000 passwords one by one would take minutes.
    The import creates these accounts; any student it left without one gets one here."""
    students = Student.objects.filter(campaign__year=CAMPAIGN_YEAR)
    missing = list(students.filter(person__isnull=True).only("pk", "number", "name"))
    if missing:
        taken = set(Person.objects.filter(username__in=[s.number for s in missing]).values_list("username", flat=True))
        Person.objects.bulk_create(
            [Person(username=s.number, display_name=s.name) for s in missing if s.number not in taken],
            batch_size=500,
        )
        by_username = dict(Person.objects.filter(username__in=[s.number for s in missing]).values_list("username", "pk"))
        for s in missing:
            s.person_id = by_username[s.number]
        Student.objects.bulk_update(missing, ["person"], batch_size=500)
    Person.objects.filter(student_record__campaign__year=CAMPAIGN_YEAR).update(password=hashes[Role.STUDENT])
    Person.objects.filter(grants__role=Role.ADVISOR).update(password=hashes[Role.ADVISOR])


def logins() -> list[Login]:
    """One example account per role: the Graduate School, then one college's handler, dean, a student with a
    polyphonic surname and that student's advisor, then the photo vendor and the archives."""
    people = {p.username: p for p in Person.objects.filter(username__in=[
        DEMO_MARKER, handler_username(EXAMPLE_COLLEGE), dean_username(EXAMPLE_COLLEGE), VENDOR_USERNAME,
        ARCHIVES_USERNAME,
    ])}
    result = [
        Login(_("研究生院"), DEMO_MARKER, PASSWORDS[Role.GRADUATE_SCHOOL], str(people.get(DEMO_MARKER, ""))),
        Login(_("学院经办人"), handler_username(EXAMPLE_COLLEGE), PASSWORDS[Role.HANDLER],
              str(people.get(handler_username(EXAMPLE_COLLEGE), ""))),
        Login(_("主管院长"), dean_username(EXAMPLE_COLLEGE), PASSWORDS[Role.DEAN],
              str(people.get(dean_username(EXAMPLE_COLLEGE), ""))),
    ]
    student = example_student()
    if student is not None:
        result.append(Login(_("研究生"), student.person.username, PASSWORDS[Role.STUDENT],
                            f"{student.name}（{student.college.name}，{student.get_level_display()}）"))
    advisor = example_advisor(student)
    if advisor is not None:
        result.append(Login(_("导师"), advisor.username, PASSWORDS[Role.ADVISOR], str(advisor)))
    result += [
        Login(_("影像中心"), VENDOR_USERNAME, PASSWORDS[Role.VENDOR], str(people.get(VENDOR_USERNAME, ""))),
        Login(_("档案馆"), ARCHIVES_USERNAME, PASSWORDS[Role.ARCHIVES], str(people.get(ARCHIVES_USERNAME, ""))),
    ]
    return result


def example_student() -> Student | None:
    """A student of the example college whose surname reads differently as a surname (曾 Zeng, 单 Shan …)."""
    polyphonic = Q()
    for surname in synthetic.POLYPHONIC_SURNAMES:
        polyphonic |= Q(name__startswith=surname)
    return (
        Student.objects.filter(polyphonic, campaign__year=CAMPAIGN_YEAR, college__code=EXAMPLE_COLLEGE,
                               person__isnull=False)
        .select_related("person", "college")
        .order_by("number")
        .first()
    )


def example_advisor(student: Student | None) -> Person | None:
    """The example student's advisor, or else the advisor with the most students."""
    if student is not None and student.advisor_id:
        return Person.objects.get(pk=student.advisor_id)
    return (
        Person.objects.filter(grants__role=Role.ADVISOR)
        .annotate(n=Count("advisees"))
        .order_by("-n", "username")
        .first()
    )
