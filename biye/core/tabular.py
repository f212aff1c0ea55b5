"""Tables in and out: every import reads through `read_table`, every spreadsheet export writes through `write_xlsx`.

Reading: .xlsx/.xls by python-calamine, .csv in UTF-8, UTF-8 with BOM or GB18030 (what Excel on Chinese Windows
writes). The kind of file is told by its content (core/uploads.kind), not only by its name: a photo renamed .xlsx is
refused with a message a person understands, never a traceback. Every read stays within the bounds of core/bounds.py:
a workbook is checked before the reader allocates anything for it, and rows and time are counted as they are read.

Writing: xlsxwriter, strings always written as strings, so a cell that starts with = + - @ can never become a
formula in the reader's Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import itertools
import tempfile
import unicodedata
from contextvars import ContextVar
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import dbf
import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from biye.core import bounds, cells, uploads
from biye.core.errors import ActionRefused

HEADER_SCAN_ROWS = 10  # how far below the top of a sheet the header row may sit (title rows, notes)
DELIMITERS = (",", "\t", ";")

Cell = Any  # str, float, int, bool, dt.date, dt.datetime, dt.timedelta; "" for an empty cell


class HeaderNotFound(ActionRefused):
    """No row near the top of any sheet holds the expected headers (the file itself could be read)."""


@dataclass
class Table:
    """A header row and the data rows after it, each with its Excel row number (the header is row 1 when the
    sheet starts at the top). `rows` is an iterator: read it once, it is not kept in memory."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Cell]]]


def clean_header(value: Cell) -> str:
    """Headers as people type them: spaces (also full-width), BOM and line breaks inside do not count, nor the
    asterisk or "（必填）" with which templates mark a required column."""
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "\ufeff\u200b")
    for mark in ("(必填)", "（必填）"):
        text = text.removesuffix(mark)
    return text.strip("*＊")


def read_table(data: bytes, filename: str, *, expect: Sequence[str] = (), enough: int = 3,
               named: Sequence[str] = ()) -> Table:
    """A workbook's sheet, or a CSV file, as a Table. Raises ActionRefused for a file that is empty, unreadable, or
    not a workbook or CSV file at all.

    Without `expect`, the first sheet's first non-empty row is the header. With `expect` (the headers the caller
    knows), the header is the first row among the first HEADER_SCAN_ROWS of a sheet that holds at least three of
    them (`enough`; all of them, if fewer are expected), on the first visible sheet that has one. `named` (default:
    `expect`) are the headers a "no header row" message gives as examples."""
    budget = bounds.Budget(filename)
    kind = uploads.kind(data, filename)
    if kind == uploads.TEXT:
        sheets = iter([_csv_rows(data, filename, budget)])
    elif kind == uploads.DBF:
        sheets = iter([_dbf_rows(data, filename)])
    else:
        sheets = _workbook_sheets(data, filename, budget)
    if not expect:
        return _with_header(next(sheets, iter(())), filename, budget)
    return _find_header(sheets, filename, tuple(expect), budget, enough=enough, named=tuple(named or expect))


def _counted(rows: Iterator[list[Cell]], budget: bounds.Budget) -> Iterator[tuple[int, list[Cell]]]:
    """Rows numbered as Excel numbers them, each counted against the bounds (rows, time)."""
    numbered = enumerate(rows, start=1)
    while True:
        batch = list(itertools.islice(numbered, 2048))
        if not batch:
            return
        budget.add(len(batch))
        yield from batch


def _with_header(rows: Iterator[list[Cell]], filename: str, budget: bounds.Budget) -> Table:
    numbered = _counted(rows, budget)
    for number, row in numbered:
        if any(_filled(c) for c in row):
            return Table(headers=_headers(row), header_row=number, rows=_data_rows(numbered))
    raise ActionRefused(_("文件“%(name)s”中没有任何内容。第1行应为表头（学号、姓名……）。") % {"name": filename})


def _headers(row: list[Cell]) -> list[str]:
    headers = [clean_header(c) for c in row]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _find_header(sheets: Iterator[Iterator[list[Cell]]], filename: str, expect: Sequence[str],
                 budget: bounds.Budget, *, enough: int = 3, named: Sequence[str] = ()) -> Table:
    known = frozenset(expect)
    enough = min(enough, len(known))
    anything = False
    for rows in sheets:
        budget.rows = 0  # each sheet is bounded by itself; only one is read
        numbered = _counted(rows, budget)
        for number, row in itertools.islice(numbered, HEADER_SCAN_ROWS):
            anything = anything or any(_filled(c) for c in row)
            headers = _headers(row)
            if len(known.intersection(headers)) >= enough:
                return Table(headers=headers, header_row=number, rows=_data_rows(numbered))
    if not anything:
        raise ActionRefused(_("文件“%(name)s”中没有任何内容。第1行应为表头（学号、姓名……）。") % {"name": filename})
    raise HeaderNotFound(
        _("在文件“%(name)s”各工作表的前 %(n)d 行中没有找到表头行。表头行应在一行中写出列名，如：%(headers)s。")
        % {"name": filename, "n": HEADER_SCAN_ROWS, "headers": "、".join(named or expect)}
    )


def _data_rows(numbered: Iterator[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
    for item in numbered:
        first = item[1][0] if item[1] else None
        # Usually the first cell (学号) decides; blank lines between or after the data are not rows.
        if (first.__class__ is str and first and not first.isspace()) or _has_content(item[1]):
            yield item


def _has_content(row: list[Cell]) -> bool:
    for cell in row:  # usually decided by the first cell
        if cell.__class__ is str:
            if cell and not cell.isspace():
                return True
        elif cell is not None:
            return True
    return False


def _filled(cell: Cell) -> bool:
    return not (cell is None or (isinstance(cell, str) and not cell.strip()))


def _workbook_sheets(data: bytes, filename: str, budget: bounds.Budget) -> Iterator[Iterator[list[Cell]]]:
    """The rows of each visible sheet, in the workbook's order; a sheet is read only when asked for."""
    kind = uploads.kind(data, filename)
    if kind == uploads.WORKBOOK:
        bounds.check_workbook(data, filename, budget)
    elif kind == uploads.OLD_WORKBOOK:
        bounds.check_old_workbook(data, filename, budget)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [i for i, m in enumerate(workbook.sheets_metadata) if m.visible == SheetVisibleEnum.Visible]
    except Exception:  # calamine raises CalamineError and several private types besides
        raise _unreadable(filename) from None
    if not visible:
        raise ActionRefused(_("工作簿“%(name)s”中没有可见的工作表。请取消隐藏学生名单所在的工作表后重新上传。") % {"name": filename})
    return (_sheet_rows(workbook, index, filename) for index in visible)


_unreadable = bounds.unreadable


def _sheet_rows(workbook: CalamineWorkbook, index: int, filename: str) -> Iterator[list[Cell]]:
    try:
        sheet = workbook.get_sheet_by_index(index)
        start_col = sheet.start[1] if sheet.start else 0
        rows = sheet.iter_rows()
    except Exception:
        raise _unreadable(filename) from None
    # calamine leaves out empty leading columns (but not rows); put them back so every header keeps its place.
    pad = [""] * start_col
    return (pad + row for row in rows) if start_col else iter(rows)


def _csv_rows(data: bytes, filename: str, budget: bounds.Budget) -> Iterator[list[Cell]]:
    text = decode_text(data, filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    del text
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # The csv module stops at a cell longer than its field_size_limit() (or at a broken quote).
            raise ActionRefused(
                _("文件“%(name)s”第 %(row)d 行附近有一个单元格超过 %(max)s 个字符的上限，或引号不成对；未导入任何数据。请检查该行后重新上传。")
                % {"name": filename, "row": reader.line_num, "max": f"{cells.MAX_CELL_CHARS:,}"}, field="file"
            ) from None
        for cell in row:
            if len(cell) > cells.MAX_CELL_CHARS:
                raise ActionRefused(
                    _("文件“%(name)s”第 %(row)d 行有一个单元格超过 %(max)s 个字符的上限；未导入任何数据。")
                    % {"name": filename, "row": reader.line_num, "max": f"{cells.MAX_CELL_CHARS:,}"}, field="file")
        yield row


def _dbf_rows(data: bytes, filename: str) -> Iterator[list[Cell]]:
    """A dBase table (学信网's 学籍数据 export) as rows: its field names, then one row per record (row 2 is the first
    record; a record marked deleted is a blank row, which is skipped). Character fields lose their padding; a table without a code page mark is
    read as GBK (cp936), which 学信网 and Chinese FoxPro write. Memo files are not read (a memo column is empty).
    The `dbf` package reads from a file: the bytes go to a temporary one, removed when the rows are read."""
    bounds.dbf_fields(data, filename)
    with tempfile.TemporaryDirectory(prefix="biye-dbf-") as directory:
        path = Path(directory) / "table.dbf"
        path.write_bytes(data)
        try:
            table = dbf.Table(str(path), ignore_memos=True, codepage=None if data[29] else "cp936")
            table.open(dbf.READ_ONLY)
        except Exception:  # the package raises DbfError, ValueError, struct.error ... on a broken table
            raise bounds.unreadable_dbf(filename) from None
        try:
            yield list(table.field_names)  # decoded in the table's code page: 证件类型 is a field name GBK can hold
            for number, record in enumerate(table, start=2):
                try:
                    if dbf.is_deleted(record):
                        yield [""]
                        continue
                    values = list(record)
                except UnicodeDecodeError:
                    raise ActionRefused(_("DBF 文件“%(name)s”第 %(row)d 行的文字不是 GBK 编码，无法读取；未导入任何数据。") % {
                        "name": filename, "row": number}, field="file") from None
                except Exception:
                    raise bounds.unreadable_dbf(filename) from None
                yield [_dbf_cell(v) for v in values]
        finally:
            table.close()


def _dbf_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime | dt.date | bool | int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return str(value).strip()


def _delimiter(text: str) -> str:
    """Comma, tab or semicolon (Excel in some locales): whichever the first lines use most; a comma on a tie."""
    head = "\n".join(text.split("\n", HEADER_SCAN_ROWS)[:HEADER_SCAN_ROWS])
    return max(DELIMITERS, key=head.count)


def decode_text(data: bytes, filename: str = "") -> str:
    """UTF-16 with its byte order mark; UTF-8 (with or without BOM), else GB18030 (a superset of GBK, which Excel on Chinese Windows writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith(uploads.UTF16_BOMS):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ActionRefused(
        _("无法识别文件“%(name)s”的文字编码。请用 Excel 另存为 .xlsx，或另存为“CSV UTF-8”后重新上传。") % {"name": filename}
    )


# --- writing ---------------------------------------------------------------------------------------------------

# Who exported a file and when ("导出：王老师 2020-06-10 09:00"), set by core/downloads.py while a file that leaves
# Biye is being written: every sheet written then carries it in its footer, whether or not its writer passes one.
EXPORT_FOOTER: ContextVar[str] = ContextVar("biye_export_footer", default="")


def footer_or_current(footer: str | None) -> str:
    return EXPORT_FOOTER.get() if footer is None else footer


def header_footer_text(text: str) -> str:
    """Text for an Excel header/footer: "&" is its control character, and the whole is limited to 255."""
    return text.replace("&", "&&")[:200]


def _display_width(value: Cell) -> int:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_xlsx(
    path_or_buffer: str | Path | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_name: str = "Sheet1",
    max_width: int = 60,
    footer: str | None = None,
) -> int:
    """One sheet: a bold header row, then the rows. Strings stay strings (never formulas, numbers or links);
    dates are written as dates; the columns are as wide as their content (up to `max_width`). `footer` (by
    default who is exporting it, see core/downloads.py) is printed at the foot of every page. Returns the number
    of rows written (the header not counted)."""
    target = str(path_or_buffer) if isinstance(path_or_buffer, Path) else path_or_buffer
    workbook = xlsxwriter.Workbook(
        target,
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True},
    )
    try:
        sheet = workbook.add_worksheet(sheet_name[:31])
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        widths = [_display_width(h) for h in headers]
        for col, header in enumerate(headers):
            sheet.write_string(0, col, str(header), bold)
        written = 0
        for r, row in enumerate(rows, start=1):
            written = r
            for col, value in enumerate(row):
                if col >= len(widths):
                    widths.append(0)
                widths[col] = max(widths[col], _display_width(value))
                _write_cell(sheet, r, col, value, date_format, datetime_format)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width + 2, 6), max_width))
        sheet.freeze_panes(1, 0)
        if text := footer_or_current(footer):
            sheet.set_footer("&L" + header_footer_text(text))
            workbook.set_properties({"comments": text})
    finally:
        workbook.close()
    return written


def _write_cell(sheet, r: int, col: int, value: Cell, date_format, datetime_format) -> None:
    if value is None or value == "":
        sheet.write_blank(r, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(r, col, value)
    elif isinstance(value, int | float | decimal.Decimal):
        sheet.write_number(r, col, float(value))
    elif isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        sheet.write_datetime(r, col, local.replace(tzinfo=None), datetime_format)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, col, value, date_format)
    else:
        sheet.write_string(r, col, str(value))
