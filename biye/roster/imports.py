"""R0.2: reading and checking a roster file (学籍名单) before anything is written.

Columns are found by their Chinese headers, in any order; every cell of every row is checked, and every problem is
reported with its Excel row number and column, saying what would be right. Nothing here touches the database: the
action in actions.py writes only a roster that came through without a single error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from biye.core import codes
from biye.core.tabular import Table

PROGRESS_EVERY = 5000


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


@dataclass
class RowError:
    row: int | None
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        where = _("第%(row)d行") % {"row": self.row} if self.row else _("文件")
        column = f"「{self.column}」" if self.column else ""
        return f"{where}{column}：{self.problem}"


@dataclass
class ParsedRoster:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    colleges: dict[str, str] = field(default_factory=dict)  # code -> name, as the file names them
    disciplines: dict[str, str] = field(default_factory=dict)


class Bad(Exception):
    """A cell that is not right; the message says what would be."""


# --- cell parsers ----------------------------------------------------------------------------------------------


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel stores 3120001 typed as a number as 3120001.0
    return str(cell).strip()


def _shown(cell: Any) -> str:
    return _text(cell) if not isinstance(cell, dt.date) else cell.isoformat()


def _choice(allowed: tuple[str, ...], hint: str | None = None) -> Callable[[Any], str]:
    allowed_set = frozenset(allowed)
    words = hint or _("或").join(f"“{a}”" for a in allowed)

    def parse(cell: Any) -> str:
        value = _text(cell)
        if value in allowed_set:
            return value
        raise Bad(_("应为%(words)s，实际为“%(value)s”") % {"words": words, "value": value})

    return parse


def _yes_no(cell: Any) -> bool:
    value = _text(cell)
    if value in codes.YES_NO:
        return codes.YES_NO[value]
    raise Bad(_("应为“是”或“否”，实际为“%(value)s”") % {"value": value})


_ETHNICITIES = frozenset(codes.ETHNICITIES)


def _ethnicity(cell: Any) -> str:
    value = _text(cell)
    if value in _ETHNICITIES:
        return value
    if value + "族" in _ETHNICITIES:  # "汉" for "汉族": the same entry of the standard
        return value + "族"
    raise Bad(_("应为 GB 3304 中的民族名称（如“汉族”“回族”“维吾尔族”），实际为“%(value)s”") % {"value": value})


NAME_MAX = 60
_NAME_EXTRA = frozenset("· 〇")


def valid_person_name(value: str) -> bool:
    """Chinese characters, letters (foreign names), "·" between the parts of a minority name, and spaces."""
    if not value or len(value) > NAME_MAX or value[0] == "·" or value[-1] == "·":
        return False
    return all(ch.isalpha() or ch in _NAME_EXTRA for ch in value)


def _person_name(cell: Any) -> str:
    value = " ".join(_text(cell).split())
    if valid_person_name(value):
        return value
    raise Bad(
        _("姓名只能包含汉字、字母、间隔号“·”和空格（不超过%(max)d个字），实际为“%(value)s”")
        % {"max": NAME_MAX, "value": value}
    )


_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,29}")


def _identifier(what: str) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        value = _text(cell)
        if _CODE_RE.fullmatch(value):
            return value
        raise Bad(_("%(what)s只能包含字母、数字、“-”和“_”（不超过30位），实际为“%(value)s”") % {"what": what, "value": value})

    return parse


_DISCIPLINE_RE = re.compile(r"[0-9]{4}(?:[0-9A-Z]{2})?")


def _discipline_code(cell: Any) -> str:
    value = _text(cell).upper()
    if isinstance(cell, int | float) and len(value) in (3, 5):
        value = "0" + value  # a code typed as a number lost its leading zero (0812 -> 812)
    if _DISCIPLINE_RE.fullmatch(value):
        return value
    raise Bad(_("应为4位（一级学科）或6位（二级学科/专业）代码，如“0812”“081200”，实际为“%(value)s”") % {"value": value})


def _plain_name(what: str, max_length: int = 100) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        value = " ".join(_text(cell).split())
        if len(value) <= max_length and value[0] not in "=+-@":
            return value
        raise Bad(_("%(what)s不能以 = + - @ 开头且不超过%(max)d个字，实际为“%(value)s”") % {"what": what, "max": max_length, "value": value})

    return parse


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_RES = (
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
DATE_HINT = _("应为日期，如 2020-06-03、2020/6/3 或 20200603")


def _serial_date(serial: float) -> dt.date:
    if not 1 <= serial < 73415:  # 1900-01-01 .. 2100-12-31
        raise Bad(DATE_HINT + _("，实际为“%(value)s”") % {"value": _text(serial)})
    days = int(serial)
    if days < 60:  # Excel counts a 1900-02-29 that never was
        days += 1
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def _date(cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _serial_date(float(cell))
    value = _text(cell)
    for pattern in _DATE_RES:
        m = pattern.fullmatch(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise Bad(_("“%(value)s”不是存在的日期，请核对年、月、日（格式如 2020-06-03）") % {"value": value}) from None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", value):  # an Excel serial that came through a CSV file
        return _serial_date(float(value))
    raise Bad(DATE_HINT + _("，实际为“%(value)s”") % {"value": value})


def _years(cell: Any) -> Decimal:
    value = _text(cell).removesuffix("年").strip()
    try:
        years = Decimal(value)
    except InvalidOperation:
        years = None
    if years is None or not years.is_finite() or not (0 < years < 100) or years != years.quantize(Decimal("0.1")):
        raise Bad(_("应为年数（最多一位小数），如 3 或 2.5，实际为“%(value)s”") % {"value": value})
    return years.quantize(Decimal("0.1"))


def _id_number(cell: Any) -> str:
    if isinstance(cell, float) and abs(cell) >= 2**53:
        raise Bad(_("证件号码被 Excel 存成了数字，末几位已丢失；请把此列设为“文本”格式后重新填写，实际为“%(value)s”") % {"value": _text(cell)})
    return "".join(_text(cell).split()).upper()


class Column(NamedTuple):
    header: str
    field: str
    parse: Callable[[Any], Any]
    required: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("学号", "number", _identifier(_("学号"))),
    Column("姓名", "name", _person_name),
    Column("性别", "gender", _choice(tuple(codes.Gender.values))),
    Column("民族", "ethnicity", _ethnicity),
    Column("出生日期", "birth_date", _date),
    Column("证件类型", "id_type", _choice(tuple(codes.IdType.values))),
    Column("证件号码", "id_number", _id_number),
    Column("学院代码", "college_code", _identifier(_("学院代码"))),
    Column("学院名称", "college_name", _plain_name(_("学院名称"))),
    Column("专业代码", "discipline_code", _discipline_code),
    Column("专业名称", "discipline_name", _plain_name(_("专业名称"))),
    Column("培养层次", "level", _choice(tuple(codes.Level.values))),
    Column("学习形式", "study_mode", _choice(tuple(codes.StudyMode.values))),
    Column("培养方式", "training_type", _choice(tuple(codes.TrainingType.values))),
    Column("证书类型", "certificate_type", _choice(tuple(codes.CertificateType.values))),
    Column("是否留学生", "is_international", _yes_no),
    Column("入学日期", "enrolled_on", _date),
    Column("学制", "schooling_years", _years),
    Column("最长学习年限", "max_years", _years),
    Column("预计毕业", "expected_term", _choice(tuple(codes.Term.values))),
    Column("导师工号", "advisor_number", _identifier(_("导师工号")), required=False),
    Column("导师姓名", "advisor_name", _person_name, required=False),
    Column("是否硕博连读", "is_combined", _yes_no),
    Column("是否已采集图像", "photo_on_file", _yes_no),
)
HEADERS = tuple(c.header for c in COLUMNS)
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)
OPTIONAL_HEADERS = tuple(c.header for c in COLUMNS if not c.required)

_RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_OTHER_ID_RE = re.compile(r"[A-Z0-9][A-Z0-9()\-]{2,39}")


def parse_roster(
    table: Table, *, campaign_year: int, progress: Callable[[str, int, int | None], None] | None = None
) -> ParsedRoster:
    """Check every row of the table; rows come back only when there is not one error."""
    result = ParsedRoster()
    index: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        if not header:
            continue
        if header in index:
            result.errors.append(RowError(table.header_row, header, header, _("表头重复：同名的列只能有一列")))
        elif header in HEADERS:
            index[header] = position
        else:
            result.unknown_columns.append(header)
    for column in COLUMNS:
        if column.header not in index and column.required:
            result.errors.append(
                RowError(table.header_row, column.header, "", _("缺少必需的列「%(h)s」；表头应包含：%(all)s") % {
                    "h": column.header, "all": "、".join(HEADERS)})
            )
    if result.errors:
        return result

    present = [(index[c.header], c) for c in COLUMNS if c.header in index]
    seen_numbers: dict[str, int] = {}
    college_rows: dict[str, int] = {}
    discipline_rows: dict[str, int] = {}
    count = 0
    for row_number, cells in table.rows:
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress("check", count, None)
        values: dict[str, Any] = {"row": row_number}
        errors: list[RowError] = []
        for position, column in present:
            cell = cells[position] if position < len(cells) else ""
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                if column.required:
                    errors.append(RowError(row_number, column.header, "", _("不能为空")))
                values[column.field] = ""
                continue
            try:
                values[column.field] = column.parse(cell)
            except Bad as bad:
                errors.append(RowError(row_number, column.header, _shown(cell), str(bad)))
                values[column.field] = None
        for column in COLUMNS:
            values.setdefault(column.field, "")
        errors.extend(_cross_check(values, campaign_year, seen_numbers, result, college_rows, discipline_rows))
        if errors:
            result.errors.extend(errors)
        elif not result.errors:
            result.rows.append(RosterRow(**values))
    if not count and not result.errors:
        result.errors.append(RowError(table.header_row + 1, "", "", _("文件中只有表头，没有学生数据；学生数据应从表头下一行开始")))
    if result.errors:
        result.rows = []
    return result


def _cross_check(
    values: dict[str, Any],
    campaign_year: int,
    seen_numbers: dict[str, int],
    result: ParsedRoster,
    college_rows: dict[str, int],
    discipline_rows: dict[str, int],
) -> list[RowError]:
    """Checks that read more than one cell of the row, or earlier rows of the file."""
    row = values["row"]
    errors: list[RowError] = []
    number = values["number"]
    if number:
        first = seen_numbers.setdefault(number, row)
        if first != row:
            errors.append(RowError(row, "学号", number, _("学号 %(n)s 与第%(first)d行重复；每个学号只能出现一次") % {"n": number, "first": first}))
    id_type, id_number = values["id_type"], values["id_number"]
    if id_type and id_number:
        if id_type == codes.IdType.RESIDENT:
            if not _RESIDENT_ID_RE.fullmatch(id_number):
                errors.append(RowError(row, "证件号码", id_number, _("居民身份证号码应为18位：前17位为数字，末位为数字或X，实际为“%(v)s”") % {"v": id_number}))
        elif not _OTHER_ID_RE.fullmatch(id_number):
            errors.append(RowError(row, "证件号码", id_number, _("%(t)s号码只能包含字母、数字、括号和“-”（3–40位），实际为“%(v)s”") % {"t": id_type, "v": id_number}))
    for field_name, header in (("birth_date", "出生日期"), ("enrolled_on", "入学日期")):
        value = values[field_name]
        if isinstance(value, dt.date) and not (1900 <= value.year <= campaign_year):
            if field_name == "enrolled_on":
                problem = _("入学日期 %(d)s 晚于本届（%(y)d届）毕业年份；应为 %(y)d 年或更早") % {"d": value.isoformat(), "y": campaign_year}
            else:
                problem = _("出生日期 %(d)s 不合理；应在 1900 年至 %(y)d 年之间") % {"d": value.isoformat(), "y": campaign_year}
            errors.append(RowError(row, header, value.isoformat(), problem))
    if isinstance(values["birth_date"], dt.date) and isinstance(values["enrolled_on"], dt.date):
        if values["birth_date"] >= values["enrolled_on"]:
            errors.append(RowError(row, "出生日期", values["birth_date"].isoformat(), _("出生日期应早于入学日期（%(d)s）") % {"d": values["enrolled_on"].isoformat()}))
    if isinstance(values["schooling_years"], Decimal) and isinstance(values["max_years"], Decimal):
        if values["max_years"] < values["schooling_years"]:
            errors.append(RowError(row, "最长学习年限", str(values["max_years"]), _("最长学习年限不应短于学制（%(y)s年）") % {"y": values["schooling_years"]}))
    for code_field, name_field, known, rows_of, what in (
        ("college_code", "college_name", result.colleges, college_rows, _("学院代码")),
        ("discipline_code", "discipline_name", result.disciplines, discipline_rows, _("专业代码")),
    ):
        code, name = values[code_field], values[name_field]
        if not code or not name:
            continue
        first_name = known.setdefault(code, name)
        rows_of.setdefault(code, row)
        if first_name != name:
            errors.append(RowError(row, HEADER_BY_FIELD[name_field], name, _("%(what)s %(code)s 在第%(first)d行名为“%(n1)s”，此处为“%(n2)s”；同一代码应使用同一名称") % {
                "what": what, "code": code, "first": rows_of[code], "n1": first_name, "n2": name}))
    if values["advisor_name"] and not values["advisor_number"]:
        errors.append(RowError(row, "导师工号", "", _("填写了导师姓名时，导师工号不能为空")))
    return errors
