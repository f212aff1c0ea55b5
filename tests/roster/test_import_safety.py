"""R0.2 re-imports that must not lose what others did meanwhile, and uploads that must not leave data behind."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.roster.conftest import roster_rows, run_import, to_xlsx


def test_R1_4_reimport_that_changes_another_field_of_a_student_keeps_the_collected_photo(db, gs):
    from biye.core.models import AuditEvent, Student

    rows = roster_rows(2)
    rows[0]["是否已采集图像"] = "否"
    run_import(to_xlsx(rows), by=gs)
    Student.objects.filter(number=rows[0]["学号"]).update(photo_on_file=True)  # the vendor's results came in
    rows[0]["民族"] = "回族"  # the same student, a different field
    report = run_import(to_xlsx(rows), by=gs)
    assert report.changed == 1
    student = Student.objects.get(number=rows[0]["学号"])
    assert (student.ethnicity, student.photo_on_file) == ("回族", True)
    event = AuditEvent.objects.get(action="roster.update", student=student)
    assert event.before == {"ethnicity": "汉族"} and event.after == {"ethnicity": "回族"}


def test_R0_2_student_edited_during_a_reimport_is_not_overwritten_and_nothing_is_written(db, gs, monkeypatch):
    from biye.core.errors import ActionRefused
    from biye.core.models import AuditEvent, Student
    from biye.roster import actions

    rows = roster_rows(3)
    run_import(to_xlsx(rows), by=gs)
    edited = Student.objects.get(number=rows[1]["学号"])
    read_versions = actions._existing_students

    def read_then_someone_edits(campaign):
        existing = read_versions(campaign)
        # a college corrects the record after the import read it and before the import writes
        Student.objects.filter(pk=edited.pk).update(name="改名后", version=edited.version + 1)
        return existing

    monkeypatch.setattr(actions, "_existing_students", read_then_someone_edits)
    rows[1]["民族"], rows[2]["民族"] = "回族", "满族"
    events = AuditEvent.objects.count()
    before = dict(Student.objects.values_list("number", "ethnicity"))
    try:
        run_import(to_xlsx(rows), by=gs)
    except ActionRefused as refused:
        message = refused.message
    else:
        message = ""
    assert rows[1]["学号"] in message and "被其他人修改过" in message and "未写入任何数据" in message
    # the whole import rolled back, the concurrent edit included (it ran inside the import's transaction here)
    assert AuditEvent.objects.count() == events
    assert dict(Student.objects.values_list("number", "ethnicity")) == before


def test_R0_2_error_report_writes_formula_looking_values_as_text(people, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(people.gs)
    rows = roster_rows(2)
    rows[0]["姓名"] = '=HYPERLINK("http://evil.example","点我")'
    rows[1]["学院名称"] = "@SUM(1+1)"
    response = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("r.xlsx", to_xlsx(rows))})
    assert response.context["report"].errors
    report = client.get(reverse("roster:error_report", args=[response.context["token"]]))
    assert report.status_code == 200
    data = b"".join(report.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet
    assert "=HYPERLINK(" in strings and "@SUM(1+1)" in strings


def test_R0_2_rejected_upload_keeps_only_its_error_report_and_cannot_be_confirmed(people, client, settings, tmp_path):
    from biye.core.models import Student

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.gs)
    rows = roster_rows(2)
    rows[0]["性别"] = "未知"
    response = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("r.xlsx", to_xlsx(rows))})
    token = response.context["token"]
    kept = sorted(p.name for p in (tmp_path / "staged").iterdir())
    assert kept == [f"{token}.errors.xlsx", f"{token}.json"]  # the roster itself (ID numbers) is not kept
    assert client.get(reverse("roster:error_report", args=[token])).status_code == 200
    assert client.post(reverse("roster:confirm"), {"token": token}).status_code == 404
    assert Student.objects.count() == 3  # the house fixture's only


def test_R0_2_confirmed_upload_removes_the_kept_file(people, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.gs)
    response = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("r.xlsx", to_xlsx(roster_rows(2)))})
    token = response.context["token"]
    assert (tmp_path / "staged" / f"{token}.data").exists()
    assert not any(token in str(v) for v in client.session.values())  # nothing of the upload in the session
    assert client.post(reverse("roster:confirm"), {"token": token, "confirm_new": "yes"}).status_code == 200
    assert list((tmp_path / "staged").iterdir()) == []
