"""R0.2: the roster's columns — each with its header, the Student field it fills, how one cell is read (and what
is said when it is wrong), and a quick test that takes a whole column at once when every cell already is what
the reader would return. imports.py reads files with them; aliases.py names the same columns as other systems do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biye.core import cells, codes
from biye.core.cells import Bad
from biye.roster import aliases

# --- cell parsers (on top of core.cells, which reads text, dates and names for every import) --------------------

_text = cells.text
_shown = cells.shown


def _choice(allowed: tuple[str, ...], hint: str | None = None) -> Callable[[Any], str]:
    allowed_set = frozenset(allowed)

    def parse(cell: Any) -> str:
        if cell in allowed_set:  # the common case: a clean text cell
            return cell
        return cells.choice(cell, allowed, hint)

    return parse


def _yes_no(cell: Any) -> bool:
    return cells.yes_no(cell, codes.YES_NO)


def _identifier(what: str) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        return cells.identifier(cell, what)

    return parse


def _plain_name(what: str, max_length: int = 100) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        value = " ".join(_text(cell).split())
        if len(value) <= max_length and value[0] not in "=+-@":
            return value
        raise Bad(_("%(what)s不能以 = + - @ 开头且不超过%(max)d个字，实际为“%(value)s”") % {"what": what, "max": max_length, "value": _shown(value)})

    return parse


def _date(cell: Any) -> dt.date:
    return cells.date(cell)  # the range a date must lie in is checked with the whole row (_cross_check)


_YEARS_SEEN: dict[Any, Decimal] = {}


def _years(cell: Any) -> Decimal:
    known = _YEARS_SEEN.get(cell) if cell.__class__ is not bool else None
    if known is not None:  # a roster uses a handful of values (3, 2.5, 5 ...) again and again
        return known
    value = _text(cell).removesuffix("年").strip()
    try:
        years = Decimal(value)
    except InvalidOperation:
        years = None
    if years is None or not years.is_finite() or not (0 < years < 100) or years != years.quantize(Decimal("0.1")):
        raise Bad(_("应为年数（最多一位小数），如 3 或 2.5，实际为“%(value)s”") % {"value": _shown(value)})
    years = years.quantize(Decimal("0.1"))
    if len(_YEARS_SEEN) < 1000:
        _YEARS_SEEN[cell] = years
    return years


# Quick whole-column tests: each returns the column's values when every cell passes, else None (and the column is
# then checked cell by cell). They accept only what the cell-by-cell parser returns unchanged.
Fast = Callable[[tuple, dict], list | None]


def _fast_table(mapping: dict[Any, Any]) -> Fast:
    def fast(raw: tuple, shared: dict) -> list | None:
        if set(raw) <= mapping.keys():
            return list(map(mapping.__getitem__, raw))
        return None

    return fast


class FastPattern:
    """A column whose cells all match `pattern` whole is taken as it is. In a column checked cell by cell, a cell
    that matches is taken as it is too: the parser would give it back unchanged (a chunk of 5,000 names with one
    买买提·艾力 among them parses that one)."""

    def __init__(self, pattern: re.Pattern, *, share: bool = False, optional: bool = False) -> None:
        self.pattern, self.share, self.optional = pattern, share, optional

    def __call__(self, raw: tuple, shared: dict) -> list | None:
        pattern = self.pattern
        # A shared column (a college's code, an advisor's name) holds a few hundred distinct values: each is checked once.
        cells = set(raw) if self.share else raw
        try:
            if self.optional:
                ok = all(c.__class__ is str and (not c or pattern.fullmatch(c)) for c in cells)
            else:
                ok = all(map(pattern.fullmatch, cells))
        except TypeError:  # a number or date among the text
            return None
        if not ok:
            return None
        return list(map(shared.setdefault, raw, raw)) if self.share else list(raw)




def _fast_dates(*, share: bool = False) -> Fast:
    def fast(raw: tuple, shared: dict) -> list | None:
        if all(c.__class__ is dt.date for c in raw):  # what calamine gives for a date cell
            return list(map(shared.setdefault, raw, raw)) if share else list(raw)
        return None

    return fast


def _fast_years(raw: tuple, shared: dict) -> list | None:
    distinct = set(raw)
    if len(distinct) < 50 and not any(v.__class__ is bool for v in distinct) and _YEARS_SEEN.keys() >= distinct:
        return list(map(_YEARS_SEEN.__getitem__, raw))
    return None


class Column(NamedTuple):
    header: str
    field: str
    parse: Callable[[Any], Any]
    required: bool = True
    fast: Fast | None = None
    empty: Any = ""  # the value of an empty cell, or of every row when the file has no such column


# 结业 graduates of an earlier campaign who now convert (issue 11 §2): what they were, and their certificate.
PRIOR_CONCLUSIONS = ("结业", "肄业", "毕业")
_EXAMINEE_RE = re.compile(r"[0-9A-Za-z]{1,20}")
_CERTIFICATE_RE = re.compile(r"\d{18}")
_PHONE_FAST = re.compile(r"[0-9+\-]{7,20}")  # what cells.code gives back unchanged (no spaces)


def _examinee_number(cell: Any) -> str:
    value = cells.code(cell)
    if _EXAMINEE_RE.fullmatch(value):
        return value
    raise Bad(_("考生号只能包含字母和数字（不超过20位），实际为“%(value)s”") % {"value": _shown(value)})


def _prior_year(cell: Any) -> int:
    value = cells.code(cell).removesuffix("年")
    if value.isdigit() and len(value) == 4 and 1950 <= int(value) <= 2100:
        return int(value)
    raise Bad(_("原结业年份应为四位年份，如 2021，实际为“%(value)s”") % {"value": _shown(value)})


def _model_checked(field_name: str, clean: Callable[[Any], str], hint: str) -> Callable[[Any], str]:
    """A cell checked by the Student field's own validators, so the roster and every form agree on what is right."""
    def parse(cell: Any) -> str:
        from django.core.exceptions import ValidationError

        from biye.core.models import Student

        value = clean(cell)
        try:
            for validate in Student._meta.get_field(field_name).validators:
                validate(value)
        except ValidationError as error:
            raise Bad(_("%(problem)s实际为“%(value)s”，%(hint)s") % {
                "problem": " ".join(error.messages), "value": _shown(value), "hint": hint}) from None
        return value

    return parse


def _fast_all_blank(raw: tuple, shared: dict) -> list | None:
    if all(c == "" or c is None for c in raw):  # the column is there but nobody in the file converts
        return [None] * len(raw)
    return None


def _same(values) -> dict[str, str]:
    return {v: v for v in values}


# Plain names: no space, nothing a formula starts with, and none of the characters core.cells refuses.
_PLAIN_NAME_FAST = re.compile(rf"(?![=+\-@])(?:(?!{cells.UNSAFE_CLASS})\S){{1,100}}")
_ID_FAST = re.compile(r"[0-9A-Z()\-]{1,40}")


def _choice_column(header: str, field_name: str, enum) -> Column:
    values = tuple(enum.values)
    return Column(header, field_name, _choice(values), fast=_fast_table(_same(values)))


COLUMNS: tuple[Column, ...] = (
    Column("学号", "number", _identifier(gettext_lazy("学号")), fast=FastPattern(cells.IDENTIFIER_RE)),
    Column("姓名", "name", cells.checked_person_name, fast=FastPattern(cells.PLAIN_CHINESE_NAME)),
    _choice_column("性别", "gender", codes.Gender),
    Column("民族", "ethnicity", cells.ethnicity, fast=_fast_table(_same(codes.ETHNICITIES))),
    Column("出生日期", "birth_date", _date, fast=_fast_dates()),
    _choice_column("证件类型", "id_type", codes.IdType),
    Column("证件号码", "id_number", cells.id_number, fast=FastPattern(_ID_FAST)),
    Column("学院代码", "college_code", _identifier(gettext_lazy("学院代码")), fast=FastPattern(cells.IDENTIFIER_RE, share=True)),
    Column("学院名称", "college_name", _plain_name(gettext_lazy("学院名称")), fast=FastPattern(_PLAIN_NAME_FAST, share=True)),
    Column("专业代码", "discipline_code", cells.discipline_code, fast=FastPattern(cells.DISCIPLINE_CODE_RE, share=True)),
    Column("专业名称", "discipline_name", _plain_name(gettext_lazy("专业名称")), fast=FastPattern(_PLAIN_NAME_FAST, share=True)),
    _choice_column("培养层次", "level", codes.Level),
    _choice_column("学习形式", "study_mode", codes.StudyMode),
    _choice_column("培养方式", "training_type", codes.TrainingType),
    _choice_column("证书类型", "certificate_type", codes.CertificateType),
    Column("是否留学生", "is_international", _yes_no, fast=_fast_table(codes.YES_NO)),
    Column("入学日期", "enrolled_on", _date, fast=_fast_dates(share=True)),
    Column("学制", "schooling_years", _years, fast=_fast_years),
    Column("最长学习年限", "max_years", _years, fast=_fast_years),
    _choice_column("预计毕业", "expected_term", codes.Term),
    Column("导师工号", "advisor_number", _identifier(gettext_lazy("导师工号")), required=False,
           fast=FastPattern(cells.IDENTIFIER_RE, share=True, optional=True)),
    Column("导师姓名", "advisor_name", cells.checked_person_name, required=False,
           fast=FastPattern(cells.PLAIN_CHINESE_NAME, share=True, optional=True)),
    Column("是否硕博连读", "is_combined", _yes_no, fast=_fast_table(codes.YES_NO)),
    Column("是否已采集图像", "photo_on_file", _yes_no, fast=_fast_table(codes.YES_NO)),
    Column("考生号", "examinee_number", _examinee_number, required=False,
           fast=FastPattern(_EXAMINEE_RE, optional=True)),
    Column("原毕业结论", "prior_conclusion", _choice(PRIOR_CONCLUSIONS), required=False,
           fast=FastPattern(re.compile("|".join(PRIOR_CONCLUSIONS)), share=True, optional=True)),
    Column("原结业证书编号", "prior_certificate_number",
           _model_checked("prior_certificate_number", cells.code,
                          gettext_lazy("请按结业证书填写18位数字（设为文本格式，以免丢失末几位）")), required=False,
           fast=FastPattern(_CERTIFICATE_RE, optional=True)),
    Column("原结业年份", "prior_year", _prior_year, required=False, fast=_fast_all_blank, empty=None),
    Column("电子邮箱", "email", _model_checked("email", lambda cell: _text(cell).strip(),
                                             gettext_lazy("请填写完整的邮箱地址，如 zhangsan@example.edu.cn")),
           required=False),
    Column("手机号", "phone", _model_checked("phone", cells.code, gettext_lazy("请填写手机号，如 13800000000")),
           required=False, fast=FastPattern(_PHONE_FAST, optional=True)),
)
HEADERS = tuple(c.header for c in COLUMNS)
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)
OPTIONAL_HEADERS = tuple(c.header for c in COLUMNS if not c.required)
# Optional columns that only some files have: a full import without the column keeps what is stored (an older
# roster file must not wipe the 考生号 or 原结业证书编号 a later one brought).
KEPT_WHEN_ABSENT = ("examinee_number", "prior_conclusion", "prior_certificate_number", "prior_year", "email", "phone")
# Every header a roster's header row may be found by: Biye's and their aliases.
KNOWN_HEADERS = (*HEADERS, *(a.header for a in aliases.HEADER_ALIASES))

SHARED_FIELDS = frozenset({
    "gender", "ethnicity", "id_type", "college_code", "college_name", "discipline_code", "discipline_name", "level",
    "study_mode", "training_type", "certificate_type", "enrolled_on", "expected_term", "advisor_number",
    "advisor_name",
})
