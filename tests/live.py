"""A real `biye serve` for tests that need real concurrency: its own fresh database (an SQLite file, or a new
PostgreSQL database beside the test run's when DATABASE_URL names PostgreSQL), its own var folder, gunicorn on a
free loopback port. Requests go through urllib with a cookie jar, CSRF token included, redirects not followed."""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(var_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(BIYE_LOCAL="1", BIYE_PLAIN_STATIC="1", BIYE_VAR_DIR=str(var_dir), DATABASE_URL=database_url, **extra)
    return env


def biye(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "biye", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """A database URL of the test run's kind, empty, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"biye_live_{uuid.uuid4().hex[:10]}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Live:
    url: str
    database_url: str
    env: dict[str, str]
    process: subprocess.Popen
    log: Path


@contextmanager
def serving(env: dict[str, str], log: Path, *, wait: float = 90) -> Iterator[Live]:
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "biye", "serve", "--bind", f"127.0.0.1:{port}"], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    live = Live(f"http://127.0.0.1:{port}", env["DATABASE_URL"], env, proc, log)
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"biye serve exited: {log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(live.url + "/healthz", timeout=2):
                    break
            except (OSError, urllib.error.HTTPError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"biye serve did not answer: {log.read_text()[-3000:]}") from None
                time.sleep(0.2)
        yield live
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    text: str
    headers: dict[str, str]


class Browser:
    """One person's browser: cookies kept, CSRF token sent back, optional X-Forwarded-For as a proxy would add."""

    def __init__(self, base: str, *, forwarded_for: str | None = None) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}

    def _open(self, request: urllib.request.Request, timeout: float) -> Answer:
        for k, v in self.headers.items():
            request.add_header(k, v)
        try:
            with self.opener.open(request, timeout=timeout) as resp:
                return Answer(resp.status, resp.read().decode(), dict(resp.headers))
        except urllib.error.HTTPError as e:
            return Answer(e.code, e.read().decode(errors="replace"), dict(e.headers))

    def get(self, path: str, timeout: float = 60) -> Answer:
        return self._open(urllib.request.Request(self.base + path), timeout)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, path: str, data: dict[str, str], timeout: float = 60) -> Answer:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(), **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Referer": self.base + path})
        return self._open(request, timeout)


def field(page: str, name: str) -> str:
    """The value of a form's input, as the browser would send it."""
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page) or \
        re.search(rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', page)
    return html.unescape(match.group(1)) if match else ""
