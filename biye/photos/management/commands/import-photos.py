"""biye import-photos FILE [--campaign YEAR] [--by USERNAME] [--reason TEXT] [--dry-run]

R1.4: the Graduate School imports the vendor's result file. Rows that cannot be taken are printed with their row
number and reason; the rest are taken. With --reason, collections after the make-up deadline (or outside the
online window) are taken too, and the reason is kept in the audit trail. --by names the Graduate School staff
member who is recorded as having done it; without it the audit trail says 系统（命令行） (the server's operator).
Exit status: 0 when every row was taken or unchanged, 1 when some rows were not taken (they are printed), and a
command error (nothing taken) for a file that cannot be read or lacks a column.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from biye.core import database
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, Person
from biye.core.actions import system_actor
from biye.photos import actions
from biye.photos.imports import parse_vendor_file


class Command(BaseCommand):
    help = "Import the photo vendor's result file (学号/证件号码, 姓名, 采集时间, 采集方式)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--campaign", type=int, help="campaign year; the current one when left out")
        parser.add_argument("--by", help="username of the Graduate School staff member doing the import")
        parser.add_argument("--reason", default="", help="written reason to take collections after the deadline")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")

    def handle(self, *args, **options) -> None:
        database.ensure_ready(self.stderr)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(_("无法读取文件 %(path)s：%(error)s") % {"path": path, "error": e.strerror}) from None
        campaign = (
            Campaign.objects.filter(year=options["campaign"]).first() if options["campaign"] else Campaign.current()
        )
        if campaign is None:
            raise CommandError(_("没有对应的毕业工作（届）。"))
        by = system_actor()
        if options["by"]:
            by = Person.objects.filter(username=options["by"], is_active=True).first()
            if by is None:
                raise CommandError(_("没有用户 %(username)s。") % {"username": options["by"]})
        try:
            rows = parse_vendor_file(data, path.name)
            report = actions.import_vendor_results(
                campaign=campaign, rows=rows, file_name=path.name, by=by, reason=options["reason"],
                dry_run=options["dry_run"],
            )
        except (ActionRefused, PermissionDenied) as e:
            raise CommandError(str(e)) from None
        for o in report.rejected:
            self.stdout.write(_("第 %(row)d 行 %(label)s %(name)s：未导入，%(message)s") % {
                "row": o.row, "label": o.label, "name": o.name, "message": o.message})
        for o in report.unchanged:
            self.stdout.write(_("第 %(row)d 行 %(label)s %(name)s：%(message)s") % {
                "row": o.row, "label": o.label, "name": o.name, "message": o.message})
        counts = {"taken": len(report.taken), "unchanged": len(report.unchanged), "rejected": len(report.rejected)}
        if report.dry_run:
            summary = _("试运行：将导入 %(taken)d 行，无变化 %(unchanged)d 行，未导入 %(rejected)d 行；没有写入任何数据。")
        else:
            summary = _("已导入 %(taken)d 行，无变化 %(unchanged)d 行，未导入 %(rejected)d 行。")
        self.stdout.write(summary % counts)
        if report.rejected:
            raise SystemExit(1)
