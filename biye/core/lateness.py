"""R5.2 as data: which colleges are late, since when, and why.

A college is late when the college misses what the notice asks of the college:
- a form not submitted by its deadline (附件6, 附件8, 附件9, the returned 结业 certificates), or submitted after it;
- a form the Graduate School returned;
- college work on the students that is still undone at its deadline (a checklist task marked `college_work`:
  the pinyin filled in and confirmed by the 附件6 deadline).
A student who misses their own deadline (filing the pinyin, say) is late themselves ("由研究生本人承担责任"): the
pages count it for the college, but it does not make the college late.

The delay a late form causes lasts until the Graduate School accepts that form (`until`); college work undone at
its deadline keeps the college late until all of it is done. Each reason says which (`ends`). The overview, the
college home and the later registration export read this one function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import calendar, checklist, codes, submissions
from biye.core.models import Campaign, College, Student, Submission

Kind = Submission.Kind

# Which colleges owe each kind of form: a Q on Student (colleges having such a student), or None for "only the
# colleges a section has started a form for". Sections that know better (附件9: students who asked for a
# certificate; 结业 certificates: 结业转毕业 graduates) replace theirs with `owed_by`.
Owes = Q | Callable[[Campaign], Iterable[int]] | None
_OWED: dict[str, Owes] = {
    Kind.VERIFICATION: Q(certificate_type=codes.CertificateType.DUAL),
    Kind.CONCLUSIONS_SUMMER: Q(certificate_type=codes.CertificateType.DUAL, is_international=False,
                               expected_term=codes.Term.SUMMER),
    Kind.CONCLUSIONS_AUTUMN: Q(certificate_type=codes.CertificateType.DUAL, is_international=False,
                               expected_term=codes.Term.AUTUMN),
    Kind.STUDY_CERTIFICATES: None,
    Kind.CERTIFICATE_RETURN: None,
}


def owed_by(kind: str, owes: Owes) -> None:
    """A section says which colleges owe a form: a Q on Student, or campaign → college ids."""
    _OWED[kind] = owes


@dataclass(frozen=True)
class Late:
    """One reason a college is late."""

    what: str  # the form or task, in words
    since: dt.datetime  # when the college became late for it
    reason: str
    until: dt.datetime | None = None  # when the delay ended (the form accepted); None: it lasts
    ends: str = ""  # what ends it, in words: the form accepted, or the work done

    @property
    def lasting(self) -> bool:
        return self.until is None


@dataclass
class LateCollege:
    college: College
    reasons: list[Late] = field(default_factory=list)

    @property
    def since(self) -> dt.datetime:
        return min(r.since for r in self.reasons)

    @property
    def delayed(self) -> bool:
        """Registration and diplomas wait while any reason lasts."""
        return any(r.lasting for r in self.reasons)


def owing(campaign: Campaign, students: QuerySet[Student], started: dict[tuple[int, str], Submission]) -> dict[str, set[int]]:
    """kind → the ids of the colleges that owe that form (`started`: submissions.of() for the same colleges)."""
    owing: dict[str, set[int]] = {}
    for kind in Kind.values:
        owes = _OWED.get(kind)
        if owes is None:
            owing[kind] = {cid for cid, k in started if k == kind}
        elif isinstance(owes, Q):
            owing[kind] = set(
                students.filter(owes, campaign=campaign).order_by().values_list("college_id", flat=True).distinct()
            )
        else:
            owing[kind] = set(owes(campaign))
    return owing


def _form_reasons(campaign: Campaign, kind: str, s: Submission | None, owed: bool, now: dt.datetime) -> list[Late]:
    title = str(Kind(kind).label)
    reasons = []
    d = submissions.deadline_of(campaign, kind)
    accepted = s.accepted_at if s is not None else None
    ends = _("研究生院接收该表后解除")
    if s is not None and s.late_since is not None:
        reasons.append(Late(title, s.late_since, _("逾期报送（截止 %(due)s，%(at)s 报送）") % {
            "due": calendar.format_due(s.late_since), "at": calendar.format_start(s.first_submitted_at)}, accepted, ends))
    elif owed and d is not None and now >= d.closes and (s is None or s.first_submitted_at is None):
        reasons.append(Late(title, d.closes, _("截止 %(due)s 未报送") % {"due": calendar.format_due(d.closes)}, ends=ends))
    if s is not None and s.first_returned_at is not None:
        reasons.append(Late(title, s.first_returned_at, _("被研究生院退回：%(reason)s") % {"reason": s.return_reason},
                            accepted, ends))
    return reasons


def late_colleges(
    campaign: Campaign, *, students: QuerySet[Student] | None = None, colleges: Iterable[College] | None = None,
    now: dt.datetime | None = None, counts: dict[int, dict] | None = None,
    started: dict[tuple[int, str], Submission] | None = None,
) -> list[LateCollege]:
    """R5.2: the late colleges of a campaign (among `colleges`, default: every college with students in
    `students`), each with the reasons and since when, earliest first. A handful of queries, whatever the size;
    a page that has already read checklist.by_college() and submissions.of() for the same colleges passes them."""
    now = now or timezone.now()
    students = students if students is not None else Student.objects.all()
    if colleges is None:
        ids = students.filter(campaign=campaign).order_by().values_list("college_id", flat=True).distinct()
        colleges = College.objects.filter(pk__in=ids)
    colleges = list(colleges)
    started = submissions.of(campaign, colleges) if started is None else started
    owed = owing(campaign, students, started)
    counts = checklist.by_college(students, campaign, now=now) if counts is None else counts
    work = [t for t in checklist.tasks() if t.college_work and t.built and t.deadline_kind]
    result = []
    for college in colleges:
        late = LateCollege(college)
        for kind in Kind.values:
            late.reasons += _form_reasons(campaign, kind, started.get((college.pk, kind)), college.pk in owed[kind], now)
        for task in work:
            c = (counts.get(college.pk) or {}).get(task.key)
            if c is not None and c.late:
                d = calendar.deadline(campaign, task.deadline_kind)
                late.reasons.append(Late(str(task.title), d.closes, _("截止 %(due)s 时仍有 %(n)d 人未完成") % {
                    "due": calendar.format_due(d.closes), "n": c.not_done}, ends=_("全部完成后解除")))
        if late.reasons:
            late.reasons.sort(key=lambda r: r.since)
            result.append(late)
    result.sort(key=lambda lc: (lc.since, lc.college.code))
    return result


def delayed_college_ids(campaign: Campaign, now: dt.datetime | None = None) -> set[int]:
    """The colleges whose registration and diplomas wait now (for the registration export)."""
    return {lc.college.pk for lc in late_colleges(campaign, now=now) if lc.delayed}
