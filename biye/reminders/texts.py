"""What each reminder says (Chinese first, through gettext). Pure functions of their arguments."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from biye.core.calendar import format_due
from biye.core.checklist import Task
from biye.core.models import Deadline


def footer() -> str:
    return _("此消息由研究生毕业工作系统自动发送，请勿直接回复。如已办理，请忽略。")


def link(url_name: str | None, *args: object) -> str:
    """An absolute link when BIYE_SITE_URL is set (e-mail needs one), else the path."""
    if not url_name:
        return ""
    try:
        path = reverse(url_name, args=args)
    except NoReverseMatch:
        return ""
    return settings.BIYE_SITE_URL.rstrip("/") + path


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def student(*, task: Task, deadline: Deadline) -> Callable[[str], tuple[str, str]]:
    """The reminder of one task to a student, as a function of their name: the rest is worked out once per
    deadline, not once per student (a run may write 100,000 of these)."""
    due = format_due(deadline.closes)
    url = link(task.url_name)
    subject = _("【研究生毕业工作】请在 %(due)s 前完成：%(task)s") % {"due": due, "task": task.title}
    greeting = _("%(name)s同学：")
    rest = _lines(
        _("您还没有完成“%(task)s”，截止时间为 %(due)s（北京时间）。") % {"task": task.title, "due": due},
        str(task.how),
        _("办理入口：%(url)s") % {"url": url} if url else "",
        footer(),
    )
    return lambda name: (subject, greeting % {"name": name} + "\n" + rest)


def handler(*, name: str, college: str, college_code: str, count: int, task: Task, deadline: Deadline) -> tuple[str, str]:
    due = format_due(deadline.closes)
    url = link("reminders:todo", college_code, task.key)
    return (
        _("【研究生毕业工作】%(college)s还有 %(n)d 名学生未完成“%(task)s”") % {"college": college, "n": count, "task": task.title},
        _lines(
            _("%(name)s老师：") % {"name": name},
            _("贵院还有 %(n)d 名学生未完成“%(task)s”，截止时间为 %(due)s（北京时间）。")
            % {"n": count, "task": task.title, "due": due},
            _("名单及催办：%(url)s") % {"url": url} if url else "",
            footer(),
        ),
    )


def late_colleges(*, name: str, task: Task, deadline: Deadline, late: list[tuple[str, int]]) -> tuple[str, str]:
    due = format_due(deadline.closes)
    return (
        _("【研究生毕业工作】“%(task)s”已截止，%(k)d 个学院仍未完成") % {"task": task.title, "k": len(late)},
        _lines(
            _("%(name)s老师：") % {"name": name},
            _("“%(task)s”已于 %(due)s 截止，以下学院仍有学生未完成：") % {"task": task.title, "due": due},
            *[_("%(college)s：%(n)d 人") % {"college": college, "n": n} for college, n in late],
            _("各学院进度：%(url)s") % {"url": link("gs_overview")},
            footer(),
        ),
    )


def nudge(*, task: Task, deadline: Deadline, college: str, by: str) -> Callable[[str], tuple[str, str]]:
    """A college's 催办 of one task, as a function of the student's name."""
    due = format_due(deadline.closes)
    url = link(task.url_name)
    subject = _("【研究生毕业工作】学院提醒：请尽快完成“%(task)s”") % {"task": task.title}
    greeting = _("%(name)s同学：")
    rest = _lines(
        _("%(college)s提醒您：您还没有完成“%(task)s”，截止时间为 %(due)s（北京时间）。")
        % {"college": college, "task": task.title, "due": due},
        str(task.how),
        _("办理入口：%(url)s") % {"url": url} if url else "",
        _("（学院经办人 %(by)s 催办）") % {"by": by},
        footer(),
    )
    return lambda name: (subject, greeting % {"name": name} + "\n" + rest)
