"""`biye import-roster FILE [--campaign 2020] [--dry-run]`: R0.2 from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biye.core.errors import ActionRefused
from biye.roster.actions import import_roster
from biye.roster.imports import HEADERS, OPTIONAL_HEADERS


class Command(BaseCommand):
    help = (
        "Import the student roster (学籍名单, R0.2) from .xlsx or .csv (UTF-8, UTF-8 with BOM or GB18030). "
        "Columns by their Chinese headers, in any order: " + "、".join(HEADERS) + ". Every column is required and "
        "no cell may be empty, except " + "、".join(OPTIONAL_HEADERS) + " (a student may have no advisor yet; a "
        "导师姓名 needs its 导师工号). Unknown columns are ignored and named. Any bad row rejects the whole file: "
        "the errors are printed one per line with row and column, nothing is written, and the exit status is 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the roster, .xlsx or .csv")
        parser.add_argument("--campaign", type=int, default=None,
                            help="campaign year (e.g. 2020); default: the current campaign, else this year")
        parser.add_argument("--dry-run", action="store_true", help="check and summarise, write nothing")

    def handle(self, *args, file: Path, campaign: int | None, dry_run: bool, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as e:
            raise CommandError(f"无法读取文件 {file}：{e.strerror}", returncode=1) from None

        def progress(stage: str, done: int, total: int | None) -> None:
            word = {"check": "已校验", "write": "已写入新学生", "update": "已更新学生"}.get(stage, stage)
            print(f"{word} {done}{'/' + str(total) if total else ''} 行", file=sys.stderr, flush=True)

        try:
            report = import_roster(data=data, filename=file.name, campaign_year=campaign, by=None,
                                   dry_run=dry_run, progress=progress)
        except ActionRefused as e:
            raise CommandError(str(e), returncode=1) from None
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有 {len(report.errors)} 处错误，未导入任何数据。请按以上提示修改后重新导入。", returncode=1)
        title = "试导入（未写入）" if dry_run else "导入完成"
        self.stdout.write(f"{title}：{report.campaign_year}届，{file.name}")
        for line in report.summary_lines():
            self.stdout.write(line)
