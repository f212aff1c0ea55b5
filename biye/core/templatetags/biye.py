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
