"""R4 reads, always from core/scoping.py; and the facts diplomas publishes for other sections."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet

from biye.core import codes, scoping
from biye.core.models import Campaign, College, Person, Student
from biye.diplomas import contracts
from biye.diplomas.models import Certificate, HandoutPlan, JieyeReturn, ReprintRequest, StudyCertificate

_LIVE = Certificate.objects.filter(student=OuterRef("pk"), void_at__isnull=True)
# R4.1 checklist: every live certificate signed for (or, on the dossier route, the cover signed for).
HAS_CERTIFICATE = Exists(_LIVE)
UNSIGNED = Exists(_LIVE.filter(signed_at__isnull=True, cover_signed_at__isnull=True))
SIGNED_ALL = Q(HAS_CERTIFICATE) & ~Q(UNSIGNED)
DOSSIER = Q(training_type__in=[codes.TrainingType.DIRECTED, codes.TrainingType.COMMISSIONED])
STUDY_REGISTERED = Exists(StudyCertificate.objects.filter(student=OuterRef("pk")))


def certificates_for(person: Person, campaign: Campaign, college: College | None = None) -> QuerySet[Certificate]:
    students = scoping.students_for(person).filter(campaign=campaign)
    if college is not None:
        students = students.filter(college=college)
    # "-kind": the 学历证书 (diploma) before the 学位证书 (degree)
    return (Certificate.objects.filter(student__in=students, void_at__isnull=True)
            .select_related("student", "student__college").order_by("student__number", "-kind"))


def plan_of(campaign: Campaign, college_id: int) -> HandoutPlan | None:
    return HandoutPlan.objects.filter(campaign=campaign, college_id=college_id).first()


def attestation_requests(person: Person) -> QuerySet[ReprintRequest]:
    """R4.2: the requests after signing, for the archives (and the GS): student, reason, date."""
    r = scoping.roles_of(person)
    qs = ReprintRequest.objects.filter(kind=ReprintRequest.Kind.ATTESTATION).select_related(
        "certificate__student__college")
    if r.is_gs or r.has("archives"):
        return qs
    return qs.filter(certificate__student__in=scoping.students_for(person))


def dossier_certificates(person: Person, campaign: Campaign) -> QuerySet[Certificate]:
    """R4.3: the diplomas routed to the student dossier office, as the archives see them."""
    return certificates_for(person, campaign).filter(kind=Certificate.Kind.DIPLOMA, route=Certificate.Route.DOSSIER)


def study_certificates_for(person: Person, campaign: Campaign, college: College) -> QuerySet[StudyCertificate]:
    scoping.require_college_staff(person, college)
    return StudyCertificate.objects.filter(campaign=campaign, college=college).order_by("number")


# --- facts published (core/facts.py) -------------------------------------------------------------------------------


def numbers(ids: Sequence[int]) -> dict[int, str]:
    """"diplomas.number": the 学历证书 number (ZSBH of the registration file)."""
    return dict(Certificate.objects.filter(student_id__in=ids, kind=Certificate.Kind.DIPLOMA, void_at__isnull=True,
                                           number__isnull=False).values_list("student_id", "number"))


def jieye_returned(ids: Sequence[int]) -> dict[int, object]:
    """"diplomas.jieye_returned": when the 结业 certificate came back to the college (R4.4)."""
    return dict(JieyeReturn.objects.filter(student_id__in=ids).values_list("student_id", "returned_at"))


def colleges_owing_returns(campaign: Campaign) -> set[int]:
    """R4.4/R5.2: colleges with a 结业转毕业 candidate owe the batch of returned 结业 certificates."""
    from biye.core import facts

    if contracts.JIEYE_CERTIFICATE not in facts.keys():
        return set()  # no section publishes the original 结业 numbers: nobody is converting
    rows = list(Student.objects.filter(campaign=campaign).values_list("pk", "college_id"))
    owing = contracts.jieye_certificates([pk for pk, _ in rows])
    return {college_id for pk, college_id in rows if pk in owing}


def returns_ready(campaign: Campaign, college: College) -> list[str]:
    """What stops a college from sending its batch: nothing returned yet."""
    from django.utils.translation import gettext as _

    n = JieyeReturn.objects.filter(student__campaign=campaign, student__college=college).count()
    return [] if n else [_("尚未登记任何交回的结业证书")]


def study_ready(campaign: Campaign, college: College) -> list[str]:
    from django.utils.translation import gettext as _

    n = StudyCertificate.objects.filter(campaign=campaign, college=college).count()
    return [] if n else [_("尚未登记任何学习证明申请")]


def checklist_note(student: Student) -> str:
    """R4.1/R4.3 on the student's checklist: the college's hand-out plan and where the diploma is."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    lines = []
    plan = plan_of(student.campaign, student.college_id)
    if plan is None:
        lines.append(_("学院尚未公布证书发放方案。"))
    else:
        lines.append(_("学院证书发放方案：%(when)s，%(place)s；领取方式：%(how)s。%(note)s") % {
            "when": f"{timezone.localtime(plan.starts_at):%Y-%m-%d %H:%M}", "place": plan.place,
            "how": "、".join(plan.methods()), "note": plan.note})
    for c in Certificate.objects.filter(student=student, void_at__isnull=True, route=Certificate.Route.DOSSIER):
        where = _("学生档案室已签收") if c.dossier_received_at else (
            _("研究生院已移交学生档案室") if c.dossier_sent_at else _("待研究生院移交学生档案室"))
        cover = _("已领取证书封皮") if c.cover_signed_at else _("请到学院领取证书封皮")
        lines.append(_("您的学历证书（定向、委培）：%(where)s；%(cover)s。") % {"where": where, "cover": cover})
    return "\n".join(lines)
