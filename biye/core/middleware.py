"""Chinese first: the page language is Chinese unless the person chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with an English
browser would show English by surprise. Here only the language cookie (set by the switch) counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Every script and stylesheet is the app's own file (no CDN, no inline script), so the browser can be told to
# run nothing else: a value that slipped into a page as markup still cannot execute. Inline style attributes
# remain allowed for the few layout widths templates set.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class StaffIdleTimeoutMiddleware:
    """Issue 16: a staff member's session ends after settings.BIYE_STAFF_IDLE_MINUTES without a request — a staff
    screen left open on a shared office PC shows many people's records. A student's session lasts the working
    day (SESSION_COOKIE_AGE), as before. The last request's time is kept in the session, refreshed at most once
    a minute so that a busy page does not write the session on every request."""

    KEY = "biye_staff_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _is_staff(user):
            now = timezone.now()
            seen = request.session.get(self.KEY)
            last = dt.datetime.fromisoformat(seen) if seen else None
            idle = dt.timedelta(minutes=settings.BIYE_STAFF_IDLE_MINUTES)
            if last is not None and now - last > idle:
                logout(request)
                messages.info(request, _("您已超过 %(minutes)d 分钟没有操作，为保护个人信息已自动退出。请重新登录。")
                              % {"minutes": settings.BIYE_STAFF_IDLE_MINUTES})
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= dt.timedelta(minutes=1):
                request.session[self.KEY] = now.isoformat()
        return self.get_response(request)


@receiver(user_logged_in)
def _start_the_idle_clock(sender, request, user, **kwargs) -> None:
    """The idle clock starts at login, so the first page after it need not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[StaffIdleTimeoutMiddleware.KEY] = timezone.now().isoformat()


def _is_staff(user) -> bool:
    from biye.core import scoping
    from biye.core.models import Role

    return bool(scoping.roles_of(user).roles - {Role.STUDENT})
