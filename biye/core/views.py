"""Core pages: login, each role's home, the record, the Graduate School's overview, calendar and audit."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from biye.core import (actions, calendar, checklist, concerned, downloads, facts, health, lateness, listing, privacy,
                       queries, scoping, submissions, web)
from biye.core.errors import ActionRefused
from biye.core.forms import (
    ArchivesFilterForm,
    AuditSearchForm,
    CampaignSettingsForm,
    ExportLogForm,
    DeadlineForm,
    GrantRoleForm,
    PeopleSearchForm,
    RevokeRoleForm,
    StudentFilterForm,
    SubmissionActionForm,
)
from biye.core.models import Campaign, Deadline, Role, RoleGrant, Student, Submission
from biye.core.paging import paginate
from biye.core.queries import history, student_list


STUDENT_COLUMNS = listing.Columns(
    ("number", gettext_lazy("学号"), "number"), ("name", gettext_lazy("姓名"), "name"),
    ("discipline", gettext_lazy("专业"), "discipline__code"), ("level", gettext_lazy("层次"), "level"),
    ("study_mode", gettext_lazy("形式"), "study_mode"), ("training_type", gettext_lazy("培养方式"), "training_type"),
    ("certificate_type", gettext_lazy("证书"), "certificate_type"), ("photo", gettext_lazy("图像"), "photo_on_file"),
    ("findings", gettext_lazy("问题"), "finding_count"),
)
ARCHIVES_COLUMNS = listing.Columns(
    ("number", gettext_lazy("学号"), "number"), ("name", gettext_lazy("姓名"), "name"), ("college", gettext_lazy("学院"), "college__code"),
    ("discipline", gettext_lazy("专业"), "discipline__code"), ("level", gettext_lazy("层次"), "level"),
    ("study_mode", gettext_lazy("形式"), "study_mode"), ("training_type", gettext_lazy("培养方式"), "training_type"),
    ("certificate_type", gettext_lazy("证书"), "certificate_type"), ("photo", gettext_lazy("图像"), "photo_on_file"),
    ("findings", gettext_lazy("问题"), "finding_count"),
)
STUDENT_HEADERS = ["学号", "姓名", "学院", "专业", "培养层次", "学习形式", "培养方式", "证书类型", "图像", "系统发现的问题数"]


def _photo_word(s) -> str:
    if not s.receives_diploma:
        return _("单证，无需采集")
    return _("已采集") if s.photo_on_file else _("未采集·无法注册")


def student_rows(students) -> list[list[object]]:
    """The rows of a student list (college, advisor, archives) for its Excel and print views."""
    return [[s.number, s.name, s.college.name, s.discipline.name_zh, s.level, s.study_mode, s.training_type,
             s.certificate_type, _photo_word(s), s.finding_count] for s in students]


def _home_links(roles: scoping.Roles) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    if roles.student_id:
        links.append((reverse("student_home"), _("我的毕业事项")))
    for grant in roles.grants:
        if grant.role in (Role.HANDLER, Role.DEAN):
            label = _("%(college)s（%(role)s）") % {"college": grant.college, "role": grant.get_role_display()}
            links.append((reverse("college_home", args=[grant.college.code]), label))
    if roles.is_gs:
        links.append((reverse("gs_overview"), _("研究生院：各学院进度")))
    for role, url_name, label in (
        (Role.ADVISOR, "advisor_home", _("导师：我的学生")),
        (Role.VENDOR, "photos:vendor", _("影像中心：采集结果")),
        (Role.ARCHIVES, "archives_home", _("档案馆")),
    ):
        if roles.has(role):
            try:
                links.append((reverse(url_name), str(label)))
            except NoReverseMatch:
                pass
    return list(dict.fromkeys(links))


def _instead(request: HttpRequest) -> list[tuple[str, str]]:
    """What the person may open instead: their own work, as on the home page (none before logging in)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return []
    return _home_links(scoping.roles_of(request.user))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page. Only the no-campaign-yet message is shown: other 404s say nothing of what is not there."""
    message = str(exception) if isinstance(exception, web.NoCampaign) else ""
    return render(request, "404.html", {"message": message, "instead": _instead(request)}, status=404)


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page: why (the refusal's own message, e.g. "此页面供学院和研究生院使用。") and what the person may
    do instead (their own pages)."""
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message, "instead": _instead(request)}, status=403)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """个人信息保护说明: open to everyone, before logging in too (linked from the login page and every page)."""
    campaign = Campaign.current()
    return render(request, "core/privacy.html", {
        "campaign": campaign,
        "retention_years": campaign.retention_years if campaign else Campaign._meta.get_field("retention_years").default,
        "idle_minutes": settings.BIYE_STAFF_IDLE_MINUTES,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    })


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their work; someone with several roles chooses."""
    links = _home_links(scoping.roles_of(request.user))
    if len(links) == 1:
        return redirect(links[0][0])
    return render(request, "core/home.html", {"links": links})


@login_required
def student_home(request: HttpRequest) -> HttpResponse:
    """我的毕业事项: every task with its state, deadline and what to do."""
    student = scoping.own_student(request.user)
    items = checklist.for_student(student)
    return render(request, "core/student_home.html", {"student": student, "items": items, "now": timezone.now()})


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    return student_detail(request, scoping.own_student(request.user).pk)


@login_required
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, scoping.get_student_for(request.user, pk))


def _record_page(request: HttpRequest, student, *, revealed: bool = False) -> HttpResponse:
    """The record; the ID number masked for staff unless this very answer is the one they asked to reveal it."""
    events = history(request.user, student_id=student.pk)[:50]
    findings = list(student.findings.select_related("checked_by"))
    is_self = scoping.roles_of(request.user).student_id == student.pk
    return render(
        request,
        "core/student_detail.html",
        {
            "student": student,
            "findings": findings,
            "has_record_findings": any(not f.about_table and f.is_open for f in findings),
            "has_table_findings": any(f.about_table for f in findings),
            "corrected_labels": [Student._meta.get_field(f).verbose_name for f in student.protected_fields],
            "items": checklist.for_student(student),
            "events": events,
            "is_self": is_self,
            "full_id": is_self or revealed,
            "revealed": revealed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reveal_id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID number, on this answer only; each reveal is audited. A GET (the address bar after a reveal)
    goes back to the record, masked."""
    student = scoping.get_student_for(request.user, pk)
    if request.method != "POST":
        return redirect("student_detail", pk=student.pk)
    privacy.reveal_id_number(student=student, by=request.user)
    return _record_page(request, student, revealed=True)


@login_required
def college_home(request: HttpRequest, code: str) -> HttpResponse:
    """R0.3: the college's students with filters and search, and per-task counts."""
    college = scoping.get_college_for(request.user, code)
    campaign = web.current_campaign()
    form = StudentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    students = student_list(
        request.user, campaign=campaign, college_id=college.pk, search=filters.get("q", ""), filters=filters
    )
    students, sort = STUDENT_COLUMNS.sort(request, students, default="number")
    active = listing.active_filters(form)
    if task := next((t for t in checklist.tasks() if t.key == filters.get("task")), None):
        if filters.get("state") in ("done", "todo"):
            active.append((str(task.title), _("已完成") if filters["state"] == "done" else _("未完成")))
    out = listing.output(request, title=_("学生名单"), filename=f"学生名单_{college.name}", headers=STUDENT_HEADERS,
                         rows=lambda: student_rows(students), active=active, college=college)
    if out:
        return out
    scoped = scoping.students_for(request.user)
    by_college = checklist.by_college(scoped.filter(college=college), campaign)
    counts = by_college.get(college.pk)
    late = lateness.late_colleges(campaign, students=scoped, colleges=[college], counts=by_college)
    page, query = paginate(request, students)
    return render(
        request,
        "core/college_home.html",
        {
            "college": college,
            "campaign": campaign,
            "form": form,
            "page": page,
            "counts": counts,
            "late": late[0] if late else None,
            "panels": submissions.panels_for(request.user, campaign, college, scoped),
            "tasks": checklist.tasks(),
            "task_deadlines": {t.key: calendar.find(campaign, t.deadline_kind) for t in checklist.tasks()
                               if t.deadline_kind},
            "query": query,
            "open_findings": queries.open_findings_by_college(request.user, campaign=campaign).get(college.pk, 0),
            "columns": STUDENT_COLUMNS,
            "sort": sort,
            "active": active,
        },
    )


@login_required
def gs_overview(request: HttpRequest) -> HttpResponse:
    """R5.2: every college × every task, with counts and late marks, at a glance."""
    scoping.require_graduate_school(request.user)
    campaign = web.current_campaign()
    colleges = list(scoping.colleges_for(request.user).select_related("division"))
    scoped = scoping.students_for(request.user)
    counts = checklist.by_college(scoped, campaign)
    started = submissions.of(campaign, colleges)
    late = lateness.late_colleges(campaign, students=scoped, colleges=colleges, counts=counts, started=started)
    late_by_college = {lc.college.pk: lc for lc in late}
    owed = lateness.owing(campaign, scoped, started)
    kinds = [(k, label) for k, label in Submission.Kind.choices if any(owed.get(k, ()))]
    open_findings = queries.open_findings_by_college(request.user, campaign=campaign)
    rows = [
        (c, counts.get(c.pk), late_by_college.get(c.pk),
         [(k, started.get((c.pk, k)), c.pk in owed.get(k, ())) for k, _label in kinds], open_findings.get(c.pk, 0))
        for c in colleges
    ]
    rows, sort = _sort_overview(request, rows)
    deadlines = list(campaign.deadlines.all())
    return render(
        request,
        "core/gs_overview.html",
        {"campaign": campaign, "rows": rows, "tasks": checklist.tasks(), "deadlines": deadlines, "late": late,
         "kinds": kinds, "late_colleges": sum(1 for lc in late if lc.delayed),
         "open_findings": sum(open_findings.values()), "sort": sort},
    )


def _sort_overview(request: HttpRequest, rows: list) -> tuple[list, str]:
    """The overview sorted by ?sort=: college (code), total, late (since when), or a task's key — by its
    completion, least complete first (-key: most complete first). Anything else: by college."""
    wanted = request.GET.get("sort", "college")
    key = wanted.lstrip("-")
    task_keys = {t.key for t in checklist.tasks()}
    if key == "total":
        value = lambda row: (row[1] or {}).get("total", 0)  # noqa: E731
    elif key == "late":
        value = lambda row: (row[2] is None, row[2].since if row[2] else None)  # noqa: E731
    elif key in task_keys:
        value = lambda row: getattr((row[1] or {}).get(key), "completion", -1.0)  # noqa: E731
    else:
        wanted, key = "college", "college"
        value = lambda row: row[0].code  # noqa: E731
    return sorted(rows, key=lambda row: (value(row), row[0].code), reverse=wanted.startswith("-")), wanted


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest) -> HttpResponse:
    """R0.1: Graduate School staff edit the campaign's deadlines."""
    scoping.require_graduate_school(request.user)
    campaign = web.current_campaign()
    posted: dict = {}  # the row the person just sent back, when it is shown again (an error, or a warning)
    if request.method == "POST":
        form = DeadlineForm(request.POST, year=campaign.year)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.set_deadline(
                    campaign=campaign, kind=data["kind"], opens=data["opens"], closes=data["closes"],
                    by=request.user, seen=data["seen"], past_confirmed=form.past_confirmed,
                )
            except calendar.MovesIntoPast as e:
                posted = {"kind": data["kind"], "warning": e.message, "confirm_past": form.past_token(data["closes"])}
            except ActionRefused as e:
                posted = {"kind": data["kind"], "error": e.message}
            else:
                messages.success(request, _("日程已保存。"))
                return redirect("calendar")
        else:
            posted = {"kind": request.POST.get("kind", ""), "error": " ".join(
                str(m) for messages_ in form.errors.values() for m in messages_)}
        posted.update(opens=request.POST.get("opens", ""), closes=request.POST.get("closes", ""))
    rows = []
    for kind in Deadline.Kind:  # the notice's order, whatever the dates: a row stays where it was after saving
        d = calendar.find(campaign, kind)  # None: an autumn deadline the Graduate School has not set yet
        row = {
            "kind": kind.value,
            "label": kind.label,
            "deadline": d,
            "seen": calendar.stamp(d) if d else "",
            "opens": calendar.format_start(d.opens) if d and d.opens else "",
            "closes": calendar.format_due(d.closes) if d else "",
        }
        if posted.get("kind") == kind.value:
            row.update(posted)
        rows.append(row)
    return render(request, "core/calendar.html", {"campaign": campaign, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_settings(request: HttpRequest) -> HttpResponse:
    """R0.1: Graduate School staff set the campaign's fee, vendor, photo cutoff year, school code, pinyin style."""
    scoping.require_graduate_school(request.user)
    campaign = web.current_campaign()
    form = CampaignSettingsForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk),
                                initial={"seen": actions.campaign_stamp(campaign)})
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in actions.CAMPAIGN_SETTINGS}
        try:
            actions.update_campaign_settings(campaign=campaign, by=request.user, values=values,
                                             seen=form.cleaned_data["seen"])
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("毕业工作设置已保存。"))
            return redirect("campaign_settings")
    return render(request, "core/campaign_settings.html", {"campaign": campaign, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest) -> HttpResponse:
    """Who holds which role; the Graduate School grants and revokes (R5.3: each change is audited)."""
    scoping.require_graduate_school(request.user)
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, granted = actions.grant_role_by_username(
                username=data["username"], display_name=data["display_name"], role=data["role"],
                college=data["college"], by=request.user,
            )
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("已授予 %(person)s 该角色。") % {"person": person} if granted
                             else _("%(person)s 已有该角色，未做改动。") % {"person": person})
            return redirect("people")
    search = PeopleSearchForm(request.GET or None)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    grants = queries.role_grants(request.user, search=q)
    page, query = paginate(request, grants)
    return render(request, "core/people.html", {"form": form, "search": search, "page": page, "query": query})


@login_required
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    scoping.require_graduate_school(request.user)
    form = RevokeRoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    grant = get_object_or_404(RoleGrant.objects.select_related("person", "college"), pk=form.cleaned_data["grant"])
    try:
        actions.revoke_role(person=grant.person, role=grant.role, college=grant.college, by=request.user)
    except ActionRefused as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已撤销 %(person)s 的“%(role)s”角色。") % {"person": grant.person, "role": grant.get_role_display()})
    return redirect("people")


AUDIT_COLUMNS = listing.Columns(
    ("at", gettext_lazy("时间（北京时间）"), "at"), ("actor", gettext_lazy("操作人"), "actor_label"), ("action", gettext_lazy("操作"), "action"),
    ("object", gettext_lazy("对象"), "object_label"), ("changes", gettext_lazy("变更"), None),
)
AUDIT_HEADERS = ["时间（北京时间）", "操作人", "操作", "学号", "对象", "变更", "说明"]


def _audit_rows(events) -> list[list[object]]:
    from biye.core import audit

    return [[f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}", e.actor_label, audit.action_label(e.action),
             e.student.number if e.student else "", e.object_label,
             "；".join(f"{label}：{old} → {new}" for label, old, new in audit.shown_changes(e)),
             audit.without_paths(e.note)] for e in events.iterator(chunk_size=2000)]


@login_required
def audit_search(request: HttpRequest) -> HttpResponse:
    """R5.3: the Graduate School searches the history of any student; Excel of what the search found."""
    scoping.require_graduate_school(request.user)
    form = AuditSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events = history(request.user, search=data.get("q", ""), action=data.get("action", ""))
    events, sort = AUDIT_COLUMNS.sort(request, events, default="-at")
    active = listing.active_filters(form)
    out = listing.output(request, title=_("操作记录"), filename="操作记录", headers=AUDIT_HEADERS,
                         rows=lambda: _audit_rows(events), active=active)
    if out:
        return out
    page, query = paginate(request, events)
    return render(request, "core/audit.html", {"form": form, "page": page, "query": query, "columns": AUDIT_COLUMNS,
                                               "sort": sort, "active": active})


ADVISEE_COLUMNS = listing.Columns(
    ("number", gettext_lazy("学号"), "number"), ("name", gettext_lazy("姓名"), "name"), ("college", gettext_lazy("学院"), "college__code"),
    ("discipline", gettext_lazy("专业"), "discipline__code"), ("level", gettext_lazy("层次"), "level"),
    ("pinyin", gettext_lazy("姓名拼音"), None), ("pinyin_status", gettext_lazy("拼音状态"), None),
    ("photo", gettext_lazy("图像采集"), "photo_on_file"), ("ask", gettext_lazy("请您提醒"), None),
)
ADVISEE_HEADERS = ["学号", "姓名", "学院", "专业", "培养层次", "姓名拼音（全拼）", "拼音状态", "图像采集", "请您提醒"]


def _advisee_facts(students) -> list:
    """Each advisee with the pinyin and photo facts the names and photos sections publish (core/facts.py), and
    what the advisor is asked to remind them of."""
    students = list(students)
    keys = [k for k in ("names.spelling", "names.status", "photos.status", "photos.blocked") if k in facts.keys()]
    table = facts.table(keys, [s.pk for s in students])
    for s in students:
        row = table[s.pk]
        dual = concerned.is_receiving_diploma(s)
        s.pinyin = row.get("names.spelling", "") if dual else ""
        s.pinyin_status = row.get("names.status", "") if dual else _("单证，无需填报")
        s.photo_status = row.get("photos.status", "")
        asks = []
        if dual and s.pinyin_status != _("已确认"):
            asks.append(_("填报并确认姓名拼音"))
        if row.get("photos.blocked"):
            asks.append(_("完成学历电子注册图像采集"))
        s.ask = "、".join(asks)
    return students


@login_required
def export_log(request: HttpRequest) -> HttpResponse:
    """数据导出记录 (R5.3, issue 16): every file that left Biye — who, when, what, which filter, how many rows."""
    scoping.require_graduate_school(request.user)
    form = ExportLogForm(request.GET or None, colleges=scoping.colleges_for(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    events = downloads.exports_for(request.user, who=data.get("who", ""), college=data.get("college", ""))
    page, query = paginate(request, events)
    return render(request, "core/export_log.html", {"form": form, "page": page, "query": query})


@login_required
def advisor_home(request: HttpRequest) -> HttpResponse:
    """An advisor's students: each one's pinyin and photo status, and what the advisor is asked to do."""
    scoping.require_role(request.user, Role.ADVISOR)
    form = StudentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    students = student_list(request.user, campaign=web.current_campaign(), search=filters.get("q", ""),
                            filters=filters).filter(advisor=request.user)
    students, sort = ADVISEE_COLUMNS.sort(request, students, default="number")
    active = listing.active_filters(form)
    out = listing.output(
        request, title=_("我的学生"), filename="我的学生", headers=ADVISEE_HEADERS, active=active,
        rows=lambda: [[s.number, s.name, s.college.name, s.discipline.name_zh, s.level, s.pinyin, s.pinyin_status,
                       s.photo_status, s.ask] for s in _advisee_facts(students)],
    )
    if out:
        return out
    page, query = paginate(request, students)
    return render(request, "core/advisor.html", {
        "title": _("我的学生"), "page": page, "rows": _advisee_facts(page), "query": query, "form": form,
        "columns": ADVISEE_COLUMNS, "sort": sort, "active": active,
    })


@login_required
def archives_home(request: HttpRequest) -> HttpResponse:
    """R4.3: the diplomas of directed and commissioned graduates go to the dossier office: by college, with
    search, filters and export."""
    scoping.require_role(request.user, Role.ARCHIVES)
    form = ArchivesFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    college = filters.get("college")
    students = student_list(request.user, campaign=web.current_campaign(), search=filters.get("q", ""),
                            filters=filters, college_id=college.pk if college else None).filter(
        training_type__in=["定向", "委培"]
    )
    students, sort = ARCHIVES_COLUMNS.sort(request, students, default="college")
    active = listing.active_filters(form)
    title = _("定向、委培毕业生（证书移交学生档案室）")
    out = listing.output(request, title=title, filename="定向委培毕业生", headers=STUDENT_HEADERS, active=active,
                         rows=lambda: student_rows(students), college=college)
    if out:
        return out
    page, query = paginate(request, students)
    return render(request, "core/people_list.html", {
        "title": title, "page": page, "query": query, "form": form, "columns": ARCHIVES_COLUMNS, "sort": sort,
        "active": active,
    })


_SUBMISSION_DONE = {
    "submit": _("已报送研究生院，请主管院长签发。"),
    "sign": _("已签发。"),
    "accept": _("已接收。"),
    "return": _("已退回学院，并告知退回原因。"),
}


@login_required
@require_POST
def submission_act(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """R2.9: one step of a college's submission — submit, dean sign-off, accept, return with a reason."""
    college = scoping.get_college_for(request.user, code)
    campaign = web.current_campaign()
    if kind not in Submission.Kind.values:
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("college_home", args=[college.code])
    form = SubmissionActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求不完整，请刷新页面后重试。"))
        return redirect(back)
    op, version = form.cleaned_data["op"], form.cleaned_data["version"]
    try:
        if op == "submit":
            submissions.submit(campaign=campaign, college=college, kind=kind, by=request.user, version=version)
        else:
            submission = get_object_or_404(Submission, campaign=campaign, college=college, kind=kind)
            if op == "sign":
                submissions.sign_off(submission=submission, by=request.user, version=version)
            elif op == "accept":
                submissions.accept(submission=submission, by=request.user, version=version)
            else:
                submissions.return_with_reason(submission=submission, by=request.user,
                                               reason=form.cleaned_data["reason"], version=version)
    except ActionRefused as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _SUBMISSION_DONE[op])
    return redirect(back)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 when the database answers and is migrated, 503 (with the reason) otherwise."""
    problem = health.problem()
    return JsonResponse({"ok": problem is None, "problem": problem}, status=503 if problem else 200)
