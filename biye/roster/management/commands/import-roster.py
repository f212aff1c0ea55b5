"""`biye import-roster FILE [--campaign 2020] [--dry-run]`: R0.2 from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from biye.core import database
from biye.core.actions import system_actor
from biye.core.errors import ActionRefused
from biye.roster.actions import import_roster
from biye.roster.columns import HEADERS, OPTIONAL_HEADERS


class Command(BaseCommand):
    help = (
        "Import the student roster (学籍名单, R0.2) from .xlsx/.xls, .csv (UTF-8, UTF-8 with BOM or GB18030; comma, "
        "semicolon or tab), Excel's UTF-16 \"Unicode text\", or a dBase table (.dbf, GBK) as 学信网 exports it. The header row may sit below title rows (within the "
        "first 10 rows), on the first visible sheet that has it; row numbers in messages are Excel's. "
        "Columns by their Chinese headers, in any order: " + "、".join(HEADERS) + ". Every column is required and "
        "no cell may be empty, except " + "、".join(OPTIONAL_HEADERS) + " (a student may have no advisor yet; a "
        "导师姓名 needs its 导师工号). The column names of campus systems and 学信网's letter codes (XH, XM, CSRQ, ...) "
        "are read too: see docs/roster-columns.md; the summary says which header was read as which column. Unknown columns are ignored and named. Any bad row rejects the whole file: "
        "the errors are printed one per line with row and column, nothing is written, and the exit status is 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the roster: .xlsx, .xls, .csv, .txt or .dbf")
        parser.add_argument("--campaign", type=int, default=None,
                            help="campaign year (e.g. 2020); default: the current campaign, else this year")
        parser.add_argument("--dry-run", action="store_true", help="check and summarise, write nothing")
        parser.add_argument("--update", action="store_true",
                            help="a partial update keyed by 学号: the file has 学号 and any of the other columns, and "
                                 "sets just those of students already on the roster (a 学号 not on it is an error)")

    def handle(self, *args, file: Path, campaign: int | None, dry_run: bool, update: bool = False, **options) -> None:
        database.ensure_ready(self.stderr)
        try:
            data = file.read_bytes()
        except OSError as e:
            raise CommandError(_("无法读取文件 %(file)s：%(reason)s") % {"file": file, "reason": e.strerror}, returncode=1) from None

        def progress(stage: str, done: int, total: int | None) -> None:
            word = {"check": _("已校验"), "write": _("已写入新学生"), "update": _("已更新学生")}.get(stage, stage)
            print(_("%(word)s %(done)s 行") % {"word": word, "done": f"{done}/{total}" if total else done},
                  file=sys.stderr, flush=True)

        try:
            report = import_roster(data=data, filename=file.name, campaign_year=campaign, by=system_actor(),
                                   dry_run=dry_run, progress=progress, update=update)
        except ActionRefused as e:
            raise CommandError(str(e), returncode=1) from None
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            if report.errors.more:
                self.stderr.write(report.errors.more_line())
            raise CommandError(
                _("文件有 %(n)d 处错误，未导入任何数据。请按以上提示修改后重新导入。") % {"n": report.errors.total},
                returncode=1,
            )
        title = _("试导入（未写入）") if dry_run else _("导入完成")
        self.stdout.write(_("%(title)s：%(year)d届，%(file)s") % {"title": title, "year": report.campaign_year, "file": file.name})
        for line in report.summary_lines():
            self.stdout.write(line)
