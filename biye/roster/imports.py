"""R0.2: reading and checking a roster file (学籍名单) before anything is written.

Columns are found by their Chinese headers, in any order; every cell of every row is checked, and every problem is
reported with its Excel row number and column, saying what would be right. Nothing here touches the database: the
action in actions.py writes only a roster that came through without a single error.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from biye.core import cells
from biye.core.cells import Bad
from biye.core.imports import Parsed, RowError
from biye.core.tabular import Table
from biye.roster import aliases
from biye.roster.columns import COLUMNS, HEADER_BY_FIELD, HEADERS, SHARED_FIELDS, Column, FastPattern

PROGRESS_EVERY = 5000
_shown = cells.shown


class RosterRow(NamedTuple):
    """One checked row; field names are Student's, college and discipline by code."""

    row: int
    number: str
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date
    id_type: str
    id_number: str
    college_code: str
    college_name: str
    discipline_code: str
    discipline_name: str
    level: str
    study_mode: str
    training_type: str
    certificate_type: str
    is_international: bool
    enrolled_on: dt.date
    schooling_years: Decimal
    max_years: Decimal
    expected_term: str
    advisor_number: str
    advisor_name: str
    is_combined: bool
    photo_on_file: bool
    examinee_number: str
    prior_conclusion: str
    prior_certificate_number: str
    prior_year: int | None
    email: str
    phone: str


@dataclass
class ParsedRoster(Parsed):
    """Rows are RosterRows."""

    unknown_columns: list[str] = field(default_factory=list)
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (file's header, Biye's column) where they differ
    labels: dict[str, str] = field(default_factory=dict)  # Biye's column -> how errors name it (the file's header)
    colleges_by_name: bool = False  # no 学院代码 column: colleges are matched by name against those on file
    given: frozenset[str] = frozenset()  # RosterRow fields the file has a column for (an update sets only these)
    colleges: dict[str, str] = field(default_factory=dict)  # code -> name, as the file names them
    disciplines: dict[str, str] = field(default_factory=dict)


assert RosterRow._fields[1:] == tuple(c.field for c in COLUMNS), "RosterRow follows COLUMNS"


def parse_roster(
    table: Table, *, campaign_year: int, progress: Callable[[str, int, int | None], None] | None = None,
    update: bool = False,
) -> ParsedRoster:
    """Check every row of the table; rows come back only when there is not one error. With `update`, only 学号 is
    required: the file sets the columns it has of students already on the roster (actions.fill_update); a column it
    lacks comes back as ""."""
    result = ParsedRoster()
    index, labels, converters = _read_headers(table, result)
    result.labels = {c.header: labels.get(c.header, c.header) for c in COLUMNS}
    result.colleges_by_name = "学院代码" not in index and "学院名称" in index
    result.given = frozenset(c.field for c in COLUMNS if c.header in index)
    if update:
        _check_update_headers(table, index, result)
    for column in COLUMNS:
        if column.header == "学院代码" and result.colleges_by_name:
            continue  # the action finds each college by its name (actions.colleges_by_name)
        if update and column.header != "学号":
            continue
        if column.header not in index and column.required:
            result.errors.append(
                RowError(table.header_row, column.header, "", _("缺少必需的列「%(h)s」：请在表头行加上列名为“%(h)s”的一列") % {
                    "h": column.header})
            )
    if result.errors:
        return result

    slots = [(index.get(c.header), c, labels.get(c.header, c.header), converters.get(c.header)) for c in COLUMNS]
    state = _State(campaign_year=campaign_year, width=max(index.values()) + 1)
    count = 0
    chunk: list[tuple[int, list[Any]]] = []
    size = PROGRESS_EVERY
    for item in table.rows:
        chunk.append(item)
        if len(chunk) == size:
            _parse_chunk(chunk, slots, state, result)
            count += len(chunk)
            chunk = []
            if progress:
                progress("check", count, None)
    if chunk:
        _parse_chunk(chunk, slots, state, result)
        count += len(chunk)
    if not count and not result.errors:
        result.errors.append(RowError(table.header_row + 1, "", "", _("文件中只有表头，没有学生数据；学生数据应从表头下一行开始")))
    if result.errors:
        result.rows = []
    return result


def _check_update_headers(table: Table, index: dict[str, int], result: ParsedRoster) -> None:
    """An update file: 学号 and at least one other column; a discipline by its code (its name alone is ambiguous).
    Every column of an update is one it sets, so a header that is not recognised (培养方试 for 培养方式) is an error,
    not a column ignored while the person believes it updated."""
    for header in result.unknown_columns:
        result.errors.append(RowError(table.header_row, header, header, _(
            "无法识别的列「%(h)s」：按学号更新时，文件只能有学号和要更新的列（列名见上传页的列名表）；请改正列名或删去该列") % {
            "h": header}))
    if "学号" in index and len(index) == 1:
        result.errors.append(RowError(table.header_row, "学号", "", _(
            "更新文件除「学号」外至少应有一列要更新的信息，如「培养方式」「证书类型」")))
    if "专业名称" in index and "专业代码" not in index:
        result.errors.append(RowError(table.header_row, result.labels["专业名称"], "", _(
            "更新专业时须有「专业代码」列（专业名称可不写）")))
    if ("导师工号" in index) != ("导师姓名" in index):
        result.errors.append(RowError(table.header_row, "导师工号", "", _(
            "更新导师时须同时有「导师工号」和「导师姓名」两列")))


def _read_headers(table: Table, result: ParsedRoster) -> tuple[dict[str, int], dict[str, str], dict[str, Callable]]:
    """Each header of the file as one of Biye's columns, by its own name or an alias (aliases.py): the column's
    position, the label errors name it by (the file's header, with Biye's in brackets), and how its cells are read
    first when the file writes them otherwise. Two headers for one column are an error naming both."""
    index: dict[str, int] = {}
    given: dict[str, str] = {}
    labels: dict[str, str] = {}
    converters: dict[str, Callable] = {}
    for position, header in enumerate(table.headers):
        if not header:
            continue
        if header in HEADERS:
            column = header
        else:
            alias = aliases.ALIAS_BY_KEY.get(aliases.key(header))
            if alias is None:
                result.unknown_columns.append(header)
                continue
            column = alias.column
        if column in index:
            if given[column] == header:
                result.errors.append(RowError(table.header_row, header, header, _("表头重复：同名的列只能有一列")))
            else:
                result.errors.append(RowError(table.header_row, header, header, _(
                    "「%(a)s」和「%(b)s」都表示「%(c)s」列，只能保留一列：请删去或改名其中一列") % {
                    "a": given[column], "b": header, "c": column}))
            continue
        index[column], given[column] = position, header
        convert = aliases.converter(header, column)
        if convert is not None:
            converters[column] = convert
        if header != column:
            result.read_as.append((header, column))
            labels[column] = f"{header}（{column}）"
    return index, labels, converters


@dataclass
class _State:
    """What the check of one file remembers from row to row."""

    campaign_year: int
    width: int
    shared: dict[Any, Any] = field(default_factory=dict)  # one object for many equal values: less memory
    seen_numbers: dict[str, int] = field(default_factory=dict)
    college_rows: dict[str, int] = field(default_factory=dict)
    discipline_rows: dict[str, int] = field(default_factory=dict)


def _parse_chunk(chunk: list[tuple[int, list[Any]]], slots, state: _State, result: ParsedRoster) -> None:
    """Check a few thousand rows column by column: a column whose cells all pass a quick test (the usual case) is
    taken whole; any other column is checked cell by cell, which finds and explains each bad cell."""
    numbers = [number for number, _cells in chunk]
    width = state.width
    table = [cells if len(cells) >= width else [*cells, *[""] * (width - len(cells))] for _n, cells in chunk]
    columns = list(zip(*table))
    del table
    found: list[tuple[int, int, int, RowError]] = []  # (row, phase, order, error): sorted into reading order
    fields: list[list[Any]] = []
    for order, (position, column, label, convert) in enumerate(slots):
        if position is None:  # an optional column the file does not have
            fields.append([column.empty] * len(chunk))
            continue
        raw = columns[position]
        if convert is not None:
            raw = _converted(raw, convert)
        values = column.fast(raw, state.shared) if column.fast else None
        if values is None:
            values = _cells_one_by_one(raw, numbers, column, label, order, state.shared, found)
        fields.append(values)
    del columns
    rows = list(map(RosterRow._make, zip(numbers, *fields)))
    if found or not _cross_clean(dict(zip(RosterRow._fields[1:], fields)), numbers, state, result):
        for row in rows:
            for k, error in enumerate(_cross_check(row, state, result)):
                found.append((row.row, 1, k, error))
    if found:
        found.sort(key=lambda item: item[:3])
        result.errors.extend(error for *_key, error in found)
    elif not result.errors:
        result.rows.extend(rows)


def _converted(raw: tuple, convert: Callable[[Any], Any]) -> tuple:
    """The column's cells read through `convert`, which is called once for each distinct cell (a 层次 column of
    100,000 cells holds two or three). Cells are told apart by type too: 1, 1.0 and True are equal in Python."""
    try:
        distinct = set(raw)
    except TypeError:  # an unhashable cell
        return tuple(map(convert, raw))
    if len(set(map(type, distinct))) == 1:  # the usual column, all text: equal cells are the same cell
        read = {cell: convert(cell) for cell in distinct}
        return tuple(map(read.__getitem__, raw))
    keys = tuple(zip(map(type, raw), raw))
    read = {key: convert(key[1]) for key in set(keys)}
    return tuple(map(read.__getitem__, keys))


def _cells_one_by_one(raw, numbers, column: Column, label: str, order: int, shared: dict, found: list) -> list[Any]:
    values: list[Any] = []
    share = column.field in SHARED_FIELDS
    quick = column.fast.pattern if isinstance(column.fast, FastPattern) else None
    for row_number, cell in zip(numbers, raw):
        if cell.__class__ is str:
            cell = cell.strip()
        if cell == "" or cell is None:
            if column.required:
                found.append((row_number, 0, order, RowError(row_number, label, "", _("不能为空"))))
            values.append(column.empty)
            continue
        if quick is not None and cell.__class__ is str and quick.fullmatch(cell):
            values.append(shared.setdefault(cell, cell) if share else cell)
            continue
        try:
            value = column.parse(cell)
        except Bad as bad:
            found.append((row_number, 0, order, RowError(row_number, label, _shown(cell), str(bad))))
            values.append(None)
        else:
            values.append(shared.setdefault(value, value) if share else value)
    return values


def _cross_clean(column: dict[str, list], numbers: list[int], state: _State, result: ParsedRoster) -> bool:
    """The checks of _cross_check over a whole chunk at once, for the usual chunk in which no row fails one. True
    when no row does: what _cross_check remembers of the rows is then remembered. False when a row may fail: the
    chunk is then checked row by row, which explains each error (and nothing has been remembered)."""
    student_numbers = column["number"]
    if len(set(student_numbers)) != len(student_numbers) or not state.seen_numbers.keys().isdisjoint(student_numbers):
        return False
    types, id_numbers = column["id_type"], column["id_number"]
    for kind in set(types):
        if kind and not all(map(cells.id_number_form(kind).fullmatch,
                                filter(None, itertools.compress(id_numbers, map(operator.eq, types, itertools.repeat(kind)))))):
            return False
    births, enrolments = column["birth_date"], column["enrolled_on"]
    birth_dates, enrolment_dates = _dates(births), _dates(enrolments)
    if birth_dates is None or enrolment_dates is None:
        return False
    year = state.campaign_year
    for dates in (birth_dates, enrolment_dates):
        if dates and not (1900 <= min(dates).year and max(dates).year <= year):
            return False
    if birth_dates is births and enrolment_dates is enrolments:  # no blanks: compared pairwise in C
        if not all(map(operator.lt, births, enrolments)):
            return False
    elif not all(b < e for b, e in zip(births, enrolments) if b and e):
        return False
    schooling, longest = column["schooling_years"], column["max_years"]
    if set(map(type, schooling)) | set(map(type, longest)) == {Decimal}:
        if not all(map(operator.ge, longest, schooling)):
            return False
    elif not all(isinstance(v, Decimal) for v in itertools.chain(schooling, longest) if v != ""):
        return False
    elif not all(m >= s for s, m in zip(schooling, longest) if s and m):
        return False
    if not all(itertools.compress(column["advisor_number"], column["advisor_name"])):
        return False  # an advisor's name without a 工号
    named: list[tuple[dict, dict, dict[str, str], dict[str, int]]] = []
    for known, rows_of, code_field, name_field in (
        (result.colleges, state.college_rows, "college_code", "college_name"),
        (result.disciplines, state.discipline_rows, "discipline_code", "discipline_name"),
    ):
        given = [(c, n, r) for c, n, r in zip(column[code_field], column[name_field], numbers) if c and n]
        names = dict((c, n) for c, n, _r in given)
        if len(names) != len({(c, n) for c, n, _r in given}):
            return False  # one code under two names in this chunk
        if any(known.get(code, name) != name for code, name in names.items()):
            return False
        first_rows = {c: r for c, _n, r in reversed(given)}
        named.append((known, rows_of, names, first_rows))
    state.seen_numbers.update(zip(student_numbers, numbers))
    for known, rows_of, names, first_rows in named:
        for code, name in names.items():
            known.setdefault(code, name)
            rows_of.setdefault(code, first_rows[code])
    return True


def _dates(values: list) -> list[dt.date] | None:
    """The dates of a column that holds only dates and blanks (a blank: not given; the list itself when it has
    none), else None."""
    kinds = set(map(type, values))
    if kinds == {dt.date}:
        return values
    dates = [v for v in values if v]
    return dates if all(isinstance(v, dt.date) for v in dates) else None


def _cross_check(values: RosterRow, state: _State, result: ParsedRoster) -> list[RowError]:
    """Checks that read more than one cell of the row, or earlier rows of the file."""
    campaign_year, seen_numbers = state.campaign_year, state.seen_numbers
    college_rows, discipline_rows = state.college_rows, state.discipline_rows
    row = values.row
    errors: list[RowError] = []
    number = values.number
    if number:
        first = seen_numbers.setdefault(number, row)
        if first != row:
            errors.append(RowError(row, "学号", number, _("学号 %(n)s 与第%(first)d行重复；每个学号只能出现一次") % {"n": number, "first": first}))
    id_type, id_number = values.id_type, values.id_number
    if id_type and id_number:
        try:
            cells.check_id_number(id_number, id_type)
        except Bad as bad:
            errors.append(RowError(row, "证件号码", id_number, str(bad)))
    if isinstance(values.birth_date, dt.date):
        try:
            cells.check_birth_year(values.birth_date, campaign_year)
        except Bad as bad:
            errors.append(RowError(row, "出生日期", values.birth_date.isoformat(), str(bad)))
    enrolled_on = values.enrolled_on
    if isinstance(enrolled_on, dt.date) and not (1900 <= enrolled_on.year <= campaign_year):
        errors.append(RowError(row, "入学日期", enrolled_on.isoformat(), _("入学日期 %(d)s 晚于本届（%(y)d届）毕业年份；应为 %(y)d 年或更早") % {
            "d": enrolled_on.isoformat(), "y": campaign_year}))
    if isinstance(values.birth_date, dt.date) and isinstance(values.enrolled_on, dt.date):
        if values.birth_date >= values.enrolled_on:
            errors.append(RowError(row, "出生日期", values.birth_date.isoformat(), _("出生日期应早于入学日期（%(d)s）") % {"d": values.enrolled_on.isoformat()}))
    if isinstance(values.schooling_years, Decimal) and isinstance(values.max_years, Decimal):
        if values.max_years < values.schooling_years:
            errors.append(RowError(row, "最长学习年限", str(values.max_years), _("最长学习年限不应短于学制（%(y)s年）") % {"y": values.schooling_years}))
    for code_field, name_field, known, rows_of, what in (
        ("college_code", "college_name", result.colleges, college_rows, "学院代码"),
        ("discipline_code", "discipline_name", result.disciplines, discipline_rows, "专业代码"),
    ):
        code, name = getattr(values, code_field), getattr(values, name_field)
        if not code or not name:
            continue
        first_name = known.setdefault(code, name)
        rows_of.setdefault(code, row)
        if first_name != name:
            errors.append(RowError(row, HEADER_BY_FIELD[name_field], name, _("%(what)s %(code)s 在第%(first)d行名为“%(n1)s”，此处为“%(n2)s”；同一代码应使用同一名称") % {
                "what": _(what), "code": code, "first": rows_of[code], "n1": first_name, "n2": name}))
    if values.advisor_name and not values.advisor_number:
        errors.append(RowError(row, "导师工号", "", _("填写了导师姓名时，导师工号不能为空")))
    return errors
