"""biye export NAME [--college CODE] [--campaign YEAR] [--by USERNAME] -o FILE: write one of the registered exports
(core/exports.py), for the whole school or one college. Run on the server by its operator, so every student; with
--by, as that person (what they may see, and their name on the file). Like every file that leaves Biye, the export
is written to the audit trail (core/downloads.py) with its row count, and its sheets carry who exported it.

The file is built in memory and then put in place in one step (a temporary file beside FILE, renamed), so a
failure never leaves a half-written or truncated FILE behind. Every mistake the operator can fix (unknown export,
campaign or college, an output path that cannot be written, a name without the export's suffix) is a message
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from biye.core import actions, database, downloads, exports, scoping
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Person


def _check_output(path: Path, suffix: str, others: tuple[str, ...] = ()) -> None:
    """Refuse before any work is done what cannot succeed."""
    if path.is_dir():
        raise CommandError(_("%(path)s 是一个目录；请在 -o 后写出文件名，例如 %(example)s。")
                           % {"path": path, "example": path / f"list{suffix}"})
    if path.suffix.lower() != suffix and path.suffix.lower() not in others:
        raise CommandError(_("该导出是 %(suffix)s 文件，输出文件名应以 %(suffix)s 结尾（现为 %(path)s）。")
                           % {"suffix": " / ".join((suffix, *others)), "path": path})
    if not path.parent.is_dir():
        raise CommandError(_("目录 %(dir)s 不存在，请先创建，或换一个输出位置。") % {"dir": path.parent})
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(_("没有写入 %(path)s 的权限，请换一个输出位置。") % {"path": path})


def _put_in_place(data: bytes, path: Path) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
            tmp.write(data)
        # A temporary file is private (0600); the export should be readable like any file the operator writes.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp.name, 0o666 & ~umask)
        os.replace(tmp.name, path)
    except OSError as e:
        if "tmp" in locals():
            Path(tmp.name).unlink(missing_ok=True)
        raise CommandError(_("无法写入 %(path)s：%(error)s") % {"path": path, "error": e.strerror or e}) from None


class Command(BaseCommand):
    help = "Write a registered export (附件1, 附件2, …) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="one of: " + ", ".join(exports.names()))
        parser.add_argument("--college", help="college code (学院代码); the whole school when left out")
        parser.add_argument("--campaign", type=int, help="campaign year, e.g. 2020; the current one when left out")
        parser.add_argument("--round", choices=["summer", "autumn"],
                            help="summer (夏季, the default) or autumn (秋季), for the exports that have rounds")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--by", help="username of the person the export is for (default: the system actor)")

    def handle(self, *args, **options) -> None:
        database.ensure_ready(self.stderr)
        export = exports.get(options["name"])
        if export is None:
            raise CommandError(_("没有名为 %(name)s 的导出。可用：%(names)s")
                               % {"name": options["name"], "names": ", ".join(exports.names())})
        path = Path(options["output"]).expanduser()
        _check_output(path, export.suffix, export.other_suffixes)
        extra = {"suffix": path.suffix.lower()} if export.other_suffixes else {}
        if options.get("round"):
            if "round" not in export.options:
                raise CommandError(_("导出 %(name)s 不分夏季、秋季，请去掉 --round。") % {"name": export.name})
            extra["round"] = options["round"]
        if options["campaign"]:
            campaign = Campaign.objects.filter(year=options["campaign"]).first()
            if campaign is None:
                raise CommandError(_("没有 %(year)s 届的毕业工作。") % {"year": options["campaign"]})
        else:
            campaign = Campaign.current()
            if campaign is None:
                raise CommandError(_("还没有毕业工作（届）。请先导入学籍名单。"))
        college = None
        if options["college"]:
            code = options["college"].strip()
            college = College.objects.filter(code=code).first()
            if college is None:
                known = ", ".join(College.objects.order_by("code").values_list("code", flat=True)[:50])
                raise CommandError(_("没有代码为 %(code)s 的学院。已有的学院代码：%(known)s")
                                   % {"code": code, "known": known or "—"})
        by = actions.system_actor()
        if options["by"]:
            by = Person.objects.filter(username=options["by"].strip(), is_active=True).first()
            if by is None:
                raise CommandError(_("没有用户名为 %(username)s 的有效账号。") % {"username": options["by"]})
        if college is not None and not scoping.can_act_for_college(by, college):
            raise CommandError(_("%(person)s 无权导出%(college)s的数据。") % {"person": by, "college": college})
        buffer = io.BytesIO()
        try:
            with downloads.footer(by):
                count = export.write(buffer, students=scoping.students_for(by), campaign=campaign, college=college,
                                     **extra)
        except ActionRefused as e:
            raise CommandError(e.message) from None
        _put_in_place(buffer.getvalue(), path)
        downloads.record_export(
            by, kind=export.name, title=export.title, filename=path.name, rows=count, campaign=campaign, college=college,
            filter={"campaign": campaign.year, "college": college.code if college else "", "output": str(path)},
        )
        self.stdout.write(_("%(title)s：%(count)d 行，已写入 %(path)s")
                          % {"title": export.title, "count": count, "path": path})
