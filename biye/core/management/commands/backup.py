"""`biye backup FILE`: one archive with a consistent snapshot of the database and the media store."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from biye.core import backup
from biye.core.errors import ActionRefused


class Command(BaseCommand):
    help = _("把数据库（一致的快照）和媒体文件（学籍名单、影像结果等）写入一个备份文件（.tar.gz）。")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("备份文件的路径，例如 /backup/biye-2021-06-09.tar.gz（不会覆盖已有文件）"))

    def handle(self, *args, file: str, **options) -> None:
        try:
            manifest = backup.create(file)
        except ActionRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(_("已备份到 %(file)s：%(engine)s 数据库，%(n)d 个媒体文件。")
                          % {"file": file, "engine": manifest["engine"], "n": manifest["media_files"]})
