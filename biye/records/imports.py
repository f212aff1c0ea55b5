"""Files the records section reads: the 附件5 table of English discipline names (R2.4) and evidence files (PDF,
JPG, PNG: the type told by the content, R2.7). The cells of 附件5 go through core.cells, its problems are
core.imports RowErrors; a correction's new values are checked by core.cells' rules for the same fields (see
actions.clean_value), the rules the roster import uses.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from biye.core import cells
from biye.core.cells import Bad
from biye.core.imports import Parsed, RowError
from biye.core.tabular import Table

# --- 附件5: 专业代码, 专业名称, 英文名称 -------------------------------------------------------------------------

TABLE_HEADERS = ("专业代码", "专业名称", "英文名称")
# An English name: letters, digits, spaces and the punctuation names use (Chinese characters are refused: they
# are a pasted 专业名称 in the wrong column).
ENGLISH_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:'’&()\-/]{0,199}")


@dataclass
class TableRow:
    row: int
    code: str
    name_zh: str
    name_en: str


def _words(cell: Any) -> str:
    """A name cell: core.cells.text with runs of spaces inside made one."""
    return " ".join(cells.text(cell).split())


discipline_code = cells.discipline_code


def chinese_name(cell: Any) -> str:
    value = _words(cell)
    if not value:
        raise Bad(_("不能为空"))
    if len(value) > 100 or value[0] in "=+-@":
        raise Bad(_("专业名称不能以 = + - @ 开头且不超过100个字，实际为“%(value)s”") % {"value": cells.shown(value)})
    return value


def english_name(cell: Any) -> str:
    value = _words(cell)
    if not value:
        raise Bad(_("不能为空：每个专业都要有英文名称（英文版证书上印的就是它）"))
    if not ENGLISH_NAME_RE.fullmatch(value):
        raise Bad(_("英文名称应以英文字母开头，只含英文字母、数字、空格和 , . ; : ' & ( ) - /（不超过200个字符），实际为“%(value)s”")
                  % {"value": cells.shown(value)})
    return value


def parse_table(table: Table) -> Parsed:
    """Every row and column of a 附件5 file checked; rows (TableRows) come back only when there is not one
    error."""
    result = Parsed()
    index = {h: i for i, h in enumerate(table.headers) if h in TABLE_HEADERS}
    for header in TABLE_HEADERS:
        if header not in index:
            result.errors.append(RowError(table.header_row, header, "", _("缺少必需的列「%(h)s」：表头行应有 专业代码、专业名称、英文名称 三列") % {"h": header}))
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for number, row_cells in table.rows:
        row_cells = [*row_cells, *[""] * (len(table.headers) - len(row_cells))]
        values = {}
        for header, parse in (("专业代码", discipline_code), ("专业名称", chinese_name), ("英文名称", english_name)):
            cell = row_cells[index[header]]
            try:
                values[header] = parse(cell)
            except Bad as bad:
                result.errors.append(RowError(number, header, cells.shown(cell), str(bad)))
        code = values.get("专业代码")
        if code:
            first = seen.setdefault(code, number)
            if first != number:
                result.errors.append(RowError(number, "专业代码", code, _("专业代码 %(c)s 与第%(first)d行重复；每个专业只能有一行") % {"c": code, "first": first}))
        if len(values) == 3:
            result.rows.append(TableRow(number, values["专业代码"], values["专业名称"], values["英文名称"]))
    if not result.rows and not result.errors:
        result.errors.append(RowError(table.header_row + 1, "", "", _("文件中只有表头，没有专业；专业应从表头下一行开始")))
    if result.errors:
        result.rows = []
    return result


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
