"""Students point at the roster import that created them (Student.origin, origin_row) instead of each having a
"roster.create" event; students created before are given their origin from the events they have (which stay)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    Student = apps.get_model("core", "Student")
    imports = {
        (event.object_id, (event.after or {}).get("source")): event.pk
        for event in AuditEvent.objects.filter(action="roster.import", object_type="core.campaign").only("object_id", "after")
    }
    created = (AuditEvent.objects.filter(action="roster.create", student__isnull=False)
               .values_list("student_id", "student__campaign_id", "after"))
    batch = []
    for student_id, campaign_id, after in created.iterator(chunk_size=2000):
        after = after or {}
        batch.append(Student(pk=student_id, origin_id=imports.get((str(campaign_id), after.get("source"))),
                             origin_row=after.get("row")))
        if len(batch) == 2000:
            Student.objects.bulk_update(batch, ["origin", "origin_row"])
            batch = []
    Student.objects.bulk_update(batch, ["origin", "origin_row"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0012_login_attempts"),
    ]

    operations = [
        migrations.AddField(
            model_name="student",
            name="origin",
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="core.auditevent", verbose_name="创建来源"),
        ),
        migrations.AddField(
            model_name="student",
            name="origin_row",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="名单行号"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
