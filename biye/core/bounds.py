"""Reading an uploaded table within fixed bounds, whatever the file claims (settings.BIYE_IMPORT_*).

A workbook is a zip of XML parts, and the reader (python-calamine) builds a whole sheet in memory, as wide and as
long as its farthest cell: a 1.6 KB file with one cell at XFD1048576 asks for hundreds of gigabytes. So before
the reader sees a workbook, `check_workbook` walks its zip without trusting the sizes it declares:
- how many parts, and how many bytes they really inflate to (in total, and compared with their packed size);
- each sheet's extent, from the cell references themselves (the <dimension> a sheet declares is not used).
The usual sheet (every cell written <c r="A1" ...>, as Excel, WPS, LibreOffice and every library write it, in at
most 26 columns) is checked by one quick pattern over the inflated text; any other form is walked tag by tag.

An .xls (Excel 97-2003) is no zip: `check_old_workbook` opens its compound file (olefile) and reads the row and
column of every cell record, and the extent each sheet declares, before the reader makes room for them.

`Budget` then bounds what is read: the rows, and the time the whole check takes.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import time
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from biye.core.errors import ActionRefused

MAX_PARTS = 1000
MAX_RATIO = 100  # inflated / packed size of one part; spreadsheets pack 5-30 times
RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles, themes) may pack better; they cannot do harm
HEADER_ROWS = 10  # title rows above the header, with the header: cf. tabular.HEADER_SCAN_ROWS
CHUNK = 4 * 1024 * 1024
_EOCD = b"PK\x05\x06"


def _int(value: int) -> str:
    return f"{value:,}"


class Budget:
    """The time and the rows one read of one file may take; `add` counts rows as they are read."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.seconds = settings.BIYE_IMPORT_MAX_SECONDS
        self.deadline = time.monotonic() + self.seconds
        self.max_rows = settings.BIYE_IMPORT_MAX_ROWS + HEADER_ROWS
        self.rows = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise ActionRefused(_("文件“%(name)s”的检查超过了 %(s)d 秒的时限，已停止，未写入任何数据。请分成几个较小的文件上传。")
                                % {"name": self.file_name, "s": self.seconds}, field="file")

    def add(self, rows: int) -> None:
        self.rows += rows
        if self.rows > self.max_rows:
            raise too_many_rows(self.file_name)
        self.check_time()


def too_many_rows(file_name: str) -> ActionRefused:
    return ActionRefused(_("文件“%(name)s”超过了 %(n)s 行的上限，未导入任何数据。请分成几个文件上传。")
                         % {"name": file_name, "n": _int(settings.BIYE_IMPORT_MAX_ROWS)}, field="file")


def _too_big(file_name: str) -> ActionRefused:
    return ActionRefused(
        _("文件“%(name)s”解压后超过 %(limit)s 的上限（或压缩比异常，解压后超过压缩前的 %(ratio)d 倍），未导入任何数据。请检查文件，只保留需要导入的工作表和数据。")
        % {"name": file_name, "limit": filesizeformat(settings.BIYE_IMPORT_MAX_UNZIPPED_BYTES), "ratio": MAX_RATIO},
        field="file")


def _too_wide(file_name: str, rows: int, columns: int) -> ActionRefused:
    return ActionRefused(
        _("文件“%(name)s”的工作表范围过大（%(rows)s 行 × %(cols)s 列，上限为 %(max_rows)s 行、共 %(cells)s 个单元格），未导入任何数据。多半是远处的单元格里有内容或格式：请删除数据区域以外的行和列后重新保存。")
        % {"name": file_name, "rows": _int(rows), "cols": _int(columns),
           "max_rows": _int(settings.BIYE_IMPORT_MAX_ROWS), "cells": _int(settings.BIYE_IMPORT_MAX_CELLS)},
        field="file")


def unreadable(file_name: str) -> ActionRefused:
    return ActionRefused(
        _("无法读取 Excel 文件“%(name)s”：文件已损坏、加密，或不是 Excel 工作簿。请取消密码保护，用 Excel 另存为 .xlsx 后重新上传。")
        % {"name": file_name}, field="file")


def _parts_declared(data: bytes) -> int | None:
    """How many parts the zip's end record declares, read before the directory is parsed (None: no end record)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


def _upto(n: int) -> str:
    """A pattern for the whole numbers 1..n written without leading zeros."""
    s = str(n)
    parts = [f"[1-9][0-9]{{0,{len(s) - 2}}}"] if len(s) > 1 else []
    for i, ch in enumerate(s):
        low = 1 if i == 0 else 0
        if int(ch) > low:
            parts.append(f"{s[:i]}[{low}-{int(ch) - 1}][0-9]{{{len(s) - i - 1}}}")
    parts.append(s)
    return "(?:" + "|".join(parts) + ")"


def _fast_rows() -> int:
    return min(settings.BIYE_IMPORT_MAX_ROWS + HEADER_ROWS, settings.BIYE_IMPORT_MAX_CELLS // 26)


_FAST_CACHE: dict[int, re.Pattern] = {}


def _outside_fast(rows: int) -> re.Pattern:
    """Any cell element that is not <c r="X123"> with one column letter and a row up to `rows`."""
    if rows not in _FAST_CACHE:
        _FAST_CACHE[rows] = re.compile(rb'<c(?! r="[A-Z]' + _upto(rows).encode() + rb'")(?=[\s/>])')
    return _FAST_CACHE[rows]


_PREFIXED_CELL = re.compile(rb":(?:c|row)[\s/>]")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])([^<>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"([A-Za-z]{0,3})([0-9]{0,7})")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class _Extent:
    """The farthest row and column a sheet's cells reach, walked tag by tag as the reader places them: a cell
    with a reference where it says, one without next to the one before, a row without one below the last."""

    def __init__(self) -> None:
        self.row = self.col = self.max_row = self.max_col = 0

    def feed(self, text: bytes) -> None:
        for m in _TAG.finditer(text):
            r = _R_ATTR.search(m.group(2))
            if m.group(1) == b"row":
                self.row = int(r.group(1)) if r and r.group(1).isdigit() else self.row + 1
                self.col = 0
                self.max_row = max(self.max_row, self.row)
                continue
            if r is None:
                self.col += 1
            else:
                ref = _REF.fullmatch(r.group(1).strip())
                if ref is None or not ref.group(1):  # a reference no reader can place: treat it as far away
                    self.col, self.max_row = 16384, 1048576
                    continue
                self.col = _column_number(ref.group(1))
                if ref.group(2):
                    self.max_row = max(self.max_row, int(ref.group(2)))
            self.max_col = max(self.max_col, self.col)
            self.max_row = max(self.max_row, self.row)


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, allowance: int, file_name: str):
    """The part's inflated bytes in chunks, however large its header says it is; refused past `allowance`."""
    honest = copy.copy(info)
    honest.file_size = allowance + 1  # read what is really there, up to one byte past the allowance
    got = 0
    try:
        with archive.open(honest) as part:
            while True:
                chunk = part.read(CHUNK)
                if not chunk:
                    return
                got += len(chunk)
                if got > allowance:
                    raise _too_big(file_name)
                if got > RATIO_FROM_BYTES and got > MAX_RATIO * max(info.compress_size, 1):
                    raise _too_big(file_name)
                budget.check_time()
                yield chunk
    except zipfile.BadZipFile:
        if got + CHUNK > allowance:  # the part ran past its allowance before its checksum could be compared
            raise _too_big(file_name) from None
        raise unreadable(file_name) from None
    except (NotImplementedError, RuntimeError, OSError, EOFError, ValueError):  # unknown packing, encrypted
        raise unreadable(file_name) from None


def _whole_tags(chunks, file_name: str):
    """(buffer, cut) pairs: the text up to `cut` holds only whole tags (no tag holds a "<"); the rest is carried
    into the next buffer. The last pair holds what is left."""
    tail = b""
    for chunk in chunks:
        buffer = tail + chunk
        cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        elif len(buffer) - cut > 65536:
            if buffer.find(b">", cut) < 0:
                raise unreadable(file_name)  # a tag 64 KB long is no spreadsheet's
            cut = len(buffer)
        yield buffer, cut
        tail = buffer[cut:]
    yield tail, len(tail)


_CANONICAL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def _usual_sheet(chunks, file_name: str) -> bool:
    """True when every cell is written <c r="X123"> with one column letter and a row within the bounds. A cell
    written that way whose row is past the bound refuses the file at once: the sheet reaches at least there."""
    outside = _outside_fast(_fast_rows())
    for buffer, cut in _whole_tags(chunks, file_name):
        found = outside.search(buffer, 0, cut)
        if found:
            far = _CANONICAL.match(buffer, found.start())
            if far and int(far.group(2)) > settings.BIYE_IMPORT_MAX_ROWS + HEADER_ROWS:
                raise _too_wide(file_name, int(far.group(2)), _column_number(far.group(1)))
            return False
        if _PREFIXED_CELL.search(buffer, 0, cut) or b"<![CDATA[" in buffer or b"<!--" in buffer:
            return False
    return True


def _check_sheet_exactly(chunks, file_name: str) -> None:
    exact = _Extent()
    for buffer, cut in _whole_tags(chunks, file_name):
        if b"<![CDATA[" in buffer or b"<!--" in buffer:
            raise unreadable(file_name)  # no spreadsheet program writes these in a sheet, and they hide tags
        exact.feed(buffer[:cut])
        _require_extent(exact.max_row, exact.max_col, file_name)


def _require_extent(rows: int, columns: int, file_name: str) -> None:
    if rows > settings.BIYE_IMPORT_MAX_ROWS + HEADER_ROWS or rows * columns > settings.BIYE_IMPORT_MAX_CELLS:
        raise _too_wide(file_name, rows, columns)


def check_workbook(data: bytes, file_name: str, budget: Budget) -> None:
    """Refuse a zip workbook whose parts or sheets are past the bounds, before any reader allocates for it."""
    declared = _parts_declared(data)
    if declared is None:
        raise unreadable(file_name)
    if declared >= MAX_PARTS:
        raise ActionRefused(_("文件“%(name)s”包含的部件过多（上限 %(n)d 个），不是普通的 Excel 工作簿。") % {
            "name": file_name, "n": MAX_PARTS}, field="file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable(file_name) from None
    limit = settings.BIYE_IMPORT_MAX_UNZIPPED_BYTES
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > limit:
        raise _too_big(file_name)
    if any(i.file_size > RATIO_FROM_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        raise _too_big(file_name)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if names & {"xl/workbook.bin", "content.xml"}:  # .xlsb, .ods: their sheets cannot be measured here
            raise ActionRefused(
                _("文件“%(name)s”是 .xlsb 或 .ods 工作簿，系统只读取 .xlsx、.xls 和 .csv。请用 Excel 另存为 .xlsx 后重新上传。")
                % {"name": file_name}, field="file")
        raise ActionRefused(
            _("文件“%(name)s”是一个 zip 压缩包，不是 Excel 工作簿。请解压后上传其中的 .xlsx 文件，或用 Excel 另存为 .xlsx 后上传。")
            % {"name": file_name}, field="file")
    used = 0
    for info in infos:
        if info.is_dir():
            continue
        chunks = _counting(_stream(archive, info, budget, limit - used, file_name))
        if info.filename == "xl/sharedStrings.xml":
            _check_shared_strings(chunks, file_name)
        elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            if not _usual_sheet(chunks, file_name):  # walked again from the start, tag by tag (and counted)
                chunks = _counting(_stream(archive, info, budget, limit - used, file_name))
                _check_sheet_exactly(chunks, file_name)
        for _chunk in chunks:  # a part that is not a sheet is only counted
            pass
        used += chunks.total


# --- .xls (BIFF5/8 in an OLE2 compound file) ------------------------------------------------------------------

# Records that hold one cell, its row and column first (FORMULA, LABELSST, BLANK, NUMBER, LABEL, BOOLERR, RK,
# RSTRING), and runs of cells in one row: row, first column ... last column in the record's last two bytes
# (MULRK, MULBLANK). DIMENSIONS declares a sheet's extent, which a reader may make room for; BOF opens a sheet.
_BIFF_CELL = frozenset({0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6})
_BIFF_RUN = frozenset({0x00BD, 0x00BE})
_BIFF_DIMENSIONS = 0x0200
_BIFF_BOF = frozenset({0x0809, 0x0409, 0x0209, 0x0009})


def check_old_workbook(data: bytes, file_name: str, budget: Budget) -> None:
    """Refuse an .xls whose sheets reach past the bounds, before the reader allocates for them: it makes room for
    every cell between the first and the farthest, so a 6 KB file with cells at A1 and IV65536 costs it half a
    gigabyte (and a gigabyte more as Python rows). Every cell record of every sheet is read for its row and column,
    and the extent a sheet declares (DIMENSIONS) counts too."""
    import olefile  # only .xls needs it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)  # BIFF8, BIFF5
            if stream is None:
                raise unreadable(file_name)
            biff = ole.openstream(stream).read()
    except ActionRefused:
        raise
    except Exception:  # olefile raises OSError, ValueError and its own types on a damaged file
        raise unreadable(file_name) from None
    rows = columns = 0  # the current sheet's extent: its farthest row and column, counted from 1
    at, end, records = 0, len(biff), 0
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", biff, at)
        body, at = at + 4, at + 4 + length
        if at > end:
            break  # a record cut short: the reader refuses the file itself
        if kind in _BIFF_CELL and length >= 4:
            row, column = struct.unpack_from("<HH", biff, body)
        elif kind in _BIFF_RUN and length >= 6:
            row, _first = struct.unpack_from("<HH", biff, body)
            (column,) = struct.unpack_from("<H", biff, at - 2)
        elif kind == _BIFF_DIMENSIONS and length >= 10:
            if length >= 14:  # BIFF8: first row, last row + 1 (32 bits each), first column, last column + 1
                _r0, row, _c0, column = struct.unpack_from("<IIHH", biff, body)
            else:  # BIFF5: the same in 16 bits
                _r0, row, _c0, column = struct.unpack_from("<HHHH", biff, body)
            row, column = max(row - 1, 0), max(column - 1, 0)
        elif kind in _BIFF_BOF:
            rows = columns = 0
            continue
        else:
            continue
        rows, columns = max(rows, row + 1), max(columns, column + 1)
        _require_extent(rows, columns, file_name)
        records += 1
        if records % 65536 == 0:
            budget.check_time()


def _check_shared_strings(chunks, file_name: str) -> None:
    """The reader keeps every shared string in memory, each with its own allocation: millions of tiny ones cost
    far more than their bytes. A sheet cannot use more distinct strings than a quarter of its cell bound."""
    limit = settings.BIYE_IMPORT_MAX_CELLS // 4
    count, tail = 0, b""
    for chunk in chunks:
        buffer = tail + chunk  # a "<si" cut in two is counted once: the 2 bytes kept cannot hold a whole one
        count += buffer.count(b"<si") + buffer.count(b":si")
        tail = buffer[-2:]
        if count > limit:
            raise ActionRefused(
                _("文件“%(name)s”包含的不同文字超过 %(n)s 条的上限，未导入任何数据。请只保留需要导入的工作表和数据。")
                % {"name": file_name, "n": _int(limit)}, field="file")


class _counting:
    """Passes chunks through (once) and counts their bytes."""

    def __init__(self, chunks) -> None:
        self.chunks, self.total = iter(chunks), 0

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        chunk = next(self.chunks)
        self.total += len(chunk)
        return chunk


# --- dBase tables (学信网's .dbf exports) ---------------------------------------------------------------------

DBF_MAX_FIELDS = 255  # dBase's own limit; a header claiming more is not a table to read
DBF_FIELD_BYTES = 254  # a character field's width in dBase and FoxPro


def dbf_fields(data: bytes, file_name: str) -> list[tuple[str, str, int]]:
    """The field descriptors of a dBase table (name, type letter, width), checked against the bounds before the
    reader opens it: records (BIYE_IMPORT_MAX_ROWS), records × fields (BIYE_IMPORT_MAX_CELLS), fields and their
    widths; the header itself (uploads.looks_like_dbf) has said the file holds the records it declares."""
    records, header_length, _record_length = struct.unpack_from("<IHH", data, 4)
    fields = []
    for start in range(32, header_length - 31, 32):
        if data[start] == 0x0D:
            break
        raw = data[start:start + 32]
        name = raw[:11].split(b"\x00", 1)[0].decode("gb18030", "replace").strip()
        kind = chr(raw[11])
        width = raw[16] if kind not in "C" else raw[16] + 256 * raw[17]  # FoxPro: wide character fields
        fields.append((name, kind, width))
    if not fields or len(fields) > DBF_MAX_FIELDS:
        raise unreadable_dbf(file_name)
    if records > settings.BIYE_IMPORT_MAX_ROWS:
        raise too_many_rows(file_name)
    if records * len(fields) > settings.BIYE_IMPORT_MAX_CELLS:
        raise _too_wide(file_name, records, len(fields))
    for name, _kind, width in fields:
        if width > DBF_FIELD_BYTES:
            raise ActionRefused(_("文件“%(name)s”的字段 %(field)s 宽 %(w)d 字节，超过 %(max)d 字节的上限，未导入任何数据。")
                                % {"name": file_name, "field": name, "w": width, "max": DBF_FIELD_BYTES}, field="file")
    return fields


def unreadable_dbf(file_name: str) -> ActionRefused:
    return ActionRefused(
        _("无法读取 DBF 文件“%(name)s”：文件已损坏，或不是 dBase 表。请重新从学信网导出，或用 Excel 另存为 .xlsx 后上传。")
        % {"name": file_name}, field="file")
