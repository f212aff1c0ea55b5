"""What every page's frame needs: the person's roles and where their work lives."""

from __future__ import annotations

from django.http import HttpRequest

from biye.core import scoping


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"roles": scoping.roles_of(user)}
