"""Reminders about the forms a college itself submits (core/submissions.py: 附件6, 附件8, 附件9, the returned
结业 certificates), and the Graduate School's morning digest (core/lateness.py).

- Before a form's deadline, at each lead time: each handler of a college that owes the form (lateness.owing)
  and has not submitted it, or has had it returned;
- each morning while a form waits for the dean's sign-off: each dean of that college;
- each morning: each Graduate School member, of the late colleges (with why) and of the forms signed off and
  waiting to be accepted — if there is any.
A fixed number of queries per kind of form, whatever the number of colleges or students."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef

from biye.core import lateness, submissions
from biye.core.models import Campaign, College, Deadline, Role, RoleGrant, Student, Submission
from biye.reminders import texts
from biye.reminders.models import DEFAULT_LEAD_DAYS, Reminder
from biye.reminders.queries import PERSON_FIELDS, Batch, Message, _already, _recipient, active_lead, daily_lead

State = Submission.State
DIGEST = "digest"


def task_key(kind: str) -> str:
    return f"report:{kind}"


class _Report:
    """Stands in for a checklist task in a Batch: what the reminder is about."""

    def __init__(self, key: str, title: str) -> None:
        self.key, self.title = key, title


def _staff(role: str, college_ids, key: str, deadline: Deadline | None, lead: str, *, per_college: bool = True):
    grants = RoleGrant.objects.filter(role=role, person__is_active=True)
    if per_college:
        grants = grants.filter(college_id__in=college_ids)
    scope = OuterRef("college__code") if per_college else None
    return (
        grants.exclude(_already(_Report(key, ""), deadline, lead, scope=scope))
        .order_by("college__code", "person__username")
        .values("college_id", "college__code", "college__name", *PERSON_FIELDS)
    )


def due(campaign: Campaign, now: dt.datetime, leads: dict[int, list[int]]) -> list[Batch]:
    colleges = list(College.objects.filter(pk__in=Student.objects.filter(campaign=campaign).values("college_id")))
    started = submissions.of(campaign, colleges)
    owed = lateness.owing(campaign, Student.objects.all(), started)
    names = {c.pk: c.name for c in colleges}
    batches: list[Batch] = []
    for kind in Submission.Kind:
        form = str(kind.label)
        report = _Report(task_key(kind), form)
        deadline = submissions.deadline_of(campaign, kind)
        states = {cid: (started[(cid, kind)].state if (cid, kind) in started else State.DRAFT) for cid in owed[kind]}

        # The handlers, before the deadline: the form is owed and not (or no longer) with the dean or the school.
        if deadline is not None:
            days = active_lead(deadline, leads.get(deadline.pk, list(DEFAULT_LEAD_DAYS)), now)
            waiting = [cid for cid, state in states.items() if state in (State.DRAFT, State.RETURNED)]
            if days is not None and waiting:
                batch = Batch(Reminder.Audience.HANDLER, report, deadline, f"{days}d")
                for row in _staff(Role.HANDLER, waiting, report.key, deadline, batch.lead):
                    r = _recipient(row)
                    subject, body = texts.report_handler(name=r.name, college=row["college__name"], form=form,
                                                         returned=states[row["college_id"]] == State.RETURNED,
                                                         deadline=deadline)
                    batch.messages.append(Message(r, subject, body, college_id=row["college_id"],
                                                  scope=row["college__code"], label=f"{row['person__username']} {r.name}"))
                batches.append(batch)

        # The deans, each morning while a sign-off waits for them.
        to_sign = [cid for (cid, k), s in started.items() if k == kind and s.state == State.SUBMITTED]
        if to_sign:
            batch = Batch(Reminder.Audience.DEAN, report, deadline, daily_lead(now))
            for row in _staff(Role.DEAN, to_sign, report.key, deadline, batch.lead):
                r = _recipient(row)
                subject, body = texts.report_dean(name=r.name, college=row["college__name"], form=form,
                                                  deadline=deadline,
                                                  url=texts.link("college_home", row["college__code"]))
                batch.messages.append(Message(r, subject, body, college_id=row["college_id"],
                                              scope=row["college__code"], label=f"{row['person__username']} {r.name}"))
            batches.append(batch)

    batches.append(_digest(campaign, now, colleges, started, names))
    return [b for b in batches if b.messages]


def _digest(campaign: Campaign, now: dt.datetime, colleges, started, names) -> Batch:
    late = [(lc.college.name, [f"{r.what}（{r.reason}）" for r in lc.reasons if r.lasting])
            for lc in lateness.late_colleges(campaign, colleges=colleges, now=now, started=started) if lc.delayed]
    arrived = sorted((names.get(cid, ""), str(Submission.Kind(kind).label))
                     for (cid, kind), s in started.items() if s.state == State.SIGNED)
    batch = Batch(Reminder.Audience.GRADUATE_SCHOOL, _Report(DIGEST, "每日汇总"), None, daily_lead(now))
    if not late and not arrived:
        return batch
    for row in _staff(Role.GRADUATE_SCHOOL, None, DIGEST, None, batch.lead, per_college=False):
        r = _recipient(row)
        subject, body = texts.digest(name=r.name, late=late, arrived=arrived)
        batch.messages.append(Message(r, subject, body, label=f"{row['person__username']} {r.name}"))
    return batch
