"""R0.2: the checks that read more than one cell (or earlier rows) give the same answer whether a chunk of rows is
checked at once (the usual, clean chunk) or row by row (a chunk that may hold an error). The file is read in
chunks of three rows here, so that what one chunk remembers (学号, college and discipline names) is tested
against the next."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from biye.core import tabular
from biye.roster import columns, imports
from tests.roster.conftest import roster_rows, run_import, to_xlsx


def _parse(rows, *, one_by_one: bool, monkeypatch, answers: list | None = None):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 3)
    if one_by_one:
        monkeypatch.setattr(imports, "_cross_clean", lambda *args: False)
    elif answers is not None:
        at_once = imports._cross_clean
        monkeypatch.setattr(imports, "_cross_clean", lambda column, numbers, *rest: answers.append(
            (numbers[0], at_once(column, numbers, *rest))) or answers[-1][1])
    table = tabular.read_table(to_xlsx(rows), "roster.xlsx", expect=columns.KNOWN_HEADERS, named=columns.HEADERS)
    parsed = imports.parse_roster(table, campaign_year=2020)
    return [str(e) for e in parsed.errors], parsed.rows, parsed.colleges, parsed.disciplines


def _flawed(flaw: str) -> list[dict]:
    rows = roster_rows(10)
    last = rows[8]
    if flaw == "student number of an earlier chunk":
        last["学号"] = rows[1]["学号"]
    elif flaw == "student number twice in one chunk":
        rows[7]["学号"] = last["学号"]
    elif flaw == "college renamed in a later chunk":
        last["学院代码"], last["学院名称"] = rows[0]["学院代码"], rows[0]["学院名称"] + "（新）"
    elif flaw == "discipline renamed in a later chunk":
        last["专业代码"], last["专业名称"] = rows[0]["专业代码"], "另一个专业"
    elif flaw == "born after enrolment":
        last["出生日期"] = last["入学日期"] + dt.timedelta(days=1)
    elif flaw == "enrolled after the campaign's year":
        last["入学日期"] = dt.date(2021, 9, 1)
    elif flaw == "born in 1899":
        last["出生日期"] = dt.date(1899, 12, 31)
    elif flaw == "longest study shorter than the schooling":
        last["学制"], last["最长学习年限"] = "3", "2"
    elif flaw == "resident ID number of 17 characters":
        last["证件类型"], last["证件号码"] = "居民身份证", "11010519491231002"
    elif flaw == "passport number of two characters":
        last["证件类型"], last["证件号码"] = "护照", "E1"
    elif flaw == "advisor's name without a 工号":
        last["导师工号"], last["导师姓名"] = "", "王老师"
    return rows


FLAWS = [
    "none", "student number of an earlier chunk", "student number twice in one chunk", "college renamed in a later chunk",
    "discipline renamed in a later chunk", "born after enrolment", "enrolled after the campaign's year", "born in 1899",
    "longest study shorter than the schooling", "resident ID number of 17 characters", "passport number of two characters",
    "advisor's name without a 工号",
]


@pytest.mark.parametrize("flaw", FLAWS)
def test_R0_2_a_chunk_checked_at_once_answers_as_row_by_row(db, monkeypatch, flaw):
    answers: list[tuple[int, bool]] = []
    with monkeypatch.context() as m:
        at_once = _parse(_flawed(flaw), one_by_one=False, monkeypatch=m, answers=answers)
    with monkeypatch.context() as m:
        row_by_row = _parse(_flawed(flaw), one_by_one=True, monkeypatch=m)
    assert at_once == row_by_row
    errors, rows, colleges, _disciplines = at_once
    if flaw == "none":
        assert not errors and len(rows) == 10 and colleges
        assert answers == [(2, True), (5, True), (8, True), (11, True)]  # each chunk (by its first row) at once
    else:
        # The chunk of Excel rows 8–10 is never taken at once: a cell check or the chunk's own check found the flaw.
        assert answers[:2] == [(2, True), (5, True)] and (8, True) not in answers
        # rows[8] is Excel row 10 (the header is row 1): the first error names it.
        assert errors and errors[0].startswith("第10行"), errors


def test_R0_2_a_clean_file_read_in_chunks_is_imported_whole(people, monkeypatch):
    from biye.core.models import Student

    monkeypatch.setattr(imports, "PROGRESS_EVERY", 3)
    rows = roster_rows(10)
    report = run_import(to_xlsx(rows))
    assert report.ok and report.created == 10
    first = Student.objects.get(number=rows[0]["学号"])
    assert first.schooling_years == Decimal(str(rows[0]["学制"])) and first.college.code == rows[0]["学院代码"]
