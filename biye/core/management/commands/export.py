"""biye export NAME [--college CODE] [--campaign YEAR] -o FILE: write one of the registered exports
(core/exports.py), for the whole school or one college. Run on the server by its operator, so every student."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biye.core import exports
from biye.core.models import Campaign, College, Student


class Command(BaseCommand):
    help = "Write a registered export (附件1, 附件2, …) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="one of: " + ", ".join(exports.names()))
        parser.add_argument("--college", help="college code (学院代码); the whole school when left out")
        parser.add_argument("--campaign", type=int, help="campaign year, e.g. 2020; the current one when left out")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, **options) -> None:
        export = exports.get(options["name"])
        if export is None:
            raise CommandError(f"没有名为 {options['name']} 的导出。可用：{', '.join(exports.names())}")
        if options["campaign"]:
            campaign = Campaign.objects.filter(year=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"没有 {options['campaign']} 届的毕业工作。")
        else:
            campaign = Campaign.current()
            if campaign is None:
                raise CommandError("还没有毕业工作（届）。请先导入学籍名单。")
        college = None
        if options["college"]:
            college = College.objects.filter(code=options["college"]).first()
            if college is None:
                raise CommandError(f"没有代码为 {options['college']} 的学院。")
        count = export.write(options["output"], students=Student.objects.all(), campaign=campaign, college=college)
        self.stdout.write(f"{export.title}：{count} 行，已写入 {options['output']}")
