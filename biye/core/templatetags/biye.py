from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def sort_header(context, columns, sort: str, key: str):
    """<th> for one column of a list: a link that sorts by it (again: the other way), keeping the filters."""
    from django.utils.html import format_html

    column = columns.by_key[key]
    if column.field is None:
        return format_html("<th>{}</th>", column.label)
    query = context["request"].GET.copy()
    query.pop("page", None)
    current = sort.lstrip("-") == key
    descending = sort.startswith("-")
    query["sort"] = f"-{key}" if current and not descending else key
    arrow = ("▼" if descending else "▲") if current else ""
    aria = ' aria-sort="descending"' if current and descending else (' aria-sort="ascending"' if current else "")
    return format_html('<th{}><a href="?{}" class="sort">{}{}</a></th>', mark_safe_attr(aria), query.urlencode(),
                       column.label, arrow)


def mark_safe_attr(value: str):
    return mark_safe(value)  # only the two fixed aria-sort attributes above


@register.simple_tag(takes_context=True)
def with_format(context, kind: str) -> str:
    """The page's own query string with format=kind (and no page number): its Excel or print view."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["format"] = kind
    return "?" + query.urlencode()


@register.filter
def shown_changes(event):
    """{% for label, old, new in e|shown_changes %}: field names in words, Beijing time, no storage paths."""
    from biye.core.audit import shown_changes as shown

    return shown(event)


@register.filter
def without_paths(text: str) -> str:
    from biye.core.audit import without_paths as strip

    return strip(text or "")


@register.inclusion_tag("core/_student_contacts.html")
def student_contacts(college):
    """Where a student is asked to act: the college's handler(s) and the division's Graduate School contact."""
    from biye.core.queries import college_handlers

    return {"college": college, "handlers": college_handlers(college.pk) if college else []}


@register.filter
def masked_id(value) -> str:
    """{{ student.id_number|masked_id }}: 110105********123X (core/privacy.py); （已删除） once purged."""
    from biye.core.privacy import DELETED, mask_id

    return mask_id(value) if value else DELETED


@register.simple_tag(takes_context=True)
def parts(context, place: str) -> str:
    """The parts sections registered for this place on a core page (core.web.register_part), rendered with the
    page's context."""
    from django.template.loader import get_template

    from biye.core import web

    flat = context.flatten()
    return mark_safe("".join(get_template(name).render(flat, context.get("request")) for name in web.parts(place)))
