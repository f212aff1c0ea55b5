"""The conclusion facts other sections read through core/facts.py (the diplomas section, R4.4–R4.6), and the
facts this section reads from others.

Published (the shapes biye/diplomas/contracts.py reads):
    "conclusions.accepted"   {student id: {"conclusion", "round", "accepted_at"}} — in a 附件8 the GS accepted
    "conclusions.submitted"  {student id: conclusion} — proposed in a 附件8 submitted, signed or accepted
    "conclusions.jieye_certificate"  {student id: {"number", "year"}} — the roster's earlier 结业 certificate
Read: "diplomas.jieye_returned" (R4.4: the 结业 certificate back at the college), "diplomas.number" (ZSBH),
"records.open_correction" (R2.7), "names.status" (R2.8); a key nobody publishes reads as empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext_lazy

from biye.conclusions.models import Conclusion, Report, Round
from biye.core import codes, facts
from biye.core.models import Student, Submission

JIEYE_RETURNED = "diplomas.jieye_returned"
_ROUND_OF_KIND = {Round.SUMMER.submission_kind: Round.SUMMER, Round.AUTUMN.submission_kind: Round.AUTUMN}


def optional(key: str, ids: Iterable[int]) -> dict[int, Any]:
    """A fact another section may not publish (yet): empty until it does."""
    return facts.values(key, ids) if key in facts.keys() else {}


def _reports(ids: Sequence[int], states: Sequence[str]) -> list[dict]:
    """Conclusions of these students whose college's 附件8 of the student's round is in one of `states`."""
    rows = (Report.objects.filter(student_id__in=ids)
            .values("student_id", "conclusion", "student__campaign_id", "student__college_id", "student__expected_term"))
    rows = list(rows)
    if not rows:
        return []
    subs = {(s["campaign_id"], s["college_id"], s["kind"]): s for s in Submission.objects.filter(
        college_id__in={r["student__college_id"] for r in rows}, state__in=states,
        kind__in=list(_ROUND_OF_KIND)).values("campaign_id", "college_id", "kind", "accepted_at")}
    found = []
    for r in rows:
        round_ = Round.AUTUMN if r["student__expected_term"] == codes.Term.AUTUMN else Round.SUMMER
        s = subs.get((r["student__campaign_id"], r["student__college_id"], round_.submission_kind))
        if s is not None:
            found.append({**r, "round": round_.value, "accepted_at": s["accepted_at"]})
    return found


def accepted(ids: Sequence[int]) -> dict[int, dict]:
    return {r["student_id"]: {"conclusion": r["conclusion"], "round": r["round"], "accepted_at": r["accepted_at"]}
            for r in _reports(ids, [Submission.State.ACCEPTED])}


def submitted(ids: Sequence[int]) -> dict[int, str]:
    states = [Submission.State.SUBMITTED, Submission.State.SIGNED, Submission.State.ACCEPTED]
    return {r["student_id"]: r["conclusion"] for r in _reports(ids, states)}


def jieye_certificate(ids: Sequence[int]) -> dict[int, dict]:
    rows = Student.objects.filter(pk__in=ids, prior_conclusion=Conclusion.COMPLETE).exclude(
        prior_certificate_number="").values_list("pk", "prior_certificate_number", "prior_year")
    return {pk: {"number": number, "year": year} for pk, number, year in rows}


def register() -> None:
    facts.register("conclusions.accepted", accepted, label=gettext_lazy("研究生院已接收的毕业结论"))
    facts.register("conclusions.submitted", submitted, label=gettext_lazy("学院已报送的毕业结论"))
    facts.register("conclusions.jieye_certificate", jieye_certificate, label=gettext_lazy("原结业证书"))


