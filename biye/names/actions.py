"""Every change to a name's pinyin (R2.1, R2.2, R2.5, R2.6): one audited action each.

Calendar (R5.1, server side, Asia/Shanghai):
- the student files until the pinyin deadline (姓名拼音填报, 06-12 inclusive);
- after it, the college fills in blank (or corrects) spellings, and confirmations are taken, until the college
  submits the verified sheet (06-18 inclusive).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import audit, calendar, concerned, scoping, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Deadline, Person, Student, Submission
from biye.names import queries
from biye.names.models import NameRecord

AUDITED = [
    "spelling", "source", "reason", "mismatch", "filed_at", "filed_by_id", "confirmed_at", "confirmed_by_id",
    "method", "paper_signed_on", "changed_after_confirmation",
]


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require_dual(student: Student) -> None:
    if not concerned.is_receiving_diploma(student):
        raise ActionRefused(_("单证研究生无需填报姓名拼音，也不需要确认证书英文姓名。"))


def _require_sheet_open(campaign: Campaign, college: College | int) -> None:
    """R2.9: the pinyin is a column of the 附件6 sheet; while the college's sheet is submitted it cannot change."""
    submissions.require_not_frozen(campaign=campaign, college=college, kind=Submission.Kind.VERIFICATION)


def _locked_record(student: Student, version: int | None) -> NameRecord:
    """The student's record, locked for this transaction (an unsaved one if nothing was filed), refusing a
    stale version: what the person saw is no longer what is stored."""
    record = NameRecord.objects.select_for_update().filter(student=student).first()
    if record is None:
        record = NameRecord(student=student, version=0)
    record.student = student  # already loaded, with its college, for the audit event
    if version is not None and version != record.version:
        raise ActionRefused(
            _("该学生的姓名拼音已被修改（当前为“%(spelling)s”）。请刷新页面，核对最新内容后再提交。")
            % {"spelling": record.spelling or _("空")}
        )
    return record


def _clean(spelling: str) -> str:
    return " ".join(spelling.split())


class NeedsReason(ActionRefused):
    """R2.2, R2.8: the spelling is not a reading of the name, or is a reading not written in the diploma format;
    it is stored only with a reason. `problems` says where (in Chinese, the first wrong character first);
    `formatted` is the diploma format of the same readings when only the writing differs ("" otherwise)."""

    def __init__(self, message: str, *, problems: list[str], formatted: str) -> None:
        super().__init__(message, field="reason")
        self.problems, self.formatted = problems, formatted


def _deviations(student: Student, spelling: str) -> tuple[list[str], str]:
    """What makes `spelling` need a reason, and the diploma format when that is all (see NeedsReason)."""
    if student.is_international:
        # 留学生: the name as on the passport, in letters; it is not a pinyin, so there is no reading to check.
        problem = queries.passport_spelling_problem(spelling)
        if problem:
            raise ActionRefused(problem, field="spelling")
        return [], ""
    problems = queries.problems_in_chinese(student.name, spelling)
    if problems:
        return problems, ""
    formatted = queries.diploma_format(student.name, spelling, student.campaign.pinyin_style)
    if formatted:
        return [_("写法与证书格式不符：证书按拼写规则印作“%(formatted)s”（姓、名各为一词，首字母大写）。")
                % {"formatted": formatted}], formatted
    return [], ""


def _set(
    record: NameRecord, *, student: Student, spelling: str, reason: str, source: str, by: Person, at: dt.datetime
) -> dict | None:
    """R2.2, R2.8: the diploma prints the spelling exactly, so one that is not a reading of the name, or not in
    the diploma format, needs a reason; the college and the Graduate School see both, and it is a risk."""
    spelling, reason = _clean(spelling), reason.strip()
    if not spelling:
        raise ActionRefused(_("请填写姓名拼音（全拼）。"), field="spelling")
    problems, formatted = _deviations(student, spelling)
    if problems and not reason:
        if formatted:
            message = _("“%(spelling)s”是姓名“%(name)s”的读音，但证书按“%(formatted)s”印制。请改用该写法；如确需按此填写，请在“原因说明”中写明原因。") % {
                "spelling": spelling, "name": student.name, "formatted": formatted}
        else:
            message = _("“%(spelling)s”不是姓名“%(name)s”的读音：%(problems)s 请改正拼音；如确需按此填写（例如护照上的写法），请在“原因说明”中写明原因。") % {
                "spelling": spelling, "name": student.name, "problems": " ".join(problems)}
        raise NeedsReason(message, problems=problems, formatted=formatted)
    before = audit.snapshot(record, AUDITED) if record.pk else None
    record.set_spelling(
        spelling=spelling,
        source=source,
        reason=reason if problems else "",
        mismatch="\n".join(problems),
        by=by,
        at=at,
    )
    record.save()
    return before


@transaction.atomic
def file_pinyin(
    *, student: Student, by: Person, spelling: str, reason: str = "", version: int | None, now: dt.datetime | None = None
) -> NameRecord:
    """R2.1, R2.2: the student files the full pinyin of their name (核对和修改个人信息)."""
    scoping.require_self(by, student)
    _require_dual(student)
    at = _now(now)
    calendar.require_open(student.campaign, Deadline.Kind.PINYIN_FILING, at)
    _require_sheet_open(student.campaign, student.college_id)
    record = _locked_record(student, version)
    before = _set(record, student=student, spelling=spelling, reason=reason, source=NameRecord.Source.STUDENT, by=by, at=at)
    audit.record(by, "names.file", record, before=before, after=audit.snapshot(record, AUDITED), student=student,
                 note=record.reason, at=at)
    return record


def _require_fill_in_window(student_or_campaign, at: dt.datetime) -> None:
    campaign = getattr(student_or_campaign, "campaign", student_or_campaign)
    if not calendar.is_past(campaign, Deadline.Kind.PINYIN_FILING, at):
        closes = calendar.deadline(campaign, Deadline.Kind.PINYIN_FILING).closes
        raise ActionRefused(
            _("学生填报截止（%(closes)s）之前，由学生本人填报；截止后学院才能补全或修改。")
            % {"closes": calendar.format_due(closes)}
        )
    calendar.require_open(campaign, Deadline.Kind.VERIFICATION_SUBMIT, at)


@transaction.atomic
def fill_pinyin(
    *, student: Student, by: Person, spelling: str, reason: str = "", version: int | None, now: dt.datetime | None = None
) -> NameRecord:
    """R2.6: after the filing deadline the college fills in an empty spelling (or corrects one); the student
    must then confirm it. Changing a confirmed spelling clears the confirmation."""
    scoping.require_handler(by, student.college_id)
    _require_dual(student)
    at = _now(now)
    _require_fill_in_window(student, at)
    _require_sheet_open(student.campaign, student.college_id)
    record = _locked_record(student, version)
    before = _set(record, student=student, spelling=spelling, reason=reason, source=NameRecord.Source.COLLEGE, by=by, at=at)
    audit.record(by, "names.fill", record, before=before, after=audit.snapshot(record, AUDITED), student=student,
                 note=record.reason, at=at)
    return record


@transaction.atomic
def fill_blanks_with_proposal(
    *, campaign: Campaign, college: College, by: Person, now: dt.datetime | None = None
) -> tuple[int, list[Student]]:
    """R2.6: 按建议补全 — every dual-certificate student of the college and campaign with an empty spelling gets
    the proposal. Returns how many were filled and the students left to fill by hand: names the romanizer cannot
    read, and 留学生, whose diploma name is the one on their passport, not a pinyin."""
    scoping.require_handler(by, college)
    at = _now(now)
    _require_fill_in_window(campaign, at)
    _require_sheet_open(campaign, college)
    blanks = list(
        scoping.students_for(by)
        .filter(queries.DUAL, queries.NOT_FILED, campaign=campaign, college=college)
        .select_related("college", "campaign")
        .select_for_update(of=("self",))
        .order_by("number")
    )
    existing = {r.student_id: r for r in NameRecord.objects.select_for_update().filter(student__in=blanks)}
    to_create, to_update, events, unreadable = [], [], [], []
    for student in blanks:
        spelling = "" if student.is_international else queries.proposal(student.name, campaign.pinyin_style)
        if not spelling:
            unreadable.append(student)
            continue
        record = existing.get(student.pk) or NameRecord(student=student, version=0)
        record.student = student
        before = audit.snapshot(record, AUDITED) if record.pk else None
        record.set_spelling(spelling=spelling, source=NameRecord.Source.COLLEGE, reason="", mismatch="", by=by, at=at)
        (to_update if record.pk else to_create).append(record)
        events.append((record, before, student))
    NameRecord.objects.bulk_create(to_create)  # sets primary keys on SQLite and PostgreSQL
    NameRecord.objects.bulk_update(to_update, AUDITED + ["version"])
    audit.save_all([
        audit.record(by, "names.fill", record, before=before, after=audit.snapshot(record, AUDITED),
                     student=student, note=_("按建议补全"), at=at, save=False)
        for record, before, student in events
    ])
    return len(events), unreadable


@transaction.atomic
def record_paper_confirmations(
    *, students: list[tuple[Student, int | None]], by: Person, signed_on: dt.date, now: dt.datetime | None = None
) -> int:
    """R2.5: the college records paper signatures for many students at once (one date): each goes through
    record_paper_confirmation (its checks, its audit event). All or nothing: when any student is refused, nothing
    is recorded and the refusal names every student it concerns."""
    if not students:
        raise ActionRefused(_("请先勾选已签字的学生。"), field="students")
    refused = []
    for student, version in students:
        try:
            with transaction.atomic():
                record_paper_confirmation(student=student, by=by, signed_on=signed_on, version=version, now=now)
        except ActionRefused as e:
            if e.field == "signed_on":
                raise
            refused.append(f"{student.number} {student.name}：{e.message}")
    if refused:
        raise ActionRefused(_("以下学生无法登记，本次未登记任何学生；请处理后重新提交：%(list)s")
                            % {"list": "；".join(refused)})
    return len(students)


def _require_diploma_format(record: NameRecord, student: Student) -> None:
    """R2.5, R2.8: what is confirmed is what the diploma prints. A spelling stored before the format was checked
    ("shan jiajun") and kept without a reason is corrected first, not confirmed as it is."""
    if record.reason or student.is_international:
        return
    formatted = queries.diploma_format(student.name, record.spelling, student.campaign.pinyin_style)
    if formatted:
        raise ActionRefused(
            _("所存拼音“%(spelling)s”不是证书格式（应为“%(formatted)s”），不能按此确认。请改正后再确认；填报截止后请联系学院修改。")
            % {"spelling": record.spelling, "formatted": formatted}
        )


@transaction.atomic
def confirm_pinyin(*, student: Student, by: Person, version: int | None, now: dt.datetime | None = None) -> NameRecord:
    """R2.5: the student confirms, by a click, that the spelling is right (确认证书英文姓名)."""
    scoping.require_self(by, student)
    _require_dual(student)
    at = _now(now)
    calendar.require_open(student.campaign, Deadline.Kind.VERIFICATION_SUBMIT, at)
    _require_sheet_open(student.campaign, student.college_id)
    record = _locked_record(student, version)
    if not record.spelling:
        raise ActionRefused(_("还没有姓名拼音，无法确认。请先填报；填报截止后由学院补全。"))
    if record.is_confirmed:
        raise ActionRefused(_("已经确认过，无需重复确认。"))
    _require_diploma_format(record, student)
    before = audit.snapshot(record, AUDITED)
    record.confirm(method=NameRecord.Method.ONLINE, by=by, at=at)
    record.save()
    audit.record(by, "names.confirm", record, before=before, after=audit.snapshot(record, AUDITED), student=student, at=at)
    return record


@transaction.atomic
def record_paper_confirmation(
    *, student: Student, by: Person, signed_on: dt.date, version: int | None, now: dt.datetime | None = None
) -> NameRecord:
    """R2.5: the college records that the student signed the spelling on paper (date signed, who recorded it)."""
    scoping.require_handler(by, student.college_id)
    _require_dual(student)
    at = _now(now)
    calendar.require_open(student.campaign, Deadline.Kind.VERIFICATION_SUBMIT, at)
    _require_sheet_open(student.campaign, student.college_id)
    if signed_on > timezone.localdate(at):
        raise ActionRefused(_("签字日期不能晚于今天。"), field="signed_on")
    record = _locked_record(student, version)
    if not record.spelling:
        raise ActionRefused(_("该学生还没有姓名拼音，请先补全再登记签字确认。"))
    _require_diploma_format(record, student)
    before = audit.snapshot(record, AUDITED)
    record.confirm(method=NameRecord.Method.PAPER, by=by, at=at, signed_on=signed_on)
    record.save()
    audit.record(by, "names.confirm_paper", record, before=before, after=audit.snapshot(record, AUDITED),
                 student=student, at=at)
    return record


@transaction.atomic
def propose_after_name_correction(*, student: Student, by: Person, at: dt.datetime) -> NameRecord | None:
    """R2.7: an approved correction changed the student's Chinese name, so the diploma spelling is proposed anew
    from the new name and must be confirmed again (an earlier confirmation was of another name). Called by the
    core signal student_corrected (see apps.py); no calendar check: it follows an approval already made."""
    if not concerned.is_receiving_diploma(student):
        return None
    record = _locked_record(student, None)
    before = audit.snapshot(record, AUDITED) if record.pk else None
    spelling = queries.proposal(student.name, student.campaign.pinyin_style)
    was_confirmed = record.is_confirmed
    record.set_spelling(spelling=spelling, source=NameRecord.Source.COLLEGE, reason="", mismatch="", by=by, at=at)
    if record.is_confirmed:  # the same letters for a different name (章伟 for 张伟): still to be confirmed again
        record._clear_confirmation()
    record.changed_after_confirmation = was_confirmed
    record.save()
    audit.record(by, "names.repropose", record, before=before, after=audit.snapshot(record, AUDITED), student=student,
                 note=_("学籍姓名已更正为“%(name)s”，请学生重新确认姓名拼音") % {"name": student.name}, at=at)
    return record
