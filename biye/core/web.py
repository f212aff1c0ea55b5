"""What every section's pages need, once: the current campaign (or a clear 404), a refusal shown next to the
field it concerns, the deadline windows a page shows, and the parts a section adds to a core page.

A view of any section reads:

    campaign = web.current_campaign()
    ...
    except ActionRefused as refused:
        web.show_refusal(form, refused)
    ...
    return render(request, "x.html", {..., **web.deadline_context(campaign, filing=Deadline.Kind.PINYIN_FILING)})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import calendar, tabular
from biye.core.errors import ActionRefused
from biye.core.models import Campaign


# Places on core pages where sections add a part (a link, a button), each a template rendered with the page's
# context: a core page names the place ({% parts "calendar" %}), never the section, so a section that is not
# installed leaves no broken include behind.
PLACES = ("home", "calendar", "college_task")
_PARTS: dict[str, list[str]] = {}


def register_part(place: str, template_name: str) -> None:
    """A section's AppConfig.ready(): web.register_part("calendar", "reminders/_calendar_link.html")."""
    if place not in PLACES:
        raise ValueError(f"no place {place!r} on the core pages; they have {', '.join(PLACES)}")
    templates = _PARTS.setdefault(place, [])
    if template_name not in templates:
        templates.append(template_name)


def parts(place: str) -> list[str]:
    return list(_PARTS.get(place, ()))


class NoCampaign(Http404):
    """There is no campaign yet; the 404 page (core.views.not_found) shows this message."""


def current_campaign() -> Campaign:
    """The campaign the pages work on, or a 404 page that says there is none yet (before the first roster)."""
    campaign = Campaign.current()
    if campaign is None:
        raise NoCampaign(_("还没有毕业工作（届）。研究生院导入第一份学籍名单后，这里才有内容。"))
    return campaign


def show_refusal(form: forms.BaseForm, refused: ActionRefused, *, field: str | None = None) -> None:
    """Show an action's refusal next to the field it names; else next to `field`; else above the form."""
    for name in (refused.field, field):
        if name and name in form.fields:
            form.add_error(name, refused.message)
            return
    form.add_error(None, refused.message)


def deadline_context(campaign: Campaign, *, now: dt.datetime | None = None, **kinds: str) -> dict:
    """For each name=Deadline.Kind: `name` (the Deadline), `name_open` and `name_past`, all at one moment
    `now` (the server's clock by default), which is in the context too. Templates show `name.closes|due`."""
    now = now or timezone.now()
    context: dict = {"now": now}
    for name, kind in kinds.items():
        context[name] = calendar.deadline(campaign, kind)
        context[f"{name}_open"] = calendar.is_open(campaign, kind, now)
        context[f"{name}_past"] = calendar.is_past(campaign, kind, now)
    return context


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(request: HttpRequest) -> str:
    """What a list download is called in 数据导出记录 when the caller does not say: the page's URL name."""
    match = getattr(request, "resolver_match", None)
    return f"list.{match.view_name}" if match is not None else "list"


def download(request: HttpRequest, filename: str, data: bytes, *, content_type: str = XLSX, rows: int | None = None,
             kind: str = "", title: str = "") -> HttpResponse:
    """A file a page hands out, already written: through core.downloads.send_file (its audit event)."""
    from biye.core import downloads

    return downloads.send_file(request, kind=kind or _kind(request), title=title or filename, filename=filename,
                               content=data, rows=rows, content_type=content_type)


def xlsx_response(
    request: HttpRequest, filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]], *,
    sheet_name: str = "Sheet1", kind: str = "", title: str = "", campaign=None, college=None,
) -> HttpResponse:
    """A list page's Excel export: the same rows as the page (its scope and filter), written by
    tabular.write_xlsx (a cell starting with = + - @ stays text), sent and accounted by core.downloads.send_file
    (with the row count, and who exported it in the footer)."""
    from biye.core import downloads

    return downloads.send_file(
        request, kind=kind or _kind(request), title=title or sheet_name, filename=filename,
        write=lambda out: tabular.write_xlsx(out, headers, rows, sheet_name=sheet_name),
        campaign=campaign, college=college,
    )
