"""Every file that leaves Biye leaves through here (R5.3, issue 16): each xlsx, PDF, dbf, evidence file and error
report writes one audit event "core.download" — who, when, which export, which filter, how many rows — and each
sheet written while it is being built carries in its footer who exported it and when. The Graduate School reads
the events on "数据导出记录" (core.views.export_log).

A view never builds an HttpResponse with Content-Disposition itself; it calls send_file:

    return downloads.send_file(
        request, kind="photos.list-a", title=_("附件1 未采集图像名单"), filename="附件1_2020届_全校.xlsx",
        write=lambda out: exports.write_list(out, which="a", students=..., campaign=campaign, college=college),
        campaign=campaign, college=college,
    )

`write(out)` writes the file into a binary buffer and returns its row count; a file that already exists is
sent with `content=bytes`, `path=Path` or `stream=` (an open file) and `rows=`. The filter defaults to the request's query string (without
the page number). A command that writes a file (`biye export`) calls record_export with its actor and wraps
the writing in `footer(by)`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from biye.core import audit, scoping, tabular
from biye.core.models import AuditEvent, Campaign, College, Person

ACTION = "core.download"
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".dbf": "application/x-dbf",
    ".zip": "application/zip",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def footer_text(by: Person, at: dt.datetime | None = None) -> str:
    """"导出：王老师（gs） 2020-06-10 09:00" — what every exported sheet's footer says."""
    moment = timezone.localtime(at or timezone.now())
    who = str(by) if by.is_system or str(by) == by.username else f"{by}（{by.username}）"
    return _("导出：%(who)s %(at)s") % {"who": who, "at": f"{moment:%Y-%m-%d %H:%M}"}


@contextmanager
def footer(by: Person, at: dt.datetime | None = None) -> Iterator[str]:
    """Inside this block every sheet that core/tabular.py or core/official.py writes carries the footer, even
    when the section's writer does not pass one."""
    text = footer_text(by, at)
    token = tabular.EXPORT_FOOTER.set(text)
    try:
        yield text
    finally:
        tabular.EXPORT_FOOTER.reset(token)


def record_export(by: Person, *, kind: str, title: str = "", filename: str, rows: int | None,
                  filter: dict[str, Any] | None = None, campaign: Campaign | None = None,
                  college: College | None = None, at: dt.datetime | None = None) -> AuditEvent:
    """The audit event of one file leaving Biye."""
    obj = college or campaign or by
    return audit.record(  # one INSERT: no transaction of its own needed
        by, ACTION, obj, college=college, at=at,
        after={"kind": kind, "title": str(title or kind), "file": filename, "rows": rows,
               "filter": {k: v for k, v in (filter or {}).items() if v not in ("", None)}},
    )


def request_filter(request: HttpRequest) -> dict[str, str]:
    """The filter a download was asked with: its query string, without the page number."""
    return {k: v for k, v in request.GET.items() if k != "page"}


def send_file(
    request: HttpRequest,
    *,
    kind: str,
    filename: str,
    title: str = "",
    write: Callable[[IO[bytes]], int | None] | None = None,
    content: bytes | None = None,
    path: Path | None = None,
    stream: IO[bytes] | None = None,
    rows: int | None = None,
    filter: dict[str, Any] | None = None,
    campaign: Campaign | None = None,
    college: College | None = None,
    content_type: str | None = None,
    inline: bool = False,
) -> HttpResponse:
    """Send one file to the person who asked, and account for it. Exactly one of write, content, path, stream
    (an open binary file, e.g. from default_storage.open; closed when sent). `rows` is None for a file that has
    no rows (an evidence scan)."""
    if sum(x is not None for x in (write, content, path, stream)) != 1:
        raise TypeError("send_file takes exactly one of write=, content=, path=, stream=")
    by = request.user
    now = timezone.now()
    if write is not None:
        buffer = io.BytesIO()
        with footer(by, now):
            written = write(buffer)
        rows = written if rows is None else rows
        content = buffer.getvalue()
    record_export(by, kind=kind, title=title, filename=filename, rows=rows,
                  filter=request_filter(request) if filter is None else filter,
                  campaign=campaign, college=college, at=now)
    content_type = content_type or CONTENT_TYPES.get(Path(filename).suffix.lower(), "application/octet-stream")
    if path is not None or stream is not None:
        response: HttpResponse = FileResponse(stream or path.open("rb"), content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"  # personal data: never kept by a proxy or the browser cache
    response["X-Content-Type-Options"] = "nosniff"  # a download is never run as a page
    return response


def exports_for(person: Person, *, who: str = "", college: str = "") -> QuerySet[AuditEvent]:
    """数据导出记录: every file that left Biye, newest first; the Graduate School only."""
    scoping.require_graduate_school(person)
    qs = AuditEvent.objects.filter(action=ACTION)
    if who:
        who = who.strip()
        qs = qs.filter(Q(actor_label__icontains=who) | Q(actor__username=who))
    if college:
        qs = qs.filter(college__code=college)
    return qs.select_related("college").order_by("-at", "-id")
