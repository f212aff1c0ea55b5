"""SQLite under a rush (issue 13): a write that meets "database is locked" is tried again; one that stays locked
answers a clear 503 page saying nothing was saved, never a bare 500."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from biye.core import security
from biye.core.models import LoginAttempts
from tests.live import Browser, base_env, biye, serving

BUSY = "系统繁忙"


def _locked_then(monkeypatch, times: int) -> list[int]:
    real, calls = security.claim_try, []

    def claim(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(security, "claim_try", claim)
    monkeypatch.setattr("biye.core.busy.BACKOFF_SECONDS", (0.0,))
    return calls


def test_R5_1_a_write_that_meets_a_lock_is_tried_again_and_succeeds(client, people, monkeypatch):
    calls = _locked_then(monkeypatch, times=2)
    resp = client.post(reverse("login"), {"username": "gs", "password": "pw-gs"})
    assert resp.status_code == 302 and "_auth_user_id" in client.session
    assert len(calls) == 3


def test_R5_1_a_write_still_locked_after_the_retries_answers_a_clear_503(client, people, monkeypatch):
    calls = _locked_then(monkeypatch, times=99)
    resp = client.post(reverse("login"), {"username": "gs", "password": "wrong"})
    html = resp.content.decode()
    assert resp.status_code == 503 and resp["Retry-After"] == "5"
    assert BUSY in html and "没有保存" in html and 'id="database-busy"' in html
    assert len(calls) == 4 and not LoginAttempts.objects.exists()


def test_R5_1_a_lock_outside_the_view_is_a_503_page_not_a_500(people, monkeypatch):
    """Saving the session happens after the view; it is not retried (the action is committed), but answered."""
    from django.contrib.sessions.backends.db import SessionStore

    def locked(self, must_create=False):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SessionStore, "save", locked)
    client = Client(raise_request_exception=False)
    resp = client.post(reverse("login"), {"username": "gs", "password": "pw-gs"})
    assert resp.status_code == 503 and BUSY in resp.content.decode()


def test_other_database_errors_are_not_mistaken_for_a_lock(people, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: core_loginattempts")

    monkeypatch.setattr(security, "claim_try", broken)
    client = Client(raise_request_exception=False)
    assert client.post(reverse("login"), {"username": "gs", "password": "pw-gs"}).status_code == 500


def test_the_retry_runs_after_the_csrf_check(people):
    """The retrying middleware calls the view itself, so it must come after CSRF: a forged POST stays refused."""
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "gs", "password": "pw-gs"}).status_code == 403


# A real lock on a real SQLite file, held by another connection while `biye serve` writes.

@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("busy")
    path = tmp / "busy.sqlite3"
    env = base_env(tmp / "var", f"sqlite:///{path}", BIYE_SQLITE_TIMEOUT="0.3", BIYE_WORKERS="1")
    setup = "from biye.core.models import Person\nPerson.objects.create_user(username='gs', password='Right-pw-2020')"
    for args in (("migrate", "--verbosity", "0"), ("shell", "-c", setup)):
        done = biye(env, *args)
        assert done.returncode == 0, done.stderr
    with serving(env, tmp / "server.log") as live:
        yield live, path


def _hold_write_lock(path, seconds: float) -> threading.Thread:
    taken = threading.Event()

    def hold():
        conn = sqlite3.connect(path, timeout=5, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(5)
    return thread


def _login(live) -> tuple[int, str, dict]:
    b = Browser(live.url)
    assert b.get("/login/").status == 200
    answer = b.post("/login/", {"username": "gs", "password": "Right-pw-2020"})
    return answer.status, answer.text, answer.headers


def test_R5_1_sqlite_a_lock_released_during_the_retries_lets_the_write_through(sqlite_server):
    live, path = sqlite_server
    holder = _hold_write_lock(path, 0.6)
    status, _, _ = _login(live)
    holder.join()
    assert status == 302


def test_R5_1_sqlite_a_lock_held_too_long_answers_503_and_the_next_try_works(sqlite_server):
    live, path = sqlite_server
    holder = _hold_write_lock(path, 4)
    status, text, headers = _login(live)
    holder.join()
    assert status == 503 and BUSY in text and headers.get("Retry-After") == "5"
    assert _login(live)[0] == 302


def test_a_retried_view_reads_its_uploaded_file_whole_again(rf, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import HttpResponse

    from biye.core.busy import DatabaseBusyMiddleware

    monkeypatch.setattr("biye.core.busy.BACKOFF_SECONDS", (0.0,))
    seen: list[bytes] = []

    def view(request):
        seen.append(request.FILES["file"].read())
        if len(seen) == 1:
            raise OperationalError("database is locked")
        return HttpResponse("ok")

    request = rf.post("/", {"file": SimpleUploadedFile("名单.csv", "学号,姓名\n1,张伟\n".encode())})
    response = DatabaseBusyMiddleware(lambda r: HttpResponse()).process_view(request, view, (), {})
    assert response.content == b"ok" and seen == ["学号,姓名\n1,张伟\n".encode()] * 2
