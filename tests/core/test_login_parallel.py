"""The login lock holds under concurrency (issue 9): guesses sent at the same moment to a real `biye serve`
(gunicorn, several processes and threads) get at most BIYE_LOGIN_MAX_FAILURES password checks, and a stranger
who locks a username at their address does not keep its owner out. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import Browser, base_env, biye, fresh_database, serving

MAX = 5
STRANGER, OWNER = "203.0.113.9", "198.51.100.20"
WRONG, LOCKED = "用户名或密码不正确", 'id="login-locked"'
SETUP = (
    "from biye.core.models import Person\n"
    "for name in ('handler_x', 'handler_y'):\n"
    "    Person.objects.create_user(username=name, password='Right-pw-2020', display_name=name)\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("login-parallel")
    with fresh_database(tmp) as url:
        # One proxy in front (this test): X-Forwarded-For's last entry is the client's address.
        env = base_env(tmp / "var", url, BIYE_TRUSTED_PROXIES="1", BIYE_LOGIN_MAX_FAILURES=str(MAX),
                       BIYE_WORKERS="2", BIYE_THREADS="8")
        for args in (("migrate", "--verbosity", "0"), ("shell", "-c", SETUP)):
            done = biye(env, *args)
            assert done.returncode == 0, done.stderr
        with serving(env, tmp / "server.log") as live:
            yield live


def _attempts(server, username: str, passwords: list[str], *, late: str | None = None) -> list[tuple[str, str]]:
    """Each password from its own browser at the stranger's address, all released at once by a barrier;
    `late` (if given) is sent a moment after the others."""
    browsers = [Browser(server.url, forwarded_for=STRANGER) for _ in passwords]
    for b in browsers:
        assert b.get("/login/").status == 200
    start = threading.Barrier(len(passwords))

    def go(i: int) -> tuple[str, str]:
        start.wait()
        if passwords[i] == late:
            time.sleep(0.8)
        answer = browsers[i].post("/login/", {"username": username, "password": passwords[i]})
        if answer.status == 302:
            return passwords[i], "logged in"
        assert answer.status == 200, (answer.status, answer.text[-500:])
        if LOCKED in answer.text:
            return passwords[i], "locked"
        assert WRONG in answer.text, answer.text[-500:]
        return passwords[i], "wrong"

    with ThreadPoolExecutor(len(passwords)) as pool:
        return list(pool.map(go, range(len(passwords))))


def test_R5_1_thirty_parallel_wrong_passwords_get_five_password_checks(server):
    outcomes = [o for _, o in _attempts(server, "handler_x", [f"guess-{n}" for n in range(30)])]
    assert outcomes.count("wrong") == MAX
    assert outcomes.count("locked") == 30 - MAX
    # the right password from the same address is now refused without being checked
    b = Browser(server.url, forwarded_for=STRANGER)
    b.get("/login/")
    answer = b.post("/login/", {"username": "handler_x", "password": "Right-pw-2020"})
    assert answer.status == 200 and LOCKED in answer.text and "暂停登录" in answer.text


def test_R5_1_twenty_parallel_guesses_with_the_right_one_after_five_wrong_do_not_log_in(server):
    passwords = [f"guess-{n}" for n in range(19)] + ["Right-pw-2020"]
    results = dict(_attempts(server, "handler_y", passwords, late="Right-pw-2020"))
    outcomes = list(results.values())
    assert results["Right-pw-2020"] == "locked"
    assert outcomes.count("wrong") == MAX and "logged in" not in outcomes


def test_R5_1_the_owner_at_another_address_still_logs_in(server):
    _attempts(server, "handler_x", [f"again-{n}" for n in range(8)])
    owner = Browser(server.url, forwarded_for=OWNER)
    owner.get("/login/")
    answer = owner.post("/login/", {"username": "handler_x", "password": "Right-pw-2020"})
    assert answer.status == 302
    assert owner.get("/").status in (200, 302)
    assert any(c.name == "sessionid" for c in owner.jar)
