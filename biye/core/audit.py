"""R5.3: the one writer of the audit trail. Every action records its events here, in its own transaction:
one at a time (record), a list built with record(save=False) (save_all), or, for an import's thousands of
events of one kind, as plain rows (record_many). Every event names a real actor: a person, or for a command
core.actions.system_actor() (系统（命令行）)."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import bulk
from biye.core.models import AuditEvent, College, Person, Student


# What each kind of event is called on the pages (sections add theirs in AppConfig.ready()).
_ACTION_LABELS: dict[str, object] = {}


def describe(**labels: object) -> None:
    """Name kinds of events for people: describe(**{"names.file": _("填报姓名拼音")})."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    label = _ACTION_LABELS.get(action)
    return str(label) if label is not None else action


# --- how an event is shown (R5.3): field names in words, times in Beijing time, no storage paths -------------

_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/]?(?:[^\s\\/:]+[\\/])+([^\s\\/]+)")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def action_choices() -> list[tuple[str, str]]:
    """The kinds of events as the pages name them, for the audit page's filter."""
    return sorted(((key, str(label)) for key, label in _ACTION_LABELS.items()), key=lambda c: c[1])


def without_paths(text: str) -> str:
    """A file's name without the folder it was stored in (the server's storage is nobody's business)."""
    return _PATH.sub(lambda m: m.group(1), text)


@functools.lru_cache(maxsize=1024)
def _field_label(model: type[models.Model] | None, key: str) -> str:
    """The field's verbose_name: on the event's model first, else on any of Biye's models (an event on a
    student may carry the fields of a row that belongs to it, e.g. its photo collection)."""
    for candidate in ([model] if model is not None else []) + [
            m for m in apps.get_models() if m.__module__.startswith("biye.") and m is not model]:
        for field in candidate._meta.concrete_fields:
            if key in (field.attname, field.name) and str(field.verbose_name) != field.name.replace("_", " "):
                return str(field.verbose_name)
    return key


def _shown(value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str):
        if _ISO_MOMENT.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{moment:%Y-%m-%d %H:%M:%S}"
        return without_paths(value)
    return value


def shown_changes(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """The event's changes as a person reads them: (field name in words, before, after)."""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    from biye.core.privacy import personal_value  # an ID number masked, as on every page (issue 16)

    return [(_field_label(model, key), _shown(personal_value(key, old)), _shown(personal_value(key, new)))
            for key, old, new in event.changes()]


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
    actor: Person,
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
    """One event. Pass save=False to collect events for save_all() in the same transaction."""
    if student is None and isinstance(obj, Student):
        student = obj
    if college is None:
        college = student.college if student is not None else (obj if isinstance(obj, College) else None)
    event = AuditEvent(
        at=at or timezone.now(),
        actor=actor,
        actor_label=str(actor)[:80],
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


def save_all(events: Sequence[AuditEvent], *, batch_size: int = 2000) -> None:
    """Write the events built with record(save=False), in batches."""
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)


# The columns of one event as record_many writes it, in this order.
_ROW_COLUMNS = ("at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label", "student_id",
                "college_id", "before", "after", "note")
# One of record_many's items: the object's id and label, the student and college ids, before and after.
Item = tuple[Any, str, int | None, int | None, dict | None, dict | None]


def record_many(actor: Person, action: str, model: type[models.Model], items: Iterable[Item], *,
                at: dt.datetime | None = None) -> int:
    """Many events of one kind by one actor at one moment (the roster import's "roster.create_advisor" for each
    new advisor's account), written as plain multi-row INSERTs without a model instance each (core/bulk.py). Each item
    is (object id, object label, student id, college id, before, after); returns how many were written."""
    at = at or timezone.now()
    head = (bulk.db_value(AuditEvent, "at", at), actor.pk, str(actor)[:80], action, model._meta.label_lower)
    return bulk.insert_rows(
        AuditEvent, _ROW_COLUMNS,
        ((*head, str(pk), label[:120], student_id, college_id, before, after, "")
         for pk, label, student_id, college_id, before, after in items),
        ready=("at",),
    )
