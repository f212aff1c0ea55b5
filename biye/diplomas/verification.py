"""R4.5: the public check of a study certificate's verification code, with guessing slowed down per address.

Failed look-ups are kept in the database (every server process sees them), like core/security.py's login
failures. Codes carry 128 random bits, so the limit only has to stop a script, not a person mistyping."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from biye.diplomas.models import StudyCertificate, VerifyAttempt

WINDOW = dt.timedelta(minutes=10)
MAX_FAILURES = 20


class TooManyAttempts(Exception):
    pass


def lookup(code: str, address: str, now: dt.datetime | None = None) -> StudyCertificate | None:
    """The issued certificate with this code, or None; TooManyAttempts once an address has failed too often."""
    now = now or timezone.now()
    address = (address or "unknown")[:64]
    if VerifyAttempt.objects.filter(address=address, at__gt=now - WINDOW).count() >= MAX_FAILURES:
        raise TooManyAttempts
    found = StudyCertificate.objects.filter(code=code, issued_at__isnull=False).first() if code else None
    if found is None:
        VerifyAttempt.objects.filter(at__lt=now - WINDOW).delete()  # keep the table small
        VerifyAttempt.objects.create(address=address, at=now)
    return found
