"""Slow down password guessing: after too many failed logins for one username, refuse that username for a while.

Usernames are student numbers and staff numbers, which anyone can know; the passwords are what protects
ID numbers and records. Failures are kept in the database (not a per-process cache) so that every server
process sees them; a successful login clears them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from biye.core.models import LoginFailure


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.BIYE_LOGIN_LOCK_MINUTES)


def is_locked(username: str, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(username=username.strip().lower(), at__gt=now - _window())
    return recent.count() >= settings.BIYE_LOGIN_MAX_FAILURES


@receiver(user_login_failed)
def _remember_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    username = str(credentials.get("username", "")).strip().lower()
    if not username:
        return
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - _window()).delete()  # keep the table small
    LoginFailure.objects.create(username=username[:150], at=now)


@receiver(user_logged_in)
def _forget_failures(sender, request, user, **kwargs) -> None:
    LoginFailure.objects.filter(username=user.get_username().lower()).delete()
