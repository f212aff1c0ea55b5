"""Who may log in, and how.

Two ways in: the campus's unified identity service (CAS, through django-cas-ng) and a local password.
A CAS user name is matched to an existing Person.username (学号 for students, 工号 for staff); no account is
ever created by logging in: accounts come from the roster import and from the Graduate School's grants.
BIYE_LOCAL_LOGIN says who may still use a password once CAS is on (see README, Configuration)."""

from __future__ import annotations

import logging

import requests
from cas import CASError
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest
from django_cas_ng.models import SESSION_KEY_MAXLENGTH, SessionTicket
from django_cas_ng.utils import get_cas_client

from biye.core.models import Person, Role, RoleGrant, Student

log = logging.getLogger(__name__)

ALL, OUTSIDE, NONE = "all", "outside", "none"


def cas_enabled() -> bool:
    return bool(getattr(settings, "CAS_SERVER_URL", ""))


def local_login_allowed(username: str) -> bool:
    """May this username log in with a password? `all`: everyone; `none`: nobody; `outside`: only accounts
    with no campus identity: the photo vendor (an outside company, whose only role is 影像中心) and the
    accounts named in BIYE_LOCAL_LOGIN_ACCOUNTS (a demo, a break-glass administrator)."""
    policy = settings.BIYE_LOCAL_LOGIN
    if policy == ALL or not cas_enabled():
        return True
    if policy == NONE:
        return False
    if username in settings.BIYE_LOCAL_LOGIN_ACCOUNTS:
        return True
    roles = set(RoleGrant.objects.filter(person__username=username).values_list("role", flat=True))
    return roles == {Role.VENDOR} and not Student.objects.filter(person__username=username).exists()


class LocalPasswordBackend(ModelBackend):
    """Django's password check, refused up front (password unchecked, so nothing is learnt about it) for an
    account that must use the campus login."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs) -> Person | None:
        if username is not None and not local_login_allowed(username):
            if request is not None:
                request.biye_use_campus_login = True
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class CampusCASBackend(ModelBackend):
    """A CAS ticket, validated by the campus server (serviceValidate, CAS 2.0; p3/serviceValidate, 3.0), gives a
    user name; that name must already be a Biye account. What went wrong is left on the request for the
    login view to explain: ("failed", None) or ("unknown", the CAS user name)."""

    def authenticate(self, request: HttpRequest | None, ticket: str | None = None, service: str | None = None,
                     **kwargs) -> Person | None:
        if ticket is None or service is None or not cas_enabled():
            return None
        client = get_cas_client(service_url=service, request=request)
        try:
            username, _attributes, _pgtiou = client.verify_ticket(ticket)
        except (requests.RequestException, CASError, ValueError) as error:
            log.warning("CAS ticket validation failed: %s", error)
            username = None
        if not username:
            _explain(request, "failed", None)
            return None
        username = username.strip()
        person = Person.objects.filter(username=username).first()
        if person is None or not self.user_can_authenticate(person):
            _explain(request, "unknown", username)
            return None
        return person


def _explain(request: HttpRequest | None, outcome: str, username: str | None) -> None:
    if request is not None:
        request.biye_cas_outcome = (outcome, username)


@receiver(user_logged_out)
def _forget_cas_ticket(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """The ticket a CAS login left (kept for the server's single log-out) goes with the session."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        SessionTicket.objects.filter(session_key=session_key[:SESSION_KEY_MAXLENGTH]).delete()
