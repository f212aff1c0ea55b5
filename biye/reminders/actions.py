"""Every state change of the reminders section: the cron run, a college's 催办, the lead times of a deadline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import actions as core_actions
from biye.core import audit, calendar, scoping
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Deadline, Person
from biye.reminders import queries, texts
from biye.reminders.channels import Recipient, channels
from biye.reminders.models import LeadTimes, Reminder
from biye.reminders.queries import Batch, Message


@dataclass
class Outcome:
    written: int = 0
    delivered: int = 0
    failed: int = 0


def _rows(batch: Batch, *, run: str, now: dt.datetime, sent_by: Person | None) -> list[Reminder]:
    rows = []
    for message in batch.messages:
        for channel in channels():
            address = channel.address(message.recipient)
            if address is None:
                continue
            rows.append(Reminder(
                person_id=message.recipient.person_id, task=batch.task.key, deadline=batch.deadline,
                lead=batch.lead, channel=channel.name, scope=message.scope, audience=batch.audience,
                student_id=message.student_id, college_id=message.college_id, address=address[:254],
                subject=message.subject[:200], body=message.body, created_at=now, run=run, sent_by=sent_by,
            ))
    return rows


def deliver(batches: Iterable[Batch], *, now: dt.datetime, sent_by: Person | None = None) -> Outcome:
    """Write the reminders, then send them, then record each outcome.

    Written first, under the unique constraint: a second run (or one racing this one) skips what exists, so
    nobody is reminded twice even if sending is interrupted; such a reminder stays "pending" on the record.
    The rows this run wrote are found again by its run id, so the work is a fixed number of queries per
    batch and channel, whatever the number of people."""
    run = uuid.uuid4().hex
    rows = [row for batch in batches for row in _rows(batch, run=run, now=now, sent_by=sent_by)]
    # One INSERT on PostgreSQL; SQLite's driver limit (999 parameters) splits it into statements of ~50 rows.
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    outcome = Outcome()
    for channel in channels():
        mine = Reminder.objects.filter(run=run, channel=channel.name, status=Reminder.Status.PENDING)
        if channel.written_is_delivered or channel.kept_only:
            done = mine.update(status=Reminder.Status.OUTBOX if channel.kept_only else Reminder.Status.DELIVERED,
                               sent_at=timezone.now())
            outcome.written += done
            outcome.delivered += done
            continue
        pending = list(mine.only("pk", "address", "subject", "body"))
        if not pending:
            continue
        outcome.written += len(pending)
        failures = channel.deliver(pending)
        sent_at = timezone.now()
        outcome.delivered += mine.exclude(pk__in=list(failures)).update(status=Reminder.Status.DELIVERED,
                                                                        sent_at=sent_at)
        failed = [Reminder(pk=pk, status=Reminder.Status.FAILED, error=error, sent_at=sent_at)
                  for pk, error in failures.items()]
        Reminder.objects.bulk_update(failed, ["status", "error", "sent_at"], batch_size=500)
        outcome.failed += len(failed)
    return outcome


def run(*, by: Person | None = None, now: dt.datetime | None = None,
        dry_run: bool = False) -> tuple[list[Batch], Outcome]:
    """`biye remind`: every reminder due now for the current campaign, sent in the name of `by` (a command: the
    system actor). A dry run only says who would get what, and writes nothing."""
    now = now or timezone.now()
    campaign = Campaign.current()
    if campaign is None:
        return [], Outcome()
    batches = queries.due(campaign, now)
    if dry_run or not batches:
        return batches, Outcome()
    outcome = deliver(batches, now=now)
    audit.record(by or core_actions.system_actor(), "reminders.run", campaign, at=now,
                 after={"written": outcome.written, "delivered": outcome.delivered, "failed": outcome.failed},
                 note=_("自动提醒：%(n)d 条") % {"n": outcome.written})
    return batches, outcome


def nudge(*, college: College, task_key: str, student_ids: Iterable[int], by: Person,
          now: dt.datetime | None = None) -> tuple[int, int]:
    """催办: a college's handler reminds chosen students of a task now, each student at most once a day.
    Returns (reminded, skipped: already done, already reminded today, or without an account)."""
    now = now or timezone.now()
    scoping.require_handler(by, college)
    task = queries.task_by_key(task_key)
    if task is None:
        raise ActionRefused(_("这项工作不能催办（尚未开放或没有截止时间）。"))
    campaign = Campaign.current()
    ids = {int(i) for i in student_ids}
    if campaign is None or not ids:
        raise ActionRefused(_("请先勾选要催办的学生。"), field="students")
    if calendar.is_past(campaign, task.deadline_kind, now):
        raise ActionRefused(_("“%(task)s”已截止，不能再催办。") % {"task": task.title})
    deadline = campaign.deadlines.filter(kind=task.deadline_kind).first()  # a reminder names a stored deadline
    if deadline is None:
        raise ActionRefused(_("日程中还没有“%(task)s”的截止时间，请研究生院先在“日程”中设置。") % {"task": task.title})
    lead = f"nudge:{timezone.localdate(now):%Y-%m-%d}"
    students = list(
        queries.todo_students(by, campaign=campaign, college=college, task=task, now=now)
        .filter(pk__in=ids, nudged_today=False, person__isnull=False, person__is_active=True)
    )
    batch = Batch(Reminder.Audience.STUDENT, task, deadline, lead)
    text = texts.nudge(task=task, deadline=deadline, college=college.name, by=str(by))
    for s in students:
        subject, body = text(s.name)
        recipient = Recipient(person_id=s.person_id, name=s.name, email=s.email or s.person.email,
                              phone=s.phone or getattr(getattr(s.person, "reminder_contact", None), "phone", ""))
        batch.messages.append(Message(recipient, subject, body, student_id=s.pk, college_id=college.pk,
                                      label=f"{s.number} {s.name}"))
    if batch.messages:
        # One event per student, so the 催办 shows in each student's history; then the messages go out.
        audit.save_all([
            audit.record(by, "reminders.nudge", s, at=now, after={"task": task.key}, note=str(task.title), save=False)
            for s in students
        ])
        deliver([batch], now=now, sent_by=by)
    return len(students), len(ids) - len(students)


@transaction.atomic
def set_lead_times(*, deadline: Deadline, days: list[int], by: Person) -> LeadTimes:
    """The Graduate School sets how many days before a deadline its reminders go out."""
    scoping.require_graduate_school(by)
    clean = sorted({int(d) for d in days}, reverse=True)
    if not clean or len(clean) > 5 or any(d < 1 or d > 60 for d in clean):
        raise ActionRefused(_("请填写 1 到 5 个提前天数，每个在 1 到 60 之间，用逗号分隔，例如“3,1”。"), field="days")
    leads, _created = LeadTimes.objects.select_for_update().get_or_create(deadline=deadline)
    before = {"days": leads.days}
    leads.days = clean
    leads.save(update_fields=["days"])
    audit.record(by, "reminders.set_leads", deadline, before=before, after={"days": clean})
    return leads
