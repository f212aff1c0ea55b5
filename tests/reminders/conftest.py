"""Fixtures of the reminders tests: mail that goes out as if through SMTP, and a server that refuses some addresses."""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend



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
