"""R2.10: findings import with the roster, are flagged on the student's record and counted in the college list."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from biye.core.models import Finding
from tests.roster.conftest import roster_rows, run_import, to_xlsx


def _resident_rows(n: int) -> list[dict]:
    rows = [r for r in roster_rows(n + 10) if r["证件类型"] == "居民身份证"][:n]
    assert len(rows) == n
    return rows


def _codes(number: str) -> set[str]:
    return set(Finding.objects.filter(student__number=number).values_list("code", flat=True))


def _spoil(id_number: str) -> str:
    return id_number[:-1] + ("1" if id_number[-1] != "1" else "2")


def test_R2_10_wrong_check_digit_is_imported_and_flagged(people):
    rows = _resident_rows(3)
    rows[1]["证件号码"] = _spoil(rows[1]["证件号码"])
    report = run_import(to_xlsx(rows))
    assert report.ok and report.created == 3
    assert Finding.Code.ID_CHECKSUM in _codes(rows[1]["学号"])
    assert Finding.Code.ID_CHECKSUM not in _codes(rows[0]["学号"])
    assert report.findings_by_code["身份证号码校验位错误"] == 1


def test_R2_10_birth_date_and_gender_that_disagree_with_the_id_number_are_flagged(people):
    rows = _resident_rows(3)
    rows[0]["出生日期"] = rows[0]["出生日期"] + dt.timedelta(days=3)
    rows[2]["性别"] = "女" if rows[2]["性别"] == "男" else "男"
    run_import(to_xlsx(rows))
    assert _codes(rows[0]["学号"]) >= {Finding.Code.ID_BIRTH}
    assert Finding.Code.ID_GENDER not in _codes(rows[0]["学号"])
    assert _codes(rows[2]["学号"]) >= {Finding.Code.ID_GENDER}
    assert Finding.Code.ID_BIRTH not in _codes(rows[1]["学号"]) | _codes(rows[2]["学号"])


def test_R2_10_one_id_number_on_two_students_is_flagged_in_the_file_and_against_the_campaign(people):
    rows = _resident_rows(4)
    rows[3]["证件号码"] = rows[1]["证件号码"]
    rows[0]["证件号码"] = people.student_a1.id_number  # already a student of this campaign
    run_import(to_xlsx(rows))
    assert Finding.Code.DUPLICATE_ID in _codes(rows[1]["学号"])
    assert Finding.Code.DUPLICATE_ID in _codes(rows[3]["学号"])
    assert Finding.Code.DUPLICATE_ID in _codes(rows[0]["学号"])
    assert Finding.Code.DUPLICATE_ID in _codes(people.student_a1.number)
    assert Finding.Code.DUPLICATE_ID not in _codes(rows[2]["学号"])


def test_R2_10_discipline_without_english_name_is_flagged_and_one_with_it_is_not(people):
    rows = _resident_rows(2)
    rows[0]["专业代码"], rows[0]["专业名称"] = people.discipline.code, people.discipline.name_zh
    rows[1]["专业代码"], rows[1]["专业名称"] = "0854Z1", "人工智能"
    run_import(to_xlsx(rows))
    assert Finding.Code.NO_ENGLISH_NAME not in _codes(rows[0]["学号"])
    assert Finding.Code.NO_ENGLISH_NAME in _codes(rows[1]["学号"])


def test_R2_10_a_fixed_record_loses_its_finding_on_the_next_import(people):
    rows = _resident_rows(2)
    good = rows[0]["证件号码"]
    rows[0]["证件号码"] = _spoil(good)
    run_import(to_xlsx(rows))
    assert Finding.Code.ID_CHECKSUM in _codes(rows[0]["学号"])
    rows[0]["证件号码"] = good
    report = run_import(to_xlsx(rows))
    assert report.changed == 1
    assert Finding.Code.ID_CHECKSUM not in _codes(rows[0]["学号"])


def test_R2_10_finding_shows_on_the_student_record_and_is_counted_in_the_college_list(people, client):
    from biye.core.models import Student

    rows = _resident_rows(3)
    for r in rows:
        r["学院代码"], r["学院名称"] = people.college_a.code, people.college_a.name
        r["专业代码"], r["专业名称"] = people.discipline.code, people.discipline.name_zh
    rows[2]["证件号码"] = _spoil(rows[2]["证件号码"])
    run_import(to_xlsx(rows))
    student = Student.objects.get(number=rows[2]["学号"])
    client.force_login(people.gs)
    page = client.get(reverse("student_detail", args=[student.pk]))
    assert page.status_code == 200
    assert "身份证号码校验位错误" in page.content.decode()
    listing = client.get(reverse("college_home", args=[people.college_a.code]))
    counts = {s.number: s.finding_count for s in listing.context["page"]}
    assert counts[rows[2]["学号"]] == 1 and counts[rows[0]["学号"]] == 0


def test_R2_10_findings_are_computed_the_same_by_refresh_from_the_database(people):
    from biye.core import findings

    rows = _resident_rows(3)
    rows[1]["性别"] = "女" if rows[1]["性别"] == "男" else "男"
    run_import(to_xlsx(rows))
    changes = findings.refresh(campaign=people.campaign)
    assert not changes.any  # the import already wrote exactly what the records imply
    assert changes.total == Finding.objects.filter(student__campaign=people.campaign).count()
