"""Shared fixtures, built by hand: one campaign (2020届), a GS user, a handler and dean of college A, a handler
of college B, two students of A, one of B, an advisor, the photo vendor and the archives; and the server's clock,
which every test reads (no test depends on today's date)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

import pytest

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
_numbers = count(1)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> dt.datetime:
    """A moment on the university's clock (Asia/Shanghai)."""
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)


# Where the clock stands when a test starts: 2020-06-10 09:00 in Shanghai, the second day of online photo
# collection (06-09 – 06-12), with pinyin filing open and every later deadline of the 2020 campaign ahead.
CLOCK_START = (2020, 6, 10, 9)


@pytest.fixture(autouse=True)
def clock(request, monkeypatch):
    """The server's clock (django.utils.timezone.now, which the calendar, actions, forms, sessions and audit times
    read), for every test: it starts at CLOCK_START and stands still until a test moves it with
    `clock(2020, 6, 12, 23, 59, 59)`, which returns that moment. Browser tests talk to a real server on the real
    clock and are left alone."""
    from django.utils import timezone

    def set_time(*parts: int) -> dt.datetime:
        moment = at(*parts)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    if request.node.get_closest_marker("browser") is None:
        set_time(*CLOCK_START)
    return set_time


@pytest.fixture
def campaign(db):
    from biye.core import calendar
    from biye.core.models import Campaign

    c = Campaign.objects.create(year=2020, label="2020届", is_current=True, photo_cutoff_year=2018)
    calendar.ensure_defaults(c)
    return c


@pytest.fixture
def division(db):
    from biye.core.models import Division

    return Division.objects.create(code="INFO", name="信息学部", contact_name="张老师", contact_email="info@example.edu.cn")


@pytest.fixture
def college_a(division):
    from biye.core.models import College

    return College.objects.create(code="07", name="计算机学院", division=division)


@pytest.fixture
def college_b(db):
    from biye.core.models import College, Division

    d = Division.objects.create(code="MECH", name="机械学部", contact_name="马老师", contact_email="mech@example.edu.cn")
    return College.objects.create(code="03", name="机械与车辆学院", division=d)


@pytest.fixture
def discipline(db):
    from biye.core.models import Discipline

    return Discipline.objects.create(code="081200", name_zh="计算机科学与技术", name_en="Computer Science and Technology")


def page_rows(response, status: int = 200) -> list:
    """A list page as a person sees it: the answer has this status, and these are the rows of its page (the
    `page` of core/paging.py). Every list page's query-count test asserts both, so a 403 cannot pass for fast."""
    assert response.status_code == status, f"status {response.status_code}, expected {status}"
    return list(response.context["page"].object_list)


def make_person(username: str, *grants, display_name: str = ""):
    from biye.core.models import Person, RoleGrant

    p = Person.objects.create_user(username=username, password="pw-" + username, display_name=display_name or username)
    for role, college in grants:
        RoleGrant.objects.create(person=p, role=role, college=college)
    return p


def make_student(campaign, college, discipline, *, login: bool = True, **fields):
    """A valid student; any field can be overridden."""
    from biye.core.models import Student

    n = next(_numbers)
    values = dict(
        number=f"3120{n:06d}",
        name="张伟",
        gender="男",
        ethnicity="汉族",
        birth_date=dt.date(1995, 3, 7),
        id_type="居民身份证",
        id_number="110101199503070018",
        level="硕士",
        study_mode="全日制",
        training_type="非定向",
        certificate_type="双证",
        is_international=False,
        enrolled_on=dt.date(2017, 9, 1),
        schooling_years=Decimal("3"),
        max_years=Decimal("5"),
        expected_term="夏季",
        photo_on_file=True,
    )
    values.update(fields)
    student = Student.objects.create(campaign=campaign, college=college, discipline=discipline, **values)
    if login:
        student.person = make_person(student.number, display_name=student.name)
        student.save(update_fields=["person"])
    return student


@pytest.fixture
def people(campaign, college_a, college_b, discipline):
    """Everyone of the house fixture, as a namespace."""
    from types import SimpleNamespace

    from biye.core.models import Role

    advisor = make_person("T1001", (Role.ADVISOR, None), display_name="李教授")
    ns = SimpleNamespace(
        gs=make_person("gs", (Role.GRADUATE_SCHOOL, None), display_name="王老师"),
        handler_a=make_person("handler_a", (Role.HANDLER, college_a), display_name="经办人甲"),
        dean_a=make_person("dean_a", (Role.DEAN, college_a), display_name="院长甲"),
        handler_b=make_person("handler_b", (Role.HANDLER, college_b), display_name="经办人乙"),
        advisor=advisor,
        vendor=make_person("vendor", (Role.VENDOR, None), display_name="影像中心"),
        archives=make_person("archives", (Role.ARCHIVES, None), display_name="档案馆"),
    )
    ns.student_a1 = make_student(campaign, college_a, discipline, name="曾国藩", advisor=advisor, advisor_number="T1001")
    ns.student_a2 = make_student(campaign, college_a, discipline, name="欧阳修", id_number="110101199503070034",
                                 training_type="定向")
    ns.student_b1 = make_student(campaign, college_b, discipline, name="单田芳", id_number="110101199503070050")
    ns.college_a, ns.college_b, ns.campaign, ns.discipline = college_a, college_b, campaign, discipline
    return ns
