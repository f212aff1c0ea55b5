"""`biye serve [--bind HOST:PORT]`: the production server (gunicorn), with the settings of docs/deploy.md.

Workers and threads come from the environment (BIYE_WORKERS, BIYE_THREADS); the defaults suit a 2-core
machine: one worker process per core, each with 32 threads. Threads are cheap here and many are needed: a login
holds its thread while it waits its turn for a password hash (core/hashers.py), and with too few threads the
people already logged in would queue behind the logins (measured: 60 clients, filing p95 7.2 s with 16 threads
per process, 0.8 s with 32). Each busy thread may hold one database connection: keep servers x workers x threads
below PostgreSQL's max_connections. Static files are served by WhiteNoise from the collected folder."""

from __future__ import annotations

import gc
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from biye.core.database import ensure_ready


# glibc's malloc gives each thread an arena and, after the first large free, raises its mmap threshold: every
# thread's Argon2 buffer (19 MiB) then stays in its arena for good, and a worker's memory grows with its threads.
# Two arenas and a fixed threshold hand large buffers back at once (measured: 451 MB -> 217 MB at 10 clients).
# malloc reads these when a process starts, so `biye serve` sets them and starts itself again once.
MALLOC_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise CommandError(_("%(name)s 必须是正整数，而不是 %(raw)r。") % {"name": name, "raw": raw})
    return int(raw)


def gunicorn_options(bind: str) -> dict[str, object]:
    cores = os.cpu_count() or 2
    return {
        "bind": bind,
        "workers": _int_env("BIYE_WORKERS", cores),
        "threads": _int_env("BIYE_THREADS", 32),
        "worker_class": "gthread",
        # A request that takes longer than this is a bug or a stuck disk: the worker is replaced.
        "timeout": _int_env("BIYE_REQUEST_TIMEOUT", 120),
        "graceful_timeout": 30,
        "keepalive": 5,
        # Workers are replaced now and then, so a slow leak cannot grow a process without bound.
        "max_requests": 5000,
        "max_requests_jitter": 500,
        # The application is loaded once in the master; workers share its memory pages.
        "preload_app": True,
        "accesslog": "-" if os.environ.get("BIYE_ACCESS_LOG") else None,
        "errorlog": "-",
        "loglevel": os.environ.get("BIYE_GUNICORN_LOG_LEVEL", "warning"),
        "forwarded_allow_ips": os.environ.get("BIYE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "proc_name": "biye",
    }


class Command(BaseCommand):
    help = _("启动正式服务（gunicorn，多进程多线程；静态文件由 WhiteNoise 提供）。默认监听 127.0.0.1:8000。")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help=_("监听的地址和端口，默认 127.0.0.1:8000"))

    def handle(self, *args, bind: str, **options) -> None:
        if any(name not in os.environ for name in MALLOC_ENV):
            os.environ.update({k: os.environ.get(k, v) for k, v in MALLOC_ENV.items()})
            sys.stdout.flush()
            os.execv(sys.executable, sys.orig_argv)
        from gunicorn.app.base import BaseApplication
        from django.core.wsgi import get_wsgi_application

        if ":" not in bind:
            raise CommandError(_("--bind 的格式是 主机:端口，例如 0.0.0.0:8000。"))
        call_command("check")
        ensure_ready(self.stdout)
        manifest = getattr(settings, "STATIC_ROOT", None) and settings.STATIC_ROOT / "staticfiles.json"
        if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"] and not manifest.exists():
            self.stdout.write(_("首次启动：正在收集静态文件……"))
            call_command("collectstatic", interactive=False, verbosity=0)
        # Nothing opened here may be shared with the forked workers.
        connections.close_all()
        options = gunicorn_options(bind)
        application = get_wsgi_application()
        # What the master loaded is shared with the workers; keep the collector from touching (and so copying) it.
        gc.collect()
        gc.freeze()

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in options.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self):
                return application

        self.stdout.write(_("正在 http://%(bind)s/ 上运行（%(workers)d 个进程 × %(threads)d 个线程），按 Ctrl+C 停止。")
                          % {"bind": bind, "workers": options["workers"], "threads": options["threads"]})
        self.stdout.flush()
        Server().run()
