"""Pages of the pinyin section: the student's filing and confirmation, the college's list, one student's record
for the college, and the Graduate School's risks (R2.1, R2.2, R2.5, R2.6, R2.8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods

from biye.core import concerned, listing, scoping, web
from biye.core.errors import ActionRefused
from biye.core.paging import paginate
from biye.core.models import Campaign, Deadline, Student
from biye.core.queries import history
from biye.names import actions, queries
from biye.names.forms import BulkPaperForm, ChoiceForm, ListFilterForm, PaperForm, SpellingForm, VersionForm


def _chooser_rows(student: Student, spelling: str, chooser: queries.Chooser | None) -> list[dict]:
    """R2.2: per character, its readings with tone marks and a word, the proposal first; the rare ones apart,
    behind "更多读音", unless one of them is the reading the spelling uses."""
    if chooser is None:
        return []
    selected = queries.selected_readings(student.name, spelling, chooser)
    rows = []
    for c in chooser.chars:
        options = [
            {"value": h.reading, "toned": " / ".join(h.toned) or h.reading, "word": h.word, "rare": h.rare,
             "id": f"{c.field_name}-{k}", "checked": h.reading == selected[c.index]}
            for k, h in enumerate(c.hints)
        ]
        rows.append({
            "index": c.index, "char": c.char, "name": c.field_name, "readings": c.readings,
            "selected": selected[c.index],
            "usual": [o for o in options if not o["rare"]],
            "rare": [o for o in options if o["rare"]],
            "rare_chosen": any(o["rare"] and o["checked"] for o in options),
        })
    return rows


def _proposal(student: Student, style: str) -> str:
    """The proposed spelling; none for a 留学生, whose diploma name is the one on the passport."""
    return "" if student.is_international else queries.proposal(student.name, style)


def _file(form: SpellingForm, action, **kwargs) -> dict | None:
    """Run a filing action on a valid form. Returns None when stored; otherwise what the page shows next to the
    form: a refusal is put on its field, and a spelling that needs a reason says where it differs (once, in the
    card above the form, with the diploma format to take with one click), the reason field only asking for one."""
    try:
        action(spelling=form.cleaned_data["spelling"], reason=form.cleaned_data["reason"],
               version=form.cleaned_data["version"], **kwargs)
    except actions.NeedsReason as e:
        form.add_error("reason", _("如确需按此填写，请在“原因说明”中写明原因；否则请按上方提示改正。"))
        return {"problems": e.problems, "formatted": e.formatted}
    except ActionRefused as e:
        web.show_refusal(form, e)
        return {}
    return None


def _windows(campaign: Campaign) -> dict:
    return web.deadline_context(campaign, filing=Deadline.Kind.PINYIN_FILING, confirm=Deadline.Kind.VERIFICATION_SUBMIT)


@login_required
@require_http_methods(["GET", "POST"])
def filing(request: HttpRequest) -> HttpResponse:
    """R2.1, R2.2: 学籍管理 → 学籍信息校对 → 核对和修改个人信息, and R2.5: 确认证书英文姓名."""
    student = scoping.own_student(request.user)
    record = queries.record_of(student)
    style = student.campaign.pinyin_style
    chooser = None if student.is_international else queries.chooser_for(student.name, style)
    stored = record.spelling if record else ""
    version = record.version if record else 0
    proposal = _proposal(student, style)
    passport = student.is_international
    form = SpellingForm(initial={"spelling": stored or proposal, "version": version}, passport=passport)
    shown_problems: dict = {}
    op = request.POST.get("op")
    if request.method == "POST" and op == "confirm":
        vform = VersionForm(request.POST)
        try:
            if not vform.is_valid():
                raise ActionRefused(_("页面已过期，请刷新后重试。"))
            actions.confirm_pinyin(student=student, by=request.user, version=vform.cleaned_data["version"])
        except ActionRefused as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("已确认证书英文姓名。"))
        return redirect("names:filing")
    if request.method == "POST" and op == "compose" and chooser is not None:
        # Without script: put the chosen readings into the spelling field; nothing is stored yet.
        choices = ChoiceForm(request.POST, chooser=chooser)
        choices.is_valid()
        data = request.POST.copy()
        data["spelling"] = chooser.compose(choices.chosen(), style)
        form = SpellingForm(data, passport=passport)
        form.is_valid()
    elif request.method == "POST":
        form = SpellingForm(request.POST, passport=passport)
        if form.is_valid():
            shown_problems = _file(form, actions.file_pinyin, student=student, by=request.user)
            if shown_problems is None:
                messages.success(request, _("姓名拼音已提交。请在截止前核对；学院汇总后还需要您确认。"))
                return redirect("names:filing")
    shown = form["spelling"].value() or ""
    context = {
        "student": student,
        "record": record,
        "is_dual": concerned.is_receiving_diploma(student),
        "form": form,
        "version": version,
        "passport": passport,
        "proposal": proposal,
        "chooser_rows": _chooser_rows(student, shown, chooser),
        "chooser_json": chooser.as_json(style) if chooser else None,
        "problems": shown_problems.get("problems", []),
        "formatted": shown_problems.get("formatted", ""),
        "one_click_op": "file",
        **_windows(student.campaign),
    }
    return render(request, "names/filing.html", context)


@login_required
def college_index(request: HttpRequest) -> HttpResponse:
    """Where a college's staff (or the Graduate School) start: their college's list, or the risks page."""
    roles = scoping.roles_of(request.user)
    if roles.is_gs:
        return redirect("names:risks")
    college = scoping.colleges_for(request.user).order_by("code").first()
    if college is None:
        raise PermissionDenied(_("此页面仅供学院经办人、主管院长和研究生院使用。"))
    return redirect("names:college", code=college.code)


PINYIN_COLUMNS = listing.Columns(
    ("number", gettext_lazy("学号"), "number"), ("name", gettext_lazy("姓名"), "name"),
    ("college", gettext_lazy("学院"), "college__code"), ("pinyin", gettext_lazy("姓名拼音（全拼）"), "pinyin"),
    ("source", gettext_lazy("来源"), "name_record__source"), ("reason", gettext_lazy("原因说明"), None),
    ("confirmed", gettext_lazy("确认"), "name_record__confirmed_at"),
    ("diploma_name", gettext_lazy("英文证书姓名"), "diploma_name"),
)
PINYIN_HEADERS = ["学号", "姓名", "学院", "姓名拼音（全拼）", "状态", "来源", "原因说明", "确认方式", "确认日期", "英文证书姓名"]


def _pinyin_rows(students) -> list[list[object]]:
    """The pinyin list's rows for its Excel and print views: spelling, status, confirmation (R2.5, R2.8)."""
    rows = []
    for s in students:
        r = getattr(s, "name_record", None) if s.pinyin else None
        confirmed = r is not None and r.confirmed_at is not None
        status = (_("已确认") if confirmed else _("确认后被修改，待重新确认") if r and r.changed_after_confirmation
                  else _("已填报，未确认") if s.pinyin else _("未填报"))
        day = (r.paper_signed_on or timezone.localtime(r.confirmed_at).date()) if confirmed else ""
        rows.append([s.number, s.name, s.college.name, s.pinyin, status, r.get_source_display() if r else "",
                     r.reason if r else "", r.get_method_display() if confirmed else "", day, s.diploma_name])
    return rows


def _bulk_paper(request: HttpRequest, college, campaign) -> BulkPaperForm:
    """R2.5: paper signatures of the ticked students, one date; each audited on its own."""
    form = BulkPaperForm(request.POST)
    if form.is_valid():
        wanted = form.cleaned_data["students"]
        found = {s.pk: s for s in queries.name_list(request.user, campaign=campaign, college_id=college.pk)
                 .filter(pk__in=list(wanted))}
        try:
            n = actions.record_paper_confirmations(
                students=[(found[pk], version) for pk, version in wanted.items() if pk in found],
                by=request.user, signed_on=form.cleaned_data["signed_on"],
            )
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("已登记 %(n)d 名学生的纸质签字确认（签字日期 %(d)s）。") % {
                "n": n, "d": f"{form.cleaned_data['signed_on']:%Y-%m-%d}"})
            form.done = True
    return form


@login_required
@require_http_methods(["GET", "POST"])
def college(request: HttpRequest, code: str) -> HttpResponse:
    """R2.5, R2.6: the college's dual-certificate students with their pinyin, filters, search and sorting;
    按建议补全 (after saying how many it will fill); paper signatures for many students at once; Excel and print."""
    college = scoping.get_college_for(request.user, code)
    campaign = web.current_campaign()
    op = request.POST.get("op", "") if request.method == "POST" else ""
    bulk = None
    asking = None
    if op == "fill_ask":
        asking = queries.fill_preview(request.user, campaign=campaign, college_id=college.pk)
    elif op == "fill":
        try:
            filled, unreadable = actions.fill_blanks_with_proposal(campaign=campaign, college=college, by=request.user)
        except ActionRefused as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("已按建议补全 %(n)s 名学生的姓名拼音，请组织学生确认。") % {"n": filled})
            if unreadable:
                names = pgettext("list separator", "、").join(f"{s.number} {s.name}" for s in unreadable)
                messages.warning(request, _("以下学生需逐个补全（留学生按护照上的英文姓名填写；其余是系统无法识别读音的姓名）：%(names)s") % {"names": names})
        return redirect("names:college", code=college.code)
    elif op == "paper_bulk":
        bulk = _bulk_paper(request, college, campaign)
        if getattr(bulk, "done", False):
            return redirect(request.get_full_path())
    form = ListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    students = queries.name_list(
        request.user, campaign=campaign, college_id=college.pk, status=filters.get("status", ""),
        search=filters.get("q", ""),
    )
    students, sort = PINYIN_COLUMNS.sort(request, students, default="number")
    active = listing.active_filters(form)
    out = listing.output(request, title=_("姓名拼音核对表"), filename=f"姓名拼音_{college.name}", headers=PINYIN_HEADERS,
                         rows=lambda: _pinyin_rows(students), active=active, college=college)
    if out:
        return out
    page, query = paginate(request, students)
    style = campaign.pinyin_style
    rows = [(s, "" if s.pinyin else _proposal(s, style)) for s in page]
    roles = scoping.roles_of(request.user)
    counts = queries.status_counts(request.user, campaign=campaign, college_id=college.pk)
    can_edit = roles.is_gs or college.pk in roles.handler_college_ids
    windows = _windows(campaign)
    return render(
        request,
        "names/college.html",
        {
            "college": college,
            "campaign": campaign,
            "form": form,
            "page": page,
            "rows": rows,
            "total": counts["total"],
            "not_filed": counts["not_filed"],
            "statuses": [(key, label, counts[key]) for key, (label, _q) in queries.STATUSES.items()],
            "can_edit": can_edit,
            "can_tick": can_edit and college.pk in roles.handler_college_ids and windows["confirm_open"],
            "bulk": bulk or BulkPaperForm(initial={"signed_on": timezone.localdate()}),
            "asking": asking,
            "query": query,
            "columns": PINYIN_COLUMNS,
            "sort": sort,
            "active": active,
            **windows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def student(request: HttpRequest, pk: int) -> HttpResponse:
    """R2.5, R2.6: one student's pinyin for the college: fill in or correct it, record a paper signature."""
    student = scoping.get_student_for(request.user, pk)
    scoping.require_can_act_for(request.user, student)
    record = queries.record_of(student)
    style = student.campaign.pinyin_style
    version = record.version if record else 0
    proposal = _proposal(student, style)
    passport = student.is_international
    form = SpellingForm(initial={"spelling": (record.spelling if record else "") or proposal, "version": version},
                        passport=passport)
    paper = PaperForm(initial={"version": version})
    shown_problems: dict = {}
    op = request.POST.get("op")
    if request.method == "POST" and op == "paper":
        paper = PaperForm(request.POST)
        if paper.is_valid():
            try:
                actions.record_paper_confirmation(
                    student=student, by=request.user, signed_on=paper.cleaned_data["signed_on"],
                    version=paper.cleaned_data["version"],
                )
            except ActionRefused as e:
                web.show_refusal(paper, e)
            else:
                messages.success(request, _("已登记纸质签字确认。"))
                return redirect("names:student", pk=student.pk)
    elif request.method == "POST":
        form = SpellingForm(request.POST, passport=passport)
        if form.is_valid():
            shown_problems = _file(form, actions.fill_pinyin, student=student, by=request.user)
            if shown_problems is None:
                messages.success(request, _("姓名拼音已保存，请组织该学生确认。"))
                return redirect("names:student", pk=student.pk)
    roles = scoping.roles_of(request.user)
    return render(
        request,
        "names/student.html",
        {
            "student": student,
            "record": record,
            "is_dual": concerned.is_receiving_diploma(student),
            "proposal": proposal,
            "form": form,
            "paper": paper,
            "problems": shown_problems.get("problems", []),
            "formatted": shown_problems.get("formatted", ""),
            "one_click_op": "fill",
            "version": version,
            "passport": passport,
            "can_edit": roles.is_gs or student.college_id in roles.handler_college_ids,
            "events": history(request.user, student_id=student.pk, action="names.")[:50],
            **_windows(student.campaign),
        },
    )


@login_required
def risks(request: HttpRequest) -> HttpResponse:
    """R2.8: the Graduate School's view of every college: names that may print wrong or unconfirmed."""
    scoping.require_graduate_school(request.user)
    campaign = web.current_campaign()
    form = ListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    students = queries.name_list(
        request.user, campaign=campaign, status=filters.get("status") or "risk", search=filters.get("q", "")
    )
    students, sort = PINYIN_COLUMNS.sort(request, students, default="college")
    active = listing.active_filters(form) or [(_("状态"), _("有风险"))]
    out = listing.output(request, title=_("英文证书姓名风险"), filename="英文证书姓名风险", headers=PINYIN_HEADERS,
                         rows=lambda: _pinyin_rows(students), active=active)
    if out:
        return out
    page, query = paginate(request, students)
    return render(
        request,
        "names/risks.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "rows": [(s, "") for s in page],
            "per_college": queries.risk_counts(request.user, campaign=campaign),
            "risks": [(key, label) for key, (label, _q) in queries.RISKS.items()],
            "query": query,
            "columns": PINYIN_COLUMNS,
            "sort": sort,
            "active": active,
        },
    )
