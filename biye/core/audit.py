"""R5.3: every action writes one AuditEvent in its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from biye.core.models import AuditEvent, College, Person, Student


# What each kind of event is called on the pages (sections add theirs in AppConfig.ready()).
_ACTION_LABELS: dict[str, object] = {}


def describe(**labels: object) -> None:
    """Name kinds of events for people: describe(**{"names.file": _("填报姓名拼音")})."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    label = _ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def json_ready(value: Any) -> Any:
    """A field value as JSON can hold it: dates as ISO text, decimals as text, objects by id."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model | None, fields: Iterable[str] | None = None) -> dict[str, Any] | None:
    """The object's concrete field values as JSON-ready data (foreign keys as ids)."""
    if obj is None:
        return None
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields if f.name not in ("id", "version")
    ]
    return {name: json_ready(getattr(obj, name)) for name in names}


def record(
    actor: Person | None,
    action: str,
    obj: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    student: Student | None = None,
    college: College | None = None,
    at: dt.datetime | None = None,
    save: bool = True,
) -> AuditEvent:
    """One event. Pass save=False to collect events for a bulk_create in the same transaction."""
    if student is None and isinstance(obj, Student):
        student = obj
    if college is None:
        college = student.college if student is not None else (obj if isinstance(obj, College) else None)
    event = AuditEvent(
        at=at or timezone.now(),
        actor=actor,
        actor_label=(str(actor) if actor else "系统")[:80],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:120],
        student=student,
        college=college,
        before=before,
        after=after,
        note=note,
    )
    if save:
        event.save()
    return event
