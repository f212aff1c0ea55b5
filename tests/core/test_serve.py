"""`biye serve` and /healthz (issue 13), and one production path (issue 9): the `biye` command never switches
to local mode by itself, and the variables of docs/deploy.md pass `biye check --deploy --fail-level WARNING`."""

from __future__ import annotations

import re
import secrets
import sqlite3

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from tests.live import ROOT, Browser, base_env, biye, fresh_database, serving


def test_R5_1_healthz_is_200_when_the_database_answers_and_is_migrated(client, db):
    resp = client.get(reverse("healthz"))
    assert resp.status_code == 200 and resp.json() == {"ok": True, "problem": None}
    assert "no-store" in resp["Cache-Control"]


def test_R5_1_healthz_is_503_when_a_migration_is_missing(client, db):
    MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first().delete()
    resp = client.get(reverse("healthz"))
    assert resp.status_code == 503 and "biye migrate" in resp.json()["problem"]


def test_R5_1_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patched:  # undone before the test database is torn down
        patched.setattr(connection, "cursor", unreachable)
        resp = client.get(reverse("healthz"))
    assert resp.status_code == 503 and resp.json()["problem"].startswith("database unreachable")


def test_R5_1_biye_serve_answers_pages_static_files_and_healthz(tmp_path):
    with fresh_database(tmp_path) as url:
        env = base_env(tmp_path / "var", url)
        env.pop("BIYE_PLAIN_STATIC")  # the production static storage: collected, hashed names, by WhiteNoise
        with serving(env, tmp_path / "server.log") as live:
            b = Browser(live.url)
            page = b.get("/login/")
            assert page.status == 200 and "登录研究生毕业工作系统" in page.text
            assert page.headers["Server"] == "gunicorn"
            css = re.search(r'href="(/static/biye/biye\.[0-9a-f]{12}\.css)"', page.text).group(1)
            static = b.get(css)
            assert static.status == 200 and "max-age=315360000" in static.headers["Cache-Control"]
            assert b.get("/healthz").status == 200
            if url.startswith("sqlite"):
                # Migrations rolled back under a running server: the load balancer must be told at once.
                with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
                    conn.execute("DELETE FROM django_migrations WHERE app = 'core' AND name LIKE '0004%'")
                answer = b.get("/healthz")
                assert answer.status == 503 and "biye migrate" in answer.text


def _deploy_variables() -> dict[str, str]:
    """The environment file shown in docs/deploy.md, exactly as written there."""
    text = (ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"```sh\n# /etc/biye/env\n(.*?)```", text, re.S)
    assert block, "docs/deploy.md shows the environment file"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if line and not line.startswith("#")]
    return {k: v for k, v in pairs}


def _production_env(tmp_path, variables: dict[str, str]) -> dict[str, str]:
    env = base_env(tmp_path / "var", "")
    for name in ("BIYE_LOCAL", "BIYE_PLAIN_STATIC", "DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE"):
        env.pop(name, None)
    env.update(variables)
    return env


def test_R5_1_the_variables_of_docs_deploy_pass_the_deploy_check(tmp_path):
    variables = _deploy_variables()
    assert {"DATABASE_URL", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"} <= variables.keys()
    key = tmp_path / "secret_key"
    key.write_text(secrets.token_urlsafe(50))
    # The paths of the documented file point at this machine's temporary folder; every other value is the doc's.
    variables.update(SECRET_KEY_FILE=str(key), BIYE_VAR_DIR=str(tmp_path / "var"))
    done = biye(_production_env(tmp_path, variables), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout + done.stderr


def test_biye_never_switches_to_local_mode_by_itself(tmp_path):
    variables = {k: v for k, v in _deploy_variables().items() if not k.startswith("SECRET_KEY")}
    done = biye(_production_env(tmp_path, variables), "check")
    assert done.returncode == 2
    assert "SECRET_KEY" in done.stderr and "BIYE_LOCAL=1" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_R5_1_two_servers_on_one_database_share_sessions_and_login_counts(tmp_path):
    """Scale-out: nothing a request needs lives only in one process's memory."""
    with fresh_database(tmp_path) as url:
        env = base_env(tmp_path / "var", url, BIYE_WORKERS="1", BIYE_THREADS="2")
        setup = "from biye.core.models import Person\nPerson.objects.create_user(username='gs', password='Right-pw-2020')"
        for args in (("migrate", "--verbosity", "0"), ("shell", "-c", setup)):
            assert biye(env, *args).returncode == 0
        with serving(env, tmp_path / "a.log") as a, serving(env, tmp_path / "b.log") as b:
            person = Browser(a.url)
            person.get("/login/")
            assert person.post("/login/", {"username": "gs", "password": "Right-pw-2020"}).status == 302
            person.base = b.url  # the load balancer sends the next request to the other server
            assert person.get("/password/").status == 200
            guesser = Browser(a.url)
            guesser.get("/login/")
            for n in range(5):
                guesser.base = (a.url, b.url)[n % 2]
                assert "用户名或密码不正确" in guesser.post("/login/", {"username": "gs", "password": "x"}).text
            for server in (a.url, b.url):
                guesser.base = server
                answer = guesser.post("/login/", {"username": "gs", "password": "Right-pw-2020"})
                assert 'id="login-locked"' in answer.text


def test_media_go_to_an_s3_compatible_store_when_configured(tmp_path):
    pytest.importorskip("storages", reason="the optional extra biye[s3] is not installed")
    env = base_env(tmp_path / "var", "sqlite:///" + str(tmp_path / "x.sqlite3"), BIYE_S3_BUCKET="biye-media",
                   BIYE_S3_ENDPOINT_URL="http://127.0.0.1:9000", AWS_ACCESS_KEY_ID="k", AWS_SECRET_ACCESS_KEY="s")
    show = ("from django.core.files.storage import storages; s = storages[\"default\"]\n"
            "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location, s.file_overwrite, s.default_acl)")
    done = biye(env, "shell", "-c", show)
    assert done.stdout.splitlines()[-1].split() == ["S3Storage", "biye-media", "http://127.0.0.1:9000", "media", "False", "private"]
    env.pop("BIYE_S3_BUCKET")
    assert biye(env, "shell", "-c", show.split("\n")[0] + "\nprint(type(s).__name__)").stdout.split()[-1] == \
        "FileSystemStorage"
