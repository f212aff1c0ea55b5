"""One cell of an uploaded table, read once: every import (roster, vendor results, and the sections after them)
turns cells into values here, and every form's free text is checked by the same rule (`unsafe_character`).

- Text: surrounding spaces dropped; a whole number Excel stored as 3120001.0 is "3120001". Text that holds a
  control character, a bidirectional override or isolate, or a zero-width character is refused with the
  character named: such characters are invisible, and a right-to-left override in a college name reverses the
  text in every list that shows it.
- Codes (学号, 证件号码): also "3120190001.0" from a CSV file and spaces anywhere.
- Dates and times: date cells, Excel serial numbers (one epoch, below), and text such as 2020-06-03, 2020/6/3,
  2020.6.3, 2020年6月3日, 20200603, with a time after it where a time is read. Each reader is given the range
  that makes sense for what the date means (a birth date, a collection time), and refuses anything outside it.
- Person names: `person_name` is the one normaliser of the project (middle-dot look-alikes, full-width and
  repeated spaces); `same_person_name` compares two names the way a reader would; `checked_person_name` also
  refuses what cannot be a name.
- The checked fields of a student's record (学号 and other identifiers, 民族, 专业代码, 证件号码, a choice from a
  code table, a plausible birth date): one rule each, used by the roster import and by a correction's new values.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biye.core import codes

MAX_CELL_CHARS = 32767  # Excel's own limit for one cell: no cell a person typed in Excel is longer
SHOWN_CHARS = 40  # how much of a bad value a message repeats

# Invisible characters a person cannot see or fix by looking: bidirectional embeddings, overrides and isolates,
# the Arabic letter mark, left/right marks, zero-width spaces and joiners, word joiner and invisible operators,
# the byte-order mark used as a zero-width no-break space, and the C0/C1 controls (tab and line breaks excepted).
_UNSAFE_RANGES = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
)
UNSAFE_CLASS = f"[{_UNSAFE_RANGES}]"  # for callers that build fast whole-column patterns
_UNSAFE = re.compile(UNSAFE_CLASS)
_UNSAFE_ONE_LINE = re.compile(f"[{_UNSAFE_RANGES}\t\n\r]")


class Bad(ValueError):
    """A cell that is not right; the message says what would be."""


def unsafe_character(text: str, *, one_line: bool = False) -> str | None:
    """The first invisible or control character in `text`, written as U+XXXX (with its Unicode name), or None."""
    found = (_UNSAFE_ONE_LINE if one_line else _UNSAFE).search(text)
    if found is None:
        return None
    ch = found.group()
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def unsafe_message(code: str) -> str:
    return _("含有看不见的控制字符或文字方向控制字符（%(c)s），请删除后重新输入") % {"c": code}


def shown(cell: Any, limit: int = SHOWN_CHARS) -> str:
    """A cell as a message repeats it: short, with invisible characters written out, never the whole of a huge
    cell."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        text = cell.replace(tzinfo=None).isoformat(sep=" ")
    elif isinstance(cell, dt.date):
        text = cell.isoformat()
    elif isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    else:
        text = str(cell)[: limit * 4].strip()
    text = _UNSAFE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return text if len(text) <= limit else text[:limit] + "…"


def text(cell: Any) -> str:
    """A cell as text: stripped; a whole number stored as 3120001.0 is "3120001". Raises Bad for text too long
    or holding an invisible or control character."""
    if cell.__class__ is str:
        value = cell.strip()
    elif cell is None:
        return ""
    elif isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel stores 3120001 typed as a number as 3120001.0
    elif isinstance(cell, dt.datetime):
        return cell.replace(tzinfo=None).isoformat(sep=" ")
    elif isinstance(cell, dt.date):
        return cell.isoformat()
    else:
        value = str(cell).strip()
    if len(value) > MAX_CELL_CHARS:
        raise Bad(_("内容过长（%(n)d 个字符，一个单元格最多 %(max)d 个）") % {"n": len(value), "max": MAX_CELL_CHARS})
    bad = unsafe_character(value)
    if bad:
        raise Bad(unsafe_message(bad))
    return value


def code(cell: Any) -> str:
    """学号, 证件号码 and other codes: spaces anywhere dropped; a number that went through a CSV file as
    "3120190001.0" is still 3120190001."""
    value = "".join(text(cell).split())
    digits, dot, zeros = value.partition(".")
    if dot and digits.isdigit() and zeros and set(zeros) == {"0"}:
        return digits
    return value


def yes_no(cell: Any, table: dict[str, bool]) -> bool:
    """是/否 (whatever words `table` maps); an Excel TRUE/FALSE cell says the same."""
    if cell.__class__ is bool:
        return cell
    value = text(cell)
    if value in table:
        return table[value]
    raise Bad(_("应为“是”或“否”，实际为“%(value)s”") % {"value": shown(value)})


# --- dates and times ---------------------------------------------------------------------------------------

# Day 0 of Excel's serial dates (1900 system), as every reader of .xlsx counts it after 1900-03-01.
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_RANGE = (1, 73415)  # 1900-01-01 .. 2100-12-31
DATE_HINT = gettext_lazy("应为日期，如 2020-06-03、2020/6/3 或 20200603")
_DATE_RES = (
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y%m%d%H%M%S", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M",
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日",
)


def excel_serial(serial: float) -> dt.datetime:
    """An Excel serial number (days since EXCEL_EPOCH, the fraction the time of day) as a naive datetime."""
    if not _SERIAL_RANGE[0] <= serial < _SERIAL_RANGE[1]:
        raise Bad(DATE_HINT + _("，实际为“%(value)s”") % {"value": shown(serial)})
    days = serial
    if serial < 60:  # Excel counts a 1900-02-29 that never was
        days += 1
    moment = EXCEL_EPOCH + dt.timedelta(days=days)
    return moment.replace(microsecond=0) if moment.microsecond < 500_000 else (
        moment + dt.timedelta(seconds=1)).replace(microsecond=0)


def date(cell: Any, *, earliest: dt.date | None = None, latest: dt.date | None = None) -> dt.date:
    """A date cell, an Excel serial, or a date typed as text; outside earliest..latest (when given) it is
    refused, saying the range."""
    if isinstance(cell, dt.datetime):
        value = cell.date()
    elif isinstance(cell, dt.date):
        value = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        value = excel_serial(float(cell)).date()
    else:
        typed = text(cell)
        value = None
        for pattern in _DATE_RES:
            m = pattern.fullmatch(typed)
            if m:
                try:
                    value = dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise Bad(_("“%(value)s”不是存在的日期，请核对年、月、日（格式如 2020-06-03）")
                              % {"value": shown(typed)}) from None
                break
        if value is None:
            if re.fullmatch(r"\d{5}(?:\.\d+)?", typed):  # an Excel serial that came through a CSV file
                value = excel_serial(float(typed)).date()
            else:
                raise Bad(DATE_HINT + _("，实际为“%(value)s”") % {"value": shown(typed)})
    require_in_range(value, earliest, latest)
    return value


def datetime(cell: Any) -> dt.datetime:
    """A date-time (or a date, read as 00:00) as a naive datetime on the university's clock; Raises Bad."""
    if isinstance(cell, dt.datetime):
        naive = cell.replace(tzinfo=None)
    elif isinstance(cell, dt.date):
        naive = dt.datetime(cell.year, cell.month, cell.day)
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        naive = excel_serial(float(cell))
    else:
        typed = " ".join(text(cell).replace("T", " ").split())
        for fmt in _DATETIME_FORMATS:
            try:
                naive = dt.datetime.strptime(typed, fmt)
                break
            except ValueError:
                continue
        else:
            raise Bad(_("“%(v)s”无法识别为时间，应写作 2020-06-10 14:30") % {"v": shown(typed)})
    return naive.replace(microsecond=0)


def require_in_range(value: dt.date, earliest: dt.date | None, latest: dt.date | None) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if (earliest and day < earliest) or (latest and day > latest):
        raise Bad(_("日期 %(d)s 不合理：应在 %(a)s 至 %(b)s 之间") % {
            "d": day.isoformat(), "a": earliest.isoformat() if earliest else "—",
            "b": latest.isoformat() if latest else "—"})


# --- person names ------------------------------------------------------------------------------------------

NAME_DOT = "·"  # U+00B7, the separator of a transliterated name (买买提·艾力)
# Marks that look like "·" and are typed for it: bullet, katakana middle dot (full and half width), hyphenation
# point, bullet and dot operators, full-width full stop, Greek ano teleia. A reader sees one mark, so they are one.
_DOT_LOOKALIKES = str.maketrans(dict.fromkeys("•・･‧∙⋅．\u0387", NAME_DOT))
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# An ASCII full stop between Chinese characters is a dot too; spaces around a dot are not part of the name.
_AROUND_DOT = re.compile(rf"(?<=[{_HAN}])\s*\.\s*(?=[{_HAN}])|\s*·\s*")


def person_name(value: str) -> str:
    """The one normal form of a person's name: look-alike dots are "·", no spaces around it, spaces (full-width
    ones too) collapsed to one. Nothing else changes: a character of the name is never replaced."""
    normal = " ".join(value.translate(_DOT_LOOKALIKES).split())
    if "." in normal or NAME_DOT in normal:
        normal = _AROUND_DOT.sub(NAME_DOT, normal)
    return normal


def same_person_name(a: str, b: str) -> bool:
    """Two names a reader would call the same: normalised, and spaces and letter case ignored."""
    return "".join(person_name(a).split()).casefold() == "".join(person_name(b).split()).casefold()


NAME_MAX = 60
_NAME_EXTRA = frozenset("· 〇")
PLAIN_CHINESE_NAME = re.compile(r"[\u4e00-\u9fff]{1,20}")


def valid_person_name(value: str) -> bool:
    """Chinese characters, letters (foreign names), "·" between the parts of a minority name, and spaces."""
    if not value or len(value) > NAME_MAX or value[0] == "·" or value[-1] == "·":
        return False
    return all(ch.isalpha() or ch in _NAME_EXTRA for ch in value)


def checked_person_name(cell: Any) -> str:
    """A person's name, normalised (person_name: a dot that looks like "·" is stored as "·" rather than refused
    for a difference nobody can see) and checked (valid_person_name)."""
    if cell.__class__ is str and PLAIN_CHINESE_NAME.fullmatch(cell):
        return cell  # most names: a few common characters, nothing else to check
    value = person_name(text(cell))
    if valid_person_name(value):
        return value
    raise Bad(
        _("姓名只能包含汉字、字母、间隔号“·”和空格（不超过%(max)d个字），实际为“%(value)s”")
        % {"max": NAME_MAX, "value": shown(value)}
    )


# --- the checked fields of a student's record ---------------------------------------------------------------

IDENTIFIER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,29}")  # 学号, 学院代码, 导师工号
DISCIPLINE_CODE_RE = re.compile(r"[0-9]{4}(?:[0-9A-Z]{2})?")
RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
OTHER_ID_RE = re.compile(r"[A-Z0-9][A-Z0-9()\-]{2,39}")
_ETHNICITIES = frozenset(codes.ETHNICITIES)


def identifier(cell: Any, what: str) -> str:
    """学号, 学院代码, 导师工号 (`what` names it in the message): letters, digits, "-" and "_", up to 30."""
    value = code(cell)  # 3120190001 typed as a number, or "3120190001.0" through a CSV file
    if IDENTIFIER_RE.fullmatch(value):
        return value
    raise Bad(_("%(what)s只能包含字母、数字、“-”和“_”（不超过30位），实际为“%(value)s”") % {"what": what, "value": shown(value)})


def choice(cell: Any, allowed, hint: str | None = None) -> str:
    """One of `allowed` (the values of a code table); the message lists them, or says `hint`."""
    value = text(cell)
    if value in allowed:
        return value
    words = hint or _("或").join(f"“{a}”" for a in allowed)
    raise Bad(_("应为%(words)s，实际为“%(value)s”") % {"words": words, "value": shown(value)})


def ethnicity(cell: Any) -> str:
    """A 民族 of GB 3304; "汉" is "汉族", the same entry of the standard."""
    value = text(cell)
    if value in _ETHNICITIES:
        return value
    if value + "族" in _ETHNICITIES:
        return value + "族"
    raise Bad(_("应为 GB 3304 中的民族名称（如“汉族”“回族”“维吾尔族”），实际为“%(value)s”") % {"value": shown(value)})


def discipline_code(cell: Any) -> str:
    """A 4-digit (一级学科) or 6-character (二级学科/专业) code."""
    value = text(cell).upper()
    if isinstance(cell, int | float) and len(value) in (3, 5):
        # Excel dropped a leading zero (081200 -> 81200). Adding it back would be a guess: 81200 may as well be a
        # mistyped 812000; the person who knows the code must write it out.
        raise Bad(_("专业代码被 Excel 存成了数字，开头的 0 已丢失（实际为“%(value)s”）；请把此列设为“文本”格式，填写完整的代码，如“0%(value)s”")
                  % {"value": shown(value)})
    if DISCIPLINE_CODE_RE.fullmatch(value):
        return value
    raise Bad(_("应为4位（一级学科）或6位（二级学科/专业）代码，如“0812”“081200”，实际为“%(value)s”") % {"value": shown(value)})


def id_number(cell: Any, id_type: str | None = None) -> str:
    """证件号码 as a code, upper case; with `id_type`, also checked against that type's form (check_id_number).
    A number Excel stored as a float has lost its last digits and is refused."""
    if isinstance(cell, float) and abs(cell) >= 2**53:
        raise Bad(_("证件号码被 Excel 存成了数字，末几位已丢失；请把此列设为“文本”格式后重新填写，实际为“%(value)s”") % {"value": shown(cell)})
    value = code(cell).upper()
    if id_type is not None:
        check_id_number(value, id_type)
    return value


def id_number_form(id_type: str) -> re.Pattern:
    """What a number of this type of document looks like (check_id_number; the roster checks a column at once)."""
    return RESIDENT_ID_RE if id_type == codes.IdType.RESIDENT else OTHER_ID_RE


def check_id_number(value: str, id_type: str) -> None:
    """A 居民身份证 number has 18 characters (17 digits and a digit or X); other documents 3 to 40 letters, digits,
    brackets and "-"."""
    if not id_number_form(id_type).fullmatch(value):
        if id_type == codes.IdType.RESIDENT:
            raise Bad(_("居民身份证号码应为18位：前17位为数字，末位为数字或X，实际为“%(v)s”") % {"v": value})
        raise Bad(_("%(t)s号码只能包含字母、数字、括号和“-”（3–40位），实际为“%(v)s”") % {"t": id_type, "v": value})


def check_birth_year(value: dt.date, campaign_year: int) -> dt.date:
    """A birth date between 1900 and the campaign's year."""
    if not 1900 <= value.year <= campaign_year:
        raise Bad(_("出生日期 %(d)s 不合理；应在 1900 年至 %(y)d 年之间") % {"d": value.isoformat(), "y": campaign_year})
    return value
