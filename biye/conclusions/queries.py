"""Reads of the conclusions section, always from core/scoping.py: the round's list of a college with every
graduate's eligibility explained, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from biye.conclusions import eligibility
from biye.conclusions import facts as conclusion_facts
from biye.conclusions.models import Application, Conclusion, Report, Round, Standing
from biye.core import concerned, scoping
from biye.core.models import Campaign, College, Person, Student

# R3.5: the 附件8 list is the college's 双证 graduates of the round (those who receive a diploma), without
# international students.
LISTED = concerned.receives_diploma() & Q(is_international=False)


def round_students(students: QuerySet[Student], campaign: Campaign, round_: Round) -> QuerySet[Student]:
    return students.filter(LISTED, campaign=campaign, expected_term=round_.term)


def listed(student: Student) -> bool:
    return concerned.is_receiving_diploma(student) and not student.is_international


def with_everything(students: QuerySet[Student]) -> QuerySet[Student]:
    """The rows eligibility reads, in three queries whatever the number of students."""
    return students.select_related(
        "discipline", "college", "conclusion_standing", "graduation_conclusion"
    ).prefetch_related(Prefetch("conclusion_applications", queryset=Application.objects.order_by("-applied_at", "-id")))


@dataclass
class Row:
    student: Student
    standing: Standing | None
    report: Report | None
    applications: list[Application]
    options: list[eligibility.Option]

    @property
    def allowed(self) -> list[Conclusion]:
        return eligibility.allowed(self.options)

    @property
    def open_applications(self) -> list[Application]:
        return [a for a in self.applications if a.is_open]

    @property
    def warnings(self) -> list[str]:
        return [w for o in self.options if o.allowed for w in o.warnings]


def _one_to_one(student: Student, name: str):
    try:
        return getattr(student, name)
    except (Standing.DoesNotExist, Report.DoesNotExist):
        return None


def row_for(student: Student, dates: eligibility.RoundDates, now: dt.datetime, returned: set[int]) -> Row:
    standing = _one_to_one(student, "conclusion_standing")
    applications = list(student.conclusion_applications.all())
    return Row(student, standing, _one_to_one(student, "graduation_conclusion"), applications,
               eligibility.explain(student, standing, applications, dates, now,
                                   certificate_returned=student.pk in returned))


def _returned(students: list[Student]) -> set[int]:
    """R4.4: whose earlier 结业 certificate the college has taken back (the diplomas section's fact)."""
    converting = [s.pk for s in students if s.prior_conclusion]
    return set(conclusion_facts.optional(conclusion_facts.JIEYE_RETURNED, converting)) if converting else set()


def college_rows(students: QuerySet[Student], campaign: Campaign, college: College, round_: Round,
                 now: dt.datetime | None = None, search: str = "") -> list[Row]:
    """The round's listed graduates of a college among `students` (scoping.students_for(person)), explained."""
    now = now or timezone.now()
    dates = eligibility.RoundDates.of(campaign, round_)
    students = round_students(students.filter(college=college), campaign, round_)
    if search:
        students = students.filter(Q(number__icontains=search) | Q(name__icontains=search))
    found = list(with_everything(students.order_by("number")))
    returned = _returned(found)
    return [row_for(s, dates, now, returned) for s in found]


def student_row(student: Student, now: dt.datetime | None = None) -> Row:
    now = now or timezone.now()
    student = with_everything(Student.objects.filter(pk=student.pk)).get()
    return row_for(student, eligibility.RoundDates.of(student.campaign, Round.of(student)), now, _returned([student]))


def graduate_ready(rows: list[Row]) -> list[Row]:
    """Whom "everyone eligible for 毕业 → 毕业" would change: eligible, and not 毕业 already."""
    return [r for r in rows if Conclusion.GRADUATE in r.allowed
            and (r.report is None or r.report.conclusion != Conclusion.GRADUATE)]


def missing_conclusions(campaign: Campaign, college: College, round_: Round) -> QuerySet[Student]:
    """The round's listed graduates of a college without a proposed conclusion (blocks the submission)."""
    return round_students(Student.objects.filter(college=college), campaign, round_).filter(
        graduation_conclusion__isnull=True)


def advisor_applications(person: Person) -> QuerySet[Application]:
    """Applications of the advisor's own students (scoped: students_for covers advisees)."""
    return (Application.objects.filter(student__in=scoping.students_for(person).filter(advisor=person))
            .select_related("student", "student__college").order_by("-applied_at", "-id"))


def application_for(person: Person, pk: int) -> Application:
    """An application of a student this person may see, or 404."""
    from django.http import Http404

    try:
        return Application.objects.select_related("student", "student__college", "student__campaign").get(
            pk=pk, student__in=scoping.students_for(person))
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
