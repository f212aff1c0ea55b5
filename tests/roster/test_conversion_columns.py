"""R0.2 / R3.6 (issue 11 §2, §6): the optional roster columns 考生号 (KSH), 原毕业结论, 原结业证书编号 and 原结业年份.

A roster without them imports as before; a full re-import without one of them leaves what is stored; a bad
原结业证书编号 refuses the file, naming its row and column, and nothing is written."""

from __future__ import annotations

from biye.core.models import Student
from tests.roster.conftest import ROSTER_HEADERS, roster_rows, run_import, to_xlsx

EXTRA = ("考生号", "原毕业结论", "原结业证书编号", "原结业年份")
FIELDS = ("examinee_number", "prior_conclusion", "prior_certificate_number", "prior_year")


def _stored() -> dict[str, tuple]:
    return {s["number"]: tuple(s[f] for f in FIELDS) for s in Student.objects.values("number", *FIELDS)}


def _with_extras(rows: list[dict]) -> list[dict]:
    rows[0].update({"考生号": "20310101123456", "原毕业结论": "结业", "原结业证书编号": "102461201802000123",
                    "原结业年份": 2018})
    rows[1].update({"考生号": "20310101654321"})
    return rows


def test_R0_2_a_roster_with_the_conversion_columns_stores_them_on_the_student(gs):
    rows = _with_extras(roster_rows(3))
    report = run_import(to_xlsx(rows, (*ROSTER_HEADERS, *EXTRA)), by=gs)
    assert report.ok and report.created == 3, [str(e) for e in report.errors]
    stored = _stored()
    assert stored[rows[0]["学号"]] == ("20310101123456", "结业", "102461201802000123", 2018)
    assert stored[rows[1]["学号"]] == ("20310101654321", "", "", None)
    assert stored[rows[2]["学号"]] == ("", "", "", None)


def test_R3_6_the_ksh_alias_reads_as_the_examinee_number(gs):
    rows = roster_rows(1)
    rows[0]["KSH"] = "20310101999999"
    assert run_import(to_xlsx(rows, (*ROSTER_HEADERS, "KSH")), by=gs).ok
    assert Student.objects.get().examinee_number == "20310101999999"


def test_R0_2_a_roster_without_them_imports_as_before_and_a_reimport_keeps_what_is_stored(gs):
    rows = roster_rows(3)
    report = run_import(to_xlsx(rows), by=gs)
    assert report.ok and report.created == 3
    assert set(_stored().values()) == {("", "", "", None)}

    assert run_import(to_xlsx(_with_extras(rows), (*ROSTER_HEADERS, *EXTRA)), by=gs).changed == 2
    before = _stored()
    again = run_import(to_xlsx(rows), by=gs)  # the older file, without the columns
    assert again.ok and again.changed == 0 and again.unchanged == 3
    assert _stored() == before and before[rows[0]["学号"]][2] == "102461201802000123"

    for r in rows:  # the column is there and the cell empty: the file says there is nothing
        r.update(dict.fromkeys(EXTRA, ""))
    assert run_import(to_xlsx(rows, (*ROSTER_HEADERS, *EXTRA)), by=gs).changed == 2
    assert set(_stored().values()) == {("", "", "", None)}


def test_R3_6_a_bad_prior_certificate_number_is_refused_with_row_and_column_and_nothing_is_written(gs):
    rows = _with_extras(roster_rows(3))
    rows[2].update({"原毕业结论": "结业", "原结业证书编号": "10246120180200012", "原结业年份": 2018})  # 17 digits
    report = run_import(to_xlsx(rows, (*ROSTER_HEADERS, *EXTRA)), by=gs)
    assert not report.ok and Student.objects.count() == 0
    [error] = report.errors
    assert (error.row, error.column, error.value) == (4, "原结业证书编号", "10246120180200012")
    assert "18 位数字" in error.problem


def test_R3_6_a_bad_prior_conclusion_or_year_names_what_is_allowed(gs):
    rows = roster_rows(2)
    rows[0].update({"原毕业结论": "结束", "原结业年份": "18年"})
    report = run_import(to_xlsx(rows, (*ROSTER_HEADERS, "原毕业结论", "原结业年份")), by=gs)
    assert [(e.row, e.column) for e in report.errors] == [(2, "原毕业结论"), (2, "原结业年份")]
    assert "“结业”" in report.errors[0].problem and "2021" in report.errors[1].problem
    assert Student.objects.count() == 0
