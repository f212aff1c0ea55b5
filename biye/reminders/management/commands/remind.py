"""`biye remind [--dry-run] [--now ISO]`: send the reminders due now. Run by cron (say every hour, and once each
morning for the Graduate School's list of late colleges); running it twice sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core.actions import system_actor
from biye.core.calendar import format_due
from biye.reminders import actions
from biye.reminders.models import Reminder

AUDIENCES = dict(Reminder.Audience.choices)


class Command(BaseCommand):
    help = _("发送当前到期的提醒（截止前按提前天数提醒未完成的学生和学院经办人；截止后每天提醒研究生院逾期的学院）。"
             "重复运行不会重复发送。")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("只列出将提醒谁、提醒什么，不发送也不记录"))
        parser.add_argument("--now", help=_("按这个时间计算（ISO 格式，如 2020-06-10T09:00+08:00），用于演练"))

    def handle(self, *args, dry_run: bool = False, now: str | None = None, **options) -> None:
        moment = self._moment(now)
        by = None if dry_run else system_actor()  # a dry run writes nothing, not even the system account
        batches, outcome = actions.run(by=by, now=moment, dry_run=dry_run)
        for batch in batches:
            due = format_due(batch.deadline.closes) if batch.deadline else "—"
            self.stdout.write(_("%(task)s · 截止 %(due)s · %(lead)s · %(audience)s：%(n)d 人") % {
                "task": batch.task.title, "due": due, "lead": batch.lead, "audience": AUDIENCES[batch.audience],
                "n": len(batch.messages)})
            if dry_run:
                for m in batch.messages:
                    self.stdout.write(f"  {m.label} ← {m.subject}")
        if not batches:
            self.stdout.write(_("现在没有需要发送的提醒。"))
        elif dry_run:
            self.stdout.write(_("演练：未发送，也未记录。"))
        else:
            self.stdout.write(_("已记录 %(w)d 条，送达 %(d)d 条，失败 %(f)d 条。")
                              % {"w": outcome.written, "d": outcome.delivered, "f": outcome.failed})
            if outcome.failed:
                raise CommandError(_("有 %(f)d 条提醒发送失败，原因见“提醒记录”页面。") % {"f": outcome.failed})

    def _moment(self, raw: str | None) -> dt.datetime | None:
        if not raw:
            return None
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise CommandError(_("--now 的时间格式不对：%(raw)s。请写成 2020-06-10T09:00+08:00。") % {"raw": raw}) from None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
