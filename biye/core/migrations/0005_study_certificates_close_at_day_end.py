"""R0.1: 附件9 (硕博连读学习证明登记表) is due on 06-29 with no hour in the notice, so it closes at 06-29 24:00 (stored
as the exclusive 06-30 00:00). Earlier releases defaulted it to 06-29 12:00, the hour of 附件8 only. A campaign
whose 附件9 deadline is still exactly that old default is moved; one the Graduate School already changed is left."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

SHANGHAI = ZoneInfo("Asia/Shanghai")
KIND = "study_certificates"


def _old(year: int) -> dt.datetime:
    return dt.datetime(year, 6, 29, 12, tzinfo=SHANGHAI)


def _new(year: int) -> dt.datetime:
    return dt.datetime(year, 6, 30, 0, tzinfo=SHANGHAI)


def forwards(apps, schema_editor):
    Deadline = apps.get_model("core", "Deadline")
    for d in Deadline.objects.filter(kind=KIND).select_related("campaign"):
        if d.closes == _old(d.campaign.year):
            d.closes = _new(d.campaign.year)
            d.save(update_fields=["closes"])


def backwards(apps, schema_editor):
    Deadline = apps.get_model("core", "Deadline")
    for d in Deadline.objects.filter(kind=KIND).select_related("campaign"):
        if d.closes == _new(d.campaign.year):
            d.closes = _old(d.campaign.year)
            d.save(update_fields=["closes"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_submissions")]

    operations = [migrations.RunPython(forwards, backwards)]
