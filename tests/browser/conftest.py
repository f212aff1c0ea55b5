"""Browser tests: a real demo server (`biye demo`) on a free loopback port, driven by Playwright in Debian's
chromium. Slow and few; run with `pytest -m browser tests/browser` (CI's third stage)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIYE = Path(sys.executable).with_name("biye")
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
    workdir = Path(tempfile.mkdtemp(prefix="biye-browser-"))
    port = _free_port()
    env = {
        **os.environ,
        "BIYE_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "BIYE_LOCAL": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(workdir / "server.log", "w")
    proc = subprocess.Popen([str(BIYE), "demo", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
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
