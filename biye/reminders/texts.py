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


def report_handler(*, name: str, college: str, form: str, returned: bool, deadline: Deadline | None) -> tuple[str, str]:
    due = format_due(deadline.closes) if deadline else ""
    what = (_("%(college)s的“%(form)s”已被研究生院退回，尚未重新报送") if returned
            else _("%(college)s尚未报送“%(form)s”")) % {"college": college, "form": form}
    return (
        _("【研究生毕业工作】%(what)s") % {"what": what},
        _lines(
            _("%(name)s老师：") % {"name": name},
            what + (_("，截止时间为 %(due)s（北京时间）。") % {"due": due} if due else "。"),
            _("报送后须由主管院长签发。"),
            footer(),
        ),
    )


def report_dean(*, name: str, college: str, form: str, deadline: Deadline | None, url: str) -> tuple[str, str]:
    due = format_due(deadline.closes) if deadline else ""
    return (
        _("【研究生毕业工作】“%(form)s”待您签发") % {"form": form},
        _lines(
            _("%(name)s：") % {"name": name},
            _("%(college)s已报送“%(form)s”，等待您签发后才能送达研究生院。") % {"college": college, "form": form},
            _("截止时间为 %(due)s（北京时间）。") % {"due": due} if due else "",
            _("签发入口：%(url)s") % {"url": url} if url else "",
            footer(),
        ),
    )


def digest(*, name: str, late: list[tuple[str, list[str]]], arrived: list[tuple[str, str]]) -> tuple[str, str]:
    """The Graduate School's morning: late colleges with why, and forms signed off and waiting to be accepted."""
    lines = [_("%(name)s老师：") % {"name": name}]
    if late:
        lines.append(_("逾期的学院（%(n)d 个）：") % {"n": len(late)})
        lines += [f"  {college}：{'；'.join(reasons)}" for college, reasons in late]
    if arrived:
        lines.append(_("已由主管院长签发、待研究生院接收（%(n)d 份）：") % {"n": len(arrived)})
        lines += [f"  {college}：{form}" for college, form in arrived]
    lines += [_("各学院进度：%(url)s") % {"url": link("gs_overview")}, footer()]
    return (
        _("【研究生毕业工作】今日：%(late)d 个学院逾期，%(arrived)d 份报送待接收") % {"late": len(late), "arrived": len(arrived)},
        _lines(*lines),
    )
