"""One page of a list, the way every list page shows it (core/_pager.html)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, items, size: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of `items`, and the request's other parameters (filters, search) as a query string,
    so that the pager's links keep them."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(items, size).get_page(request.GET.get("page")), query.urlencode()
