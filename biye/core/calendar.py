"""R0.1, R5.1: the campaign's calendar, asked on the server, in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core.errors import ActionRefused
from biye.core.models import DEFAULT_CALENDAR, Campaign, Deadline, default_deadline_times


def format_due(moment: dt.datetime) -> str:
    """A closing moment as the notice writes it: an exclusive 06-13 00:00 is "06-12 24:00", so the day shown
    is the last day on which the work is still on time."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return f"{local.date() - dt.timedelta(days=1):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"


def format_start(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def has_default(kind: str) -> bool:
    """Whether the notice dates this kind; the autumn round's deadlines wait for the Graduate School."""
    return kind in DEFAULT_CALENDAR


def ensure_defaults(campaign: Campaign) -> None:
    """Give a campaign the notice's dates for every kind of deadline it lacks (not the autumn round's, which the
    notice does not date). Called where a campaign is created (actions.create_campaign) and by migration core
    0006 for older campaigns; never on a read."""
    have = set(campaign.deadlines.values_list("kind", flat=True))
    missing = []
    for kind in Deadline.Kind:
        if kind.value not in have and has_default(kind):
            opens, closes = default_deadline_times(campaign.year, kind)
            missing.append(Deadline(campaign=campaign, kind=kind, opens=opens, closes=closes))
    Deadline.objects.bulk_create(missing)
    campaign.__dict__.pop("_deadline_cache", None)


def find(campaign: Campaign, kind: str) -> Deadline | None:
    """The deadline, or None while the Graduate School has not set one (the autumn round: "尚未安排")."""
    if has_default(kind):
        return deadline(campaign, kind)
    return next((d for d in _deadlines(campaign) if d.kind == kind), None)


def unscheduled_message(kind: str) -> str:
    return _("“%(task)s”尚未安排，研究生院在日程中确定时间后即可办理。") % {"task": Deadline.Kind(kind).label}


def deadline(campaign: Campaign, kind: str) -> Deadline:
    """The campaign's deadline of this kind. A read never writes: a kind the campaign lacks (a kind added to the
    notice after the campaign was created) reads as the notice's default, unsaved, until someone sets it. A kind
    the notice does not date (the autumn round's) and nobody has set yet is refused as 尚未安排."""
    found = next((d for d in _deadlines(campaign) if d.kind == kind), None)
    if found is None and not has_default(kind):
        raise ActionRefused(unscheduled_message(kind))
    if found is None:
        opens, closes = default_deadline_times(campaign.year, kind)
        found = Deadline(campaign=campaign, kind=kind, opens=opens, closes=closes)
    return found


def _deadlines(campaign: Campaign) -> list[Deadline]:
    cache = campaign.__dict__.get("_deadline_cache")
    if cache is None:
        cache = list(campaign.deadlines.all())
        campaign.__dict__["_deadline_cache"] = cache
    return cache


def is_open(campaign: Campaign, kind: str, now: dt.datetime | None = None) -> bool:
    d = deadline(campaign, kind)
    now = now or timezone.now()
    return (d.opens is None or d.opens <= now) and now < d.closes


def is_past(campaign: Campaign, kind: str, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= deadline(campaign, kind).closes


def require_open(campaign: Campaign, kind: str, now: dt.datetime | None = None) -> None:
    d = deadline(campaign, kind)
    now = now or timezone.now()
    if d.opens is not None and now < d.opens:
        raise ActionRefused(
            _("“%(task)s”尚未开始，开始时间：%(opens)s。")
            % {"task": d.get_kind_display(), "opens": format_start(d.opens)}
        )
    if now >= d.closes:
        raise ActionRefused(
            _("“%(task)s”已于 %(closes)s 截止。如有特殊情况，请联系学院或研究生院。")
            % {"task": d.get_kind_display(), "closes": format_due(d.closes)}
        )


class MovesIntoPast(ActionRefused):
    """The new closing moment has already passed: the task would close at once. A person is asked to confirm."""


def stamp(d: Deadline) -> str:
    """What a deadline was when a page showed it; the page sends it back, so that saving over someone else's
    change is refused instead of silently undoing it (Deadline has no version column, its two times are its state)."""
    return f"{d.opens.timestamp() if d.opens else ''}|{d.closes.timestamp()}"
