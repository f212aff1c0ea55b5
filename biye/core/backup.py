"""One archive holding a consistent snapshot of the database and the media store, and its way back.

The archive is a gzip'd tar with `manifest.json`, the database (`database.sqlite3`, made with SQLite's online
backup API, or `database.pgdump`, pg_dump's custom format) and `media/...` (every file of the media store,
read through Django's storage, so a folder and an S3-compatible store are backed up the same way).

The database is snapshotted first and the media store read afterwards. A file is always written before the
rows that point at it are committed, so every file the snapshot refers to is in the archive; the archive may
also hold a file that arrived a moment later, which harms nothing.

Restore goes only into an empty database and an empty media store, so it can never mix two universities."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core.errors import ActionRefused

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise ActionRefused(_("备份只支持 SQLite 和 PostgreSQL 数据库。"))
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's own variables: the password never appears on a command line."""
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        raise ActionRefused(_("找不到 %(tool)s：请安装 PostgreSQL 客户端工具（与服务器同一主版本或更新）。")
                            % {"tool": tool})
    done = subprocess.run([tool, *args], env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise ActionRefused(_("%(tool)s 失败：%(error)s") % {"tool": tool, "error": done.stderr.strip()[-2000:]})


def _media_files(storage=default_storage, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += _media_files(storage, f"{folder}{sub}/")
    return sorted(names)


def _tables() -> list[str]:
    return connections[DEFAULT_DB_ALIAS].introspection.table_names()


def create(path: Path) -> dict:
    """Write the archive to `path` (refusing to overwrite one); returns its manifest."""
    path = Path(path)
    if path.exists():
        raise ActionRefused(_("%(path)s 已存在：备份不会覆盖已有文件，请换一个文件名。") % {"path": path})
    engine = _engine()
    connection = connections[DEFAULT_DB_ALIAS]
    with tempfile.TemporaryDirectory(prefix="biye-backup-") as tmp:
        if engine == "sqlite":
            dump = Path(tmp) / SQLITE_NAME
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)  # a consistent snapshot while others keep writing
            target.close()
        else:
            dump = Path(tmp) / PG_NAME
            _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump))
        media = _media_files()
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": timezone.now().isoformat(),
            "migrations": sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()),
            "media_files": len(media),
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            tar.add(dump, arcname=dump.name)
            for name in media:
                with default_storage.open(name, "rb") as f:
                    _add_bytes(tar, f"media/{name}", f.read())
        partial.replace(path)
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def restore(path: Path) -> dict:
    """Load the archive into this (empty) database and (empty) media store; returns its manifest."""
    path = Path(path)
    engine = _engine()
    if not path.is_file():
        raise ActionRefused(_("找不到备份文件 %(path)s。") % {"path": path})
    if _tables():
        raise ActionRefused(_("数据库不是空的（已有 %(n)d 张表）：恢复只装入空数据库。请新建一个空数据库，"
                              "把 DATABASE_URL 指向它后重试。") % {"n": len(_tables())})
    if _media_files():
        raise ActionRefused(_("媒体文件夹不是空的：恢复只装入空的媒体文件夹（%(where)s）。")
                            % {"where": settings.MEDIA_ROOT})
    with tarfile.open(path, "r:gz") as tar, tempfile.TemporaryDirectory(prefix="biye-restore-") as tmp:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        if manifest.get("format") != FORMAT:
            raise ActionRefused(_("备份文件的格式不是这个版本能读的。"))
        if manifest["engine"] != engine:
            raise ActionRefused(_("这是 %(theirs)s 数据库的备份，不能恢复到 %(ours)s 数据库。")
                                % {"theirs": manifest["engine"], "ours": engine})
        members = [m for m in tar.getmembers() if m.isfile()]
        for member in members:
            if member.name.startswith("/") or ".." in Path(member.name).parts:
                raise ActionRefused(_("备份文件中有不安全的路径：%(name)s") % {"name": member.name})
        if engine == "sqlite":
            tar.extract(SQLITE_NAME, tmp, filter="data")
            connection = connections[DEFAULT_DB_ALIAS]
            connection.ensure_connection()
            source = sqlite3.connect(Path(tmp) / SQLITE_NAME)
            source.backup(connection.connection)
            source.close()
            connection.close()
        else:
            tar.extract(PG_NAME, tmp, filter="data")
            connections[DEFAULT_DB_ALIAS].close()
            _run("pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                 "--dbname", _pg_env().get("PGDATABASE", ""), str(Path(tmp) / PG_NAME))
        for member in members:
            if member.name.startswith("media/"):
                name = member.name.removeprefix("media/")
                saved = default_storage.save(name, ContentFile(tar.extractfile(member).read()))
                if saved != name:
                    raise ActionRefused(_("媒体文件 %(name)s 未能按原名保存。") % {"name": name})
    return manifest
