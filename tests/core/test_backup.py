"""Backup and restore (issue 13): `biye backup FILE` then `biye restore FILE` into an empty database and media
folder gives back every row and every file; a database or media folder that is not empty is refused.
Each run uses the test run's kind of database (SQLite, or PostgreSQL when DATABASE_URL names it)."""

from __future__ import annotations

import json
import tarfile

import pytest

from tests.live import base_env, biye, fresh_database

# A small university through the demo's own path (colleges, people, roles, a roster import with its audit
# events and its archived roster file in the media folder), plus one more media file in a subfolder.
SETUP = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from biye.demo import university as demo
demo.STUDENTS = 40
demo.load()
default_storage.save("photos/results/影像结果.csv", ContentFile("学号,姓名\\n3120000001,张伟\\n".encode()))
"""


def _every_row(env) -> list[dict]:
    done = biye(env, "dumpdata", "--indent", "0")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    return sorted(rows, key=lambda r: (r["model"], str(r["pk"])))


def _files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def university(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backup")
    with fresh_database(tmp) as url:
        env = base_env(tmp / "var", url)
        for args in (("migrate", "--verbosity", "0"), ("shell", "-c", SETUP)):
            done = biye(env, *args)
            assert done.returncode == 0, done.stderr
        archive = tmp / "biye.tar.gz"
        done = biye(env, "backup", str(archive))
        assert done.returncode == 0, done.stderr
        assert "2 个媒体文件" in done.stdout
        yield env, archive, tmp


def test_R5_1_backup_then_restore_gives_back_every_row_and_every_file(university, tmp_path):
    env, archive, tmp = university
    before_rows, before_files = _every_row(env), _files(tmp / "var" / "media")
    assert {"core.student", "core.auditevent", "core.college", "core.rolegrant"} <= {r["model"] for r in before_rows}
    assert sum(r["model"] == "core.student" for r in before_rows) == 40
    assert len(before_files) == 2 and "photos/results/影像结果.csv" in before_files

    with fresh_database(tmp_path) as url:
        target = base_env(tmp_path / "var", url)
        done = biye(target, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert "已从" in done.stdout
        assert _every_row(target) == before_rows
        assert _files(tmp_path / "var" / "media") == before_files
        # the restored database is complete: nothing left to migrate, and the demo's logins are there
        plan = biye(target, "migrate", "--plan")
        assert "No planned migration operations" in plan.stdout


def test_R5_1_restore_refuses_a_database_that_is_not_empty(university):
    env, archive, tmp = university
    done = biye(env, "restore", str(archive))
    assert done.returncode != 0 and "数据库不是空的" in done.stderr


def test_R5_1_restore_refuses_a_media_folder_that_is_not_empty(university, tmp_path):
    env, archive, _ = university
    (tmp_path / "var" / "media").mkdir(parents=True)
    (tmp_path / "var" / "media" / "left-over.txt").write_text("x")
    with fresh_database(tmp_path) as url:
        done = biye(base_env(tmp_path / "var", url), "restore", str(archive))
        assert done.returncode != 0 and "媒体文件夹不是空的" in done.stderr


def test_R5_1_backup_does_not_overwrite_an_existing_file(university):
    env, archive, _ = university
    size = archive.stat().st_size
    done = biye(env, "backup", str(archive))
    assert done.returncode != 0 and "不会覆盖" in done.stderr and archive.stat().st_size == size


def test_the_archive_says_what_it_holds(university):
    _, archive, _ = university
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["media_files"] == 2 and "core.0001_initial" in manifest["migrations"]
    assert ("database.sqlite3" in names) == (manifest["engine"] == "sqlite")
    assert ("database.pgdump" in names) == (manifest["engine"] == "postgresql")
