from django import template

from biye.reminders import queries

register = template.Library()


@register.inclusion_tag("reminders/_notices.html", takes_context=True)
def reminder_notices(context) -> dict:
    """The person's recent reminders, shown on their home page (the in-app channel)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"notices": queries.notices_for(user) if user is not None else []}
