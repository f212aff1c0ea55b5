"""How a reminder reaches a person: one small interface, so that a campus SMS gateway or a WeCom (企业微信) robot
is one more class named in BIYE_REMINDER_CHANNELS, and the rules of who is reminded of what stay untouched.

A channel says where a person can be reached (`address`: None when it cannot reach them, and then no reminder
is written for that channel) and delivers a batch of reminders, answering which of them failed and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from biye.reminders.models import Reminder


@dataclass(frozen=True)
class Recipient:
    """Whom a reminder is for, with what the channels need to reach them."""

    person_id: int
    name: str
    email: str = ""
    phone: str = ""


class Channel:
    name: str = ""
    label = ""
    # Delivered messages that went no further than Biye's own outbox (e-mail without SMTP configured).
    kept_only: bool = False
    # Delivered by being written (the in-app notice): nothing to read back and send.
    written_is_delivered: bool = False

    def address(self, recipient: Recipient) -> str | None:
        raise NotImplementedError

    def deliver(self, reminders: Sequence[Reminder]) -> dict[int, str]:
        """Send each reminder; return {reminder id: error} for those that failed."""
        raise NotImplementedError


class NoticeChannel(Channel):
    """A notice on the person's home page: it is delivered by being written."""

    name = "notice"
    label = _("站内通知")
    written_is_delivered = True

    def address(self, recipient: Recipient) -> str | None:
        return ""

    def deliver(self, reminders: Sequence[Reminder]) -> dict[int, str]:
        return {}


class EmailChannel(Channel):
    """E-mail through Django's mail (SMTP settings from the environment: EMAIL_HOST …), to the account's
    e-mail address. Without EMAIL_HOST the messages are kept in Biye's outbox page only, and say so."""

    name = "email"
    label = _("电子邮件")

    @property
    def kept_only(self) -> bool:  # type: ignore[override]
        return settings.BIYE_MAIL_OUTBOX_ONLY

    def address(self, recipient: Recipient) -> str | None:
        return recipient.email.strip() or None

    def deliver(self, reminders: Sequence[Reminder]) -> dict[int, str]:
        if self.kept_only or not reminders:
            return {}
        failures: dict[int, str] = {}
        try:
            connection = get_connection(fail_silently=False)
            connection.open()
        except Exception as error:  # the server is down: every message of the batch failed, each says why
            return {r.pk: f"{type(error).__name__}: {error}"[:1000] for r in reminders}
        try:
            for r in reminders:
                message = EmailMessage(r.subject, r.body, settings.DEFAULT_FROM_EMAIL, [r.address],
                                       connection=connection)
                try:
                    message.send()
                except Exception as error:  # one bad address must not stop the others
                    failures[r.pk] = f"{type(error).__name__}: {error}"[:1000]
        finally:
            connection.close()
        return failures


@cache
def _configured(paths: tuple[str, ...]) -> tuple[Channel, ...]:
    return tuple(import_string(path)() for path in paths)


def channels() -> tuple[Channel, ...]:
    return _configured(tuple(settings.BIYE_REMINDER_CHANNELS))
