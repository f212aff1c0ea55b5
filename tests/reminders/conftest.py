"""Fixtures of the reminders tests: the server's clock, and a mail server that refuses some addresses."""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from tests.conftest import at


@pytest.fixture
def clock(monkeypatch):
    """Set the server's time: `clock(2020, 6, 10, 9)`; calendar checks and audit times follow it."""
    from django.utils import timezone

    def set_time(*parts: int):
        moment = at(*parts)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    set_time(2020, 6, 10, 9)
    return set_time


@pytest.fixture
def smtp(settings):
    """E-mail goes out (to Django's test outbox) as if an SMTP server were configured."""
    from django.core import mail

    settings.BIYE_MAIL_OUTBOX_ONLY = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


class RefusingBackend(EmailBackend):
    """A mail server that refuses any address at bounce.example.com."""

    def send_messages(self, messages):
        for m in messages:
            if any(addr.endswith("@bounce.example.com") for addr in m.to):
                raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"mailbox unavailable")})
        return super().send_messages(messages)
