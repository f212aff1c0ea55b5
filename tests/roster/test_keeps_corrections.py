"""R2.7 meets R0.2: a roster re-import never silently undoes an approved correction — the corrected fields keep
their value and the import reports the difference; R2.4: the roster no longer renames a discipline of the
Graduate School's 附件5 table."""

from __future__ import annotations

import pytest

from biye.core.models import AuditEvent, Discipline, Person, Student
from tests.conftest import at
from tests.records.conftest import PDF
from tests.roster.conftest import roster_rows, run_import, to_xlsx


@pytest.fixture
def imported(gs):
    rows = roster_rows(3)
    for r in rows:
        r["证书类型"], r["民族"] = "双证", "汉族"
    data = to_xlsx(rows)
    run_import(data, by=gs)
    return rows, data


def correct(student: Student, changes: dict, gs) -> None:
    """What the records section does on approval, through its own actions."""
    from biye.core.models import Role
    from biye.records import actions
    from tests.conftest import make_person

    handler = make_person(f"h{student.pk}", (Role.HANDLER, student.college))
    now = at(2020, 6, 15, 10)
    c = actions.apply_for_correction(student=student, by=student.person, changes=changes, reason="证明",
                                     files=[actions.Upload("a.pdf", PDF)], now=now)
    actions.college_decide(correction=c, by=handler, approve=True, note="", version=1, now=now)
    actions.gs_decide(correction=c, by=gs, approve=True, note="", version=2, now=now)


def test_R2_7_a_reimport_keeps_a_corrected_field_and_reports_the_difference(imported, gs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows, data = imported
    student = Student.objects.get(number=rows[1]["学号"])
    correct(student, {"ethnicity": "回族"}, gs)

    dry = run_import(data, by=gs, dry_run=True)
    assert dry.ok and dry.changed == 0
    assert dry.corrections_kept == [(3, student.number, "民族", "回族", "汉族")]
    assert any("1 处信息已按批准的更正申请更正" in line for line in dry.summary_lines())
    events = AuditEvent.objects.count()
    report = run_import(data, by=gs)
    student.refresh_from_db()
    assert student.ethnicity == "回族" and report.corrections_kept
    assert not AuditEvent.objects.filter(action="roster.update").exists()
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to record

    # Other fields of the same student still follow the roster.
    rows[1]["民族"], rows[1]["学习形式"] = "汉族", "非全日制"
    run_import(to_xlsx(rows), by=gs)
    student.refresh_from_db()
    assert (student.ethnicity, student.study_mode) == ("回族", "非全日制")


def test_R2_7_a_reimport_with_the_old_student_number_updates_the_corrected_student(imported, gs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows, data = imported
    student = Student.objects.get(number=rows[0]["学号"])
    old = student.number
    correct(student, {"number": "3120999999"}, gs)
    count = Student.objects.count()
    report = run_import(data, by=gs)
    assert report.created == 0 and Student.objects.count() == count
    assert (2, "3120999999", "学号", "3120999999", old) in report.corrections_kept
    student.refresh_from_db()
    assert student.number == "3120999999" and Person.objects.get(pk=student.person_id).username == "3120999999"
    assert not Student.objects.filter(number=old).exists()


def test_R2_7_the_upload_page_lists_the_kept_corrections(client, imported, gs, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    rows, data = imported
    student = Student.objects.get(number=rows[2]["学号"])
    correct(student, {"ethnicity": "回族"}, gs)
    client.force_login(gs)
    page = client.post("/roster/", {"file": SimpleUploadedFile("roster.xlsx", data)}).content.decode()
    assert 'id="corrections-kept"' in page and f"<td>{student.number}</td><td>民族</td><td>回族</td><td>汉族</td>" in page


def test_R2_4_the_roster_does_not_rename_a_discipline_of_the_table(imported, gs):
    from biye.records import actions

    rows, _data = imported
    code = rows[0]["专业代码"]
    actions.save_discipline(code=code, name_zh="计算机科学与技术", name_en="Computer Science and Technology", by=gs)
    for r in rows:
        if r["专业代码"] == code:
            r["专业名称"] = "计算机科学"
    report = run_import(to_xlsx(rows), by=gs)
    assert report.ok and report.renamed_disciplines == []
    assert report.table_names_kept == [(code, "计算机科学与技术", "计算机科学")]
    assert any("按附件5保留" in line for line in report.summary_lines())
    assert Discipline.objects.get(code=code).name_zh == "计算机科学与技术"


def test_R2_4_a_discipline_outside_the_table_is_still_renamed_by_the_roster(imported, gs):
    rows, _data = imported
    code = rows[0]["专业代码"]
    for r in rows:
        if r["专业代码"] == code:
            r["专业名称"] = "计算机科学"
    report = run_import(to_xlsx(rows), by=gs)
    assert report.renamed_disciplines and Discipline.objects.get(code=code).name_zh == "计算机科学"
