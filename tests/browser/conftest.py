"""Browser tests: a real demo server (`biye demo`) on a free loopback port, driven by Playwright in Debian's
chromium. Slow and few; run with `pytest -m browser tests/browser` (CI's third stage)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server():
    """Load the demo into a throwaway SQLite database and serve it; yields the base URL."""
    with serve_demo() as url:
        yield url


@contextlib.contextmanager
def serve_demo(**extra_env: str):
    """A demo server of its own (throwaway database, free loopback port), with these environment variables."""
    workdir = Path(tempfile.mkdtemp(prefix="biye-browser-"))
    port = _free_port()
    env = {
        **os.environ,
        "BIYE_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "BIYE_LOCAL": "1",
        **extra_env,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(workdir / "server.log", "w")
    # `python -m biye` from the worktree: the code under test, not whichever checkout the venv's script points at.
    proc = subprocess.Popen([sys.executable, "-m", "biye", "demo", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"demo server exited: {(workdir / 'server.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/login/", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"demo server did not answer: {(workdir / 'server.log').read_text()[-3000:]}")
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(base_url=demo_server, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def login(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_now() -> datetime:
    """The demo server's clock, as its calendar reads it (deadlines are judged in Asia/Shanghai)."""
    return datetime.now(SHANGHAI).replace(second=0, microsecond=0)


def _as_notice_writes(closes: datetime) -> str:
    if (closes.hour, closes.minute) == (0, 0):
        return f"{closes - timedelta(days=1):%Y-%m-%d} 24:00"
    return f"{closes:%Y-%m-%d %H:%M}"


def days_from_now(days: float) -> datetime:
    return shanghai_now() + timedelta(days=days)


def password(role: str) -> str:
    """The demo's password for a role (a biye.core.models.Role value: "gs", "handler", …), a constant of
    biye/demo/university.py: importing it touches no database."""
    from biye.demo.university import PASSWORDS

    return PASSWORDS[role]


@pytest.fixture
def page_as(browser, demo_server):
    """Log someone in, in a browser context of their own (two people, two sets of cookies); every context
    opened this way is closed after the test."""
    contexts = []

    def open_as(username: str, pw: str, **context_args):
        context = browser.new_context(base_url=demo_server, locale="zh-CN", **context_args)
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(15000)
        login(pg, username, pw)
        return pg

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def move_deadlines(browser, demo_server):
    """Move deadlines the way the Graduate School does: as demo-gs on /gs/calendar/, in a context of its own.

    The demo's 2020 deadlines are long past on the real clock, so a flow that must happen inside a window first
    opens it here. Call with kind=(opens, closes); opens may be None."""
    from playwright.sync_api import expect

    def move(**windows: tuple[datetime | None, datetime]) -> None:
        context = browser.new_context(base_url=demo_server, locale="zh-CN")
        gs = context.new_page()
        gs.set_default_timeout(15000)
        try:
            login(gs, "demo-gs", password("gs"))
            for kind, (opens, closes) in windows.items():
                gs.goto("/gs/calendar/")
                gs.fill(f"#opens-{kind}", opens.strftime("%Y-%m-%d %H:%M") if opens else "")
                gs.fill(f"#closes-{kind}", closes.strftime("%Y-%m-%d %H:%M"))
                gs.click(f"#f-{kind} button[type=submit]")
                if closes <= shanghai_now():
                    # The page asks before it closes a task at once — unless the stored close is already this very
                    # moment (an earlier test of the same minute moved it there): then it simply saves.
                    gs.locator(f"#warning-{kind}, .messages").first.wait_for()
                    if gs.locator(f"#warning-{kind}").count():
                        expect(gs.locator(f"#warning-{kind}")).to_contain_text("已经过去")
                        gs.click(f"#confirm-past-{kind}")
                expect(gs.locator(".messages")).to_contain_text("日程已保存")
                # The page shows what is stored, written as the notice writes it (a 00:00 close is the day's 24:00).
                expect(gs.locator(f"#closes-{kind}")).to_have_value(_as_notice_writes(closes))
        finally:
            context.close()

    return move
