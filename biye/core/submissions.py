"""R2.9, R3.5, R4.4, R4.5: a college submits a report, its dean signs it off, the Graduate School accepts it or
returns it with a reason. One flow for every kind (附件6, 附件8 per round, 附件9, the returned 结业 certificates).

A section that owns a kind's rows calls `require_not_frozen` in its own actions, so that what the college has
submitted cannot change under the Graduate School's eyes until it is returned, and may register a readiness
check (`register_check`) that submit() runs first (e.g. "every pinyin confirmed").

Submitting after the deadline is allowed and marks the college late (R5.2; see core/lateness.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biye.core import audit, calendar, scoping, signals
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Deadline, Person, Submission

Kind, State = Submission.Kind, Submission.State

# The calendar entry each kind is due by; None, or an entry not set yet: never late by the clock.
DEADLINES: dict[str, str | None] = {
    Kind.VERIFICATION: Deadline.Kind.VERIFICATION_SUBMIT,
    Kind.CONCLUSIONS_SUMMER: Deadline.Kind.CONCLUSIONS,
    Kind.CONCLUSIONS_AUTUMN: Deadline.Kind.AUTUMN_CONCLUSIONS,  # no date until the Graduate School sets one
    Kind.STUDY_CERTIFICATES: Deadline.Kind.STUDY_CERTIFICATES,
    Kind.CERTIFICATE_RETURN: Deadline.Kind.CERTIFICATE_RETURN,
}

# How the frozen message names the form.
FORM_NAMES = {
    Kind.VERIFICATION: gettext_lazy("信息核对表"),
    Kind.CONCLUSIONS_SUMMER: gettext_lazy("夏季毕业结论"),
    Kind.CONCLUSIONS_AUTUMN: gettext_lazy("秋季毕业结论"),
    Kind.STUDY_CERTIFICATES: gettext_lazy("学习证明登记表"),
    Kind.CERTIFICATE_RETURN: gettext_lazy("结业证书交回清单"),
}

AUDITED = [
    "state", "submitted_at", "submitted_by_id", "signed_at", "signed_by_id", "accepted_at", "accepted_by_id",
    "returned_at", "returned_by_id", "return_reason", "late_since",
]

# kind → checks(campaign, college), each returning what stops the college from submitting (empty: ready). Several
# sections may check one form (附件6: the pinyin of names, the applications of records).
Check = Callable[[Campaign, College], list[str]]
_CHECKS: dict[str, list[Check]] = {}


def register_check(kind: str, check: Check) -> None:
    """A section says what must be true before its form can be submitted (called from AppConfig.ready())."""
    checks = _CHECKS.setdefault(kind, [])
    if check not in checks:
        checks.append(check)


# kind → the URL name of the printable form of one college (its `code` argument), shown on the panel: the dean
# reads what they sign off, the Graduate School what it accepts.
_FORM_URLS: dict[str, str] = {}


def register_form_url(kind: str, url_name: str) -> None:
    """A section names the page that prints its form for one college (called from AppConfig.ready())."""
    _FORM_URLS[kind] = url_name


def deadline_of(campaign: Campaign, kind: str) -> Deadline | None:
    deadline_kind = DEADLINES.get(kind)
    return calendar.find(campaign, deadline_kind) if deadline_kind else None


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _locked(campaign: Campaign, college: College, kind: str, version: int | None) -> Submission:
    if kind not in Kind.values:
        raise ActionRefused(_("没有这种报送事项：%(kind)s。") % {"kind": kind})
    submission, _created = Submission.objects.get_or_create(campaign=campaign, college=college, kind=kind)
    submission = Submission.objects.select_for_update().select_related("college").get(pk=submission.pk)
    if version is not None and version != submission.version:
        raise ActionRefused(
            _("“%(form)s”的状态刚被其他人改为“%(state)s”。请刷新页面，核对后再操作。")
            % {"form": submission.get_kind_display(), "state": submission.get_state_display()}
        )
    return submission


def _save(submission: Submission, by: Person, action: str, before: dict | None, at: dt.datetime, note: str = "") -> None:
    submission.version += 1
    submission.save()
    audit.record(by, action, submission, before=before, after=audit.snapshot(submission, AUDITED),
                 college=submission.college, note=note, at=at)


@transaction.atomic
def submit(
    *, campaign: Campaign, college: College, kind: str, by: Person, version: int | None, now: dt.datetime | None = None
) -> Submission:
    """The college's handler submits the form (again, after a return). After the deadline it is still taken,
    and the college is marked late from the deadline on (R5.2)."""
    if college.pk not in scoping.roles_of(by).handler_college_ids:
        raise PermissionDenied(_("只有该学院的经办人可以报送。"))
    at = _now(now)
    submission = _locked(campaign, college, kind, version)
    if submission.state not in (State.DRAFT, State.RETURNED):
        raise ActionRefused(_("“%(form)s”已报送（%(state)s），无需重复报送。")
                            % {"form": submission.get_kind_display(), "state": submission.get_state_display()})
    problems = [problem for check in _CHECKS.get(kind, ()) for problem in check(campaign, college)]
    if problems:
        raise ActionRefused(_("还不能报送“%(form)s”：%(problems)s") % {
            "form": submission.get_kind_display(), "problems": "；".join(problems)})
    before = audit.snapshot(submission, AUDITED)
    deadline = deadline_of(campaign, kind)
    if submission.first_submitted_at is None:
        submission.first_submitted_at = at
        if deadline is not None and at >= deadline.closes:
            submission.late_since = deadline.closes
    submission.state, submission.submitted_at, submission.submitted_by = State.SUBMITTED, at, by
    submission.signed_at = submission.signed_by = None
    _save(submission, by, "core.submission_submit", before, at,
          note=_("逾期报送") if deadline is not None and at >= deadline.closes else "")
    return submission


@transaction.atomic
def sign_off(*, submission: Submission, by: Person, version: int | None, now: dt.datetime | None = None) -> Submission:
    """The college's dean in charge signs off the submitted form, from their own account (nobody else's)."""
    scoping.require_dean(by, submission.college_id)
    at = _now(now)
    submission = _locked(submission.campaign, submission.college, submission.kind, version)
    if submission.state != State.SUBMITTED:
        raise ActionRefused(_("只有经办人已报送、尚未签发的表才能签发（当前：%(state)s）。")
                            % {"state": submission.get_state_display()})
    before = audit.snapshot(submission, AUDITED)
    submission.state, submission.signed_at, submission.signed_by = State.SIGNED, at, by
    _save(submission, by, "core.submission_sign", before, at)
    return submission


@transaction.atomic
def accept(*, submission: Submission, by: Person, version: int | None, now: dt.datetime | None = None) -> Submission:
    """The Graduate School takes the signed form; it stays frozen for good."""
    scoping.require_graduate_school(by)
    at = _now(now)
    submission = _locked(submission.campaign, submission.college, submission.kind, version)
    if submission.state != State.SIGNED:
        raise ActionRefused(_("只有主管院长已签发的表才能接收（当前：%(state)s）。")
                            % {"state": submission.get_state_display()})
    before = audit.snapshot(submission, AUDITED)
    submission.state, submission.accepted_at, submission.accepted_by = State.ACCEPTED, at, by
    _save(submission, by, "core.submission_accept", before, at)
    signals.submission_accepted.send(sender=Submission, submission=submission, by=by, at=at)
    return submission


@transaction.atomic
def return_with_reason(
    *, submission: Submission, by: Person, reason: str, version: int | None, now: dt.datetime | None = None
) -> Submission:
    """The Graduate School sends a submitted or signed form back with a reason; the college may change its
    rows again and resubmit. A returned submission makes the college late (R5.2)."""
    scoping.require_graduate_school(by)
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("请写明退回原因，学院将据此修改。"), field="reason")
    at = _now(now)
    submission = _locked(submission.campaign, submission.college, submission.kind, version)
    if submission.state not in (State.SUBMITTED, State.SIGNED):
        raise ActionRefused(_("只有已报送、尚未接收的表才能退回（当前：%(state)s）。")
                            % {"state": submission.get_state_display()})
    before = audit.snapshot(submission, AUDITED)
    submission.state, submission.returned_at, submission.returned_by = State.RETURNED, at, by
    submission.return_reason = reason
    submission.first_returned_at = submission.first_returned_at or at
    _save(submission, by, "core.submission_return", before, at, note=reason)
    return submission


def require_not_frozen(*, campaign: Campaign, college: College | int, kind: str) -> None:
    """Sections call this in every action that changes rows a form shows: refused while the college's form of
    that kind is submitted, signed or accepted."""
    college_id = college if isinstance(college, int) else college.pk
    rows = Submission.objects.filter(campaign=campaign, college_id=college_id, kind=kind)
    if transaction.get_connection().in_atomic_block:
        # Wait for a submit() in progress on the same form, and keep it waiting until this change is stored:
        # a change and a submission of the same rows never cross.
        rows = rows.select_for_update()
    state = rows.values_list("state", flat=True).first()
    if state in (State.SUBMITTED, State.SIGNED, State.ACCEPTED):
        name = FORM_NAMES.get(kind, kind)
        if state == State.ACCEPTED:
            raise ActionRefused(_("该学院的%(form)s已由研究生院接收，不能再修改。如确需更正，请联系研究生院。") % {"form": name})
        raise ActionRefused(_("该学院的%(form)s已报送，需研究生院退回后才能修改。") % {"form": name})


def of(campaign: Campaign, colleges: Iterable[College | int], kinds: Iterable[str] | None = None) -> dict[tuple[int, str], Submission]:
    """(college id, kind) → its Submission, for the pages (one query); a missing pair has nothing submitted."""
    ids = [c if isinstance(c, int) else c.pk for c in colleges]
    qs = Submission.objects.filter(campaign=campaign, college_id__in=ids).select_related(
        "submitted_by", "signed_by", "accepted_by", "returned_by"
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return {(s.college_id, s.kind): s for s in qs}


@dataclass
class Panel:
    """One form's state for one viewer, with the buttons that viewer may press."""

    college: College
    kind: str
    submission: Submission
    deadline: Deadline | None
    can_submit: bool = False
    can_sign: bool = False
    can_accept: bool = False
    can_return: bool = False

    @property
    def title(self) -> str:
        return Kind(self.kind).label

    @property
    def form_url(self) -> str:
        from django.urls import reverse

        url_name = _FORM_URLS.get(self.kind)
        return reverse(url_name, kwargs={"code": self.college.code}) if url_name else ""

    @property
    def any_button(self) -> bool:
        return self.can_submit or self.can_sign or self.can_accept or self.can_return


def panel(person: Person, campaign: Campaign, college: College, kind: str,
          submission: Submission | None = None) -> Panel:
    """What the submission include shows this person (it decides no permission: the actions do)."""
    if submission is None:
        submission = Submission.objects.filter(campaign=campaign, college=college, kind=kind).first()
    submission = submission or Submission(campaign=campaign, college=college, kind=kind)
    r = scoping.roles_of(person)
    state = submission.state
    return Panel(
        college=college, kind=kind, submission=submission, deadline=deadline_of(campaign, kind),
        can_submit=college.pk in r.handler_college_ids and state in (State.DRAFT, State.RETURNED),
        can_sign=college.pk in r.dean_college_ids and state == State.SUBMITTED,
        can_accept=r.is_gs and state == State.SIGNED,
        can_return=r.is_gs and state in (State.SUBMITTED, State.SIGNED),
    )


def panels_for(person: Person, campaign: Campaign, college: College, students) -> list[Panel]:
    """The forms a college owes or has started, each with this person's buttons (the college home)."""
    from biye.core import lateness

    started = of(campaign, [college])
    owed = lateness.owing(campaign, students.filter(college=college), started)
    return [panel(person, campaign, college, kind, started.get((college.pk, kind)))
            for kind in Kind.values if college.pk in owed[kind] or (college.pk, kind) in started]


def signatures(submission: Submission | None) -> list:
    """The signature lines of an official form (core/official.py) for this submission: the handler once it is
    submitted, the dean once signed; a returned or unsubmitted form has blank lines to sign again."""
    from biye.core import official

    if submission is None or submission.state in (State.DRAFT, State.RETURNED):
        return official.default_signatures()
    handler = (str(submission.submitted_by), submission.submitted_at)
    dean = (str(submission.signed_by), submission.signed_at) if submission.signed_at else None
    return official.default_signatures(handler, dean)
