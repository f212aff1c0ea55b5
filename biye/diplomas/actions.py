"""R4 writes: numbering (R4.6), hand-out and signing for (R4.1, R4.2), the dossier route (R4.3), returned 结业
certificates (R4.4). The study certificates (R4.5) are in study.py."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import audit, calendar, codes, lateness, scoping, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Person, Role, Student, Submission
from biye.diplomas import contracts, numbering
from biye.diplomas.models import Certificate, HandoutPlan, JieyeReturn, Method, ReprintRequest

DOSSIER_TYPES = (codes.TrainingType.DIRECTED, codes.TrainingType.COMMISSIONED)
CERT_FIELDS = ["number", "conclusion", "void_at", "handed_at", "handed_by_id", "method", "receiver", "authorisation",
               "tracking_number", "signed_at", "signed_by_id", "sign_method", "reprints", "dossier_sent_at",
               "dossier_received_at", "dossier_received_by_id", "cover_signed_at"]
ATTESTATION_MESSAGE = _(
    "证书签收后，研究生院不再补印、补发（损坏、丢失或核对错误均同）。请按学校档案馆的要求申请补做学历证明书，"
    "学历证明书与原证书具有同等效力。您的申请已转档案馆。")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _locked(certificate: Certificate, version: int | None) -> Certificate:
    c = Certificate.objects.select_for_update().select_related("student", "student__campaign").get(pk=certificate.pk)
    if version is not None and version != c.version:
        raise ActionRefused(_("该证书的记录刚被其他人修改。请刷新页面，核对后再操作。"))
    return c


def _save(c: Certificate, by: Person, action: str, before: dict | None, at: dt.datetime, note: str = "") -> None:
    c.version += 1
    c.save()
    audit.record(by, action, c, before=before, after=audit.snapshot(c, CERT_FIELDS), student=c.student,
                 college=c.student.college, note=note, at=at)


# --- R4.6 numbers -----------------------------------------------------------------------------------------------


@transaction.atomic
def assign_numbers(*, campaign: Campaign, college: College, by: Person, now: dt.datetime | None = None) -> list[Certificate]:
    """R4.6: the college's graduates whose conclusions the Graduate School has accepted receive their certificates:
    a numbered 学历证书 (毕业/结业/肄业; 结业转毕业 keeps its 结业 number), and for 毕业 a 学位证书 record. Run when
    the GS accepts the college's 附件8; a student already holding a live certificate keeps it. A certificate whose
    conclusion was withdrawn is voided, and its number is never issued again."""
    scoping.require_graduate_school(by)
    at = _now(now)
    students = list(Student.objects.filter(campaign=campaign, college=college, certificate_type=codes.CertificateType.DUAL)
                    .select_related("college").order_by("number"))
    ids = [s.pk for s in students]
    conclusions = contracts.accepted(ids)
    live = {(c.student_id, c.kind): c for c in Certificate.objects.select_for_update()
            .filter(student_id__in=ids, void_at__isnull=True)}
    created: list[Certificate] = []
    for (student_id, kind), c in live.items():
        if kind == Certificate.Kind.DIPLOMA and conclusions.get(student_id) != c.conclusion:
            before = audit.snapshot(c, CERT_FIELDS)
            c.void_at = at
            c.student = next(s for s in students if s.pk == student_id)
            _save(c, by, "diplomas.void", before, at, note=_("毕业结论已撤销或变更；证书编号作废，不再使用"))
    live = {k: c for k, c in live.items() if c.void_at is None}
    kept = contracts.jieye_certificates([sid for sid, v in conclusions.items() if v == contracts.CONVERTED])
    needing: dict[str, list[Student]] = {}
    for s in students:
        conclusion = conclusions.get(s.pk)
        if conclusion is None or (s.pk, Certificate.Kind.DIPLOMA) in live:
            continue
        c = Certificate(student=s, kind=Certificate.Kind.DIPLOMA, conclusion=conclusion, numbered_at=at,
                        route=Certificate.Route.DOSSIER if s.training_type in DOSSIER_TYPES else Certificate.Route.COLLEGE)
        if conclusion == contracts.CONVERTED:
            old = kept.get(s.pk) or {}
            c.number = numbering.check_kept(s, campaign, old.get("number", ""), old.get("year"))
            c.keeps_number = True
        elif not s.is_international or campaign.number_international:
            needing.setdefault(s.level, []).append(s)
        created.append(c)
        if conclusion in (contracts.GRADUATED, contracts.CONVERTED) and (s.pk, Certificate.Kind.DEGREE) not in live:
            created.append(Certificate(student=s, kind=Certificate.Kind.DEGREE, conclusion=conclusion))
    fresh = {level: iter(numbering.take(campaign, level, len(group))) for level, group in needing.items()}
    waiting = {s.pk for group in needing.values() for s in group}
    for c in created:
        if c.kind == Certificate.Kind.DIPLOMA and c.student_id in waiting:
            c.number = next(fresh[c.student.level])
    Certificate.objects.bulk_create(created)
    if created:
        audit.record(by, "diplomas.number", college, after={"certificates": len(created),
                                                            "numbered": sum(1 for c in created if c.number)},
                     college=college, at=at)
    return created


@transaction.atomic
def prepare_degree_certificates(*, campaign: Campaign, college: College, by: Person,
                                now: dt.datetime | None = None) -> int:
    """R4.1: 单证 graduates receive only a 学位证书: the college lists them for hand-out and signing for."""
    scoping.require_handler(by, college)
    at = _now(now)
    have = Certificate.objects.filter(student__campaign=campaign, student__college=college, kind=Certificate.Kind.DEGREE,
                                      void_at__isnull=True).values("student_id")
    rows = [Certificate(student=s, kind=Certificate.Kind.DEGREE)
            for s in Student.objects.filter(campaign=campaign, college=college,
                                            certificate_type=codes.CertificateType.SINGLE).exclude(pk__in=have)]
    Certificate.objects.bulk_create(rows)
    if rows:
        audit.record(by, "diplomas.prepare_degree", college, after={"certificates": len(rows)}, college=college, at=at)
    return len(rows)


# --- R4.1 the plan, hand-out and signing for ---------------------------------------------------------------------


@transaction.atomic
def set_handout_plan(*, campaign: Campaign, college: College, by: Person, starts_at: dt.datetime, place: str,
                     methods: list[str], note: str = "", version: int | None = None) -> HandoutPlan:
    """R4.1: the college says when, where and how its graduates receive their certificates."""
    scoping.require_handler(by, college)
    place = place.strip()
    if not place:
        raise ActionRefused(_("请填写发放地点。"), field="place")
    if not methods or any(m not in Method.values for m in methods):
        raise ActionRefused(_("请至少选择一种领取方式（本人领取、委托代领、邮寄）。"), field="methods")
    plan = HandoutPlan.objects.select_for_update().filter(campaign=campaign, college=college).first()
    fields = ["starts_at", "place", "in_person", "proxy", "post", "note"]
    before = audit.snapshot(plan, fields) if plan else None
    if plan is None:
        plan = HandoutPlan(campaign=campaign, college=college, version=0)
    elif version is not None and version != plan.version:
        raise ActionRefused(_("发放方案刚被其他人修改。请刷新页面，核对后再保存。"))
    plan.starts_at, plan.place, plan.note = starts_at, place, note.strip()
    for m in Method.values:
        setattr(plan, m, m in methods)
    plan.version += 1
    plan.save()
    audit.record(by, "diplomas.plan", plan, before=before, after=audit.snapshot(plan, fields), college=college)
    return plan


def _require_college_hands(by: Person, c: Certificate) -> None:
    scoping.require_handler(by, c.student.college_id)


def _refuse_if_delayed(s: Student, at: dt.datetime) -> None:
    """R5.2: "学历注册、证书发放延迟" for a college that is late (core/lateness.py): until the Graduate School
    accepts the form it missed, or until the work undone at its deadline is done; the 学位证书 is not held back."""
    late = next(iter(lateness.late_colleges(s.campaign, students=Student.objects.filter(college_id=s.college_id),
                                            colleges=[s.college], now=at)), None)
    if late is None or not late.delayed:
        return
    why = "；".join(_("%(what)s（%(reason)s，自 %(since)s 起；%(ends)s）") % {
        "what": r.what, "reason": r.reason, "since": calendar.format_start(r.since), "ends": r.ends}
        for r in late.reasons if r.lasting)
    raise ActionRefused(_("%(college)s逾期，学历证书暂缓发放（R5.2）：%(why)s。") % {"college": s.college.name, "why": why})


@transaction.atomic
def hand_over(*, certificate: Certificate, by: Person, method: str, receiver: str = "", authorisation: str = "",
              tracking_number: str = "", version: int | None = None, now: dt.datetime | None = None) -> Certificate:
    """R4.1: the college hands one certificate over, in person, to a proxy with a signed authorisation, or by post
    with a tracking number. A 结业转毕业 diploma waits for the 结业 certificate back (R4.4); a diploma routed to
    the dossier office is not handed out at the college (R4.3)."""
    at = _now(now)
    c = _locked(certificate, version)
    _require_college_hands(by, c)
    s = c.student
    if c.void_at is not None:
        raise ActionRefused(_("该证书已作废（毕业结论已撤销或变更），不能发放。"))
    if c.handed_at is not None:
        raise ActionRefused(_("该证书已于 %(at)s 发放。") % {"at": timezone.localtime(c.handed_at).strftime("%Y-%m-%d %H:%M")})
    if c.kind == Certificate.Kind.DIPLOMA and c.route == Certificate.Route.DOSSIER:
        raise ActionRefused(_("定向、委培研究生的学历证书由研究生院直接移交学生档案室，学院只发放证书封皮。"))
    if c.kind == Certificate.Kind.DIPLOMA:
        _refuse_if_delayed(s, at)
    if c.kind == Certificate.Kind.DIPLOMA and c.conclusion == contracts.CONVERTED and not JieyeReturn.objects.filter(student=s).exists():
        raise ActionRefused(_("结业转毕业的研究生须先向学院交回结业证书，学院登记交回后方可领取毕业证书。"))
    receiver = receiver.strip()
    if method == Method.IN_PERSON:
        receiver = receiver or s.name
    elif method == Method.PROXY:
        if not receiver or not authorisation.strip():
            raise ActionRefused(_("委托代领须填写代领人姓名，并登记研究生本人签字的授权书。"), field="authorisation")
    elif method == Method.POST:
        if not tracking_number.strip():
            raise ActionRefused(_("邮寄须填写快递单号。"), field="tracking_number")
        receiver = receiver or s.name
    else:
        raise ActionRefused(_("请选择领取方式。"), field="method")
    before = audit.snapshot(c, CERT_FIELDS)
    c.handed_at, c.handed_by, c.method, c.receiver = at, by, method, receiver
    c.authorisation, c.tracking_number = authorisation.strip(), tracking_number.strip()
    _save(c, by, "diplomas.hand_over", before, at)
    return c


@transaction.atomic
def sign_for(*, certificate: Certificate, by: Person, version: int | None = None, now: dt.datetime | None = None) -> Certificate:
    """R4.1/R4.2: "核对无误": the graduate confirms online, or the college records the paper signature. From now
    on no reprint."""
    at = _now(now)
    c = _locked(certificate, version)
    r = scoping.roles_of(by)
    if r.student_id == c.student_id:
        method = Certificate.SignMethod.ONLINE
    else:
        _require_college_hands(by, c)
        method = Certificate.SignMethod.PAPER
    if c.handed_at is None:
        raise ActionRefused(_("证书尚未发放，不能签收。"))
    if c.signed_at is not None:
        raise ActionRefused(_("该证书已签收。"))
    before = audit.snapshot(c, CERT_FIELDS)
    c.signed_at, c.signed_by, c.sign_method = at, by, method
    _save(c, by, "diplomas.sign_for", before, at)
    return c


def request_reprint(*, certificate: Certificate, by: Person, reason: str, now: dt.datetime | None = None) -> ReprintRequest:
    """R4.2: a misprint found before signing goes back for reprinting (recorded, the certificate is handed out
    again). After signing, the request is recorded for the archives and refused: ActionRefused with the message
    that points to the 学历证明书 (raised after the record is stored)."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("请写明原因（损坏、丢失或哪一项有误）。"), field="reason")
    with transaction.atomic():
        at = _now(now)
        c = _locked(certificate, None)
        scoping.require_can_act_for(by, c.student)
        before = audit.snapshot(c, CERT_FIELDS)
        if c.signed_at is None:
            request = ReprintRequest.objects.create(certificate=c, kind=ReprintRequest.Kind.REPRINT, reason=reason, at=at, by=by)
            c.reprints += 1
            c.handed_at = c.handed_by = None
            c.method = c.receiver = c.authorisation = c.tracking_number = ""
            _save(c, by, "diplomas.reprint", before, at, note=reason)
            return request
        request = ReprintRequest.objects.create(certificate=c, kind=ReprintRequest.Kind.ATTESTATION, reason=reason, at=at, by=by)
        audit.record(by, "diplomas.attestation_referral", request, student=c.student, college=c.student.college,
                     note=reason, at=at)
    raise ActionRefused(str(ATTESTATION_MESSAGE), field="reason")


@transaction.atomic
def mark_attestation_done(*, request: ReprintRequest, by: Person, now: dt.datetime | None = None) -> ReprintRequest:
    """R4.2: the archives have issued the 学历证明书."""
    scoping.require_role(by, Role.ARCHIVES)
    at = _now(now)
    request = ReprintRequest.objects.select_for_update().select_related("certificate__student").get(pk=request.pk)
    if request.kind != ReprintRequest.Kind.ATTESTATION or request.done_at is not None:
        raise ActionRefused(_("该申请无需档案馆办理，或已办结。"))
    request.done_at, request.done_by = at, by
    request.save(update_fields=["done_at", "done_by"])
    audit.record(by, "diplomas.attestation_done", request, student=request.certificate.student, at=at)
    return request


# --- R4.3 the dossier route ---------------------------------------------------------------------------------------


@transaction.atomic
def send_to_dossier(*, campaign: Campaign, by: Person, now: dt.datetime | None = None) -> int:
    """R4.3: the Graduate School hands the numbered diplomas of directed and commissioned graduates to the student
    dossier office, as one batch."""
    scoping.require_graduate_school(by)
    at = _now(now)
    rows = Certificate.objects.filter(student__campaign=campaign, kind=Certificate.Kind.DIPLOMA, route=Certificate.Route.DOSSIER,
                                      void_at__isnull=True, dossier_sent_at__isnull=True)
    n = rows.update(dossier_sent_at=at)
    if n:
        audit.record(by, "diplomas.dossier_send", campaign, after={"certificates": n}, at=at)
    return n


@transaction.atomic
def confirm_dossier_receipt(*, certificate: Certificate, by: Person, now: dt.datetime | None = None) -> Certificate:
    """R4.3: the archives confirm each diploma received."""
    scoping.require_role(by, Role.ARCHIVES)
    at = _now(now)
    c = _locked(certificate, None)
    if c.route != Certificate.Route.DOSSIER or c.dossier_sent_at is None:
        raise ActionRefused(_("研究生院尚未移交该证书。"))
    if c.dossier_received_at is not None:
        raise ActionRefused(_("该证书已签收入档。"))
    before = audit.snapshot(c, CERT_FIELDS)
    c.dossier_received_at, c.dossier_received_by = at, by
    _save(c, by, "diplomas.dossier_receive", before, at)
    return c


@transaction.atomic
def sign_cover(*, certificate: Certificate, by: Person, now: dt.datetime | None = None) -> Certificate:
    """R4.3: a directed or commissioned graduate signs for the cover only, at the college."""
    at = _now(now)
    c = _locked(certificate, None)
    if scoping.roles_of(by).student_id != c.student_id:
        _require_college_hands(by, c)
    if c.route != Certificate.Route.DOSSIER:
        raise ActionRefused(_("只有定向、委培研究生在学院领取证书封皮。"))
    if c.cover_signed_at is not None:
        raise ActionRefused(_("证书封皮已领取。"))
    before = audit.snapshot(c, CERT_FIELDS)
    c.cover_signed_at = at
    _save(c, by, "diplomas.cover", before, at)
    return c


# --- R4.4 结业 certificates returned ------------------------------------------------------------------------------


@transaction.atomic
def record_jieye_return(*, student: Student, by: Person, number: str, now: dt.datetime | None = None) -> JieyeReturn:
    """R4.4: the college takes back a 结业转毕业 graduate's 结业 certificate; its number must be the roster's
    原结业证书编号."""
    scoping.require_handler(by, student.college_id)
    submissions.require_not_frozen(campaign=student.campaign, college=student.college_id,
                                   kind=Submission.Kind.CERTIFICATE_RETURN)
    at = _now(now)
    old = contracts.jieye_certificates([student.pk]).get(student.pk)
    if old is None:
        raise ActionRefused(_("%(s)s 没有原结业证书记录（不是结业转毕业的研究生）。") % {"s": student}, field="number")
    number = number.strip()
    if number != old["number"]:
        raise ActionRefused(_("交回的结业证书编号“%(n)s”与学籍中的原结业证书编号不一致，请核对证书。") % {"n": number}, field="number")
    if JieyeReturn.objects.filter(student=student).exists():
        raise ActionRefused(_("该生的结业证书已登记交回。"), field="number")
    row = JieyeReturn.objects.create(student=student, number=number, returned_at=at, recorded_by=by)
    audit.record(by, "diplomas.jieye_return", row, student=student, college=student.college, at=at)
    return row
