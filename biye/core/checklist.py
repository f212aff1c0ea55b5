"""The graduation checklist: every task of R1–R4, for one student (their home page) and counted per college
(R0.3, R5.2).

A task says, as query expressions on Student, whom it concerns, who has done it and who is blocked by it, so
one aggregate query counts every task for every college. Sections register their own tasks in their
AppConfig.ready(); a task nobody has built yet says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from biye.core import calendar, concerned
from biye.core.models import Campaign, Deadline, Student


@dataclass(frozen=True)
class Task:
    key: str
    title: str | Promise
    requirement: str
    how: str | Promise
    applies: Q = Q()
    done: Q | None = None  # None: not built yet
    blocked: Q | None = None  # done or not, still blocking (e.g. no photo: cannot be registered)
    blocked_message: str | Promise = _("无法学历注册")  # what the block means, shown on that task only
    deadline_kind: str | None = None
    url_name: str | None = None  # the page where the student does it
    order: int = 100
    # R5.2: work the notice asks of the college (not of the student): undone at the deadline, the college is late.
    college_work: bool = False
    # What the student is told beside the task beyond `how`, from the section that knows (the college's hand-out
    # plan, where the diploma is): student → text ("" for nothing).
    note: Callable[[Student], str] | None = None

    @property
    def built(self) -> bool:
        return self.done is not None


_TASKS: dict[str, Task] = {}


def register(task: Task) -> None:
    _TASKS[task.key] = task


def unregister(key: str) -> None:
    """A section that splits a placeholder task (the conclusion, per round) removes the placeholder."""
    _TASKS.pop(key, None)


def tasks() -> list[Task]:
    return sorted(_TASKS.values(), key=lambda t: t.order)


DUAL = concerned.receives_diploma()

# What the notice asks of every graduate; sections replace these with built tasks.
for _task in (
    Task("photo", _("学历电子注册图像采集"), "R1", _("按名单参加线上采集或到影像中心补采。"), order=10,
         applies=DUAL,
         deadline_kind=Deadline.Kind.PHOTO_MAKEUP),
    Task("pinyin_filing", _("填报姓名拼音（全拼）"), "R2.1", _("在“学籍信息校对”中核对并填报姓名拼音。"),
         applies=DUAL, order=20, deadline_kind=Deadline.Kind.PINYIN_FILING),
    Task("pinyin_confirm", _("确认证书英文姓名"), "R2.5", _("核对学院汇总的姓名拼音并确认。"),
         applies=DUAL, order=30, deadline_kind=Deadline.Kind.VERIFICATION_SUBMIT, college_work=True),
    Task("record_check", _("核对学籍信息"), "R2.7", _("核对姓名、性别、民族、出生日期、证件号码、专业、层次；有误须书面申请。"),
         order=40, deadline_kind=Deadline.Kind.VERIFICATION_SUBMIT),
    Task("conclusion", _("毕业结论"), "R3", _("由学院审核后报送研究生院。"),
         applies=DUAL & Q(is_international=False), order=50, deadline_kind=Deadline.Kind.CONCLUSIONS),
    Task("diploma", _("签收学历证书"), "R4.1", _("按学院的证书发放方案本人签收。"), order=60),
    Task("study_certificate", _("硕博连读硕士阶段学习证明"), "R4.5", _("需要时由学院登记（附件9）。"),
         applies=Q(is_combined=True), order=70, deadline_kind=Deadline.Kind.STUDY_CERTIFICATES),
):
    register(_task)


@dataclass
class TaskState:
    task: Task
    state: str  # "done", "todo", "late", "na", "unbuilt"
    blocked: bool
    deadline: Deadline | None
    note: str = ""

    STATE_LABELS = {
        "done": _("已完成"),
        "todo": _("待完成"),
        "late": _("已逾期"),
        "na": _("无需办理"),
        "unscheduled": _("尚未安排"),
        "unbuilt": _("尚未开放（功能建设中）"),
    }

    @property
    def label(self) -> str:
        return str(self.STATE_LABELS[self.state])


def _aggregates(now: dt.datetime, campaign: Campaign) -> dict[str, Count]:
    aggs: dict[str, Count] = {"total": Count("pk")}
    for t in tasks():
        aggs[f"{t.key}__applies"] = Count("pk", filter=t.applies)
        if t.built:
            aggs[f"{t.key}__done"] = Count("pk", filter=t.applies & t.done)
        if t.blocked is not None:
            aggs[f"{t.key}__blocked"] = Count("pk", filter=t.blocked)
    return aggs


def for_student(student: Student, now: dt.datetime | None = None) -> list[TaskState]:
    """The student's checklist, in one query."""
    now = now or timezone.now()
    row = Student.objects.filter(pk=student.pk).aggregate(**_aggregates(now, student.campaign))
    states = []
    for t in tasks():
        d = calendar.find(student.campaign, t.deadline_kind) if t.deadline_kind else None
        if not row[f"{t.key}__applies"]:
            state = "na"
        elif not t.built:
            state = "unbuilt"
        elif row[f"{t.key}__done"]:
            state = "done"
        elif d is None and t.deadline_kind:
            state = "unscheduled"
        elif d is not None and now >= d.closes:
            state = "late"
        else:
            state = "todo"
        blocked = bool(row.get(f"{t.key}__blocked"))
        note = t.note(student) if t.note is not None and state != "na" else ""
        states.append(TaskState(task=t, state=state, blocked=blocked, deadline=d, note=note))
    return states


@dataclass
class Counts:
    applies: int
    done: int | None
    blocked: int
    late: bool  # the deadline has passed with work not done

    @property
    def not_done(self) -> int | None:
        return None if self.done is None else self.applies - self.done

    @property
    def completion(self) -> float:
        """Share done (0–1); -1 for a task not built, so it sorts apart."""
        if self.done is None:
            return -1.0
        return self.done / self.applies if self.applies else 1.0

    @property
    def segments(self) -> list[tuple[str, int, float]]:
        """The bar of R0.3/R5.2: (kind, count, percent) for done, late, blocked and to do, which add up to
        `applies`. What is not done is late once the deadline has passed, to do before; the blocked among it (no
        photo: cannot be registered) are a segment of their own."""
        if self.done is None or not self.applies:
            return []
        rest = self.applies - self.done
        blocked = min(self.blocked, rest)
        open_ = rest - blocked
        parts = [("done", self.done), ("late", open_ if self.late else 0), ("blocked", blocked),
                 ("todo", 0 if self.late else open_)]
        return [(kind, n, round(100 * n / self.applies, 1)) for kind, n in parts if n]


def by_college(students: QuerySet[Student], campaign: Campaign, now: dt.datetime | None = None) -> dict[int, dict]:
    """R0.3/R5.2: per college, per task: how many concern it, are done, are blocked, and whether it is late.
    One query, whatever the number of colleges and students."""
    now = now or timezone.now()
    rows = (
        students.filter(campaign=campaign).order_by().values("college_id").annotate(**_aggregates(now, campaign))
    )
    deadlines = {t.key: calendar.find(campaign, t.deadline_kind) for t in tasks() if t.deadline_kind}
    result: dict[int, dict] = {}
    for row in rows:
        per_task = {"total": row["total"]}
        for t in tasks():
            done = row.get(f"{t.key}__done")
            applies = row[f"{t.key}__applies"]
            d = deadlines.get(t.key)
            per_task[t.key] = Counts(
                applies=applies,
                done=done,
                blocked=row.get(f"{t.key}__blocked", 0),
                late=bool(t.built and d is not None and now >= d.closes and done is not None and done < applies),
            )
        result[row["college_id"]] = per_task
    return result


def late_tasks(per_task: dict | None) -> list[Task]:
    """R5.2: the tasks a college has let pass their deadline unfinished (from one row of by_college)."""
    if not per_task:
        return []
    return [t for t in tasks() if getattr(per_task.get(t.key), "late", False)]
