"""`biye restore FILE`: load a `biye backup` archive into an empty database and an empty media store."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from biye.core import backup
from biye.core.errors import ActionRefused


class Command(BaseCommand):
    help = _("把 biye backup 写的备份文件恢复到空数据库和空媒体文件夹；数据库或文件夹不是空的则拒绝。")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("biye backup 写的备份文件"))

    def handle(self, *args, file: str, **options) -> None:
        try:
            manifest = backup.restore(file)
        except ActionRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(_("已从 %(file)s 恢复（备份于 %(created)s，%(n)d 个媒体文件）。如果程序比备份新，"
                            "请接着运行 biye migrate。")
                          % {"file": file, "created": manifest["created"], "n": manifest["media_files"]})
