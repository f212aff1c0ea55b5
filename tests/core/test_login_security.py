"""Security of the login: usernames are student numbers anyone can know, so password guessing is slowed down;
sessions on shared office PCs end within a working day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from biye.core.models import LoginAttempts

STRANGER = "203.0.113.9"
OWNER = "198.51.100.20"


def _try(client, username: str, password: str, address: str = STRANGER, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_five_failed_logins_lock_the_username_at_that_address_even_for_the_right_password(client, people):
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES):
        assert "用户名或密码不正确" in _try(client, "handler_a", "guess").content.decode()
    resp = _try(client, "handler_a", "pw-handler_a")
    html = resp.content.decode()
    assert resp.status_code == 200 and 'id="login-locked"' in html and "暂停登录 15 分钟" in html
    assert "_auth_user_id" not in client.session
    # another username is not affected
    assert _try(client, "handler_b", "pw-handler_b").status_code == 302


def test_a_stranger_cannot_lock_the_owner_out_from_another_address(client, people):
    """Anyone can know a username (学号, 工号): failing on purpose must not keep its owner out."""
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES + 3):
        _try(client, "gs", "guess", address=STRANGER)
    assert 'id="login-locked"' in _try(client, "gs", "pw-gs", address=STRANGER).content.decode()
    assert _try(client, "gs", "pw-gs", address=OWNER).status_code == 302
    assert "_auth_user_id" in client.session


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw_not_what_the_client_wrote(client, people, settings):
    settings.BIYE_TRUSTED_PROXIES = 1
    proxy = "10.0.0.5"
    for n in range(settings.BIYE_LOGIN_MAX_FAILURES):
        # the attacker writes a different made-up address in front each time; the proxy appends the real one
        _try(client, "dean_a", "guess", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {STRANGER}")
    assert LoginAttempts.objects.get(username="dean_a").address == STRANGER
    locked = _try(client, "dean_a", "pw-dean_a", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {STRANGER}")
    assert 'id="login-locked"' in locked.content.decode()
    # the owner, behind the same proxy, is another client
    assert _try(client, "dean_a", "pw-dean_a", address=proxy, HTTP_X_FORWARDED_FOR=OWNER).status_code == 302


def test_without_a_trusted_proxy_a_forwarded_header_is_not_believed(client, people):
    for n in range(settings.BIYE_LOGIN_MAX_FAILURES):
        _try(client, "dean_a", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert list(LoginAttempts.objects.values_list("address", "failures")) == [(STRANGER, 5)]


def test_an_ipv6_client_counts_as_its_whole_network(client, people):
    """One machine commonly holds a /64: a fresh IPv6 address per guess must not give fresh tries."""
    for n in range(settings.BIYE_LOGIN_MAX_FAILURES):
        _try(client, "handler_a", "guess", address=f"2001:db8:1:2::{n + 1:x}")
    resp = _try(client, "handler_a", "pw-handler_a", address="2001:db8:1:2:ffff::1")
    assert 'id="login-locked"' in resp.content.decode()
    assert _try(client, "handler_a", "pw-handler_a", address="2001:db8:1:3::1").status_code == 302


def test_the_lock_ends_after_the_window_and_a_success_clears_the_count(client, people):
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES):
        _try(client, "dean_a", "guess")
    assert 'id="login-locked"' in _try(client, "dean_a", "pw-dean_a").content.decode()
    LoginAttempts.objects.update(last_at=timezone.now() - dt.timedelta(minutes=settings.BIYE_LOGIN_LOCK_MINUTES + 1))
    assert _try(client, "dean_a", "pw-dean_a").status_code == 302
    assert not LoginAttempts.objects.filter(username="dean_a").exists()


def test_a_few_failures_then_success_logs_in(client, people):
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES - 1):
        _try(client, "gs", "guess")
    assert _try(client, "gs", "pw-gs").status_code == 302


def test_the_limits_come_from_the_environment(client, people, settings):
    settings.BIYE_LOGIN_MAX_FAILURES = 2
    settings.BIYE_LOGIN_LOCK_MINUTES = 40
    _try(client, "gs", "guess"), _try(client, "gs", "guess")
    html = _try(client, "gs", "pw-gs").content.decode()
    assert 'id="login-locked"' in html and "暂停登录 40 分钟" in html


def test_sessions_last_a_working_day():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_a_person_changes_their_own_password(client, people):
    client.force_login(people.handler_a)
    html = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in html and "csrfmiddlewaretoken" in html
    resp = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "Xk93-qpLm-20", "new_password2": "Xk93-qpLm-20"})
    assert resp.status_code == 200
    people.handler_a.refresh_from_db()
    assert people.handler_a.check_password("pw-handler_a")
    resp = client.post(reverse("password_change"), {
        "old_password": "pw-handler_a", "new_password1": "Xk93-qpLm-20", "new_password2": "Xk93-qpLm-20"})
    assert resp.status_code == 302
    people.handler_a.refresh_from_db()
    assert people.handler_a.check_password("Xk93-qpLm-20")


def test_R5_3_a_password_change_is_in_the_audit_trail_without_the_password(client, people):
    """Every state change leaves an event: a password change nobody remembers making must show in the history."""
    from biye.core.models import AuditEvent

    client.force_login(people.handler_a)
    client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "Xk93-qpLm-20", "new_password2": "Xk93-qpLm-20"})
    assert not AuditEvent.objects.filter(action="core.change_password").exists()
    resp = client.post(reverse("password_change"), {
        "old_password": "pw-handler_a", "new_password1": "Xk93-qpLm-20", "new_password2": "Xk93-qpLm-20"})
    assert resp.status_code == 302
    event = AuditEvent.objects.get(action="core.change_password")
    assert event.actor == people.handler_a and event.object_id == str(people.handler_a.pk)
    assert "Xk93" not in str(event.before) + str(event.after) + event.note
    assert "pbkdf2" not in str(event.after) and "argon2" not in str(event.after)
    # the session survives the change (Django keeps the person logged in)
    assert client.get(reverse("home")).status_code in (200, 302)
    assert "_auth_user_id" in client.session
    client.force_login(people.gs)
    assert "修改本人密码" in client.get(reverse("audit")).content.decode()


def test_pages_tell_the_browser_to_run_only_the_apps_own_scripts(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_the_login_cost_is_argon2id_with_bounded_memory(settings):
    """Django's Argon2 asks for 100 MiB per hash; Biye's for 19 MiB, so a login rush cannot take gigabytes."""
    from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2
    from django.contrib.auth.hashers import check_password, get_hasher, make_password

    settings.PASSWORD_HASHERS = ["biye.core.hashers.Argon2PasswordHasher"]
    encoded = make_password("Right-pw-2020")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("Right-pw-2020", encoded) and not check_password("wrong", encoded)
    # a hash made with Django's parameters still verifies, and is upgraded at the next login
    old = DjangoArgon2().encode("Right-pw-2020", DjangoArgon2().salt())
    assert check_password("Right-pw-2020", old) and get_hasher("argon2").must_update(old)
