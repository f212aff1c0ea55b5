"""Security of the login: usernames are student numbers anyone can know, so password guessing is slowed down;
sessions on shared office PCs end within a working day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from biye.core.models import LoginFailure


def _try(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_logins_lock_the_username_even_for_the_right_password(client, people):
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES):
        assert "用户名或密码不正确" in _try(client, "handler_a", "guess").content.decode()
    resp = _try(client, "handler_a", "pw-handler_a")
    html = resp.content.decode()
    assert resp.status_code == 200 and 'id="login-locked"' in html and "暂停登录 15 分钟" in html
    assert "_auth_user_id" not in client.session
    # another username is not affected
    assert _try(client, "handler_b", "pw-handler_b").status_code == 302


def test_the_lock_ends_after_the_window_and_a_success_clears_the_count(client, people):
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES):
        _try(client, "dean_a", "guess")
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=settings.BIYE_LOGIN_LOCK_MINUTES + 1))
    assert _try(client, "dean_a", "pw-dean_a").status_code == 302
    assert not LoginFailure.objects.filter(username="dean_a").exists()


def test_a_few_failures_then_success_logs_in(client, people):
    for _ in range(settings.BIYE_LOGIN_MAX_FAILURES - 1):
        _try(client, "gs", "guess")
    assert _try(client, "gs", "pw-gs").status_code == 302


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
