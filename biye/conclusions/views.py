"""Pages of the conclusions section (R3): the college's round list with eligibility explained and its 附件8,
one graduate's inputs and applications, the student's applications, the advisor's co-signatures, the Graduate
School's registration file. Thin: each parses a form, calls one action or query, renders."""

from __future__ import annotations


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from biye.conclusions import actions, exports, imports, queries
from biye.conclusions.forms import (
    ApplyForm, DecideForm, ImportForm, ProposeAllForm, ProposeForm, RoundForm, StandingForm,
)
from biye.conclusions.models import Application, Conclusion, Round
from biye.core import calendar, downloads, official, scoping, submissions, uploads, web
from biye.core.errors import ActionRefused
from biye.core.models import Role
from biye.core.paging import paginate

PAGE_SIZE = 100


def _round(request: HttpRequest) -> Round:
    return RoundForm(request.GET or request.POST or None).round_value()


def _college_url(code: str, round_: Round) -> str:
    return f"{reverse('conclusions:college', args=[code])}?round={round_.value}"


@login_required
def college_index(request: HttpRequest) -> HttpResponse:
    """A college person's way in: straight to their college (the Graduate School picks one on its overview)."""
    colleges = list(scoping.colleges_for(request.user).order_by("code")[:2])
    if len(colleges) == 1:
        return redirect("conclusions:college", colleges[0].code)
    if not colleges:
        raise PermissionDenied(_("此页面供学院经办人、主管院长和研究生院使用。"))
    return render(request, "conclusions/college_index.html",
                  {"colleges": scoping.colleges_for(request.user).order_by("code")})


@login_required
def college(request: HttpRequest, code: str) -> HttpResponse:
    """R3.2–R3.5: the round's listed graduates, each with the conclusions allowed now and why not the others;
    the proposals, the applications waiting, and the 附件8 submission."""
    college_ = scoping.get_college_for(request.user, code)
    campaign, round_ = web.current_campaign(), _round(request)
    search = request.GET.get("q", "").strip()[:40]
    rows = queries.college_rows(scoping.students_for(request.user), campaign, college_, round_, search=search)
    ready = queries.graduate_ready(rows)
    page, query = paginate(request, rows, PAGE_SIZE)
    r = scoping.roles_of(request.user)
    context = {
        "college": college_, "campaign": campaign, "round": round_, "rounds": Round, "page": page, "query": query,
        "search": search, "total": len(rows), "ready": len(ready),
        "proposed": sum(1 for row in rows if row.report), "waiting": [a for row in rows for a in row.open_applications],
        "can_propose": r.is_gs or college_.pk in r.handler_college_ids,
        "panel": submissions.panel(request.user, campaign, college_, round_.submission_kind),
        "deadline": calendar.find(campaign, round_.conclusions_kind),
        "defense_deadline": calendar.find(campaign, round_.defense_kind),
        "conclusions": Conclusion,
    }
    return render(request, "conclusions/college.html", context)


@login_required
@require_POST
def propose(request: HttpRequest, code: str) -> HttpResponse:
    college_ = scoping.get_college_for(request.user, code)
    form = ProposeForm(request.POST)
    round_ = _round(request)
    if not form.is_valid():
        messages.error(request, _("请选择毕业结论。"))
        return redirect(_college_url(code, round_))
    student = scoping.get_student_for(request.user, form.cleaned_data["student"])
    if student.college_id != college_.pk:
        raise Http404
    try:
        actions.propose(student=student, by=request.user, conclusion=form.cleaned_data["conclusion"],
                        note=form.cleaned_data["note"], version=form.cleaned_data["version"])
    except ActionRefused as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("%(name)s：已拟定“%(c)s”。") % {"name": student.name,
                                                              "c": form.cleaned_data["conclusion"]})
    return redirect(_college_url(code, Round.of(student)) + f"#s-{student.pk}")


@login_required
@require_POST
def propose_all(request: HttpRequest, code: str) -> HttpResponse:
    college_ = scoping.get_college_for(request.user, code)
    form = ProposeAllForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求不完整，请刷新页面后重试。"))
        return redirect("conclusions:college", code)
    round_ = Round(form.cleaned_data["round"])
    try:
        n = actions.propose_graduates(campaign=web.current_campaign(), college=college_, round_=round_, by=request.user,
                                      expected=form.cleaned_data["expected"])
    except ActionRefused as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已为 %(n)d 名符合毕业条件的研究生拟定“毕业”。") % {"n": n})
    return redirect(_college_url(code, round_))


@login_required
@require_http_methods(["GET", "POST"])
def student(request: HttpRequest, pk: int) -> HttpResponse:
    """One graduate for the college: defense and programme status, eligibility explained, applications."""
    s = scoping.get_student_for(request.user, pk)
    can_edit = scoping.can_act_for_college(request.user, s.college_id)
    if not can_edit:
        raise PermissionDenied(_("此页面供学院和研究生院使用。"))
    row = queries.student_row(s)
    standing = row.standing
    initial = {"version": standing.version if standing else 0}
    if standing:
        yes_no = {None: "", True: "yes", False: "no"}
        initial |= {"defense_on": standing.defense_on, "defense_result": standing.defense_result,
                    "defense_grade": standing.defense_grade, "programme_done": yes_no[standing.programme_done],
                    "grades_passed": yes_no[standing.grades_passed]}
    form = StandingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_standing(student=s, by=request.user, values=form.values(),
                                    version=form.cleaned_data["version"])
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("答辩与培养信息已保存。"))
            return redirect("conclusions:student", s.pk)
    return render(request, "conclusions/student.html", {"student": s, "row": row, "form": form, "round": Round.of(s)})


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One step on an application: the advisor signs; the college records a paper signature, approves or returns."""
    application = queries.application_for(request.user, pk)
    form = DecideForm(request.POST)
    back = (reverse("conclusions:advisor") if request.POST.get("next") == "advisor"
            else reverse("conclusions:student", args=[application.student_id]))
    if not form.is_valid():
        messages.error(request, _("请求不完整，请刷新页面后重试。"))
        return redirect(back)
    op, version, reason = form.cleaned_data["op"], form.cleaned_data["version"], form.cleaned_data["reason"]
    done = {"sign": _("已签字，申请转学院审批。"), "paper": _("已登记导师纸质签字。"),
            "approve": _("已批准申请。"), "return": _("已退回申请，学生将看到退回原因。")}
    try:
        if op == "sign":
            actions.advisor_sign(application=application, by=request.user, version=version)
        elif op == "paper":
            actions.record_paper_signature(application=application, by=request.user, version=version)
        else:
            actions.decide(application=application, by=request.user, approve=op == "approve", reason=reason,
                           version=version)
    except ActionRefused as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done[op])
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    """The student: which conclusions are open to them and why, their applications with every step and reason."""
    s = scoping.own_student(request.user)
    row = queries.student_row(s)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.apply(student=s, by=request.user, kind=form.cleaned_data["kind"],
                          reason=form.cleaned_data["reason"])
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("申请已提交，请导师签字后由学院审批。"))
            return redirect("conclusions:me")
    round_ = Round.of(s)
    return render(request, "conclusions/me.html", {
        "student": s, "row": row, "form": form, "listed": queries.listed(s), "round": round_,
        "deadline": calendar.find(s.campaign, round_.conclusions_kind),
        "converts": s.prior_conclusion == Conclusion.COMPLETE,
    })


@login_required
def advisor(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.ADVISOR)
    applications = queries.advisor_applications(request.user)
    page, query = paginate(request, applications)
    return render(request, "conclusions/advisor.html", {"page": page, "query": query,
                                                         "waiting": Application.State.ADVISOR})


@login_required
@require_http_methods(["GET", "POST"])
def import_standings(request: HttpRequest, code: str) -> HttpResponse:
    """Defense results and programme status from a file: checked first (试导入, nothing written), kept in the
    staged-upload store, then imported exactly as checked when the person confirms."""
    college_ = scoping.get_college_for(request.user, code)
    campaign = web.current_campaign()
    purpose = f"conclusions.standings:{college_.code}"
    form = ImportForm(request.POST or None, request.FILES or None)
    result = staged = None
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        staged = uploads.fetch(token, purpose=purpose, by=request.user)
        if staged is None or not staged.has_data:
            messages.error(request, _("找不到检查过的文件（可能已超过一天）。请重新选择文件检查。"))
            return redirect("conclusions:import", college_.code)
        try:
            result = imports.import_standings(data=staged.data, filename=staged.name, campaign=campaign,
                                              college=college_, by=request.user, dry_run=False)
        except ActionRefused as e:
            messages.error(request, e.message)
            return redirect("conclusions:import", college_.code)
        if result.written:
            uploads.discard(staged)
            messages.success(request, _("已导入 %(n)d 行，其中 %(c)d 人的信息有变化。") % {"n": result.rows, "c": result.changed})
            return redirect("conclusions:college", college_.code)
        staged, form = None, ImportForm()  # the students changed since the check: the errors are shown
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = uploads.read(upload, upload.name, upload.size)
            result = imports.import_standings(data=data, filename=upload.name, campaign=campaign, college=college_,
                                              by=request.user, dry_run=True)
        except ActionRefused as e:
            web.show_refusal(form, e, field="file")
        else:
            if not result.errors:
                staged = uploads.stage(purpose=purpose, by=request.user, name=upload.name, data=data)
    return render(request, "conclusions/import.html", {"college": college_, "form": form, "result": result,
                                                        "staged": staged, "columns": imports.EXPECT})


@login_required
def form_download(request: HttpRequest, code: str) -> HttpResponse:
    """附件8 as .xlsx or .pdf, with the signature lines of its submission."""
    college_ = scoping.get_college_for(request.user, code)
    campaign, round_ = web.current_campaign(), _round(request)
    suffix = ".pdf" if request.GET.get("format") == "pdf" else ".xlsx"
    form = exports.conclusions_form(scoping.students_for(request.user), campaign, college_, round_)
    return downloads.send_file(
        request, kind="conclusions.form", title=_("附件8 研究生毕业结论"),
        filename=f"conclusions-{college_.code}-{round_.value}{suffix}",
        write=lambda out: official.write(out, form, suffix=suffix),
        filter={"round": round_.value}, campaign=campaign, college=college_,
    )


@login_required
def registration(request: HttpRequest) -> HttpResponse:
    """R3.6: the Graduate School downloads the registration file (GET ?download=xlsx|dbf), or sees what it holds."""
    scoping.require_graduate_school(request.user)
    campaign, round_ = web.current_campaign(), _round(request)
    fmt = request.GET.get("download")
    try:
        reg = exports.registration(campaign, round_, scoping.students_for(request.user))
    except ActionRefused as e:
        return render(request, "conclusions/registration.html", {"error": e.message, "round": round_,
                                                                  "rounds": Round, "campaign": campaign})
    if fmt in ("xlsx", "dbf"):
        writer = exports.write_registration_dbf if fmt == "dbf" else exports.write_registration_xlsx
        try:
            return downloads.send_file(
                request, kind="conclusions.registration", title=_("毕业报库"),
                filename=f"registration-{campaign.year}-{round_.value}.{fmt}",
                write=lambda out: writer(out, reg), filter={"round": round_.value, "format": fmt}, campaign=campaign,
            )
        except ActionRefused as e:
            messages.error(request, e.message)
            return redirect(f"{reverse('conclusions:registration')}?round={round_.value}")
    return render(request, "conclusions/registration.html", {
        "reg": reg, "round": round_, "rounds": Round, "campaign": campaign, "excluded": reg.excluded[:200],
        "risks": [r for r in reg.rows if r[-1]][:200], "fields": exports.FIELDS})
