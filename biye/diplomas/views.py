"""R4 pages: the graduate's certificates, the college's hand-out and returns, 附件9, the Graduate School's and
the archives' work, and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biye.core import downloads, exports, scoping, submissions, web
from biye.core.errors import ActionRefused
from biye.core.models import Role, Submission
from biye.core.paging import paginate
from biye.diplomas import actions, queries, study, verification
from biye.diplomas.forms import (
    CertificateForm, HandOverForm, IssueForm, JieyeReturnForm, PlanForm, ReprintForm, StudyForm,
)
from biye.diplomas.models import Certificate, ReprintRequest, StudyCertificate


def _certificate(request: HttpRequest, form: CertificateForm) -> Certificate:
    """The certificate a button names, only within what this person may see."""
    campaign = web.current_campaign()
    try:
        return queries.certificates_for(request.user, campaign).get(pk=form.cleaned_data["certificate"])
    except Certificate.DoesNotExist:
        raise Http404(_("没有找到该证书，或您无权查看。")) from None


def _refusals(*forms) -> list[str]:
    """What the bound forms refused, for the top of a page whose buttons sit in table rows."""
    return [str(e) for f in forms if f.is_bound for errors in f.errors.values() for e in errors]


def _act(request: HttpRequest, form, call) -> bool:
    """Run one action for a valid form; a refusal is shown next to the field. True when it succeeded."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ActionRefused as e:
        web.show_refusal(form, e)
        return False
    return True


# --- the graduate ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """R4.1–R4.3: my certificates, the college's plan, signing for, and a reprint request."""
    student = scoping.own_student(request.user)
    op = request.POST.get("op")
    sign, reprint = CertificateForm(request.POST if op in ("sign", "cover") else None), ReprintForm(
        request.POST if op == "reprint" else None)
    if op == "sign" and _act(request, sign, lambda d: actions.sign_for(
            certificate=_certificate(request, sign), by=request.user, version=d["version"])):
        messages.success(request, _("已签收：证书核对无误。"))
        return redirect("diplomas:mine")
    if op == "cover" and _act(request, sign, lambda d: actions.sign_cover(
            certificate=_certificate(request, sign), by=request.user)):
        messages.success(request, _("已领取证书封皮。"))
        return redirect("diplomas:mine")
    if op == "reprint" and _act(request, reprint, lambda d: actions.request_reprint(
            certificate=_certificate(request, reprint), by=request.user, reason=d["reason"])):
        messages.success(request, _("已退回重印，学院将通知您重新领取。"))
        return redirect("diplomas:mine")
    return render(request, "diplomas/mine.html", {
        "student": student, "plan": queries.plan_of(student.campaign, student.college_id),
        "certificates": list(queries.certificates_for(request.user, student.campaign).filter(student=student)),
        "reprint": reprint, "refusals": _refusals(sign, reprint),
        "requests": ReprintRequest.objects.filter(certificate__student=student).order_by("-at"),
    })


# --- the college ---------------------------------------------------------------------------------------------


def _college_ops(request: HttpRequest, campaign, college) -> tuple[dict, bool]:
    op = request.POST.get("op")
    bound = {name: request.POST if op == name else None for name in ("plan", "hand", "paper", "reprint", "jieye")}
    plan = queries.plan_of(campaign, college.pk)
    initial = {"starts_at": plan.starts_at, "place": plan.place, "note": plan.note, "version": plan.version,
               "methods": [m for m in ("in_person", "proxy", "post") if getattr(plan, m)]} if plan else {}
    forms = {"plan": PlanForm(bound["plan"], initial=initial), "hand": HandOverForm(bound["hand"]),
             "paper": CertificateForm(bound["paper"]), "reprint": ReprintForm(bound["reprint"]),
             "jieye": JieyeReturnForm(bound["jieye"])}
    by = request.user
    done = False
    if op == "plan":
        done = _act(request, forms["plan"], lambda d: actions.set_handout_plan(
            campaign=campaign, college=college, by=by, starts_at=d["starts_at"], place=d["place"],
            methods=d["methods"], note=d["note"], version=d["version"]))
    elif op == "hand":
        f = forms["hand"]
        done = _act(request, f, lambda d: actions.hand_over(
            certificate=_certificate(request, f), by=by, method=d["method"], receiver=d["receiver"],
            authorisation=d["authorisation"], tracking_number=d["tracking_number"], version=d["version"]))
    elif op == "paper":
        f = forms["paper"]
        done = _act(request, f, lambda d: actions.sign_for(certificate=_certificate(request, f), by=by, version=d["version"]))
    elif op == "reprint":
        f = forms["reprint"]
        done = _act(request, f, lambda d: actions.request_reprint(certificate=_certificate(request, f), by=by, reason=d["reason"]))
    elif op == "jieye":
        def record(d):
            student = scoping.students_for(by).filter(campaign=campaign, college=college, number=d["student_number"]).first()
            if student is None:
                raise ActionRefused(_("本学院本届没有学号为 %(n)s 的研究生。") % {"n": d["student_number"]}, field="student_number")
            actions.record_jieye_return(student=student, by=by, number=d["number"])
        done = _act(request, forms["jieye"], record)
    elif op == "degree":
        try:
            n = actions.prepare_degree_certificates(campaign=campaign, college=college, by=by)
        except ActionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("已登记 %(n)d 名单证研究生的学位证书。") % {"n": n})
            done = True
    elif op:
        raise PermissionDenied(_("未知的操作。"))
    return forms, done


@login_required
@require_http_methods(["GET", "POST"])
def college(request: HttpRequest, code: str) -> HttpResponse:
    """R4.1, R4.2, R4.4: the college's plan, its certificates handed over and signed for, 结业 certificates returned."""
    college = scoping.get_college_for(request.user, code)
    campaign = web.current_campaign()
    if request.method == "POST":
        scoping.require_handler(request.user, college)
    forms, done = _college_ops(request, campaign, college)
    if done:
        messages.success(request, _("已保存。"))
        return redirect("diplomas:college", college.code)
    page, query = paginate(request, queries.certificates_for(request.user, campaign, college))
    r = scoping.roles_of(request.user)
    returns = list(queries.JieyeReturn.objects.filter(student__campaign=campaign, student__college=college)
                   .select_related("student").order_by("student__number"))
    panel = submissions.panel(request.user, campaign, college, Submission.Kind.CERTIFICATE_RETURN)
    return render(request, "diplomas/college.html", {
        "college": college, "campaign": campaign, "page": page, "query": query, "forms": forms,
        "refusals": _refusals(*(f for name, f in forms.items() if name not in ("plan", "jieye"))),
        "is_handler": r.is_gs or college.pk in r.handler_college_ids,
        "returns": returns, "panel": panel,
        # R4.4: only a college with a 结业转毕业 graduate (or a batch started) sees the returns and their form.
        "owes_returns": bool(returns) or panel.submission.pk is not None
        or college.pk in queries.colleges_owing_returns(campaign),
    })


@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    """The college's sign-for sheet or 附件9, as .xlsx or PDF (?form=sign-for-sheet|study-certificates&format=pdf)."""
    college = scoping.get_college_for(request.user, code)
    export = exports.get(request.GET.get("form", ""))
    if export is None or export.name not in ("sign-for-sheet", "study-certificates"):
        raise Http404(_("没有这种表。"))
    suffix = ".pdf" if request.GET.get("format") == "pdf" else ".xlsx"
    campaign = web.current_campaign()
    return downloads.send_file(
        request, kind=f"diplomas.{export.name}", title=export.title, filename=f"{export.name}-{college.code}{suffix}",
        write=lambda out: export.write(out, students=scoping.students_for(request.user), campaign=campaign,
                                       college=college, suffix=suffix),
        campaign=campaign, college=college,
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_list(request: HttpRequest, code: str) -> HttpResponse:
    """R4.5: the college registers 硕博连读 graduates' requests (附件9) and submits the list; the GS issues."""
    college = scoping.get_college_for(request.user, code)
    campaign = web.current_campaign()
    op = request.POST.get("op")
    form, issue = StudyForm(request.POST if op == "register" else None), IssueForm(request.POST if op == "issue" else None)
    if request.method == "POST":
        if op == "register":
            def register(d):
                student = (scoping.students_for(request.user)
                           .filter(campaign=campaign, college=college, number=d["number"].strip()).first())
                phase = study.Phase(**{k: d[k] for k in ("master_number", "master_discipline", "master_from",
                                                          "master_to", "to_phd_on", "finished_on", "note")})
                study.register(campaign=campaign, college=college, by=request.user, phase=phase, student=student,
                               number=d["number"], name=d["name"], gender=d["gender"], id_number=d["id_number"])
            if _act(request, form, register):
                messages.success(request, _("已登记。"))
                return redirect("diplomas:study", college.code)
        elif op == "issue":
            def do_issue(d):
                c = get_object_or_404(StudyCertificate, pk=d["request"], college=college)
                study.issue(certificate=c, by=request.user)
            scoping.require_graduate_school(request.user)
            if _act(request, issue, do_issue):
                messages.success(request, _("已开具学习证明。"))
                return redirect("diplomas:study", college.code)
        else:
            raise PermissionDenied(_("未知的操作。"))
    rows = queries.study_certificates_for(request.user, campaign, college)
    page, query = paginate(request, rows)
    return render(request, "diplomas/study.html", {
        "college": college, "campaign": campaign, "form": form, "page": page, "query": query,
        "is_handler": college.pk in scoping.roles_of(request.user).handler_college_ids,
        "is_gs": scoping.roles_of(request.user).is_gs,
        "panel": submissions.panel(request.user, campaign, college, Submission.Kind.STUDY_CERTIFICATES),
    })


@login_required
@require_GET
def study_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued study certificate: the Graduate School, the college's staff, the holder."""
    c = get_object_or_404(StudyCertificate, pk=pk, issued_at__isnull=False)
    r = scoping.roles_of(request.user)
    if not (r.is_gs or c.college_id in r.college_ids or (c.student_id and r.student_id == c.student_id)):
        raise Http404(_("没有找到该学习证明，或您无权查看。"))
    return downloads.send_file(
        request, kind="diplomas.study-certificate", title=_("硕博连读学习证明"),
        filename=f"study-certificate-{c.number}.pdf", rows=1, filter={"certificate": c.number},
        content=study.pdf(c, request.build_absolute_uri(f"/verify/{c.code}/")), college=c.college,
    )


# --- the Graduate School and the archives --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dossier(request: HttpRequest) -> HttpResponse:
    """R4.3 and R4.2: the GS hands the directed/commissioned diplomas over; the archives confirm each, and see the
    requests after signing that they answer with a 学历证明书."""
    r = scoping.roles_of(request.user)
    if not (r.is_gs or r.has(Role.ARCHIVES)):
        raise PermissionDenied(_("此页面供研究生院和档案馆使用。"))
    campaign = web.current_campaign()
    op = request.POST.get("op")
    try:
        if op == "send":
            n = actions.send_to_dossier(campaign=campaign, by=request.user)
            messages.success(request, _("已移交 %(n)d 份学历证书。") % {"n": n})
            return redirect("diplomas:dossier")
        if op == "receive":
            form = CertificateForm(request.POST)
            if form.is_valid():
                actions.confirm_dossier_receipt(certificate=_certificate(request, form), by=request.user)
                messages.success(request, _("已签收入档。"))
                return redirect("diplomas:dossier")
        if op == "done":
            found = queries.attestation_requests(request.user).filter(pk=request.POST.get("request") or 0).first()
            if found is None:
                raise Http404(_("没有找到该申请。"))
            actions.mark_attestation_done(request=found, by=request.user)
            messages.success(request, _("已办结。"))
            return redirect("diplomas:dossier")
        if request.method == "POST" and op not in ("receive",):
            raise PermissionDenied(_("未知的操作。"))
    except ActionRefused as e:
        messages.error(request, str(e))
    page, query = paginate(request, queries.dossier_certificates(request.user, campaign))
    return render(request, "diplomas/dossier.html", {
        "page": page, "query": query, "is_gs": r.is_gs, "is_archives": r.has(Role.ARCHIVES),
        "requests": queries.attestation_requests(request.user).order_by("done_at", "-at")[:200],
    })


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """R4.5: anyone may check a study certificate: the holder's name, what is certified, the date. Nothing else."""
    try:
        found = verification.lookup(token, request.META.get("REMOTE_ADDR", ""))
    except verification.TooManyAttempts:
        return render(request, "diplomas/verify_limited.html", status=429)
    if found is None:
        raise Http404(_("没有这个验证码。"))
    return render(request, "diplomas/verify.html", {
        "name": found.name, "certified": study.certified_text(found), "issued_on": found.issued_at})


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The colleges whose certificates this person works on (one: straight to it)."""
    r = scoping.roles_of(request.user)
    if not (r.is_gs or r.is_college):
        raise PermissionDenied(_("此页面供研究生院和学院使用。"))
    colleges = list(scoping.colleges_for(request.user).order_by("code"))
    if len(colleges) == 1 and not r.is_gs:
        return redirect("diplomas:college", colleges[0].code)
    return render(request, "diplomas/index.html", {"colleges": colleges, "is_gs": r.is_gs})
