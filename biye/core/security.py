"""Slow down password guessing without letting anyone lock someone else out.

Usernames are student numbers and staff numbers, which anyone can know; the passwords are what protects ID
numbers and records. Failures are counted per (username, client address): a stranger guessing from elsewhere
locks only their own address out of that account, never its owner.

A try is *claimed* before its password is checked, in one conditional UPDATE that the database serialises: 30
parallel guesses see one counter, so at most BIYE_LOGIN_MAX_FAILURES of them reach the password check. A claim
that turns out right is given back (the pair's row is deleted); a wrong one stays counted. The count lives in
the database, so every server process sees the same one.

Why not django-axes: it checks the lock before the attempt and records the failure after, so requests sent
together all pass the check (its issue #592, closed as a known issue). Claiming first is what makes the limit
hold, and it takes about forty lines."""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone

from biye.core.models import LoginAttempts


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.BIYE_LOGIN_LOCK_MINUTES)


def client_address(request: HttpRequest | None) -> str:
    """The client's address as the trusted proxies saw it; an IPv6 client counts as its /64 network (one
    machine commonly holds a whole /64, so single IPv6 addresses would give it endless tries)."""
    if request is None:
        return "unknown"
    raw = request.META.get("REMOTE_ADDR", "")
    proxies = settings.BIYE_TRUSTED_PROXIES
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        # Each proxy appends the address it received the request from: the n-th from the right is the client.
        if len(hops) >= proxies:
            raw = hops[-proxies]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(username: str, address: str) -> dict[str, str]:
    return {"username": username.strip().lower()[:150], "address": address[:64]}


def claim_try(username: str, address: str, now: dt.datetime | None = None) -> bool:
    """Count one more try for this username from this address, unless the pair is locked; True if it may try."""
    now = now or timezone.now()
    key = _key(username, address)
    stale = now - _window()
    claim = LoginAttempts.objects.filter(**key).filter(Q(failures__lt=settings.BIYE_LOGIN_MAX_FAILURES)
                                                       | Q(last_at__lte=stale))
    counted = Case(When(last_at__lte=stale, then=Value(1)), default=F("failures") + 1)
    if claim.update(failures=counted, last_at=now):
        return True
    try:
        with transaction.atomic():
            LoginAttempts.objects.create(**key, failures=1, last_at=now)
        return True
    except IntegrityError:
        # The pair's row exists: either it is locked, or another request created it a moment ago.
        return bool(claim.update(failures=counted, last_at=now))


def give_back(username: str, address: str, now: dt.datetime | None = None) -> None:
    """The password was right: forget this pair's failures (and, in passing, every pair whose window is over)."""
    now = now or timezone.now()
    LoginAttempts.objects.filter(Q(**_key(username, address)) | Q(last_at__lte=now - _window())).delete()


def is_locked(username: str, address: str, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return LoginAttempts.objects.filter(**_key(username, address), failures__gte=settings.BIYE_LOGIN_MAX_FAILURES,
                                        last_at__gt=now - _window()).exists()
