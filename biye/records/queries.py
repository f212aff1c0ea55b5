"""Reads of the records section, always starting from core.scoping."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from biye.core import concerned, scoping
from biye.core.models import Campaign, Discipline, Finding, Person, Student
from biye.records.models import Correction, EnglishNameCorrection, RecordCheck

# R2.7 checklist: the student confirmed (online or on paper), or has an application under review or approved.
HAS_CHECK = Q(Exists(RecordCheck.objects.filter(student=OuterRef("pk"))))
HAS_APPLICATION = Q(Exists(Correction.objects.filter(
    student=OuterRef("pk"), status__in=[*Correction.OPEN, Correction.Status.APPROVED])))
CHECKED = HAS_CHECK | HAS_APPLICATION


def corrections_for(person: Person, *, status: str | None = None, college_id: int | None = None) -> QuerySet[Correction]:
    """Applications of the students this person may see, newest first, ready for a table."""
    qs = Correction.objects.filter(student__in=scoping.students_for(person))
    if status:
        qs = qs.filter(status=status)
    if college_id is not None:
        qs = qs.filter(student__college_id=college_id)
    return qs.select_related("student", "student__college").annotate(files=Count("evidence"))


def get_correction_for(person: Person, pk: int) -> Correction:
    from django.http import Http404
    from django.utils.translation import gettext as _

    found = (
        Correction.objects.filter(pk=pk, student__in=scoping.students_for(person))
        .select_related("student", "student__college", "student__discipline", "student__campaign",
                        "submitted_by", "college_by", "gs_by")
        .first()
    )
    if found is None:
        raise Http404(_("没有找到该申请，或您无权查看。"))
    return found


def unchecked_students(person: Person, *, campaign: Campaign | None, college_id: int) -> QuerySet[Student]:
    """双证 students of the college who have not yet checked their record (for the paper confirmation list)."""
    qs = scoping.students_for(person).filter(concerned.receives_diploma(), college_id=college_id)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.exclude(CHECKED).select_related("discipline").order_by("number")


def check_counts(person: Person, *, campaign: Campaign | None, college_id: int) -> dict[str, int]:
    qs = scoping.students_for(person).filter(concerned.receives_diploma(), college_id=college_id)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.aggregate(total=Count("pk"), confirmed=Count("pk", filter=HAS_CHECK),
                        applied=Count("pk", filter=HAS_APPLICATION & ~HAS_CHECK))


def findings_for(person: Person, *, campaign: Campaign | None, college_id: int | None = None,
                 open_only: bool = True) -> QuerySet[Finding]:
    """R2.10: findings of the students this person may see."""
    qs = Finding.objects.filter(student__in=scoping.students_for(person))
    if campaign is not None:
        qs = qs.filter(student__campaign=campaign)
    if college_id is not None:
        qs = qs.filter(student__college_id=college_id)
    if open_only:
        qs = qs.filter(checked_at__isnull=True)
    return qs.select_related("student", "student__college", "checked_by").order_by("student__number", "code")


def discipline_table(*, search: str = "", campaign: Campaign | None = None, missing_only: bool = False) -> QuerySet[Discipline]:
    """附件5 as the Graduate School keeps it, with how many of the campaign's students each discipline has. The
    table is the school's public catalogue, not anybody's record: every signed-in member of staff may read it."""
    qs = Discipline.objects.all()
    if search:
        search = search.strip()
        qs = qs.filter(Q(code__icontains=search) | Q(name_zh__icontains=search) | Q(name_en__icontains=search))
    if missing_only:  # no English name, or (once the Graduate School has loaded 附件5) not in it
        has_catalogue = Discipline.objects.filter(in_catalogue=True).exists()
        qs = qs.filter(Q(name_en="") | Q(in_catalogue=False)) if has_catalogue else qs.filter(name_en="")
    students = Q(students__campaign=campaign) if campaign is not None else Q()
    pending = Q(english_corrections__status=EnglishNameCorrection.Status.PENDING)
    return qs.annotate(
        student_count=Count("students", filter=students, distinct=True),
        pending_count=Count("english_corrections", filter=pending, distinct=True),
    ).order_by("code")


def english_corrections_for(person: Person, *, status: str | None = None) -> QuerySet[EnglishNameCorrection]:
    """The Graduate School sees every proposal; a college its own."""
    roles = scoping.roles_of(person)
    qs = EnglishNameCorrection.objects.all() if roles.is_gs else EnglishNameCorrection.objects.filter(
        college_id__in=roles.college_ids)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("discipline", "college", "proposed_by", "decided_by")


def ready_to_submit(campaign: Campaign, college) -> list[str]:
    """R2.9: what stops the college from submitting its 附件6 sheet: applications it has not decided yet (the sheet
    goes to the Graduate School with the special-case applications the college approved)."""
    from django.utils.translation import gettext as _

    waiting = Correction.objects.filter(student__campaign=campaign, student__college=college,
                                        status=Correction.Status.COLLEGE).count()
    if waiting:
        return [_("还有 %(n)d 份学籍更正申请待学院审核，请先审核（同意或退回）") % {"n": waiting}]
    return []
