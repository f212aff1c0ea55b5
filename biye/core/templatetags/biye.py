from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ counts|get:task.key }}: look up a key the template only knows at run time."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def due(moment):
    """{{ deadline.closes|due }}: "2020-06-12 24:00" for a deadline that closes at 06-13 00:00."""
    from biye.core.calendar import format_due

    return format_due(moment) if moment else ""


@register.filter
def action_label(action: str) -> str:
    """{{ event.action|action_label }}: what a kind of audit event is called for people."""
    from biye.core.audit import action_label as label

    return label(action)
