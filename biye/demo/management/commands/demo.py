"""`biye demo`: migrate, load the demo university, print its logins, serve it on 127.0.0.1 (for one laptop)."""

from __future__ import annotations

import socket
import sys
import time
import unicodedata

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from biye.demo import university as demo
from biye.core.errors import ActionRefused


def _width(text: str) -> int:
    """Columns a terminal gives the text: two for each Chinese character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def require_free_port(port: int, host: str = "127.0.0.1") -> None:
    """Refuse, in Chinese, a port another program (often an earlier `make demo`) already listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise CommandError(_(
                "端口 %(port)d 已被占用（可能是另一个正在运行的演示）。请先停止它（在它的窗口按 Ctrl+C），"
                "或换一个端口：biye demo --port %(other)d（make demo 时：.venv/bin/biye demo --port %(other)d）。"
            ) % {"port": port, "other": port + 1}) from None


class Command(BaseCommand):
    help = _(
        "装入演示数据（一所演示大学，2020届，约2400名研究生）并在 http://127.0.0.1:8000 上运行。"
        "只装入空数据库；再次运行不会重复装入，只打印登录账号。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help=_("装入并打印登录账号，但不启动服务"))
        parser.add_argument("--port", type=int, default=8000, help=_("服务端口（只监听 127.0.0.1），默认 8000"))

    def handle(self, *args, no_serve: bool = False, port: int = 8000, **options) -> None:
        if not no_serve:
            # Before anything else, and before saying it runs: a busy port would only fail after the load.
            require_free_port(port)
        call_command("migrate", interactive=False, verbosity=0)
        if demo.is_loaded():
            self.stdout.write(_("演示数据已在数据库中，不再重复装入。"))
        else:
            started = time.monotonic()
            self.stdout.write(_("正在装入演示数据……"))
            try:
                demo.load(progress=self._progress)
            except ActionRefused as refused:
                raise CommandError(str(refused)) from None
            self.stdout.write(_("演示数据已装入，用时 %(s).1f 秒。") % {"s": time.monotonic() - started})
            self.stdout.write(_("演示日程按通知的间隔平移到今天：今天是线上图像采集的第一天（通知中的 6月9日），"
                                "研究生院可在“日程”页面修改。"))
        self._print_logins()
        if no_serve:
            return
        # Static files are served by WhiteNoise from STATIC_ROOT; the manifest storage needs them collected.
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(_("正在 http://127.0.0.1:%(port)d/ 上运行，按 Ctrl+C 停止。") % {"port": port})
        # Loopback only: the demo prints its passwords, so it must not be reachable from the network.
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _progress(self, phase: str, done: int, total: int | None = None) -> None:
        # The roster import reports (phase, rows done, rows in all) now and then.
        sys.stderr.write(f"  {phase} {done}/{total}\n" if total else f"  {phase} {done}\n")

    def _print_logins(self) -> None:
        rows = demo.logins()
        self.stdout.write("")
        self.stdout.write(_("演示账号（用户名 / 密码）："))
        columns = [[str(r.role) for r in rows], [r.username for r in rows], [r.password for r in rows]]
        widths = [max(_width(v) for v in column) + 2 for column in columns]
        for r in rows:
            cells = (str(r.role), r.username, r.password)
            self.stdout.write("  " + "".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)) + r.who)
        self.stdout.write(_("其他学生用各自的学号登录，密码同上；其他学院的经办人和院长为 demo-handler-<学院代码>、"
                            "demo-dean-<学院代码>；导师用工号登录。"))
        self.stdout.write("")
