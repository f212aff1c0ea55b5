"""R0.2: a clean roster imports; importing it again changes nothing; a change is updated and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import is_password_usable

from tests.roster.conftest import roster_rows, run_import, to_csv, to_xlsx


def _counts():
    from biye.core.models import AuditEvent, College, Discipline, Finding, Person, Student

    return {m.__name__: m.objects.count() for m in (AuditEvent, College, Discipline, Finding, Person, Student)}


def test_R0_2_roster_of_2000_rows_imports_and_importing_it_again_changes_nothing(db, gs):
    from biye.core.models import AuditEvent, Campaign, Student

    data = to_xlsx(roster_rows(2000))
    report = run_import(data, by=gs)
    assert report.ok, report.errors[:3]
    assert (report.rows, report.created, report.changed, report.unchanged) == (2000, 2000, 0, 0)
    assert Student.objects.filter(campaign__year=2020).count() == 2000
    (event,) = AuditEvent.objects.filter(action="roster.import")  # one event records the import ...
    assert Student.objects.filter(origin=event).count() == 2000  # ... and every student it created points at it
    assert Campaign.objects.get(year=2020).label == "2020届"
    before = _counts()

    again = run_import(data, by=gs)
    assert again.ok
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2000)
    assert "更新 0 人" in again.summary_lines()[0]
    assert _counts() == before  # no rows, no audit events


def test_R0_2_changed_value_is_updated_and_audited_with_before_and_after(db, gs):
    from biye.core.models import AuditEvent, Student

    rows = roster_rows(5)
    run_import(to_xlsx(rows), by=gs)
    student = Student.objects.get(number=rows[2]["学号"])
    rows[2]["民族"] = "回族"
    rows[2]["学制"] = 2.5
    report = run_import(to_xlsx(rows), by=gs)
    assert (report.created, report.changed, report.unchanged) == (0, 1, 4)
    student.refresh_from_db()
    assert student.ethnicity == "回族" and student.schooling_years == Decimal("2.5")
    assert student.version == 2
    event = AuditEvent.objects.get(action="roster.update")
    assert event.student_id == student.pk and event.actor == gs
    assert event.before == {"ethnicity": "汉族", "schooling_years": "3.0"}
    assert event.after == {"ethnicity": "回族", "schooling_years": "2.5"}


def test_R0_2_dry_run_reports_and_writes_nothing(db, gs):
    before = _counts()
    report = run_import(to_xlsx(roster_rows(20)), by=gs, dry_run=True)
    assert report.ok and report.created == 20 and report.new_colleges
    assert _counts() == before


def test_R0_2_new_colleges_and_disciplines_are_created_and_listed(db, gs):
    from biye.core.models import College, Discipline

    rows = roster_rows(3)
    rows[0]["专业代码"], rows[0]["专业名称"] = "0812", "计算机科学与技术"
    report = run_import(to_xlsx(rows), by=gs)
    assert ("0812", "计算机科学与技术") in report.new_disciplines
    assert Discipline.objects.get(code="0812").level == Discipline.Level.FIRST
    assert Discipline.objects.get(code=rows[1]["专业代码"]).level == Discipline.Level.SECOND
    assert {c for c, _n in report.new_colleges} == {r["学院代码"] for r in rows}
    assert College.objects.get(code=rows[1]["学院代码"]).name == rows[1]["学院名称"]
    assert any("新学院" in line for line in report.summary_lines())


def test_R0_2_college_renamed_by_a_later_roster_is_updated_and_audited(db, gs):
    from biye.core.models import AuditEvent, College

    rows = roster_rows(2)
    run_import(to_xlsx(rows), by=gs)
    for r in rows:
        if r["学院代码"] == rows[0]["学院代码"]:
            r["学院名称"] = "新名称学院"
    report = run_import(to_xlsx(rows), by=gs)
    assert report.renamed_colleges and College.objects.get(code=rows[0]["学院代码"]).name == "新名称学院"
    assert AuditEvent.objects.filter(action="roster.rename_college").count() == 1


def test_R0_2_students_get_logins_and_advisors_get_accounts_with_the_advisor_role(db, gs):
    from biye.core.models import Person, Role, Student

    rows = roster_rows(4)
    rows[3]["导师工号"], rows[3]["导师姓名"] = "", ""
    run_import(to_xlsx(rows), by=gs)
    student = Student.objects.select_related("person", "advisor").get(number=rows[0]["学号"])
    assert student.person.username == rows[0]["学号"] and not is_password_usable(student.person.password)
    assert student.advisor.username == rows[0]["导师工号"]
    assert student.advisor.grants.filter(role=Role.ADVISOR).exists()
    assert Student.objects.get(number=rows[3]["学号"]).advisor is None
    assert Person.objects.filter(username=rows[0]["导师工号"]).count() == 1


def test_R0_2_gb18030_csv_imports(db, gs):
    from biye.core.models import Student

    rows = roster_rows(5)
    rows[0]["姓名"] = "欧阳𪚥"  # outside GBK, inside GB18030
    report = run_import(to_csv(rows, "gb18030"), "roster.csv", by=gs)
    assert report.ok, report.errors
    assert Student.objects.get(number=rows[0]["学号"]).name == "欧阳𪚥"
    assert Student.objects.count() == 5


def test_R0_2_utf8_bom_csv_imports(db, gs):
    from biye.core.models import Student

    rows = roster_rows(5)
    report = run_import(to_csv(rows, "utf-8-sig"), "roster.csv", by=gs)
    assert report.ok, report.errors
    assert report.unknown_columns == []  # the BOM did not stick to 学号
    assert set(Student.objects.values_list("name", flat=True)) == {r["姓名"] for r in rows}


def test_R0_2_columns_in_another_order_and_an_unknown_column_import_and_name_it(db, gs):
    from biye.core.models import Student

    rows = roster_rows(4)
    for r in rows:
        r["备注"] = "随便写点"
    headers = ["备注", *reversed(list(rows[0].keys() - {"备注"}))]
    report = run_import(to_xlsx(rows, headers=headers), by=gs)
    assert report.ok, report.errors
    assert report.unknown_columns == ["备注"]
    assert any("备注" in line for line in report.summary_lines())
    assert Student.objects.get(number=rows[1]["学号"]).name == rows[1]["姓名"]


def test_R0_2_excel_serial_dates_and_text_dates_are_read(db, gs):
    from biye.core.models import Student

    rows = roster_rows(3)
    rows[0]["入学日期"] = 42979  # the serial of 2017-09-01
    rows[1]["入学日期"] = "2017/9/1"
    rows[2]["入学日期"] = "20170901"
    report = run_import(to_xlsx(rows), by=gs)
    assert report.ok, report.errors
    assert set(Student.objects.values_list("enrolled_on", flat=True)) == {dt.date(2017, 9, 1)}


def test_R0_2_campaign_is_created_for_the_year_with_its_calendar(db, gs):
    from biye.core.models import Campaign

    run_import(to_xlsx(roster_rows(2, campaign_year=2021)), year=2021, by=gs)
    campaign = Campaign.objects.get(year=2021)
    assert (campaign.label, campaign.photo_cutoff_year, campaign.is_current) == ("2021届", 2019, True)
    assert campaign.deadlines.count() == 8


def test_R0_2_import_by_someone_outside_the_graduate_school_is_refused(people):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(to_xlsx(roster_rows(2)), by=people.handler_a)


def test_R0_2_cells_with_spaces_or_typed_as_numbers_import_the_same_as_clean_ones(db, gs):
    """A column that fails the quick whole-column test is read cell by cell; the result must be the same."""
    from biye.core.models import Student

    rows = roster_rows(6)
    fields = ("name", "gender", "ethnicity", "birth_date", "id_number", "discipline_id", "enrolled_on",
              "schooling_years", "max_years", "advisor_number", "is_combined", "photo_on_file")
    run_import(to_xlsx(rows), year=2020, by=gs)
    clean = {s["number"]: s for s in Student.objects.values("number", *fields)}
    Student.objects.all().delete()
    messy = [{h: (f"  {v} " if isinstance(v, str) else v) for h, v in r.items()} for r in rows]
    messy[0]["学制"], messy[1]["出生日期"] = "3年", rows[1]["出生日期"].strftime("%Y/%m/%d")
    messy[2]["是否硕博连读"] = " 否"
    report = run_import(to_xlsx(messy), year=2020, by=gs)
    assert report.ok, report.errors[:3]
    assert {s["number"]: s for s in Student.objects.values("number", *fields)} == clean


def test_R0_2_student_number_typed_as_a_number_in_excel_is_read_as_text(db, gs):
    from biye.core.models import Student

    rows = roster_rows(2)
    rows[0]["学号"] = 3120190001  # Excel keeps it as 3120190001.0
    assert run_import(to_xlsx(rows), by=gs).ok
    assert Student.objects.filter(number="3120190001").exists()


def test_R1_4_reimporting_an_older_roster_does_not_undo_a_collected_photo(db, gs):
    """The roster says 否 (no photo) but the vendor has since collected one: the photo stays on file."""
    from biye.core.models import AuditEvent, Student

    rows = roster_rows(3)
    for r in rows:
        r["是否已采集图像"] = "否"
    run_import(to_xlsx(rows), by=gs)
    collected = Student.objects.get(number=rows[0]["学号"])
    Student.objects.filter(pk=collected.pk).update(photo_on_file=True)
    rows[1]["民族"] = "回族"
    report = run_import(to_xlsx(rows), by=gs)
    assert (report.changed, report.unchanged) == (1, 2)
    collected.refresh_from_db()
    assert collected.photo_on_file is True
    assert not AuditEvent.objects.filter(action="roster.update", student=collected).exists()
    rows[0]["是否已采集图像"] = "是"
    rows[2]["是否已采集图像"] = "是"
    report = run_import(to_xlsx(rows), by=gs)
    assert report.changed == 1  # only the student whose photo the roster newly reports
    assert Student.objects.filter(photo_on_file=True).count() == 2


def test_R5_3_created_students_point_at_the_archived_roster_file_and_row(db, gs):
    from django.core.files.storage import default_storage

    from biye.core.models import AuditEvent, Student

    rows = roster_rows(3)
    data = to_xlsx(rows)
    run_import(data, by=gs, filename="2020届学籍.xlsx")
    student = Student.objects.select_related("origin").get(number=rows[1]["学号"])
    assert student.origin_row == 3  # header is row 1
    event = student.origin
    assert (event.action, event.actor, event.after["file"]) == ("roster.import", gs, "2020届学籍.xlsx")
    with default_storage.open(event.after["source"]) as f:
        assert f.read() == data
    assert not AuditEvent.objects.filter(action="roster.create").exists()  # no event of its own for each student

def test_R5_3_students_imported_before_origins_existed_get_theirs_from_their_creation_events(db, gs):
    """Migration 0013: a student created when each had a "roster.create" event (source, row) is given the import
    event of that file as its origin, and the row."""
    import importlib

    from django.apps import apps

    from biye.core import audit
    from biye.core.models import AuditEvent, Student

    rows = roster_rows(2)
    run_import(to_xlsx(rows), by=gs)
    event = AuditEvent.objects.get(action="roster.import")
    students = list(Student.objects.order_by("number"))
    Student.objects.update(origin=None, origin_row=None)  # as they were before the migration
    for student, row in zip(students, (2, 3)):
        audit.record(gs, "roster.create", student, student=student, after={"source": event.after["source"], "row": row})
    importlib.import_module("biye.core.migrations.0013_student_origin").forwards(apps, None)
    assert list(Student.objects.order_by("number").values_list("origin", "origin_row")) == [(event.pk, 2), (event.pk, 3)]
