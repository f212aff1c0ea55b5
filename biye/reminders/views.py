"""Pages of the reminders section: the record (Graduate School; a college for its students), the mail outbox,
the lead times of each deadline, and a college's list of students who have not done a task, with 催办."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from biye.core import calendar, scoping, web
from biye.core.errors import ActionRefused
from biye.core.models import Deadline
from biye.core.paging import paginate
from biye.reminders import actions, queries
from biye.reminders.forms import LeadTimesForm, NudgeForm, ReminderSearchForm


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """Every reminder sent: to whom, of what, for which deadline, by which channel, delivered or failed."""
    reminders = queries.reminders_for(request.user)
    form = ReminderSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    reminders = queries.search(reminders, q=data.get("q", ""), channel=data.get("channel", ""),
                               status=data.get("status", ""))
    page, query = paginate(request, reminders)
    return render(request, "reminders/log.html", {"form": form, "page": page, "query": query,
                                                  "titles": _titles()})


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """The mail outbox: what each person was sent by e-mail, in full (the demo's mail goes nowhere else)."""
    scoping.require_graduate_school(request.user)
    form = ReminderSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    mails = queries.search(queries.reminders_for(request.user), q=data.get("q", ""), channel="email",
                           status=data.get("status", ""))
    page, query = paginate(request, mails, size=20)
    return render(request, "reminders/outbox.html", {"form": form, "page": page, "query": query,
                                                     "outbox_only": settings.BIYE_MAIL_OUTBOX_ONLY,
                                                     "titles": _titles()})


@login_required
@require_http_methods(["GET", "POST"])
def lead_times(request: HttpRequest) -> HttpResponse:
    """How many days before each deadline the reminders go out (by default 3 and 1)."""
    scoping.require_graduate_school(request.user)
    campaign = web.current_campaign()
    errors: dict[int, str] = {}
    if request.method == "POST":
        form = LeadTimesForm(request.POST)
        if form.is_valid():
            deadline = Deadline.objects.filter(campaign=campaign, pk=form.cleaned_data["deadline"]).first()
            if deadline is None:
                raise Http404
            try:
                actions.set_lead_times(deadline=deadline, days=form.cleaned_data["days"], by=request.user)
            except ActionRefused as e:
                errors[deadline.pk] = e.message
            else:
                messages.success(request, _("“%(task)s”的提醒时间已保存。") % {"task": deadline.get_kind_display()})
                return redirect("reminders:lead_times")
        else:
            errors[int(request.POST.get("deadline") or 0)] = form.errors.get("days", [_("请填写提前天数。")])[0]
    leads = queries.lead_days(campaign)
    keys = {t.deadline_kind: t for t in queries.reminder_tasks()}
    rows = [(d, ",".join(str(n) for n in leads[d.pk]), errors.get(d.pk), keys.get(d.kind))
            for d in campaign.deadlines.order_by("closes")]
    return render(request, "reminders/lead_times.html", {"campaign": campaign, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def todo(request: HttpRequest, code: str, task: str) -> HttpResponse:
    """A college's students who have not done a task; the handler ticks some and reminds them now (催办)."""
    college = scoping.get_college_for(request.user, code)
    the_task = queries.task_by_key(task)
    if the_task is None:
        raise Http404
    campaign = web.current_campaign()
    students = queries.todo_students(request.user, campaign=campaign, college=college, task=the_task)
    page, query = paginate(request, students)
    if request.method == "POST":
        form = NudgeForm(request.POST, student_ids=[s.pk for s in page.object_list])
        if form.is_valid():
            try:
                reminded, skipped = actions.nudge(college=college, task_key=the_task.key,
                                                  student_ids=form.cleaned_data["students"], by=request.user)
            except ActionRefused as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已催办 %(n)d 名学生。") % {"n": reminded})
                if skipped:
                    messages.warning(request, _("%(n)d 名学生今天已催办过、已完成或没有登录账号，未再发送。")
                                     % {"n": skipped})
                return redirect(request.get_full_path())
        else:
            messages.error(request, _("所选学生不在当前页的名单中，请刷新后重新勾选。"))
    deadline = calendar.find(campaign, the_task.deadline_kind)  # None: not scheduled yet (autumn)
    return render(request, "reminders/todo.html", {
        "college": college, "task": the_task, "deadline": deadline, "page": page, "query": query,
        "can_nudge": scoping.roles_of(request.user).is_gs or college.pk in scoping.roles_of(request.user).handler_college_ids,
    })


def _titles() -> dict[str, str]:
    from biye.core import checklist
    from biye.core.models import Submission
    from biye.reminders import reports

    titles = {t.key: str(t.title) for t in checklist.tasks()}
    titles.update({reports.task_key(k): str(k.label) for k in Submission.Kind})
    titles[reports.DIGEST] = _("研究生院每日汇总")
    return titles
