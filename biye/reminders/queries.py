"""Reads of the reminders section: who is due for which reminder now (the rules), and the records, scoped.

The rules, for the current campaign, for each task of core/checklist.py that is built and has a deadline:
- before the deadline, at each lead time (LeadTimes, by default 3 and 1 days): each student the task concerns
  (`applies`) who has not done it (`done`), once per lead time; and each handler of a college with such
  students, of how many there are;
and, in reports.py, what the colleges themselves submit and the Graduate School's morning digest.
Each (task, deadline, lead) costs a fixed number of queries, whatever the number of students."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import checklist, scoping
from biye.core.checklist import Task
from biye.core.models import Campaign, College, Deadline, Person, Role, RoleGrant, Student
from biye.reminders import texts
from biye.reminders.channels import Recipient
from biye.reminders.models import DEFAULT_LEAD_DAYS, LeadTimes, Reminder


@dataclass
class Message:
    recipient: Recipient
    subject: str
    body: str
    student_id: int | None = None
    college_id: int | None = None
    scope: str = ""
    label: str = ""  # who, for a person reading the dry run: "3120000001 张伟"


@dataclass
class Batch:
    """Every reminder of one occasion: one task (or form, or digest), one deadline (None: undated), one lead,
    one audience."""

    audience: str
    task: Task
    deadline: Deadline | None
    lead: str
    messages: list[Message] = field(default_factory=list)


def reminder_tasks() -> list[Task]:
    """The tasks a reminder can be about: built (we can tell who has done them) and with a deadline."""
    return [t for t in checklist.tasks() if t.built and t.deadline_kind]


def task_by_key(key: str) -> Task | None:
    return next((t for t in reminder_tasks() if t.key == key), None)


def lead_days(campaign: Campaign) -> dict[int, list[int]]:
    """Deadline id -> its lead times in days, largest first (the defaults where none are set)."""
    stored = dict(LeadTimes.objects.filter(deadline__campaign=campaign).values_list("deadline_id", "days"))
    return {d.pk: sorted(stored.get(d.pk) or DEFAULT_LEAD_DAYS, reverse=True) for d in campaign.deadlines.all()}


def active_lead(deadline: Deadline, days: list[int], now: dt.datetime) -> int | None:
    """The lead time whose reminders are due now: the nearest one already reached before an open deadline.
    A run that missed the 3-day moment and comes at 1 day sends the 1-day reminder only."""
    if now >= deadline.closes or (deadline.opens is not None and now < deadline.opens):
        return None
    reached = [d for d in days if now >= deadline.closes - dt.timedelta(days=d)]
    return min(reached) if reached else None


def _not_done(campaign: Campaign, task: Task) -> QuerySet[Student]:
    return Student.objects.filter(campaign=campaign).filter(task.applies).exclude(task.done)


def _already(task: Task, deadline: Deadline | None, lead: str, *, scope=None) -> Exists:
    return Exists(Reminder.objects.filter(person_id=OuterRef("person_id"), task=task.key, deadline=deadline,
                                          lead=lead, scope=scope if scope is not None else ""))


def _recipient(row: dict, prefix: str = "person__") -> Recipient:
    return Recipient(
        person_id=row["person_id"],
        name=row.get(f"{prefix}display_name") or row.get(f"{prefix}username") or "",
        email=row.get(f"{prefix}email") or "",
        phone=row.get(f"{prefix}reminder_contact__phone") or "",
    )


PERSON_FIELDS = ("person_id", "person__username", "person__display_name", "person__email",
                 "person__reminder_contact__phone")
# A student's own address and phone, from the roster (core Student fields), come before the account's.
STUDENT_CONTACT_FIELDS = ("email", "phone")


def student_recipient(row: dict) -> Recipient:
    recipient = _recipient(row)
    return Recipient(person_id=recipient.person_id, name=recipient.name,
                     email=row.get("email") or recipient.email, phone=row.get("phone") or recipient.phone)


def students_due(campaign: Campaign, task: Task, deadline: Deadline, lead: str) -> Batch:
    """Students the task concerns, who have not done it, and have not had this reminder: one query."""
    rows = (
        _not_done(campaign, task)
        .filter(person__isnull=False, person__is_active=True)
        .exclude(_already(task, deadline, lead))
        .order_by("number")
        .values("pk", "number", "name", "college_id", *STUDENT_CONTACT_FIELDS, *PERSON_FIELDS)
    )
    batch = Batch(Reminder.Audience.STUDENT, task, deadline, lead)
    text = texts.student(task=task, deadline=deadline)
    for row in rows:
        subject, body = text(row["name"])
        batch.messages.append(Message(student_recipient(row), subject, body, student_id=row["pk"],
                                      college_id=row["college_id"], label=f"{row['number']} {row['name']}"))
    return batch


def outstanding_by_college(campaign: Campaign, task: Task) -> dict[int, int]:
    """College id -> students of it the task concerns who have not done it (colleges with none left out)."""
    rows = _not_done(campaign, task).order_by().values("college_id").annotate(n=Count("pk"))
    return {row["college_id"]: row["n"] for row in rows if row["n"]}


def handlers_due(campaign: Campaign, task: Task, deadline: Deadline, lead: str) -> Batch:
    """Each handler of a college with students not done, of how many: two queries."""
    outstanding = outstanding_by_college(campaign, task)
    batch = Batch(Reminder.Audience.HANDLER, task, deadline, lead)
    if not outstanding:
        return batch
    grants = (
        RoleGrant.objects.filter(role=Role.HANDLER, college_id__in=outstanding, person__is_active=True)
        .exclude(_already(task, deadline, lead, scope=OuterRef("college__code")))
        .order_by("college__code", "person__username")
        .values("college_id", "college__code", "college__name", *PERSON_FIELDS)
    )
    for row in grants:
        recipient = _recipient(row)
        subject, body = texts.handler(name=recipient.name, college=row["college__name"],
                                      college_code=row["college__code"], count=outstanding[row["college_id"]],
                                      task=task, deadline=deadline)
        batch.messages.append(Message(recipient, subject, body, college_id=row["college_id"],
                                      scope=row["college__code"], label=f"{row['person__username']} {recipient.name}"))
    return batch


def daily_lead(now: dt.datetime) -> str:
    return f"daily:{timezone.localdate(now):%Y-%m-%d}"


def due(campaign: Campaign, now: dt.datetime) -> list[Batch]:
    """Every reminder due now and not yet written, grouped by occasion."""
    from biye.reminders import reports

    leads = lead_days(campaign)
    deadlines = {d.kind: d for d in campaign.deadlines.all()}
    batches: list[Batch] = []
    for task in reminder_tasks():
        deadline = deadlines.get(task.deadline_kind)
        if deadline is None:
            continue
        days = active_lead(deadline, leads.get(deadline.pk, list(DEFAULT_LEAD_DAYS)), now)
        if days is None:
            continue
        lead = f"{days}d"
        batches.append(students_due(campaign, task, deadline, lead))
        batches.append(handlers_due(campaign, task, deadline, lead))
    batches += reports.due(campaign, now, leads)
    return [b for b in batches if b.messages]


# --- what people see ---------------------------------------------------------------------------------------


def reminders_for(person: Person) -> QuerySet[Reminder]:
    """R5.2: the Graduate School sees every reminder; a college's handler or dean those to its students and
    to its handlers; nobody else sees this record (a person's own notices are on their home page)."""
    r = scoping.roles_of(person)
    if r.is_gs:
        qs = Reminder.objects.all()
    elif r.college_ids:
        qs = Reminder.objects.filter(college_id__in=r.college_ids)
    else:
        raise PermissionDenied(_("只有研究生院和学院经办人、主管院长可以查看提醒记录。"))
    return qs.select_related("person", "deadline", "student", "college", "sent_by")


def search(qs: QuerySet[Reminder], *, q: str = "", channel: str = "", status: str = "") -> QuerySet[Reminder]:
    if q:
        q = q.strip()
        qs = qs.filter(Q(person__username=q) | Q(person__display_name__icontains=q) | Q(student__number=q)
                       | Q(student__name__icontains=q))
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def notices_for(person: Person, now: dt.datetime | None = None, *, days: int = 14, limit: int = 5) -> list[Reminder]:
    """The in-app notices on a person's home page: the latest few of the last two weeks."""
    if not person.is_authenticated:
        return []
    since = (now or timezone.now()) - dt.timedelta(days=days)
    return list(
        Reminder.objects.filter(person=person, channel="notice", status=Reminder.Status.DELIVERED,
                                created_at__gte=since)
        .select_related("deadline")
        .order_by("-created_at", "-id")[:limit]
    )


def todo_students(person: Person, *, campaign: Campaign, college: College, task: Task,
                  now: dt.datetime | None = None) -> QuerySet[Student]:
    """A college's students who have not done the task, for its 催办 list, with when each was last nudged."""
    today = f"nudge:{timezone.localdate(now or timezone.now()):%Y-%m-%d}"
    nudged_today = Reminder.objects.filter(person_id=OuterRef("person_id"), lead=today)
    return (
        scoping.students_for(person).filter(campaign=campaign, college=college)
        .filter(task.applies).exclude(task.done)
        .annotate(nudged_today=Exists(nudged_today))
        .select_related("person")
        .order_by("number")
    )
