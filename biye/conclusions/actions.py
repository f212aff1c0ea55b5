"""Every change of the conclusions section (R3): one keyword-only action each, checking who may do it and the
calendar, in one transaction, with its audit event.

A conclusion may still be proposed and the 附件8 submitted after the round's deadline: the submission is then
taken and marks the college late (R5.2, core/submissions.py). What the calendar closes is the student's own
application, at the round's conclusions deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.conclusions import queries
from biye.conclusions.models import Application, Conclusion, Report, Round, Standing
from biye.core import audit, calendar, scoping, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Person, Student

STANDING_FIELDS = ["defense_on", "defense_result", "defense_grade", "programme_done", "grades_passed"]
APPLICATION_FIELDS = ["kind", "state", "advisor_signed_at", "advisor_signed_by_id", "advisor_on_paper",
                      "decided_at", "decided_by_id", "return_reason"]


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _not_frozen(student: Student) -> None:
    submissions.require_not_frozen(campaign=student.campaign, college=student.college_id,
                                   kind=Round.of(student).submission_kind)


def _stale(version: int | None, current: int, what: str) -> None:
    if version is not None and version != current:
        raise ActionRefused(_("%(what)s刚被其他人修改过。请刷新页面，核对后再操作。") % {"what": what})


@transaction.atomic
def record_standing(*, student: Student, by: Person, values: dict[str, Any], version: int | None = None,
                    now: dt.datetime | None = None) -> Standing:
    """R3.2, R3.3: the college enters one graduate's defense and programme status (an import calls this too)."""
    scoping.require_college_staff(by, student.college_id)
    _not_frozen(student)
    standing = Standing.objects.select_for_update().filter(student=student).first()
    _stale(version, standing.version if standing else 0, _("该生的答辩与培养信息"))
    before = audit.snapshot(standing, STANDING_FIELDS)
    standing = standing or Standing(student=student, version=0)
    for name in STANDING_FIELDS:
        if name in values:
            setattr(standing, name, values[name])
    if audit.snapshot(standing, STANDING_FIELDS) == before:
        return standing
    standing.version += 1
    standing.save()
    audit.record(by, "conclusions.standing", standing, before=before, after=audit.snapshot(standing, STANDING_FIELDS),
                 student=student, at=_now(now))
    return standing


def _require_applications_open(student: Student, now: dt.datetime) -> None:
    round_ = Round.of(student)
    deadline = calendar.find(student.campaign, round_.conclusions_kind)
    if deadline is not None and now >= deadline.closes:
        raise ActionRefused(_("本轮毕业结论已于 %(due)s 截止报送，不能再提交申请。如有特殊情况，请联系学院。")
                            % {"due": calendar.format_due(deadline.closes)})


@transaction.atomic
def apply(*, student: Student, by: Person, kind: str, reason: str, now: dt.datetime | None = None) -> Application:
    """R3.3, R3.4, 结业转毕业: the student applies in writing; the advisor co-signs next."""
    scoping.require_self(by, student)
    at = _now(now)
    if kind not in Application.Kind.values:
        raise ActionRefused(_("请选择申请的结论：结业、肄业或结业转毕业。"), field="kind")
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("请写明申请理由，导师和学院据此审批。"), field="reason")
    if not queries.listed(student):
        raise ActionRefused(_("单证研究生和留学生不报送毕业结论，无需申请。"))
    if kind == Application.Kind.CONVERT and student.prior_conclusion != Conclusion.COMPLETE:
        raise ActionRefused(_("学籍中没有您往届结业的记录，不能申请结业转毕业。如记录有误，请联系学院。"), field="kind")
    _require_applications_open(student, at)
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one application at a time per student
    if Application.objects.filter(student=student, kind=kind, state__in=[Application.State.ADVISOR,
                                                                         Application.State.COLLEGE]).exists():
        raise ActionRefused(_("您已有一份“%(kind)s”申请正在审批中，请等待导师和学院处理。") % {"kind": kind})
    application = Application.objects.create(student=student, kind=kind, reason=reason, applied_at=at)
    audit.record(by, "conclusions.apply", application, after=audit.snapshot(application, ["kind", "reason"]),
                 student=student, at=at)
    return application


def _locked(application: Application, version: int | None) -> Application:
    locked = Application.objects.select_for_update().select_related("student", "student__campaign").get(
        pk=application.pk)
    _stale(version, locked.version, _("该申请"))
    return locked


def _save(application: Application, by: Person, action: str, before: dict | None, at: dt.datetime,
          note: str = "") -> Application:
    application.version += 1
    application.save()
    audit.record(by, action, application, before=before, after=audit.snapshot(application, APPLICATION_FIELDS),
                 student=application.student, note=note, at=at)
    return application


@transaction.atomic
def advisor_sign(*, application: Application, by: Person, version: int | None = None,
                 now: dt.datetime | None = None) -> Application:
    """The advisor co-signs their own student's application, from their own account."""
    at = _now(now)
    application = _locked(application, version)
    if application.student.advisor_id is None or application.student.advisor_id != by.pk:
        raise PermissionDenied(_("只有该生的导师本人可以签字。"))
    if application.state != Application.State.ADVISOR:
        raise ActionRefused(_("该申请当前为“%(state)s”，无需导师签字。") % {"state": application.get_state_display()})
    before = audit.snapshot(application, APPLICATION_FIELDS)
    application.state, application.advisor_signed_at, application.advisor_signed_by = Application.State.COLLEGE, at, by
    return _save(application, by, "conclusions.advisor_sign", before, at)


@transaction.atomic
def record_paper_signature(*, application: Application, by: Person, version: int | None = None,
                           now: dt.datetime | None = None) -> Application:
    """The college records the advisor's signature on paper, when the roster names no advisor account."""
    at = _now(now)
    application = _locked(application, version)
    scoping.require_college_staff(by, application.student.college_id)
    if application.student.advisor_id is not None:
        raise ActionRefused(_("该生的导师有系统账号，请导师本人在线签字。"))
    if application.state != Application.State.ADVISOR:
        raise ActionRefused(_("该申请当前为“%(state)s”，无需导师签字。") % {"state": application.get_state_display()})
    before = audit.snapshot(application, APPLICATION_FIELDS)
    application.state, application.advisor_signed_at, application.advisor_signed_by = Application.State.COLLEGE, at, by
    application.advisor_on_paper = True
    return _save(application, by, "conclusions.advisor_paper", before, at)


@transaction.atomic
def decide(*, application: Application, by: Person, approve: bool, reason: str = "", version: int | None = None,
           now: dt.datetime | None = None) -> Application:
    """The college approves the application, or returns it with a reason the student reads."""
    at = _now(now)
    application = _locked(application, version)
    scoping.require_college_staff(by, application.student.college_id)
    if application.state != Application.State.COLLEGE:
        if application.state == Application.State.ADVISOR:
            raise ActionRefused(_("导师尚未签字，学院暂不能审批。"))
        raise ActionRefused(_("该申请已审批（%(state)s）。") % {"state": application.get_state_display()})
    reason = reason.strip()
    if not approve and not reason:
        raise ActionRefused(_("请写明退回原因，学生将看到这条原因。"), field="reason")
    if not approve:
        _not_frozen(application.student)  # a conclusion resting on it may be in the submitted 附件8
    before = audit.snapshot(application, APPLICATION_FIELDS)
    application.decided_at, application.decided_by = at, by
    application.state = Application.State.APPROVED if approve else Application.State.RETURNED
    application.return_reason = "" if approve else reason
    return _save(application, by, "conclusions.approve" if approve else "conclusions.return", before, at, note=reason)


def _put(student: Student, conclusion: str, note: str, by: Person, at: dt.datetime,
         report: Report | None) -> Report:
    before = audit.snapshot(report, ["conclusion", "note"])
    if report is None:
        report = Report(student=student, conclusion=conclusion, note=note, proposed_at=at, proposed_by=by, version=1)
    else:
        report.conclusion, report.note, report.proposed_at, report.proposed_by = conclusion, note, at, by
        report.version += 1
    report.save()
    audit.record(by, "conclusions.propose", report, before=before, after=audit.snapshot(report, ["conclusion", "note"]),
                 student=student, at=at)
    return report


@transaction.atomic
def propose(*, student: Student, by: Person, conclusion: str, note: str = "", version: int | None = None,
            now: dt.datetime | None = None) -> Report:
    """R3.5: the college's handler proposes one graduate's conclusion; only a conclusion the graduate is
    eligible for (the refusal gives the reasons)."""
    scoping.require_handler(by, student.college_id)
    at = _now(now)
    if not queries.listed(student):
        raise ActionRefused(_("单证研究生和留学生不在附件8名单中，不报送毕业结论。"))
    if conclusion not in Conclusion.values:
        raise ActionRefused(_("请选择毕业结论：毕业、结业、肄业或结业转毕业。"), field="conclusion")
    _not_frozen(student)
    report = Report.objects.select_for_update().filter(student=student).first()
    _stale(version, report.version if report else 0, _("该生的毕业结论"))
    option = next(o for o in queries.student_row(student, at).options if o.conclusion == conclusion)
    if not option.allowed:
        raise ActionRefused(_("%(name)s 目前不能报“%(conclusion)s”：%(reasons)s。") % {
            "name": student.name, "conclusion": conclusion, "reasons": "；".join(option.reasons)}, field="conclusion")
    return _put(student, conclusion, note.strip(), by, at, report)


@transaction.atomic
def propose_graduates(*, campaign: Campaign, college: College, round_: Round, by: Person, expected: int,
                      now: dt.datetime | None = None) -> int:
    """"Everyone eligible for 毕业 → 毕业": the page shows the count first and sends it back; if the list has
    changed since, nothing is written and the new count is shown."""
    scoping.require_handler(by, college)
    at = _now(now)
    submissions.require_not_frozen(campaign=campaign, college=college, kind=round_.submission_kind)
    rows = queries.graduate_ready(queries.college_rows(scoping.students_for(by), campaign, college, round_, now=at))
    if len(rows) != expected:
        raise ActionRefused(_("符合毕业条件、尚未报“毕业”的人数已变为 %(n)d 人（页面显示 %(expected)d 人）。请核对后再确认。")
                            % {"n": len(rows), "expected": expected})
    for row in rows:
        _put(row.student, Conclusion.GRADUATE, row.report.note if row.report else "", by, at, row.report)
    return len(rows)


def submission_check(campaign: Campaign, college: College, round_: Round) -> list[str]:
    """What stops the college from submitting its 附件8: a listed graduate without a conclusion."""
    missing = list(queries.missing_conclusions(campaign, college, round_).values_list("number", "name")[:11])
    if not missing:
        return []
    shown = "、".join(f"{n} {name}" for n, name in missing[:10]) + ("等" if len(missing) > 10 else "")
    count = queries.missing_conclusions(campaign, college, round_).count()
    return [_("%(n)d 名研究生还没有毕业结论（%(who)s）") % {"n": count, "who": shown}]


