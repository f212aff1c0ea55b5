"""Data only: the system actor that commands act as (core.actions.system_actor), and the notice's default
deadlines for every campaign that lacks some (reading the calendar used to create them; reads no longer write)."""

import secrets

from django.db import migrations

SYSTEM_USERNAME = "biye:system"
SYSTEM_DISPLAY_NAME = "系统（命令行）"


def forwards(apps, schema_editor):
    from biye.core.models import DEFAULT_CALENDAR, default_deadline_times

    Person = apps.get_model("core", "Person")
    Campaign = apps.get_model("core", "Campaign")
    Deadline = apps.get_model("core", "Deadline")
    Person.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"display_name": SYSTEM_DISPLAY_NAME, "is_active": False, "password": "!" + secrets.token_hex(20)},
    )
    for campaign in Campaign.objects.all():
        have = set(Deadline.objects.filter(campaign=campaign).values_list("kind", flat=True))
        Deadline.objects.bulk_create([
            Deadline(campaign=campaign, kind=kind, opens=opens, closes=closes)
            for kind in DEFAULT_CALENDAR if kind not in have
            for opens, closes in [default_deadline_times(campaign.year, kind)]
        ])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_study_certificates_close_at_day_end"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
