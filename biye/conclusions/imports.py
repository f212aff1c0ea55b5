"""R3.2, R3.3 inputs from a file: defense results (学号, 答辩日期, 答辩结果, 答辩成绩) and programme status (学号,
培养方案完成, 成绩合格), in one file or two; a column left out of the file is left as it was.

As the roster import: every row is checked before any is written; a file with a bad row writes nothing and
reports every bad row and column; a dry run shows what would change. Cells are read through core/cells.py, as
every import's are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from biye.conclusions import actions
from biye.conclusions.models import DefenseResult, Standing
from biye.core import cells, scoping, submissions, tabular
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Person, Student

COLUMNS = {  # header → Standing field
    "答辩日期": "defense_on",
    "答辩结果": "defense_result",
    "答辩成绩": "defense_grade",
    "培养方案完成": "programme_done",
    "成绩合格": "grades_passed",
}
EXPECT = ("学号", "姓名", *COLUMNS)
YES_NO = {"是": True, "否": False}
Bad = cells.Bad


def _date(cell: Any) -> dt.date | None:
    return cells.date(cell) if cells.text(cell) else None


def _result(cell: Any) -> str:
    text = cells.text(cell)
    if text in ("", *DefenseResult.values):
        return text
    raise Bad(_("“%(v)s”应为“通过”或“未通过”（未答辩留空）") % {"v": cells.shown(text)})


def _grade(cell: Any) -> str:
    text = cells.text(cell)
    if len(text) > 20:
        raise Bad(_("答辩成绩过长（最多 20 个字）"))
    return text


def _yes_no(cell: Any) -> bool | None:
    return cells.yes_no(cell, YES_NO) if cells.text(cell) else None


PARSERS = {"defense_on": _date, "defense_result": _result, "defense_grade": _grade,
           "programme_done": _yes_no, "grades_passed": _yes_no}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("第 %(row)d 行“%(column)s”：%(message)s") % {"row": self.row, "column": self.column,
                                                            "message": self.message}


@dataclass
class Result:
    rows: int = 0
    changed: int = 0
    errors: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    written: bool = False


def _parse(table: tabular.Table, students: dict[str, Student], result: Result) -> list[tuple[Student, dict]]:
    index = {h: i for i, h in enumerate(table.headers) if h}
    if "学号" not in index:
        raise ActionRefused(_("文件中没有“学号”列。表头应为：学号、答辩日期、答辩结果、答辩成绩、培养方案完成、成绩合格。"))
    present = [h for h in COLUMNS if h in index]  # never empty: read_table found three of EXPECT
    result.columns = present
    parsed, seen = [], {}
    for number, row in table.rows:
        result.rows += 1
        cell = lambda h: row[index[h]] if index[h] < len(row) else ""  # noqa: E731
        try:
            student_number = cells.code(cell("学号"))
        except Bad as e:
            result.errors.append(RowError(number, "学号", str(e)))
            continue
        student = students.get(student_number)
        if not student_number:
            result.errors.append(RowError(number, "学号", _("学号为空")))
        elif student is None:
            result.errors.append(RowError(number, "学号", _("%(n)s 不是本学院本届的研究生") % {"n": student_number}))
        elif student_number in seen:
            result.errors.append(RowError(number, "学号", _("与第 %(row)d 行重复") % {"row": seen[student_number]}))
        seen.setdefault(student_number, number)
        values = {}
        for header in present:
            name = COLUMNS[header]
            try:
                values[name] = PARSERS[name](cell(header))
            except Bad as e:
                result.errors.append(RowError(number, header, str(e)))
        if values.get("defense_result") and "defense_on" in values and values["defense_on"] is None:
            result.errors.append(RowError(number, "答辩日期", _("有答辩结果时须填写答辩日期")))
        if student is not None:
            parsed.append((student, values))
    return parsed


def import_standings(*, data: bytes, filename: str, campaign: Campaign, college: College, by: Person,
                     dry_run: bool = True) -> Result:
    """Check the file; unless dry_run and only if every row is good, write every row in one transaction."""
    scoping.require_college_staff(by, college)
    table = tabular.read_table(data, filename, expect=EXPECT)
    students = {s.number: s for s in Student.objects.filter(campaign=campaign, college=college)
                .select_related("campaign", "college")}
    result = Result()
    parsed = _parse(table, students, result)
    if result.rows == 0:
        raise ActionRefused(_("文件中只有表头，没有数据行。"))
    current = {s.student_id: s for s in Standing.objects.filter(student__in=[st for st, _v in parsed])}
    result.changed = sum(1 for st, values in parsed
                         if any(getattr(current.get(st.pk), k, None) != v for k, v in values.items()))
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for round_kind in {actions.Round.of(st).submission_kind for st, _v in parsed}:
            submissions.require_not_frozen(campaign=campaign, college=college, kind=round_kind)
        for student, values in parsed:
            actions.record_standing(student=student, by=by, values=values)
    result.written = True
    return result
