"""Files the records section reads: the 附件5 table of English discipline names (R2.4), the values a student
types into a correction application (checked as the roster checks the same columns, R2.7), and evidence files
(PDF, JPG, PNG: the type told by the content, R2.7).

The cell checks here are deliberately small; they follow the roster's rules for the same fields and are meant to
move onto the shared cell parser in core when it lands.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from biye.core import codes
from biye.core.tabular import Table

# --- 附件5: 专业代码, 专业名称, 英文名称 -------------------------------------------------------------------------

TABLE_HEADERS = ("专业代码", "专业名称", "英文名称")
DISCIPLINE_CODE_RE = re.compile(r"[0-9]{4}(?:[0-9A-Z]{2})?")
# An English name: letters, digits, spaces and the punctuation names use (Chinese characters are refused: they
# are a pasted 专业名称 in the wrong column).
ENGLISH_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:'’&()\-/]{0,199}")


@dataclass
class TableError:
    row: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        column = f"「{self.column}」" if self.column else ""
        return _("第%(row)d行") % {"row": self.row} + f"{column}：{self.problem}"


@dataclass
class TableRow:
    row: int
    code: str
    name_zh: str
    name_en: str


@dataclass
class ParsedTable:
    rows: list[TableRow] = field(default_factory=list)
    errors: list[TableError] = field(default_factory=list)


class Bad(ValueError):
    """A value that is not right; the message says what would be."""


def text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else " ".join(str(cell).split())


def discipline_code(cell: Any) -> str:
    value = text(cell).upper()
    if isinstance(cell, int | float) and len(value) in (3, 5):
        raise Bad(_("专业代码被 Excel 存成了数字，开头的 0 已丢失（实际为“%(value)s”）；请把此列设为“文本”格式，填写完整的代码，如“0%(value)s”")
                  % {"value": value})
    if DISCIPLINE_CODE_RE.fullmatch(value):
        return value
    raise Bad(_("应为4位（一级学科）或6位（二级学科/专业）代码，如“0812”“081200”，实际为“%(value)s”") % {"value": value})


def chinese_name(cell: Any) -> str:
    value = text(cell)
    if not value:
        raise Bad(_("不能为空"))
    if len(value) > 100 or value[0] in "=+-@":
        raise Bad(_("专业名称不能以 = + - @ 开头且不超过100个字，实际为“%(value)s”") % {"value": value})
    return value


def english_name(cell: Any) -> str:
    value = text(cell)
    if not value:
        raise Bad(_("不能为空：每个专业都要有英文名称（英文版证书上印的就是它）"))
    if not ENGLISH_NAME_RE.fullmatch(value):
        raise Bad(_("英文名称应以英文字母开头，只含英文字母、数字、空格和 , . ; : ' & ( ) - /（不超过200个字符），实际为“%(value)s”")
                  % {"value": value})
    return value


def parse_table(table: Table) -> ParsedTable:
    """Every row and column of a 附件5 file checked; rows come back only when there is not one error."""
    result = ParsedTable()
    index = {h: i for i, h in enumerate(table.headers) if h in TABLE_HEADERS}
    for header in TABLE_HEADERS:
        if header not in index:
            result.errors.append(TableError(table.header_row, header, "", _("缺少必需的列「%(h)s」：表头行应有 专业代码、专业名称、英文名称 三列") % {"h": header}))
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        cells = [*cells, *[""] * (len(table.headers) - len(cells))]
        values = {}
        for header, parse in (("专业代码", discipline_code), ("专业名称", chinese_name), ("英文名称", english_name)):
            cell = cells[index[header]]
            try:
                values[header] = parse(cell)
            except Bad as bad:
                result.errors.append(TableError(number, header, text(cell), str(bad)))
        code = values.get("专业代码")
        if code:
            first = seen.setdefault(code, number)
            if first != number:
                result.errors.append(TableError(number, "专业代码", code, _("专业代码 %(c)s 与第%(first)d行重复；每个专业只能有一行") % {"c": code, "first": first}))
        if len(values) == 3:
            result.rows.append(TableRow(number, values["专业代码"], values["专业名称"], values["英文名称"]))
    if not result.rows and not result.errors:
        result.errors.append(TableError(table.header_row + 1, "", "", _("文件中只有表头，没有专业；专业应从表头下一行开始")))
    if result.errors:
        result.rows = []
    return result


# --- a correction's new values (R2.7), checked as the roster checks the same columns ---------------------------

NAME_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[· 〇])*[^\W\d_]|[^\W\d_]", re.UNICODE)
NUMBER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,29}")
RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
OTHER_ID_RE = re.compile(r"[A-Z0-9][A-Z0-9()\-]{2,39}")
DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def person_name(value: str) -> str:
    value = " ".join(value.replace("•", "·").replace("・", "·").split())
    if len(value) <= 60 and NAME_RE.fullmatch(value):
        return value
    raise Bad(_("姓名只能包含汉字、字母、间隔号“·”和空格（不超过60个字），实际为“%(value)s”") % {"value": value})


def student_number(value: str) -> str:
    value = value.strip()
    if NUMBER_RE.fullmatch(value):
        return value
    raise Bad(_("学号只能包含字母、数字、“-”和“_”（不超过30位），实际为“%(value)s”") % {"value": value})


def ethnicity(value: str) -> str:
    value = value.strip()
    for candidate in (value, value + "族"):
        if candidate in codes.ETHNICITIES:
            return candidate
    raise Bad(_("应为 GB 3304 中的民族名称（如“汉族”“回族”“维吾尔族”），实际为“%(value)s”") % {"value": value})


def birth_date(value: str, campaign_year: int) -> dt.date:
    m = DATE_RE.fullmatch(value.strip())
    try:
        date = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        date = None
    if date is None:
        raise Bad(_("应为存在的日期，如 1995-03-07，实际为“%(value)s”") % {"value": value})
    if not 1900 <= date.year <= campaign_year:
        raise Bad(_("出生日期 %(d)s 不合理；应在 1900 年至 %(y)d 年之间") % {"d": date.isoformat(), "y": campaign_year})
    return date


def id_number(value: str, id_type: str) -> str:
    value = "".join(value.split()).upper()
    if id_type == codes.IdType.RESIDENT:
        if RESIDENT_ID_RE.fullmatch(value):
            return value
        raise Bad(_("居民身份证号码应为18位：前17位为数字，末位为数字或X，实际为“%(v)s”") % {"v": value})
    if OTHER_ID_RE.fullmatch(value):
        return value
    raise Bad(_("%(t)s号码只能包含字母、数字、括号和“-”（3–40位），实际为“%(v)s”") % {"t": id_type, "v": value})


def choice(value: str, enum) -> str:
    value = value.strip()
    if value in enum.values:
        return value
    raise Bad(_("应为%(words)s，实际为“%(value)s”") % {"words": _("或").join(f"“{v}”" for v in enum.values), "value": value})


# --- evidence files -----------------------------------------------------------------------------------------

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10


def evidence_kind(data: bytes, filename: str, *, size: int | None = None) -> str:
    """"pdf", "jpeg" or "png", told by the content (the name's suffix is not trusted); Bad for anything else,
    too large, or an image that does not decode."""
    size = max(size or 0, len(data))
    if not size:
        raise Bad(_("证明材料“%(name)s”是空文件。") % {"name": filename})
    if size > MAX_EVIDENCE_BYTES:
        raise Bad(_("证明材料“%(name)s”有 %(mb).1f MB，超过 10 MB。请压缩或分成几个文件后上传。")
                  % {"name": filename, "mb": size / 1024 / 1024})
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise Bad(_("证明材料“%(name)s”不是完整的 PDF 文件（可能已损坏或未上传完整）。请重新导出 PDF 后上传。") % {"name": filename})
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    else:
        raise Bad(_("证明材料“%(name)s”不是 PDF、JPG 或 PNG 文件（按文件内容判断，与扩展名无关）。请上传扫描件（PDF）或照片（JPG、PNG）。")
                  % {"name": filename})
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind.upper():
                raise Bad("format")
            image.verify()
    except Exception:
        raise Bad(_("证明材料“%(name)s”看起来是图片，但无法打开（文件已损坏）。请重新拍照或扫描后上传。") % {"name": filename}) from None
    return kind
