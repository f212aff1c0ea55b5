"""R0.2 pages: Graduate School staff upload a roster, see the dry run, and confirm the import.

Between the two steps the upload waits in core/uploads.py's store, under a token bound to this person; the
confirmation names only the token, so what is imported is exactly what was checked. A rejected file is not kept
(a roster holds ID numbers): only its error report is, for the download.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from biye.core import downloads, scoping, tabular, uploads, web
from biye.core.errors import ActionRefused
from biye.roster import exports
from biye.roster.actions import ImportReport, import_roster
from biye.roster.forms import ConfirmForm, RosterUploadForm
from biye.roster import aliases
from biye.roster.columns import COLUMNS, OPTIONAL_HEADERS

PURPOSE = "roster"
ERRORS_SHOWN = 300


def _staged(request: HttpRequest, token: str) -> uploads.Staged:
    """This person's upload under this token, or 404: another person's token, or an upload that is gone, does
    not exist here."""
    staged = uploads.fetch(token, purpose=PURPOSE, by=request.user)
    if staged is None:
        raise Http404(_("没有找到这次上传，可能已过期或已导入。请重新上传。"))
    return staged


def _write_error_report(path: Path, report: ImportReport, by) -> None:
    """Written when the upload is checked (by the person who uploaded it), sent by error_report."""
    tabular.write_xlsx(
        path, [_("行号"), _("列"), _("值"), _("问题")],
        ((e.row or "", e.column, e.value, e.problem) for e in report.errors), sheet_name=_("错误报告"),
        footer=downloads.footer_text(by),
    )


def _context(**extra) -> dict:
    return {"columns": COLUMNS, "optional_headers": OPTIONAL_HEADERS, "errors_shown": ERRORS_SHOWN,
            "header_aliases": aliases.rows_for_display(), "value_aliases": aliases.value_rows_for_display(), **extra}


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and dry run (试导入). Nothing is written to the roster."""
    scoping.require_graduate_school(request.user)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "roster/upload.html", _context(form=form))
    upload_file = form.cleaned_data["file"]
    year, update = form.cleaned_data["campaign"], form.cleaned_data["update"]
    try:
        data = uploads.read(upload_file, upload_file.name, upload_file.size)
        report = import_roster(data=data, filename=upload_file.name, campaign_year=year, by=request.user, dry_run=True,
                               update=update)
    except ActionRefused as e:
        web.show_refusal(form, e, field="file")
        return render(request, "roster/upload.html", _context(form=form))
    staged = uploads.stage(purpose=PURPOSE, by=request.user, name=upload_file.name,
                           data=None if report.errors else data,
                           meta={"year": report.campaign_year, "new": _news(report), "errors": len(report.errors),
                                 "update": update})
    if report.errors:
        _write_error_report(staged.attachment("errors.xlsx"), report, request.user)
    return render(
        request, "roster/upload.html",
        _context(form=RosterUploadForm(), report=report, token=staged.token,
                 confirm=ConfirmForm(initial={"token": staged.token})),
    )


def _news(report: ImportReport) -> bool:
    """New or renamed colleges and disciplines: most often a typo in the file, so they ask a second confirmation."""
    return bool(report.new_colleges or report.renamed_colleges or report.new_disciplines
                or report.renamed_disciplines)


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: import what was checked in step 1."""
    scoping.require_graduate_school(request.user)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404(_("没有找到这次上传，请重新上传。"))
    staged = _staged(request, form.cleaned_data["token"])
    if not staged.has_data:
        raise Http404(_("没有找到这次上传，可能已过期或已导入。请重新上传。"))
    if staged.meta.get("new") and request.POST.get("confirm_new") != "yes":
        # The second confirmation was not given: show the same dry run again, its warning first.
        report = import_roster(data=staged.data, filename=staged.name, campaign_year=staged.meta["year"],
                               by=request.user, dry_run=True, update=staged.meta.get("update", False))
        messages.error(request, _("名单中有新增或改名的学院、专业。请逐一核对，确认不是笔误后勾选“我已核对”，再确认导入。"))
        return render(request, "roster/upload.html", _context(
            form=RosterUploadForm(), report=report, token=staged.token,
            confirm=ConfirmForm(initial={"token": staged.token}), confirm_missing=True))
    try:
        report = import_roster(data=staged.data, filename=staged.name, campaign_year=staged.meta["year"],
                               by=request.user, dry_run=False, update=staged.meta.get("update", False))
    except ActionRefused as e:
        messages.error(request, e.message)
        return redirect("roster:upload")
    if report.errors:  # cannot happen for the same bytes, unless the code tables changed in between
        _write_error_report(staged.attachment("errors.xlsx"), report, request.user)
        return render(request, "roster/upload.html",
                      _context(form=RosterUploadForm(), report=report, token=staged.token))
    uploads.discard(staged)
    messages.success(request, _("学籍名单已导入。"))
    return render(request, "roster/upload.html", _context(form=RosterUploadForm(), report=report, imported=True))


@login_required
def template(request: HttpRequest) -> HttpResponse:
    """The blank roster with the headers the import reads; ID and code columns formatted as text."""
    scoping.require_graduate_school(request.user)
    return downloads.send_file(request, kind="roster.template", title=_("学籍名单模板"), filename="roster-template.xlsx",
                               write=lambda out: exports.write_template(out) or 0)


@login_required
def error_report(request: HttpRequest, token: str) -> HttpResponse:
    """The errors of a rejected upload as an .xlsx (行号, 列, 值, 问题)."""
    scoping.require_graduate_school(request.user)
    staged = _staged(request, token)
    path = staged.attachment("errors.xlsx")
    if not path.exists():
        raise Http404(_("没有找到这次上传，可能已过期或已导入。请重新上传。"))
    return downloads.send_file(request, kind="roster.error_report", title=_("学籍导入错误报告"),
                               filename="学籍导入错误报告.xlsx", path=path, rows=staged.meta.get("errors"), filter={})
