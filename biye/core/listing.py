"""What every list page does the same way: sort by a column (server-side, only the columns it names), say which
filter is active, and hand out its rows as Excel or as a print view — the same rows as the page, scoped and
filtered as the page is (the view passes the queryset it paginates).

A list view reads:

    columns = listing.Columns(("number", _("学号"), "number"), ("name", _("姓名"), "name"), ...)
    students, sort = columns.sort(request, students, default="number")
    if (out := listing.output(request, title=..., filename=..., headers=..., rows=lambda: ..., form=form)):
        return out
    page, query = paginate(request, students)
    return render(..., {"columns": columns, "sort": sort, "active": listing.active_filters(form), ...})

The template shows headers with {% sort_header columns sort "number" %} and includes core/_list_tools.html.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django import forms
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise

from biye.core import web


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    field: str | None  # what the database orders by; None: not sortable


class Columns:
    """A list's columns; only these keys may be sorted by (a whitelist, so ?sort= never reaches the ORM raw)."""

    def __init__(self, *columns: tuple[str, str | Promise, str | None]) -> None:
        self.columns = [Column(*c) for c in columns]
        self.by_key = {c.key: c for c in self.columns}

    def __iter__(self):
        return iter(self.columns)

    def sort(self, request: HttpRequest, qs: QuerySet, *, default: str) -> tuple[QuerySet, str]:
        """`qs` ordered by ?sort=key or ?sort=-key (descending), then by pk so pages are stable; an unknown key
        falls back to `default`. Returns the queryset and the sort in force."""
        wanted = request.GET.get("sort", "") or default
        key = wanted.lstrip("-")
        column = self.by_key.get(key)
        if column is None or column.field is None:
            wanted, key = default, default.lstrip("-")
            column = self.by_key[key]
        descending = wanted.startswith("-")
        expression = F(column.field)
        order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)
        return qs.order_by(order, "-pk" if descending else "pk"), wanted


def active_filters(form: forms.Form | None, *, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, value as shown) for each filter of `form` that is set, so a page can say what it shows."""
    if form is None or not form.is_bound or not form.is_valid():
        return []
    shown = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in skip or value in (None, "", [], False) or isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field, forms.ChoiceField):
            value = dict((str(k), v) for k, v in field.choices).get(str(value), value)
        elif hasattr(value, "name"):
            value = value.name
        shown.append((str(field.label or name), str(value)))
    return shown


def output(
    request: HttpRequest, *, title: str, filename: str, headers: Sequence[str],
    rows: Callable[[], Iterable[Sequence[object]]], active: Sequence[tuple[str, str]] = (), college=None,
) -> HttpResponse | None:
    """?format=xlsx: the rows as an Excel file; ?format=print: every row on a page made for paper (no
    navigation; the college, the date, and lines for signatures). None for the page itself."""
    kind = request.GET.get("format", "")
    if kind == "xlsx":
        return web.xlsx_response(request, f"{filename}.xlsx", headers, rows(), sheet_name=str(title)[:31])
    if kind == "print":
        return render(request, "print_list.html", {
            "title": title, "headers": headers, "rows": list(rows()), "active": active, "college": college,
            "printed_at": timezone.localtime(),
        })
    return None
