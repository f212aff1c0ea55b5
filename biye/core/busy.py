"""SQLite under a rush: a write that still meets "database is locked" is tried again, and a person whose write
cannot get through in time reads a clear "busy, try again" page (503 with Retry-After), never a bare 500.

Settings do most of the work (WAL, IMMEDIATE write transactions, a busy timeout: writes queue instead of
failing). This is the net under them. Retrying the view is safe because every state change is one action in
one transaction: a lock rolls the whole action back, so the retry starts from nothing. A lock met outside the
view (saving the session after it) is not retried, since the view's action has already been committed; it gets
the same 503 page instead of a 500."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

RETRIES = 3
BACKOFF_SECONDS = (0.05, 0.2, 0.5)
RETRY_AFTER_SECONDS = 5


def is_lock(error: BaseException | None) -> bool:
    """SQLite's "database is locked" / "database table is locked" (PostgreSQL waits on locks instead)."""
    return isinstance(error, OperationalError) and "locked" in str(error).lower()


def busy_page(request: HttpRequest) -> HttpResponse:
    response = render(request, "core/busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@receiver(got_request_exception)
def _note_lock(sender, request=None, **kwargs) -> None:
    # Called while Django turns an exception into a 500: remember that it was a lock, for the middleware below.
    if request is not None and is_lock(sys.exc_info()[1]):
        request.biye_database_locked = True


class DatabaseBusyMiddleware:
    """Must be the last middleware: process_view runs the view itself, after CSRF and the others have checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "biye_database_locked", False):
            return busy_page(request)
        return response

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> HttpResponse:
        for attempt in range(RETRIES + 1):
            try:
                return view(request, *args, **kwargs)
            except OperationalError as error:
                if not is_lock(error):
                    raise
                if attempt == RETRIES:
                    return busy_page(request)
                time.sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)])
                for upload in request.FILES.values():
                    upload.seek(0)  # the view read it the first time; the retry reads it whole again
        raise AssertionError("unreachable")
