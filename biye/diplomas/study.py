"""R4.5 (附件9): master's-phase study certificates for 硕博连读 graduates: the college registers the request, submits
the list with the dean's sign-off (core/submissions.py), the Graduate School issues each certificate as a PDF
with a verification code that anybody can check at /verify/<code>."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import audit, official, scoping, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Person, Student, Submission
from biye.diplomas import contracts
from biye.diplomas.models import StudyCertificate

KIND = Submission.Kind.STUDY_CERTIFICATES
ELIGIBLE = (contracts.GRADUATED, contracts.COMPLETED, contracts.CONVERTED)
FIELDS = ["number", "name", "gender", "id_number", "master_number", "master_discipline", "master_from", "master_to",
          "to_phd_on", "finished_on", "note"]


@dataclass
class Phase:
    """The master's-phase data the roster lacks."""

    master_number: str
    master_discipline: str
    master_from: dt.date
    master_to: dt.date
    to_phd_on: dt.date
    finished_on: dt.date
    note: str = ""


def _check_phase(phase: Phase) -> None:
    if not phase.master_number.strip() or not phase.master_discipline.strip():
        raise ActionRefused(_("请填写硕士阶段学号和硕士阶段专业。"), field="master_number")
    if phase.master_from >= phase.master_to:
        raise ActionRefused(_("硕士阶段的起始时间应早于截止时间。"), field="master_to")
    if phase.to_phd_on < phase.master_from:
        raise ActionRefused(_("转博时间不能早于硕士阶段起始时间。"), field="to_phd_on")
    if phase.finished_on < phase.to_phd_on:
        raise ActionRefused(_("毕（结）业时间不能早于转博时间。"), field="finished_on")


def refusal_for(student: Student) -> str | None:
    """Why this campaign's student cannot have a study certificate (None: eligible)."""
    if not student.is_combined:
        return _("%(s)s 不是硕博连读研究生。") % {"s": student}
    conclusion = contracts.accepted([student.pk]).get(student.pk) or contracts.submitted([student.pk]).get(student.pk)
    if conclusion not in ELIGIBLE:
        return _("%(s)s 仍属在籍、尚未毕（结）业，不能申请硕士阶段学习证明（通知：仍属在籍的未毕（结）业硕博连读研究生不得申请）。") % {"s": student}
    return None


@transaction.atomic
def register(*, campaign: Campaign, college: College, by: Person, phase: Phase, student: Student | None = None,
             number: str = "", name: str = "", gender: str = "", id_number: str = "",
             now: dt.datetime | None = None) -> StudyCertificate:
    """R4.5: the college registers a request: for a graduate of this campaign from the roster (eligibility
    checked), for a graduate of an earlier year by hand (number, name, gender, ID number)."""
    scoping.require_handler(by, college)
    submissions.require_not_frozen(campaign=campaign, college=college, kind=KIND)
    _check_phase(phase)
    at = now or timezone.now()
    if student is not None:
        if student.college_id != college.pk or student.campaign_id != campaign.pk:
            raise ActionRefused(_("该生不是本学院本届的研究生；往届毕业生请手工填写。"), field="number")
        reason = refusal_for(student)
        if reason:
            raise ActionRefused(reason, field="number")
        number, name, gender, id_number = student.number, student.name, student.gender, student.id_number
    else:
        number, name, gender, id_number = number.strip(), name.strip(), gender.strip(), id_number.strip()
        if not (number and name and gender and id_number):
            raise ActionRefused(_("往届毕业生请填写学号、姓名、性别和证件号码。"), field="number")
        if Student.objects.filter(campaign=campaign, number=number).exists():
            raise ActionRefused(_("学号 %(n)s 是本届研究生，请从名单中选择，不要手工填写。") % {"n": number}, field="number")
        if phase.finished_on.year >= campaign.year and phase.finished_on > at.date():
            raise ActionRefused(_("毕（结）业时间晚于今天：仍属在籍的研究生不得申请。"), field="finished_on")
    if StudyCertificate.objects.filter(campaign=campaign, number=number).exists():
        raise ActionRefused(_("学号 %(n)s 已登记。") % {"n": number}, field="number")
    row = StudyCertificate.objects.create(
        campaign=campaign, college=college, student=student, number=number, name=name, gender=gender,
        id_number=id_number, master_number=phase.master_number.strip(), master_discipline=phase.master_discipline.strip(),
        master_from=phase.master_from, master_to=phase.master_to, to_phd_on=phase.to_phd_on,
        finished_on=phase.finished_on, note=phase.note.strip(), registered_at=at, registered_by=by)
    audit.record(by, "diplomas.study_register", row, after=audit.snapshot(row, FIELDS), student=student,
                 college=college, at=at)
    return row


@transaction.atomic
def issue(*, certificate: StudyCertificate, by: Person, now: dt.datetime | None = None) -> StudyCertificate:
    """R4.5: the Graduate School issues the certificate once the college's 附件9 is accepted; the code is drawn
    from the operating system's random source and cannot be guessed."""
    scoping.require_graduate_school(by)
    at = now or timezone.now()
    c = StudyCertificate.objects.select_for_update().get(pk=certificate.pk)
    state = Submission.objects.filter(campaign=c.campaign, college=c.college, kind=KIND).values_list("state", flat=True).first()
    if state != Submission.State.ACCEPTED:
        raise ActionRefused(_("该学院的附件9尚未由研究生院接收，不能开具学习证明。"))
    if c.issued_at is not None:
        raise ActionRefused(_("该学习证明已开具。"))
    c.issued_at, c.issued_by, c.code = at, by, secrets.token_urlsafe(16)
    c.save(update_fields=["issued_at", "issued_by", "code"])
    audit.record(by, "diplomas.study_issue", c, student=c.student, college=c.college, at=at)
    return c


def certified_text(c: StudyCertificate) -> str:
    """What the certificate certifies, in one sentence (the PDF and the verify page say the same)."""
    return _("%(name)s 于 %(start)s 至 %(end)s 在我校攻读硕士学位（专业：%(discipline)s），"
             "%(phd)s 转为攻读博士学位（硕博连读），%(done)s 毕（结）业。") % {
        "name": c.name, "start": f"{c.master_from:%Y年%m月}",
        "end": f"{c.master_to:%Y年%m月}", "discipline": c.master_discipline, "phd": f"{c.to_phd_on:%Y年%m月}",
        "done": f"{c.finished_on:%Y年%m月}"}


def pdf(c: StudyCertificate, verify_url: str) -> bytes:
    """The certificate as one A4 page, the Chinese font embedded (the same font as every official form)."""
    from fpdf import FPDF

    if c.issued_at is None or not c.code:
        raise ActionRefused(_("该学习证明尚未开具。"))
    doc = FPDF(orientation="P", unit="mm", format="A4")
    doc.add_font(official.FONT_NAME, fname=str(official.font_path()))
    doc.set_creator("Biye")
    doc.add_page()
    doc.set_margins(25, 30, 25)
    doc.set_y(40)
    doc.set_font(official.FONT_NAME, size=22)
    doc.cell(0, 14, _("学习证明"), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(12)
    doc.set_font(official.FONT_NAME, size=13)
    doc.multi_cell(0, 9, "　　" + certified_text(c) + _("特此证明。"), new_x="LMARGIN", new_y="NEXT")
    doc.ln(20)
    doc.cell(0, 8, _("研究生院（盖章）"), align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 8, f"{timezone.localtime(c.issued_at):%Y年%m月%d日}", align="R", new_x="LMARGIN", new_y="NEXT")
    doc.ln(30)
    doc.set_font(official.FONT_NAME, size=9)
    doc.multi_cell(0, 6, _("验证码：%(code)s　　验证网址：%(url)s") % {"code": c.code, "url": verify_url})
    buffer = io.BytesIO()
    doc.output(buffer)
    return buffer.getvalue()
