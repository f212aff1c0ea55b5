"""biye purge --campaign YEAR [--dry-run]: remove a finished campaign's personal data once its retention has
passed (core/purge.py). Acts as the system actor; says what it removes (or, with --dry-run, would remove)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from biye.core import actions, database, purge
from biye.core.errors import ActionRefused
from biye.core.models import Campaign


class Command(BaseCommand):
    help = "Remove a finished campaign's ID numbers, birth dates and uploaded files after its retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, required=True, help="campaign year, e.g. 2020")
        parser.add_argument("--dry-run", action="store_true", help="say what would be removed, remove nothing")

    def handle(self, *args, **options) -> None:
        database.ensure_ready(self.stderr)
        campaign = Campaign.objects.filter(year=options["campaign"]).first()
        if campaign is None:
            raise CommandError(_("没有 %(year)s 届的毕业工作。") % {"year": options["campaign"]})
        try:
            done = purge.purge_campaign(campaign=campaign, by=actions.system_actor(), dry_run=options["dry_run"])
        except ActionRefused as e:
            raise CommandError(e.message) from None
        if options["dry_run"]:
            head = _("%(campaign)s（保存期限 %(until)s 已满）试运行，将删除：")
        elif done.anything:
            head = _("%(campaign)s（保存期限 %(until)s 已满）已删除：")
        else:
            head = _("%(campaign)s（保存期限 %(until)s 已满）：没有需要删除的个人信息，未做任何改动。")
        self.stdout.write(head % {"campaign": campaign, "until": f"{done.until:%Y-%m-%d}"})
        if options["dry_run"] or done.anything:
            for line in done.lines():
                self.stdout.write("  " + line)
