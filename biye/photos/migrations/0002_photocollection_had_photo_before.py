from django.db import migrations, models


def infer_for_existing(apps, schema_editor):
    """Rows recorded before this field: a student enrolled after the cutoff year and never included on request
    could only have been collected from list B (附件2), so a photo was on file before. Everyone else is taken to
    have been on list A (附件1), which is where a collected row was most likely to come from."""
    PhotoCollection = apps.get_model("photos", "PhotoCollection")
    InclusionRequest = apps.get_model("photos", "InclusionRequest")
    included = set(InclusionRequest.objects.filter(state="approved").values_list("student_id", flat=True))
    for c in PhotoCollection.objects.select_related("student__campaign").iterator():
        student = c.student
        if student.enrolled_on.year > student.campaign.photo_cutoff_year and student.pk not in included:
            PhotoCollection.objects.filter(pk=c.pk).update(had_photo_before=True)


class Migration(migrations.Migration):

    dependencies = [
        ('photos', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='photocollection',
            name='had_photo_before',
            field=models.BooleanField(default=False, verbose_name='采集前已有图像'),
        ),
        migrations.RunPython(infer_for_existing, migrations.RunPython.noop),
    ]
