"""R0.2 pages: Graduate School staff upload a roster, see the dry run, and confirm the import.

The uploaded bytes stay on the server between the two steps (VAR_DIR/uploads, under a random token remembered in
this person's session); the confirmation names only the token, so what is imported is exactly what was checked. A
rejected file is not kept (a roster holds ID numbers): only its error report is, for the download. Whatever is left
unconfirmed is removed after a day.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from biye.core import scoping, tabular, web
from biye.core.errors import ActionRefused
from biye.roster import exports
from biye.roster.actions import ImportReport, import_roster
from biye.roster.forms import ConfirmForm, RosterUploadForm
from biye.roster.imports import COLUMNS, OPTIONAL_HEADERS

SESSION_KEY = "roster_uploads"
KEEP_SECONDS = 24 * 3600
ERRORS_SHOWN = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old_uploads(directory: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for item in directory.glob("roster-*"):
        try:
            if item.stat().st_mtime < cutoff:
                item.unlink()
        except OSError:
            pass  # another request removed it first


def _pending(request: HttpRequest, token: str, kind: str) -> tuple[dict, Path]:
    """The upload this session made under this token, and its kept file ("bin" for the roster, "errors.xlsx" for
    the error report), or 404: a token from another session, or a file that is gone, does not exist here."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    path = _upload_dir() / f"roster-{token}.{kind}"
    if entry is None or not path.exists():
        raise Http404(_("没有找到这次上传，可能已过期或已导入。请重新上传。"))
    return entry, path


def _remember(request: HttpRequest, token: str | None, entry: dict | None = None, *, forget: str | None = None) -> None:
    """Keep this session's list of uploads to the ones whose files still exist (plus `token`, minus `forget`)."""
    directory = _upload_dir()
    uploads = {
        t: e for t, e in request.session.get(SESSION_KEY, {}).items()
        if t != forget and any(directory.glob(f"roster-{t}.*"))
    }
    if token is not None:
        uploads[token] = entry
    request.session[SESSION_KEY] = uploads


def _write_error_report(path: Path, report: ImportReport) -> None:
    tabular.write_xlsx(
        path, [_("行号"), _("列"), _("值"), _("问题")],
        ((e.row or "", e.column, e.value, e.problem) for e in report.errors), sheet_name=_("错误报告"),
    )


def _context(**extra) -> dict:
    return {"columns": COLUMNS, "optional_headers": OPTIONAL_HEADERS, "errors_shown": ERRORS_SHOWN, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and dry run (试导入). Nothing is written to the roster."""
    scoping.require_graduate_school(request.user)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "roster/upload.html", _context(form=form))
    upload_file = form.cleaned_data["file"]
    data = upload_file.read()
    year = form.cleaned_data["campaign"]
    try:
        report = import_roster(data=data, filename=upload_file.name, campaign_year=year, by=request.user, dry_run=True)
    except ActionRefused as e:
        web.show_refusal(form, e, field="file")
        return render(request, "roster/upload.html", _context(form=form))
    directory = _upload_dir()
    _forget_old_uploads(directory)
    token = secrets.token_urlsafe(24)
    if report.errors:
        _write_error_report(directory / f"roster-{token}.errors.xlsx", report)
    else:
        (directory / f"roster-{token}.bin").write_bytes(data)
    _remember(request, token, {"name": upload_file.name, "year": report.campaign_year})
    return render(
        request, "roster/upload.html",
        _context(form=RosterUploadForm(), report=report, token=token, confirm=ConfirmForm(initial={"token": token})),
    )


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: import what was checked in step 1."""
    scoping.require_graduate_school(request.user)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404(_("没有找到这次上传，请重新上传。"))
    token = form.cleaned_data["token"]
    entry, path = _pending(request, token, "bin")
    data = path.read_bytes()
    try:
        report = import_roster(data=data, filename=entry["name"], campaign_year=entry["year"], by=request.user, dry_run=False)
    except ActionRefused as e:
        messages.error(request, e.message)
        return redirect("roster:upload")
    if report.errors:  # cannot happen for the same bytes, unless the code tables changed in between
        _write_error_report(path.with_name(f"roster-{token}.errors.xlsx"), report)
        return render(request, "roster/upload.html", _context(form=RosterUploadForm(), report=report, token=token))
    path.unlink(missing_ok=True)
    _remember(request, None, forget=token)
    messages.success(request, _("学籍名单已导入。"))
    return render(request, "roster/upload.html", _context(form=RosterUploadForm(), report=report, imported=True))


@login_required
def template(request: HttpRequest) -> HttpResponse:
    """The blank roster with the headers the import reads; ID and code columns formatted as text."""
    scoping.require_graduate_school(request.user)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''roster-template.xlsx"
    exports.write_template(response)
    return response


@login_required
def error_report(request: HttpRequest, token: str) -> FileResponse:
    """The errors of a rejected upload as an .xlsx (行号, 列, 值, 问题)."""
    scoping.require_graduate_school(request.user)
    _entry, path = _pending(request, token, "errors.xlsx")
    return FileResponse(path.open("rb"), as_attachment=True, filename="学籍导入错误报告.xlsx", content_type=XLSX)
