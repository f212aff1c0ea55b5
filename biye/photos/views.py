"""R1 pages: the student's photo page, the lists (附件1, 附件2, and those on neither), the college's paper-photo
record and inclusion requests, the Graduate School's decisions, and the vendor's upload."""

from __future__ import annotations


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from biye.core import downloads, privacy, scoping, tabular, uploads, web
from biye.core.errors import ActionRefused
from biye.core.paging import paginate
from biye.core.models import Campaign, College, Deadline, Role
from biye.photos import actions, exports, queries
from biye.photos.forms import (
    InclusionDecisionForm,
    InclusionRequestForm,
    ListFilterForm,
    PaperPhotoForm,
    VendorUploadForm,
)
from biye.photos.imports import EXTENSIONS, parse_vendor_file
from biye.photos.models import InclusionRequest

PURPOSE = "photos.vendor"  # a previewed file waits in core.uploads' store until it is confirmed
# Lazy: this dict is built at import time, and each request must see its own language.
LIST_TITLES = {
    "a": gettext_lazy("附件1：未采集图像，本次必须采集"),
    "b": gettext_lazy("附件2：已采集图像，本次自愿采集"),
    "other": gettext_lazy("不在附件1、2名单中（须学院申请列入）"),
}


def _college_student(request: HttpRequest, pk: int):
    """A student the college's staff act for: 404 outside what the person may see, 403 for a non-college role."""
    student = scoping.get_student_for(request.user, pk)
    scoping.require_college_staff(request.user, student.college_id)
    return student


def _require_college_or_gs(request: HttpRequest) -> scoping.Roles:
    roles = scoping.roles_of(request.user)
    if not (roles.is_gs or roles.is_college):
        raise PermissionDenied(_("此页面供学院和研究生院使用。"))
    return roles


def _windows(campaign: Campaign) -> dict:
    return web.deadline_context(campaign, online=Deadline.Kind.PHOTO_ONLINE, makeup=Deadline.Kind.PHOTO_MAKEUP)


@login_required
def student_page(request: HttpRequest) -> HttpResponse:
    """R1.4–R1.6: must, may or need not; the window, fee and vendor; the studio after it; the block."""
    student = scoping.own_student(request.user)
    inclusion = student.photo_inclusions.order_by("-requested_at", "-id").first()
    context = {
        "student": student,
        "campaign": student.campaign,
        "category": queries.category(student),
        "status": queries.status_label(student),
        "inclusion": inclusion,
        **_windows(student.campaign),
    }
    return render(request, "photos/student.html", context)


def _list_context(request: HttpRequest, which: str) -> tuple[dict, College | None]:
    if which not in queries.LISTS:
        raise Http404
    roles = _require_college_or_gs(request)
    campaign = web.current_campaign()
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    college = scoping.get_college_for(request.user, data["college"]) if data.get("college") else None
    students = queries.photo_list(
        request.user, campaign=campaign, which=which, college_id=college.pk if college else None,
        search=data.get("q", ""),
    )
    return {"roles": roles, "campaign": campaign, "form": form, "college": college, "students": students}, college


@login_required
def photo_list(request: HttpRequest, which: str) -> HttpResponse:
    """R1.1, R1.2, R1.3: one list, scoped (Graduate School: every college, with a filter; a college: its own)."""
    context, college = _list_context(request, which)
    page, query = paginate(request, context.pop("students"))
    for s in page:
        s.photo_status = queries.status_label(s)
    active = [(_("学院"), college.name)] if college else []
    if q := (context["form"].cleaned_data.get("q", "") if context["form"].is_valid() else ""):
        active.append((_("搜索"), q))
    context.update(
        active=active,
        which=which,
        title=LIST_TITLES[which],
        page=page,
        query=query,
        colleges=scoping.colleges_for(request.user).select_related("division"),
        lists=LIST_TITLES.items(),
        **_windows(context["campaign"]),
    )
    return render(request, "photos/list.html", context)


@login_required
def photo_list_xlsx(request: HttpRequest, which: str) -> HttpResponse:
    """附件1 / 附件2 as .xlsx, the same rows as the page (and as `biye export photo-list-a|b`). The vendor (R1.4)
    downloads them too, with the photo status only."""
    if which not in ("a", "b"):
        raise Http404
    if scoping.roles_of(request.user).has(Role.VENDOR) and not scoping.roles_of(request.user).is_gs:
        campaign, college = web.current_campaign(), None
        headers, rows = exports.list_table(which=which, students=scoping.photo_subjects_for(request.user),
                                           campaign=campaign, college=None, photo_status_only=True)
    else:
        context, college = _list_context(request, which)
        campaign = context["campaign"]
        search = context["form"].cleaned_data.get("q", "") if context["form"].is_valid() else ""
        headers, rows = exports.list_table(which=which, students=scoping.students_for(request.user),
                                           campaign=campaign, college=college, search=search)
    return web.xlsx_response(request, exports.file_name(which, campaign, college), headers, rows,
                             sheet_name=exports.TITLES[which][:3], kind=f"photos.list-{which}",
                             title=exports.TITLES[which], campaign=campaign, college=college)


@login_required
@require_http_methods(["GET", "POST"])
def paper_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """R1.5: 记录纸质照片 — the college received the student's paper photo after a studio make-up."""
    student = _college_student(request, pk)
    form = PaperPhotoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_paper_photo(
                student=student, by=request.user, received_on=form.cleaned_data["received_on"],
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("已记录 %(name)s（%(number)s）的纸质照片。") % {
                "name": student.name, "number": student.number})
            return redirect(f"{reverse('photos:list', args=['a'])}?college={student.college.code}")
    context = {"student": student, "status": queries.status_label(student), "form": form,
               **_windows(student.campaign)}
    return render(request, "photos/paper.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_inclusion(request: HttpRequest, pk: int) -> HttpResponse:
    """R1.3: the college asks that a student on neither list be included."""
    student = _college_student(request, pk)
    form = InclusionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_inclusion(student=student, by=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            messages.success(request, _("已提交申请，等待研究生院审核。"))
            return redirect("photos:inclusions")
    return render(request, "photos/include.html", {"student": student, "form": form})


@login_required
def inclusions(request: HttpRequest) -> HttpResponse:
    """R1.3: the requests; the Graduate School decides the pending ones here."""
    _require_college_or_gs(request)
    requests = queries.inclusion_requests_for(request.user)
    pending = requests.filter(state=InclusionRequest.State.PENDING).order_by("requested_at", "id")
    decided = requests.exclude(state=InclusionRequest.State.PENDING).order_by("-decided_at", "-id")[:100]
    page, query = paginate(request, pending)
    return render(request, "photos/inclusions.html", {
        "page": page, "query": query, "decided": decided, "decision_form": InclusionDecisionForm(),
    })


@login_required
@require_POST
def decide_inclusion(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(queries.inclusion_requests_for(request.user), pk=pk)
    form = InclusionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择批准或不批准。"))
        return redirect("photos:inclusions")
    try:
        actions.decide_inclusion(request=req, by=request.user, approve=form.cleaned_data["decision"] == "approve",
                                 note=form.cleaned_data["note"])
    except ActionRefused as e:
        messages.error(request, _("%(student)s：%(message)s") % {"student": req.student, "message": e.message})
    else:
        messages.success(request, _("已处理 %(s)s 的申请。") % {"s": req.student})
    return redirect("photos:inclusions")


# --- R1.4 the vendor ---------------------------------------------------------------------------------------


def _require_vendor_or_gs(request: HttpRequest) -> scoping.Roles:
    scoping.require_role(request.user, Role.VENDOR, Role.GRADUATE_SCHOOL)
    return scoping.roles_of(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def vendor(request: HttpRequest) -> HttpResponse:
    """The vendor (or the Graduate School) uploads a result file; a dry run shows what would be taken."""
    roles = _require_vendor_or_gs(request)
    campaign = web.current_campaign()
    form = VendorUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        reason = form.cleaned_data["reason"] if roles.is_gs else ""
        try:
            data = uploads.read(upload, upload.name, upload.size, EXTENSIONS)
            report = actions.import_vendor_results(
                campaign=campaign, rows=parse_vendor_file(data, upload.name), file_name=upload.name,
                by=request.user, reason=reason, dry_run=True,
            )
        except ActionRefused as e:
            web.show_refusal(form, e)
        else:
            staged = uploads.stage(purpose=PURPOSE, by=request.user, name=upload.name, data=data,
                                   meta={"reason": reason, "campaign": campaign.pk})
            return _report_page(request, report, reason, token=staged.token)
    q = request.GET.get("q", "")
    recent = queries.recent_collections_for(request.user, campaign=campaign, search=q)
    page, query = paginate(request, recent)
    return render(request, "photos/vendor.html", {
        "form": form, "page": page, "q": q, "query": query,
        "campaign": campaign, "show_ids": privacy.vendor_sees_id_numbers(request.user, campaign), **_windows(campaign),
    })


@login_required
def vendor_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The vendor's list of whom to photograph: 学号, 姓名, 学院, photo status (证件号码 only if turned on)."""
    _require_vendor_or_gs(request)
    campaign = web.current_campaign()
    with_ids = privacy.vendor_sees_id_numbers(request.user, campaign)
    return downloads.send_file(
        request, kind="photos.vendor-list", title=_("影像中心采集名单"), filename=f"影像中心采集名单_{campaign.label}.xlsx",
        write=lambda out: exports.write_vendor_list(out, students=scoping.photo_subjects_for(request.user),
                                                    campaign=campaign, with_id_numbers=with_ids),
        campaign=campaign,
    )


def _report_page(request: HttpRequest, report, reason: str, **extra) -> HttpResponse:
    """The vendor's file as read: an ID number it gave is shown masked unless the campaign lets the vendor see them."""
    if not privacy.vendor_sees_id_numbers(request.user, web.current_campaign()):
        for outcome in (*report.taken, *report.rejected, *report.unchanged):
            outcome.label = privacy.mask_ids_in(outcome.label)
            outcome.message = privacy.mask_ids_in(outcome.message)
    return render(request, "photos/vendor_report.html", {
        "report": report, "reason": reason, "refused_token": _keep_refused(request, report), **extra})


@login_required
@require_POST
def vendor_confirm(request: HttpRequest) -> HttpResponse:
    """Take the previewed file: it is checked again, on the server's clock, and either every row that passes is
    taken or (a refusal) none is. The same file again changes nothing, so a double click is harmless."""
    _require_vendor_or_gs(request)
    staged = uploads.fetch(request.POST.get("token", ""), purpose=PURPOSE, by=request.user)
    campaign = web.current_campaign()
    if staged is None or not staged.has_data or staged.meta.get("campaign") != campaign.pk:
        messages.error(request, _("没有待确认的文件，请重新上传。"))
        return redirect("photos:vendor")
    reason = staged.meta.get("reason", "")
    try:
        report = actions.import_vendor_results(
            campaign=campaign, rows=parse_vendor_file(staged.data, staged.name), file_name=staged.name,
            by=request.user, reason=reason,
        )
    except ActionRefused as e:
        messages.error(request, e.message)
        return redirect("photos:vendor")
    uploads.discard(staged)
    return _report_page(request, report, reason)


REFUSED_PURPOSE = "photos-vendor-refused"
REFUSED_HEADERS = ["行号", "学号/证件号码", "姓名", "采集时间", "采集方式", "未导入的原因"]


def _keep_refused(request: HttpRequest, report: actions.ImportReport) -> str:
    """R1.4: the rows the upload refused, kept as an .xlsx for this person to download (what their own file said,
    and why); "" when none was refused. Kept apart from the staged file, so it outlives the confirmation."""
    if not report.rejected:
        return ""
    staged = uploads.stage(purpose=REFUSED_PURPOSE, by=request.user, name=report.file_name, data=None,
                           meta={"rows": len(report.rejected)})
    rows = [[o.row, o.label, o.name, f"{o.collected_at:%Y-%m-%d %H:%M}" if o.collected_at else "", o.method,
             o.message] for o in report.rejected]
    tabular.write_xlsx(staged.attachment("xlsx"), REFUSED_HEADERS, rows, sheet_name="未导入的行")
    return staged.token


@login_required
def vendor_refused(request: HttpRequest, token: str) -> HttpResponse:
    """The refused rows of this person's upload as .xlsx; another person's (or an expired) token is a 404."""
    _require_vendor_or_gs(request)
    staged = uploads.fetch(token, purpose=REFUSED_PURPOSE, by=request.user)
    if staged is None or not staged.attachment("xlsx").exists():
        raise Http404(_("没有找到这次上传的未导入行，可能已过期。请重新上传文件。"))
    stem = staged.name.rsplit(".", 1)[0]
    return web.download(request, f"{stem}_未导入的行.xlsx", staged.attachment("xlsx").read_bytes(),
                        rows=staged.meta.get("rows"), kind="photos.vendor-refused", title=_("影像中心文件未导入的行"))
