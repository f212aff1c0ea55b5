"""R1 reads: the two lists of the notice, the students on neither, and each student's collection status.
Every read for a person starts from scoping.students_for().

Only a graduate who receives a 学历证书 (concerned.receives_diploma: 双证) is concerned: the photo exists for the
学历电子注册 of that certificate, so a 单证 graduate is on neither list and is never "cannot be registered".

The lists are the lists as published, not what is left to do: 附件1 (who had to be collected) keeps a student
who has since been collected, with the status 已采集 and the date and way, so a college can follow its progress;
附件2 is who already had a photo before this campaign's collection. What decides it is the photo state before
the campaign's first collection: a photo on file with no collection recorded (the roster's 入学时已采集), or a
collection whose row says a photo was already on file (PhotoCollection.had_photo_before, set once).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import concerned, scoping
from biye.core.models import Campaign, Person, Student
from biye.photos.models import InclusionRequest, PhotoCollection

LISTS = ("a", "b", "other")

# R1.6: who cannot be registered (学历电子注册) for want of a photo: a graduate who receives a 学历证书 and has
# none. Every later export that concerns registration (附件8, 毕业报库) filters or marks its rows with this, or
# with registration_blocked() below.
REGISTRATION_BLOCKED = concerned.receives_diploma() & Q(photo_on_file=False)


def registration_blocked(students: QuerySet[Student]) -> QuerySet[Student]:
    """R1.6: the students of `students` who cannot be registered until a photo is on file."""
    return students.filter(REGISTRATION_BLOCKED)


def approved_inclusion() -> Exists:
    return Exists(
        InclusionRequest.objects.filter(student=OuterRef("pk"), state=InclusionRequest.State.APPROVED)
    )


def had_photo_before() -> Q:
    """A photo on file before this campaign's collection (附件2): from the roster, or kept on the collection."""
    collected = Exists(PhotoCollection.objects.filter(student=OuterRef("pk")))
    kept = Exists(PhotoCollection.objects.filter(student=OuterRef("pk"), had_photo_before=True))
    return (Q(photo_on_file=True) & ~collected) | kept


def is_had_photo_before(student: Student) -> bool:
    """had_photo_before() for one student."""
    c = collection_of(student)
    return c.had_photo_before if c is not None else student.photo_on_file


def list_q(campaign: Campaign, which: str) -> Q:
    """附件1 (a): had to be collected — no photo before, and enrolled by the cutoff year or included on approval
    (R1.1, R1.3); stays on it once collected. 附件2 (b): a photo on file before, may be collected again (R1.2).
    other: neither (R1.3). Only graduates who receive a 学历证书 (R1.6)."""
    concerned_ = Q(campaign=campaign) & concerned.receives_diploma()
    listed_a = concerned.enrolled_by_cutoff(campaign) | approved_inclusion()
    if which == "a":
        return concerned_ & ~had_photo_before() & listed_a
    if which == "b":
        return concerned_ & had_photo_before()
    if which == "other":
        return concerned_ & ~had_photo_before() & ~listed_a
    raise ValueError(which)


def photo_list(
    person: Person, *, campaign: Campaign, which: str, college_id: int | None = None, search: str = ""
) -> QuerySet[Student]:
    """One of the lists, scoped to what `person` may see, ready for a page or an export (no query per row)."""
    return annotate_for_status(scoping.students_for(person), campaign=campaign, which=which,
                               college_id=college_id, search=search)


def annotate_for_status(
    students: QuerySet[Student], *, campaign: Campaign, which: str, college_id: int | None = None, search: str = ""
) -> QuerySet[Student]:
    qs = students.filter(list_q(campaign, which))
    if college_id is not None:
        qs = qs.filter(college_id=college_id)
    if search:
        search = search.strip()
        qs = qs.filter(Q(number__icontains=search) | Q(name__icontains=search))
    pending = Exists(InclusionRequest.objects.filter(student=OuterRef("pk"), state=InclusionRequest.State.PENDING))
    return (
        qs.select_related("college", "discipline", "photo_collection")
        .annotate(photo_included=approved_inclusion(), photo_pending=pending)
        .order_by("college__code", "number")
    )


def collection_of(student: Student) -> PhotoCollection | None:
    try:
        return student.photo_collection
    except PhotoCollection.DoesNotExist:
        return None


def status_label(student: Student) -> str:
    """采集状态, as the lists and the vendor's pages show it, e.g. 已采集（线上 2020-06-10）."""
    c = collection_of(student)
    if student.photo_on_file and c is not None:
        day = f"{timezone.localtime(c.collected_at):%Y-%m-%d}"
        if c.paper_received_on is not None:
            return _("已采集（%(method)s %(day)s，学院%(received)s收到纸质照片）") % {
                "method": c.method, "day": day, "received": f"{c.paper_received_on:%Y-%m-%d}"
            }
        return _("已采集（%(method)s %(day)s）") % {"method": c.method, "day": day}
    if student.photo_on_file:
        return _("入学时已采集")
    if getattr(student, "photo_included", False):
        return _("未采集（学院申请列入）")
    if getattr(student, "photo_pending", False):
        return _("未采集（列入申请待审核）")
    return _("未采集")


def category(student: Student) -> str:
    """For the student's page: "must" (list A, collected or not), "may" (list B), "neither" (ask the college)
    or "none" (单证: receives no 学历证书, so no photo is needed)."""
    campaign = student.campaign
    if not concerned.is_receiving_diploma(student):
        return "none"
    if is_had_photo_before(student):
        return "may"
    if concerned.is_enrolled_by_cutoff(student, campaign):
        return "must"
    if InclusionRequest.objects.filter(student=student, state=InclusionRequest.State.APPROVED).exists():
        return "must"
    return "neither"


def inclusion_requests_for(person: Person) -> QuerySet[InclusionRequest]:
    """R1.3 requests of the students this person may see."""
    return InclusionRequest.objects.filter(student__in=scoping.students_for(person)).select_related(
        "student", "student__college", "requested_by", "decided_by"
    )


def recent_collections_for(person: Person, *, campaign: Campaign, search: str = "") -> QuerySet[PhotoCollection]:
    """The vendor's page: the latest recorded collections of the campaign."""
    qs = PhotoCollection.objects.filter(
        student__in=scoping.photo_subjects_for(person).filter(campaign=campaign)
    ).select_related("student", "student__college")
    if search:
        search = search.strip()
        qs = qs.filter(Q(student__number__icontains=search) | Q(student__name__icontains=search))
    return qs.order_by("-recorded_at", "-id")
