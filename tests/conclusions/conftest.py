"""The conclusions section's helpers over the house fixture: a campaign ready for 毕业报库, and a graduate's
defense and programme status in one call."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import at


@pytest.fixture
def ready(people):
    """The house fixture with the registration settings filled in (YXMC, XZM, summer BYRQ)."""
    c = people.campaign
    c.university_name, c.president_name, c.summer_graduation_date = "北京理工大学", "张校长", dt.date(2020, 6, 30)
    c.save()
    return people


def standing(student, *, passed: bool | None = True, on: dt.date = dt.date(2020, 6, 20), grade: str = "良好",
             programme: bool | None = True, grades: bool | None = True):
    from biye.conclusions.models import Standing

    return Standing.objects.update_or_create(student=student, defaults=dict(
        defense_on=on if passed is not None else None,
        defense_result={True: "通过", False: "未通过", None: ""}[passed],
        defense_grade=grade if passed is not None else "", programme_done=programme, grades_passed=grades))[0]


def approved(student, kind: str, college_person):
    """An application the student made, the advisor signed and the college approved."""
    from biye.conclusions import actions
    from biye.conclusions.models import Application

    a = Application.objects.create(student=student, kind=kind, reason="因故", applied_at=at(2020, 6, 1),
                                   state=Application.State.COLLEGE, advisor_signed_at=at(2020, 6, 2))
    return actions.decide(application=a, by=college_person, approve=True, now=at(2020, 6, 3))


def option(student, conclusion: str, now=None):
    from biye.conclusions import queries

    return next(o for o in queries.student_row(student, now or at(2020, 6, 25)).options
                if o.conclusion == conclusion)


@pytest.fixture(autouse=True)
def after_the_defenses(clock):
    """The conclusions' tests start on 2020-06-25 10:00 in Shanghai: after the defenses, before 附件8 is due
    (the house clock, tests/conftest.py, moves on from there with `clock(...)`)."""
    return clock(2020, 6, 25, 10)


def certificate_returned(monkeypatch, *students):
    """R4.4 as the diplomas section reports it ("diplomas.jieye_returned"): these students' earlier 结业
    certificates are back at the college."""
    from biye.core import facts

    ids = {s.pk for s in students}
    monkeypatch.setitem(facts._FACTS, "diplomas.jieye_returned", facts.Fact(
        "diplomas.jieye_returned", lambda asked: {i: at(2020, 6, 20) for i in asked if i in ids}))
