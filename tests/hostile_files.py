"""Hostile upload files, built byte by byte: the tests (tests/core/test_hostile_uploads.py) and the benchmark
(bench/hostile_uploads.py) send them to the roster and vendor uploads. No file here is stored in the repository:
each is made small (a zip of a few KB or MB) on the spot."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Sequence

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"


def _column(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(headers: Sequence[str]) -> str:
    return '<row r="1">' + "".join(_inline(f"{_column(i + 1)}1", h) for i, h in enumerate(headers)) + "</row>"


def workbook(sheet_rows: Iterable[str] | str, *, shared: Iterable[str] | str = "", level: int = 9) -> bytes:
    """An .xlsx whose first sheet holds `sheet_rows` (XML of <row> elements) and whose shared strings are
    `shared` (XML, in pieces), both streamed into the zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=False) as part:
            pieces = [shared] if isinstance(shared, str) else shared
            wrote = False
            for piece in pieces:
                part.write(piece.encode())
                wrote = wrote or bool(piece)
            if not wrote:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst '
                           b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            for part in [sheet_rows] if isinstance(sheet_rows, str) else sheet_rows:
                sheet.write(part.encode())
            sheet.write(_SHEET_TAIL.encode())
    return out.getvalue()


def sparse_extent(headers: Sequence[str]) -> bytes:
    """The header, then one cell at XFD1048576: the reader would build a sheet of 17 billion cells."""
    return workbook(header_row(headers) + '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>")


def sparse_extent_positional(headers: Sequence[str]) -> bytes:
    """The same far cell reached without any reference saying so: rows and cells placed by their order."""
    empty_rows = "<row/>" * 300_000
    return workbook([header_row(headers), empty_rows, "<row>" + "<c/>" * 200 + "<c><v>1</v></c></row>"], level=0)


def shared_string_bomb(headers: Sequence[str], size: int) -> bytes:
    """One shared string of `size` characters, used as a data cell: a zip of about size / 1000 bytes."""
    def shared():
        yield ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'count="1" uniqueCount="1"><si><t>')
        block = "A" * (1 << 20)
        for _ in range(size >> 20):
            yield block
        yield "A" * (size & ((1 << 20) - 1))
        yield "</t></si></sst>"

    data_row = '<row r="2">' + "".join(f'<c r="{_column(i + 1)}2" t="s"><v>0</v></c>' for i in range(len(headers))) + "</row>"
    return workbook(header_row(headers) + data_row, shared=shared())


def many_shared_strings(headers: Sequence[str], count: int) -> bytes:
    """`count` distinct short shared strings (a reader keeps each one in its own allocation)."""
    def shared():
        yield ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               f'count="{count}" uniqueCount="{count}">')
        for start in range(0, count, 10_000):
            yield "".join(f"<si><t>{n:x}</t></si>" for n in range(start, min(start + 10_000, count)))
        yield "</sst>"

    return workbook(header_row(headers), shared=shared())


def row_flood(headers: Sequence[str], values: Sequence[str], rows: int) -> bytes:
    """The same data row `rows` times (each a row error, or all valid and far past the row bound)."""
    cells = "".join(f'<c r="{_column(i + 1)}{{n}}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))

    def chunks():
        yield header_row(headers)
        batch = []
        for n in range(2, rows + 2):
            batch.append(f'<row r="{n}">' + cells.replace("{n}", str(n)) + "</row>")
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    return workbook(chunks())


def long_cell_csv(headers: Sequence[str], values: Sequence[str], length: int) -> bytes:
    """A CSV file whose second column holds `length` characters."""
    row = list(values)
    row[1] = "长" * length
    return (",".join(headers) + "\r\n" + ",".join(row) + "\r\n").encode("utf-8")


def decompression_bomb(headers: Sequence[str], size: int, *, lie: bool = False) -> bytes:
    """A workbook with a part of `size` zero bytes (a zip of about size / 1000 bytes). With `lie`, the zip's
    directory claims the part is 1 KB: only reading it tells its real size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WORKBOOK),
                           ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)):
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", _SHEET_HEAD + header_row(headers) + _SHEET_TAIL)
        with z.open("xl/styles.xml", "w", force_zip64=False) as part:
            block = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                part.write(block)
    data = out.getvalue()
    return _claim_small(data, "xl/styles.xml") if lie else data


def _claim_small(data: bytes, name: str) -> bytes:
    """Rewrite the uncompressed size of `name` in the zip's local header and central directory to 1024."""
    buffer = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (at := buffer.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", buffer, at + name_len_at)[0]
            if bytes(buffer[at + name_at:at + name_at + length]) == encoded:
                struct.pack_into("<I", buffer, at + size_at, 1024)
            start = at + 4
    return bytes(buffer)


# --- .xls: BIFF8 records in an OLE2 compound file ---------------------------------------------------------------

def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _label(row: int, column: int, text: str) -> bytes:
    """A LABEL cell: row, column, format 0, then the text as BIFF8 writes it (length, flags 1 = UTF-16)."""
    return _record(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 1) + text.encode("utf-16-le"))


def old_workbook(cells: Iterable[tuple[int, int, str]], *, dimensions: tuple[int, int] | None = None) -> bytes:
    """An .xls (BIFF8) with one sheet holding `cells` (row, column, text; counted from 0). With `dimensions`
    (rows, columns) the sheet declares that extent instead of the one its cells reach."""
    cells = list(cells)
    rows = dimensions[0] if dimensions else max(r for r, _c, _t in cells) + 1
    columns = dimensions[1] if dimensions else max(c for _r, c, _t in cells) + 1
    bof = lambda kind: _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0600))  # noqa: E731
    eof = _record(0x000A, b"")
    name = "Sheet1"
    sheet = (bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0))
             + b"".join(_label(r, c, t) for r, c, t in cells) + eof)
    # Globals: BOF, CODEPAGE (UTF-16), the sheet's BOUNDSHEET (where its BOF starts), EOF. A filler record makes
    # the stream at least 4096 bytes, so the compound file keeps it in ordinary sectors (no mini stream).
    boundsheet_len = 4 + 8 + len(name)
    filler = _record(0x00E2, b"")  # INTERFACEEND, which readers skip
    head = bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + filler * 1100
    offset = len(head) + boundsheet_len + 4
    globals_ = head + _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name.encode("latin-1")) + eof
    return _compound_file({"Workbook": globals_ + sheet})


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file of 512-byte sectors: sector 0 the FAT, sector 1 the directory, then each stream
    (each at least 4096 bytes long)."""
    sector, end, free, fat_sector = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    chains, body, next_sector = [], b"", 2
    for data in streams.values():
        assert len(data) >= 4096
        count = -(-len(data) // sector)
        chains.append((next_sector, count, len(data)))
        body += data.ljust(count * sector, b"\0")
        next_sector += count
    assert next_sector <= sector // 4
    fat = [fat_sector, end]
    for start, count, _size in chains:
        fat += [*range(start + 1, start + count), end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, free, free, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IIi", start, size, 0))

    directory = entry("Root Entry", 5, end, 0, child=1)
    for (name, _data), (start, _count, size) in zip(streams.items(), chains):
        directory += entry(name, 2, start, size)
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body
