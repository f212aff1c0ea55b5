"""R0.2 (issue 15): a roster without 学院代码 (学信网 names the college, FY 分院) finds each college by its name among
the colleges on file; a name not on file is refused listing it, and no college is ever created from a name alone."""

from __future__ import annotations

from biye.core.models import AuditEvent, College, Student
from tests.roster.conftest import as_xuexin, roster_rows, run_import, to_xlsx


def test_R0_2_colleges_by_name_are_matched_against_the_colleges_on_file(gs):
    rows = roster_rows(8)
    assert run_import(to_xlsx(rows[:4]), by=gs).created == 4  # the template names the colleges with their codes
    for r in rows[4:]:
        College.objects.get_or_create(code=r["学院代码"], defaults={"name": r["学院名称"]})
    colleges = {c.name: c.code for c in College.objects.all()}
    headers, coded = as_xuexin(rows, college_code=False)
    assert "学院代码" not in headers and "FY" in headers

    report = run_import(to_xlsx(coded, headers), by=gs)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.unchanged, report.new_colleges) == (4, 4, [])
    assert College.objects.count() == len(colleges)
    for r in rows:
        assert Student.objects.get(number=r["学号"]).college.code == r["学院代码"]


def test_R0_2_an_unknown_college_name_is_refused_listing_it_and_nothing_is_written(gs):
    rows = roster_rows(5)
    run_import(to_xlsx(rows[:3]), by=gs)
    students, events, colleges = Student.objects.count(), AuditEvent.objects.count(), College.objects.count()
    headers, coded = as_xuexin(rows, college_code=False)
    coded[3]["FY"] = "计箅机学院"  # a typo
    coded[4]["FY"] = "计箅机学院"
    report = run_import(to_xlsx(coded, headers), by=gs)
    assert not report.ok
    [error] = report.errors
    assert (error.row, error.column, error.value) == (5, "FY（学院名称）", "计箅机学院")
    assert "学院“计箅机学院”不在系统的学院中（共 2 行，第5、6行）" in str(error)
    assert rows[0]["学院名称"] in str(error)  # the names on file, to choose from
    assert (Student.objects.count(), AuditEvent.objects.count(), College.objects.count()) == (students, events, colleges)


def test_R0_2_college_names_with_no_college_on_file_are_refused(gs):
    headers, coded = as_xuexin(roster_rows(2), college_code=False)
    report = run_import(to_xlsx(coded, headers), by=gs, dry_run=True)
    assert report.errors and all("不在系统的学院中" in str(e) for e in report.errors)
    assert not College.objects.exists()


def test_R0_2_two_colleges_of_one_name_are_not_guessed(gs):
    rows = roster_rows(2)
    run_import(to_xlsx(rows), by=gs)
    name = rows[0]["学院名称"]
    College.objects.create(code="ZZ99", name=name)
    headers, coded = as_xuexin(rows[:1], college_code=False)
    report = run_import(to_xlsx(coded, headers), by=gs)
    assert [(e.row, e.value) for e in report.errors] == [(2, name)]
    assert "只凭名称分不清" in str(report.errors[0])
