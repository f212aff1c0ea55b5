"""What the login page and the page frame need to know about the ways in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from biye.campus.backends import NONE, cas_enabled


def campus(request: HttpRequest) -> dict:
    on = cas_enabled()
    return {
        "cas_enabled": on,
        "password_login": not on or settings.BIYE_LOCAL_LOGIN != NONE,
        "password_login_restricted": on and settings.BIYE_LOCAL_LOGIN != "all",
    }
