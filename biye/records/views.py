"""Pages of the records section (R2.4, R2.7, R2.10): the student's check and correction application, the
college's work list, one application with its evidence and decisions, the Graduate School's queue, and the
附件5 table of English discipline names with its import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from biye.core import calendar, concerned, downloads, privacy, scoping, submissions, uploads, web
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, Deadline, Discipline, Submission
from biye.core.paging import paginate
from biye.records import actions, queries
from biye.records.forms import (
    ConfirmForm,
    CorrectionForm,
    DecisionForm,
    DisciplineForm,
    EnglishDecisionForm,
    EnglishProposalForm,
    FindingCheckForm,
    PaperChecksForm,
    SearchForm,
    TableUploadForm,
)
from biye.records.imports import MAX_EVIDENCE_BYTES
from biye.records.models import FIELD_LABELS, Correction, EnglishNameCorrection, Evidence, RecordCheck


def _changes(correction: Correction, *, full_id: bool = True) -> list[tuple[str, str, str]]:
    """(field, before, after) of an application; the ID number masked unless `full_id` (core/privacy.py)."""
    def shown(field: str, value: str) -> str:
        return value if full_id or field != "id_number" else privacy.mask_id(value)

    return [(str(FIELD_LABELS.get(f, f)), shown(f, correction.before.get(f, "")), shown(f, v))
            for f, v in correction.after.items()]


def _require_staff(request: HttpRequest) -> scoping.Roles:
    roles = scoping.roles_of(request.user)
    if not (roles.is_gs or roles.is_college):
        raise PermissionDenied(_("此页面供研究生院和学院经办人使用。"))
    return roles


def _current(student) -> list[str]:
    """The checked fields as the page shows them, in CorrectionForm.FIELD_NAMES order."""
    return [student.name, student.get_gender_display(), student.number, student.ethnicity,
            f"{student.birth_date:%Y-%m-%d}", f"{student.get_id_type_display()} {student.id_number}",
            f"{student.discipline.code} {student.discipline.name_zh}", student.get_level_display()]


# --- the student ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """R2.7: 核对和修改个人信息 — the student confirms "核对无误" or applies for a correction with evidence."""
    student = scoping.own_student(request.user)
    form = CorrectionForm()
    if request.method == "POST" and request.POST.get("op") == "confirm":
        try:
            actions.confirm_record(student=student, by=request.user)
        except ActionRefused as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("已确认学籍信息无误。"))
        return redirect("records:check")
    if request.method == "POST":
        form = CorrectionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.apply_for_correction(
                    student=student, by=request.user,
                    changes={name: data[name] for name in CorrectionForm.FIELD_NAMES},
                    reason=data["reason"],
                    # Never more than the limit (and a byte) in memory: a larger file is refused by its size.
                    files=[actions.Upload(name=f.name, data=f.read(MAX_EVIDENCE_BYTES + 1), size=f.size)
                           for f in data["files"]],
                )
            except ActionRefused as e:
                web.show_refusal(form, e)
            else:
                messages.success(request, _("更正申请已提交，先由学院审核，再由研究生院审核。"))
                return redirect("records:check")
    corrections = list(student.corrections.prefetch_related("evidence"))
    shown_findings = [f for f in student.findings.all() if f.is_open]
    context = {
        "student": student,
        "is_dual": concerned.is_receiving_diploma(student),
        "record_check": RecordCheck.objects.filter(student=student).first(),
        "corrections": [(c, _changes(c)) for c in corrections],
        "has_open": any(c.is_open for c in corrections),
        "form": form,
        "fields": list(zip((form[name] for name in CorrectionForm.FIELD_NAMES), _current(student))),
        "deadline": calendar.deadline(student.campaign, Deadline.Kind.VERIFICATION_SUBMIT),
        "is_open": calendar.is_open(student.campaign, Deadline.Kind.VERIFICATION_SUBMIT),
        "record_findings": [f for f in shown_findings if not f.about_table],
        "table_findings": [f for f in shown_findings if f.about_table],
    }
    return render(request, "records/check.html", context)


@login_required
def evidence(request: HttpRequest, token: str) -> HttpResponse:
    """One evidence file, to people who may see the student; always a download, never shown inline."""
    item = get_object_or_404(Evidence.objects.select_related("correction__student__college"), token=token)
    if not scoping.students_for(request.user).filter(pk=item.correction.student_id).exists():
        raise Http404(_("没有找到该文件，或您无权查看。"))
    if not item.stored_as:
        raise Http404(_("该证明材料已按个人信息保存期限删除。"))
    try:
        handle = default_storage.open(item.stored_as, "rb")
    except FileNotFoundError:  # the stored file is gone (a restore without media): say so, not a server error
        raise Http404(_("证明材料文件已不在服务器上，请联系系统管理员从备份中恢复。")) from None
    student = item.correction.student
    return downloads.send_file(
        request, kind="records.evidence", title=_("证明材料：%(student)s") % {"student": student},
        filename=item.download_name, stream=handle, rows=None, filter={"correction": item.correction_id},
        content_type=item.content_type, college=student.college,
    )


# --- one application ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    """R2.7: an application with its evidence and both decisions; the handler decides it first, then the GS."""
    item = queries.get_correction_for(request.user, pk)
    roles = scoping.roles_of(request.user)
    can_college = item.status == Correction.Status.COLLEGE and (
        roles.is_gs or item.student.college_id in roles.handler_college_ids)
    can_gs = item.status == Correction.Status.GRADUATE_SCHOOL and roles.is_gs
    form = DecisionForm(initial={"version": item.version})
    if request.method == "POST":
        if not (can_college or can_gs):
            raise PermissionDenied(_("这份申请现在不由您审核。"))
        form = DecisionForm(request.POST)
        if form.is_valid():
            decide = actions.college_decide if can_college else actions.gs_decide
            try:
                decide(correction=item, by=request.user, approve=form.cleaned_data["decision"] == "approve",
                       note=form.cleaned_data["note"], version=form.cleaned_data["version"])
            except ActionRefused as e:
                web.show_refusal(form, e)
            else:
                messages.success(request, _("审核意见已保存。"))
                return redirect("records:correction", pk=item.pk)
    # The student sees their own numbers; a reviewer who decides the application now needs the requested number
    # to compare with the evidence (the decision is audited); everyone else reads it masked.
    full_id = roles.student_id == item.student_id or can_college or can_gs
    return render(request, "records/correction.html", {
        "item": item, "changes": _changes(item, full_id=full_id), "files": list(item.evidence.all()), "form": form,
        "can_decide": can_college or can_gs, "as_college": can_college,
    })


# --- the college -----------------------------------------------------------------------------------------------


@login_required
def college_index(request: HttpRequest) -> HttpResponse:
    roles = _require_staff(request)
    if roles.is_gs:
        return redirect("records:gs")
    college = scoping.colleges_for(request.user).order_by("code").first()
    return redirect("records:college", code=college.code)


@login_required
@require_http_methods(["GET", "POST"])
def college(request: HttpRequest, code: str) -> HttpResponse:
    """R2.7, R2.10: the college's applications to decide, students who have not checked their record (with the
    paper confirmation form), open findings and English-name proposals."""
    college = scoping.get_college_for(request.user, code)
    campaign = Campaign.current()
    students = queries.unchecked_students(request.user, campaign=campaign, college_id=college.pk)
    page, query = paginate(request, students)
    paper = PaperChecksForm(request.POST or None, ids=[s.pk for s in page.object_list])
    if request.method == "POST":
        scoping.require_handler(request.user, college)
        paper = PaperChecksForm(request.POST, ids=list(students.values_list("pk", flat=True)))
        if paper.is_valid():
            chosen = list(students.filter(pk__in=paper.cleaned_data["students"]).select_related("campaign"))
            try:
                n = actions.record_paper_checks(college=college, students=chosen,
                                                signed_on=paper.cleaned_data["signed_on"], by=request.user)
            except ActionRefused as e:
                web.show_refusal(paper, e)
            else:
                messages.success(request, _("已登记 %(n)d 名学生的纸质签字确认。") % {"n": n})
                return redirect(request.get_full_path())
    return render(request, "records/college.html", {
        "college": college, "campaign": campaign, "page": page, "query": query, "paper": paper,
        "counts": queries.check_counts(request.user, campaign=campaign, college_id=college.pk),
        "to_decide": list(queries.corrections_for(request.user, status=Correction.Status.COLLEGE, college_id=college.pk)[:100]),
        "recent": list(queries.corrections_for(request.user, college_id=college.pk).exclude(
            status=Correction.Status.COLLEGE)[:20]),
        "open_findings": queries.findings_for(request.user, campaign=campaign, college_id=college.pk).count(),
        "is_handler": scoping.roles_of(request.user).is_gs or college.pk in scoping.roles_of(request.user).handler_college_ids,
        "panel": submissions.panel(request.user, campaign, college, Submission.Kind.VERIFICATION) if campaign else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def findings(request: HttpRequest, code: str) -> HttpResponse:
    """R2.10: the college's findings, each shown where it is fixed: the record's (by a correction, or marked as
    checked and correct as it is) and the 附件5 table's (by the Graduate School, linked)."""
    college = scoping.get_college_for(request.user, code)
    campaign = Campaign.current()
    form = FindingCheckForm()
    errors: dict[int, str] = {}
    if request.method == "POST":
        form = FindingCheckForm(request.POST)
        if form.is_valid():
            finding = get_object_or_404(
                queries.findings_for(request.user, campaign=campaign, college_id=college.pk, open_only=False),
                pk=form.cleaned_data["finding"])
            try:
                actions.check_finding(finding=finding, by=request.user, note=form.cleaned_data["note"])
            except ActionRefused as e:
                errors[finding.pk] = e.message
            else:
                messages.success(request, _("已记录核实情况。"))
                return redirect("records:findings", code=college.code)
        else:
            errors[form.cleaned_data.get("finding") or 0] = _("请写明核实的情况。")
    show = request.GET.get("show", "open")
    items = queries.findings_for(request.user, campaign=campaign, college_id=college.pk, open_only=show != "all")
    page, query = paginate(request, items)
    return render(request, "records/findings.html", {
        "college": college, "page": page, "query": query, "show": show, "errors": errors,
        "is_handler": college.pk in scoping.roles_of(request.user).handler_college_ids,
    })


# --- the Graduate School -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def gs(request: HttpRequest) -> HttpResponse:
    """R2.4, R2.7, R2.10: applications awaiting the Graduate School, English-name proposals to decide, and open
    findings per college."""
    scoping.require_graduate_school(request.user)
    campaign = Campaign.current()
    form = EnglishDecisionForm()
    if request.method == "POST":
        form = EnglishDecisionForm(request.POST)
        if form.is_valid():
            proposal = get_object_or_404(EnglishNameCorrection, pk=form.cleaned_data["proposal"])
            try:
                actions.decide_english_name(proposal=proposal, by=request.user,
                                            accept=form.cleaned_data["decision"] == "accept",
                                            reason=form.cleaned_data["reason"])
            except ActionRefused as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已审核英文专业名称更正。"))
            return redirect("records:gs")
    applications = queries.corrections_for(request.user, status=Correction.Status.GRADUATE_SCHOOL).order_by("submitted_at")
    page, query = paginate(request, applications)
    return render(request, "records/gs.html", {
        "page": page, "query": query,
        "proposals": list(queries.english_corrections_for(request.user, status=EnglishNameCorrection.Status.PENDING)),
        "open_by_college": _open_by_college(request, campaign),
        "missing": queries.discipline_table(campaign=campaign, missing_only=True).filter(student_count__gt=0).count(),
    })


def _open_by_college(request: HttpRequest, campaign: Campaign | None) -> list[tuple]:
    from django.db.models import Count

    rows = (queries.findings_for(request.user, campaign=campaign).order_by()
            .values("student__college__code", "student__college__name").annotate(n=Count("pk"))
            .order_by("student__college__code"))
    return [(r["student__college__code"], r["student__college__name"], r["n"]) for r in rows]


# --- 附件5 ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def disciplines(request: HttpRequest) -> HttpResponse:
    """R2.4: the English discipline name table (附件5). The Graduate School adds or edits rows here; colleges read
    it and propose corrections from a row's page."""
    roles = _require_staff(request)
    campaign = Campaign.current()
    form = DisciplineForm()
    if request.method == "POST":
        scoping.require_graduate_school(request.user)
        form = DisciplineForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_discipline(code=data["code"], name_zh=data["name_zh"], name_en=data["name_en"],
                                        by=request.user, version=data["version"])
            except ActionRefused as e:
                web.show_refusal(form, e)
            else:
                messages.success(request, _("专业 %(code)s 已保存。") % {"code": data["code"].upper()})
                return redirect("records:disciplines")
    search = SearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    table = queries.discipline_table(search=filters.get("q", ""), campaign=campaign,
                                     missing_only=bool(filters.get("missing")))
    page, query = paginate(request, table)
    return render(request, "records/disciplines.html", {
        "page": page, "query": query, "search": search, "form": form, "is_gs": roles.is_gs,
        "has_catalogue": Discipline.objects.filter(in_catalogue=True).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def discipline(request: HttpRequest, discipline_id: int) -> HttpResponse:
    """R2.4: one row of 附件5: the Graduate School edits it; a college handler proposes a correction of its
    English name with a written explanation."""
    roles = _require_staff(request)
    item = get_object_or_404(Discipline, pk=discipline_id)
    edit = DisciplineForm(initial={"code": item.code, "name_zh": item.name_zh, "name_en": item.name_en,
                                   "version": item.version})
    propose = EnglishProposalForm()
    handler_colleges = list(scoping.colleges_for(request.user).filter(pk__in=roles.handler_college_ids))
    if request.method == "POST" and request.POST.get("op") == "edit":
        scoping.require_graduate_school(request.user)
        edit = DisciplineForm(request.POST)
        if edit.is_valid():
            data = edit.cleaned_data
            try:
                actions.save_discipline(code=item.code, name_zh=data["name_zh"], name_en=data["name_en"],
                                        by=request.user, version=data["version"])
            except ActionRefused as e:
                web.show_refusal(edit, e)
            else:
                messages.success(request, _("已保存。"))
                return redirect("records:discipline", discipline_id=item.pk)
    elif request.method == "POST":
        if not handler_colleges:
            raise PermissionDenied(_("只有学院经办人可以提出英文名称更正。"))
        propose = EnglishProposalForm(request.POST)
        if propose.is_valid():
            try:
                actions.propose_english_name(discipline=item, college=handler_colleges[0], by=request.user,
                                             proposed_name=propose.cleaned_data["proposed_name"],
                                             explanation=propose.cleaned_data["explanation"])
            except ActionRefused as e:
                web.show_refusal(propose, e)
            else:
                messages.success(request, _("更正已提交研究生院审核。"))
                return redirect("records:discipline", discipline_id=item.pk)
    history = queries.english_corrections_for(request.user).filter(discipline=item)
    return render(request, "records/discipline.html", {
        "item": item, "edit": edit, "propose": propose, "is_gs": roles.is_gs,
        "can_propose": bool(handler_colleges), "history": list(history),
        "has_catalogue": Discipline.objects.filter(in_catalogue=True).exists(),
    })


TABLE_PURPOSE = "records-table"


@login_required
@require_http_methods(["GET", "POST"])
def import_table(request: HttpRequest) -> HttpResponse:
    """R2.4, step 1: upload 附件5 and see the dry run (nothing is written). A file without errors waits in
    core.uploads' store, under a token bound to this person, for the confirmation."""
    scoping.require_graduate_school(request.user)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "records/import.html", {"form": form})
    upload = form.cleaned_data["file"]
    try:
        data = uploads.read(upload, upload.name, upload.size)
        report = actions.import_disciplines(data=data, filename=upload.name, by=request.user, dry_run=True)
    except ActionRefused as e:
        web.show_refusal(form, e, field="file")
        return render(request, "records/import.html", {"form": form})
    token = ""
    if report.ok:
        token = uploads.stage(purpose=TABLE_PURPOSE, by=request.user, name=upload.name, data=data).token
    return render(request, "records/import.html", {
        "form": TableUploadForm(), "report": report, "confirm": ConfirmForm(initial={"token": token})})


@login_required
@require_POST
def confirm_table(request: HttpRequest) -> HttpResponse:
    """R2.4, step 2: import exactly the bytes that were checked in step 1."""
    scoping.require_graduate_school(request.user)
    form = ConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    staged = uploads.fetch(token, purpose=TABLE_PURPOSE, by=request.user)
    if staged is None or not staged.has_data:
        raise Http404(_("没有找到这次上传，可能已过期或已导入。请重新上传。"))
    try:
        report = actions.import_disciplines(data=staged.data, filename=staged.name, by=request.user, dry_run=False)
    except ActionRefused as e:
        messages.error(request, e.message)
        return redirect("records:import_table")
    uploads.discard(staged)
    if report.ok:
        messages.success(request, _("英文专业名称表已导入：新增 %(c)d 个，修改 %(u)d 个，未变 %(n)d 个。") % {
            "c": len(report.created), "u": len(report.changed), "n": report.unchanged})
        return redirect("records:disciplines")
    return render(request, "records/import.html", {"form": TableUploadForm(), "report": report})


# --- 附件6 -------------------------------------------------------------------------------------------------------

def _sheet_response(request: HttpRequest, college, suffix: str) -> HttpResponse:
    from biye.records.exports import write_sheets

    campaign = Campaign.current()
    if campaign is None:
        raise Http404(_("还没有毕业工作（届）。"))
    name = _("%(who)s%(year)d年预毕业研究生信息核对表") % {
        "who": college.name if college else _("全校"), "year": campaign.year}
    return downloads.send_file(
        request, kind="records.verification-sheet", title=_("附件6 预毕业研究生信息核对表"), filename=name + suffix,
        write=lambda out: write_sheets(out, students=scoping.students_for(request.user), campaign=campaign,
                                       college=college, suffix=suffix),
        campaign=campaign, college=college,
    )


@login_required
def sheet_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """R2.3: the college's 附件6 as .xlsx (printable on A4 landscape, header repeated, signature lines)."""
    _require_staff(request)
    return _sheet_response(request, scoping.get_college_for(request.user, code), ".xlsx")


@login_required
def sheet_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """R2.3: the college's 附件6 as PDF for printing, Chinese font embedded, signatures once signed."""
    _require_staff(request)
    return _sheet_response(request, scoping.get_college_for(request.user, code), ".pdf")


@login_required
def all_sheets_xlsx(request: HttpRequest) -> HttpResponse:
    """R2.9: the Graduate School downloads every college's sheet as one workbook (one sheet per college)."""
    scoping.require_graduate_school(request.user)
    return _sheet_response(request, None, ".xlsx")


@login_required
def all_sheets_pdf(request: HttpRequest) -> HttpResponse:
    scoping.require_graduate_school(request.user)
    return _sheet_response(request, None, ".pdf")
